import { describe, expect, it } from 'vitest';
import { canTransition } from '../../src/domain/lifecycle.ts';
import { incidentKey, roomName } from '../../src/domain/naming.ts';

describe('incident keys and room names', () => {
  it('formats keys as INC-YYYYMMDD-NNN', () => {
    expect(incidentKey(new Date(2026, 10, 28, 23, 59), 7)).toBe('INC-20261128-007');
  });

  it('names rooms with lowercase Latin letters, digits and dashes only, within 80 characters', () => {
    expect(roomName('INC-20261128-001', 'Warehouse fire, building 3')).toBe('inc-20261128-001-warehouse-fire');
    expect(roomName('INC-20261128-002', 'Café <!channel> @everyone *DDoS*!')).toBe('inc-20261128-002-cafe-channel-everyone-ddos');
    expect(roomName('INC-20261128-003', '3号楼仓库火灾')).toBe('inc-20261128-003');
    const long = roomName('INC-20261128-004', 'word '.repeat(40));
    expect(long.length).toBeLessThanOrEqual(80);
    expect(long).toMatch(/^[a-z0-9-]+[a-z0-9]$/);
  });
});

describe('lifecycle', () => {
  it('moves forward through the SOP phases and closes only after review', () => {
    expect(canTransition('identify', 'assess')).toBe(true);
    expect(canTransition('respond', 'control')).toBe(true);
    expect(canTransition('resolve', 'closed')).toBe(false);
    expect(canTransition('review', 'closed')).toBe(true);
    expect(canTransition('closed', 'respond')).toBe(false);
  });
});
