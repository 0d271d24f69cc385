// Block Kit limits (see /work/shared/research/slack.md §4). Pure functions: each returns the list of
// violations formatted the way Slack reports them in response_metadata.messages:
//   "[ERROR] must be less than 24 characters [json-pointer:/view/title/text]"
// (Slack's wording quotes the limit itself, as seen in a public bug report for the modal title.)
// action_id uniqueness is enforced across the whole message/view (as the project asked). Slack's
// docs only require it within the containing block, so this fake is stricter there. [deliberate]
import { randomBytes } from 'node:crypto';

export type Surface = 'message' | 'modal';
type Obj = Record<string, unknown>;

const KNOWN_BLOCKS = new Set(['section', 'header', 'context', 'actions', 'input', 'divider', 'image', 'rich_text', 'markdown', 'file', 'video']);
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Checker {
  readonly out: string[] = [];
  readonly blockIds = new Set<string>();
  readonly actionIds = new Set<string>();

  err(ptr: string, msg: string): void {
    this.out.push(`[ERROR] ${msg} [json-pointer:${ptr}]`);
  }
  len(ptr: string, v: unknown, max: number): void {
    if (typeof v === 'string' && v.length > max) this.err(ptr, `must be less than ${max} characters`);
  }
  count(ptr: string, v: unknown, max: number, min = 0): void {
    if (!Array.isArray(v)) return this.err(ptr, 'must be an array');
    if (v.length > max) this.err(ptr, `must provide at most ${max} items`);
    if (v.length < min) this.err(ptr, `must provide at least ${min} items`);
  }
  text(ptr: string, t: unknown, max: number, o: { plainOnly?: boolean; required?: boolean } = {}): void {
    if (t === undefined || t === null) {
      if (o.required !== false) this.err(ptr, 'must provide an object');
      return;
    }
    if (!isObj(t)) return this.err(ptr, 'must be an object');
    if (o.plainOnly && t.type !== 'plain_text') this.err(`${ptr}/type`, 'must be plain_text');
    else if (t.type !== 'plain_text' && t.type !== 'mrkdwn') this.err(`${ptr}/type`, 'must be one of plain_text, mrkdwn');
    if (typeof t.text !== 'string' || t.text.length === 0) this.err(`${ptr}/text`, 'must be more than 0 characters');
    this.len(`${ptr}/text`, t.text, max);
  }
  id(ptr: string, v: unknown, seen: Set<string>, what: string): void {
    if (v === undefined) return;
    if (typeof v !== 'string' || v.length === 0) return this.err(ptr, 'must be a non-empty string');
    this.len(ptr, v, 255);
    if (seen.has(v)) this.err(ptr, `${what} ${v} already exists`);
    seen.add(v);
  }
  options(ptr: string, opts: unknown, max = 100): void {
    if (opts === undefined) return;
    this.count(ptr, opts, max, 1);
    if (!Array.isArray(opts)) return;
    opts.forEach((o: unknown, i) => {
      const p = `${ptr}/${i}`;
      if (!isObj(o)) return this.err(p, 'must be an object');
      this.text(`${p}/text`, o.text, 75);
      if (typeof o.value !== 'string') this.err(`${p}/value`, 'must provide a string');
      this.len(`${p}/value`, o.value, 150);
      if (o.description !== undefined) this.text(`${p}/description`, o.description, 75);
    });
  }
  element(ptr: string, e: unknown): void {
    if (!isObj(e)) return this.err(ptr, 'must be an object');
    if (typeof e.type !== 'string') return this.err(`${ptr}/type`, 'must provide a string');
    this.id(`${ptr}/action_id`, e.action_id, this.actionIds, 'action_id');
    if (e.placeholder !== undefined) this.text(`${ptr}/placeholder`, e.placeholder, 150, { plainOnly: true });
    if (e.type === 'button') {
      this.text(`${ptr}/text`, e.text, 75, { plainOnly: true });
      this.len(`${ptr}/value`, e.value, 2000);
      this.len(`${ptr}/url`, e.url, 3000);
      this.len(`${ptr}/accessibility_label`, e.accessibility_label, 75);
    } else if (e.type === 'plain_text_input') {
      const ml = e.max_length;
      if (ml !== undefined && (typeof ml !== 'number' || ml < 1 || ml > 3000)) this.err(`${ptr}/max_length`, 'must be between 1 and 3000');
      const mn = e.min_length;
      if (mn !== undefined && (typeof mn !== 'number' || mn < 0 || mn > 3000)) this.err(`${ptr}/min_length`, 'must be between 0 and 3000');
    } else if (e.type === 'overflow') {
      this.options(`${ptr}/options`, e.options, 5);
    }
    if (e.type !== 'overflow') this.options(`${ptr}/options`, e.options);
    // Slack rejects a preselected option that is not one of the options (same value and text).
    // [guess: exact message text]
    const io = e.initial_option;
    if (io !== undefined && Array.isArray(e.options)) {
      const same = (o: unknown) => isObj(o) && isObj(io) && o.value === io.value && isObj(o.text) && isObj(io.text) && o.text.text === io.text.text;
      if (!e.options.some(same)) this.err(`${ptr}/initial_option`, 'must match one of the provided options');
    }
    if (e.option_groups !== undefined) this.count(`${ptr}/option_groups`, e.option_groups, 100, 1);
  }
  block(ptr: string, b: unknown): void {
    if (!isObj(b)) return this.err(ptr, 'must be an object');
    this.id(`${ptr}/block_id`, b.block_id, this.blockIds, 'block_id');
    switch (b.type) {
      case 'section':
        if (b.text === undefined && b.fields === undefined) this.err(ptr, 'must provide either text or fields');
        if (b.text !== undefined) this.text(`${ptr}/text`, b.text, 3000);
        if (b.fields !== undefined) {
          this.count(`${ptr}/fields`, b.fields, 10, 1);
          if (Array.isArray(b.fields)) b.fields.forEach((f: unknown, i) => this.text(`${ptr}/fields/${i}`, f, 2000));
        }
        if (b.accessory !== undefined) this.element(`${ptr}/accessory`, b.accessory);
        return;
      case 'header':
        return this.text(`${ptr}/text`, b.text, 150, { plainOnly: true });
      case 'context':
        this.count(`${ptr}/elements`, b.elements, 10, 1);
        if (Array.isArray(b.elements)) {
          b.elements.forEach((e: unknown, i) => {
            if (!(isObj(e) && e.type === 'image')) this.text(`${ptr}/elements/${i}`, e, 3000);
          });
        }
        return;
      case 'actions':
        this.count(`${ptr}/elements`, b.elements, 25, 1);
        if (Array.isArray(b.elements)) b.elements.forEach((e: unknown, i) => this.element(`${ptr}/elements/${i}`, e));
        return;
      case 'input':
        this.text(`${ptr}/label`, b.label, 2000, { plainOnly: true });
        if (b.hint !== undefined) this.text(`${ptr}/hint`, b.hint, 2000, { plainOnly: true });
        if (b.element === undefined) this.err(`${ptr}/element`, 'must provide an object');
        else this.element(`${ptr}/element`, b.element);
        return;
      default:
        if (typeof b.type !== 'string' || !KNOWN_BLOCKS.has(b.type)) this.err(`${ptr}/type`, `unsupported type: ${String(b.type)}`);
    }
  }
}

