import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';

describe('the audit key options of the environment', () => {
  it('keeps the key and the anchors outside the data directory by default', () => {
    const c = loadConfig({ HOME: '/home/rita' }, '/srv/bot');
    expect(c.audit).toEqual({ key: undefined, dir: '/home/rita/.config/crisis-bot' });
    expect(c.dataDir).toBe('/srv/bot/.data');
  });

  it('refuses a CRISIS_AUDIT_KEY too short to be a secret, naming the variable', () => {
    expect(() => loadConfig({ CRISIS_AUDIT_KEY: 'hunter2' }, '/srv/bot')).toThrow(/CRISIS_AUDIT_KEY: must be at least 32 characters/);
  });

  it('refuses CRISIS_AUDIT_DIR inside the data directory', () => {
    expect(() => loadConfig({ CRISIS_DATA_DIR: '/srv/data', CRISIS_AUDIT_DIR: '/srv/data/audit' }, '/srv')).toThrow(
      `CRISIS_AUDIT_DIR (${path.resolve('/srv/data/audit')}) is inside the data directory`,
    );
  });
});
