import { describe, expect, it } from 'vitest';
import { simulate, simulateCli } from '../../src/playbook/simulate.ts';
import { runCli } from '../support/cli.ts';
import { DEFAULT_PLAYBOOK, loadDefaultPlaybook } from '../support/core.ts';

describe('crisis-bot simulate PLAN --level N', () => {
  it('lists when each deadline falls due, who is alerted, and when it escalates — no database', async () => {
    const pb = await loadDefaultPlaybook();
    const { lines, unreached } = simulate(pb, 'safety-accident', 2, 'en');
    expect(unreached).toBe(0);
    expect(lines[1]).toBe('Acknowledge within 30 min · status update every 1 h · overdue steps: owners at the deadline → lead after 15 min → Executive sponsor after 30 min');
    const at = (prefix: string) => lines.filter((l) => l.startsWith(prefix)).map((l) => l.slice(10).trim());
    expect(at('T+15m ')).toEqual(['step 1 due: Call emergency services and start first aid for the injured — owner: Security lead', 'step 1 → DM owners: Dave Placeholder']);
    expect(at('T+30m ')).toEqual([
      'acknowledgement due from the lead (Alice Placeholder)',
      'not acknowledged → DM lead: Alice Placeholder',
      'step 1 → DM lead: Alice Placeholder',
      'step 2 due: Verify the report: time, place, cause so far, people involved — owner: Monitoring group leader',
      'step 2 → DM owners: Bob Placeholder',
    ]);
    expect(at('T+45m ')).toContain('step 1 → DM Executive sponsor: Ivan Placeholder');
    expect(at('T+1h ')).toContain('no status update for 1 h → nudge in the war room, DM lead: Alice Placeholder');
    // A month of hourly nudges would bury the steps: the first three, then one line.
    expect(lines.filter((l) => l.includes('no status update'))).toHaveLength(3);
    expect(lines.at(-1)).toMatch(/^\d+ alerts, each reaching someone\.$/);
  });

  it('flags alerts that would reach nobody, and speaks Chinese', async () => {
    const pb = await loadDefaultPlaybook();
    const { lines, unreached } = simulate({ ...pb, roster: pb.roster.filter((p) => !p.roles.includes('executive')) }, 'reputation', 1, 'zh-CN');
    expect(unreached).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes('私信公司领导：⚠ 无人'))).toBe(true);
    expect(lines.at(-1)).toContain('条提醒无人接收');
  });

  it('plays out the RTO ladder of each critical function of the plan, counted from its mark, and flags an owner role nobody holds', async () => {
    const pb = await loadDefaultPlaybook();
    const { lines } = simulate(pb, 'cyber-attack', 2, 'en');
    const rto = lines.filter((l) => l.startsWith('  '));
    expect(rto.map((l) => l.trim().split(' ')[0])).toEqual(['it-core', 'public-channels', 'payments', 'order-intake']);
    expect(rto[2]).toBe('  payments — Payments and treasury (RTO 4h): T+3h → DM Financial analyst: Frank Placeholder; T+4h → DM lead: Alice Placeholder');
    // Safety-accident touches site-safety and production, not payments.
    expect(simulate(pb, 'safety-accident', 2, 'en').lines.some((l) => l.includes('payments —'))).toBe(false);
    const noFinance = simulate({ ...pb, roster: pb.roster.filter((p) => !p.roles.includes('financial_analyst')) }, 'cyber-attack', 2, 'zh-CN');
    expect(noFinance.lines.find((l) => l.includes('payments'))).toContain('T+3h → 私信财务分析师：⚠ 无人');
    expect(noFinance.unreached).toBeGreaterThan(0);
  });

  it('explains bad arguments', async () => {
    expect((await simulateCli(['nope', '--level', '2'], DEFAULT_PLAYBOOK, 'en')).err[0]).toMatch(/^unknown plan 'nope'; use one of: cyber-attack, /);
    expect((await simulateCli(['reputation', '--level=7'], DEFAULT_PLAYBOOK, 'en')).err).toEqual(["--level must be 1, 2, 3 or 4, got '7'"]);
    expect((await simulateCli(['reputation'], DEFAULT_PLAYBOOK, 'en')).code).toBe(2);
  });

  it('runs from the command line', async () => {
    const out = await runCli(['simulate', 'cyber-attack', '--level', '1']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('Simulation of plan cyber-attack (Cyber attack) at Level 1 — Extremely serious.');
    expect(out.stdout).toContain('T+15m     acknowledgement due from the lead (Alice Placeholder)');
  });
});
