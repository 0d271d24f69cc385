import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditWriting } from '../../src/audit/setup.ts';
import { loadConfig } from '../../src/config.ts';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'crisis-audit-setup-'));
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

function capturingLogger() {
  const lines: { msg: string }[] = [];
  const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as { msg: string }) });
  return { log, messages: () => lines.map((l) => l.msg) };
}

describe('opening the audit key when the bot starts', () => {
  it('warns clearly when production (MONGODB_URI) runs on a key file rather than CRISIS_AUDIT_KEY', async () => {
    const config = loadConfig({ MONGODB_URI: 'mongodb://127.0.0.1:1/crisis', CRISIS_AUDIT_DIR: path.join(tmp, 'prod') }, tmp);
    const { log, messages } = capturingLogger();
    await openAuditWriting(config, log, () => new Date());
    expect(messages()).toContainEqual(expect.stringMatching(/^CRISIS_AUDIT_KEY is not set: the timeline is keyed with this host's key file/));
  });

  it('says nothing of the kind when the key is given', async () => {
    const config = loadConfig({ MONGODB_URI: 'mongodb://127.0.0.1:1/crisis', CRISIS_AUDIT_DIR: path.join(tmp, 'given'), CRISIS_AUDIT_KEY: 'k'.repeat(40) }, tmp);
    const { log, messages } = capturingLogger();
    await openAuditWriting(config, log, () => new Date());
    expect(messages()).toEqual([]);
  });
});
