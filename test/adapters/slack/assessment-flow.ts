// What the Slack assessment tests share: the roster as people of the fake workspace, the fact sheet
// as Slack holds it, and a person clicking a card's button or submitting the modal it opened. The
// same helpers drive HTTP mode and Socket Mode (the harness picks the transport).
import { expect } from 'vitest';
import { type Harness, type HarnessOptions, pickerValue, shown, withRoster } from './harness.ts';

// The default roster's Slack ids (playbooks/roster.yml), as people of the fake workspace.
export const ALICE = 'U000PLACEHOLDER1'; // crisis_lead: the incident's lead
export const CAROL = 'U000PLACEHOLDER3'; // monitoring_member, comms: not allowed to change the level
export const ERIN = 'U000PLACEHOLDER5'; // crisis_expert: assessment team, allowed to change the level
export const FRANK = 'U000PLACEHOLDER6'; // financial_analyst: assessment team
export const HEIDI = 'U000PLACEHOLDER8'; // legal_counsel: assessment team

export type El = { type: string; action_id: string; value?: string; text?: { text: string }; [k: string]: unknown };
export type SlackBlock = { type: string; block_id?: string; optional?: boolean; element?: El; accessory?: El; elements?: El[] };
export type View = { title: { text: string }; blocks: SlackBlock[] };
export type Msg = { ts: string; channel: string; text: string; blocks?: unknown[] };

/**
 * A harness whose workspace holds every roster person under their roster name. `locales` gives some
 * of them a Slack locale (what users.info answers with include_locale); the others are en-US.
 */
export async function startWithRoster(
  harness: (opts?: HarnessOptions) => Promise<Harness>,
  opts: HarnessOptions & { locales?: Record<string, string> } = {},
): Promise<Harness> {
  const { locales, ...rest } = opts;
  return withRoster(await harness({ ...rest, rosterInSlack: 0 }), { locales });
}

export const buttonsOf = (blocks: unknown): El[] =>
  (blocks as SlackBlock[]).flatMap((b) => [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])]).filter((e) => e.type === 'button');
export const labels = (blocks: unknown) => buttonsOf(blocks).map((b) => b.text?.text);
export const inputsOf = (view: View) => Object.fromEntries(view.blocks.filter((b) => b.type === 'input').map((b) => [b.block_id!, b]));
export const room = (h: Harness) => [...h.fake.channels.values()].find((c) => c.name.startsWith('inc-'))!;
export const message = (h: Harness, channel: string, ts: string) => h.fake.state.findMessage(channel, ts)! as Msg;

/** The fact sheet as Slack holds it now (the message the incident points at). */
export async function sheet(h: Harness): Promise<Msg> {
  const ref = (await h.incident())!.assessmentMessage!;
  return message(h, ref.room!, ref.id!);
}

/**
 * `user` clicks the button `id` (e.g. `fact.verify`) with this value on a message; resolves with what
 * came of it: the modal opened with the click's trigger, or the private answers through response_url.
 */
export async function click(h: Harness, msg: Msg, id: string, user: string, value?: string) {
  const button = buttonsOf(msg.blocks).find((b) => b.action_id.startsWith(`${id}:`) && (value === undefined || b.value === value));
  if (!button) throw new Error(`no ${id} button (${value ?? 'any value'}) on message ${msg.ts}: ${labels(msg.blocks).join(', ')}`);
  const opened = h.fake.callsTo('views.open').length;
  const responded = h.fake.responses.length;
  const payload = h.fake.buttonClick({ channel: msg.channel, ts: msg.ts, action_id: button.action_id, user });
  const ack = await h.interact(payload);
  expect(ack.status).toBe(200);
  await h.settled();
  const open = h.fake.callsTo('views.open').slice(opened);
  const replies = h.fake.responses.slice(responded).map((r) => r.body as { response_type: string; replace_original: boolean; text: string; blocks: unknown });
  return { trigger: payload.trigger_id as string, open, view: open[0]?.args.view as View | undefined, replies, said: shown(replies.map((r) => r.blocks)) };
}

/** Submits the modal opened last as `user`; resolves with the ack and, once settled, what the answer shows. */
export async function submit(h: Harness, values: Record<string, string | number>, user: string) {
  const reply = await h.submit(values, user);
  await h.settled();
  const body = reply.body as { response_action: string; errors?: Record<string, string>; view?: View };
  return { status: reply.status, body, said: body.view ? shown(body.view.blocks) : '' };
}

export const fire = (h: Harness) => ({ title: 'Warehouse fire', type: 'safety-accident', started_at: pickerValue(h, 30), people_affected: '12' });
export const ROOF = { what: 'Roof of building 3 collapsed', where: 'Building 3', people: 'two workers', source: 'on-site', confidence: 'high' };
export const IMPACT = {
  operations_score: '3', operations_note: 'line stopped', finance_score: '2', reputation_score: '4', reputation_note: 'national press', personnel_score: '1',
  direct_loss: '1200000', indirect_loss: '500000', indirect_notes: 'customer churn',
  people_affected: '150', casualties: '0', regions: '1', media_attention: 'national', operations_disrupted: 'partial',
};
export const SCORES = { operations_score: '1', finance_score: '1', reputation_score: '1', personnel_score: '1' };
