// views.open / views.update / views.push. No scope is needed for these (Slack's docs).
// Decision on error codes: every view problem, whether in view-level fields (title, submit,
// private_metadata...) or in its blocks, answers `invalid_arguments` with
// response_metadata.messages; `invalid_blocks` is only used by chat.* methods.
// [guess: matches what Slack did for views.open in public bug reports; not verified per field]
import { randomBytes } from 'node:crypto';
import { fillIds, validateView } from '../blocks-limits.ts';
import type { FakeView } from '../state.ts';
import { type Args, type Ctx, type MethodDef, SlackApiError, str } from './types.ts';

export const TRIGGER_TTL_MS = 3000;
const MAX_STACK = 3;

function checkedView(args: Args): Record<string, unknown> {
  const view = args.view;
  if (typeof view !== 'object' || view === null || Array.isArray(view)) {
    throw new SlackApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] must provide an object [json-pointer:/view]'] } });
  }
  const messages = validateView(view);
  if (JSON.stringify(view).length > 250_000) throw new SlackApiError('view_too_large');
  if (messages.length) throw new SlackApiError('invalid_arguments', { response_metadata: { messages } });
  const v = view as Record<string, unknown>;
  return Array.isArray(v.blocks) ? { ...v, blocks: fillIds(v.blocks) } : v;
}

/** Validates a trigger id without consuming it. [guess: a failed views.open does not burn the trigger] */
function trigger(args: Args, ctx: Ctx): { id: string; t: { issuedAt: number; used: boolean; viewId?: string } } {
  const id = str(args.trigger_id ?? args.interactivity_pointer);
  if (!id) throw new SlackApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: trigger_id'] } });
  const t = ctx.state.triggers.get(id);
  if (!t) throw new SlackApiError('invalid_trigger_id');
  if (t.used) throw new SlackApiError('exchanged_trigger_id');
  if (ctx.state.now() - t.issuedAt > TRIGGER_TTL_MS) throw new SlackApiError('expired_trigger_id');
  return { id, t };
}

const newHash = (ctx: Ctx): string => `${Math.floor(ctx.state.now() / 1000)}.${randomBytes(4).toString('hex')}`;

function create(ctx: Ctx, view: Record<string, unknown>, triggerId: string, root?: FakeView): Record<string, unknown> {
  const ext = str(view.external_id);
  if (ext && [...ctx.state.views.values()].some((v) => v.external_id === ext)) throw new SlackApiError('duplicate_external_id');
  const id = ctx.state.newId('V');
  const v: FakeView = {
    id, trigger_id: triggerId, view, hash: newHash(ctx), root_view_id: root?.root_view_id ?? id,
    previous_view_id: root ? ([...ctx.state.views.values()].filter((x) => x.root_view_id === root.root_view_id).at(-1)?.id ?? null) : null,
    ...(ext ? { external_id: ext } : {}),
  };
  ctx.state.views.set(id, v);
  return { view: ctx.state.viewObject(v) };
}

export const views: Record<string, MethodDef> = {
  'views.open': {
    run(args, ctx) {
      const { id, t } = trigger(args, ctx);
      const view = checkedView(args);
      const res = create(ctx, view, id);
      t.used = true;
      return res;
    },
  },

  'views.push': {
    run(args, ctx) {
      const { id, t } = trigger(args, ctx);
      const view = checkedView(args);
      const all = [...ctx.state.views.values()];
      const root = (t.viewId ? ctx.state.views.get(t.viewId) : undefined) ?? all.at(-1);
      if (!root) throw new SlackApiError('not_found');
      if (all.filter((v) => v.root_view_id === root.root_view_id).length >= MAX_STACK) throw new SlackApiError('push_limit_reached');
      const res = create(ctx, view, id, root);
      t.used = true;
      return res;
    },
  },

  'views.update': {
    run(args, ctx) {
      const viewId = str(args.view_id);
      const ext = str(args.external_id);
      if (!viewId && !ext) throw new SlackApiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] view_id or external_id required'] } });
      const v = viewId ? ctx.state.views.get(viewId) : [...ctx.state.views.values()].find((x) => x.external_id === ext);
      if (!v) throw new SlackApiError('not_found');
      if (args.hash !== undefined && str(args.hash) !== v.hash) throw new SlackApiError('hash_conflict');
      v.view = checkedView(args);
      v.hash = newHash(ctx);
      return { view: ctx.state.viewObject(v) };
    },
  },
};
