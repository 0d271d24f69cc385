import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type YAMLError } from 'yaml';
import { z } from 'zod';
import { NOTIFY_LEAD, NOTIFY_OWNERS } from '../domain/escalation.ts';
import { formatDuration } from './duration.ts';
import {
  CRITERIA_KEYS,
  DueSchema,
  LEVEL_NUMBERS,
  LevelSchema,
  LevelsFileSchema,
  MEDIA_SCALE,
  OffsetSchema,
  OPS_SCALE,
  PlanSchema,
  ResourcesFileSchema,
  RolesFileSchema,
  RosterFileSchema,
  type Level,
  type Playbook,
  type Plan,
} from './schema.ts';

export interface Problem {
  /** Path relative to the playbook folder, '/'-separated; '' when the folder itself is the problem. */
  file: string;
  /** 1-based; 0 when the problem is not tied to a line (e.g. a missing file). */
  line: number;
  /** Dotted path inside the file, e.g. 'steps.3.owner'; '' for the whole file. */
  field: string;
  /** What is wrong and how to fix it. */
  message: string;
}

export type LoadResult = { ok: true; playbook: Playbook } | { ok: false; problems: Problem[] };

type Path = readonly PropertyKey[];

const TOP_FILES = {
  levels: { file: 'levels.yml', what: 'the grading standard (currency and levels 1 to 4)' },
  roles: { file: 'roles.yml', what: 'the list of roles' },
  roster: { file: 'roster.yml', what: 'the monitoring-group roster (people and their roles)' },
  resources: { file: 'resources.yml', what: 'the emergency resource table' },
} as const;

