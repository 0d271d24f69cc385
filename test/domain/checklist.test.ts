import { describe, expect, it } from 'vitest';
import { instantiateChecklist, isOverdue } from '../../src/domain/checklist.ts';
import { PHASES } from '../../src/playbook/schema.ts';
import { loadDefaultPlaybook } from '../support/core.ts';

describe('checklist instantiation', () => {
  it('numbers steps in phase order and dates each at its level offset from the raise', async () => {
    const pb = await loadDefaultPlaybook();
    const plan = pb.plans.find((p) => p.id === 'safety-accident')!;
    const raised = new Date('2026-11-28T10:00:00Z');
    const l1 = instantiateChecklist(plan, 1, raised);
    const l4 = instantiateChecklist(plan, 4, raised);
    expect(l1.map((s) => s.n)).toEqual(plan.steps.map((_, i) => i + 1));
    const phaseIdx = l1.map((s) => PHASES.indexOf(s.phase));
    expect(phaseIdx).toEqual([...phaseIdx].sort((a, b) => a - b));
    const first = plan.steps.find((s) => s.id === l1[0]!.planStepId)!;
    expect(l1[0]!.dueAt.getTime() - raised.getTime()).toBe(first.due['1']);
    // A more severe level never gives a step more time.
    l1.forEach((s, i) => expect(s.dueAt.getTime()).toBeLessThanOrEqual(l4[i]!.dueAt.getTime()));
  });

  it('calls an open step overdue only after its due time, and a done step never', () => {
    const dueAt = new Date('2026-11-28T10:00:00Z');
    expect(isOverdue({ status: 'open', dueAt }, new Date('2026-11-28T10:00:00Z'))).toBe(false);
    expect(isOverdue({ status: 'open', dueAt }, new Date('2026-11-28T10:00:01Z'))).toBe(true);
    expect(isOverdue({ status: 'done', dueAt }, new Date('2026-11-29T10:00:00Z'))).toBe(false);
  });
});
