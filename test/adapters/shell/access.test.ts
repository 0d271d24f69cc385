// A private incident on the terminal is open only to those the access rule entitles (issue 12):
// another terminal user is answered exactly as for a key that does not exist.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runShell } from '../../../adapters/shell/run.ts';
import { useTestCore } from '../../support/core.ts';
import { shellDriver } from '../../support/shell.ts';

const t = useTestCore();

async function privateIncident() {
  const shell = shellDriver(t.core);
  const key = (await shell.type('/crisis raise title="Ransomware on the file server" type=cyber-attack', '/skip')).match(/(INC-\d{8}-\d{3}) raised/)![1]!;
  return { shell, key };
}

describe('terminal: a private incident is not everyone’s', () => {
  it('someone outside its war room (/crisis as mallory) gets the answer of an unknown key, and the list shows no title', async () => {
    const { shell, key } = await privateIncident();
    const unknown = key.replace(/\d{3}$/, '999');
    const outsider = shell.as({ id: 'rita', name: 'Rita Reporter' });
    await outsider.type('/crisis as mallory');
    const refused = await outsider.type(`/crisis status ${key}`);
    expect(refused).not.toContain('Ransomware');
    expect(refused.replace(key, 'KEY')).toBe((await outsider.type(`/crisis status ${unknown}`)).replace(unknown, 'KEY'));
    for (const line of [`/crisis timeline ${key}`, `/crisis tick ${key} 1`, `/crisis update ${key} all fine`]) {
      expect((await outsider.type(line)).replace(key, 'KEY')).toBe((await outsider.type(line.replace(key, unknown))).replace(unknown, 'KEY'));
    }
    expect(await outsider.type('/crisis status')).not.toContain('Ransomware');
  });

  it('its reporter and a role levels.yml always entitles (bob, monitoring group leader) see it', async () => {
    const { shell, key } = await privateIncident();
    expect(await shell.type(`/crisis status ${key}`)).toContain(`${key}: Ransomware on the file server`);
    expect(await shell.as({ id: 'bob', name: 'Bob' }).type(`/crisis status ${key}`)).toContain(`${key}: Ransomware on the file server`);
  });

  it('a second terminal started as CRISIS_USER=mallory cannot read it either', async () => {
    const { key } = await privateIncident();
    const out: string[] = [];
    const input = Readable.from([`/crisis status ${key}\n`, '/crisis status\n']);
    const code = await runShell({ core: t.core, close: async () => {} }, input, (l) => void out.push(l), { user: 'mallory' });
    expect(out.join('\n')).toContain(`There is no incident ${key}`);
    expect(out.join('\n')).not.toContain('Ransomware');
    expect(code).toBe(1);
  });
});
