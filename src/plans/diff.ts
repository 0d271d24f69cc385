/**
 * A unified diff of two texts (`diff -u` style, 3 lines of context). Plan files are a few
 * hundred lines at most, so the plain longest-common-subsequence table is fine.
 */
export function unifiedDiff(before: string, after: string, from: string, to: string, context = 3): string {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  // The edit script: ' ' kept, '-' only in before, '+' only in after, with each line's numbers.
  const ops: { op: ' ' | '-' | '+'; line: string; ai: number; bi: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ op: ' ', line: a[i]!, ai: i++, bi: j++ });
    // Removals before additions, as diff -u prints a changed line.
    else if (i < a.length && (j >= b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) ops.push({ op: '-', line: a[i]!, ai: i++, bi: j });
    else ops.push({ op: '+', line: b[j]!, ai: i, bi: j++ });
  }
  const changed = ops.map((o, k) => (o.op === ' ' ? -1 : k)).filter((k) => k >= 0);
  if (!changed.length) return '';
  const out = [`--- ${from}`, `+++ ${to}`];
  for (let h = 0; h < changed.length; ) {
    const start = Math.max(0, changed[h]! - context);
    let end = changed[h]!;
    while (h < changed.length && changed[h]! - end <= 2 * context) end = changed[h++]!;
    const stop = Math.min(ops.length - 1, end + context);
    const hunk = ops.slice(start, stop + 1);
    const aLen = hunk.filter((o) => o.op !== '+').length;
    const bLen = hunk.filter((o) => o.op !== '-').length;
    out.push(`@@ -${hunk[0]!.ai + (aLen ? 1 : 0)},${aLen} +${hunk[0]!.bi + (bLen ? 1 : 0)},${bLen} @@`, ...hunk.map((o) => `${o.op}${o.line}`));
  }
  return `${out.join('\n')}\n`;
}
