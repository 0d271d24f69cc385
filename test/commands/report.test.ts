import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/core.ts';
import { connectDb, makeCore, testClock, useTestDb } from '../support/core.ts';
import { shellDriver } from '../support/shell.ts';
import { ALICE, KEY, scriptedIncident } from '../report/scripted.ts';

const testDb = useTestDb();
let core: Core;
const clock = testClock();

beforeAll(async () => {
  core = await makeCore(await connectDb(testDb.uri('report_command')), { now: clock.now });
  await scriptedIncident(core, clock);
});
afterAll(async () => core?.db.close());

describe('/crisis report', () => {
  it('shows the draft report card: headline metrics and what the record still lacks', async () => {
    const out = await shellDriver(core).as(ALICE).type(`/crisis report ${KEY}`);
    expect(out).toContain(`Draft report ${KEY}`);
    for (const line of ['Time to acknowledge: 12 min', 'Time to first public statement: none recorded', 'Time to control: 1 h 20 min', 'Time to resolve: 1 h 55 min', 'Steps on time: 20 % (1 of 5)', 'Alerts sent: 1', 'Escalations sent: 1']) {
      expect(out).toContain(line);
    }
    expect(out).toContain('No root-cause analysis recorded.');
    expect(out).toContain(`crisis-bot report ${KEY} --format md|html|pdf`);
  });

  it('reads in Chinese for a Chinese reader', async () => {
    const zh = { ...core, locale: 'zh-CN' as const };
    const out = await shellDriver(zh).as(ALICE).type(`/crisis report ${KEY}`);
    expect(out).toContain(`报告草稿 ${KEY}`);
    expect(out).toContain('确认用时');
    expect(out).toContain('12 分钟');
    expect(out).toContain('未记录根本原因分析。');
  });

  it('asks for the key when it is not typed in a war room', async () => {
    expect(await shellDriver(core).as(ALICE).type('/crisis report')).toContain('Give the incident key, e.g. /crisis report INC-20261128-001.');
  });
});
