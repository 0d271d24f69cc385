import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { anchorSink } from '../../src/audit/anchors.ts';
import { auditDatabase } from '../../src/audit/audit.ts';
import { formatText } from '../../src/audit/report.ts';
import type { AuditScope } from '../../src/audit/run.ts';
import type { Core } from '../../src/core.ts';
import { raise } from '../../src/incidents/service.ts';
import { setStepDone } from '../../src/incidents/tick.ts';
import { connectDb, makeCore, testClock, useTestDb } from '../support/core.ts';

export const AUDIT_KEY = Buffer.from('test-audit-key-0123456789abcdef0123456789abcdef', 'utf8');

export const origin = { platform: 'shell' as const, workspace: 'local', locale: 'en' as const, reporter: { id: 'rita', name: 'Rita' } };
export const ann = { id: 'a', name: 'Ann' };

/**
 * A fresh database per test, written through the real store with the audit key and an anchors
 * file in a temporary directory; `audit()` runs the whole audit on it and also returns its text.
 */
export function useAuditedDb() {
  const testDb = useTestDb();
  let dir = '';
  let n = 0;
  const open: Core[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'crisis-audit-'));
  });
  afterEach(async () => {
    for (const c of open.splice(0)) await c.db.close();
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  return {
    /** A core on a new database; `keyed: false` writes as the store did before the audit key. */
    async fresh(opts: { keyed?: boolean; name?: string } = {}) {
      const name = opts.name ?? `audit_${process.pid}_${++n}`;
      const identity = `test:${name}`;
      const file = path.join(dir, `${name}.jsonl`);
      const clock = testClock();
      const keyed = opts.keyed ?? true;
      const db = await connectDb(testDb.uri(name), keyed ? { auditKey: AUDIT_KEY, anchor: anchorSink(file, AUDIT_KEY, identity, pino({ level: 'silent' }), clock.now) } : {});
      const core = await makeCore(db, { now: clock.now });
      open.push(core);
      const audit = async (scope: AuditScope = {}) => {
        const report = await auditDatabase(core.db, AUDIT_KEY, { file, identity }, scope);
        return { report, text: formatText(report, 'the test key').join('\n') };
      };
      return { core, name, file, clock, audit, raw: (collection: string) => core.db.conn.collection(collection) };
    },
  };
}

/** An incident with four events: raised, step 1 done, step 2 done, step 1 reopened. */
export async function incidentWithHistory(core: Core, title = 'Audited') {
  const { incident } = await raise(core, { title, type: 'cyber-attack', criteria: { regions: 2 } }, origin);
  await setStepDone(core, incident, 1, true, ann);
  await setStepDone(core, incident, 2, true, { id: 'b', name: 'Ben' });
  await setStepDone(core, incident, 1, false, ann);
  return incident;
}

export const eventDocId = (key: string, seq: number) => `${key}:${String(seq).padStart(6, '0')}`;
