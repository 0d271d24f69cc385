// What arrives from Slack, or from people, that must not do harm: forged or stale requests, retried
// submissions, text that tries to ping or format, a very long plan; and secrets that must not be logged.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Playbook } from '../../../src/playbook/schema.ts';
import { loadDefaultPlaybook } from '../../support/core.ts';
import { type Harness, KEY, SECRET, pickerValue, shown, textsOf, useHarnesses } from './harness.ts';

const harness = useHarnesses();

const fire = (h: Harness, extra: Record<string, string | number> = {}) => ({ title: 'Warehouse fire', type: 'safety-accident', started_at: pickerValue(h, 5), ...extra });
const warRoom = (h: Harness) => [...h.fake.channels.values()].find((c) => c.name.startsWith('inc-'))!;

/** The default playbook plus a plan of 80 steps (the safety-accident steps, repeated). */
async function longPlaybook(): Promise<Playbook> {
  const base = await loadDefaultPlaybook();
  const plan = base.plans.find((p) => p.id === 'safety-accident')!;
  const steps = Array.from({ length: 80 }, (_, i) => ({ ...plan.steps[i % plan.steps.length]!, id: `step-${i + 1}` }));
  return { ...base, plans: [...base.plans, { ...plan, id: 'long-drill', title: { en: 'Long drill', 'zh-CN': '长演练' }, steps }] };
}

