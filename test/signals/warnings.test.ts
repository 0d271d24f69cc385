// What the monitoring group sees: a signal past its rule's threshold posts one warning card in the
// monitoring channel, repeats redraw it, Raise incident opens the raise form filled in from the
// rule, and a value past the raise threshold raises one incident however often it is sent.
import { afterEach, describe, expect, it } from 'vitest';
import { runCommand, submitForm } from '../../commands/index.ts';
import type { Invocation } from '../../commands/types.ts';
import type { Form } from '../../src/ui/form.ts';
import { closeQuietWarnings } from '../../src/signals/evaluate.ts';
import { useTestDb } from '../support/core.ts';
import { signalsHarness } from './support.ts';

const db = useTestDb();
let n = 0;
let h: Awaited<ReturnType<typeof signalsHarness>> | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});
const harness = async () => (h = await signalsHarness(db.uri(`warnings_${n++}`)));
const inv = (locale: 'en' | 'zh-CN' = 'en'): Omit<Invocation, 'args'> => ({ platform: 'shell', workspace: 'local', user: { id: 'mona', name: 'Mona' }, locale, eventKey: `ev-${n++}` });
const posts = (lines: string[]) => lines.filter((l) => l.includes('== Early warning: Negative mentions per hour ==') && !l.includes('(updated)'));

describe('early-warning cards in the monitoring channel', () => {
  it('posts one card for a signal past the threshold, redraws it for repeats, and its button opens a raise form filled in from the rule', async () => {
    const s = await harness();
    expect((await s.send({ metric: 'negative_mentions_per_hour', value: 80 })).status).toBe(202);
    await s.settle();
    expect(posts(s.lines)).toHaveLength(1);
    expect(posts(s.lines)[0]).toMatch(/^\[#crisis-monitoring\]/);
    const button = s.lines.map((l) => /\[Raise incident: (\/crisis warning raise W-[0-9a-f]{16})\]/.exec(l)?.[1]).find(Boolean);
    expect(button).toBeDefined();

    s.clock.advance(60_000);
    await s.send({ metric: 'negative_mentions_per_hour', value: 95 });
    await s.send({ metric: 'negative_mentions_per_hour', value: 120 });
    await s.settle();
    expect(posts(s.lines)).toHaveLength(1);
    expect(s.lines.filter((l) => l.includes('(updated)')).length).toBeGreaterThan(0);
    expect(s.lines.join('\n')).toMatch(/120/);

    // The button is a command (the terminal shows it): the raise form, type and criteria from the rule.
    const out = await runCommand(s.core, inv(), button!.replace('/crisis ', ''));
    expect(out.kind).toBe('form');
    const form = (out as { form: Form }).form;
    expect(form.command).toBe('raise');
    expect(form.values).toMatchObject({ title: 'Negative mentions per hour: Brand X', type: 'reputation', media_attention: 'local' });
    expect(form.values.description).toMatch(/negative_mentions_per_hour = 120 .*threshold 50/);
    expect(form.notes.join(' ')).toMatch(/Filled in from warning W-/);
    const raised = await submitForm(s.core, inv(), 'raise', form.values);
    expect(JSON.stringify(raised)).toMatch(/INC-\d{8}-001/);
    expect(await s.core.db.m.Incident.findOne({}).lean()).toMatchObject({ type: 'reputation', title: 'Negative mentions per hour: Brand X' });

    // In Chinese, the same button says so in Chinese; an unknown warning is named.
    const zh = (await runCommand(s.core, inv('zh-CN'), button!.replace('/crisis ', ''))) as { form: Form };
    expect(zh.form.notes.join(' ')).toMatch(/已根据预警 W-[0-9a-f]{16}/);
    const unknown = await runCommand(s.core, inv(), 'warning raise W-0000000000000000');
    expect(JSON.stringify(unknown)).toContain('No warning W-0000000000000000');
  });

  it('raises one drill past the raise threshold, however often the signal is sent again', async () => {
    const s = await harness();
    await s.send({ metric: 'negative_mentions_per_hour', value: 80 });
    await s.settle();
    for (const value of [600, 650, 700]) {
      s.clock.advance(30_000);
      await s.send({ metric: 'negative_mentions_per_hour', value });
      await s.settle();
    }
    const incidents = await s.core.db.m.Incident.find({}).lean();
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ type: 'reputation', drill: true });
    expect(s.lines.join('\n')).toContain(`Incident ${String(incidents[0]!.key)} was raised automatically (drill).`);
    // Once raised, the card no longer offers Raise incident.
    const last = s.lines.filter((l) => l.includes('Raise incident')).length;
    s.clock.advance(30_000);
    await s.send({ metric: 'negative_mentions_per_hour', value: 720 });
    await s.settle();
    expect(s.lines.filter((l) => l.includes('Raise incident')).length).toBe(last);
  });

  it('closes a warning once its metric stayed on the safe side for a whole window, with one closed card, even with no further signal', async () => {
    const s = await harness();
    await s.send({ metric: 'negative_mentions_per_hour', value: 80 });
    await s.settle();
    s.clock.advance(30 * 60_000);
    await s.send({ metric: 'negative_mentions_per_hour', value: 10 });
    await s.settle();
    const closed = (lines: string[]) => lines.filter((l) => l.includes('Early warning closed: Negative mentions per hour'));
    // Half an hour after the bad point: still open.
    expect(await closeQuietWarnings(s.core)).toBe(0);
    s.clock.advance(40 * 60_000);
    expect(await closeQuietWarnings(s.core)).toBe(1);
    await s.dispatcher.drain();
    expect(closed(s.lines)).toHaveLength(1);
    expect(s.lines.join('\n')).toContain('Back on the safe side of the threshold for 1h; this warning is closed.');
    // The next minute's pass finds nothing to close and records no second card.
    s.clock.advance(60_000);
    expect(await closeQuietWarnings(s.core)).toBe(0);
    await s.dispatcher.drain();
    expect(closed(s.lines)).toHaveLength(1);
  });
});
