// Each Block Kit limit: accepted at the limit, rejected at limit+1 (pure validator, then via WebClient).
import type { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack, validateBlocks, validateView } from './index.ts';
import { errorOf, webClient } from './test-helpers.ts';

const pt = (text: string) => ({ type: 'plain_text', text });
const x = (n: number) => 'x'.repeat(n);
const section = (text = 's', extra = {}) => ({ type: 'section', text: { type: 'mrkdwn', text }, ...extra });
const sections = (n: number) => Array.from({ length: n }, (_, i) => section(`s${i}`));
const button = (o: Record<string, unknown> = {}) => ({ type: 'button', text: pt('Go'), action_id: 'go', ...o });
const buttons = (n: number) => [{ type: 'actions', elements: Array.from({ length: n }, (_, i) => button({ action_id: `b${i}` })) }];
const option = (text = 'o', value = 'v') => ({ text: pt(text), value });
const select = (options: unknown[]) => [section('pick', { accessory: { type: 'static_select', action_id: 'sel', placeholder: pt('Pick'), options } })];
const initial = (chosen: unknown) => [section('pick', { accessory: { type: 'static_select', action_id: 'sel', options: opts(2), initial_option: chosen } })];
const opts = (n: number) => Array.from({ length: n }, (_, i) => option(`o${i}`, `v${i}`));
const input = (o: Record<string, unknown> = {}, el: Record<string, unknown> = {}) => ({
  type: 'input', block_id: 'desc', label: pt('What happened?'), element: { type: 'plain_text_input', action_id: 'v', ...el }, ...o,
});
const modal = (o: Record<string, unknown> = {}) => ({ type: 'modal', title: pt('Raise incident'), submit: pt('Raise'), blocks: [input()], ...o });

// [what, accepted, rejected]
const MESSAGE_CASES: [string, unknown[], unknown[]][] = [
  ['50 blocks', sections(50), sections(51)],
  ['section text 3000', [section(x(3000))], [section(x(3001))]],
  ['section fields 10', [{ type: 'section', fields: Array(10).fill(pt('f')) }], [{ type: 'section', fields: Array(11).fill(pt('f')) }]],
  ['field text 2000', [{ type: 'section', fields: [pt(x(2000))] }], [{ type: 'section', fields: [pt(x(2001))] }]],
  ['header 150', [{ type: 'header', text: pt(x(150)) }], [{ type: 'header', text: pt(x(151)) }]],
  ['header plain_text only', [{ type: 'header', text: pt('h') }], [{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }]],
  ['context 10 elements', [{ type: 'context', elements: Array(10).fill(pt('c')) }], [{ type: 'context', elements: Array(11).fill(pt('c')) }]],
  ['actions 25 elements', buttons(25), buttons(26)],
  ['button text 75', [{ type: 'actions', elements: [button({ text: pt(x(75)) })] }], [{ type: 'actions', elements: [button({ text: pt(x(76)) })] }]],
  ['button value 2000', [{ type: 'actions', elements: [button({ value: x(2000) })] }], [{ type: 'actions', elements: [button({ value: x(2001) })] }]],
  ['button url 3000', [{ type: 'actions', elements: [button({ url: x(3000) })] }], [{ type: 'actions', elements: [button({ url: x(3001) })] }]],
  ['action_id 255', [{ type: 'actions', elements: [button({ action_id: x(255) })] }], [{ type: 'actions', elements: [button({ action_id: x(256) })] }]],
  ['block_id 255', [section('s', { block_id: x(255) })], [section('s', { block_id: x(256) })]],
  ['unique block_id', [section('a', { block_id: 'a' }), section('b', { block_id: 'b' })], [section('a', { block_id: 'a' }), section('b', { block_id: 'a' })]],
  ['unique action_id', buttons(2), [{ type: 'actions', elements: [button(), button()] }]],
  ['100 options', select(opts(100)), select(opts(101))],
  ['option text 75', select([option(x(75))]), select([option(x(76))])],
  ['option value 150', select([option('o', x(150))]), select([option('o', x(151))])],
  ['initial_option among options', initial(option('o1', 'v1')), initial(option('o9', 'v9'))],
  ['known block types', [{ type: 'divider' }], [{ type: 'carousel' }]],
  ['non-empty text', [section('s')], [section('')]],
  ['text object type', [section('s')], [{ type: 'section', text: { type: 'html', text: 's' } }]],
];

