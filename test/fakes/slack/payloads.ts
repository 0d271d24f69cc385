// Builders for what Slack sends to the app, derived from the fake's state where possible.
import type { FakeState } from './state.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const VERIFICATION_TOKEN = 'fake-verification-token';

export class PayloadBuilder {
  constructor(
    private readonly state: FakeState,
    private readonly responseUrl: () => string,
  ) {}

  private user(id = 'U0ALICE'): Obj {
    const u = this.state.users.get(id);
    if (!u) throw new Error(`fake Slack: no user ${id}`);
    return { id, username: u.name, name: u.name, team_id: this.state.ids.teamId };
  }
  private common(user?: string): Obj {
    const { teamId, appId } = this.state.ids;
    return { team: { id: teamId, domain: 'fake-crisis' }, user: this.user(user), api_app_id: appId, token: VERIFICATION_TOKEN, is_enterprise_install: false, enterprise: null };
  }
  private view(viewId: string): Obj {
    const v = this.state.views.get(viewId);
    if (!v) throw new Error(`fake Slack: no view ${viewId}`);
    return this.state.viewObject(v);
  }

  /** Slash command fields, in Slack's order; trigger_id and response_url are issued by the fake. */
  slashCommand(f: Record<string, string> = {}): Record<string, string> {
    const user = this.state.users.get(f.user_id ?? 'U0ALICE');
    const channel = this.state.channels.get(f.channel_id ?? 'C0GENERAL');
    return {
      token: VERIFICATION_TOKEN, team_id: this.state.ids.teamId, team_domain: 'fake-crisis',
      channel_id: channel?.id ?? 'C0GENERAL', channel_name: channel?.is_im ? 'directmessage' : (channel?.name ?? 'general'),
      user_id: user?.id ?? 'U0ALICE', user_name: user?.name ?? 'alice', command: '/crisis', text: '',
      api_app_id: this.state.ids.appId, is_enterprise_install: 'false', response_url: this.responseUrl(),
      trigger_id: this.state.issueTriggerId(), ...f,
    };
  }

  /** block_actions for a button on a message the fake holds ({channel, ts}) or on an open view ({view_id}). */
  buttonClick(a: { channel?: string; ts?: string; view_id?: string; action_id: string; user?: string }): Obj {
    let blocks: unknown;
    let extra: Obj;
    if (a.view_id) {
      const view = this.view(a.view_id);
      blocks = view.blocks;
      extra = { container: { type: 'view', view_id: a.view_id }, view };
    } else {
      const m = this.state.findMessage(a.channel ?? '', a.ts ?? '');
      const ch = this.state.channels.get(a.channel ?? '');
      if (!m || !ch) throw new Error(`fake Slack: no message ${a.ts} in ${a.channel}`);
      blocks = m.blocks;
      extra = {
        container: { type: 'message', message_ts: m.ts, channel_id: ch.id, is_ephemeral: false },
        channel: { id: ch.id, name: ch.is_im ? 'directmessage' : ch.name }, message: this.state.messageObject(m),
        response_url: this.responseUrl(),
      };
    }
    for (const b of Array.isArray(blocks) ? blocks.filter(isObj) : []) {
      const els = [...(Array.isArray(b.elements) ? b.elements : []), b.accessory].filter(isObj);
      const el = els.find((e) => e.action_id === a.action_id);
      if (!el) continue;
      const action = { action_id: a.action_id, block_id: b.block_id, text: el.text, value: el.value, type: el.type, action_ts: this.state.nextTs() };
      return { type: 'block_actions', ...this.common(a.user), trigger_id: this.state.issueTriggerId({ viewId: a.view_id }), ...extra, state: { values: {} }, actions: [action] };
    }
    throw new Error(`fake Slack: no element with action_id ${a.action_id}`);
  }

