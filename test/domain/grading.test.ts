import { beforeAll, describe, expect, it } from 'vitest';
import { grade } from '../../src/domain/grading.ts';
import type { Level } from '../../src/playbook/schema.ts';
import { loadDefaultPlaybook } from '../support/core.ts';

let levels: Level[];
beforeAll(async () => {
  levels = (await loadDefaultPlaybook()).levels;
});

describe('grading from the playbook criteria', () => {
  it('takes the most severe level any one criterion reaches, with every reason at that level', () => {
    expect(grade(levels, { people_affected: 12 })).toEqual({ level: 2, reasons: [{ criterion: 'people_affected', value: 12, threshold: 10 }] });
    const g = grade(levels, { people_affected: 5, casualties: 10, media_attention: 'international' });
    expect(g.level).toBe(1);
    expect(g.reasons.map((r) => r.criterion)).toEqual(['casualties', 'media_attention']);
  });

  it('compares the media and operations scales by rank, not by spelling', () => {
    expect(grade(levels, { operations_disrupted: 'partial' }).level).toBe(3);
    expect(grade(levels, { operations_disrupted: 'major' }).level).toBe(2);
    expect(grade(levels, { media_attention: 'local' }).level).toBe(3);
  });

  it('falls to level 4 with no reasons when nothing reaches level 3', () => {
    expect(grade(levels, {})).toEqual({ level: 4, reasons: [] });
    expect(grade(levels, { people_affected: 2, media_attention: 'none' })).toEqual({ level: 4, reasons: [] });
  });

  it('treats a threshold as reached at exactly the threshold', () => {
    expect(grade(levels, { direct_loss: 1_000_000 }).level).toBe(2);
    expect(grade(levels, { direct_loss: 999_999 }).level).toBe(3);
  });
});
