// Form <-> modal: a view Slack accepts, values read back from view_submission state, errors keyed
// by block id, and the slash-command text Slack sends turned back into what was typed.
import { describe, expect, it } from 'vitest';
import { fromSlackText } from '../../../adapters/slack/inbound.ts';
import { answerView, formView, isoOf, readMeta, readValues, viewErrors, writeMeta } from '../../../adapters/slack/modal.ts';
import { raiseFields } from '../../../commands/raise.ts';
import type { Db } from '../../../src/store/connect.ts';
import { card, text } from '../../../src/ui/card.ts';
import type { Form } from '../../../src/ui/form.ts';
import { parseField } from '../../../src/ui/fields.ts';
import { validateView } from '../../fakes/slack/index.ts';
import { makeCore } from '../../support/core.ts';

const core = await makeCore({} as Db);
const raiseForm = (locale: 'en' | 'zh-CN', extra: Partial<Form> = {}): Form => ({
  command: 'raise',
  title: locale === 'en' ? 'Raise a crisis' : '上报危机事件',
  submit: 'Raise',
  fields: raiseFields(core, locale),
  values: {},
  errors: {},
  notes: [],
  ...extra,
});
type Input = { type: string; block_id: string; optional: boolean; element: Record<string, unknown> };
const inputs = (view: { blocks: unknown[] }) => Object.fromEntries((view.blocks as Input[]).filter((b) => b.type === 'input').map((b) => [b.block_id, b]));

describe('Slack modals for forms', () => {
  it('renders every field as an input Slack accepts, with what is already known filled in', () => {
    const form = raiseForm('en', { values: { title: 'Warehouse fire', type: 'safety-accident', started_at: '2026-11-28T09:30:00Z', media_attention: 'local' }, notes: ["Unknown field 'sev' (ignored)"] });
    const view = formView(form, { command: 'raise', channel: 'C0OPS', locale: 'en' });
    expect(validateView(view)).toEqual([]);
    expect(view).toMatchObject({ callback_id: 'crisis.form', title: { text: 'Raise a crisis' }, submit: { text: 'Raise' }, close: { text: 'Cancel' } });
    const byName = inputs(view);
    expect(Object.keys(byName)).toEqual(form.fields.map((f) => f.name));
    expect(byName.title).toMatchObject({ optional: false, element: { type: 'plain_text_input', action_id: 'title', initial_value: 'Warehouse fire', max_length: 150 } });
    expect(byName.type?.element).toMatchObject({ type: 'static_select', initial_option: { value: 'safety-accident' } });
    expect(byName.started_at?.element).toEqual({ type: 'datetimepicker', action_id: 'started_at', initial_date_time: 1795858200 });
    expect(byName.description?.element).toMatchObject({ multiline: true });
    expect(byName.media_attention?.element).toMatchObject({ initial_option: { value: 'local' } });
    // Dependent fields are optional in the modal; the command asks for them when they matter.
    expect(byName.level_reason?.optional).toBe(true);
    expect(byName.drill?.element).toMatchObject({ type: 'static_select', options: [{ value: 'yes' }, { value: 'no' }] });
    expect(view.blocks[0]).toMatchObject({ type: 'section', text: { text: "Unknown field 'sev' (ignored)" } });
    expect(readMeta(view.private_metadata!)).toEqual({ command: 'raise', channel: 'C0OPS', locale: 'en' });
  });

  it('shows a title longer than a modal title (24) whole above the fields', () => {
    const form: Form = { command: 'fact', title: 'Add a fact to INC-20261128-001', submit: 'Save fact', fields: raiseFields(core, 'en').slice(0, 1), values: {}, errors: { title: 'Too long' }, notes: [], context: 'add:INC-20261128-001' };
    const view = formView(form, { command: 'fact', context: form.context, locale: 'en' });
    expect(validateView(view)).toEqual([]);
    expect(view.title.text).toBe('Add a fact to INC-20261…');
    expect(view.blocks.slice(0, 3)).toMatchObject([
      { type: 'header', text: { type: 'plain_text', text: 'Add a fact to INC-20261128-001' } },
      { type: 'section', text: { text: 'Too long' } },
      { type: 'input', block_id: 'title' },
    ]);
    expect(formView(raiseForm('en'), { command: 'raise', locale: 'en' }).blocks.some((b) => b.type === 'header')).toBe(false);
  });

  it('speaks the form language: labels, options and buttons in Chinese', () => {
    const view = formView(raiseForm('zh-CN'), { command: 'raise', locale: 'zh-CN' });
    expect(validateView(view)).toEqual([]);
    expect(view.close?.text).toBe('取消');
    expect(inputs(view).title).toMatchObject({ label: { text: '标题' } });
    expect(JSON.stringify(inputs(view).drill)).toContain('"text":"是"');
  });

  it('reads each element kind back as the string the command parses', () => {
    const values = readValues({
      title: { title: { type: 'plain_text_input', value: 'Fire' } },
      description: { description: { type: 'plain_text_input', value: null } },
      type: { type: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'Safety' }, value: 'safety-accident' } } },
      media_attention: { media_attention: { type: 'static_select', selected_option: null } },
      started_at: { started_at: { type: 'datetimepicker', selected_date_time: 1795858200 } },
      drill: { drill: { type: 'checkboxes', selected_options: [] } },
    });
    expect(values).toEqual({ title: 'Fire', description: '', type: 'safety-accident', media_attention: '', started_at: '2026-11-28T09:30:00Z', drill: 'no' });
    const field = raiseFields(core, 'en').find((f) => f.name === 'started_at')!;
    expect(parseField(field, values.started_at!, 'en', new Date('2026-11-28T10:00:00Z'))).toEqual({ ok: true, value: new Date('2026-11-28T09:30:00Z') });
    expect(isoOf(0)).toBe('1970-01-01T00:00:00Z');
  });

  it('keys errors by block id and keeps private_metadata within 3000 characters', () => {
    expect(viewErrors(raiseForm('en', { errors: { people_affected: 'must be a number', ghost: 'lost?' } }))).toEqual({ people_affected: 'must be a number', title: 'lost?' });
    expect(() => writeMeta({ command: 'raise', context: 'x'.repeat(3000), locale: 'en' })).toThrow(/3000/);
    expect(() => readMeta('{"command":1}')).toThrow(/not a crisis-bot form/);
  });

  it('shows the answer in place of the modal, within modal limits', () => {
    const view = answerView([card('INC-20261128-001 raised: Fire', Array.from({ length: 150 }, (_, i) => text(`line ${i}`)))], { locale: 'en', title: 'Crisis raised', after: 'Setting up…' });
    expect(validateView(view)).toEqual([]);
    expect(view.blocks).toHaveLength(100);
    expect(view.submit).toBeUndefined();
  });

  it('turns escaped slash-command text back into what was typed', () => {
    expect(fromSlackText('raise Fire &amp; smoke &lt;b&gt;')).toBe('raise Fire & smoke <b>');
    expect(fromSlackText('raise <!channel> <!here|here> <@U0CAROL|carol> <#C0OPS|ops> <!subteam^S1|@oncall>')).toBe('raise @channel @here @carol #ops @oncall');
    expect(fromSlackText('see <https://x.example/a|the doc> and <https://y.example>')).toBe('see the doc (https://x.example/a) and https://y.example');
    // A mention without a name stays as Slack sent it; the command notes that it will not ping.
    expect(fromSlackText('raise <@U123>')).toBe('raise <@U123>');
  });
});
