import { collectDefaultMetrics, Registry } from 'prom-client';

let shared: Registry | undefined;

/**
 * Node's process metrics (CPU, memory, event-loop lag, GC, handles), collected once per process
 * into a registry of their own — never prom-client's global default one. They describe the
 * process, not a core, and each collection starts an event-loop monitor and a GC observer that
 * are never stopped: tests run many cores in one process, so every core's registry shares these
 * few metric objects instead of collecting its own.
 */
export function processMetrics(): Registry {
  if (!shared) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared });
  }
  return shared;
}
