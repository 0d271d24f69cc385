// The Discord deadline tests' world (deadlines.test.ts, phase.test.ts): the whole roster in the fake
// guild, a level-2 fire raised through the real discord.js client, and what one sweep made Discord show.
import { expect } from 'vitest';
import { sweep } from '../../../src/scheduler/sweep.ts';
import { findIncident } from '../../../src/store/incidents.ts';
import { readTimeline } from '../../../src/store/timeline.ts';
import { defaultGuildSeed, type FakeMessage, type GuildSeed } from '../../fakes/discord/index.ts';
import { buttonOn, buttonsOf, interact, raiseIncident, textOf, unescape, type Answered, type World } from './support.ts';

export const MIN = 60_000;
export const T0 = new Date('2026-11-28T10:00:00');
export const at = (minutes: number) => new Date(T0.getTime() + minutes * MIN);
export const epoch = (d: Date) => Math.floor(d.getTime() / 1000);
export const stamp = (minutes: number) => `<t:${epoch(at(minutes))}:F> (<t:${epoch(at(minutes))}:R>)`;
export const KEY = 'INC-20261128-001';
export const STEP1 = 'Call emergency services and start first aid for the injured';

/** Every roster person (playbooks/roster.yml) by Discord id; all are members of the test guild. */
export const P = {
  alice: '100000000000000001', bob: '100000000000000002', carol: '100000000000000003', dave: '100000000000000004',
  erin: '100000000000000005', frank: '100000000000000006', grace: '100000000000000007', heidi: '100000000000000008',
  ivan: '100000000000000009',
} as const;
export const NAMES: Record<keyof typeof P, string> = {
  alice: 'alice-lead', bob: 'bob-monitoring', carol: 'carol-comms', dave: 'dave-security', erin: 'erin-expert',
  frank: 'frank-finance', grace: 'grace-tech', heidi: 'heidi-legal', ivan: 'ivan-exec',
};

/** The default fake guild (its owner, IDS.alice, raises) plus the whole roster; `dmsClosed` refuse DMs (50007). */
export function rosterGuild(dmsClosed: string[] = []): GuildSeed {
  const seed = defaultGuildSeed();
  const roster = (Object.keys(P) as (keyof typeof P)[]).map((k) => ({ id: P[k], username: NAMES[k], dmsClosed: dmsClosed.includes(P[k]) }));
  return { ...seed, members: [...seed.members!, ...roster] };
}

/** Level 2 (12 people affected): step 1 (owner: security = Dave) due 10:15, acknowledgement 10:30, an update every hour;
 * the ladder: owners at the deadline → lead (Alice) +15 min → executive (Ivan) +30 min. */
export const FIRE = { title: 'Warehouse fire', type: 'safety-accident', people_affected: '12' };

export const plain = (m: FakeMessage) => unescape(textOf(m)).replace(/^\n/, '');
export const ids = (m: FakeMessage) => buttonsOf(m).map((b) => [b.custom_id, b.label]);
export const dmChannel = (w: World, user: string) => w.fake.state.dmChannels.get(user) ?? `no DM channel with ${user}`;
export const followUps = (w: World, a: Answered): FakeMessage[] => (w.fake.state.interactions.get(a.id)?.followupIds ?? []).map((id) => w.fake.state.message(id)!);

export async function raised(w: World, values: Record<string, string> = FIRE) {
  await raiseIncident(w, values);
  const incident = (await findIncident(w.db, KEY))!;
  expect(incident.lead?.id).toBe(P.alice);
  return { incident, room: incident.room!.id, summary: () => w.fake.state.message(incident.summaryMessage!.id)! };
}

/** What one sweep made Discord show: the messages created by it, by channel. */
export type Swept = { all: FakeMessage[]; dm(user: string): FakeMessage[]; room: FakeMessage[]; text: string };

/** Moves the clock to T0 + `minutes`, runs one deadline sweep and lets the bot's outbox deliver what it queued. */
export async function sweepAt(w: World, room: string, minutes: number): Promise<Swept> {
  const before = new Set(w.fake.state.messages.keys());
  w.clock.set(at(minutes));
  await sweep(w.core);
  await w.discord.dispatcher.drain();
  const all = [...w.fake.state.messages.values()].filter((m) => !before.has(m.data.id));
  return {
    all,
    dm: (user) => all.filter((m) => m.channelId === w.fake.state.dmChannels.get(user)),
    room: all.filter((m) => m.channelId === room),
    text: all.map(plain).join('\n'),
  };
}

export const click = (w: World, m: FakeMessage, prefix: string, userId?: string) =>
  interact(w, { kind: 'button', messageId: m.data.id, customId: buttonOn(m, prefix).custom_id, ...(userId ? { userId } : {}) });

/** A DM may mention others (the step's owner) but notify no one but its recipient; a room message only those it alerts. */
export function expectPingsOnly(m: FakeMessage, users: string[]) {
  const am = m.allowedMentions as { parse?: unknown[]; users?: string[]; roles?: string[] };
  expect(am.parse).toEqual([]);
  expect(am.roles ?? []).toEqual([]);
  expect([...(am.users ?? [])].sort()).toEqual([...users].sort());
  expect(m.pings).toEqual({ everyone: false, users: [...users].sort(), roles: [] });
}

/** Over everything the fake holds: no @everyone/@here or role was ever notified, and a DM notified at most its recipient. */
export function expectNoStrayPings(w: World) {
  const recipientOf = new Map([...w.fake.state.dmChannels].map(([user, channel]) => [channel, user]));
  for (const m of w.fake.state.messages.values()) {
    expect(m.pings.everyone).toBe(false);
    expect(m.pings.roles).toEqual([]);
    const to = recipientOf.get(m.channelId);
    if (to) expect(m.pings.users.filter((u) => u !== to)).toEqual([]);
  }
}

export const alertEvents = async (w: World) =>
  (await readTimeline(w.db, KEY)).filter((e) => e.type === 'deadline.alert').map((e) => e.data as Record<string, unknown>);