/** Checks a block list. `base` is the JSON pointer of the array ('/blocks' or '/view/blocks'). */
export function validateBlocks(blocks: unknown, surface: Surface, base = '/blocks'): string[] {
  const c = new Checker();
  checkBlocks(c, blocks, surface, base);
  return c.out;
}

function checkBlocks(c: Checker, blocks: unknown, surface: Surface, base: string): void {
  if (!Array.isArray(blocks)) return c.err(base, 'must be an array');
  const max = surface === 'message' ? 50 : 100;
  if (blocks.length > max) c.err(base, `no more than ${max} items allowed`);
  blocks.forEach((b: unknown, i) => c.block(`${base}/${i}`, b));
}

/** Checks a modal view (views.open/update/push). Violations are reported under '/view/...'. */
export function validateView(view: unknown): string[] {
  const c = new Checker();
  if (!isObj(view)) {
    c.err('/view', 'must be an object');
    return c.out;
  }
  if (view.type !== 'modal') c.err('/view/type', 'must be modal');
  c.text('/view/title', view.title, 24, { plainOnly: true });
  c.text('/view/submit', view.submit, 24, { plainOnly: true, required: false });
  c.text('/view/close', view.close, 24, { plainOnly: true, required: false });
  const hasInput = Array.isArray(view.blocks) && view.blocks.some((b: unknown) => isObj(b) && b.type === 'input');
  if (hasInput && view.submit === undefined) c.err('/view/submit', 'must provide submit when view has input blocks');
  c.len('/view/callback_id', view.callback_id, 255);
  c.len('/view/private_metadata', view.private_metadata, 3000);
  c.len('/view/external_id', view.external_id, 255);
  checkBlocks(c, view.blocks, 'modal', '/view/blocks');
  return c.out;
}

const rid = (): string => randomBytes(3).toString('base64url');

/** Returns a copy where blocks/elements without block_id/action_id got random ones, as Slack does. */
export function fillIds<T>(blocks: T[]): T[] {
  const copy = structuredClone(blocks) as Obj[];
  for (const b of copy) {
    if (!isObj(b)) continue;
    b.block_id ??= rid();
    const els = [...(Array.isArray(b.elements) ? b.elements : []), b.accessory, b.element].filter(isObj);
    for (const e of els) if (typeof e.type === 'string' && e.type !== 'image' && b.type !== 'context') e.action_id ??= rid();
  }
  return copy as T[];
}
