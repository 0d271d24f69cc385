// The terminal as a ChatPort: a message the outbox keys is printed once per session, however often
// it is attempted; unkeyed ones print every time.
import { describe, expect, it } from 'vitest';
import { ShellPort } from '../../../adapters/shell/port.ts';
import { note } from '../../../src/ui/card.ts';

const room = { id: 'inc-1-fire', name: 'inc-1-fire' };

describe('terminal port: posting once', () => {
  it('prints a keyed message once and answers a retry with the first reference', async () => {
    const lines: string[] = [];
    const port = new ShellPort((l) => lines.push(l), 'en', () => new Date('2026-11-28T10:00:00Z'));
    const first = await port.post(room, note('Evacuate hall 3'), { key: 'entry-1' });
    expect(await port.post(room, note('Evacuate hall 3'), { key: 'entry-1', retry: true })).toEqual(first);
    expect(await port.post(room, note('Evacuate hall 3'), { key: 'entry-1' })).toEqual(first);
    const dm = await port.dm('alice', note('Your step is due'), { key: 'entry-2' });
    expect(await port.dm('alice', note('Your step is due'), { key: 'entry-2', retry: true })).toEqual(dm);
    expect(lines.filter((l) => l.includes('Evacuate hall 3'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('Your step is due'))).toHaveLength(1);
  });

  it('prints an unkeyed message every time it is posted', async () => {
    const lines: string[] = [];
    const port = new ShellPort((l) => lines.push(l), 'en', () => new Date('2026-11-28T10:00:00Z'));
    await port.post(room, note('Status'));
    await port.post(room, note('Status'));
    expect(lines.filter((l) => l.includes('Status'))).toHaveLength(2);
  });
});
