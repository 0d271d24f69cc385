import { z } from 'zod';
import { type Path, Problems, type Source } from './problems.ts';

/** Schema validation, and the wording of each issue: the field, its line, and a "did you mean" for a near miss. */

export function validate<S extends z.ZodType>(src: Source, schema: S, out: Problems): z.output<S> | undefined {
  const result = schema.safeParse(src.raw, { reportInput: true, error: () => BUILT_IN });
  if (result.success) return result.data;
  // A misspelt key shows up twice in zod (unknown 'titel', missing 'title'); one report is enough.
  const explained = new Set<string>();
  for (const issue of result.error.issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const allowed = keysAt(schema, issue.path);
    const present = Object.keys(issue.input ?? {});
    for (const key of issue.keys) {
      const guess = closest(key, allowed.filter((k) => !present.includes(k)));
      if (guess) explained.add(dotted([...issue.path, guess]));
      out.add({
        file: src.file,
        line: src.lineOf([...issue.path, key]),
        field: dotted([...issue.path, key]),
        message: `unknown key '${key}'; ${guess ? `did you mean '${guess}'? ` : ''}allowed keys here: ${allowed.join(', ')}`,
      });
    }
  }
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') continue;
    if (issue.code === 'invalid_type' && issue.input === undefined && explained.has(dotted(issue.path))) continue;
    out.add({ file: src.file, line: src.lineOf(issue.path), field: dotted(issue.path), message: issueMessage(issue, schema) });
  }
  return undefined;
}

// Parse-level error maps rank below the messages set in schema.ts, so any issue still carrying
// this marker got no hand-written wording and issueMessage composes one.
export const BUILT_IN = '\u0000built-in';

export const dotted = (p: Path): string => p.map(String).join('.');

/** The schema that validates the value at `p`, looking through optional and transform wrappers. */
export function schemaAt(root: z.ZodType, p: Path): z.ZodType[] {
  const chain: z.ZodType[] = [];
  let s: z.ZodType | undefined = root;
  const unwrap = () => {
    while (s) {
      chain.push(s);
      if (s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
      else if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
      else break;
    }
  };
  unwrap();
  for (const seg of p) {
    chain.length = 0;
    if (s instanceof z.ZodObject) s = (s.shape as Record<string, z.ZodType>)[String(seg)];
    else if (s instanceof z.ZodArray) s = s.element as z.ZodType;
    else s = undefined;
    unwrap();
  }
  return chain;
}

export function keysAt(root: z.ZodType, p: Path): string[] {
  const obj = schemaAt(root, p).find((s) => s instanceof z.ZodObject);
  return obj instanceof z.ZodObject ? Object.keys(obj.shape) : [];
}

export function issueMessage(issue: z.core.$ZodIssue, root: z.ZodType): string {
  const key = issue.path.length > 0 ? String(issue.path[issue.path.length - 1]) : '';
  const hint = schemaAt(root, issue.path).map((s) => s.description).find((d) => d !== undefined);
  const input = issue.input;
  const shown = (v: unknown) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v));
  const custom = issue.message !== BUILT_IN;

  switch (issue.code) {
    case 'invalid_type':
      if (issue.path.length === 0) {
        const kind = input == null ? 'empty' : Array.isArray(input) ? 'a list' : `a ${typeof input}`;
        return `the file must hold a YAML mapping with the keys ${keysAt(root, []).join(', ')}; it is ${kind}`;
      }
      if (input === undefined) {
        if (issue.path.at(-2) === 'due') return `no due time for level ${key}; add ${key}: <duration> to due (${hint ?? 'e.g. 2h'})`;
        return `missing required field '${key}'; add it${hint ? `: ${hint}` : ''}`;
      }
      if (custom) return issue.message;
      if (issue.expected === 'int') return `must be a whole number, got ${shown(input)}; drop the fraction`;
      if (issue.expected === 'array') return `expected a list, got ${shown(input)}; write it as [a, b] or one '- item' per line`;
      return `expected ${issue.expected}, got ${input === null ? 'nothing' : shown(input)}; use ${hint ?? `a ${issue.expected}`}`;
    case 'invalid_value': {
      const values = issue.values.map(String);
      const guess = typeof input === 'string' ? closest(input, values) : undefined;
      return `invalid value ${shown(input)}; ${guess ? `did you mean '${guess}'? ` : ''}use one of: ${values.join(', ')}`;
    }
    case 'too_small':
      if (issue.origin === 'string') return `'${key}' is empty; write the text`;
      if (issue.origin === 'array') return `'${key}' needs at least ${issue.minimum} entry; add one`;
      return `must be at least ${issue.minimum}, got ${shown(input)}; raise the value`;
    case 'too_big':
      if (issue.origin === 'string') return `is ${String(input).length} characters long; shorten it to at most ${issue.maximum}`;
      return `must be at most ${issue.maximum}, got ${shown(input)}; lower the value`;
    case 'invalid_format':
      return custom ? issue.message : `${shown(input)} is not a valid ${issue.format}; correct the format`;
    default:
      return custom ? issue.message : `invalid value ${shown(input)} (${issue.code}); correct it${hint ? `: ${hint}` : ''}`;
  }
}

export function closest(word: string, options: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDist = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const option of options) {
    const d = editDistance(word.toLowerCase(), option.toLowerCase());
    if (d < bestDist) [best, bestDist] = [option, d];
  }
  return best;
}

/** Edit distance counting a swap of neighbours as one edit, since 'titel' for 'title' is the typical typo. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
