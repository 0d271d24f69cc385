import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import { pino } from 'pino';
import { startDiscord } from '../adapters/discord/index.ts';
import { formModal } from '../adapters/discord/modal.ts';
import { runCommand } from '../commands/index.ts';
import type { Config } from '../src/config.ts';
import type { Core } from '../src/core.ts';
import { loadPlaybook } from '../src/playbook/load.ts';
import { connectDb } from '../src/store/connect.ts';
import { startLocalDb } from '../src/store/ferretdb.ts';
import { startFakeDiscord, type CallRecord, type FakeDiscord } from '../test/fakes/discord/index.ts';
import { ms, pct, report, timeIt } from './stats.ts';

const CONCURRENT = 50;
const ROUNDS = 8;

/**
 * Sends `CONCURRENT` `/crisis raise` interactions at once and returns, per interaction, the time
 * from its dispatch on the gateway to the fake recording the answer (the modal callback).
 */
async function burst(fake: FakeDiscord): Promise<{ samples: number[]; refused: number }> {
  const sentAt = new Map<string, number>();
  const samples: number[] = [];
  let refused = 0;
  const all = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${samples.length} of ${CONCURRENT} interactions answered`)), 20_000);
    const onCall = (r: CallRecord) => {
      const id = /^\/interactions\/(\d+)\//.exec(r.path)?.[1];
      const t0 = id ? sentAt.get(id) : undefined;
      if (!id || t0 === undefined) return;
      sentAt.delete(id);
      samples.push(performance.now() - t0);
      if (r.status >= 300) refused++;
      if (samples.length === CONCURRENT) {
        clearTimeout(timer);
        fake.events.off('call', onCall);
        resolve();
      }
    };
    fake.events.on('call', onCall);
  });
  for (let i = 0; i < CONCURRENT; i++) {
    const t0 = performance.now();
    const { id } = fake.dispatchInteraction({ kind: 'slash', subcommand: 'raise', options: { title: `Bench fire ${i}` } });
    sentAt.set(id, t0);
  }
  await all;
  return { samples, refused };
}

/** The baseline: a discord.js client that only answers, with the same page-1 modal the adapter sends. */
async function bareClient(fake: FakeDiscord, modal: ReturnType<typeof formModal>): Promise<Client> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
  client.on(Events.InteractionCreate, (i) => {
    if (i.isChatInputCommand()) void i.showModal(modal).catch(() => undefined);
  });
  const ready = once(client, Events.ClientReady);
  await client.login(fake.token);
  await ready;
  return client;
}

/** `/crisis raise` answered by the adapter vs by a bare client, 50 at once, on one fake Discord in this run. */
export async function benchDiscord(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'crisis-bench-discord-'));
  const local = await startLocalDb(dir);
  const db = await connectDb(local.uri);
  const fake = await startFakeDiscord();
  try {
    const loaded = await loadPlaybook(path.resolve(import.meta.dirname, '../playbooks'));
    if (!loaded.ok) throw new Error('default playbook invalid');
    const core: Core = { db, playbook: loaded.playbook, now: () => new Date(), locale: 'en', log: pino({ level: 'silent' }) };
    const config: Config = {
      dataDir: dir, playbookDir: '', port: 0, locale: 'en', logLevel: 'silent',
      discord: { token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl },
    };
    const outcome = await runCommand(core, { platform: 'discord', workspace: fake.guildId, user: { id: 'b', name: 'Bench' }, locale: 'en' }, 'raise');
    if (outcome.kind !== 'form') throw new Error('raise did not answer with a form');
    const modal = formModal(outcome.form, 0, { title: 'Bench fire' }, 'crisis.form:raise:bench:0:n', 'en');

    const bare: number[] = [];
    const adapter: number[] = [];
    const bursts: number[] = [];
    const paired: number[] = [];
    let refused = 0;
    const runBare = async () => {
      const client = await bareClient(fake, modal);
      const b = await burst(fake);
      await client.destroy();
      return b;
    };
    const runAdapter = async () => {
      const discord = await startDiscord({ core, close: async () => {} }, config, { dispatchEveryMs: 0 });
      let a = { samples: [] as number[], refused: 0 };
      bursts.push(...(await timeIt(1, async () => (a = await burst(fake)))));
      await discord.stop();
      return a;
    };
    // Round 0 warms both up and is not counted; then the order alternates, so drift and whatever
    // the previous client left behind (GC, sockets closing) fall on both sides alike.
    for (let round = 0; round <= ROUNDS; round++) {
      let a, b;
      if (round % 2) {
        b = await runBare();
        a = await runAdapter();
      } else {
        a = await runAdapter();
        b = await runBare();
      }
      if (round === 0) continue;
      paired.push(pct(a.samples, 50) / pct(b.samples, 50));
      bare.push(...b.samples);
      adapter.push(...a.samples);
      refused += a.refused + b.refused;
    }
    console.log(`${ROUNDS} rounds × ${CONCURRENT} concurrent /crisis raise (modal answer), after one warm-up round`);
    report('baseline: bare discord.js client, same modal', bare);
    report('crisis-bot Discord adapter', adapter, bare);
    console.log(`ratio p50 ${(pct(adapter, 50) / pct(bare, 50)).toFixed(2)}×, p99 ${(pct(adapter, 99) / pct(bare, 99)).toFixed(2)}× (aim ≤ 1.3×)`);
    // Rounds run back to back, so a ratio per round cancels load that changes between rounds.
    console.log(`median of per-round p50 ratios: ${pct(paired, 50).toFixed(2)}× (rounds: ${paired.map((r) => r.toFixed(2)).join(', ')})`);
    console.log(`adapter burst of ${CONCURRENT}, wall time: p50 ${ms(pct(bursts, 50))}; answers refused by the fake (late/invalid): ${refused}`);
  } finally {
    await fake.stop();
    await db.close();
    await local.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
