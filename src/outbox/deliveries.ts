import type { ChatPort, PostOptions } from '../../adapters/port.ts';
import type { Core } from '../core.ts';
import type { Member } from '../incidents/roster.ts';
import type { PersonRef } from '../store/records.ts';
import type { Incident } from '../store/incidents.ts';
import type { Card, RoomLink } from '../ui/card.ts';
import type { Effect } from './enqueue.ts';

/**
 * How each kind of outbox effect is delivered, registered by the feature that records it (its
 * `deliveries.ts` next to its messaging module), so a new feature adds its kinds without touching
 * the dispatcher. The dispatcher keeps ordering, leases and attempts; a handler only makes the
 * platform calls, through what `Delivery` gives it.
 */

/** Thrown when an effect cannot go out yet (no war room, an event not readable): retried later, not counted as a failure. */
export class NotReady extends Error {}

/** The posting-once options for one message of an effect: `part` tells its messages apart. */
export type Once = (part?: string) => PostOptions;

/** What a handler works with: the incident as read now, its platform (the drill port for a drill), and the dispatcher's helpers. */
export type Delivery = {
  core: Core;
  incident: Incident;
  port: ChatPort;
  once: Once;
  /** The war room; NotReady until it is open. */
  room(): RoomLink;
  /** The incident's plan's war-room members on this platform. */
  members(): Member[];
  /** A DM, or (when the platform refuses it) a post in the war room addressed to its person, the lead told. */
  dmOrRoom(to: PersonRef, card: Card): Promise<void>;
  /** Where the reporter's private answers go. */
  replyTarget(): { user: string; room?: string; token?: string };
};

export type EffectKind = Effect['kind'];
export type DeliveryHandler<K extends EffectKind> = (d: Delivery, effect: Extract<Effect, { kind: K }>) => Promise<void>;

const HANDLERS = new Map<EffectKind, DeliveryHandler<EffectKind>>();

/** Registers how effects of `kind` are delivered; a second registration of one kind is a programming error. */
export function registerDelivery<K extends EffectKind>(kind: K, handler: DeliveryHandler<K>): void {
  if (HANDLERS.has(kind)) throw new Error(`delivery for '${kind}' registered twice`);
  HANDLERS.set(kind, handler as unknown as DeliveryHandler<EffectKind>);
}

/** The handler for an effect's kind, undefined when no feature registered one. */
export const deliveryFor = (kind: string): DeliveryHandler<EffectKind> | undefined => HANDLERS.get(kind as EffectKind);
