// In-memory Slack workspace held by the fake: users, channels, messages, views, trigger ids.
import { randomBytes } from 'node:crypto';

/** `deleted`: a deactivated account (someone who left): Slack still knows it, but nobody can DM or invite it. */
export interface SlackUser { id: string; name: string; email?: string; locale: string; tz: string; is_bot?: boolean; deleted?: boolean }
export interface Channel {
  id: string; name: string; is_private: boolean; is_im: boolean; is_archived: boolean; members: Set<string>;
  created_by: string; created: number; topic: string; pins: Set<string>; /** DMs: the other user. */ user?: string;
}
export interface Message {
  ts: string; channel: string; text: string; blocks?: unknown[]; attachments?: unknown[]; user: string;
  thread_ts?: string; edited?: { user: string; ts: string };
  /** Message metadata as posted (`{event_type, event_payload}`). */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** Files shared with the message (files.completeUploadExternal). */
  files?: Record<string, unknown>[];
}
export interface Ephemeral { channel: string; user: string; message_ts: string; text: string; blocks?: unknown[] }
export interface FakeView {
  id: string; trigger_id?: string; view: Record<string, unknown>; external_id?: string; hash: string;
  root_view_id: string; previous_view_id: string | null;
}
/** `receivedAt`: when the request arrived; `at`: when it was answered (so overlapping calls can be told apart). */
/** `executed`: the call took effect although its answer was a failure (or came too late). */
/** `client`: the calling process's `x-fake-client` header, when a test sets one. */
export interface RecordedCall { method: string; args: Record<string, unknown>; token?: string; receivedAt: number; at: number; ok: boolean; error?: string; status: number; executed?: boolean; client?: string }
export interface RecordedResponse { id: string; body: unknown; at: number }
export interface Ids { teamId: string; botUserId: string; botId: string; appId: string }

const DEFAULT_USERS: SlackUser[] = [
  { id: 'U0ALICE', name: 'alice', email: 'alice@example.com', locale: 'en-US', tz: 'America/New_York' },
  { id: 'U0WEI', name: 'wei', email: 'wei@example.com', locale: 'zh-CN', tz: 'Asia/Shanghai' },
  { id: 'U0CAROL', name: 'carol', email: 'carol@example.com', locale: 'en-US', tz: 'Europe/London' },
];

export class FakeState {
  readonly users = new Map<string, SlackUser>();
  readonly channels = new Map<string, Channel>();
  readonly messages = new Map<string, Message[]>();
  readonly ephemerals: Ephemeral[] = [];
  readonly views = new Map<string, FakeView>();
  /** Uploads by file id, from files.getUploadURLExternal on: the bytes once POSTed, where they were shared. */
  readonly uploads = new Map<string, { id: string; filename: string; length: number; bytes?: Buffer; title?: string; channel?: string; completed: boolean }>();
  readonly triggers = new Map<string, { issuedAt: number; used: boolean; viewId?: string }>();
  private seq = 0;
  private lastMicros = 0;

  constructor(
    readonly ids: Ids,
    readonly now: () => number,
  ) {
    this.addUser({ id: ids.botUserId, name: 'crisisbot', locale: 'en-US', tz: 'UTC', is_bot: true });
    for (const u of DEFAULT_USERS) this.addUser(u);
  }

  newId(prefix: string): string {
    return prefix + (++this.seq).toString(36).toUpperCase().padStart(9, '0');
  }

  /** Slack-style message timestamp, strictly increasing. */
  nextTs(): string {
    this.lastMicros = Math.max(Math.floor(this.now() * 1000), this.lastMicros + 1);
    return `${Math.floor(this.lastMicros / 1e6)}.${String(this.lastMicros % 1e6).padStart(6, '0')}`;
  }

  addUser(u: { id: string; name: string; email?: string; locale?: string; tz?: string; is_bot?: boolean; deleted?: boolean }): SlackUser {
    const user: SlackUser = { locale: 'en-US', tz: 'UTC', ...u };
    this.users.set(user.id, user);
    return user;
  }

  addChannel(c: { name: string; is_private?: boolean; members?: string[]; created_by?: string; id?: string }): Channel {
    const createdBy = c.created_by ?? 'U0ALICE';
    const ch: Channel = {
      id: c.id ?? this.newId('C'), name: c.name, is_private: c.is_private ?? false, is_im: false, is_archived: false,
      members: new Set([createdBy, ...(c.members ?? [])]), created_by: createdBy, created: Math.floor(this.now() / 1000), topic: '', pins: new Set(),
    };
    this.channels.set(ch.id, ch);
    this.messages.set(ch.id, []);
    return ch;
  }

