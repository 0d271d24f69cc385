import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPlaybook } from '../../src/playbook/load.ts';
import { PHASES, type Playbook } from '../../src/playbook/schema.ts';
import { parseDuration } from '../../src/playbook/duration.ts';

const DEFAULT_DIR = fileURLToPath(new URL('../../playbooks', import.meta.url));

const REQUIRED_ROLES = [
  'crisis_lead',
  'monitoring_leader',
  'monitoring_member',
  'crisis_expert',
  'financial_analyst',
  'technical_expert',
  'legal_counsel',
  'comms',
  'operations',
  'security',
  'executive',
];
const PLAN_IDS = ['cyber-attack', 'natural-disaster', 'product-quality', 'reputation', 'safety-accident', 'supply-chain'];

describe('default playbook', () => {
  let pb: Playbook;

  beforeAll(async () => {
    const result = await loadPlaybook(DEFAULT_DIR);
    if (!result.ok) throw new Error(`default playbook has problems:\n${JSON.stringify(result.problems, null, 2)}`);
    pb = result.playbook;
  });

  it('has the four levels in order with the agreed thresholds and response times', () => {
    expect(pb.currency).toBe('CNY');
    expect(pb.levels.map((l) => l.level)).toEqual([1, 2, 3, 4]);
    const [l1, l2, l3, l4] = pb.levels;
    expect(l1?.criteria).toEqual({ people_affected: 100, casualties: 10, direct_loss: 10_000_000, regions: 3, media_attention: 'international', operations_disrupted: 'total' });
    expect(l2?.criteria).toEqual({ people_affected: 10, casualties: 3, direct_loss: 1_000_000, regions: 2, media_attention: 'national', operations_disrupted: 'major' });
    expect(l3?.criteria).toEqual({ people_affected: 3, casualties: 1, direct_loss: 100_000, media_attention: 'local', operations_disrupted: 'partial' });
    expect(l4?.criteria).toEqual({});
    const r = (a: string, f: string, u: string, s?: string) => ({ acknowledge: parseDuration(a), first_statement: parseDuration(f), update_every: parseDuration(u), ...(s ? { statement_every: parseDuration(s) } : {}) });
    expect(pb.levels.map((l) => l.response)).toEqual([r('15m', '1h', '30m', '2h'), r('30m', '2h', '1h', '4h'), r('1h', '4h', '2h', '8h'), r('4h', '24h', '8h')]);
    expect(pb.levels.map((l) => l.private_room)).toEqual([true, true, false, false]);
    expect(l1?.name['zh-CN']).toBe('一级（特别重大）');
    expect(l4?.name['zh-CN']).toBe('四级（一般）');
  });

  it('has exactly the six default plans, cyber-attack private', () => {
    expect(pb.plans.map((p) => p.id).sort()).toEqual(PLAN_IDS);
    expect(pb.plans.find((p) => p.id === 'cyber-attack')?.private).toBe(true);
  });

  it.each(PLAN_IDS)('%s has 8-14 steps covering all six phases in order', (id) => {
    const plan = pb.plans.find((p) => p.id === id)!;
    expect(plan.steps.length).toBeGreaterThanOrEqual(8);
    expect(plan.steps.length).toBeLessThanOrEqual(14);
    const order = plan.steps.map((s) => PHASES.indexOf(s.phase));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(plan.steps.map((s) => s.phase))).toEqual(new Set(PHASES));
    for (const step of plan.steps) {
      expect(step.title.en.length).toBeLessThanOrEqual(120);
      expect(step.title['zh-CN']).toMatch(/\p{Script=Han}/u);
      expect(plan.roles, `${id}: step ${step.id} owner is invited to the war room`).toContain(step.owner);
    }
  });

  it('defines every required role and staffs each with at least one person', () => {
    const roleIds = pb.roles.map((r) => r.id);
    expect(roleIds).toEqual(expect.arrayContaining(REQUIRED_ROLES));
    for (const role of roleIds) expect(pb.roster.some((p) => p.roles.includes(role)), role).toBe(true);
  });

  it('ships only clearly marked placeholder people', () => {
    expect(pb.roster.length).toBeGreaterThanOrEqual(8);
    for (const person of pb.roster) {
      expect(person.placeholder).toBe(true);
      expect(person.slack).toMatch(/^U000PLACEHOLDER\d+$/);
      expect(person.discord).toMatch(/^10{15,}\d+$/);
      expect(person.discord).toHaveLength(18);
      expect(person.shell).toBe(person.id);
      expect(person.email).toMatch(/@example\.com$/);
    }
  });

  it('has a resource table with every kind', () => {
    expect(pb.resources.length).toBeGreaterThanOrEqual(8);
    expect(new Set(pb.resources.map((r) => r.kind))).toEqual(new Set(['people', 'material', 'money', 'information']));
  });
});
