// The reporter's "the war room is ready" confirmation is an ephemeral: the platform cannot be asked
// afterwards whether it was shown, so unlike a post it cannot be looked for before a retry. A
// process that crashes at any write of the raise's delivery and is followed by another leaves the
// reporter told once — or, when it died between recording "told" and telling, not at all (at most
// once, by design: the war room itself is posted by key and always there to open).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplyTarget } from '../../adapters/port.ts';
import type { Core } from '../../src/core.ts';
import { raise, type Origin } from '../../src/incidents/service.ts';
import { Dispatcher } from '../../src/outbox/dispatcher.ts';
import { toldClaim } from '../../src/outbox/tell-once.ts';
import { outboxId } from '../../src/outbox/enqueue.ts';
import { isClaimed } from '../../src/store/claims.ts';
import { plain, type Card } from '../../src/ui/card.ts';
import { connectDb, makeCore, startTestDb, testClock } from '../support/core.ts';
import { faultyDb, RecordingPort, untilCrash, type CrashMode } from '../support/faults.ts';

let server: Awaited<ReturnType<typeof startTestDb>>;
beforeAll(async () => {
  server = await startTestDb();
});
afterAll(async () => server?.stop());

const reporter = { id: 'rita', name: 'Rita' };
const origin = (eventKey: string): Origin => ({ platform: 'shell', workspace: 'local', locale: 'en', reporter, eventKey });
const INPUT = { title: 'Warehouse fire', type: 'supply-chain', criteria: {} };

/** A platform that keeps every line told to each person. */
class TellingPort extends RecordingPort {
  readonly lines: { user: string; text: string }[] = [];
  override async tell(to: ReplyTarget, card: Card): Promise<void> {
    for (const b of card.blocks) if (b.kind === 'text') this.lines.push({ user: to.user, text: plain(b.text) });
  }
  confirmations(key: string): number {
    return this.lines.filter((l) => l.user === reporter.id && l.text.startsWith(`${key} is open`)).length;
  }
}

async function deliverAll(core: Core, port: RecordingPort, clock: ReturnType<typeof testClock>) {
  const dispatcher = new Dispatcher(core, port);
  for (let i = 0; i < 20; i++) {
    await dispatcher.drain();
    if ((await core.db.m.Outbox.countDocuments({ status: 'pending' })) === 0) return;
    clock.advance(61_000);
  }
  throw new Error('the outbox never emptied');
}

describe("the reporter's confirmation through a crash at any write of the raise's delivery", () => {
  it('is told once, or not at all when the crash fell between recording it and telling it — never twice', { timeout: 600_000 }, async () => {
    const clock = testClock(new Date('2026-11-28T10:00:00Z'));
    const core = await makeCore(await connectDb(server.uri('tell_once')), { now: clock.now });
    const outcomes = { once: 0, never: 0 };
    try {
      for (const mode of ['before', 'after'] as CrashMode[]) {
        for (let n = 1; n < 200; n++) {
          const port = new TellingPort();
          const { incident } = await raise(core, INPUT, origin(`tell-${mode}-${n}`));
          const faulty = faultyDb(core.db, n, mode);
          await untilCrash(() => new Dispatcher({ ...core, db: faulty.db }, port).drain());
          if (!faulty.crashed()) break;
          const toldByTheDead = port.confirmations(incident.key);
          const claimed = await isClaimed(core.db, toldClaim(outboxId(incident, { kind: 'confirm-reporter' })));
          // The next process: past the dead one's leases, it delivers what is left.
          clock.advance(61_000);
          await deliverAll(core, port, clock);
          const told = port.confirmations(incident.key);
          expect(told, `crash at write ${n} (${mode} it)`).toBe(claimed && toldByTheDead === 0 ? 0 : 1);
          outcomes[told === 1 ? 'once' : 'never']++;
        }
      }
    } finally {
      await core.db.close();
    }
    expect(outcomes.once).toBeGreaterThan(10);
    // Only a crash between the "told" record and the call leaves the reporter untold: the told
    // write itself, or — since a stage's effects run concurrently, and the order of their writes
    // shifts with the machine's load — a sibling effect's write that lands in that window. CI saw 2.
    expect(outcomes.never).toBeLessThanOrEqual(3);
    console.log(`reporter confirmation: ${outcomes.once + outcomes.never} crash points, told once after ${outcomes.once}, not told after ${outcomes.never}`);
  });
});
