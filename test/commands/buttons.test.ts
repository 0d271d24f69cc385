import { describe, expect, it } from 'vitest';
import { buttonCall, isButton } from '../../commands/buttons.ts';

describe('buttons are commands by another name', () => {
  it('turns a button and its value into the typed call of the command it stands for', () => {
    expect(buttonCall('step.done', 'INC-20261128-001:3')).toEqual({ command: 'tick', raw: { key: 'INC-20261128-001', n: '3' } });
    expect(buttonCall('incident.ack', 'INC-20261128-001')).toEqual({ command: 'ack', raw: { key: 'INC-20261128-001' } });
    expect(buttonCall('fact.verify', 'INC-20261128-001:F2')).toEqual({ command: 'fact', raw: { key: 'INC-20261128-001', action: 'verify', fact: 'F2' } });
    expect(buttonCall('level.keep', 'INC-20261128-001:2')).toEqual({ command: 'level', raw: { key: 'INC-20261128-001', keep: 'keep', level: '2' } });
  });

  it('ignores unknown buttons and values that do not fit (a forged click runs nothing)', () => {
    expect(isButton('step.delete')).toBe(false);
    expect(buttonCall('step.delete', 'INC-20261128-001:3')).toBeUndefined();
    for (const [id, value] of [
      ['step.done', 'INC-20261128-001'],
      ['step.done', 'INC-20261128-001:3:4'],
      ['step.done', 'INC-20261128-001:x; rm'],
      ['incident.ack', 'INC-20261128-001:3'],
      ['fact.verify', 'INC-20261128-001:3'],
      ['level.change', 'INC-20261128-001:5'],
      ['assess.fact', 'inc-1'],
      ['step.done', `INC-20261128-001:${'1'.repeat(100)}`],
      ['fact.verify', 'INC-20261128-001:F2:verify'],
      ['level.keep', ''],
    ]) expect(buttonCall(id!, value!), `${id} ${value}`).toBeUndefined();
  });

  it('knows every button the cards render, each standing for the command that declares it', () => {
    const ids = ['step.done', 'step.reopen', 'step.help', 'step.snooze', 'incident.ack', 'incident.update', 'assess.fact', 'assess.impact', 'fact.verify', 'fact.dispute', 'fact.correct', 'level.change', 'level.keep'];
    expect(ids.filter((id) => !isButton(id))).toEqual([]);
    expect(buttonCall('step.reopen', 'INC-20261128-001:2')?.command).toBe('untick');
    expect(buttonCall('assess.fact', 'INC-20261128-001')).toEqual({ command: 'fact', raw: { key: 'INC-20261128-001' } });
  });
});
