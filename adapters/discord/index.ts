import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, MessageFlags, REST, type Interaction } from 'discord.js';
import { StartupError, type Running } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import { t } from '../../src/i18n/index.ts';
import type { Locale } from '../../src/playbook/text.ts';
import { forgetMembership } from '../../src/incidents/access.ts';
import { Dispatcher } from '../../src/outbox/dispatcher.ts';
import { restBase } from './api-url.ts';
import type { DiscordContext } from './context.ts';
import { apiCode, loggable } from './errors.ts';
import { FormFlow, type Place } from './forms.ts';
import { invocationOf, placeInGuild } from './invocation.ts';
import { LISTENERS } from './listeners/index.ts';
import { DiscordPort } from './port.ts';

export type DiscordOptions = {
  /** How often the outbox is retried in the background; 0 leaves it to explicit drains (tests). */
  dispatchEveryMs?: number;
  /** How long to wait for guilds announced in READY (discord.js default 15 s). */
  waitGuildTimeout?: number;
  /** A command still running after this long is acknowledged first and answered later (Discord allows 3 s); 0 acknowledges every one first. */
  answerWithinMs?: number;
  /** How long an outbox call may take before it fails and is retried later (default 15 s). */
  outboxTimeoutMs?: number;
};

export type DiscordAdapter = {
  client: Client<true>;
  port: DiscordPort;
  dispatcher: Dispatcher;
  /** Resolves once every interaction received so far has been handled, outbox drains included. */
  idle(): Promise<void>;
  stop(): Promise<void>;
};

// A hung call fails well inside the outbox's one-minute lease.
const OUTBOX_TIMEOUT_MS = 15_000;

// The interaction was answered elsewhere (a second delivery) or too late: nothing more to say.
const GONE = new Set([10062, 40060]);

/**
 * Connects to Discord (the gateway is found from DISCORD_API_URL via GET /gateway/bot),
 * resolves once the client is ready, and delivers the outbox for platform 'discord'.
 */
export async function startDiscord(running: Running, config: Config, opts: DiscordOptions = {}): Promise<DiscordAdapter> {
  const d = config.discord;
  if (!d) throw new Error('DISCORD_TOKEN is not set');
  const { core } = running;
  const log = core.log.child({ adapter: 'discord' });
  const api = restBase(d.apiUrl);
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.DirectMessages],
    ...(api ? { rest: { api } } : {}),
    // A safety net under the explicit allowed_mentions every message carries.
    allowedMentions: { parse: [], repliedUser: false },
    ...(opts.waitGuildTimeout !== undefined ? { waitGuildTimeout: opts.waitGuildTimeout } : {}),
  });
  client.on(Events.Error, (err) => log.error({ err: loggable(err) }, 'discord client error'));
  client.on(Events.ShardResume, (shard, replayed) => log.info({ shard, replayed }, 'gateway session resumed'));
  const ready = once(client, Events.ClientReady);
  try {
    await client.login(d.token);
    await ready;
  } catch (err) {
    await client.destroy();
    // A 401 on GET /gateway/bot (TokenInvalid) or gateway close 4004 ("Authentication failed").
    if (/TokenInvalid|Authentication failed|invalid token/i.test(`${(err as { code?: string }).code ?? ''} ${(err as Error).message}`)) {
      throw new StartupError('Discord refused DISCORD_TOKEN; copy the bot token again (Developer Portal → your application → Bot → Reset Token).');
    }
    throw err;
  }
  const live = client as Client<true>;
  // The outbox's own REST: no retries of its own (see DiscordPortOptions); 429s are still waited out.
  const outbox = new REST({ ...(api ? { api } : {}), retries: 0, timeout: opts.outboxTimeoutMs ?? OUTBOX_TIMEOUT_MS }).setToken(d.token);
  const port = new DiscordPort(live, { applicationId: d.applicationId ?? live.application.id, locale: core.locale, log, outbox });
  const dispatcher = new Dispatcher(core, port);
  // Access to a private incident follows its channel's overwrites: a changed channel, or a changed
  // role's permissions, is asked about afresh rather than after the membership cache expires.
  // (A member given a role sends nothing without the privileged GuildMembers intent; the cache's
  // expiry catches that up.)
  client.on(Events.ChannelUpdate, (_old, channel) => forgetMembership(port, { room: channel.id }));
  client.on(Events.GuildRoleUpdate, () => forgetMembership(port, {}));
  const settle = () => dispatcher.drain().then(() => undefined, (err: unknown) => log.error({ err: loggable(err) }, 'outbox drain failed'));
  const invocation = (i: Interaction) => {
    const inv = invocationOf(i, core.locale);
    port.rememberLocale(inv.user.id, inv.locale);
    // A submitted form may raise an incident, whose confirmation follows up on this interaction.
    if (i.isModalSubmit()) port.rememberReplyToken(i.user.id, i.channelId, i.token);
    return { ...inv, membership: port };
  };
  const place: Place = (i, inv, hint) => placeInGuild(live, core, i, inv, hint);
  const ctx: DiscordContext = {
    core, port, dispatcher, log, settle,
    answerWithinMs: opts.answerWithinMs ?? 2000,
    forms: new FormFlow(core, settle, place),
    invocation,
    invocationFor: (i, hint) => place(i, invocation(i), hint),
  };

  const inflight = new Set<Promise<void>>();
  const handle = async (i: Interaction) => {
    const l = LISTENERS.find((x) => x.accepts(i));
    if (!l) return;
    try {
      await l.handle(i, ctx);
    } catch (err) {
      if (GONE.has(apiCode(err) ?? 0)) {
        log.info({ interaction: i.id, code: apiCode(err) }, 'interaction already answered or expired; skipped');
        return;
      }
      log.error({ err: loggable(err), interaction: i.id, listener: l.name }, 'interaction failed');
      await tellFailure(i, core.locale).catch(() => undefined);
    }
  };
  client.on(Events.InteractionCreate, (i) => {
    const p = handle(i).finally(() => inflight.delete(p));
    inflight.add(p);
  });

  await settle();
  if (opts.dispatchEveryMs !== 0) dispatcher.start(opts.dispatchEveryMs ?? 1000);
  return {
    client: live,
    port,
    dispatcher,
    idle: async () => {
      while (inflight.size) await Promise.all([...inflight]);
    },
    stop: async () => {
      client.removeAllListeners(Events.InteractionCreate);
      await Promise.all([...inflight]);
      await dispatcher.stop();
      await client.destroy();
    },
  };
}

/** The person sees a short apology with a reference instead of Discord's "interaction failed". */
async function tellFailure(i: Interaction, fallback: Locale): Promise<void> {
  if (!i.isRepliable()) return;
  const content = t(invocationOf(i, fallback).locale, 'err.internal', { ref: i.id });
  if (i.deferred || i.replied) await i.followUp({ content, flags: MessageFlags.Ephemeral });
  else await i.reply({ content, flags: MessageFlags.Ephemeral });
}
