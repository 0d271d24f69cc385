import type { Db } from '../src/store/connect.ts';

/** Commands sent to the server, by name (find, insert, update, delete …), and the time spent waiting for each kind. */
export type Trips = { count: Record<string, number>; ms: Record<string, number> };

/**
 * Counts the commands the driver sends on `db` from now until stop(), and how long their answers
 * took: the count is deterministic where times are not (the machine is shared). Needs a
 * connection opened with `monitorCommands=true` in its URI.
 */
export function countTrips(db: Db): { counts: Trips; stop(): void } {
  const counts: Trips = { count: {}, ms: {} };
  const client = db.conn.getClient();
  const started = (e: { commandName: string }) => void (counts.count[e.commandName] = (counts.count[e.commandName] ?? 0) + 1);
  const ended = (e: { commandName: string; duration: number }) => void (counts.ms[e.commandName] = (counts.ms[e.commandName] ?? 0) + e.duration);
  client.on('commandStarted', started);
  client.on('commandSucceeded', ended);
  client.on('commandFailed', ended);
  return {
    counts,
    stop: () => {
      client.off('commandStarted', started);
      client.off('commandSucceeded', ended);
      client.off('commandFailed', ended);
    },
  };
}

export const totalTrips = (t: Trips) => Object.values(t.count).reduce((a, b) => a + b, 0);

/** `812 = 8.1 per alert (find 400 in 350 ms, insert 300 in …)`. */
export const tripsLine = (t: Trips, per: number) =>
  `${totalTrips(t)} = ${(totalTrips(t) / Math.max(1, per)).toFixed(1)} per alert (${Object.entries(t.count)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v} waited ${(t.ms[k] ?? 0).toFixed(0)} ms`)
    .join(', ')})`;