const MODAL_CASES: [string, unknown, unknown][] = [
  ['100 blocks', modal({ blocks: sections(100), submit: undefined }), modal({ blocks: sections(101) })],
  ['title 24', modal({ title: pt(x(24)) }), modal({ title: pt(x(25)) })],
  ['title plain_text', modal(), modal({ title: { type: 'mrkdwn', text: 't' } })],
  ['title required', modal(), modal({ title: undefined })],
  ['submit 24', modal({ submit: pt(x(24)) }), modal({ submit: pt(x(25)) })],
  ['close 24', modal({ close: pt(x(24)) }), modal({ close: pt(x(25)) })],
  ['submit required with inputs', modal({ blocks: [section()], submit: undefined }), modal({ submit: undefined })],
  ['callback_id 255', modal({ callback_id: x(255) }), modal({ callback_id: x(256) })],
  ['private_metadata 3000', modal({ private_metadata: x(3000) }), modal({ private_metadata: x(3001) })],
  ['input label 2000', modal({ blocks: [input({ label: pt(x(2000)) })] }), modal({ blocks: [input({ label: pt(x(2001)) })] })],
  ['input hint 2000', modal({ blocks: [input({ hint: pt(x(2000)) })] }), modal({ blocks: [input({ hint: pt(x(2001)) })] })],
  ['max_length 3000', modal({ blocks: [input({}, { max_length: 3000 })] }), modal({ blocks: [input({}, { max_length: 3001 })] })],
  ['max_length >= 1', modal({ blocks: [input({}, { max_length: 1 })] }), modal({ blocks: [input({}, { max_length: 0 })] })],
  ['placeholder 150', modal({ blocks: [input({}, { placeholder: pt(x(150)) })] }), modal({ blocks: [input({}, { placeholder: pt(x(151)) })] })],
  ['type modal', modal(), modal({ type: 'page' })],
];

describe('validateBlocks / validateView', () => {
  it.each(MESSAGE_CASES)('message: %s', (_what, ok, bad) => {
    expect(validateBlocks(ok, 'message')).toEqual([]);
    expect(validateBlocks(bad, 'message')[0]).toMatch(/^\[ERROR\] .+ \[json-pointer:\/blocks.*\]$/);
  });
  it.each(MODAL_CASES)('modal: %s', (_what, ok, bad) => {
    expect(validateView(ok)).toEqual([]);
    expect(validateView(bad)[0]).toMatch(/\[json-pointer:\/view/);
  });
  it('allows 100 blocks in a modal but 50 in a message', () => {
    expect(validateBlocks(sections(100), 'modal')).toEqual([]);
    expect(validateBlocks(sections(100), 'message')).toEqual(['[ERROR] no more than 50 items allowed [json-pointer:/blocks]']);
  });
});

describe('limits through the Web API', () => {
  let fake: FakeSlack;
  let client: WebClient;
  let channel = '';
  beforeAll(async () => {
    fake = await startFakeSlack();
    client = webClient(fake);
    channel = (await client.conversations.create({ name: 'limits' })).channel?.id ?? '';
  });
  afterAll(() => fake.stop());

  it.each(MESSAGE_CASES.filter(([w]) => /50 blocks|button text|unique block_id|100 options/.test(w)))('chat.postMessage: %s', async (_w, ok, bad) => {
    expect(await errorOf(client.chat.postMessage({ channel, text: 't', blocks: ok as never }))).toBe('ok');
    const err = await client.chat.postMessage({ channel, text: 't', blocks: bad as never }).catch((e: { data: unknown }) => e.data);
    expect(err).toMatchObject({ ok: false, error: 'invalid_blocks', response_metadata: { messages: [expect.stringMatching(/^\[ERROR\]/)] } });
  });

  it('chat.update is checked too, and unparsable blocks are invalid_blocks_format', async () => {
    const { ts } = await client.chat.postMessage({ channel, text: 't' });
    expect(await errorOf(client.chat.update({ channel, ts: ts ?? '', blocks: sections(51) as never }))).toBe('invalid_blocks');
    expect(await errorOf(client.apiCall('chat.postMessage', { channel, blocks: '[{' }))).toBe('invalid_blocks_format');
  });

  it.each(MODAL_CASES.filter(([w]) => /100 blocks|title 24|private_metadata/.test(w)))('views.open: %s', async (_w, ok, bad) => {
    expect(await errorOf(client.views.open({ trigger_id: fake.issueTriggerId(), view: ok as never }))).toBe('ok');
    const err = await client.views.open({ trigger_id: fake.issueTriggerId(), view: bad as never }).catch((e: { data: unknown }) => e.data);
    expect(err).toMatchObject({ error: 'invalid_arguments', response_metadata: { messages: [expect.stringMatching(/json-pointer:\/view/)] } });
  });
});
