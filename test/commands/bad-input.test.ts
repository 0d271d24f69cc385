import { describe, expect, it } from 'vitest';
import { connectDb, makeCore, useTestCore, testClock } from '../support/core.ts';
import { shellDriver } from '../support/shell.ts';

const t = useTestCore({ now: testClock().now });

describe('bad input gets a message naming the field and the fix, and loses nothing', () => {
  it('ignores an unknown inline field, names the real fields, and keeps the rest', async () => {
    const shell = shellDriver(t.core);
    const out = await shell.type('/crisis raise titel="Leak" type=reputation');
    expect(out).toContain("Unknown field 'titel' (ignored); the fields are: title, type,");
    expect(out).toContain('? Title');
    const done = await shell.type('Data leak', '/skip');
    expect(done).toMatch(/raised: Data leak/);
    expect(done).not.toContain('? Crisis type');
  });

  it('explains out-of-range and malformed values, asks again, and keeps the valid inline values', async () => {
    const shell = shellDriver(t.core);
    const out = await shell.type('/crisis raise title="Spill" type=supply-chain people_affected=-3 regions=0 direct_loss=12k started_at=2099-01-01T00:00');
    expect(out).toContain('People affected must be a whole number of at least 0');
    expect(out).toContain('Regions affected must be a whole number of at least 1');
    expect(out).toContain('Estimated direct loss (CNY) must be an amount of at least 0, e.g. 250000');
    expect(out).toContain('When it started (YYYY-MM-DD HH:MM) is in the future');
    expect(out).not.toContain('? Title');
    const done = await shell.type('/skip');
    expect(done).toMatch(/INC-\d{8}-\d{3} raised: Spill/);
  });

  it('refuses a 10,000-character title and control characters with the limit and the fix', async () => {
    const shell = shellDriver(t.core);
    const out = await shell.type(`/crisis raise title="${'x'.repeat(10_000)}" type=reputation`);
    expect(out).toContain('Title is 10000 characters long; shorten it to at most 150.');
    expect(await shell.type('Bell\u0007 ringing')).toContain('Title contains control characters; retype it without them.');
    expect(await shell.type('Bell ringing', '/skip')).toMatch(/raised: Bell ringing/);
  });

  it('records @everyone and <!channel> literally and says they will notify no one', async () => {
    const shell = shellDriver(t.core);
    const out = await shell.type('/crisis raise title="Fire @everyone <!channel>" type=safety-accident', '/skip');
    expect(out).toContain("Title: '@everyone' will show as plain text and notify no one.");
    expect(out).toContain("Title: '<!channel>' will show as plain text and notify no one.");
    const key = out.match(/(INC-\d{8}-\d{3}) raised/)![1]!;
    expect((await t.core.db.m.Incident.findOne({ key }).lean())?.title).toBe('Fire @everyone <!channel>');
  });

  it('asks for the reason when level= overrides the suggestion, and records it', async () => {
    const shell = shellDriver(t.core);
    const out = await shell.type('/crisis raise title="Rumour" type=reputation level=1', '/skip');
    expect(out).toContain('? Why a level other than the suggested one');
    const done = await shell.type('CEO named in the rumour');
    expect(done).toContain('Level 1 set by Rita Reporter (suggested: level 4) — CEO named in the rumour');
    const key = done.match(/(INC-\d{8}-\d{3}) raised/)![1]!;
    expect(await shell.type(`/crisis timeline ${key}`)).toContain('level set to 1 by Rita Reporter (suggested 4): CEO named in the rumour');
  });

  it('says what is wrong with tick arguments without changing anything', async () => {
    const shell = shellDriver(t.core);
    expect(await shell.type('/crisis tick INC-20990101-001 1')).toContain('There is no incident INC-20990101-001');
    expect(await shell.type('/crisis tick fire 1')).toContain("'fire' is not an incident key; keys look like INC-20261128-001.");
    const key = (await shell.type('/crisis raise title="T" type=reputation', '/skip')).match(/(INC-\d{8}-\d{3}) raised/)![1]!;
    expect(await shell.type(`/crisis tick ${key} 99`)).toMatch(new RegExp(`${key} has steps 1–\\d+; there is no step 99.`));
    expect(await shell.type(`/crisis tick ${key}`)).toContain(`Give the step number, e.g. /crisis tick ${key} 3.`);
    expect(await shell.type('/crisis tick')).toContain('Give the incident key');
    expect(await t.core.db.m.Step.countDocuments({ incidentKey: key, status: 'done' })).toBe(0);
  });

  it('answers an unreadable quote, an unknown command and a non-command line clearly', async () => {
    const shell = shellDriver(t.core);
    expect(await shell.type('/crisis raise title="Unclosed')).toContain('Could not read title="Unclosed');
    await shell.type('/cancel');
    expect(await shell.type('/crisis explode')).toContain("Unknown command 'explode'; /crisis help lists the commands.");
    expect(await shell.type('hello')).toContain("Unknown command 'hello'");
  });

  it('turns an internal failure into a reference, not a crash or a stack trace', async () => {
    const conn = await connectDb(t.db.local.uri.replace(/\/crisis$/, '/broken'));
    const broken = await makeCore(conn);
    const shell = shellDriver(broken);
    await conn.close();
    const out = await shell.type('/crisis status');
    expect(out).toMatch(/Something went wrong on our side \(ref [0-9a-f]{8}\); nothing you entered was lost/);
    expect(out).not.toMatch(/at .+\.ts:\d+/);
  });
});

describe('workspaces are separate', () => {
  it("neither lists nor ticks another workspace's incident", async () => {
    const here = shellDriver(t.core);
    const key = (await here.type('/crisis raise title="Ours" type=reputation', '/skip')).match(/(INC-\d{8}-\d{3}) raised/)![1]!;
    const { ShellSession } = await import('../../adapters/shell/session.ts');
    const out: string[] = [];
    const elsewhere = new ShellSession(t.core, { drain: async () => 0 } as never, { platform: 'shell', workspace: 'other', user: { id: 'x', name: 'X' }, locale: 'en' }, (l) => void out.push(l));
    await elsewhere.handle('/crisis status');
    await elsewhere.handle(`/crisis tick ${key} 1`);
    expect(out.join('\n')).toContain('No open incidents.');
    expect(out.join('\n')).toContain(`There is no incident ${key}`);
  });
});
