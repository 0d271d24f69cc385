import type { Db } from '../src/store/connect.ts';

/** Commands sent to the server, by name (find, insert, update, delete …). */
export type Trips = Record<string, number>;

/**
 * Counts the commands the driver sends on `db` from now until stop(): deterministic where times
 * are not (the machine is shared). Needs a connection opened with `monitorCommands=true` in its URI.
 */
export function countTrips(db: Db): { counts: Trips; stop(): void } {
  const counts: Trips = {};
  const client = db.conn.getClient();
  const on = (e: { commandName: string }) => void (counts[e.commandName] = (counts[e.commandName] ?? 0) + 1);
  client.on('commandStarted', on);
  return { counts, stop: () => void client.off('commandStarted', on) };
}

export const totalTrips = (t: Trips) => Object.values(t).reduce((a, b) => a + b, 0);

/** `812 = 8.1 per alert (find 400, insert 300, …)`. */
export const tripsLine = (t: Trips, per: number) =>
  `${totalTrips(t)} = ${(totalTrips(t) / Math.max(1, per)).toFixed(1)} per alert (${Object.entries(t)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')})`;
