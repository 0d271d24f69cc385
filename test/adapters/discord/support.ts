// Shared by the Discord adapter tests: the real discord.js client (through startDiscord) against the
// fake Discord over loopback, on a real local database.
import { afterAll, beforeAll, vi } from 'vitest';
import { startDiscord, type DiscordAdapter } from '../../../adapters/discord/index.ts';
import type { Running } from '../../../src/app.ts';
import type { Config } from '../../../src/config.ts';
import type { Core } from '../../../src/core.ts';
import type { Playbook } from '../../../src/playbook/schema.ts';
import type { Locale } from '../../../src/playbook/text.ts';
import type { Db } from '../../../src/store/connect.ts';
import {
  defaultGuildSeed, startFakeDiscord,
  type FakeDiscord, type FakeDiscordOptions, type FakeMessage, type GuildSeed, type InteractionResponseRecord, type InteractionSpec, type ModalEntry,
} from '../../fakes/discord/index.ts';
import { connectDb, DEFAULT_PLAYBOOK, makeCore, startTestDb, testClock } from '../../support/core.ts';

export type TestDb = Awaited<ReturnType<typeof startTestDb>>;

/** Roster people (playbooks/roster.yml) who are real members of the test guild; the other roster ids are not. */
export const ROSTER = { lead: '100000000000000001', monitoringLeader: '100000000000000002' } as const;

/** The default fake guild plus two roster people, so a private war room has members beyond the reporter. */
export function guildWithRoster(seed: GuildSeed = defaultGuildSeed()): GuildSeed {
  return {
    ...seed,
    members: [...(seed.members ?? []), { id: ROSTER.lead, username: 'alice-lead' }, { id: ROSTER.monitoringLeader, username: 'bob-monitoring' }],
  };
}

export function discordConfig(fake: FakeDiscord, locale: Locale = 'en'): Config {
  return {
    dataDir: '/nonexistent',
    playbookDir: DEFAULT_PLAYBOOK,
    port: 0,
    locale,
    logLevel: 'silent',
    discord: { token: fake.token, applicationId: fake.applicationId, guildId: fake.guildId, apiUrl: fake.apiUrl },
  };
}

export type World = {
  fake: FakeDiscord;
  core: Core;
  db: Db;
  discord: DiscordAdapter;
  config: Config;
  clock: ReturnType<typeof testClock>;
  stop(): Promise<void>;
};

/** A fake Discord, a core on its own database in the file's FerretDB, and the adapter connected to both. */
export async function openWorld(
  testDb: TestDb, name: string,
  o: {
    locale?: Locale; guilds?: GuildSeed[]; answerWithinMs?: number; playbook?: Playbook; fake?: Omit<FakeDiscordOptions, 'guilds'>; outboxTimeoutMs?: number;
    /** The database's URI as the bot reaches it (e.g. through an outage proxy), and how long it waits for it. */
    db?: { via?: (uri: string) => Promise<string>; serverSelectionTimeoutMS?: number };
  } = {},
): Promise<World> {
  const fake = await startFakeDiscord({ ...o.fake, guilds: o.guilds ?? [guildWithRoster()] });
  const direct = testDb.local.uri.replace(/\/crisis$/, `/${name}`);
  const db = await connectDb(o.db?.via ? await o.db.via(direct) : direct, { serverSelectionTimeoutMS: o.db?.serverSelectionTimeoutMS });
  const clock = testClock();
  const core = await makeCore(db, { now: clock.now, locale: o.locale ?? 'en', playbook: o.playbook });
  const running: Running = { core, close: () => db.close() };
  const config = discordConfig(fake, o.locale);
  const discord = await startDiscord(running, config, { dispatchEveryMs: 0, answerWithinMs: o.answerWithinMs, outboxTimeoutMs: o.outboxTimeoutMs });
  return {
    fake, core, db, discord, config, clock,
    stop: async () => {
      await discord.stop();
      await fake.stop();
      await db.close();
    },
  };
}

/** Who acts, where, in which client language (the fake's defaults: the first guild, its owner, en-US). */
export type As = { userId?: string; locale?: string; channelId?: string; guildId?: string };

export type Answered = { id: string; token: string; payload: Record<string, unknown>; response: InteractionResponseRecord };

