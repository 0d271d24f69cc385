import { randomUUID } from 'node:crypto';
import { PlatformRefusal, type ChatPort, type MessageRef, type ReplyTarget, type RoomSpec } from '../../adapters/port.ts';
import type { Card, RoomLink } from '../../src/ui/card.ts';

export type Recorded = { op: 'openRoom' | 'invite' | 'post' | 'update' | 'pin' | 'dm' | 'tell'; to: string; card?: Card };

/** A shell-like ChatPort that records every call instead of printing it; DMs to `refuse` are refused. */
export class RecordingPort implements ChatPort {
  readonly platform = 'shell' as const;
  readonly calls: Recorded[] = [];
  constructor(readonly refuse = new Set<string>()) {}

  async openRoom(spec: RoomSpec): Promise<RoomLink> {
    this.calls.push({ op: 'openRoom', to: spec.name });
    return { id: spec.name, name: spec.name };
  }
  async invite(room: RoomLink): Promise<void> {
    this.calls.push({ op: 'invite', to: room.id });
  }
  async post(room: RoomLink, card: Card): Promise<MessageRef> {
    this.calls.push({ op: 'post', to: room.id, card });
    return { room: room.id, id: randomUUID() };
  }
  async update(message: MessageRef, card: Card): Promise<void> {
    this.calls.push({ op: 'update', to: message.room, card });
  }
  async pin(message: MessageRef): Promise<void> {
    this.calls.push({ op: 'pin', to: message.room });
  }
  async dm(user: string, card: Card): Promise<MessageRef> {
    if (this.refuse.has(user)) throw new PlatformRefusal('cannot_dm', `${user} does not accept DMs`);
    this.calls.push({ op: 'dm', to: user, card });
    return { room: `dm-${user}`, id: randomUUID() };
  }
  async tell(to: ReplyTarget, card: Card): Promise<void> {
    this.calls.push({ op: 'tell', to: to.user, card });
  }
}
