import type { Core } from '../core.ts';
import { isPublic, publishedText } from '../domain/statements.ts';
import type { Incident } from '../store/records.ts';

/** A public statement as the report needs it. */
export type Statement = { publishedAt: Date; channel?: string; title?: string };

const EXCERPT = 120;

/**
 * The incident's public statements as published (issue 14): staff-only ones are internal, and a
 * superseded statement still counts — it was published, and the report shows what went out when.
 * The text is the approved version's, English first, cut to a line.
 */
export async function publishedStatements(_core: Core, incident: Incident): Promise<Statement[]> {
  return (incident.statements ?? [])
    .filter((s) => s.published && isPublic(s.audience))
    .map((s) => {
      const text = publishedText(s) ?? {};
      const line = (text.en ?? text['zh-CN'] ?? '').split('\n')[0]!;
      return {
        publishedAt: s.published!.at,
        channel: s.publications.map((p) => p.channel).join(', '),
        title: `${s.id} v${s.published!.v} (${s.kind}): ${line.length > EXCERPT ? `${line.slice(0, EXCERPT)}…` : line}`,
      };
    })
    .sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
}
