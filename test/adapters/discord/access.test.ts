// Private incidents on Discord, through the real discord.js client and the fake guild: the war room's
// permission overwrites say who may see and act on the incident, checked at the moment of use.
import { vi, describe, expect, it } from 'vitest';
import { MEMBERSHIP_TTL_MS } from '../../../src/incidents/access.ts';
import { readTimeline } from '../../../src/store/timeline.ts';
import { findIncident } from '../../../src/store/incidents.ts';
import type { Card } from '../../../src/ui/card.ts';
import { IDS, P, type FakeOverwrite } from '../../fakes/discord/index.ts';
import { channelObject } from '../../fakes/discord/payloads.ts';
import { loadDefaultPlaybook } from '../../support/core.ts';
import { interact, raiseIncident, replyOf, textOf, unescape, useWorlds, type As, type World } from './support.ts';

const openWorld = useWorlds();
const KEY = 'INC-20261128-001';
const NO_SUCH_KEY = 'INC-20261128-999';
/** A member of the guild (not its owner, no roles), on no roster, not in the war room. */
const OUTSIDER = IDS.bob;
const unknown = (key: string) => `There is no incident ${key}; /crisis status lists the open ones.`;
const RANSOMWARE = { title: 'Ransomware on the file server', type: 'cyber-attack' };

/** `/crisis <subcommand>` with these options, by `userId` in #general; the private answer's text. */
async function answer(w: World, subcommand: string, options: Record<string, string | number> = {}, as: As = { userId: OUTSIDER }): Promise<string> {
  return unescape(textOf(replyOf(w, await interact(w, { kind: 'slash', subcommand, options, ...as }))));
}

/** The war room's overwrites changed as a guild admin would change them in Discord; resolves once the bot's cache shows it. */
async function setOverwrites(w: World, room: string, change: (o: FakeOverwrite[]) => FakeOverwrite[]): Promise<void> {
  const channel = w.fake.state.channels.get(room)!;
  channel.overwrites = change(channel.overwrites);
  w.fake.dispatch('CHANNEL_UPDATE', channelObject(w.fake.state, channel));
  const ids = channel.overwrites.map((o) => o.id).sort();
  await vi.waitFor(() => {
    const cached = w.discord.client.channels.cache.get(room);
    const seen = cached && 'permissionOverwrites' in cached ? [...cached.permissionOverwrites.cache.keys()].sort() : [];
    if (JSON.stringify(seen) !== JSON.stringify(ids)) throw new Error('CHANNEL_UPDATE not seen yet');
  });
}

const memberAllow = (id: string, type: 0 | 1 = 1): FakeOverwrite => ({ id, type, allow: String(P.ViewChannel | P.SendMessages | P.ReadMessageHistory), deny: '0' });

