import { MEANING, type Finding } from './findings.ts';
import type { AuditReport, IncidentResult } from './run.ts';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Where a finding is: the event, ledger entry or anchors-file line it names. */
function place(f: Finding): string {
  if (f.seq !== undefined) return `event ${f.seq}`;
  if (f.ledgerSeq !== undefined) return `ledger entry ${f.ledgerSeq}`;
  if (f.anchorLine !== undefined) return `anchors line ${f.anchorLine}`;
  return '';
}

function findingLines(f: Finding): string[] {
  const where = [f.incident, place(f)].filter(Boolean).join(' ');
  const lines = [`  ${where ? `${where} ` : ''}[${f.kind}]: ${f.detail}`, `    means: ${MEANING[f.kind]}`];
  if (f.busy) lines.push('    note: an operation on this incident is unfinished; if the bot is running or crashed, it may still complete it (audit again after)');
  return lines;
}

function okLine(r: IncidentResult): string {
  const parts = [`${r.key}: OK — ${plural(r.events, 'event')}, hash chain intact`];
  if (r.plain) parts.push(`${r.plain} of them from before the audit key`);
  if (r.ledgerSeq !== undefined) parts.push(`ledger entry ${r.ledgerSeq}`);
  parts.push(r.anchoredAt ? `anchored at event ${r.anchoredAt}` : 'not anchored on this host');
  // The same words as the war room's pinned line, so the two can be compared at a glance.
  if (r.head) parts.push(`head: event ${r.head.seq} ${r.head.hash}`);
  parts.push('steps, facts, level and phase match the timeline');
  return parts.join(', ');
}

/** The report as a person reads it: what was checked, each incident, each finding with its meaning. */
export function formatText(report: AuditReport, keySource: string): string[] {
  const c = report.checked;
  const scope = [c.only ? `incident ${c.only}` : 'every incident', c.since ? `raised since ${c.since}` : ''].filter(Boolean).join(' ');
  const out = [
    `Audit of ${scope}, with the audit key from ${keySource}.`,
    'Checked:',
    `  ${plural(c.incidents, 'incident')}, ${plural(c.events, 'timeline event')}: each chain recomputed with the key (plain hashes only from before it existed)`,
    `  ${plural(c.ledgerEntries, 'ledger entry', 'ledger entries')}: the chain of incidents, none missing from the database, none unknown to it`,
    `  ${plural(c.anchors, 'anchor')} in ${c.anchorsFile}: no chain shorter than, or different from, what was anchored`,
    `  ${plural(c.steps, 'step')}, ${plural(c.facts, 'fact version')}, each level and phase: as the timeline last recorded them`,
  ];
  for (const r of report.incidents) {
    if (!r.findings.length) out.push(okLine(r));
    else out.push(`${r.key}: ${plural(r.findings.length, 'finding')}`, ...r.findings.flatMap(findingLines));
  }
  if (report.global.length) out.push(`Ledger and anchors: ${plural(report.global.length, 'finding')}`, ...report.global.flatMap(findingLines));
  if (report.unanchored) out.push(`${plural(report.unanchored, 'event')} newer than the last anchor of its chain (a crash right after writing, or written on another host): not a finding.`);
  const total = report.global.length + report.incidents.reduce((n, r) => n + r.findings.length, 0);
  out.push(total ? `Result: ${plural(total, 'finding')}.` : 'Result: no findings.');
  return out;
}

/** The same report for machines: findings carry their meaning, so a consumer needs no catalog. */
export function formatJson(report: AuditReport, keySource: string): string {
  const withMeaning = (f: Finding) => ({ ...f, meaning: MEANING[f.kind] });
  return JSON.stringify(
    {
      ok: report.ok,
      key: keySource,
      checked: report.checked,
      incidents: report.incidents.map((r) => ({ ...r, ok: r.findings.length === 0, findings: r.findings.map(withMeaning) })),
      global: report.global.map(withMeaning),
      unanchored: report.unanchored,
    },
    null,
    2,
  );
}
