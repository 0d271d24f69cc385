import { ChannelType, type CategoryChannel, type Client, type Guild, type GuildMember, type TextChannel } from 'discord.js';
import type { Logger } from 'pino';
import { apiCode, asRefusal } from './errors.ts';
import type { PermissionLedger } from './permission-ledger.ts';

/** The category every war room goes in, found again by this name after a restart. */
export const CATEGORY_NAME = 'Crisis';
// Fetching one of these for a roster id means: not (or no longer) a member of this guild.
const NOT_A_MEMBER = new Set([10007, 10013, 50035]);

/** Guilds, channels and members as the port needs them: from the gateway's cache, else over REST. */
export class GuildDirectory {
  private readonly categories = new Map<string, Promise<CategoryChannel>>();
  private readonly nonMembers = new Set<string>();

  constructor(
    private readonly client: Client<true>,
    private readonly ledger: PermissionLedger,
    private readonly log: Logger,
  ) {}

  async guild(id: string): Promise<Guild> {
    try {
      return this.client.guilds.cache.get(id) ?? (await this.client.guilds.fetch(id));
    } catch (err) {
      return asRefusal(err, `guild ${id}`);
    }
  }

  async me(guild: Guild): Promise<GuildMember> {
    return guild.members.me ?? (await guild.members.fetchMe());
  }

  async textChannel(id: string): Promise<TextChannel> {
    let channel;
    try {
      channel = this.client.channels.cache.get(id) ?? (await this.client.channels.fetch(id));
    } catch (err) {
      return asRefusal(err, `channel ${id}`);
    }
    if (channel?.type !== ChannelType.GuildText) throw new Error(`channel ${id} is not a guild text channel`);
    return channel;
  }

  /** Whether `<@id>` would show a person in this guild, as far as the bot has checked. */
  mayBeMember(guildId: string, userId: string): boolean {
    return !this.nonMembers.has(`${guildId}:${userId}`);
  }

  /** Finds the "Crisis" category or creates it; one creation per guild even when rooms open at once. */
  category(guild: Guild): Promise<CategoryChannel> {
    const previous = this.categories.get(guild.id) ?? Promise.resolve(undefined);
    const next = previous
      .catch(() => undefined)
      .then(async (known) => {
        const cached = known && guild.channels.cache.get(known.id);
        if (cached?.type === ChannelType.GuildCategory) return cached;
        const found = guild.channels.cache.find((c): c is CategoryChannel => c.type === ChannelType.GuildCategory && c.name.toLowerCase() === CATEGORY_NAME.toLowerCase());
        if (found) return found;
        try {
          return await guild.channels.create({ name: CATEGORY_NAME, type: ChannelType.GuildCategory, reason: 'crisis-bot: war rooms' });
        } catch (err) {
          this.ledger.explainForbidden(guild.id, err, ['ManageChannels']);
          return asRefusal(err, `create category ${CATEGORY_NAME}`);
        }
      });
    this.categories.set(guild.id, next);
    return next;
  }

  /**
   * The member as Discord has them now, asked every time: without the privileged GuildMembers
   * intent no event tells the bot that their roles changed. Undefined when not in the guild.
   */
  async freshMember(guild: Guild, id: string): Promise<GuildMember | undefined> {
    try {
      return await guild.members.fetch({ user: id, force: true });
    } catch (err) {
      const code = apiCode(err);
      if (code === undefined || !NOT_A_MEMBER.has(code)) throw err;
      return undefined;
    }
  }

  /** The ids that are members of the guild; roster entries that are not (placeholders, people who left) are skipped. */
  async members(guild: Guild, ids: string[]): Promise<GuildMember[]> {
    const unique = [...new Set(ids)].filter((id) => id !== this.client.user.id && this.mayBeMember(guild.id, id));
    const found = await Promise.all(
      unique.map(async (id) => {
        try {
          return guild.members.cache.get(id) ?? (await guild.members.fetch(id));
        } catch (err) {
          const code = apiCode(err);
          if (code === undefined || !NOT_A_MEMBER.has(code)) throw err;
          this.nonMembers.add(`${guild.id}:${id}`);
          this.log.info({ guild: guild.id, user: id }, 'war-room member is not in the guild; skipped');
          return undefined;
        }
      }),
    );
    return found.filter((m): m is GuildMember => m !== undefined);
  }
}
