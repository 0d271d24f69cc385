import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../../src/domain/timeline.ts';
import { appendEvent, auditTimeline, hasEvents, readAllEvents, readEvent, readTimeline, timelineHead } from '../../../src/store/timeline.ts';
import { connectDb, useTestDb } from '../../support/core.ts';
import { at, burst } from './fixtures.ts';

const testDb = useTestDb();

const KEY = Buffer.from('contract-audit-key-0123456789abcdef0123456789abcdef', 'utf8');

describe('the timeline (store/timeline.ts)', () => {
  it('makes one unbroken chain of 20 concurrent appends, each event once', async () => {
    const db = await testDb.connect('timeline');
    await burst(20, (i) => appendEvent(db, 'INC-T1', { type: 'note', actor: `u${i}`, data: { i }, at: at(i) }));
    const events = await readTimeline(db, 'INC-T1');
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(events.map((e) => e.data.i).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(await auditTimeline(db, 'INC-T1')).toEqual({ ok: true, count: 20 });
    expect((await timelineHead(db, 'INC-T1'))?.seq).toBe(20);
    await db.close();
  });

  it('appends an event marked `once` a single time, however often its operation runs, and finds it behind later events with lookBack', async () => {
    const db = await testDb.connect('timeline');
    const first = await appendEvent(db, 'INC-T2', { type: 'step.done', actor: 'Ann', at: at(1) }, { once: 'tick:INC-T2:1:v0' });
    expect(await appendEvent(db, 'INC-T2', { type: 'step.done', actor: 'Ann', at: at(1) }, { once: 'tick:INC-T2:1:v0' })).toEqual(first);
    await appendEvent(db, 'INC-T2', { type: 'note', actor: 'Ben', at: at(2) });
    await appendEvent(db, 'INC-T2', { type: 'note', actor: 'Cy', at: at(3) });
    // A resumed operation looks further back than the last event.
    expect(await appendEvent(db, 'INC-T2', { type: 'step.done', actor: 'Ann', at: at(1) }, { once: 'tick:INC-T2:1:v0', lookBack: 50 })).toEqual(first);
    // Concurrent runs of one operation write it once.
    const racing = await burst(5, () => appendEvent(db, 'INC-T2', { type: 'level.changed', actor: 'Dee', at: at(4) }, { once: 'level:INC-T2' }));
    expect(new Set(racing.map((e) => e.seq)).size).toBe(1);
    const events = await readTimeline(db, 'INC-T2');
    expect(events.map((e) => [e.seq, e.type, e.actor])).toEqual([
      [1, 'step.done', 'Ann'],
      [2, 'note', 'Ben'],
      [3, 'note', 'Cy'],
      [4, 'level.changed', 'Dee'],
    ]);
    expect(await auditTimeline(db, 'INC-T2')).toEqual({ ok: true, count: 4 });
    await db.close();
  });

  it('reads one event by number and tells an incident with events from one without', async () => {
    const db = await testDb.connect('timeline');
    await appendEvent(db, 'INC-T3', { type: 'update.posted', actor: 'Ann', data: { text: 'All clear' }, at: at(5) });
    expect((await readEvent(db, 'INC-T3', 1))?.data).toEqual({ text: 'All clear' });
    expect(await readEvent(db, 'INC-T3', 2)).toBeNull();
    expect(await hasEvents(db, 'INC-T3')).toBe(true);
    expect(await hasEvents(db, 'INC-NONE')).toBe(false);
    expect(await timelineHead(db, 'INC-NONE')).toBeNull();
    expect(await readTimeline(db, 'INC-NONE')).toEqual([]);
    await db.close();
  });

  it('keys the chain with the audit key, stores it so it rehashes identically, and reads every event with its id', async () => {
    const db = await connectDb(testDb.uri('timeline_keyed'), { auditKey: KEY });
    await burst(5, (i) => appendEvent(db, 'INC-T4', { type: 'note', actor: `u${i}`, at: new Date(at(i).getTime() + 0.5) }));
    const all = await readAllEvents(db, 'INC-T4');
    expect(all.map((e) => e.id).sort()).toEqual([1, 2, 3, 4, 5].map((n) => `INC-T4:${String(n).padStart(6, '0')}`));
    expect(all.every((e) => e.event.hashAlg === 'hmac1')).toBe(true);
    const events = all.map((e) => e.event).sort((a, b) => a.seq - b.seq);
    expect(verifyChain(events, KEY)).toEqual({ ok: true, count: 5 });
    // The plain chain's check fails on keyed events: the key is what makes them.
    expect(verifyChain(events).ok).toBe(false);
    await db.close();
  });
});
