import { describe, expect, it } from 'vitest';
import { setLegalHold } from '../../../src/evidence/hold.ts';
import { findIncident } from '../../../src/store/incidents.ts';
import { connectDb, makeCore, testClock, useTestDb } from '../../support/core.ts';
import { shellDriver } from '../../support/shell.ts';

// What a terminal user sees of a legal hold set by the operator's `crisis-bot hold` (which calls
// setLegalHold, as here): the pinned summary redrawn with the hold, the per-incident status and
// the timeline saying who set it and why — in English and in Chinese.

const clock = testClock();
const db = useTestDb();

async function raised(locale: 'en' | 'zh-CN') {
  const core = await makeCore(await connectDb(db.uri(`hold_${locale.replace('-', '_')}`)), { now: clock.now, locale });
  const shell = shellDriver(core);
  const out = await shell.type('/crisis raise title="Warehouse fire" type=reputation', '/skip');
  const key = out.match(/(INC-\d{8}-\d{3})/)![1]!;
  return { core, shell, key };
}

describe('a legal hold on the terminal', () => {
  it('shows on the redrawn summary, in the status and in the timeline, and goes when cleared (en)', async () => {
    const { core, shell, key } = await raised('en');
    expect(await shell.type(`/crisis status ${key}`)).not.toContain('LEGAL HOLD');
    await setLegalHold(core, (await findIncident(core.db, key))!, { on: true, reason: 'Litigation expected', by: 'Dana Counsel' });
    expect(await shell.sweep()).toContain("LEGAL HOLD — this incident's record is preserved in full; nothing of it is purged");
    expect(await shell.type(`/crisis status ${key}`)).toContain('LEGAL HOLD');
    expect(await shell.type(`/crisis timeline ${key}`)).toContain('Dana Counsel placed the incident under legal hold: Litigation expected');
    await setLegalHold(core, (await findIncident(core.db, key))!, { on: false, reason: 'Claim settled', by: 'Dana Counsel' });
    await shell.sweep();
    expect(await shell.type(`/crisis status ${key}`)).not.toContain('LEGAL HOLD');
    expect(await shell.type(`/crisis timeline ${key}`)).toContain('Dana Counsel lifted the legal hold: Claim settled');
    await core.db.close();
  });

  it('says the same in Chinese', async () => {
    const { core, shell, key } = await raised('zh-CN');
    await setLegalHold(core, (await findIncident(core.db, key))!, { on: true, reason: '预计诉讼', by: 'Dana Counsel' });
    expect(await shell.sweep()).toContain('法律保全 — 本事件的记录完整保留，不做任何清理');
    expect(await shell.type(`/crisis timeline ${key}`)).toContain('Dana Counsel 对本事件实施法律保全：预计诉讼');
    await core.db.close();
  });
});
