import type { Platform, RoomMembership } from '../adapters/port.ts';
import type { Actor } from '../src/incidents/service.ts';
import type { Locale } from '../src/playbook/text.ts';
import type { Card } from '../src/ui/card.ts';
import type { Form } from '../src/ui/form.ts';

/** A `/crisis …` typed (or a form submitted) on any platform, in neutral terms. */
export type Invocation = {
  platform: Platform;
  workspace: string;
  /** The room it was typed in, when the platform has one. */
  room?: string;
  user: Actor;
  locale: Locale;
  /** The person's IANA time zone when the platform says it (Slack's users.info `tz`); see readerZone for the rest. */
  tz?: string;
  /** Everything after the subcommand. */
  args: string;
  /** Platform's id for this delivery, so retries are recognised (view id, interaction id). */
  eventKey?: string;
  /**
   * Where private answers to the person go later: the room they typed in. Never a platform reply
   * token: this is stored with an incident, and a token has no business outliving its reply.
   */
  replyTo?: { room?: string };
  /** The platform's word on who is in a war room now (people added there later), for the access rule. */
  membership?: RoomMembership;
};

/** `refused`: the command did not do what was asked (a user error or an internal one); a script's exit status shows it. */
export type Outcome = { kind: 'reply'; cards: Card[]; refused?: true } | { kind: 'form'; form: Form };

export const reply = (...cards: Card[]): Outcome => ({ kind: 'reply', cards });
