import { describe, it } from 'vitest';
import { testClock, useTestCore } from '../support/core.ts';
import { shellDriver } from '../support/shell.ts';

const clock = testClock();
const t = useTestCore({ now: clock.now });
const KEY = 'INC-20261128-001';
const erin = { id: 'erin', name: 'Erin Placeholder' };
const heidi = { id: 'heidi', name: 'Heidi Placeholder' };
const carol = { id: 'carol', name: 'Carol Placeholder' };
const alice = { id: 'alice', name: 'Alice Placeholder' };

describe('explore', () => {
  it('prints', async () => {
    const shell = shellDriver(t.core, undefined, { clock });
    console.log(await shell.type('/crisis raise title="Warehouse fire" type=safety-accident location="Plant 2" people_affected=12', '/skip'));
    console.log(await shell.as(erin).type(`/crisis statement ${KEY}`, '', '', 'announcements', '', '', ''));
    console.log(await shell.as(erin).type(`/crisis statement ${KEY} approve S1`));
    console.log(await shell.as(heidi).type(`/crisis statement ${KEY} changes S1`, 'Say when it started'));
    console.log(await shell.as(erin).type(`/crisis statement ${KEY} edit S1`, 'We are aware of a fire at Plant 2 since 09:30.', ''));
    console.log(await shell.as(heidi).type(`/crisis statement ${KEY} approve S1`));
    console.log(await shell.as(carol).type(`/crisis statement ${KEY} approve S1`));
    console.log(await shell.as(carol).type(`/crisis statement ${KEY} publish S1`));
    console.log(await shell.as(carol).type(`/crisis statement ${KEY} publish S1`));
    console.log(await shell.as(carol).type(`/crisis statements ${KEY}`));
    console.log(await shell.as(carol).type(`/crisis timeline ${KEY}`));
  });
});
