import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDb } from '../support/core.ts';
import { interact, openWorld, type TestDb } from '../adapters/discord/support.ts';
import { startHarness } from '../adapters/slack/harness.ts';
import { parseExposition, valueOf } from './exposition.ts';
import { scrape } from './scrape.ts';

let testDb: TestDb;
beforeAll(async () => {
  testDb = await startTestDb();
});
afterAll(async () => testDb?.stop());

const acks = (families: ReturnType<typeof parseExposition>, platform: string) => valueOf(families, 'crisis_command_ack_seconds_count', { platform });

describe('command acknowledgements are timed on each platform', () => {
  it('Slack over HTTP: each /crisis is timed, on the /metrics served beside /slack/events', async () => {
    const h = await startHarness(testDb);
    try {
      await h.command('help');
      await h.command('status');
      await h.settled();
      const res = await fetch(h.url.replace('/slack/events', '/metrics'));
      const families = parseExposition(await res.text());
      expect(acks(families, 'slack')).toBe(2);
      expect(acks(families, 'discord')).toBeUndefined();
    } finally {
      await h.stop();
    }
  });

  it('Slack over Socket Mode: the envelope ack is timed too', async () => {
    const h = await startHarness(testDb, { mode: 'socket' });
    try {
      await h.command('help');
      await h.settled();
      expect(acks((await scrape(h.core)).families, 'slack')).toBe(1);
    } finally {
      await h.stop();
    }
  });

  it('Discord: answered at once, opened as a modal, or deferred — each slash command is timed once', async () => {
    // Answered within the limit (at once, or as a modal), and acknowledged first then answered.
    for (const [name, answerWithinMs] of [['acks_quick', undefined], ['acks_slow', 0]] as const) {
      const w = await openWorld(testDb, name, { answerWithinMs });
      try {
        await interact(w, { kind: 'slash', subcommand: 'help' });
        await interact(w, { kind: 'slash', subcommand: 'raise', options: { title: 'Server room flood' } });
        expect(acks((await scrape(w.core)).families, 'discord')).toBe(2);
      } finally {
        await w.stop();
      }
    }
  });
});
