import type { Core } from '../core.ts';
import type { Incident } from '../store/records.ts';

/** A public statement as the report needs it. */
export type Statement = { publishedAt: Date; channel?: string; title?: string };

/**
 * The incident's published statements. Statements (issue 14) are being built elsewhere: until
 * their store exists this is the one place to connect them, and the report says "none recorded".
 */
export async function publishedStatements(_core: Core, _incident: Incident): Promise<Statement[]> {
  return [];
}
