// In-memory model of the fake Discord: guilds, channels, messages, commands, interactions, users.
import { PermissionFlagsBits, type APIApplicationCommand, type APIMessage } from 'discord-api-types/v10';

/** Permission bits (discord-api-types' PermissionFlagsBits, e.g. P.ManageChannels = 1n << 4n). */
export const P = PermissionFlagsBits;
/** @everyone permissions of a fresh guild (value seen in the recorded GUILD_CREATE fixture). */
export const DEFAULT_EVERYONE_PERMISSIONS = 1071698660929n;
/** What the bot's managed role gets by default: enough for the private-war-room recipe. */
export const DEFAULT_BOT_PERMISSIONS =
  P.ManageChannels | P.ViewChannel | P.SendMessages | P.ManageMessages | P.EmbedLinks |
  P.ReadMessageHistory | P.ManageRoles | P.PinMessages | P.AttachFiles;
const ALL = (1n << 53n) - 1n;

export interface FakeUser { id: string; username: string; bot: boolean; dmsClosed: boolean }
export interface FakeRole { id: string; name: string; permissions: bigint; position: number; botId?: string }
export interface FakeMember { userId: string; roles: string[]; joinedAt: string; nick: string | null }
export interface FakeOverwrite { id: string; type: 0 | 1; allow: string; deny: string }
export interface FakeGuild {
  id: string; name: string; ownerId: string; locale: string; features: string[]; joinedAt: string;
  roles: FakeRole[]; members: Map<string, FakeMember>;
}
export interface FakeChannel {
  id: string; type: number; guildId: string | null; name: string; topic: string | null;
  parentId: string | null; position: number; overwrites: FakeOverwrite[];
  recipientId: string | null; lastMessageId: string | null; nsfw: boolean;
}
export interface FakeMessage {
  data: APIMessage; channelId: string; ephemeral: boolean; allowedMentions: unknown; pinnedAt: string | null;
  interactionId: string | null;
  /** Who this message notified (see mentions.ts): what a test asserts to prove nothing pinged. */
  pings: { everyone: boolean; users: string[]; roles: string[] };
  /** When it was created (the fake's clock); `nonce`: as sent — Discord keeps it for the uniqueness check only. */
  at: number; nonce?: string | number;
  /** The bytes of its attachments by attachment id, as uploaded (uploads.ts). */
  files?: Map<string, Buffer>;
}
export interface InteractionResponseRecord { type: number; data: unknown; at: number; status: number }
export interface FakeInteraction {
  id: string; token: string; type: 2 | 3 | 5; guildId: string | null; channelId: string; userId: string;
  dispatchedAt: number; messageId: string | null; payload: Record<string, unknown>;
  /** The accepted initial response (callback), if any. */
  response: InteractionResponseRecord | null;
  /** Every callback attempt, including rejected ones. */
  attempts: InteractionResponseRecord[];
  originalMessageId: string | null; followupIds: string[];
}
export interface CallRecord {
  method: string; path: string; query: Record<string, string>; headers: Record<string, string>;
  body: unknown; status: number; at: number;
  /** The request took effect although its answer was a failure (or came too late). */
  executed?: boolean;
}

let counter = 0n;
export function snowflake(nowMs: number): string {
  counter = (counter + 1n) & 0xfffn;
  return (((BigInt(nowMs) - 1420070400000n) << 22n) | (1n << 17n) | counter).toString();
}

export class FakeState {
  users = new Map<string, FakeUser>();
  guilds = new Map<string, FakeGuild>();
  channels = new Map<string, FakeChannel>();
  messages = new Map<string, FakeMessage>();
  /** user id -> DM channel id */
  dmChannels = new Map<string, string>();
  globalCommands: APIApplicationCommand[] = [];
  guildCommands = new Map<string, APIApplicationCommand[]>();
  interactions = new Map<string, FakeInteraction>();

  constructor(readonly botUserId: string) {}

  messagesIn(channelId: string): FakeMessage[] {
    return [...this.messages.values()].filter((m) => m.channelId === channelId);
  }
  message(id: string): FakeMessage | undefined { return this.messages.get(id); }
  channelsOf(guildId: string): FakeChannel[] {
    return [...this.channels.values()].filter((c) => c.guildId === guildId);
  }
  channelByName(guildId: string, name: string): FakeChannel | undefined {
    return this.channelsOf(guildId).find((c) => c.name === name);
  }
  botRole(guildId: string): FakeRole | undefined {
    return this.guilds.get(guildId)?.roles.find((r) => r.botId === this.botUserId);
  }

  /** Guild-level permissions (Discord's "base permissions" algorithm). */
  guildPermissions(guildId: string, userId: string): bigint {
    const guild = this.guilds.get(guildId);
    const member = guild?.members.get(userId);
    if (!guild || !member) return 0n;
    if (guild.ownerId === userId) return ALL;
    let perms = guild.roles.find((r) => r.id === guild.id)?.permissions ?? 0n;
    for (const role of guild.roles) if (member.roles.includes(role.id)) perms |= role.permissions;
    return perms & P.Administrator ? ALL : perms;
  }

  /** Channel permissions: base, then @everyone, role and member overwrites (deny before allow). */
  channelPermissions(channelId: string, userId: string): bigint {
    const channel = this.channels.get(channelId);
    if (!channel?.guildId) return ALL;
    const base = this.guildPermissions(channel.guildId, userId);
    if (base === ALL) return ALL;
    const member = this.guilds.get(channel.guildId)?.members.get(userId);
    let perms = base;
    const apply = (ows: FakeOverwrite[]) => {
      let allow = 0n, deny = 0n;
      for (const o of ows) { allow |= BigInt(o.allow); deny |= BigInt(o.deny); }
      perms = (perms & ~deny) | allow;
    };
    apply(channel.overwrites.filter((o) => o.type === 0 && o.id === channel.guildId));
    apply(channel.overwrites.filter((o) => o.type === 0 && o.id !== channel.guildId && member?.roles.includes(o.id)));
    apply(channel.overwrites.filter((o) => o.type === 1 && o.id === userId));
    return perms & P.ViewChannel ? perms : 0n;
  }
}
