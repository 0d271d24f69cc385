import { describe, expect, it } from 'vitest';
import type { RoomMembership } from '../../adapters/port.ts';
import { clickButton } from '../../commands/buttons.ts';
import { runCommand, submitForm, type Unrecorded } from '../../commands/index.ts';
import type { Invocation, Outcome } from '../../commands/types.ts';
import type { Locale } from '../../src/playbook/text.ts';
import { findIncident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { plain, type Card } from '../../src/ui/card.ts';
import { testClock, useTestCore } from '../support/core.ts';
import { shellDriver } from '../support/shell.ts';

const clock = testClock();
const t = useTestCore({ now: clock.now });
const NO_SUCH_KEY = 'INC-20261128-999';

/** A war room on a platform that holds only the people the test puts there. */
const room = (...members: string[]): RoomMembership => ({ isMember: async (_room, user) => members.includes(user) });

function as(id: string, membership: RoomMembership = room(), locale: Locale = 'en'): Omit<Invocation, 'args'> {
  return { platform: 'shell', workspace: 'local', user: { id, name: id }, locale, membership };
}

const cardText = (c: Card) => [c.title, ...c.blocks.map((b) => (b.kind === 'text' || b.kind === 'item' ? plain(b.text) : b.kind === 'heading' ? b.text : ''))].filter(Boolean).join('\n');
const said = (o: Outcome | Unrecorded | undefined) => (o?.kind === 'reply' ? o.cards.map(cardText).join('\n') : o?.kind === 'unrecorded' ? o.message : `form: ${o?.form.title}`);

async function raise(line: string): Promise<string> {
  const out = await shellDriver(t.core).type(line, '/skip');
  return out.match(/(INC-\d{8}-\d{3}) raised: /)![1]!;
}

/** Every command and form that reads or changes an incident, as someone would type or submit it. */
const ATTEMPTS: [string, (who: Omit<Invocation, 'args'>, key: string) => Promise<Outcome | Unrecorded | undefined>][] = [
  ['status', (who, key) => runCommand(t.core, who, `status ${key}`)],
  ['timeline', (who, key) => runCommand(t.core, who, `timeline ${key}`)],
  ['tick', (who, key) => runCommand(t.core, who, `tick ${key} 1`)],
  ['untick', (who, key) => runCommand(t.core, who, `untick ${key} 1`)],
  ['update', (who, key) => runCommand(t.core, who, `update ${key} The attacker is still inside`)],
  ['need-help', (who, key) => runCommand(t.core, who, `need-help ${key} 1`)],
  ['snooze', (who, key) => runCommand(t.core, who, `snooze ${key} 1`)],
  ['ack', (who, key) => runCommand(t.core, who, `ack ${key}`)],
  ['assess', (who, key) => runCommand(t.core, who, `assess ${key}`)],
  ['fact', (who, key) => runCommand(t.core, who, `fact ${key} add`)],
  ['impact', (who, key) => runCommand(t.core, who, `impact ${key}`)],
  ['level', (who, key) => runCommand(t.core, who, `level ${key} 1 worse`)],
  ['phase', (who, key) => runCommand(t.core, who, `phase ${key} respond`)],
  ['Done button', (who, key) => clickButton(t.core, who, 'step.done', `${key}:1`)],
  ['Update button', (who, key) => clickButton(t.core, who, 'incident.update', key)],
  ['update form', (who, key) => submitForm(t.core, who, 'update', { text: 'Leaked from the form' }, key)],
  ['fact form', (who, key) => submitForm(t.core, who, 'fact', { what: 'Backups are gone' }, `add:${key}`)],
  ['impact form', (who, key) => submitForm(t.core, who, 'impact', {}, key)],
  ['level form', (who, key) => submitForm(t.core, who, 'level', { reason: 'worse' }, `${key}:1`)],
];

describe('a private incident, to someone outside its war room, is an incident that does not exist', () => {
  it('answers every command, button and form exactly as for an unknown key, and changes nothing', async () => {
    const key = await raise('/crisis raise title="Ransomware on the file server" type=cyber-attack');
    const before = await readTimeline(t.core.db, key);
    for (const [what, attempt] of ATTEMPTS) {
      const refused = said(await attempt(as('mallory'), key));
      const unknown = said(await attempt(as('mallory'), NO_SUCH_KEY));
      expect(refused, what).toBe(`There is no incident ${key}; /crisis status lists the open ones.`);
      expect(refused.replaceAll(key, NO_SUCH_KEY), what).toBe(unknown);
    }
    expect(await readTimeline(t.core.db, key)).toEqual(before);
    expect((await t.core.db.m.Step.countDocuments({ incidentKey: key, status: 'done' }))).toBe(0);
  });

  it('is no war room to them when they type in its room without a key', async () => {
    const key = await raise('/crisis raise title="Data exfiltration" type=cyber-attack');
    const inRoom = { ...as('mallory'), room: (await findIncident(t.core.db, key))!.room!.id };
    expect(said(await runCommand(t.core, inRoom, 'timeline'))).toBe(said(await runCommand(t.core, { ...as('mallory'), room: 'ops' }, 'timeline')));
    expect(said(await runCommand(t.core, inRoom, 'status'))).not.toContain('Data exfiltration');
  });

  it('shows in their status list as a count, never a key or a title, in both languages', async () => {
    const key = await raise('/crisis raise title="Insider selling data" type=cyber-attack');
    const list = said(await runCommand(t.core, as('mallory'), 'status'));
    expect(list).not.toContain(key);
    expect(list).not.toMatch(/Ransomware|exfiltration|Insider/);
    expect(list).toMatch(/\b\d+ private incidents \(only the people of their war rooms can see them\)\./);
    const zh = said(await runCommand(t.core, as('mallory', room(), 'zh-CN'), 'status'));
    expect(zh).toMatch(/另有 \d+ 个非公开事件（仅各自作战室成员可见）。/);
    // Its people see it listed as before.
    expect(said(await runCommand(t.core, as('alice'), 'status'))).toContain(`${key} · level`);
  });
});

describe('the people of a private incident act on it as before', () => {
  it('lets a person the platform has in the war room, and an always-entitled role, tick and read it', async () => {
    const key = await raise('/crisis raise title="Defaced website" type=cyber-attack');
    expect(said(await runCommand(t.core, as('mallory', room('mallory')), `tick ${key} 1`))).toContain(`Step 1 of ${key} done`);
    // Ivan holds executive, a role levels.yml entitles always; he needs no platform to say so.
    expect(said(await clickButton(t.core, as('ivan'), 'step.done', `${key}:2`))).toContain(`Step 2 of ${key} done`);
    expect(said(await runCommand(t.core, as('bob'), `timeline ${key}`))).toContain('step 1 done by mallory');
  });

  it('lists one hidden private incident as "1 private incident" next to the ones the person may see', async () => {
    // A workspace of its own, so the list holds these two only.
    const there = { ...as('rita'), workspace: 'branch-office' };
    const raiseThere = async (title: string, type: string) => said(await submitForm(t.core, there, 'raise', { title, type })).match(/INC-\d{8}-\d{3}/)![0];
    const open = await raiseThere('Bad review storm', 'reputation');
    await raiseThere('Stolen laptops', 'cyber-attack');
    const list = said(await runCommand(t.core, { ...as('mallory'), workspace: 'branch-office' }, 'status'));
    expect(list).toContain(`${open} · level 4 · Bad review storm`);
    expect(list).toContain('1 private incident (only the people of its war room can see it).');
    expect(list).not.toContain('Stolen laptops');
  });
});

describe('a public incident stays open to the workspace', () => {
  it('lets anyone read it and tick its steps', async () => {
    const key = await raise('/crisis raise title="Late deliveries" type=supply-chain');
    expect(said(await runCommand(t.core, as('mallory'), `status ${key}`))).toContain('Late deliveries');
    expect(said(await runCommand(t.core, as('mallory'), `tick ${key} 1`))).toContain(`Step 1 of ${key} done`);
  });
});
