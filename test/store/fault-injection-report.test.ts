import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.ts';
import { raise } from '../../src/incidents/service.ts';
import { Dispatcher } from '../../src/outbox/dispatcher.ts';
import { outboxId } from '../../src/outbox/enqueue.ts';
import { resumeStale } from '../../src/recovery.ts';
import { finaliseReport } from '../../src/report/final.ts';
import { requestReportPost } from '../../src/report/post.ts';
import { findIncident, type Incident } from '../../src/store/incidents.ts';
import { findFinalReport } from '../../src/store/reports.ts';
import { stepsOf } from '../../src/store/steps.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { startTestDb } from '../support/core.ts';
import { count, crashHarness, deliverAll, dying, INPUT, origin, RecordingPort, untilCrash } from '../support/faults.ts';
import { toReview } from '../report/review.ts';

// The crash-point test for the report (src/report/final.ts, deliveries.ts): a process dies at its
// Nth write, before or after it. Making the report final: after the recovery pass and the lead's
// second try there is one stored report, one report.finalised event carrying its hash, one post of
// it queued. Posting it: after another process delivers what is left, the file is uploaded once
// (the port returns what an earlier attempt left under the key, as Slack's and Discord's look-ups
// do) and report.posted is recorded once, with the hash of the bytes uploaded.

let server: Awaited<ReturnType<typeof startTestDb>>;
beforeAll(async () => {
  server = await startTestDb();
});
afterAll(async () => server?.stop());

const { world, everyCrashPoint, report } = crashHarness({ uri: (name) => server.uri(name) });
afterAll(() => console.log(report('fault injection (report)')));

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function inReview(core: Core, ev: string, port: RecordingPort, clock: { advance(ms: number): void }): Promise<Incident> {
  const { incident } = await raise(core, INPUT, origin(ev));
  await deliverAll(core, port, clock);
  await toReview(core, incident.key, incident.lead!);
  await deliverAll(core, port, clock);
  return (await findIncident(core.db, incident.key))!;
}

describe('a crash at any write of the final report or of the report post', () => {
  it('making the report final: stored once, one event with its hash, one post queued', { timeout: 600_000 }, async () => {
    // The whole plans: the report's own step (summary-report, in review) is among their last.
    const { clock, core } = await world('fault-report-final');
    const port = new RecordingPort();
    await everyCrashPoint('report final', async (n, mode) => {
      clock.advance(1000);
      const incident = await inReview(core, `final-${mode}-${n}`, port, clock);
      const lead = incident.lead!;
      const dead = dying(core, n, mode);
      await untilCrash(() => finaliseReport(dead.core, incident, lead, 'en'));
      if (!dead.crashed()) return false;
      clock.advance(31_000);
      await resumeStale(core);
      const again = await finaliseReport(core, (await findIncident(core.db, incident.key))!, lead, 'en');
      const stored = (await findFinalReport(core.db, incident.key))!;
      expect(again.sha256).toBe(stored.sha256);
      expect(stored.sha256).toBe(sha(stored.bytes));
      const events = (await readTimeline(core.db, incident.key)).filter((e) => e.type === 'report.finalised');
      expect(events.map((e) => e.data.sha256)).toEqual([stored.sha256]);
      expect(await core.db.m.Outbox.countDocuments({ _id: outboxId(incident, { kind: 'post-report', final: true, by: lead }, 'final') })).toBe(1);
      expect(await core.db.m.Op.countDocuments({})).toBe(0);
      // The plan's report step is done, once: its ladder reminds nobody any more.
      const step = (await stepsOf(core.db, incident)).find((s) => s.planStepId === 'summary-report')!;
      expect(step.status).toBe('done');
      expect(count(await readTimeline(core.db, incident.key), 'step.done')).toBe(1);
      // The queued post delivers the stored bytes, once.
      await deliverAll(core, port, clock);
      const up = port.uploads.filter((u) => u.room === incident.room!.id);
      expect(up.map((u) => sha(u.bytes))).toEqual([stored.sha256]);
      return true;
    });
  });

  it('posting the report: uploaded once, report.posted once with the hash of what was uploaded', { timeout: 600_000 }, async () => {
    const { clock, core } = await world('fault-report-post', { small: true });
    const port = new RecordingPort();
    await everyCrashPoint('report post', async (n, mode) => {
      clock.advance(1000);
      const incident = await inReview(core, `post-${mode}-${n}`, port, clock);
      await requestReportPost(core, incident, incident.lead!, `post-${mode}-${n}`);
      const dead = dying(core, n, mode);
      await untilCrash(() => new Dispatcher(dead.core, port).drain());
      if (!dead.crashed()) return false;
      await deliverAll(core, port, clock);
      const up = port.uploads.filter((u) => u.room === incident.room!.id);
      expect(up).toHaveLength(1);
      const events = await readTimeline(core.db, incident.key);
      expect(count(events, 'report.posted')).toBe(1);
      expect(events.find((e) => e.type === 'report.posted')!.data.sha256).toBe(sha(up[0]!.bytes));
      expect(port.countsIn(incident.room!.id)[`Draft report ${incident.key}`]).toBe(1);
      return true;
    });
  });
});