export async function loadPlaybook(dir: string): Promise<LoadResult> {
  const absDir = path.resolve(dir);
  const out = new Problems();

  const dirStat = await stat(absDir).catch(() => undefined);
  if (!dirStat?.isDirectory()) {
    out.add({
      file: '',
      line: 0,
      field: '',
      message: 'playbook folder not found; pass the path of a folder containing levels.yml, roles.yml, roster.yml, resources.yml and plans/',
    });
    return { ok: false, problems: out.list };
  }

  const [levelsSrc, rolesSrc, rosterSrc, resourcesSrc] = await Promise.all(
    Object.values(TOP_FILES).map((f) => readSource(absDir, f.file, f.what, out)),
  );
  const planSrcs = await readPlans(absDir, out);

  const levelsFile = levelsSrc && validate(levelsSrc, LevelsFileSchema, out);
  const rolesFile = rolesSrc && validate(rolesSrc, RolesFileSchema, out);
  const rosterFile = rosterSrc && validate(rosterSrc, RosterFileSchema, out);
  const resourcesFile = resourcesSrc && validate(resourcesSrc, ResourcesFileSchema, out);
  const plans = planSrcs.map((src) => validate(src, PlanSchema, out));

  // Cross-checks read the raw YAML values so that a schema error elsewhere in a file
  // does not hide reference or duplicate errors; the dedupe in Problems keeps one report per field.
  const refs = new RoleRefs(rolesSrc, rosterSrc);
  if (levelsSrc) checkLevels(levelsSrc, out);
  if (levelsSrc) checkEscalation(levelsSrc, refs, out);
  if (rolesSrc) checkDuplicates(rolesSrc, 'roles', ['id'], out, 'role id');
  if (rosterSrc) checkRoster(rosterSrc, refs, out);
  if (resourcesSrc) checkResources(resourcesSrc, refs, out);
  for (const src of planSrcs) checkPlan(src, refs, out);

  if (out.list.length > 0 || !levelsFile || !rolesFile || !rosterFile || !resourcesFile || plans.some((p) => !p)) {
    return { ok: false, problems: out.sorted() };
  }
  return {
    ok: true,
    playbook: {
      dir: absDir,
      currency: levelsFile.currency,
      timezone: levelsFile.timezone,
      levels: [...levelsFile.levels].sort((a, b) => a.level - b.level),
      levelChangeRoles: levelsFile.level_change_roles ?? [],
      accessRoles: levelsFile.access?.always ?? [],
      roles: rolesFile.roles,
      roster: rosterFile.people,
      resources: resourcesFile.resources,
      plans: plans as Plan[],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Problem collection

class Problems {
  readonly list: Problem[] = [];
  private readonly fields = new Set<string>();

  add(p: Problem): void {
    this.list.push(p);
    this.fields.add(`${p.file}\0${p.field}`);
  }

  /** For cross-checks: a field the schema already rejected would otherwise be reported twice. */
  addOnce(p: Problem): void {
    if (!this.fields.has(`${p.file}\0${p.field}`)) this.add(p);
  }

  sorted(): Problem[] {
    const rank = (file: string) => {
      const top = Object.values(TOP_FILES).findIndex((f) => f.file === file);
      return top >= 0 ? top : Object.keys(TOP_FILES).length;
    };
    return [...this.list].sort(
      (a, b) => rank(a.file) - rank(b.file) || a.file.localeCompare(b.file) || a.line - b.line,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Reading YAML

interface Source {
  file: string;
  raw: unknown;
  lineOf(path: Path): number;
}

async function readSource(dir: string, file: string, what: string, out: Problems): Promise<Source | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dir, file), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      out.add({ file, line: 0, field: '', message: `cannot read file (${(err as Error).message}); check its permissions` });
      return undefined;
    }
    const alt = file.replace(/\.yml$/, '.yaml');
    const renamed = await stat(path.join(dir, alt)).then(() => true, () => false);
    out.add({
      file,
      line: 0,
      field: '',
      message: renamed
        ? `file is missing but ${alt} exists; rename it to ${path.posix.basename(file)}`
        : `file is missing; create it with ${what}`,
    });
    return undefined;
  }

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const lastLine = Math.max(1, text.split('\n').length - (text.endsWith('\n') ? 1 : 0));
    const seenLines = new Set<number>();
    for (const err of doc.errors) {
      const pos = err.linePos?.[0] ?? lineCounter.linePos(err.pos[0]);
      // The parser often reports follow-on errors on the same line; the first one is the useful one.
      if (seenLines.has(pos.line)) continue;
      seenLines.add(pos.line);
      out.add({
        file,
        line: Math.min(pos.line, lastLine),
        field: '',
        message: `YAML syntax error at column ${pos.col}: ${err.message}; ${syntaxHint(err)}`,
      });
    }
    return undefined;
  }

  const lineOf = (p: Path): number => {
    // Hand-rolled walk instead of doc.getIn: getIn compares keys with ===, and zod paths carry
    // the due-table keys as strings ('3') while YAML parsed them as numbers (3).
    let node: unknown = doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (const seg of p) {
      if (isMap(node)) {
        const pair = node.items.find((it) => isScalar(it.key) && String(it.key.value) === String(seg));
        if (!pair) break;
        offset = rangeStart(pair.key) ?? offset;
        node = pair.value;
      } else if (isSeq(node)) {
        const item = node.items[Number(seg)];
        if (item === undefined) break;
        offset = rangeStart(item) ?? offset;
        node = item;
      } else {
        break;
      }
    }
    return lineCounter.linePos(offset).line;
  };

  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (err) {
    // toJS throws on alias bombs and similar; they are syntax-level problems for the author.
    out.add({ file, line: 1, field: '', message: `YAML cannot be read: ${(err as Error).message}; simplify the anchors and aliases` });
    return undefined;
  }
  return { file, raw, lineOf };
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: unknown } | null)?.range;
  return Array.isArray(range) && typeof range[0] === 'number' ? range[0] : undefined;
}

function syntaxHint(err: YAMLError): string {
  switch (err.code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return "put text that contains ': ' in quotes";
    case 'DUPLICATE_KEY':
      return 'remove or rename the repeated key';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'BAD_INDENT':
      return 'check the indentation and closing brackets';
    case 'MULTIPLE_DOCS':
      return "keep one document per file (remove the extra '---')";
    default:
      return 'fix the YAML syntax at this position';
  }
}

