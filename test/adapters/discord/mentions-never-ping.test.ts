import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findIncident } from '../../../src/store/incidents.ts';
import { IDS } from '../../fakes/discord/index.ts';
import { startTestDb } from '../../support/core.ts';
import { messageBodies, openWorld, raiseIncident, ROSTER, type TestDb, type World } from './support.ts';

let testDb: TestDb;
let w: World;
beforeAll(async () => {
  testDb = await startTestDb();
  w = await openWorld(testDb, 'mentions');
});
afterAll(async () => {
  await w?.stop();
  await testDb?.stop();
});

const PINGS = `@everyone @here <@&${IDS.responders}> <@${IDS.bob}>`;

describe('Discord: mentions typed by users never notify anyone', () => {
  it('@everyone, @here and <@&role> in a title, a description and a place reach no one; only the people the bot names are notified', async () => {
    await raiseIncident(w, { title: `Fire ${PINGS}`, type: 'safety-accident', description: `Smoke. ${PINGS}`, location: `Hall ${PINGS}`, people_affected: '20' });
    const incident = (await findIncident(w.db, 'INC-20261128-001'))!;
    expect(incident.title).toBe(`Fire ${PINGS}`);

    const bodies = messageBodies(w);
    expect(bodies.length).toBeGreaterThan(5);
    for (const { path, body } of bodies) {
      // Every message says explicitly whom it may notify: no @everyone/@here, no role, no one by parsing.
      expect(body.allowed_mentions, path).toMatchObject({ parse: [] });
      const am = body.allowed_mentions as { users?: string[]; roles?: string[] };
      expect(am.roles ?? [], path).toEqual([]);
      expect((am.users ?? []).every((u) => [ROSTER.lead, ROSTER.monitoringLeader].includes(u as never)), path).toBe(true);
    }
    // The user's text is shown as typed, escaped so Discord does not even render it as a mention.
    const summary = w.fake.state.message(incident.summaryMessage!.id)!;
    expect(summary.data.embeds[0]!.title).toContain('\\@everyone \\@here \\<\\@&');

    // What the fake Discord worked out from content + allowed_mentions, for every message it holds.
    const messages = [...w.fake.state.messages.values()];
    expect(messages.some((m) => m.data.content.includes('\\@everyone'))).toBe(true);
    for (const m of messages) {
      expect(m.pings.everyone).toBe(false);
      expect(m.pings.roles).toEqual([]);
      expect(m.pings.users).not.toContain(IDS.bob);
    }
    // The war-room invitation does notify the roster people it names.
    expect(messages.flatMap((m) => m.pings.users).sort()).toEqual([ROSTER.lead, ROSTER.monitoringLeader]);
  });
});
