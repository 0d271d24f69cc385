// With the production database settings (a 10 s server selection timeout) and the database gone,
// a Discord command still gets its first answer inside Discord's 3-second window: the reply
// itself says the database is unreachable, rather than a deferred "thinking…" answered later.
import { afterAll, describe, expect, it } from 'vitest';
import { answering, outageProxy, type OutageProxy } from '../outage-proxy.ts';
import { interact, replyOf, textOf, unescape, useWorlds } from './support.ts';

const open = useWorlds();
const proxies: OutageProxy[] = [];
afterAll(async () => {
  for (const p of proxies) await p.stop();
});

// Discord's interaction callback types: 4 answers with a message, 5 defers it.
const REPLY = 4;

describe('Discord during a database outage, with the production timeouts', () => {
  it('a command is answered at once, not deferred, that the database is unreachable', async () => {
    let proxy!: OutageProxy;
    const w = await open('outage_ack_window', { answerWithinMs: 2000, db: { via: async (uri) => (proxy = await outageProxy(uri)).uri } });
    proxies.push(proxy);
    proxy.cut();
    // One failed call lets the driver see the server gone: from then on it knows none.
    await expect(w.db.conn.db!.admin().ping()).rejects.toThrow();
    // Twice: each command meets the outage on its own, neither waits out the driver.
    for (const subcommand of ['status', 'status']) {
      const answered = await interact(w, { kind: 'slash', subcommand });
      expect(answered.response.type, subcommand).toBe(REPLY);
      expect(unescape(textOf(replyOf(w, answered)))).toContain('The database is unreachable, so nothing was done. Try again in a moment.');
    }
    proxy.restore();
    await answering(w.db.conn);
  });
});