/** Dispatches an interaction and resolves once the adapter answered it and finished all it started. */
export async function interact(w: World, spec: InteractionSpec): Promise<Answered> {
  const sent = w.fake.dispatchInteraction(spec);
  await answered(w, sent.id);
  return { ...sent, response: w.fake.interactionResponse(sent.id)! };
}

export async function answered(w: World, id: string): Promise<void> {
  await vi.waitFor(() => {
    if (!w.fake.state.interactions.get(id)?.attempts.length) throw new Error(`interaction ${id} not answered yet`);
  }, { timeout: 10_000, interval: 5 });
  await w.discord.idle();
}

export type SelectOption = { label: string; value: string; default?: boolean };
/** One input of a modal page, inside its Label: a text input (type 4) or a string select (type 3). */
export type ModalInput = {
  type: number; custom_id: string; required?: boolean;
  /** Text input. */
  style?: number; value?: string; placeholder?: string; max_length?: number;
  /** String select. */
  options?: SelectOption[]; min_values?: number; max_values?: number;
};
export type ModalData = { custom_id: string; title: string; components: { type: number; label: string; description?: string; component: ModalInput }[] };

export function modalOf(a: Answered): ModalData {
  if (a.response.type !== 9) throw new Error(`expected a modal, got callback type ${a.response.type}: ${JSON.stringify(a.response.data)}`);
  return a.response.data as ModalData;
}

export const isSelect = (c: ModalInput) => c.type === 3;

/**
 * What a person enters in a field: text for a text input; for a string select, the option to choose
 * (named by its value or by the label they see; '' chooses nothing) or several as an array. A
 * test cannot type into a select or choose an option the select does not offer.
 */
export type Entry = string | readonly string[];

function choose(c: ModalInput, entry: Entry): string[] {
  const wanted = typeof entry === 'string' ? (entry === '' ? [] : [entry]) : [...entry];
  return wanted.map((w) => {
    const option = c.options!.find((o) => o.value === w) ?? c.options!.find((o) => o.label === w);
    if (!option) throw new Error(`select ${c.custom_id} has no option ${JSON.stringify(w)}: it offers ${c.options!.map((o) => `${o.value} (${o.label})`).join(', ')}`);
    return option.value;
  });
}

/**
 * A page's submission as Discord's client sends it: every input, what was entered where the person
 * entered something, else what the page showed (a text input's value, a select's default options).
 */
export function entriesOf(modal: ModalData, entered: Record<string, Entry>): Record<string, ModalEntry> {
  return Object.fromEntries(modal.components.map(({ component: c }): [string, ModalEntry] => {
    const entry = entered[c.custom_id];
    if (isSelect(c)) return [c.custom_id, entry === undefined ? c.options!.filter((o) => o.default).map((o) => o.value) : choose(c, entry)];
    if (entry !== undefined && typeof entry !== 'string') throw new Error(`input ${c.custom_id} is a text input: there is nothing to choose`);
    return [c.custom_id, entry ?? c.value ?? ''];
  }));
}

/** What a page shows filled in, by field: a text input's value, a select's chosen (default) option value; '' for nothing. */
export function shownValues(modal: ModalData): Record<string, string> {
  return Object.fromEntries(modal.components.map(({ component: c }) => [
    c.custom_id,
    isSelect(c) ? c.options!.filter((o) => o.default).map((o) => o.value).join(',') : c.value ?? '',
  ]));
}

/** Submits the modal as Discord would: every input of the page, prefilled ones unchanged unless typed over or chosen anew. */
export async function submitModal(w: World, modal: ModalData, entered: Record<string, Entry>, spec: As & { messageId?: string } = {}): Promise<Answered> {
  return interact(w, { kind: 'modal', customId: modal.custom_id, fields: entriesOf(modal, entered), ...spec });
}

/** The message an interaction's reply produced (the deferred reply once edited, or the reply itself). */
export function replyOf(w: World, a: { id: string }): FakeMessage {
  const id = w.fake.state.interactions.get(a.id)?.originalMessageId;
  const m = id ? w.fake.state.message(id) : undefined;
  if (!m) throw new Error(`interaction ${a.id} has no reply message`);
  return m;
}

