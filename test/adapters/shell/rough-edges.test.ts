import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDb, makeCore, startTestDb, testClock } from '../../support/core.ts';
import { shellDriver } from '../../support/shell.ts';

let db: Awaited<ReturnType<typeof startTestDb>>;
beforeAll(async () => {
  db = await startTestDb();
});
afterAll(async () => db?.stop());

const KEY = 'INC-20261128-001';

async function raised(name: string) {
  const conn = await connectDb(db.local.uri.replace(/\/crisis$/, `/${name}`));
  const core = await makeCore(conn, { now: testClock().now });
  const shell = shellDriver(core);
  const setup = await shell.type('/crisis raise title="Warehouse fire" type=safety-accident people_affected=12', '/skip');
  return { core, shell, setup };
}

describe('terminal: buttons that cannot be clicked', () => {
  it('show the command that does the same, and typing it does what the button says', async () => {
    const { shell, setup } = await raised('buttons_typed');
    const doneButton = setup.split('\n').find((l) => l.includes(`/crisis tick ${KEY} 1]`));
    expect(doneButton).toMatch(/\[Done: \/crisis tick INC-20261128-001 1\]/);
    expect(setup).toContain(`/crisis update ${KEY}]`);
    const typed = await shell.type(`/crisis tick ${KEY} 1`);
    expect(typed).toMatch(/\[Reopen: \/crisis untick INC-20261128-001 1\]/);
  });
});

describe('terminal: a message edited in place', () => {
  it('prints what changed (the ticked step), not the whole checklist page again', async () => {
    const { shell, setup } = await raised('edits_changed');
    const pageLines = setup.split('\n').filter((l) => l.includes(`/crisis tick ${KEY} `)).length;
    expect(pageLines).toBeGreaterThan(3);
    const typed = await shell.type(`/crisis tick ${KEY} 2`);
    const roomLines = typed.split('\n').filter((l) => l.startsWith('[#'));
    expect(roomLines.some((l) => l.includes(`/crisis untick ${KEY} 2]`))).toBe(true);
    // Steps that did not change are not printed again.
    expect(roomLines.filter((l) => l.includes(`/crisis tick ${KEY} `))).toHaveLength(0);
    expect(roomLines.length).toBeLessThan(pageLines);
  });
});

describe('terminal: money written as people write it', () => {
  it('the raise takes ¥2,000,000 and grades on it; another currency’s sign is refused by name', async () => {
    const conn = await connectDb(db.local.uri.replace(/\/crisis$/, '/money_raise'));
    const core = await makeCore(conn, { now: testClock().now });
    const shell = shellDriver(core);
    const out = await shell.type('/crisis raise title="Recall" type=product-quality direct_loss=¥2,000,000', '/skip');
    expect(out).not.toContain('must be an amount');
    expect(out).toMatch(/INC-20261128-001 raised: Recall/);
    expect(out).toMatch(/Level 2/);
    const refused = await shell.type('/crisis raise title="Recall 2" type=product-quality direct_loss=$2,000,000');
    expect(refused).toContain('is written in USD, but amounts here are in CNY');
  });
});

describe('terminal: verifying a fact with a note', () => {
  it('keeps what the verifier says after the fact id, on the fact sheet and in the timeline', async () => {
    const { core, shell } = await raised('verify_note');
    const { addFact } = await import('../../../src/assessment/service.ts');
    const { findIncident } = await import('../../../src/store/incidents.ts');
    await addFact(core, (await findIncident(core.db, KEY))!, { what: 'Fire started in bay 4', source: 'on-site', confidence: 'medium' }, { id: 'bob', name: 'Bob Placeholder' });
    const verified = await shell.type(`/crisis fact ${KEY} verify F1 called the site manager, confirmed`);
    expect(verified).toContain('F1');
    expect(verified).not.toContain('unknown');
    const timeline = await shell.type(`/crisis timeline ${KEY}`);
    expect(timeline).toMatch(/fact F1 \(version 1\) verified by Rita Reporter: called the site manager, confirmed/);
    const fact = (await findIncident(core.db, KEY))!.facts![0]!;
    expect(fact.verifyNote).toBe('called the site manager, confirmed');
  });
});

describe('terminal: the status list', () => {
  it('marks a drill as every card of a drill is marked, and a real incident not', async () => {
    const conn = await connectDb(db.local.uri.replace(/\/crisis$/, '/status_drill'));
    const core = await makeCore(conn, { now: testClock().now });
    const shell = shellDriver(core);
    await shell.type('/crisis raise title="Evacuation exercise" type=safety-accident drill=yes', '/skip');
    await shell.type('/crisis raise title="Real leak" type=safety-accident', '/skip');
    const list = (await shell.type('/crisis status')).split('\n');
    expect(list.find((l) => l.includes('Evacuation exercise'))).toMatch(/^\[DRILL\] INC-20261128-001 · /);
    expect(list.find((l) => l.includes('Real leak'))).toMatch(/^INC-20261128-002 · /);
  });
});

describe('terminal: fields typed with the assessment commands', () => {
  it('assess KEY fact what=… fills the fact form as the raise’s inline fields do, and a wrong one is asked again', async () => {
    const { core, shell } = await raised('assess_inline');
    const out = await shell.type(`/crisis assess ${KEY} fact what="Smoke seen in bay 4" where="Warehouse B" source=on-site confidence=sure`);
    expect(out).not.toContain('? What happened');
    expect(out).toContain("Confidence: 'sure' is not allowed; use one of: low, medium, high.");
    const { findIncident } = await import('../../../src/store/incidents.ts');
    await shell.type('/skip', 'high');
    const fact = (await findIncident(core.db, KEY))!.facts![0]!;
    expect(fact).toMatchObject({ what: 'Smoke seen in bay 4', where: 'Warehouse B', source: 'on-site', confidence: 'high' });
    const unknown = await shell.type(`/crisis assess ${KEY} impact colour=red`);
    expect(unknown).toContain("Unknown field 'colour' (ignored); the fields are: ");
  });
});
