import { expect } from 'vitest';
import type { Core } from '../../src/core.ts';
import { raise } from '../../src/incidents/service.ts';
import { Dispatcher } from '../../src/outbox/dispatcher.ts';
import { findIncident, type Incident } from '../../src/store/incidents.ts';
import { assertChangeable, type crashHarness, deliverAll, dying, INPUT, origin, RecordingPort, untilCrash } from './faults.ts';

/**
 * The crash-point shapes a war-room card shares (the Site, recovery-plan and business-continuity
 * cards): asking for it queues it once, and its delivery posts it once — found again by its key
 * after a crash — records its message, and later changes edit that message instead of posting.
 */
type Harness = ReturnType<typeof crashHarness>;

/** One write (the outbox entry), so two crash points, fewer than the harness's floor: tried here directly. */
export async function cardAskedOnce(harness: Harness, p: { world: string; effect: string; ask: (core: Core, incident: Incident, ev: string) => Promise<unknown> }) {
  const { clock, core } = await harness.world(p.world, { small: true });
  for (const mode of ['before', 'after'] as const) {
    clock.advance(1000);
    const { incident } = await raise(core, INPUT, origin(`ask-${mode}`));
    const entries = () => core.db.m.Outbox.countDocuments({ incidentKey: incident.key, 'effect.kind': p.effect });
    const dead = dying(core, 1, mode);
    await untilCrash(() => p.ask(dead.core, incident, `ask-${mode}`));
    expect(dead.crashed()).toBe(true);
    await p.ask(core, incident, `ask-${mode}`);
    await p.ask(core, incident, `ask-${mode}`);
    expect(await entries()).toBe(1);
  }
}

export type CardDelivery = {
  world: string;
  /** Whether a posted message is this card of incident `key`. */
  titled: (title: string | undefined, key: string) => boolean;
  /** A change the card shows: the first before the crash, the second after it (which must edit the card). */
  change: (core: Core, incident: Incident, ev: string, second: boolean) => Promise<unknown>;
  messageOf: (incident: Incident) => string | undefined;
};

export async function cardDeliveredOnce(harness: Harness, p: CardDelivery) {
  const { clock, core } = await harness.world(p.world, { small: true });
  const port = new RecordingPort();
  const cards = (i: Incident) => port.posts.filter((x) => x.room === i.room?.id && p.titled(x.title, i.key)).length;
  await harness.everyCrashPoint('card delivery', async (n, mode) => {
    clock.advance(1000);
    const { incident } = await raise(core, INPUT, origin(`card-${mode}-${n}`));
    await deliverAll(core, port, clock);
    await p.change(core, (await findIncident(core.db, incident.key))!, `card-first-${mode}-${n}`, false);
    const dead = dying(core, n, mode);
    await untilCrash(() => new Dispatcher(dead.core, port).drain());
    if (!dead.crashed()) return false;
    clock.advance(61_000);
    await deliverAll(core, port, clock);
    const after = (await findIncident(core.db, incident.key))!;
    expect(cards(after)).toBe(1);
    expect(p.messageOf(after)).toBe(port.posts.find((x) => p.titled(x.title, after.key))!.id);
    await p.change(core, after, `card-again-${mode}-${n}`, true);
    await deliverAll(core, port, clock);
    expect(cards(after)).toBe(1);
    await assertChangeable(core, after);
    return true;
  });
}
