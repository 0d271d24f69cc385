import { beforeAll, describe, expect, it } from 'vitest';
import { submitForm } from '../../commands/index.ts';
import { findIncident } from '../../src/store/incidents.ts';
import { testClock, useTestCore } from '../support/core.ts';
import { shellDriver } from '../support/shell.ts';

const clock = testClock();
const t = useTestCore({ now: clock.now });

const erin = { id: 'erin', name: 'Erin Placeholder' };
const frank = { id: 'frank', name: 'Frank Placeholder' };
const carol = { id: 'carol', name: 'Carol Placeholder' };
let key = '';

beforeAll(async () => {
  const out = await shellDriver(t.core).type('/crisis raise title="Warehouse fire" type=safety-accident', '/skip');
  key = out.match(/(INC-\d{8}-\d{3}) raised/)![1]!;
});

const as = (who: typeof erin) => shellDriver(t.core, who, { clock });
const formInv = (who: typeof erin) => ({ platform: 'shell' as const, workspace: 'local', user: who, locale: 'en' as const });

describe('bad assessment input gets a message on the field or the action, and nothing entered is lost', () => {
  it('asks again for an amount with letters and a negative or out-of-range score, keeping every other answer', async () => {
    const shell = as(frank);
    const out = await shell.type(`/crisis impact ${key}`, '-1', '6', '3', 'line stopped', '2', '', '1', '', '0', '', '12k', '1200000', 'EURO', 'usd', '', '', '', '', '', '', '');
    expect(out).toContain('Operations impact (0–5) must be a whole number from 0 to 5, e.g. 3.');
    expect(out.match(/must be a whole number from 0 to 5/g)).toHaveLength(2);
    expect(out).toContain('Direct loss (amount) must be an amount of at least 0, e.g. 250000, 1,200,000.50 or ¥200,000 (a sign or code of CNY may be written).');
    expect(out).toContain("Currency (default CNY): 'EURO' is not a currency code; use three letters such as CNY or USD.");
    expect(out).toContain(`Impact assessment 1 of ${key} recorded`);
    const impact = (await findIncident(t.core.db, key))!.impacts![0]!;
    expect(impact.scores.operations).toEqual({ score: 3, note: 'line stopped' });
    expect(impact.scores.finance.score).toBe(2);
    expect(impact.directLoss).toEqual({ amount: 1_200_000, currency: 'USD' });
  });

  it('refuses a "when" in the future or decades back, and a text over the limit, then keeps the corrected fact whole', async () => {
    const shell = as(erin);
    const long = 'x'.repeat(1001);
    const out = await shell.type(`/crisis fact ${key}`, long, 'Roof collapsed', '2026-11-28 12:00', '1990-01-01 10:00', '2026-11-28 09:40', 'Building 3', '', '', 'on-site', 'high');
    expect(out).toContain('What (the fact itself) is 1001 characters long; shorten it to at most 1000.');
    expect(out).toContain('When (YYYY-MM-DD HH:MM) is in the future; give a time that has already passed.');
    expect(out).toContain('When (YYYY-MM-DD HH:MM) is more than a year ago; check the year.');
    const fact = (await findIncident(t.core.db, key))!.facts!.at(-1)!;
    expect(fact).toMatchObject({ what: 'Roof collapsed', where: 'Building 3', source: 'on-site', confidence: 'high' });
    expect(fact.when).toEqual(new Date('2026-11-28T09:40:00'));
  });

  it('answers a submitted form (Slack, Discord) with the errors on their fields and every typed value kept', async () => {
    const values = { what: 'Roof collapsed', when: '2099-01-01 10:00', where: 'Building 3', source: 'on-site', confidence: 'sure' };
    const outcome = await submitForm(t.core, formInv(erin), 'fact', values, `add:${key}`);
    expect(outcome.kind).toBe('form');
    if (outcome.kind !== 'form') return;
    expect(Object.keys(outcome.form.errors).sort()).toEqual(['confidence', 'when']);
    expect(outcome.form.errors.confidence).toBe("Confidence: 'sure' is not allowed; use one of: low, medium, high.");
    expect(outcome.form.values).toEqual(values);
  });

  it("refuses a verify by the fact's own author and leaves it unverified", async () => {
    const added = await as(frank).type(`/crisis fact ${key}`, 'Sprinklers failed', '', '', '', '', 'data', 'medium');
    const id = added.match(/Fact (F\d+) added/)![1]!;
    expect(await as(frank).type(`/crisis fact ${key} verify ${id}`)).toContain(`You added ${id} of ${key} yourself; someone else must verify it.`);
    const fact = (await findIncident(t.core.db, key))!.facts!.find((f) => f.id === id)!;
    expect(fact.status).toBe('unverified');
    expect(await as(frank).type(`/crisis fact ${key} verify F99`)).toContain(`${key} has no fact F99; its facts are: F1, ${id}.`);
  });

  it('refuses a level change by someone not allowed, and a level that does not exist, changing nothing', async () => {
    expect(await as(carol).type(`/crisis level ${key} 1 it is worse`)).toContain(`Only the incident lead or these roles may change the level of ${key}`);
    expect(await as(erin).type(`/crisis level ${key} 7 worse`)).toContain("Level must be 1, 2, 3 or 4 (1 is the most severe), not '7'.");
    const outcome = await submitForm(t.core, formInv(carol), 'level', { reason: 'worse' }, `${key}:1`);
    expect(outcome.kind === 'reply' && outcome.cards[0]!.blocks[0]).toMatchObject({ text: [expect.stringContaining('Only the incident lead')] });
    expect((await findIncident(t.core.db, key))!.level).toBe(4);
  });

  it('records a fact and an impact once when the platform delivers the same submission twice', async () => {
    const inv = { ...formInv(frank), eventKey: 'view-V123' };
    const fact = { what: 'Gas valve left open', source: 'on-site', confidence: 'high' };
    const before = (await findIncident(t.core.db, key))!;
    await submitForm(t.core, inv, 'fact', fact, `add:${key}`);
    const again = await submitForm(t.core, inv, 'fact', fact, `add:${key}`);
    expect(again.kind === 'reply' && again.cards[0]!.blocks[0]).toMatchObject({ text: ['This form was already submitted; nothing new was recorded.'] });
    const scores = { operations_score: '1', finance_score: '1', reputation_score: '1', personnel_score: '1' };
    await submitForm(t.core, { ...inv, eventKey: 'view-V124' }, 'impact', scores, key);
    await submitForm(t.core, { ...inv, eventKey: 'view-V124' }, 'impact', scores, key);
    const after = (await findIncident(t.core.db, key))!;
    expect(after.facts!.length - before.facts!.length).toBe(1);
    expect(after.impacts!.length - (before.impacts?.length ?? 0)).toBe(1);
  });
});
