import type { ChatPort } from '../../adapters/port.ts';
import { claim, releaseClaim } from '../store/claims.ts';
import type { Db } from '../store/connect.ts';

export const toldClaim = (entryId: string) => `told:${entryId}`;

/**
 * `port` with its `tell` made at-most-once for one outbox entry. A tell is an ephemeral (Slack) or
 * an interaction follow-up (Discord): nothing the bot can look up afterwards, so a retry after a
 * crash could not know whether it was shown. The claim is therefore recorded *before* the call: a
 * process that dies after it (before or after the platform showed it) leaves the reporter told at
 * most once — the war room itself, posted by key, is what they can always open. A call that fails
 * with an answer gives the claim back, so the outbox's retry tells them after all.
 */
export function tellOnce(db: Db, port: ChatPort, entryId: string): ChatPort {
  return {
    platform: port.platform,
    openRoom: (spec) => port.openRoom(spec),
    invite: (room, users) => port.invite(room, users),
    post: (room, card, opts) => port.post(room, card, opts),
    update: (message, card) => port.update(message, card),
    pin: (message) => port.pin(message),
    dm: (user, card, opts) => port.dm(user, card, opts),
    upload: (room, file, opts) => port.upload(room, file, opts),
    tell: async (to, card) => {
      const key = toldClaim(entryId);
      if (!(await claim(db, key))) return;
      try {
        await port.tell(to, card);
      } catch (err) {
        await releaseClaim(db, key);
        throw err;
      }
    },
  };
}
