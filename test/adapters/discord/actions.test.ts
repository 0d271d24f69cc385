import { describe, expect, it } from 'vitest';
import { addFact } from '../../../src/assessment/service.ts';
import { findIncident } from '../../../src/store/incidents.ts';
import { readTimeline } from '../../../src/store/timeline.ts';
import { defaultGuildSeed, type FakeMessage, type GuildSeed } from '../../fakes/discord/index.ts';
import { buttonOn, fillPages, guildWithRoster, interact, modalOf, raiseIncident, replyOf, ROSTER, submitModal, textOf, unescape, useWorlds, type World } from './support.ts';

const openWorld = useWorlds();
const KEY = 'INC-20261128-001';
const PRIVATE = 'INC-20261128-002';
const ERIN = '100000000000000005';
const OUTSIDER = '199999999999999999';
/** The default guild, with erin (a roster person) and someone the roster does not know as members. */
function guild(): GuildSeed {
  const seed = guildWithRoster(defaultGuildSeed());
  return { ...seed, members: [...seed.members!, { id: ERIN, username: 'erin-roster' }, { id: OUTSIDER, username: 'outsider' }] };
}
const plain = (m: FakeMessage) => unescape(textOf(m));
const say = async (w: World, userId: string, options: Record<string, string>) => plain(replyOf(w, await interact(w, { kind: 'slash', subcommand: 'action', options, userId })));

describe('Discord: root-cause analysis and improvement actions, with the real discord.js client', { timeout: 120_000 }, () => {
  it('records the RCA through paged modals, adds and completes actions, and lists open ones across incidents without the private one', async () => {
    const w = await openWorld('actions_flow', { guilds: [guild()] });
    await raiseIncident(w, { title: 'Leaking valve', type: 'reputation' });
    await addFact(w.core, (await findIncident(w.db, KEY))!, { what: 'Seal past its service date', source: 'interview', confidence: 'high' }, { id: ROSTER.lead, name: 'Alice Placeholder' });

    const first = modalOf(await interact(w, { kind: 'slash', subcommand: 'action', options: { key: KEY, verb: 'rca' }, userId: ROSTER.lead }));
    expect(first.title).toMatch(/^Root-cause analysis — INC-20261128-001 \(1\/\d\)/);
    const typed = {
      problem: 'The valve leaked at night', why1: 'The seal failed', cat1: 'equipment', why2: 'Its service was skipped', cat2: 'process',
      evidence: 'F1', corrective: `Replace the valve seals; <@${ERIN}>; 2026-12-10 17:00`,
    };
    const last = await fillPages(w, first, typed, { userId: ROSTER.lead });
    const recorded = plain(replyOf(w, await submitModal(w, last.modal, typed, { userId: ROSTER.lead, messageId: last.messageId })));
    expect(recorded).toBe(`Root-cause analysis v1 of ${KEY} recorded; its corrective actions are A1.`);
    const i = (await findIncident(w.db, KEY))!;
    expect(i.rca![0]).toMatchObject({ v: 1, problem: 'The valve leaked at night', evidence: ['F1'], whys: [{ text: 'The seal failed', category: 'equipment' }, { text: 'Its service was skipped', category: 'process' }] });
    expect(i.actions![0]).toMatchObject({ id: 'A1', source: 'root-cause', owner: { person: { id: ERIN, name: 'Erin Placeholder' } } });
    expect(await say(w, ROSTER.lead, { key: KEY, verb: 'rca', item: 'show' })).toContain('Why 2: Its service was skipped [process]');

    // An unknown owner is named; a good add gets A2; the owner marks it done.
    expect(await say(w, ROSTER.lead, { key: KEY, verb: 'add', text: 'Train the night shift', owner: 'zed', due: '2026-12-20' })).toContain("Owner: 'zed' is neither a person in roster.yml");
    expect(await say(w, ROSTER.lead, { key: KEY, verb: 'add', text: 'Train the night shift', owner: `<@${ERIN}>`, due: '2026-12-20', source: 'lesson' })).toBe(`Action A2 added to ${KEY}; its owner hears when it falls due.`);
    expect(await say(w, ERIN, { key: KEY, verb: 'done', item: 'A2', text: 'done in one session' })).toBe(`Action A2 of ${KEY} is done; its alerts stop.`);
    await w.discord.idle();
    const room = w.fake.state.messagesIn(i.room!.id).map(plain);
    expect(room.some((m) => m.includes(`alice-lead recorded the root-cause analysis of ${KEY} (version 1)`))).toBe(true);
    expect(room.some((m) => m.includes('erin-roster marked A2 "Train the night shift" done — done in one session.'))).toBe(true);
    const toErin = w.fake.state.messagesIn(w.fake.state.dmChannels.get(ERIN) ?? '').map(plain);
    expect(toErin.some((m) => m.includes(`Improvement action for you — ${KEY}: A1`) && m.includes('Replace the valve seals'))).toBe(true);
    expect(toErin.some((m) => m.includes(`Improvement action for you — ${KEY}: A2`))).toBe(true);
    // Done from the DM's button: a Discord DM has no guild, the incident is found from the button.
    const dm = w.fake.state.messagesIn(w.fake.state.dmChannels.get(ERIN) ?? '').find((m) => plain(m).includes(`${KEY}: A1`))!;
    const pressed = await interact(w, { kind: 'button', messageId: dm.data.id, customId: buttonOn(dm, 'action.done:').custom_id, userId: ERIN });
    expect((w.fake.state.interactions.get(pressed.id)?.followupIds ?? []).map((id) => plain(w.fake.state.message(id)!))).toEqual([`Action A1 of ${KEY} is done; its alerts stop.`]);
    expect((await readTimeline(w.db, KEY)).map((e) => e.type).filter((x) => x.startsWith('action.') || x.startsWith('rca.'))).toEqual(['rca.recorded', 'action.added', 'action.done', 'action.done']);

    // A private incident's open action is on the lead's list (its war room's people), not on an outsider's.
    await raiseIncident(w, { title: 'Ransomware on the file server', type: 'cyber-attack' });
    expect(await say(w, ROSTER.lead, { key: PRIVATE, verb: 'add', text: 'Rotate the backup keys', owner: 'technical_expert', due: '2026-12-30' })).toContain(`Action A1 added to ${PRIVATE}`);
    const leads = await say(w, ROSTER.lead, { verb: 'list' });
    expect(leads).toContain(`A1 · ${PRIVATE} · Rotate the backup keys`);
    expect(leads).not.toContain(`A1 · ${KEY} · Replace the valve seals`);
    expect(leads).not.toContain('Train the night shift');
    expect(await say(w, ROSTER.lead, { key: KEY, verb: 'add', text: 'Check the other valves', owner: 'operations', due: '2026-12-22' })).toContain(`Action A3 added to ${KEY}`);
    const outsiders = await say(w, OUTSIDER, { verb: 'list' });
    expect(outsiders).toContain(`A3 · ${KEY} · Check the other valves`);
    expect(outsiders).not.toContain(PRIVATE);
    expect(outsiders).not.toContain('Rotate the backup keys');
  });
});
