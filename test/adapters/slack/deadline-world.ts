// The Slack deadline tests' world (deadlines.test.ts, phase.test.ts): a level-2 safety accident
// raised through the real Bolt adapter against the fake Slack, and what Slack then received.
import { expect } from 'vitest';
import type { Playbook } from '../../../src/playbook/schema.ts';
import { sweep } from '../../../src/scheduler/sweep.ts';
import { type Harness, type HarnessOptions, pickerValue, shown, withRoster } from './harness.ts';

// The default roster's Slack ids (playbooks/roster.yml), as people of the fake workspace.
export const ALICE = 'U000PLACEHOLDER1'; // crisis_lead: the incident's lead
export const BOB = 'U000PLACEHOLDER2'; // monitoring_leader: owns step 2 (due 10:30)
export const CAROL = 'U000PLACEHOLDER3'; // comms: in the war room, not the lead
export const DAVE = 'U000PLACEHOLDER4'; // security: owns step 1 (due 10:15)
export const IVAN = 'U000PLACEHOLDER9'; // executive: the ladder's last rung
export const MIN = 60_000;
export const STEP1 = 'Call emergency services and start first aid for the injured';

type El = { type: string; action_id: string; value?: string; text?: { text: string } };
type SlackBlock = { type: string; block_id?: string; element?: El; accessory?: El; elements?: El[] };
export type View = { title: { text: string }; blocks: SlackBlock[] };
/** A message the bot posted; `to` is the person when it went into a DM. */
export type Sent = { ts: string; channel: string; text: string; blocks?: unknown[]; to?: string };

export const buttonsOf = (blocks: unknown): El[] =>
  ((blocks ?? []) as SlackBlock[]).flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])]).filter((e) => e.type === 'button');
export const labels = (m: Sent) => buttonsOf(m.blocks).map((b) => b.text?.text);
export const epoch = (d: Date) => Math.floor(d.getTime() / 1000);
/** How the adapter writes a time (each reader sees their own zone). */
export const slackTime = (d: Date) => `<!date^${epoch(d)}^{date_short_pretty} {time}|`;

/**
 * A level-2 safety accident raised through the modal at 10:00 (the harness clock) by a reporter in
 * #ops, in a workspace holding every roster person: step 1 (Dave) is due 10:15, step 2 (Bob) 10:30,
 * the acknowledgement 10:30, an update every hour; the ladder is owners → lead (Alice) +15 min →
 * executive (Ivan) +30 min. `deactivated`: roster people whose Slack accounts are deactivated.
 */
export async function raised(harness: (o?: HarnessOptions) => Promise<Harness>, opts: { drill?: boolean; playbook?: Playbook; deactivated?: string[] } = {}) {
  const h = withRoster(await harness({ rosterInSlack: 0, playbook: opts.playbook }), { deactivated: opts.deactivated ?? [] });
  const t0 = h.clock.now();
  const reply = await h.raise({
    title: 'Warehouse fire, building 3',
    type: 'safety-accident',
    started_at: pickerValue(h, 5),
    people_affected: '12',
    ...(opts.drill ? { drill: 'yes' } : {}),
  });
  expect(reply.body).toMatchObject({ response_action: 'update' });
  const room = [...h.fake.channels.values()].find((c) => c.name.startsWith('inc-20261128-001'))!;
  expect(room).toBeDefined();
  return { h, room: room.id, at: (minutes: number) => new Date(t0.getTime() + minutes * MIN) };
}

/** What the bot posted into any channel or DM while `work` ran (and the work it started), oldest first. */
export async function posted(h: Harness, work: () => Promise<unknown>): Promise<Sent[]> {
  const before = new Map([...h.fake.messages].map(([ch, ms]) => [ch, ms.length]));
  await work();
  await h.settled();
  const out: Sent[] = [];
  for (const [ch, ms] of h.fake.messages) {
    const c = h.fake.channels.get(ch);
    for (const m of ms.slice(before.get(ch) ?? 0)) out.push({ ts: m.ts, channel: ch, text: m.text, blocks: m.blocks, ...(c?.is_im ? { to: c.user } : {}) });
  }
  return out.sort((a, b) => Number(a.ts) - Number(b.ts));
}

/** Moves the clock, runs one deadline sweep, lets the Slack adapter's dispatcher deliver; returns what Slack received. */
export const sweepAt = (h: Harness, when: Date) =>
  posted(h, async () => {
    h.clock.set(when);
    await sweep(h.core);
    await h.slack.dispatcher.drain();
  });

export const dmsTo = (sent: Sent[], user: string) => sent.filter((m) => m.to === user);
export const inRoom = (sent: Sent[], room: string) => sent.filter((m) => m.channel === room);
export const about = (sent: Sent[], text: string) => sent.filter((m) => m.text.includes(text));

/** `user` clicks the button `id` on a message; resolves with what Slack then received. */
export async function click(h: Harness, msg: Sent, id: string, user: string) {
  const button = buttonsOf(msg.blocks).find((b) => b.action_id.startsWith(`${id}:`));
  if (!button) throw new Error(`no ${id} button on ${msg.text}: ${labels(msg).join(', ')}`);
  const opened = h.fake.callsTo('views.open').length;
  const responded = h.fake.responses.length;
  let status = 0;
  const sent = await posted(h, async () => {
    status = (await h.interact(h.fake.buttonClick({ channel: msg.channel, ts: msg.ts, action_id: button.action_id, user }))).status;
  });
  expect(status).toBe(200);
  const replies = h.fake.responses.slice(responded).map((r) => r.body as { response_type: string; blocks: unknown });
  const open = h.fake.callsTo('views.open').slice(opened);
  return { sent, replies, said: shown(replies.map((r) => r.blocks)), open, view: open[0]?.args.view as View | undefined };
}

/** `/crisis <text>` typed by `user` in `channel`; resolves with the private answer and what was posted. */
export async function type(h: Harness, text: string, user: string, channel: string) {
  const responded = h.fake.responses.length;
  const sent = await posted(h, () => h.command(text, user, channel));
  const replies = h.fake.responses.slice(responded).map((r) => r.body as { response_type: string; blocks: unknown });
  return { sent, said: shown(replies.map((r) => r.blocks)), replies };
}

export const alerts = async (h: Harness) =>
  (await h.timeline()).filter((e) => e.type === 'deadline.alert').map((e) => e.data as { kind: string; n?: number; rung: number; notified: string[]; skipped?: string[] });

/** The pinned summary as Slack holds it now. */
export async function summary(h: Harness): Promise<Sent> {
  const ref = (await h.incident())!.summaryMessage!;
  const m = h.fake.state.findMessage(ref.room!, ref.id!)!;
  return { ts: m.ts, channel: m.channel, text: m.text, blocks: m.blocks };
}

