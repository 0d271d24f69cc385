// HTTP mode end to end: real Bolt on /slack/events, signed requests from the fake Slack, the real
// Web API client calling back into the fake, the real store on FerretDB.
import { describe, expect, it } from 'vitest';
import { OPS, pickerValue, shown, useHarnesses } from './harness.ts';
import { warRoomFlow } from './war-room-flow.ts';

const harness = useHarnesses();

describe('Slack over HTTP', () => {
  it('raises from /crisis through the modal into a war room, ticks a step once for two clicks, and shows status in the room', async () => {
    await warRoomFlow(await harness());
  });

  it('speaks Chinese to a zh-CN user: modal, war room and checklist', async () => {
    const h = await harness();
    await h.command('raise 3号楼仓库火灾', 'U0WEI');
    await h.settled();
    const view = h.fake.callsTo('views.open')[0]?.args.view as { title: { text: string }; blocks: unknown };
    expect(view.title.text).toBe('上报危机事件');
    expect(shown(view.blocks)).toContain('标题');
    await h.submit({ title: '3号楼仓库火灾', type: 'safety-accident', casualties: '3', started_at: pickerValue(h, 10) }, 'U0WEI');
    await h.settled();
    // No Latin letters in the title: the channel is named by the key alone.
    const room = [...h.fake.channels.values()].find((c) => c.name === 'inc-20261128-001')!;
    expect(room).toBeDefined();
    const all = shown(h.messages(room.id).map((m) => m.blocks));
    expect(all).toContain('INC-20261128-001：3号楼仓库火灾');
    expect(all).toContain('处置清单 INC-20261128-001（1/2）');
    expect(all).toContain('*识别*');
    expect(JSON.stringify(h.messages(room.id))).toContain('"text":"完成"');
    const told = h.fake.ephemerals.find((e) => e.user === 'U0WEI' && e.channel === OPS);
    expect(shown(told?.blocks)).toContain('INC-20261128-001 已启动');
  });

  it('serves /healthz and /metrics beside /slack/events', async () => {
    const h = await harness();
    const base = h.url.replace('/slack/events', '');
    expect(await fetch(`${base}/healthz`).then((r) => r.json())).toMatchObject({ ok: true });
    expect(await fetch(`${base}/metrics`).then((r) => r.text())).toContain('crisis_outbox_pending');
  });
});
