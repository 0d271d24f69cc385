// Who you are at the terminal: CRISIS_USER or the login, `/crisis as NAME`, the roster's roles,
// and on a roster of placeholders the reporter leading what they raise (issue 19, item 2).
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runShell } from '../../../adapters/shell/run.ts';
import { connectDb, loadDefaultPlaybook, makeCore, startTestDb, testClock } from '../../support/core.ts';
import { shellDriver } from '../../support/shell.ts';
import type { Core } from '../../../src/core.ts';

let db: Awaited<ReturnType<typeof startTestDb>>;
beforeAll(async () => {
  db = await startTestDb();
});
afterAll(async () => db?.stop());

const KEY = 'INC-20261128-001';

async function freshInstall(name: string, locale: 'en' | 'zh-CN' = 'en'): Promise<Core> {
  const conn = await connectDb(db.uri(name));
  return makeCore(conn, { now: testClock().now, locale, playbook: await loadDefaultPlaybook({ placeholders: true }) });
}

/** `npm start` with piped lines: what the terminal printed and its exit status. */
async function piped(core: Core, lines: string[], user?: string) {
  const out: string[] = [];
  const code = await runShell({ core, close: async () => {} }, Readable.from(lines.map((l) => `${l}\n`)), (l) => void out.push(l), { user });
  return { code, out: out.join('\n') };
}

describe('terminal: who you are', () => {
  it('the start says who you are from CRISIS_USER and which roster roles you hold, and the prompt shows it', async () => {
    const core = await freshInstall('who_env');
    const { out, code } = await piped(core, ['/crisis status'], 'bob');
    expect(out).toContain('You are Bob Placeholder (terminal user “bob”, from CRISIS_USER); your roster roles: Monitoring group leader.');
    expect(out).toContain('roster.yml names no real crisis lead (only placeholders): on this terminal, whoever raises an incident leads it.');
    expect(out).toContain('bob> /crisis status');
    expect(code).toBe(0);
  });

  it('someone the roster does not know is told so, in Chinese too', async () => {
    const core = await freshInstall('who_unknown', 'zh-CN');
    const { out } = await piped(core, [], 'root');
    expect(out).toContain('crisis-bot — 终端聊天。');
    expect(out).toContain('您是“root”（来自CRISIS_USER）；roster.yml 中没有您');
  });

  it('/crisis as NAME switches who types, says the roles, and shows in the prompt; a bad name is refused', async () => {
    const core = await freshInstall('who_as');
    const { out, code } = await piped(core, ['/crisis as ivan', '/crisis status', '/crisis as "; rm -rf'], 'rita');
    expect(out).toContain('You are Ivan Placeholder (terminal user “ivan”, from /crisis as); your roster roles: Executive');
    expect(out).toContain('ivan> /crisis status');
    expect(out).toContain('cannot be a terminal user name');
    expect(code).toBe(1);
  });
});

describe('terminal: a roster of placeholders', () => {
  it('makes the reporter the lead of what they raise, says so on the summary, and lets them acknowledge and move it on', async () => {
    const core = await freshInstall('placeholder_lead');
    const shell = shellDriver(core, { id: 'root', name: 'root' });
    const raised = await shell.type('/crisis raise title="Warehouse fire" type=safety-accident people_affected=12', '/skip');
    expect(raised).toContain('Lead: @root (the reporter: roster.yml names no real crisis lead)');
    expect(await shell.type(`/crisis ack ${KEY}`)).not.toContain('Only the lead');
    expect(await shell.type(`/crisis phase ${KEY} assess the first checks were done by phone`)).toContain(`${KEY} is now in`);
  });

  it('leaves the roster lead in charge when the roster names a real one', async () => {
    const conn = await connectDb(db.uri('real_lead'));
    const core = await makeCore(conn, { now: testClock().now });
    const raised = await shellDriver(core, { id: 'root', name: 'root' }).type('/crisis raise title="Warehouse fire" type=safety-accident people_affected=12', '/skip');
    expect(raised).toContain('Lead: @Alice Placeholder');
    expect(raised).not.toContain('names no real crisis lead');
  });
});