async function readPlans(dir: string, out: Problems): Promise<Source[]> {
  const entries = await readdir(path.join(dir, 'plans'), { withFileTypes: true }).catch(() => undefined);
  if (!entries) {
    out.add({ file: 'plans/', line: 0, field: '', message: 'folder is missing; create plans/ with one <plan-id>.yml file per emergency plan' });
    return [];
  }
  const names = entries.filter((e) => e.isFile()).map((e) => e.name).sort();
  for (const name of names.filter((n) => n.endsWith('.yaml'))) {
    out.add({ file: `plans/${name}`, line: 0, field: '', message: `plan files must end in .yml; rename it to ${name.replace(/\.yaml$/, '.yml')}` });
  }
  const ymls = names.filter((n) => n.endsWith('.yml'));
  if (ymls.length === 0) {
    out.add({ file: 'plans/', line: 0, field: '', message: 'no plan files; add at least one emergency plan such as plans/cyber-attack.yml' });
  }
  const sources = await Promise.all(ymls.map((name) => readSource(dir, `plans/${name}`, 'an emergency plan', out)));
  return sources.filter((s): s is Source => s !== undefined);
}

// ---------------------------------------------------------------------------------------------
// Schema validation and issue wording

function validate<S extends z.ZodType>(src: Source, schema: S, out: Problems): z.output<S> | undefined {
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
const BUILT_IN = '\u0000built-in';

const dotted = (p: Path): string => p.map(String).join('.');

/** The schema that validates the value at `p`, looking through optional and transform wrappers. */
function schemaAt(root: z.ZodType, p: Path): z.ZodType[] {
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

function keysAt(root: z.ZodType, p: Path): string[] {
  const obj = schemaAt(root, p).find((s) => s instanceof z.ZodObject);
  return obj instanceof z.ZodObject ? Object.keys(obj.shape) : [];
}

function issueMessage(issue: z.core.$ZodIssue, root: z.ZodType): string {
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

function closest(word: string, options: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDist = Math.max(1, Math.floor(word.length / 3)) + 1;
  for (const option of options) {
    const d = editDistance(word.toLowerCase(), option.toLowerCase());
    if (d < bestDist) [best, bestDist] = [option, d];
  }
  return best;
}

/** Edit distance counting a swap of neighbours as one edit, since 'titel' for 'title' is the typical typo. */
function editDistance(a: string, b: string): number {
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

// ---------------------------------------------------------------------------------------------
// Cross-checks on raw values

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const field = (v: unknown, key: string): unknown =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Role ids defined in roles.yml and the roles held by someone in roster.yml; undefined when unusable. */
class RoleRefs {
  readonly known?: string[];
  readonly staffed?: Set<string>;

  // An empty list means the file itself is broken (and reported); checking against it would
  // flag every single reference.
  constructor(roles: Source | undefined, roster: Source | undefined) {
    const known = asList(field(roles?.raw, 'roles')).flatMap((r) => asString(field(r, 'id')) ?? []);
    if (known.length > 0) this.known = [...new Set(known)];
    // `roles: crisis_lead` (no list) is already reported; counting it avoids a cascade of "no one has role".
    const rolesOf = (person: unknown) => {
      const roles = field(person, 'roles');
      return typeof roles === 'string' ? [roles] : asList(roles).flatMap((r) => asString(r) ?? []);
    };
    const staffed = asList(field(roster?.raw, 'people')).flatMap(rolesOf);
    if (staffed.length > 0) this.staffed = new Set(staffed);
  }

  /** Reports an unknown role; returns true if the role exists. */
  check(src: Source, p: Path, value: unknown, out: Problems): boolean {
    const id = asString(value);
    if (id === undefined || !this.known) return false;
    if (this.known.includes(id)) return true;
    const guess = closest(id, this.known);
    out.addOnce({
      file: src.file,
      line: src.lineOf(p),
      field: dotted(p),
      message: `unknown role '${id}'; ${guess ? `did you mean '${guess}'? ` : ''}use one of: ${this.known.join(', ')} (or add it to roles.yml)`,
    });
    return false;
  }

  checkStaffed(src: Source, p: Path, id: string, out: Problems): void {
    if (this.staffed && !this.staffed.has(id)) {
      out.addOnce({
        file: src.file,
        line: src.lineOf(p),
        field: dotted(p),
        message: `no one in roster.yml has role '${id}'; add a person with that role`,
      });
    }
  }
}

const ID_LABELS: Record<string, string> = { shell: 'shell handle', slack: 'Slack id', discord: 'Discord id', email: 'email address' };

function checkDuplicates(src: Source, listKey: string, idKeys: readonly string[], out: Problems, what: string): void {
  for (const idKey of idKeys) {
    const firstAt = new Map<string, number>();
    asList(field(src.raw, listKey)).forEach((item, i) => {
      const value = asString(field(item, idKey));
      if (value === undefined) return;
      const first = firstAt.get(value);
      if (first === undefined) {
        firstAt.set(value, i);
        return;
      }
      const label = idKey === 'id' ? what : (ID_LABELS[idKey] ?? idKey);
      out.addOnce({
        file: src.file,
        line: src.lineOf([listKey, i, idKey]),
        field: dotted([listKey, i, idKey]),
        message: `duplicate ${label} '${value}' (also at line ${src.lineOf([listKey, first, idKey])}); give each entry its own ${label}`,
      });
    });
  }
}

function checkLevels(src: Source, out: Problems): void {
  const rawLevels = field(src.raw, 'levels');
  if (!Array.isArray(rawLevels)) return;

  const indexOf = new Map<number, number>();
  rawLevels.forEach((entry, i) => {
    const n = field(entry, 'level');
    if (typeof n !== 'number' || !(LEVEL_NUMBERS as readonly number[]).includes(n)) return;
    const first = indexOf.get(n);
    if (first === undefined) indexOf.set(n, i);
    else
      out.addOnce({
        file: src.file,
        line: src.lineOf(['levels', i, 'level']),
        field: `levels.${i}.level`,
        message: `level ${n} is defined twice (also at line ${src.lineOf(['levels', first, 'level'])}); keep one entry per level`,
      });
  });
  for (const n of LEVEL_NUMBERS) {
    if (!indexOf.has(n)) {
      out.add({ file: src.file, line: src.lineOf(['levels']), field: 'levels', message: `level ${n} is missing; add an entry with level: ${n}` });
    }
  }

  // Ordering checks only make sense between entries that are valid on their own.
  const valid: { level: Level; index: number }[] = [];
  for (const [n, index] of [...indexOf].sort((a, b) => a[0] - b[0])) {
    const parsed = LevelSchema.safeParse(rawLevels[index]);
    if (parsed.success && parsed.data.level === n) valid.push({ level: parsed.data, index });
  }

  const rank = (key: (typeof CRITERIA_KEYS)[number], v: unknown): number =>
    key === 'media_attention' ? MEDIA_SCALE.indexOf(v as never) : key === 'operations_disrupted' ? OPS_SCALE.indexOf(v as never) : (v as number);
  for (const key of CRITERIA_KEYS) {
    const withKey = valid.filter((v) => v.level.criteria[key] !== undefined);
    for (let i = 0; i + 1 < withKey.length; i++) {
      const [severe, milder] = [withKey[i]!, withKey[i + 1]!];
      const [a, b] = [severe.level.criteria[key], milder.level.criteria[key]];
      if (rank(key, a) < rank(key, b)) {
        out.addOnce({
          file: src.file,
          line: src.lineOf(['levels', severe.index, 'criteria', key]),
          field: `levels.${severe.index}.criteria.${key}`,
          message: `level ${severe.level.level} ${key} (${String(a)}) is below level ${milder.level.level}'s (${String(b)}); a more severe level needs an equal or higher threshold, so raise this value or lower level ${milder.level.level}'s`,
        });
      }
    }
  }

  for (const key of ['acknowledge', 'first_statement', 'update_every'] as const) {
    for (let i = 0; i + 1 < valid.length; i++) {
      const [severe, milder] = [valid[i]!, valid[i + 1]!];
      const [a, b] = [severe.level.response[key], milder.level.response[key]];
      if (a > b) {
        out.addOnce({
          file: src.file,
          line: src.lineOf(['levels', severe.index, 'response', key]),
          field: `levels.${severe.index}.response.${key}`,
          message: `level ${severe.level.level} ${key} (${formatDuration(a)}) is longer than level ${milder.level.level}'s (${formatDuration(b)}); a more severe level needs an equal or shorter time, so shorten this value or lengthen level ${milder.level.level}'s`,
        });
      }
    }
  }
}

/** Rungs fire in the order listed, each later than the one before; a role rung names a staffed role. */
function checkEscalation(src: Source, refs: RoleRefs, out: Problems): void {
  asList(field(src.raw, 'level_change_roles')).forEach((role, i) => refs.check(src, ['level_change_roles', i], role, out));
  asList(field(field(src.raw, 'access'), 'always')).forEach((role, i) => refs.check(src, ['access', 'always', i], role, out));
  asList(field(src.raw, 'levels')).forEach((level, i) => {
    let previous: { after: number; line: number } | undefined;
    asList(field(level, 'escalation')).forEach((rung, j) => {
      const p = ['levels', i, 'escalation', j];
      const notify = field(rung, 'notify');
      if (notify !== NOTIFY_OWNERS && notify !== NOTIFY_LEAD && refs.check(src, [...p, 'notify'], notify, out)) {
        refs.checkStaffed(src, [...p, 'notify'], notify as string, out);
      }
      const after = OffsetSchema.safeParse(field(rung, 'after'));
      if (!after.success) return;
      if (previous && after.data <= previous.after) {
        out.addOnce({
          file: src.file,
          line: src.lineOf([...p, 'after']),
          field: dotted([...p, 'after']),
          message: `rung ${j + 1} fires after ${formatDuration(after.data)}, not later than rung ${j} (${formatDuration(previous.after)}, line ${previous.line}); list the rungs in the order they fire, each with a longer 'after'`,
        });
      }
      previous = { after: after.data, line: src.lineOf([...p, 'after']) };
    });
  });
}

function checkRoster(src: Source, refs: RoleRefs, out: Problems): void {
  checkDuplicates(src, 'people', ['id', 'shell', 'slack', 'discord', 'email'], out, 'person id');
  asList(field(src.raw, 'people')).forEach((person, i) => {
    asList(field(person, 'roles')).forEach((role, j) => refs.check(src, ['people', i, 'roles', j], role, out));
  });
}

function checkResources(src: Source, refs: RoleRefs, out: Problems): void {
  checkDuplicates(src, 'resources', ['id'], out, 'resource id');
  asList(field(src.raw, 'resources')).forEach((resource, i) => {
    const p = ['resources', i, 'contact_role'];
    const role = field(resource, 'contact_role');
    if (refs.check(src, p, role, out)) refs.checkStaffed(src, p, role as string, out);
  });
}

function checkPlan(src: Source, refs: RoleRefs, out: Problems): void {
  const expected = path.posix.basename(src.file, '.yml');
  const id = asString(field(src.raw, 'id'));
  if (id !== undefined && id !== expected) {
    out.addOnce({
      file: src.file,
      line: src.lineOf(['id']),
      field: 'id',
      message: `plan id '${id}' does not match the file name; set id: ${expected} or rename the file to plans/${id}.yml`,
    });
  }
  asList(field(src.raw, 'roles')).forEach((role, i) => refs.check(src, ['roles', i], role, out));

  checkDuplicates(src, 'steps', ['id'], out, 'step id');
  const reportedUnstaffed = new Set<string>();
  asList(field(src.raw, 'steps')).forEach((step, i) => {
    const ownerPath = ['steps', i, 'owner'];
    const owner = field(step, 'owner');
    // One report per role and plan: the fix (staff the role) is the same for every step it owns.
    if (refs.check(src, ownerPath, owner, out) && !reportedUnstaffed.has(owner as string)) {
      reportedUnstaffed.add(owner as string);
      refs.checkStaffed(src, ownerPath, owner as string, out);
    }
    checkDueOrder(src, i, field(step, 'due'), out);
  });
}

function checkDueOrder(src: Source, stepIndex: number, rawDue: unknown, out: Problems): void {
  const due = DueSchema.safeParse(rawDue);
  if (!due.success) return;
  for (const n of [1, 2, 3] as const) {
    const [a, b] = [due.data[`${n}`], due.data[`${n + 1}` as '2' | '3' | '4']];
    if (a > b) {
      const p = ['steps', stepIndex, 'due', `${n}`];
      out.addOnce({
        file: src.file,
        line: src.lineOf(p),
        field: dotted(p),
        message: `level ${n} is due later (${formatDuration(a)}) than level ${n + 1} (${formatDuration(b)}); more severe levels need equal or earlier deadlines, so shorten this one or lengthen level ${n + 1}'s`,
      });
    }
  }
}
