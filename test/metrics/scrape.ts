import type { Core } from '../../src/core.ts';
import { startOpsServer } from '../../src/http.ts';
import { parseExposition } from './exposition.ts';

/** GETs /metrics from the core's ops server on 127.0.0.1 (stopped again) and reads it strictly. */
export async function scrape(core: Core) {
  const ops = await startOpsServer(core, 0, '127.0.0.1');
  try {
    const res = await fetch(`http://127.0.0.1:${ops.port}/metrics`);
    const text = await res.text();
    return { status: res.status, contentType: res.headers.get('content-type'), text, families: parseExposition(text) };
  } finally {
    await ops.close();
  }
}