describe('Discord: a private incident is open to its war room only', { timeout: 120_000 }, () => {
  it('answers a guild member outside the channel as for an unknown key, commands and a Done button in a DM alike', async () => {
    const w = await openWorld('access_outsider');
    await raiseIncident(w, RANSOMWARE);
    const incident = (await findIncident(w.db, KEY))!;
    expect(w.fake.state.channelPermissions(incident.room!.id, OUTSIDER)).toBe(0n);

    const tries: [string, Record<string, string | number>][] = [
      ['status', { key: KEY }], ['timeline', { key: KEY }], ['tick', { key: KEY, n: 1 }], ['untick', { key: KEY, n: 1 }],
      ['update', { key: KEY, text: 'They are still inside' }], ['need-help', { key: KEY, n: 1 }],
    ];
    for (const [subcommand, options] of tries) {
      expect(await answer(w, subcommand, options), subcommand).toBe(unknown(KEY));
      expect(await answer(w, subcommand, { ...options, key: NO_SUCH_KEY }), subcommand).toBe(unknown(NO_SUCH_KEY));
    }

    // A Done button that reached them in a DM (a forwarded overdue alert) does no more.
    const alert: Card = { blocks: [{ kind: 'actions', buttons: [{ id: 'step.done', label: 'Done', value: `${KEY}:1` }] }] };
    const dm = await w.discord.port.dm(OUTSIDER, alert);
    const click = await interact(w, { kind: 'button', messageId: dm.id, customId: `step.done:${KEY}:1`, userId: OUTSIDER });
    const followUps = w.fake.state.interactions.get(click.id)!.followupIds.map((id) => unescape(textOf(w.fake.state.message(id)!)));
    expect(followUps).toEqual([unknown(KEY)]);
    expect((await readTimeline(w.db, KEY)).filter((e) => e.type === 'step.done' || e.type === 'update.posted')).toEqual([]);

    const list = await answer(w, 'status');
    expect(list).toContain('1 private incident (only the people of its war room can see it).');
    expect(list).not.toContain('Ransomware');
    // Its people see it as before.
    expect(await answer(w, 'status', { key: KEY }, {})).toContain(`${KEY}: Ransomware on the file server`);
  });

  it("follows the channel's permission overwrites: added as a person or through a role gains access, removed loses it", async () => {
    const w = await openWorld('access_overwrites');
    await raiseIncident(w, RANSOMWARE);
    const room = (await findIncident(w.db, KEY))!.room!.id;
    expect(await answer(w, 'status', { key: KEY })).toBe(unknown(KEY));

    await setOverwrites(w, room, (o) => [...o, memberAllow(OUTSIDER)]);
    w.clock.advance(MEMBERSHIP_TTL_MS + 1);
    expect(await answer(w, 'tick', { key: KEY, n: 1 })).toContain(`Step 1 of ${KEY} done`);

    await setOverwrites(w, room, (o) => o.filter((x) => x.id !== OUTSIDER));
    w.clock.advance(MEMBERSHIP_TTL_MS + 1);
    expect(await answer(w, 'timeline', { key: KEY })).toBe(unknown(KEY));

    // The room lets in a role; given that role in Discord (no event reaches the bot), they are in.
    await setOverwrites(w, room, (o) => [...o, memberAllow(IDS.responders, 0)]);
    w.fake.state.guilds.get(IDS.guild)!.members.get(OUTSIDER)!.roles.push(IDS.responders);
    w.clock.advance(MEMBERSHIP_TTL_MS + 1);
    expect(await answer(w, 'status', { key: KEY })).toContain(`${KEY}: Ransomware on the file server`);
  });

  it("acts on Discord's channel updates at once: added to the overwrites gains access, removed loses it, before the cache would expire", async () => {
    const w = await openWorld('access_events');
    await raiseIncident(w, RANSOMWARE);
    const room = (await findIncident(w.db, KEY))!.room!.id;
    expect(await answer(w, 'status', { key: KEY })).toBe(unknown(KEY));
    await setOverwrites(w, room, (o) => [...o, memberAllow(OUTSIDER)]);
    expect(await answer(w, 'status', { key: KEY })).toContain(`${KEY}: Ransomware on the file server`);
    await setOverwrites(w, room, (o) => o.filter((x) => x.id !== OUTSIDER));
    expect(await answer(w, 'tick', { key: KEY, n: 1 })).toBe(unknown(KEY));
    expect((await readTimeline(w.db, KEY)).filter((e) => e.type === 'step.done')).toEqual([]);
  });

  it('lets in an always-entitled role outside the channel, and leaves public incidents open to the guild', async () => {
    const pb = await loadDefaultPlaybook();
    // Carol is on the roster only as a monitoring-group member: no cyber-attack war-room role, but one levels.yml always entitles.
    const playbook = { ...pb, roster: [...pb.roster, { id: 'carol-d', name: 'Carol Observer', roles: ['monitoring_member'], discord: IDS.carol }] };
    const w = await openWorld('access_entitled', { playbook });
    await raiseIncident(w, RANSOMWARE);
    const room = (await findIncident(w.db, KEY))!.room!.id;
    expect(w.fake.state.channelPermissions(room, IDS.carol)).toBe(0n);
    expect(await answer(w, 'status', { key: KEY }, { userId: IDS.carol })).toContain(`${KEY}: Ransomware on the file server`);

    await raiseIncident(w, { title: 'Late deliveries', type: 'supply-chain' });
    const publicKey = 'INC-20261128-002';
    expect(await answer(w, 'tick', { key: publicKey, n: 1 })).toContain(`Step 1 of ${publicKey} done`);
  });
});