describe('Slack inbound safety', () => {
  it('a wrong signature or a stale timestamp gets 401 and records nothing', async () => {
    const h = await harness();
    const before = h.fake.calls.length;
    expect((await h.fake.sendSlashCommand(h.url, SECRET, { text: 'raise Fire' }, { badSignature: true })).status).toBe(401);
    expect((await h.fake.sendSlashCommand(h.url, SECRET, { text: 'raise Fire' }, { stale: true })).status).toBe(401);
    expect((await h.fake.sendSlashCommand(h.url, 'not-our-secret', { text: 'status' })).status).toBe(401);
    // A forged submission of a real modal is refused too.
    await h.command('raise Warehouse fire');
    await h.settled();
    const forged = h.fake.viewSubmission({ view_id: h.lastViewId(), values: { title: { title: 'x' }, type: { type: 'safety-accident' } } });
    expect((await h.fake.sendInteraction(h.url, SECRET, forged, { badSignature: true })).status).toBe(401);
    expect((await h.fake.sendInteraction(h.url, SECRET, forged, { stale: true })).status).toBe(401);
    await h.settled();
    expect(h.fake.calls.slice(before).map((c) => c.method)).toEqual(['users.info', 'views.open']);
    expect(h.fake.responses).toEqual([]);
    expect(await h.incident()).toBeNull();
  });

  it('a closed form is acked and records nothing', async () => {
    const h = await harness();
    await h.command('raise Warehouse fire');
    await h.settled();
    const closed = await h.interact(h.fake.viewClosed({ view_id: h.lastViewId() }));
    await h.settled();
    expect(closed.status).toBe(200);
    expect(await h.incident()).toBeNull();
    expect(h.fake.calls.map((c) => c.method)).toEqual(['auth.test', 'users.info', 'views.open']);
  });

  it('the same view submission delivered twice (at once, then again) creates one incident', async () => {
    const h = await harness();
    await h.command('raise Warehouse fire');
    await h.settled();
    const values = Object.fromEntries(Object.entries(fire(h)).map(([k, v]) => [k, { [k]: v }]));
    const payload = h.fake.viewSubmission({ view_id: h.lastViewId(), values });
    // Each delivery signed afresh (its own timestamp): the very same signature again is a replay (replayed-requests.test.ts).
    const ts = Math.floor(Date.now() / 1000);
    const deliver = (timestamp: number) => h.fake.sendInteraction(h.url, SECRET, payload, { timestamp });
    const answers = await Promise.all([deliver(ts - 2), deliver(ts - 1)]);
    const again = await deliver(ts);
    await h.settled();
    const texts = [...answers, again].map((a) => shown((a.body as { view: { blocks: unknown } }).view.blocks));
    expect(texts.filter((t) => t.includes(`${KEY} raised`))).toHaveLength(1);
    expect(texts.filter((t) => t.includes(`already raised as ${KEY}`))).toHaveLength(2);
    expect(await h.incident('INC-20261128-002')).toBeNull();
    expect(h.fake.callsTo('conversations.create')).toHaveLength(1);
    expect((await h.timeline()).filter((e) => e.type === 'incident.raised')).toHaveLength(1);
  });

  it('user text with <!channel>, <@U123>, *bold* and <http://x|y> shows literally and pings no one', async () => {
    const h = await harness();
    const sly = 'Fire <!channel> <@U123> *bold* <http://x|y>';
    // Slack sends slash-command text escaped (should_escape); the prefilled title reads as typed.
    await h.command('raise Fire &lt;!channel&gt; &amp; <!channel> <@U0CAROL|carol>');
    await h.settled();
    const modal = h.fake.callsTo('views.open')[0]?.args.view as { blocks: { block_id?: string; element?: { initial_value?: string } }[] };
    expect(modal.blocks.find((b) => b.block_id === 'title')?.element?.initial_value).toBe('Fire <!channel> & @channel @carol');
    expect(shown(modal.blocks)).toContain("will show as plain text and notify no one");
    await h.submit(fire(h, { title: sly, description: `${sly} & more`, location: '<@U123> & co' }));
    await h.settled();
    // The summary and the checklist go out concurrently: find the summary by its title.
    // A refused assessment-team DM, posted in the room at the same stage, quotes the title too.
    const summary = h.messages(warRoom(h).id).find((m) => m.text.startsWith(`${KEY}: Fire`))!;
    const texts = textsOf(summary.blocks);
    // Plain text is shown as it is: the title and the description keep every character.
    expect(texts[0]).toEqual({ type: 'plain_text', text: `⚠️ ${KEY}: ${sly}` });
    expect(texts.some((t) => t.type === 'plain_text' && t.text.includes(`${sly} & more`))).toBe(true);
    // mrkdwn never carries the raw tokens: they are escaped and Slack shows them as typed.
    for (const t of texts.filter((x) => x.type === 'mrkdwn')) {
      expect(t.text).not.toMatch(/<!channel>|<@U123>|<http:\/\/x\|y>/);
    }
    expect(texts.some((t) => t.type === 'mrkdwn' && t.text.includes('&lt;@U123&gt; &amp; co'))).toBe(true);
    // The notification text is mrkdwn too.
    expect(summary.text).toContain('&lt;!channel&gt;');
    expect(summary.text).not.toContain('<!channel>');
  });

  it('a submission slower than the ack budget is acked at once; the answer follows with views.update', async () => {
    const h = await harness({ slack: { ackBudgetMs: 0 } });
    await h.command('raise Warehouse fire');
    await h.settled();
    // Checking the fields touches no database, so errors still make the ack and stay on their fields.
    const wrong = await h.submit(fire(h, { casualties: 'three' }));
    expect(wrong.body).toMatchObject({ response_action: 'errors', errors: { casualties: expect.stringContaining('whole number') } });
    const slow = await h.submit(fire(h));
    expect(slow.body).toMatchObject({ response_action: 'update', view: { title: { text: 'Crisis raised' } } });
    expect(shown((slow.body as { view: { blocks: unknown } }).view.blocks)).toContain('Still working on it');
    await h.settled();
    const update = h.fake.callsTo('views.update');
    expect(update).toMatchObject([{ ok: true, args: { view_id: h.lastViewId() } }]);
    expect(shown((update[0]!.args.view as { blocks: unknown }).blocks)).toContain(`${KEY} raised: Warehouse fire`);
    expect(await h.incident()).toMatchObject({ key: KEY });
    expect(h.fake.callsTo('conversations.create')).toHaveLength(1);
  });

  it('a plan with 80 steps posts a checklist the fake accepts: 8 messages, unique buttons, within limits', async () => {
    const h = await harness({ playbook: await longPlaybook() });
    await h.raise(fire(h, { type: 'long-drill' }));
    expect(h.fake.callsTo('chat.postMessage').every((c) => c.ok)).toBe(true);
    const pages = h.messages(warRoom(h).id).filter((m) => m.text.startsWith('Checklist'));
    expect(pages).toHaveLength(8);
    for (const p of pages) {
      expect(p.blocks!.length).toBeLessThanOrEqual(50);
      const ids = JSON.stringify(p.blocks).match(/"action_id":"[^"]+"/g) ?? [];
      expect(new Set(ids).size).toBe(ids.length);
    }
    expect(JSON.stringify(pages.map((p) => p.blocks))).toContain('"value":"INC-20261128-001:80"');
    // /crisis status in the room: the whole checklist, split over response_url messages within limits.
    const before = h.fake.responses.length;
    await h.command('status', 'U0ALICE', warRoom(h).id);
    await h.settled();
    const replies = h.fake.responses.slice(before).map((r) => r.body as { blocks: unknown[] });
    expect(replies.length).toBeGreaterThan(1);
    expect(replies.every((r) => r.blocks.length <= 50)).toBe(true);
  });

  it('tokens and the signing secret never appear in the logs, even at debug level', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'debug' }, { write: (l: string) => void lines.push(l) });
    for (const mode of ['http', 'socket'] as const) {
      const h = await harness({ mode, log });
      await h.raise(fire(h));
      await h.command('status');
      await h.settled();
      const all = lines.join('\n');
      expect(lines.length).toBeGreaterThan(10);
      expect(all).not.toContain(h.fake.botToken);
      expect(all).not.toContain(h.fake.appToken);
      expect(all).not.toContain(SECRET);
      expect(all).not.toMatch(/xox[bp]-\d/);
    }
  });
});
