import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { supportedLocale } from '../../src/i18n/index.ts';
import type { Locale } from '../../src/playbook/text.ts';
import type { RoomMembership } from '../port.ts';
import { channelHasMember } from './rooms.ts';

/** `tz`: Slack's IANA zone for the person, so their typed times are read on their own clock. */
export type Person = { locale: Locale; name?: string; tz?: string };

const TTL_MS = 10 * 60_000;
// A failed lookup is not retried for a while, so a Slack outage does not slow every command.
const FAILURE_TTL_MS = 30_000;
const MAX_ENTRIES = 5000;

/**
 * Who a Slack user is for crisis-bot: their language (Slack locale, else CRISIS_LOCALE) and display
 * name. Cached in memory so the raise path stays inside Slack's 3-second trigger window.
 */
export class Directory implements RoomMembership {
  private readonly cache = new Map<string, { person: Person; until: number }>();
  private readonly inFlight = new Map<string, Promise<Person>>();

  constructor(
    private readonly client: webApi.WebClient,
    readonly fallbackLocale: Locale,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** What is known without asking Slack (for the 3-second ack path). */
  peek(user: string): Person | undefined {
    const hit = this.cache.get(user);
    return hit && hit.until > this.now() ? hit.person : undefined;
  }

  /** Whether the person is in the channel now, asked with the listeners' client (quick retries: someone waits). */
  isMember(room: string, user: string): Promise<boolean> {
    return channelHasMember(this.client, this.fallbackLocale, room, user);
  }

  lookup(user: string): Promise<Person> {
    const known = this.peek(user);
    if (known) return Promise.resolve(known);
    let pending = this.inFlight.get(user);
    if (!pending) {
      pending = this.fetch(user).finally(() => this.inFlight.delete(user));
      this.inFlight.set(user, pending);
    }
    return pending;
  }

  private async fetch(user: string): Promise<Person> {
    try {
      const { user: u } = await this.client.users.info({ user, include_locale: true });
      const person = { locale: supportedLocale(u?.locale) ?? this.fallbackLocale, name: u?.profile?.display_name || u?.real_name || u?.name || undefined, tz: u?.tz || undefined };
      this.remember(user, person, TTL_MS);
      return person;
    } catch (err) {
      this.log.warn({ user, err: err instanceof Error ? err.message : String(err) }, 'users.info failed; using the default language');
      const person = { locale: this.fallbackLocale };
      this.remember(user, person, FAILURE_TTL_MS);
      return person;
    }
  }

  private remember(user: string, person: Person, ttl: number) {
    this.cache.delete(user);
    // Oldest first: Map keeps insertion order, so the first key is the least recently stored.
    if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(user, { person, until: this.now() + ttl });
  }
}
