import { describe, expect, it } from 'vitest';
import { allocatedOf } from '../../../src/store/stock.ts';
import { readTimeline } from '../../../src/store/timeline.ts';
import { testClock, useTestCore } from '../../support/core.ts';
import { shellDriver } from '../../support/shell.ts';

const clock = testClock();
const t = useTestCore({ now: clock.now });
const dave = { id: 'dave', name: 'Dave Placeholder' }; // security: the first-aid kits' contact_role
const erin = { id: 'erin', name: 'Erin Placeholder' }; // operations: the generators' contact_role

async function raise(shell: ReturnType<typeof shellDriver>, title: string): Promise<string> {
  const out = await shell.type(`/crisis raise title="${title}" type=safety-accident`, '/skip');
  return out.match(/(INC-\d{8}-\d{3}) raised/)![1]!;
}

/** The request form answered line by line: resource, quantity, description, purpose, needed by. */
const ask = (shell: ReturnType<typeof shellDriver>, key: string, resource: string, quantity: string, purpose = 'first aid on site', description = '') =>
  shell.type(`/crisis request ${key}`, resource, quantity, description, purpose, '');

describe('resources on the terminal', () => {
  it('requests go to the contact role by DM; two incidents approved at once share the last kits; decline needs a note; release gives back what was not consumed', async () => {
    const shell = shellDriver(t.core);
    const a = await raise(shell, 'Fire in building 3');
    const b = await raise(shell, 'Injury at the loading bay');

    const asked = await ask(shell, a, 'first-aid-kits', '10');
    expect(asked).toContain('Request R1 sent to Dave Placeholder for a decision.');
    expect(asked).toMatch(/\[DM @dave\] == Resource request R1 for INC-\d{8}-001: Fire in building 3 ==/);
    expect(asked).toMatch(/\[DM @dave\] R1 · 10 kits of First-aid kits and AED — for first aid on site — asked by Rita Reporter — waiting for a decision/);
    expect(asked).toContain('[DM @dave] Available now: 20 kits.');
    expect(asked).toContain('[DM @dave] [Approve: /crisis resource INC-20261128-001 approve R1] [Decline: /crisis resource INC-20261128-001 decline R1]');
    // The war room's summary lists the open request.
    expect(asked).toContain('Open resource requests: R1 10 kits First-aid kits and AED — waiting for a decision');
    expect(await ask(shell, b, 'first-aid-kits', '10')).toContain('Request R1 sent to Dave Placeholder');

    // Both approved at the same moment from two terminals: 10 + 10 of 20, never more.
    const [one, two] = await Promise.all([shellDriver(t.core, dave).type(`/crisis resource ${a} approve R1`), shellDriver(t.core, dave).type(`/crisis resource ${b} approve R1`)]);
    expect([one, two].filter((o) => o.includes('approved: 10 kits allocated'))).toHaveLength(2);
    expect(await allocatedOf(t.core.db, 'first-aid-kits')).toBe(20);
    const table = await shell.type(`/crisis resources ${a}`);
    expect(table).toContain(`First-aid kits and AED (first-aid-kits) — stock 20 kits · allocated 20 kits (${a}: 10, ${b}: 10) · available 0 kits — contact: Security lead`);
    expect(table).toContain('Emergency fund (emergency-fund) — stock 500,000 CNY');
    expect(table).toMatch(/R1 · 10 kits of First-aid kits and AED .* approved by Dave Placeholder/);

    // Nothing left: the form says so on the quantity and keeps what was typed.
    const none = await shell.type(`/crisis request ${a}`, 'first-aid-kits', '1', '', 'more kits', '');
    expect(none).toContain('Quantity: 1 is more than is available of first-aid-kits: 0 kits left.');
    expect(none).toMatch(/\? Quantity \[1\]|\? Quantity/);
    await shell.type('/cancel');

    // A decline needs a note: the command without one asks for it.
    await ask(shell, a, 'backup-generators', '1', 'power for the pumps');
    expect(await shell.as(dave).type(`/crisis resource ${a} decline R2 no`)).toContain('Only Erin Placeholder (Operations');
    const declined = await shell.as(erin).type(`/crisis resource ${a} decline R2`, 'Grid power is back');
    expect(declined).toContain('R2 declined; the requester sees your note.');
    expect(await shell.as(erin).type(`/crisis resource ${a} approve R2`)).toContain('R2 of');

    // Use recorded, then released: 3 consumed, 7 back in stock.
    expect(await shell.type(`/crisis resource ${a} use R1 consumed 3`)).toContain('Use of R1 recorded: consumed.');
    expect(await shell.type(`/crisis resource ${a} release R1`)).toContain('R1 released: 7 kits back in stock.');
    expect(await allocatedOf(t.core.db, 'first-aid-kits')).toBe(13);
    expect(await shell.type(`/crisis resource ${a} release R1`)).toContain('is not approved (released); nothing changed.');

    const types = (await readTimeline(t.core.db, a)).map((e) => e.type);
    const lines = await shell.type(`/crisis timeline ${a}`);
    expect(lines).toContain('Erin Placeholder declined R2 (1 units Backup generators): Grid power is back');
    expect(lines).toContain('Rita Reporter released R1: 10 kits First-aid kits and AED');
    expect(types.filter((x) => x.startsWith('resource.'))).toEqual(['resource.requested', 'resource.approved', 'resource.requested', 'resource.declined', 'resource.used', 'resource.released']);
  });

  it('tells the second of two approvals racing for the last kits what is left', async () => {
    const shell = shellDriver(t.core);
    const a = await raise(shell, 'Chemical spill');
    const b = await raise(shell, 'Second spill');
    // Two trained spokespersons on hand (contact: comms, carol): one asked for by A, both by B.
    await ask(shell, a, 'spokespersons', '1', 'press conference');
    await ask(shell, b, 'spokespersons', '2', 'press conference');
    const carol = { id: 'carol', name: 'Carol Placeholder' };
    const outs = await Promise.all([shellDriver(t.core, carol).type(`/crisis resource ${a} approve R1`), shellDriver(t.core, carol).type(`/crisis resource ${b} approve R1`)]);
    expect(outs.filter((o) => o.includes('R1 approved:'))).toHaveLength(1);
    expect(outs.find((o) => !o.includes('R1 approved:'))).toMatch(/Not approved: only [01] people left of spokespersons; R1 asks for [12] people/);
    expect(await allocatedOf(t.core.db, 'spokespersons')).toBeLessThanOrEqual(2);
  });

  it('refuses bad input naming the field, keeping what was typed: quantity, other without a description, an unknown request', async () => {
    const shell = shellDriver(t.core);
    const a = await raise(shell, 'Flooded basement');
    const bad = await shell.type(`/crisis request ${a}`, 'kits', 'first-aid-kits', '0', '2', '', 'pumping', '');
    expect(bad).toContain('Quantity must be a whole number of at least 1');
    expect(bad).toMatch(/Resource: 'kits' is not allowed[\s\S]*Quantity/);
    const other = await shell.type(`/crisis request ${a}`, 'other', '1', '', 'put out the fire', '');
    expect(other).toContain('What is needed: describe the external support asked for');
    expect(await shell.type('Fire brigade, two engines')).toContain('Request R2 sent to');
    expect(await shell.type(`/crisis resource ${a} approve R9`)).toMatch(/Request: 'R9' is not a request of INC-\d{8}-\d{3}; use one of: R1, R2/);
  });
});
