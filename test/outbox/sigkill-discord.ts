// Discord's side of the SIGKILL test: a raise through the real modal pages sent to the bot process
// over the fake gateway, and what the war room must hold afterwards, counted at the fake.
import { expect, vi } from 'vitest';
import type { Db } from '../../src/store/connect.ts';
import type { Incident } from '../../src/store/incidents.ts';
import { readTimeline } from '../../src/store/timeline.ts';
import { IDS, type FakeDiscord, type FakeMessage } from '../fakes/discord/index.ts';
import { entriesOf, fillPages, modalOf, textOf, unescape, type Entry, type World } from '../adapters/discord/support.ts';

/**
 * The adapter tests' page helpers need only the fake and a way to wait for the adapter's work;
 * the bot runs in another process here, so each answer seen at the fake is the wait.
 */
const worldOf = (fake: FakeDiscord) => ({ fake, discord: { idle: async () => undefined } }) as unknown as World;

/**
 * `/crisis raise` and every page up to the last through the bot process; the last page is sent
 * without waiting for its answer (the process may be killed first). Resolves with the incident's
 * key once it is recorded, and the last interaction's token (its follow-ups are the reporter's).
 */
export async function discordRaise(fake: FakeDiscord, db: Db, values: Record<string, Entry>): Promise<{ key: string; token: string }> {
  const w = worldOf(fake);
  const opened = fake.dispatchInteraction({ kind: 'slash', subcommand: 'raise' });
  const first = await vi.waitFor(() => {
    const response = fake.interactionResponse(opened.id);
    if (!response) throw new Error('raise not answered yet');
    return modalOf({ ...opened, response });
  }, { timeout: 30_000, interval: 20 });
  const last = await fillPages(w, first, values);
  const sent = fake.dispatchInteraction({ kind: 'modal', customId: last.modal.custom_id, fields: entriesOf(last.modal, values), messageId: last.messageId });
  const incident = await vi.waitFor(async () => {
    const found = (await db.m.Incident.findOne({ title: values.title, platform: 'discord' }).lean()) as unknown as Incident | null;
    if (!found?.setupDone) throw new Error('not recorded yet');
    return found;
  }, { timeout: 60_000, interval: 50 });
  return { key: incident.key, token: sent.token };
}

const lines = (m: FakeMessage) => unescape(textOf(m)).split('\n').map((l) => l.replace(/^\*\*(.*)\*\*$/, '$1'));

/** Each message of the war room once (by its text, which carries the posting-once marker), the summary and every page once, the reporter told once. */
export async function discordRoomOnce(fake: FakeDiscord, db: Db, key: string, title: string, token: string): Promise<number> {
  const incident = (await db.m.Incident.findById(key).lean()) as unknown as Incident;
  const room = fake.state.messagesIn(incident.room!.id).filter((m) => m.data.type === 0);
  // The raw content keeps the invisible marker of the entry and part: two messages with one marker are one effect twice.
  const raw = room.map((m) => JSON.stringify([m.data.content, m.data.embeds]));
  expect(raw.filter((c, i) => raw.indexOf(c) !== i)).toEqual([]);
  const having = (line: string) => room.filter((m) => lines(m).includes(line)).length;
  expect(having(`${key}: ${title}`)).toBe(1);
  const pages = incident.checklistMessages!.length;
  expect(pages).toBeGreaterThan(1);
  for (let p = 1; p <= pages; p++) expect(having(`Checklist ${key} (${p}/${pages})`)).toBe(1);
  expect(room.filter((m) => m.data.pinned)).toHaveLength(1);
  // The confirmation: a follow-up on the raise's interaction, or (its token lost with the killed process) a DM.
  const isOpen = (s: unknown) => unescape(String(s)).includes(`${key} is open`);
  const followUps = fake.callsTo('POST', `/webhooks/:app/${token}`).filter((c) => c.status < 300 && isOpen((c.body as { content?: string }).content));
  const dm = fake.state.dmChannels.get(IDS.alice);
  const dms = dm ? fake.state.messagesIn(dm).filter((m) => isOpen(textOf(m))) : [];
  expect(followUps.length + dms.length).toBe(1);
  expect(fake.callsTo('POST', '/guilds/:id/channels').filter((c) => String((c.body as { name?: string }).name).startsWith(key.toLowerCase()))).toHaveLength(1);
  expect((await readTimeline(db, key)).filter((e) => e.type === 'delivery.failed')).toEqual([]);
  return room.length;
}
