// Slack says each person's time zone (users.info `tz`): a start time is read and echoed on their clock.
import { describe, expect, it } from 'vitest';
import { formatInZone } from '../../../src/ui/times.ts';
import { pickerValue, shown, useHarnesses } from './harness.ts';

const harness = useHarnesses();

describe('Slack: start times on the reporter’s own clock', { timeout: 120_000 }, () => {
  it('echoes the start time in the zone Slack gives for each reporter, in their language', async () => {
    const h = await harness();
    const started = pickerValue(h, 30);
    const at = new Date(started * 1000);

    const alice = await h.raise({ title: 'Warehouse fire', type: 'safety-accident', started_at: started }, 'U0ALICE');
    expect(shown((alice.body as { view: { blocks: unknown } }).view.blocks)).toContain(`read as ${formatInZone(at, 'America/New_York')} America/New_York.`);

    const wei = await h.raise({ title: '仓库漏水', type: 'safety-accident', started_at: started }, 'U0WEI');
    expect(shown((wei.body as { view: { blocks: unknown } }).view.blocks)).toContain(`按 ${formatInZone(at, 'Asia/Shanghai')}（Asia/Shanghai）理解。`);
    expect((await h.incident())!.startedAt.getTime()).toBe(at.getTime());
  });
});
