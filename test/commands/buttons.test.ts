import { describe, expect, it } from 'vitest';
import { buttonCommand, isButton } from '../../commands/buttons.ts';

describe('buttons are commands by another name', () => {
  it('turns a button and its value into the command a person would type', () => {
    expect(buttonCommand('step.done', 'INC-20261128-001:3')).toBe('tick INC-20261128-001 3');
    expect(buttonCommand('incident.ack', 'INC-20261128-001')).toBe('ack INC-20261128-001');
    expect(buttonCommand('fact.verify', 'INC-20261128-001:F2')).toBe('fact INC-20261128-001 verify F2');
    expect(buttonCommand('level.keep', 'INC-20261128-001:2')).toBe('level INC-20261128-001 keep 2');
  });

  it('ignores unknown buttons and values that do not fit (a forged click runs nothing)', () => {
    expect(isButton('step.delete')).toBe(false);
    expect(buttonCommand('step.delete', 'INC-20261128-001:3')).toBeUndefined();
    for (const [id, value] of [
      ['step.done', 'INC-20261128-001'],
      ['step.done', 'INC-20261128-001:3:4'],
      ['step.done', 'INC-20261128-001:x; rm'],
      ['incident.ack', 'INC-20261128-001:3'],
      ['fact.verify', 'INC-20261128-001:3'],
      ['level.change', 'INC-20261128-001:5'],
      ['assess.fact', 'inc-1'],
    ]) expect(buttonCommand(id!, value!), `${id} ${value}`).toBeUndefined();
  });
});
