import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { unifiedDiff } from '../../src/plans/diff.ts';
import { applyChange } from '../../src/plans/edit.ts';
import type { PlanChange } from '../../src/plans/model.ts';
import { DEFAULT_PLAYBOOK } from '../support/core.ts';

// A plan file as people write them: a header comment, a comment between steps, a comment at the
// end of a line, and a blank line between steps. Every edit must leave all of them where they were.
const PLAN = `# Emergency plan: a small one, for the tests.
# Steps run in phase order.

id: tiny
title: { en: Tiny, zh-CN: 小 }
description: { en: A tiny plan, zh-CN: 小预案 }
roles: [crisis_lead, comms, legal_counsel]

steps:
  - id: log-it
    phase: identify
    owner: crisis_lead # the lead logs it while the team forms
    due: { 1: 30m, 2: 1h, 3: 2h, 4: 8h }
    title:
      en: Log it
      zh-CN: 记录

  # Legal looks before anything is said.
  - id: legal-look
    phase: assess
    owner: legal_counsel
    due: { 1: 1h, 2: 2h, 3: 4h, 4: 1d }
    title:
      en: Legal look
      zh-CN: 法律评估

  - id: say-it
    phase: respond
    owner: comms
    due: { 1: 1h, 2: 2h, 3: 4h, 4: 1d }
    title:
      en: Say it
      zh-CN: 发布
`;
const COMMENTS = PLAN.split('\n').filter((l) => l.includes('#'));

const CASES: { change: PlanChange; diff: string[] }[] = [
  {
    change: { kind: 'add-step', step: { id: 'call-insurer', phase: 'assess', owner: 'legal_counsel', due: { 1: '2h', 2: '4h', 3: '8h', 4: '1d' }, title: { en: 'Call the insurer', 'zh-CN': '联系保险公司' } } },
    diff: ['+  - id: call-insurer', '+    phase: assess', '+    due: { 1: 2h, 2: 4h, 3: 8h, 4: 1d }', '+      zh-CN: 联系保险公司'],
  },
  { change: { kind: 'remove-step', step: 'say-it', at: 3 }, diff: ['-  - id: say-it', '-    owner: comms'] },
  { change: { kind: 'reorder-step', step: 'say-it', at: 3, position: 1 }, diff: ['-  - id: say-it', '+  - id: say-it'] },
  { change: { kind: 'change-owner', step: 'legal-look', at: 2, owner: 'comms' }, diff: ['-    owner: legal_counsel', '+    owner: comms'] },
  { change: { kind: 'change-due', step: 'legal-look', at: 2, due: { 1: '30m' } }, diff: ['-    due: { 1: 1h, 2: 2h, 3: 4h, 4: 1d }', '+    due: { 1: 30m, 2: 2h, 3: 4h, 4: 1d }'] },
  { change: { kind: 'statement-template', audience: 'holding', text: { en: 'We know about {title}.', 'zh-CN': '我们已知悉{title}。' } }, diff: ['+statements:', '+  holding:', '+    en: We know about {title}.'] },
];

describe('a proposal applied to a plan file with the yaml Document API', () => {
  for (const { change, diff } of CASES) {
    it(`${change.kind}: the diff shows the change and every comment of the file is kept`, () => {
      const r = applyChange(PLAN, change);
      if (!r.ok) throw new Error(r.stale);
      for (const c of COMMENTS) expect(r.text).toContain(c);
      const patch = unifiedDiff(PLAN, r.text, 'a/plans/tiny.yml', 'b/plans/tiny.yml');
      expect(patch.split('\n').slice(0, 2)).toEqual(['--- a/plans/tiny.yml', '+++ b/plans/tiny.yml']);
      for (const line of diff) expect(patch.split('\n')).toContain(line);
      // No comment line is ever removed or added: only the change itself.
      expect(patch.split('\n').filter((l) => /^[-+].*#/.test(l) && !l.startsWith('---') && !l.startsWith('+++'))).toEqual([]);
      expect(r.text.endsWith('\n') && !r.text.endsWith('\n\n')).toBe(true);
    });
  }

  it('puts the values where the plan schema reads them', () => {
    const read = (c: PlanChange) => {
      const r = applyChange(PLAN, c);
      if (!r.ok) throw new Error(r.stale);
      return parse(r.text) as { steps: { id: string; owner: string; due: Record<string, string> }[]; statements?: Record<string, Record<string, string>> };
    };
    expect(read(CASES[0]!.change).steps.map((s) => s.id)).toEqual(['log-it', 'legal-look', 'call-insurer', 'say-it']);
    expect(read(CASES[1]!.change).steps.map((s) => s.id)).toEqual(['log-it', 'legal-look']);
    expect(read(CASES[2]!.change).steps.map((s) => s.id)).toEqual(['say-it', 'log-it', 'legal-look']);
    expect(read(CASES[3]!.change).steps[1]!.owner).toBe('comms');
    expect(read(CASES[4]!.change).steps[1]!.due).toEqual({ 1: '30m', 2: '2h', 3: '4h', 4: '1d' });
    expect(read(CASES[5]!.change).statements).toEqual({ holding: { en: 'We know about {title}.', 'zh-CN': '我们已知悉{title}。' } });
  });

  it('refuses a stale proposal, naming the step: gone, moved, or added already', () => {
    expect(applyChange(PLAN, { kind: 'change-owner', step: 'gone-step', at: 2, owner: 'comms' })).toEqual({ ok: false, stale: 'step gone-step is no longer in the plan' });
    expect(applyChange(PLAN, { kind: 'remove-step', step: 'say-it', at: 2 })).toEqual({ ok: false, stale: 'step say-it has moved (position 2 when proposed, 3 now)' });
    expect(applyChange(PLAN, { ...CASES[0]!.change, step: { ...(CASES[0]!.change as { step: object }).step, id: 'log-it' } } as PlanChange)).toEqual({ ok: false, stale: 'step log-it is already in the plan' });
  });

  it('keeps a shipped plan file byte for byte outside the change', async () => {
    const text = await readFile(path.join(DEFAULT_PLAYBOOK, 'plans/reputation.yml'), 'utf8');
    const r = applyChange(text, { kind: 'change-owner', step: 'legal-review', at: 4, owner: 'comms' });
    if (!r.ok) throw new Error(r.stale);
    expect(r.text).toBe(text.replace('    owner: legal_counsel\n    due: { 1: 1h, 2: 2h, 3: 4h, 4: 1d }\n    title:\n      en: Check disclosure', '    owner: comms\n    due: { 1: 1h, 2: 2h, 3: 4h, 4: 1d }\n    title:\n      en: Check disclosure'));
  });
});
