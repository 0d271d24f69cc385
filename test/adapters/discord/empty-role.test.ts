// An empty plan role on Discord (issue 15): the lead's DM through the real discord.js client, its
// Claim button, and the ladder stopping once the role is held.
import { describe, expect, it } from 'vitest';
import { sweep } from '../../../src/scheduler/sweep.ts';
import { findIncident } from '../../../src/store/incidents.ts';
import { defaultGuildSeed, type GuildSeed } from '../../fakes/discord/index.ts';
import { loadDefaultPlaybook } from '../../support/core.ts';
import { buttonOn, interact, raiseIncident, textOf, unescape, useWorlds, type World } from './support.ts';

const openWorld = useWorlds();
const KEY = 'INC-20261128-001';
const ALICE = '100000000000000001';
const ROSTER = ['alice-lead', 'bob-monitoring', 'carol-comms', 'dave-security', 'erin-expert', 'frank-finance', 'grace-tech', 'heidi-legal', 'ivan-exec'];

function rosterGuild(): GuildSeed {
  const seed = defaultGuildSeed();
  return { ...seed, members: [...seed.members!, ...ROSTER.map((username, i) => ({ id: `10000000000000000${i + 1}`, username }))] };
}

/** Moves the clock to `minutes` after the raise, sweeps and delivers; the lead's DMs about the empty role. */
async function sweepAt(w: World, t0: Date, minutes: number) {
  w.clock.set(new Date(t0.getTime() + minutes * 60_000));
  await sweep(w.core);
  await w.discord.dispatcher.drain();
  const dm = w.fake.state.dmChannels.get(ALICE);
  return [...w.fake.state.messages.values()].filter((m) => m.channelId === dm && unescape(textOf(m)).includes('Nobody holds Financial analyst'));
}

describe('Discord: a plan role nobody holds', () => {
  it('DMs the lead with a Claim button when the acknowledgement falls due, and stops once the role is claimed', async () => {
    const pb = await loadDefaultPlaybook();
    const playbook = { ...pb, roster: pb.roster.map((p) => ({ ...p, roles: p.roles.filter((r) => r !== 'financial_analyst') })) };
    const w = await openWorld('empty_role', { guilds: [rosterGuild()], playbook });
    const t0 = w.clock.now();
    await raiseIncident(w, { title: 'Warehouse fire', type: 'safety-accident', people_affected: '12' });
    const [dm] = await sweepAt(w, t0, 30);
    expect(dm).toBeDefined();
    expect(unescape(textOf(dm!))).toContain(`/crisis role ${KEY} assign financial_analyst PERSON`);
    await interact(w, { kind: 'button', messageId: dm!.data.id, customId: buttonOn(dm!, 'role.claim:').custom_id, userId: ALICE });
    expect((await findIncident(w.db, KEY))!.roles?.financial_analyst?.map((p) => p.id)).toEqual([ALICE]);
    expect(await sweepAt(w, t0, 45)).toHaveLength(1);
  });
});
