import type { Card, RoomLink } from '../src/ui/card.ts';

export type Platform = 'shell' | 'slack' | 'discord';

export type RoomSpec = {
  workspace: string;
  name: string;
  topic: string;
  private: boolean;
  /** Platform user ids who must be able to see a private room from the start. */
  members: string[];
};

export type MessageRef = { room: string; id: string };

/**
 * Posting once. `key` names one message the outbox means to post (its entry id, plus the part
 * of the effect); the platform message carries it. `retry` says an earlier attempt may already
 * have posted it: the adapter then looks for a message carrying the key and returns that one
 * instead of posting again. A first attempt (`retry` unset) costs no look-up.
 */
export type PostOptions = { key?: string; retry?: boolean };

/** A file to post in a room: its name (with the extension the platform types it by), its bytes, the title people see. */
export type UploadFile = { name: string; bytes: Buffer; title?: string };

/**
 * Uploading once, like posting once: `key` names the upload (its outbox entry), and with `retry`
 * the adapter first looks in the room for the file an earlier attempt left and returns that one.
 */
export type UploadOptions = { key: string; retry?: boolean };

/** Where a private answer to one person goes: the room they typed in, or the platform's reply token. */
export type ReplyTarget = { user: string; room?: string; token?: string };

/** Raised by an adapter when the platform refuses for a reason retrying will not fix. */
export class PlatformRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Whether a person can see a room on the platform now, as the platform itself tells (not the roster). */
export interface RoomMembership {
  isMember(room: string, user: string): Promise<boolean>;
}

/**
 * Everything commands and the outbox need from a chat platform, and nothing more
 * (Hubot's Adapter, Errbot's Backend). Replies to the person who typed a command are
 * not here: they are the command's return value, which the adapter renders in place.
 */
export interface ChatPort {
  readonly platform: Platform;
  /** Creates the room, or returns the one of that name the bot made before (crash recovery). */
  openRoom(spec: RoomSpec): Promise<RoomLink>;
  invite(room: RoomLink, users: string[]): Promise<void>;
  post(room: RoomLink, card: Card, opts?: PostOptions): Promise<MessageRef>;
  update(message: MessageRef, card: Card): Promise<void>;
  pin(message: MessageRef): Promise<void>;
  dm(user: string, card: Card, opts?: PostOptions): Promise<MessageRef>;
  /** Posts a file in the room (the terminal writes it into the data folder); refusals (too large, no scope) are PlatformRefusal. */
  upload(room: RoomLink, file: UploadFile, opts: UploadOptions): Promise<MessageRef>;
  /** A message only this person sees (Slack ephemeral, Discord interaction follow-up, the terminal). */
  tell(to: ReplyTarget, card: Card): Promise<void>;
  /**
   * Whether the person can see the room now: a member of the Slack channel, let in by the Discord
   * channel's permission overwrites; the terminal has no walls. Every adapter's port has it; it is
   * optional because the outbox's wrappers (the drill port) only deliver and never ask.
   */
  isMember?(room: string, user: string): Promise<boolean>;
}
