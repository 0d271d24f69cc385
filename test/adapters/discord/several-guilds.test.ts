import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findIncident } from '../../../src/store/incidents.ts';
import { IDS, defaultGuildSeed, type GuildSeed } from '../../fakes/discord/index.ts';
import { startTestDb } from '../../support/core.ts';
import { guildWithRoster, interact, openWorld, raiseIncident, replyOf, textOf, unescape, type TestDb, type World } from './support.ts';

let testDb: TestDb;
let w: World;
const B = { guild: '1300000000000000500', general: '1300000000000000501' };
const second: GuildSeed = guildWithRoster({
  id: B.guild, name: 'Plant B', ownerId: IDS.carol, locale: 'zh-CN',
  channels: [{ id: B.general, name: 'general', type: 0 }],
  members: [{ id: IDS.alice, username: 'alice' }, { id: IDS.carol, username: 'carol' }],
});

beforeAll(async () => {
  testDb = await startTestDb();
  w = await openWorld(testDb, 'guilds', { guilds: [guildWithRoster(defaultGuildSeed()), second] });
});
afterAll(async () => {
  await w?.stop();
  await testDb?.stop();
});

describe('Discord: one bot, several guilds', () => {
  it('keeps each guild’s incident, war room and checklist in that guild', async () => {
    await raiseIncident(w, { title: 'Warehouse fire', type: 'safety-accident', people_affected: '3' });
    await raiseIncident(w, { title: 'Supplier outage', type: 'supply-chain', people_affected: '3' }, { guildId: B.guild, channelId: B.general });

    const a = (await findIncident(w.db, 'INC-20261128-001'))!;
    const b = (await findIncident(w.db, 'INC-20261128-002'))!;
    expect([a.workspace, b.workspace]).toEqual([IDS.guild, B.guild]);
    const roomA = w.fake.state.channels.get(a.room!.id)!;
    const roomB = w.fake.state.channels.get(b.room!.id)!;
    expect([roomA.guildId, roomB.guildId]).toEqual([IDS.guild, B.guild]);
    // Each guild got its own "Crisis" category.
    expect(w.fake.state.channels.get(roomA.parentId!)).toMatchObject({ name: 'Crisis', guildId: IDS.guild });
    expect(w.fake.state.channels.get(roomB.parentId!)).toMatchObject({ name: 'Crisis', guildId: B.guild });
    expect(w.fake.state.messagesIn(roomB.id).some((m) => m.data.embeds.some((e) => e.title?.includes('INC\\-20261128\\-002')))).toBe(true);
    expect(w.fake.state.messagesIn(roomB.id).some((m) => m.data.embeds.some((e) => e.title?.includes('INC\\-20261128\\-001')))).toBe(false);

    // In guild B's war room, status is guild B's incident; a Done click there edits guild B's checklist only.
    const status = replyOf(w, await interact(w, { kind: 'slash', subcommand: 'status', guildId: B.guild, channelId: roomB.id }));
    expect(unescape(textOf(status))).toContain('INC-20261128-002: Supplier outage');
    expect(unescape(textOf(status))).not.toContain('INC-20261128-001');
    const checklistB = b.checklistMessages![0]!.id;
    await interact(w, { kind: 'button', guildId: B.guild, messageId: checklistB, customId: 'step.done:INC-20261128-002:1' });
    const edits = w.fake.calls.filter((c) => c.method === 'PATCH' && c.path.startsWith('/channels/'));
    expect(edits.map((c) => c.path)).toEqual([`/channels/${roomB.id}/messages/${checklistB}`]);
  });
});
