import { describe, expect, it } from 'vitest';
import type { RoomMembership } from '../../adapters/port.ts';
import type { Core } from '../../src/core.ts';
import { canAccess, isPrivate, MEMBERSHIP_TTL_MS } from '../../src/incidents/access.ts';
import { findIncident, type Incident } from '../../src/store/incidents.ts';
import { testClock, useTestCore } from '../support/core.ts';
import { shellDriver } from '../support/shell.ts';

const clock = testClock();
const t = useTestCore({ now: clock.now });
const alice = { id: 'alice', name: 'Alice Placeholder' };
const here = (id: string) => ({ platform: 'shell' as const, workspace: 'local', id });

async function raised(line: string, core: Core = t.core): Promise<Incident> {
  const out = await shellDriver(core).type(line, '/skip');
  const key = out.match(/(INC-\d{8}-\d{3}) raised/)![1]!;
  return (await findIncident(core.db, key))!;
}

/** A platform whose rooms hold whom the test says, counting how often it is asked. */
function platform(members: string[] = []) {
  const inRoom = new Set(members);
  const port = {
    asked: 0,
    failing: false,
    async isMember(_room: string, user: string) {
      port.asked++;
      if (port.failing) throw new Error('platform unreachable');
      return inRoom.has(user);
    },
  };
  return { port: port as RoomMembership & typeof port, add: (u: string) => inRoom.add(u), remove: (u: string) => inRoom.delete(u) };
}

describe('who may see and act on an incident', () => {
  it('opens a public incident to everyone in its platform and workspace, and to no one elsewhere', async () => {
    const incident = await raised('/crisis raise title="Rumour online" type=reputation');
    expect(await isPrivate(t.core, incident)).toBe(false);
    expect(await canAccess(t.core, incident, here('mallory'))).toBe(true);
    expect(await canAccess(t.core, incident, { ...here('mallory'), workspace: 'elsewhere' })).toBe(false);
    expect(await canAccess(t.core, incident, { ...here('rita'), platform: 'slack' })).toBe(false);
  });

  it('opens a private incident to its reporter, lead and war-room roster only, without asking the platform', async () => {
    const incident = await raised('/crisis raise title="Ransomware on the file server" type=cyber-attack');
    expect(await isPrivate(t.core, incident)).toBe(true);
    const { port } = platform();
    for (const id of ['rita', 'alice', 'bob', 'grace']) expect(await canAccess(t.core, incident, here(id), port), id).toBe(true);
    expect(port.asked).toBe(0);
    expect(await canAccess(t.core, incident, here('mallory'), port)).toBe(false);
    expect(await canAccess(t.core, incident, here('mallory'))).toBe(false);
  });

  it('lets in the roles levels.yml names under access.always, and only while it names them', async () => {
    // Olga's only role (monitoring_member) is not one of the cyber-attack war room's.
    const olga = { id: 'olga', name: 'Olga Observer', roles: ['monitoring_member'], shell: 'olga' };
    const playbook = { ...t.core.playbook, roster: [...t.core.playbook.roster, olga] };
    expect(playbook.accessRoles).toContain('monitoring_member');
    const incident = await raised('/crisis raise title="Phishing wave" type=cyber-attack', { ...t.core, playbook });
    expect(await canAccess({ ...t.core, playbook }, incident, here('olga'))).toBe(true);
    expect(await canAccess({ ...t.core, playbook: { ...playbook, accessRoles: [] } }, incident, here('olga'))).toBe(false);
  });

  it('follows the war room on the platform: someone added gains access, someone removed loses it, each answer believed for 30 s', async () => {
    const incident = await raised('/crisis raise title="Credential stuffing" type=cyber-attack');
    const room = platform();
    expect(await canAccess(t.core, incident, here('mallory'), room.port)).toBe(false);
    room.add('mallory');
    // The "no" is believed for a while: a burst of clicks costs one platform call.
    expect(await canAccess(t.core, incident, here('mallory'), room.port)).toBe(false);
    expect(room.port.asked).toBe(1);
    clock.advance(MEMBERSHIP_TTL_MS + 1);
    expect(await canAccess(t.core, incident, here('mallory'), room.port)).toBe(true);
    room.remove('mallory');
    clock.advance(MEMBERSHIP_TTL_MS + 1);
    expect(await canAccess(t.core, incident, here('mallory'), room.port)).toBe(false);
    expect(room.port.asked).toBe(3);
  });

  it('refuses when the platform cannot say, and asks again next time', async () => {
    const incident = await raised('/crisis raise title="DDoS on the shop" type=cyber-attack');
    const room = platform(['mallory']);
    room.port.failing = true;
    expect(await canAccess(t.core, incident, here('mallory'), room.port)).toBe(false);
    room.port.failing = false;
    expect(await canAccess(t.core, incident, here('mallory'), room.port)).toBe(true);
    expect(room.port.asked).toBe(2);
  });

  it('keeps an incident private once a private level was reached, whichever way the level moves afterwards', async () => {
    const lead = shellDriver(t.core).as(alice);
    const severe = await raised('/crisis raise title="Explosion in hall 2" type=safety-accident people_affected=150');
    expect(severe.level).toBe(1);
    expect(await lead.type(`/crisis level ${severe.key} 3 Fewer people hurt than first reported`)).toContain('is now level 3');
    const lowered = (await findIncident(t.core.db, severe.key))!;
    expect(lowered.level).toBe(3);
    expect(await canAccess(t.core, lowered, here('mallory'))).toBe(false);

    const mild = await raised('/crisis raise title="Minor spill" type=safety-accident');
    expect(await canAccess(t.core, mild, here('mallory'))).toBe(true);
    await lead.type(`/crisis level ${mild.key} 1 Toxic after all`);
    expect(await canAccess(t.core, (await findIncident(t.core.db, mild.key))!, here('mallory'))).toBe(false);
  });
});