  /**
   * view_submission for an open view. `values` maps block_id -> action_id -> what the user entered:
   * a string (text / option value / date), a number (datetimepicker) or a string[] (multi selects).
   * Every input block appears in state.values, as Slack sends it (null when left empty). Text the
   * person could not submit (beyond the input's max_length, short of its min_length) throws, as
   * Slack's client refuses it before anything is sent.
   */
  viewSubmission(a: { view_id: string; user?: string; values?: Record<string, Record<string, unknown>> }): Obj {
    const view = this.view(a.view_id);
    const values: Record<string, Obj> = {};
    const given = a.values ?? {};
    for (const b of Array.isArray(view.blocks) ? view.blocks.filter(isObj) : []) {
      if (b.type !== 'input' || !isObj(b.element)) continue;
      const blockId = String(b.block_id);
      const actionId = String(b.element.action_id);
      const typed = given[blockId]?.[actionId];
      clientChecks(b.element, blockId, typed);
      values[blockId] = { [actionId]: stateValue(b.element, typed) };
    }
    for (const [blockId, acts] of Object.entries(given)) {
      for (const actionId of Object.keys(acts)) {
        if (!values[blockId]?.[actionId]) throw new Error(`fake Slack: view ${a.view_id} has no input ${blockId}/${actionId}`);
      }
    }
    return { type: 'view_submission', ...this.common(a.user), trigger_id: this.state.issueTriggerId({ viewId: a.view_id }), view: { ...view, state: { values } }, response_urls: [] };
  }

  /** Global shortcut. */
  shortcut(a: { callback_id: string; user?: string }): Obj {
    return { type: 'shortcut', ...this.common(a.user), callback_id: a.callback_id, trigger_id: this.state.issueTriggerId(), action_ts: this.state.nextTs() };
  }

  /** view_closed (only sent when the view had notify_on_close: true). It has no trigger_id. */
  viewClosed(a: { view_id: string; user?: string }): Obj {
    return { type: 'view_closed', ...this.common(a.user), view: this.view(a.view_id), is_cleared: false };
  }

  /** Events API outer payload (HTTP body, or the `payload` of an events_api envelope). */
  eventCallback(event: Obj): Obj {
    const { teamId, appId, botUserId } = this.state.ids;
    const ts = this.state.nextTs();
    return {
      token: VERIFICATION_TOKEN, team_id: teamId, api_app_id: appId, event: { event_ts: ts, ...event }, type: 'event_callback',
      event_id: `Ev${this.state.newId('')}`, event_time: Math.floor(Number(ts)),
      authorizations: [{ enterprise_id: null, team_id: teamId, user_id: botUserId, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    };
  }
}

const SELECTED: Record<string, string> = {
  users_select: 'selected_user', conversations_select: 'selected_conversation', channels_select: 'selected_channel',
  datepicker: 'selected_date', timepicker: 'selected_time', datetimepicker: 'selected_date_time',
  multi_users_select: 'selected_users', multi_conversations_select: 'selected_conversations', multi_channels_select: 'selected_channels',
};

/**
 * What Slack's client checks before it sends a view_submission: a plain_text_input takes at most
 * max_length and (when not empty) at least min_length characters. [guess: counted in UTF-16 units,
 * as a browser's maxlength does]
 */
function clientChecks(el: Obj, blockId: string, given: unknown): void {
  if (el.type !== 'plain_text_input' || typeof given !== 'string') return;
  if (typeof el.max_length === 'number' && given.length > el.max_length) {
    throw new Error(`fake Slack: ${blockId} holds ${given.length} characters; Slack's client does not submit more than its max_length ${el.max_length}`);
  }
  if (typeof el.min_length === 'number' && given.length > 0 && given.length < el.min_length) {
    throw new Error(`fake Slack: ${blockId} holds ${given.length} characters; Slack's client does not submit fewer than its min_length ${el.min_length}`);
  }
}

function stateValue(el: Obj, given: unknown): Obj {
  const type = String(el.type);
  const option = (v: unknown): unknown => {
    const o = (Array.isArray(el.options) ? el.options : []).find((x: unknown) => isObj(x) && x.value === v);
    if (!o) throw new Error(`fake Slack: ${type} has no option ${String(v)}`);
    return o;
  };
  if (type === 'static_select' || type === 'radio_buttons') {
    return { type, selected_option: given !== undefined ? option(given) : (el.initial_option ?? null) };
  }
  if (type === 'multi_static_select' || type === 'checkboxes') {
    return { type, selected_options: given !== undefined ? (given as unknown[]).map(option) : (el.initial_options ?? []) };
  }
  const key = SELECTED[type];
  // An input left as it was submits its initial value (initial_date_time, initial_user…), as Slack does.
  if (key) return { type, [key]: given ?? el[key.replace(/^selected_/, 'initial_')] ?? (key.endsWith('s') ? [] : null) };
  return { type, value: given ?? el.initial_value ?? null };
}
