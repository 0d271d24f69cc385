import { describe, expect, it } from 'vitest';
import { deliveryFor, registerDelivery } from '../../src/outbox/deliveries.ts';
import { enqueue, type Effect } from '../../src/outbox/enqueue.ts';
import '../../src/outbox/features.ts';
import { findIncident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { testClock, useTestCore } from '../support/core.ts';
import { shellDriver } from '../support/shell.ts';

const t = useTestCore({ now: testClock().now });
const KINDS: Effect['kind'][] = [
  'open-room', 'invite', 'post-summary', 'post-checklist', 'confirm-reporter', 'refresh-checklist', 'dm', 'room-notice', 'post-update',
  'refresh-summary', 'post-assessment', 'refresh-assessment', 'assess-invite', 'post-fact', 'level-changed', 'phase-changed',
  'roles-card', 'role-brief', 'handover-offer', 'resource-notice', 'resource-ask',
];

describe('outbox effects are delivered by the handler their feature registered', () => {
  it('has a handler for every effect kind, and refuses a second registration of one', () => {
    expect(KINDS.filter((k) => !deliveryFor(k))).toEqual([]);
    expect(() => registerDelivery('invite', async () => {})).toThrow("delivery for 'invite' registered twice");
  });

  it('logs an effect kind nobody registered as a failed delivery, and goes on delivering the rest', async () => {
    const shell = shellDriver(t.core);
    const out = await shell.type('/crisis raise title="Unknown effect" type=reputation', '/skip');
    const key = out.match(/(INC-\d{8}-\d{3}) raised/)![1]!;
    const incident = (await findIncident(t.core.db, key))!;
    await enqueue(t.core, incident, [{ kind: 'made-up' } as unknown as Effect, { kind: 'refresh-summary' }]);
    await shell.sweep();
    const failed = (await readTimeline(t.core.db, key)).filter((e) => e.type === 'delivery.failed');
    expect(failed.map((e) => e.data)).toEqual([expect.objectContaining({ effect: 'made-up', code: 'unknown_effect' })]);
    expect(await t.core.db.m.Outbox.countDocuments({ incidentKey: key, status: 'pending' })).toBe(0);
  });
});
