import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type YAMLError } from 'yaml';
import { type Path, Problems, type Source } from './problems.ts';

/** Reading the playbook's YAML files, keeping the line of every path for the messages. */


export async function readSource(dir: string, file: string, what: string, out: Problems): Promise<Source | undefined> {
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

export function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: unknown } | null)?.range;
  return Array.isArray(range) && typeof range[0] === 'number' ? range[0] : undefined;
}

export function syntaxHint(err: YAMLError): string {
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

export async function readPlans(dir: string, out: Problems): Promise<Source[]> {
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
