import { describe, expect, it } from 'vitest';
import { useTestCore } from '../../support/core.ts';
import { shellDriver } from '../../support/shell.ts';

const t = useTestCore();

describe('the terminal has no walls', () => {
  it('shows a private incident to whoever types at it: every room it prints is on the same screen', async () => {
    const shell = shellDriver(t.core);
    const key = (await shell.type('/crisis raise title="Ransomware on the file server" type=cyber-attack', '/skip')).match(/(INC-\d{8}-\d{3}) raised/)![1]!;
    const mallory = shell.as({ id: 'mallory', name: 'Mallory' });
    expect(await mallory.type(`/crisis status ${key}`)).toContain(`${key}: Ransomware on the file server`);
    expect(await mallory.type('/crisis status')).toContain(`${key} · level`);
  });
});