  openIm(userId: string): { ch: Channel; existed: boolean } {
    for (const ch of this.channels.values()) if (ch.is_im && ch.user === userId) return { ch, existed: true };
    const ch = this.addChannel({ name: userId, created_by: this.ids.botUserId, members: [userId], id: this.newId('D') });
    ch.is_im = true;
    ch.is_private = true;
    ch.user = userId;
    return { ch, existed: false };
  }

  findMessage(channel: string, ts: string): Message | undefined {
    return this.messages.get(channel)?.find((m) => m.ts === ts);
  }

  /** Trigger ids are issued by the fake (as Slack does when it delivers an interaction). */
  issueTriggerId(opts: { viewId?: string } = {}): string {
    const id = `${++this.seq}.${Math.floor(this.now())}.${randomBytes(16).toString('hex')}`;
    this.triggers.set(id, { issuedAt: this.now(), used: false, viewId: opts.viewId });
    return id;
  }

  channelObject(ch: Channel, extra: Record<string, unknown> = {}): Record<string, unknown> {
    if (ch.is_im) {
      return { id: ch.id, created: ch.created, is_im: true, is_org_shared: false, user: ch.user, is_user_deleted: false, priority: 0, ...extra };
    }
    const topic = { value: ch.topic, creator: ch.topic ? ch.created_by : '', last_set: 0 };
    return {
      id: ch.id, name: ch.name, is_channel: true, is_group: false, is_im: false, is_mpim: false,
      is_private: ch.is_private, created: ch.created, is_archived: ch.is_archived, is_general: false,
      unlinked: 0, name_normalized: ch.name, is_shared: false, is_org_shared: false, is_ext_shared: false,
      is_pending_ext_shared: false, pending_shared: [], context_team_id: this.ids.teamId, updated: ch.created * 1000,
      parent_conversation: null, creator: ch.created_by, shared_team_ids: [this.ids.teamId],
      is_member: ch.members.has(this.ids.botUserId), topic, purpose: { value: '', creator: '', last_set: 0 },
      previous_names: [], ...extra,
    };
  }

  userObject(u: SlackUser, opts: { locale: boolean; email: boolean }): Record<string, unknown> {
    const profile: Record<string, unknown> = { real_name: u.name, display_name: u.name, team: this.ids.teamId };
    if (opts.email && u.email) profile.email = u.email;
    return {
      id: u.id, team_id: this.ids.teamId, name: u.name, deleted: u.deleted ?? false, real_name: u.name, tz: u.tz,
      tz_label: u.tz, tz_offset: 0, profile, is_admin: false, is_owner: false, is_bot: u.is_bot ?? false,
      is_app_user: false, updated: 1700000000, ...(opts.locale ? { locale: u.locale } : {}),
    };
  }

  /** `metadata`: Slack returns message metadata only where it is asked for (include_all_metadata). */
  messageObject(m: Message, opts: { metadata?: boolean } = {}): Record<string, unknown> {
    const fromBot = m.user === this.ids.botUserId;
    return {
      type: 'message', user: m.user, text: m.text, ts: m.ts, team: this.ids.teamId,
      ...(fromBot ? { bot_id: this.ids.botId, app_id: this.ids.appId } : {}),
      ...(m.blocks ? { blocks: m.blocks } : {}), ...(m.attachments ? { attachments: m.attachments } : {}),
      ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}), ...(m.edited ? { edited: m.edited } : {}),
      ...(opts.metadata && m.metadata ? { metadata: m.metadata } : {}),
      ...(m.files ? { files: m.files } : {}),
    };
  }

  viewObject(v: FakeView): Record<string, unknown> {
    return {
      id: v.id, team_id: this.ids.teamId, type: 'modal', private_metadata: '', callback_id: '', external_id: '',
      clear_on_close: false, notify_on_close: false, close: null, submit: null, blocks: [], ...v.view,
      state: { values: {} }, hash: v.hash, previous_view_id: v.previous_view_id, root_view_id: v.root_view_id,
      app_id: this.ids.appId, app_installed_team_id: this.ids.teamId, bot_id: this.ids.botId,
    };
  }
}
