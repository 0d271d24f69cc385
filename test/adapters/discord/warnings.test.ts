// Early warning on Discord (issue 18): one warning card in the monitoring channel, edited for a
// repeat, and Raise incident opening the raise modal filled in from the rule — real discord.js.
import { describe, expect, it } from 'vitest';
import { startOpsServer } from '../../../src/http.ts';
import { signedHeaders } from '../../../src/security/signature.ts';
import { startSignals } from '../../../src/signals/service.ts';
import { IDS } from '../../fakes/discord/index.ts';
import { loadDefaultPlaybook } from '../../support/core.ts';
import { buttonOn, interact, modalOf, textOf, unescape, useWorlds } from './support.ts';

const openWorld = useWorlds();
const SECRET = 'test-signals-secret-0123456789';

describe('Discord: early-warning cards', () => {
  it('posts one card in the monitoring channel, edits it for a repeat, and Raise incident opens the raise modal filled in from the rule', async () => {
    const pb = await loadDefaultPlaybook();
    const playbook = { ...pb, signals: { ...pb.signals!, monitoring: [{ platform: 'discord' as const, workspace: IDS.guild, channel: IDS.general, name: 'general' }] } };
    const w = await openWorld('warnings', { playbook });
    const signals = await startSignals(w.core, SECRET, { cron: false });
    const ops = await startOpsServer(w.core, 0, '127.0.0.1');
    try {
      const send = async (value: number) => {
        const body = JSON.stringify({ source: 'media-monitor', metric: 'negative_mentions_per_hour', value, at: w.clock.now().toISOString(), subject: 'Brand X', dedup_key: 'brand-x' });
        const res = await fetch(`http://127.0.0.1:${ops.port}/signals`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...signedHeaders(SECRET, body, w.clock.now()) } });
        expect(res.status).toBe(202);
        await signals.evaluator.idle();
        await w.discord.dispatcher.drain();
      };
      const cards = () => [...w.fake.state.messages.values()].filter((m) => m.channelId === IDS.general && unescape(textOf(m)).includes('Early warning: Negative mentions per hour'));
      await send(80);
      expect(cards()).toHaveLength(1);
      w.clock.advance(60_000);
      await send(140);
      expect(cards()).toHaveLength(1);
      expect(unescape(textOf(cards()[0]!))).toContain('140');

      const modal = modalOf(await interact(w, { kind: 'button', messageId: cards()[0]!.data.id, customId: buttonOn(cards()[0]!, 'warning.raise:').custom_id }));
      const byId = new Map(modal.components.map((c) => [c.component.custom_id, c.component]));
      expect(byId.get('title')?.value).toBe('Negative mentions per hour: Brand X');
      expect(byId.get('type')?.options?.filter((o) => o.default).map((o) => o.value)).toEqual(['reputation']);
    } finally {
      await ops.close();
      await signals.stop();
    }
  });
});
