// A TCP relay between a test's core and its FerretDB that can drop the database out from under the
// bot and bring it back at the same address, as an outage or a restart of the database server would.
import net from 'node:net';

export type OutageProxy = {
  /** The database URI through the relay (same database name as `target`). */
  uri: string;
  /** Drops every open connection and refuses new ones: the database is unreachable. */
  cut(): void;
  /** Lets connections through again. */
  restore(): void;
  stop(): Promise<void>;
};

export async function outageProxy(target: string): Promise<OutageProxy> {
  const to = new URL(target);
  let down = false;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (down) return void client.destroy();
    const upstream = net.connect(Number(to.port), to.hostname);
    for (const s of [client, upstream]) open.add(s);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.pipe(upstream).pipe(client);
    for (const s of [client, upstream]) s.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    uri: `mongodb://127.0.0.1:${port}${to.pathname}`,
    cut() {
      down = true;
      for (const s of open) s.destroy();
    },
    restore() {
      down = false;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Resolves once the bot's own connection answers again. A driver that saw the server go checks it
 * again at most every 500 ms, so the first call right after `restore()` may still fail; a person
 * would try again "in a moment", and so does the test, before it submits again.
 */
export async function answering(conn: { db?: { admin(): { ping(): Promise<unknown> } } }): Promise<void> {
  for (;;) {
    if (await conn.db!.admin().ping().then(() => true, () => false)) return;
  }
}
