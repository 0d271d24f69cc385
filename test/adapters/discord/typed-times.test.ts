// A time pasted into a Discord form the way monitoring tools print it, read as the instant it names
// and echoed back on the reader's clock.
import { describe, expect, it } from 'vitest';
import { findIncident } from '../../../src/store/incidents.ts';
import { loadDefaultPlaybook } from '../../support/core.ts';
import { raiseIncident, replyOf, textOf, unescape, useWorlds } from './support.ts';

const openWorld = useWorlds();

describe('Discord: a typed start time', { timeout: 120_000 }, () => {
  it('accepts an ISO time with milliseconds in the raise form, stores that instant and says how it was read', async () => {
    const playbook = { ...(await loadDefaultPlaybook()), timezone: 'Asia/Shanghai' };
    const w = await openWorld('typed_times_iso', { playbook });
    w.clock.set(new Date('2026-12-03T01:00:00Z'));
    const done = unescape(textOf(replyOf(w, await raiseIncident(w, { title: 'Payments API down', type: 'cyber-attack', started_at: '2026-12-02T20:27:44.517Z' }))));
    expect(done).toContain('When it started (YYYY-MM-DD HH:MM): read as 2026-12-03 04:27 Asia/Shanghai.');
    const key = done.match(/INC-\d{8}-\d{3}/)![0];
    expect((await findIncident(w.db, key))!.startedAt.toISOString()).toBe('2026-12-02T20:27:44.517Z');
  });
});
