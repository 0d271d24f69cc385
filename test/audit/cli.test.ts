import { describe, expect, it } from 'vitest';
import { auditCli, parseAuditArgs } from '../../src/audit/cli.ts';
import { loadConfig } from '../../src/config.ts';

describe('crisis-bot audit arguments', () => {
  it('reads an incident key, --since and --json in any order', () => {
    expect(parseAuditArgs(['--json', 'inc-20261128-001', '--since', '2026-11-01'])).toEqual({ key: 'INC-20261128-001', since: new Date('2026-11-01'), json: true, help: false });
    expect(parseAuditArgs(['--since=2026-11-01T08:00:00Z'])).toMatchObject({ since: new Date('2026-11-01T08:00:00Z') });
  });

  it('answers a bad date or an unknown option with the usage and exit status 2', async () => {
    const out: string[] = [];
    const config = loadConfig({ CRISIS_AUDIT_DIR: '/nonexistent/audit' }, '/tmp');
    expect(await auditCli(['--since', 'yesterday'], config, () => undefined, (l) => out.push(l))).toBe(2);
    expect(await auditCli(['--fix'], config, () => undefined, (l) => out.push(l))).toBe(2);
    expect(out.join('\n')).toContain('--since needs a date such as 2026-11-28, not yesterday');
    expect(out.join('\n')).toContain('unknown option --fix');
    expect(out.join('\n')).toContain('usage: crisis-bot audit [KEY] [--since DATE] [--json] [--help]');
  });
});
