// prom-client 15 exports no parser (it only writes the format), so the tests read /metrics with
// this strict reader of the Prometheus text exposition format 0.0.4: any line it does not
// understand, a sample outside its family, a duplicate series or an inconsistent histogram fails.

export type Sample = { name: string; labels: Record<string, string>; value: number };
export type Family = { name: string; type: string; help?: string; samples: Sample[] };

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<string, string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'], counter: [''], gauge: [''], untyped: [''] };

export class ExpositionError extends Error {}

function fail(n: number, line: string, why: string): never {
  throw new ExpositionError(`line ${n}: ${why}: ${JSON.stringify(line)}`);
}

/** As Prometheus reads values (Go's ParseFloat): Inf and NaN in any case — prom-client writes `Nan`. */
function number(text: string, n: number, line: string): number {
  if (/^\+?inf$/i.test(text)) return Infinity;
  if (/^-inf$/i.test(text)) return -Infinity;
  if (/^nan$/i.test(text)) return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) fail(n, line, `'${text}' is not a number`);
  return Number(text);
}

/** Reads `{a="x",b="y"}` from the start of `rest`; returns the labels and what follows. */
function labels(rest: string, n: number, line: string): [Record<string, string>, string] {
  const out: Record<string, string> = {};
  let i = 1;
  for (;;) {
    if (rest[i] === '}') return [out, rest.slice(i + 1)];
    const eq = rest.indexOf('=', i);
    const name = rest.slice(i, eq);
    if (eq < 0 || !LABEL_NAME.test(name)) fail(n, line, 'bad label name');
    if (name in out) fail(n, line, `label ${name} repeated`);
    if (rest[eq + 1] !== '"') fail(n, line, 'label value not quoted');
    let value = '';
    let j = eq + 2;
    for (; j < rest.length && rest[j] !== '"'; j++) {
      if (rest[j] !== '\\') {
        value += rest[j];
        continue;
      }
      const esc = rest[++j];
      if (esc === 'n') value += '\n';
      else if (esc === '\\' || esc === '"') value += esc;
      else fail(n, line, 'bad escape in label value');
    }
    if (j >= rest.length) fail(n, line, 'unterminated label value');
    out[name] = value;
    i = j + 1;
    if (rest[i] === ',') i++;
    else if (rest[i] !== '}') fail(n, line, 'expected , or } after a label');
  }
}

export function parseExposition(text: string): Map<string, Family> {
  if (text.length && !text.endsWith('\n')) throw new ExpositionError('the exposition does not end with a newline');
  const families = new Map<string, Family>();
  const series = new Set<string>();
  let current: Family | undefined;
  const family = (name: string, n: number, line: string) => {
    const f = families.get(name) ?? { name, type: 'untyped', samples: [] };
    if (families.has(name) && f !== current) fail(n, line, `family ${name} is split`);
    families.set(name, f);
    current = f;
    return f;
  };
  text.split('\n').forEach((line, i) => {
    const n = i + 1;
    if (line === '') return;
    const meta = line.match(/^# (HELP|TYPE) (\S+)(?: (.*))?$/);
    if (meta) {
      const [, kind, name, rest = ''] = meta;
      if (!METRIC_NAME.test(name!)) fail(n, line, 'bad metric name');
      const f = family(name!, n, line);
      if (kind === 'TYPE') {
        if (!TYPES.has(rest) || f.samples.length) fail(n, line, 'bad or late TYPE');
        f.type = rest;
      } else {
        if (f.help !== undefined) fail(n, line, 'second HELP');
        f.help = rest.replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
      }
      return;
    }
    if (line.startsWith('#')) return;
    const name = line.match(/^[a-zA-Z_:][a-zA-Z0-9_:]*/)?.[0];
    if (!name) fail(n, line, 'not a sample');
    let rest = line.slice(name.length);
    let l: Record<string, string> = {};
    if (rest.startsWith('{')) [l, rest] = labels(rest, n, line);
    const fields = rest.match(/^ (\S+)(?: (-?\d+))?$/);
    if (!fields) fail(n, line, 'expected a value (and an optional timestamp)');
    const owner = current && SUFFIXES[current.type]!.some((s) => name === current!.name + s) ? current : undefined;
    if (!owner) fail(n, line, `sample outside its family (${current?.name ?? 'none'})`);
    const id = `${name}${JSON.stringify(Object.entries(l).sort())}`;
    if (series.has(id)) fail(n, line, 'duplicate series');
    series.add(id);
    owner.samples.push({ name, labels: l, value: number(fields[1]!, n, line) });
  });
  for (const f of families.values()) if (f.type === 'histogram') checkHistogram(f);
  return families;
}

/** Buckets are cumulative, end at +Inf, and +Inf equals _count, for every label set. */
function checkHistogram(f: Family): void {
  const key = (s: Sample) => JSON.stringify(Object.entries(s.labels).filter(([k]) => k !== 'le').sort());
  const groups = new Map<string, Sample[]>();
  for (const s of f.samples) groups.set(key(s), [...(groups.get(key(s)) ?? []), s]);
  for (const [labels, samples] of groups) {
    const buckets = samples.filter((s) => s.name.endsWith('_bucket'));
    const count = samples.find((s) => s.name === `${f.name}_count`);
    const where = `${f.name}${labels}`;
    if (!count || !samples.some((s) => s.name === `${f.name}_sum`)) throw new ExpositionError(`${where}: no _sum or _count`);
    if (buckets.some((b) => b.labels.le === undefined)) throw new ExpositionError(`${where}: a bucket without le`);
    const les = buckets.map((b) => number(b.labels.le!, 0, where));
    if (les.at(-1) !== Infinity) throw new ExpositionError(`${where}: no +Inf bucket`);
    for (let i = 1; i < buckets.length; i++) {
      if (les[i]! <= les[i - 1]! || buckets[i]!.value < buckets[i - 1]!.value) throw new ExpositionError(`${where}: buckets not cumulative`);
    }
    if (buckets.at(-1)!.value !== count.value) throw new ExpositionError(`${where}: +Inf bucket differs from _count`);
  }
}

/** The value of one series, or undefined when it is not exposed. */
export function valueOf(families: Map<string, Family>, sample: string, labels: Record<string, string> = {}): number | undefined {
  for (const f of families.values()) {
    const s = f.samples.find((x) => x.name === sample && Object.entries(labels).every(([k, v]) => x.labels[k] === v) && Object.keys(x.labels).length === Object.keys(labels).length);
    if (s) return s.value;
  }
  return undefined;
}

/** Sum over every series of `sample` whose labels include `labels`. */
export function sumOf(families: Map<string, Family>, sample: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const f of families.values()) for (const x of f.samples) if (x.name === sample && Object.entries(labels).every(([k, v]) => x.labels[k] === v)) total += x.value;
  return total;
}