export type ButtonData = { type: number; custom_id: string; label: string; style: number };
export const buttonsOf = (m: FakeMessage): ButtonData[] =>
  ((m.data.components ?? []) as unknown as { components: ButtonData[] }[]).flatMap((row) => row.components);

export function buttonOn(m: FakeMessage, prefix: string): ButtonData {
  const b = buttonsOf(m).find((x) => x.custom_id.startsWith(prefix));
  if (!b) throw new Error(`no button ${prefix}… on message ${m.data.id}: ${buttonsOf(m).map((x) => x.custom_id).join(', ')}`);
  return b;
}

/** Text as people see it: without the invisible posting-once marker (adapters/discord/once.ts) a keyed message ends with. */
export const visible = (s: string) => s.replace(/\u2063(?:\u200b|\u200c|\u200d|\u2060)+/gu, '');

/** Everything a reply showed, as one string (content and embed text). */
export function textOf(m: FakeMessage): string {
  const embeds = (m.data.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? '', ...(e.fields ?? []).flatMap((f) => [f.name, f.value])]);
  return visible([m.data.content, ...embeds].join('\n'));
}

/** Removes Discord markdown escapes (and the invisible marker), to compare with the plain text the core produced. */
export const unescape = (s: string) => visible(s).replace(/\\(.)/g, '$1');

/**
 * Fills every page of the raise form but the last, through the real modals and Continue buttons,
 * and returns the last page (not yet submitted) with what it needs to be submitted.
 */
export async function raiseUpToLastPage(w: World, values: Record<string, Entry>, as: As = {}): Promise<LastPage> {
  return fillPages(w, modalOf(await interact(w, { kind: 'slash', subcommand: 'raise', ...as })), values, as);
}

export type LastPage = { modal: ModalData; messageId?: string; as: As };

/** From an open page on: submits it and follows Continue until the page that submits the form. */
export async function fillPages(w: World, first: ModalData, values: Record<string, Entry>, as: As = {}, messageId?: string): Promise<LastPage> {
  let modal = first;
  // A page whose custom_id ends in ':n' leads to a Continue button; the last one (':f') submits.
  while (modal.custom_id.endsWith(':n')) {
    const saved = replyOf(w, await submitModal(w, modal, values, { ...as, messageId }));
    messageId = saved.data.id;
    modal = modalOf(await interact(w, { kind: 'button', messageId, customId: buttonOn(saved, 'crisis.page:').custom_id, ...as }));
  }
  return { modal, messageId, as };
}

/** Raises an incident through the modals; resolves once its war room is delivered (or has failed). */
export async function raiseIncident(w: World, values: Record<string, Entry>, as: As = {}): Promise<Answered> {
  const last = await raiseUpToLastPage(w, values, as);
  return submitModal(w, last.modal, values, { ...as, messageId: last.messageId });
}

/** Every request that creates or edits a message, with its JSON body (callbacks: their `data`). */
export function messageBodies(w: World): { path: string; body: Record<string, unknown> }[] {
  return w.fake.calls.flatMap((c) => {
    const body = c.body as Record<string, unknown>;
    if (c.path.endsWith('/callback')) return [4, 7].includes(Number(body.type)) ? [{ path: c.path, body: body.data as Record<string, unknown> }] : [];
    const writes = (c.method === 'POST' && (/^\/channels\/\d+\/messages$/.test(c.path) || /^\/webhooks\/\d+\/[^/]+$/.test(c.path))) || (c.method === 'PATCH' && c.path.includes('/messages/'));
    return writes ? [{ path: c.path, body }] : [];
  });
}

/**
 * A test file's database plus every world its tests open, all stopped after the file.
 * Call at the top level; `open(name, options)` inside tests.
 */
export function useWorlds() {
  let testDb: TestDb;
  const worlds: World[] = [];
  beforeAll(async () => {
    testDb = await startTestDb();
  });
  afterAll(async () => {
    for (const w of worlds) await w.stop();
    await testDb?.stop();
  });
  return async (name: string, o?: Parameters<typeof openWorld>[2]): Promise<World> => {
    const w = await openWorld(testDb, name, o);
    worlds.push(w);
    return w;
  };
}
