import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locale } from '../../src/playbook/text.ts';
import type { Card, RoomLink } from '../../src/ui/card.ts';
import type { ChatPort, MessageRef, PostOptions, ReplyTarget, RoomMembership, RoomSpec, UploadFile, UploadOptions } from '../port.ts';
import { renderCard } from './render.ts';

/** The terminal as a chat platform: rooms are prefixes on printed lines. */
export class ShellPort implements ChatPort, RoomMembership {
  readonly platform = 'shell' as const;
  /** Messages posted in this session by key: the terminal has nothing to look in, so it remembers. */
  private readonly posted = new Map<string, MessageRef>();
  /** Who this terminal was told to bring into each room (the war room's roster people). */
  private readonly invited = new Map<string, Set<string>>();

  constructor(
    private readonly write: (line: string) => void,
    private readonly locale: Locale,
    private readonly now: () => Date,
    /** Where posted files are written (the data folder's `reports/`); a temporary folder when none is given. */
    private readonly filesDir: string = path.join(tmpdir(), 'crisis-bot-reports'),
  ) {}

  /** What each message of this session showed last, so that an edit prints only what changed. */
  private readonly shown = new Map<string, string[]>();

  private print(room: string, card: Card, id?: string) {
    const lines = renderCard(card, this.locale, this.now());
    if (id) this.shown.set(id, lines);
    for (const l of lines) this.write(`[#${room}] ${l}`);
  }

  async openRoom(spec: RoomSpec): Promise<RoomLink> {
    this.write(`[#${spec.name}] ${spec.private ? '(private) ' : ''}room opened: ${spec.topic}`);
    return { id: spec.name, name: spec.name };
  }

  async invite(room: RoomLink, users: string[]): Promise<void> {
    const known = this.invited.get(room.id) ?? new Set<string>();
    for (const u of users) known.add(u);
    this.invited.set(room.id, known);
    this.write(`[#${room.name}] joined: ${users.map((u) => `@${u}`).join(', ')}`);
  }

  async post(room: RoomLink, card: Card, opts: PostOptions = {}): Promise<MessageRef> {
    return this.once(opts, () => {
      const id = randomUUID();
      this.print(room.name, card, id);
      return { room: room.id, id };
    });
  }

  /** A keyed message is printed once per session, whether or not the caller says it is a retry. */
  private once(opts: PostOptions, print: () => MessageRef): MessageRef {
    const known = opts.key ? this.posted.get(opts.key) : undefined;
    if (known) return known;
    const ref = print();
    if (opts.key) this.posted.set(opts.key, ref);
    return ref;
  }

  /**
   * A message edited in place: a terminal cannot redraw what scrolled by, so it prints the card's
   * title and the lines that are new (a ticked step), not the whole card again; a message from
   * before this session is printed whole.
   */
  async update(message: MessageRef, card: Card): Promise<void> {
    const before = this.shown.get(message.id);
    if (!before) return this.print(message.room, card, message.id);
    const lines = renderCard(card, this.locale, this.now());
    this.shown.set(message.id, lines);
    const old = new Set(before);
    const changed = lines.filter((l) => !old.has(l));
    if (!changed.length) return;
    const title = card.title && lines[0] !== changed[0] ? [`${lines[0]} (updated)`] : [];
    for (const l of [...title, ...changed]) this.write(`[#${message.room}] ${l}`);
  }

  /**
   * A file "posted" in a terminal room: written into the files folder (under its room's name, so two
   * incidents' reports never overwrite each other) and its path printed, once per key per session.
   */
  async upload(room: RoomLink, file: UploadFile, opts: UploadOptions): Promise<MessageRef> {
    const known = this.posted.get(opts.key);
    if (known) return known;
    const dir = path.join(this.filesDir, path.basename(room.name));
    const target = path.join(dir, path.basename(file.name));
    await mkdir(dir, { recursive: true });
    await writeFile(target, file.bytes);
    this.write(`[#${room.name}] 📎 ${file.title ?? file.name}: ${target}`);
    const ref = { room: room.id, id: target };
    this.posted.set(opts.key, ref);
    return ref;
  }

  async pin(message: MessageRef): Promise<void> {
    this.write(`[#${message.room}] (summary pinned)`);
  }

  async tell(_to: ReplyTarget, card: Card): Promise<void> {
    for (const l of renderCard(card, this.locale, this.now())) this.write(l);
  }

  /**
   * In a room only when this terminal invited them. Everyone typing at one terminal shares a
   * screen, but `/crisis as` and a second terminal on the same data stand for other people: a
   * private incident is theirs only as the access rule says (src/incidents/access.ts).
   */
  async isMember(room: string, user: string): Promise<boolean> {
    return this.invited.get(room)?.has(user) ?? false;
  }

  async dm(user: string, card: Card, opts: PostOptions = {}): Promise<MessageRef> {
    return this.once(opts, () => {
      for (const l of renderCard(card, this.locale, this.now())) this.write(`[DM @${user}] ${l}`);
      return { room: `dm-${user}`, id: randomUUID() };
    });
  }
}
