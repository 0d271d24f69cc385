// Early warning on Slack (issue 18): a signal past its rule's threshold posts one warning card in
// the Slack monitoring channel, a repeat edits it, and Raise incident opens the raise modal filled
// in from the rule — through the real Bolt adapter and its /signals route on the same port.
import { describe, expect, it } from 'vitest';
import { signedHeaders } from '../../../src/security/signature.ts';
import { startSignals } from '../../../src/signals/service.ts';
import { useHarnesses } from './harness.ts';

const harness = useHarnesses();
const SECRET = 'test-signals-secret-0123456789';
const MONITOR = 'C0MONITOR';
const LEAD = 'U000PLACEHOLDER1';

type El = { type: string; action_id: string; text?: { text: string } };

describe('Slack: early-warning cards', () => {
  it('posts one card in the monitoring channel, edits it for a repeat, and Raise incident opens the raise modal filled in from the rule', async () => {
    const h = await harness();
    h.fake.addChannel({ id: MONITOR, name: 'crisis-monitoring', members: [h.fake.botUserId, LEAD] });
    h.core.playbook = { ...h.core.playbook, signals: { ...h.core.playbook.signals!, monitoring: [{ platform: 'slack', workspace: h.fake.teamId, channel: MONITOR, name: 'crisis-monitoring' }] } };
    const signals = await startSignals(h.core, SECRET, { cron: false });
    try {
      const send = async (value: number) => {
        const body = JSON.stringify({ source: 'media-monitor', metric: 'negative_mentions_per_hour', value, at: h.clock.now().toISOString(), subject: 'Brand X', dedup_key: 'brand-x' });
        const res = await fetch(h.url.replace('/slack/events', '/signals'), { method: 'POST', body, headers: { 'content-type': 'application/json', ...signedHeaders(SECRET, body, h.clock.now()) } });
        expect(res.status).toBe(202);
        await signals.evaluator.idle();
        await h.slack.dispatcher.drain();
        await h.settled();
      };
      await send(80);
      const cards = h.messages(MONITOR);
      expect(cards).toHaveLength(1);
      expect(cards[0]!.text).toContain('Early warning: Negative mentions per hour');

      h.clock.advance(60_000);
      await send(140);
      expect(h.messages(MONITOR)).toHaveLength(1);
      const updates = h.fake.callsTo('chat.update').filter((c) => c.args.channel === MONITOR && c.args.ts === cards[0]!.ts);
      expect(updates.length).toBeGreaterThan(0);
      expect(JSON.stringify(h.messages(MONITOR)[0]!.blocks)).toContain('140');

      const button = ((h.messages(MONITOR)[0]!.blocks ?? []) as { elements?: El[] }[]).flatMap((b) => b.elements ?? []).find((e) => e.type === 'button' && e.action_id.startsWith('warning.raise'));
      expect(button?.text?.text).toBe('Raise incident');
      const opened = h.fake.callsTo('views.open').length;
      const click = await h.interact(h.fake.buttonClick({ channel: MONITOR, ts: cards[0]!.ts, action_id: button!.action_id, user: LEAD }));
      expect(click.status).toBe(200);
      await h.settled();
      const view = JSON.stringify(h.fake.callsTo('views.open').slice(opened)[0]?.args.view);
      expect(view).toContain('Negative mentions per hour: Brand X');
      // The type select starts on the rule's plan.
      const initial = [...view.matchAll(/"initial_option":(\{"text":\{[^}]*\},"value":"[^"]*"\}|\{"value":"[^"]*"[^}]*\}[^}]*\})/g)].map((m) => m[1]);
      expect(initial.join(' ')).toContain('"value":"reputation"');
      expect(view).toContain('Filled in from warning W-');
    } finally {
      await signals.stop();
    }
  });
});
