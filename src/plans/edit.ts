import { isMap, isSeq, parseDocument, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { PHASES } from '../playbook/schema.ts';
import type { PlanChange } from './model.ts';

/**
 * A proposal applied to a plan file's text through the `yaml` Document API: the nodes are edited
 * in place, so the file's comments, key order and blank lines survive (a plain parse and dump
 * would lose them). Pure: text in, text out, or why the proposal no longer applies.
 */

export type Edited = { ok: true; text: string } | { ok: false; stale: string };

const stepId = (item: unknown) => (isMap(item) ? String(item.get('id')) : '');

function stepsOf(doc: Document): YAMLSeq | undefined {
  const seq = doc.get('steps', true);
  return isSeq(seq) ? seq : undefined;
}

/** Steps are separated by a blank line in the shipped plans: keep whatever the file does after a move. */
function respace(seq: YAMLSeq, gap: boolean): void {
  seq.items.forEach((item, k) => {
    if (isMap(item)) item.spaceBefore = k > 0 && gap ? true : undefined;
  });
}

/** Where the step is (0-based), or why the proposal is stale: the step gone, or moved since it was proposed. */
function locate(seq: YAMLSeq, step: string, at: number): number | string {
  const k = seq.items.findIndex((item) => stepId(item) === step);
  if (k < 0) return `step ${step} is no longer in the plan`;
  if (k + 1 !== at) return `step ${step} has moved (position ${at} when proposed, ${k + 1} now)`;
  return k;
}

const squeeze = (line: string) => line.replace(/\s*([[\]{},])\s*/g, '$1');

/**
 * The library writes every flow collection one way (`[ a, b ]` or `[a, b]`) while people write
 * both in one file: a written line that differs from one of the file's lines only in the spaces
 * around brackets and commas is given back as the file had it, so untouched lines stay untouched.
 */
function keepLayout(before: string, after: string): string {
  const original = new Map<string, string>();
  for (const line of before.split('\n')) if (/[[{]/.test(line)) original.set(squeeze(line), line);
  return after
    .split('\n')
    .map((line) => (/[[{]/.test(line) ? original.get(squeeze(line)) ?? line : line))
    .join('\n');
}

export function applyChange(text: string, change: PlanChange): Edited {
  const doc = parseDocument(text);
  const seq = stepsOf(doc);
  if (!seq) return { ok: false, stale: 'the plan has no steps list' };
  const gap = seq.items.length > 1 && Boolean((seq.items[1] as YAMLMap).spaceBefore);
  switch (change.kind) {
    case 'add-step': {
      const s = change.step;
      if (seq.items.some((item) => stepId(item) === s.id)) return { ok: false, stale: `step ${s.id} is already in the plan` };
      const node = doc.createNode({ id: s.id, phase: s.phase, owner: s.owner, due: new Map(Object.entries(s.due).map(([l, d]) => [Number(l), d])), title: s.title }) as YAMLMap;
      const due = node.get('due', true);
      if (isMap(due)) due.flow = true;
      // After the last step of the same or an earlier phase: the plan's steps run in phase order.
      const rank = PHASES.indexOf(s.phase as (typeof PHASES)[number]);
      let k = 0;
      seq.items.forEach((item, j) => {
        if (isMap(item) && PHASES.indexOf(String(item.get('phase')) as (typeof PHASES)[number]) <= rank) k = j + 1;
      });
      seq.items.splice(k, 0, node);
      break;
    }
    case 'remove-step': {
      const k = locate(seq, change.step, change.at);
      if (typeof k === 'string') return { ok: false, stale: k };
      seq.items.splice(k, 1);
      break;
    }
    case 'reorder-step': {
      const k = locate(seq, change.step, change.at);
      if (typeof k === 'string') return { ok: false, stale: k };
      if (change.position < 1 || change.position > seq.items.length) return { ok: false, stale: `position ${change.position} is outside the plan's ${seq.items.length} steps` };
      const [item] = seq.items.splice(k, 1);
      seq.items.splice(change.position - 1, 0, item);
      break;
    }
    case 'change-owner': {
      const k = locate(seq, change.step, change.at);
      if (typeof k === 'string') return { ok: false, stale: k };
      (seq.items[k] as YAMLMap).set('owner', change.owner);
      break;
    }
    case 'change-due': {
      const k = locate(seq, change.step, change.at);
      if (typeof k === 'string') return { ok: false, stale: k };
      const step = seq.items[k] as YAMLMap;
      const due = step.get('due', true);
      if (!isMap(due)) return { ok: false, stale: `step ${change.step} has no due map` };
      for (const [level, d] of Object.entries(change.due)) due.set(Number(level), d);
      break;
    }
    case 'statement-template':
      if (!doc.has('statements')) {
        // Set apart from the steps above it by a blank line, as the files' sections are.
        const key = doc.createNode('statements');
        key.spaceBefore = true;
        (doc.contents as YAMLMap).set(key, doc.createNode({}));
      }
      for (const [lang, t] of Object.entries(change.text)) if (t) doc.setIn(['statements', change.audience, lang], t);
      break;
  }
  respace(seq, gap);
  // No line width: a long title stays on its line as written, not folded.
  // One newline at the end, as the file had: a section added last would otherwise leave a blank line after it.
  const out = keepLayout(text, doc.toString({ lineWidth: 0, flowCollectionPadding: true }));
  return { ok: true, text: text.endsWith('\n') ? out.replace(/\n+$/, '\n') : out };
}
