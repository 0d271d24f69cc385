import {
  ApplicationCommandOptionType, ApplicationCommandType, ApplicationIntegrationType, InteractionContextType,
  type APIApplicationCommandBasicOption, type APIApplicationCommandSubcommandOption, type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { TITLE_MAX } from '../../commands/raise.ts';
import { ALL_STATUSES } from '../../src/domain/lifecycle.ts';
import { t, type MessageKey } from '../../src/i18n/index.ts';

/** The command's names are the contract (`/crisis raise`); only their zh-CN localisations come from the catalog. */
export const COMMAND_NAME = 'crisis';

type Name = 'crisis' | 'raise' | 'status' | 'help' | 'tick' | 'untick' | 'timeline' | 'ack' | 'update' | 'snooze' | 'need-help' | 'assess' | 'phase' | 'title' | 'key' | 'n' | 'text';

const named = (name: Name, description: MessageKey) => ({
  name,
  name_localizations: { 'zh-CN': t('zh-CN', `discord.name.${name}` as MessageKey) },
  description: t('en', description),
  description_localizations: { 'zh-CN': t('zh-CN', description) },
});

const keyOption = (required: boolean): APIApplicationCommandBasicOption => ({
  ...named('key', required ? 'discord.opt.key' : 'discord.opt.keyOptional'),
  type: ApplicationCommandOptionType.String,
  required,
  max_length: 40,
});
const stepOption: APIApplicationCommandBasicOption = { ...named('n', 'discord.opt.n'), type: ApplicationCommandOptionType.Integer, required: true, min_value: 1 };

const sub = (name: Name, description: MessageKey, options: APIApplicationCommandBasicOption[] = []): APIApplicationCommandSubcommandOption => ({
  ...named(name, description),
  type: ApplicationCommandOptionType.Subcommand,
  options,
});

/** `/crisis` and its subcommands, with zh-CN names and descriptions; guild-only (incidents belong to a guild). */
export function crisisCommands(): RESTPutAPIApplicationCommandsJSONBody {
  return [
    {
      ...named('crisis', 'discord.cmd.crisis'),
      type: ApplicationCommandType.ChatInput,
      contexts: [InteractionContextType.Guild],
      integration_types: [ApplicationIntegrationType.GuildInstall],
      options: [
        sub('raise', 'discord.cmd.raise', [{ ...named('title', 'discord.opt.title'), type: ApplicationCommandOptionType.String, required: false, max_length: TITLE_MAX }]),
        sub('status', 'discord.cmd.status', [keyOption(false)]),
        sub('help', 'discord.cmd.help'),
        sub('tick', 'discord.cmd.tick', [keyOption(true), stepOption]),
        sub('untick', 'discord.cmd.untick', [keyOption(true), stepOption]),
        sub('timeline', 'discord.cmd.timeline', [keyOption(true)]),
        sub('ack', 'discord.cmd.ack', [keyOption(true)]),
        sub('update', 'discord.cmd.update', [keyOption(true), { ...named('text', 'discord.opt.text'), type: ApplicationCommandOptionType.String, required: false, max_length: 3000 }]),
        sub('snooze', 'discord.cmd.snooze', [keyOption(true), stepOption]),
        sub('need-help', 'discord.cmd.needHelp', [keyOption(true), stepOption]),
        sub('assess', 'discord.cmd.assess', [keyOption(false)]),
        sub('phase', 'discord.cmd.phase', [
          keyOption(true),
          {
            ...named('phase', 'discord.opt.phase'),
            type: ApplicationCommandOptionType.String,
            required: true,
            choices: ALL_STATUSES.filter((s) => s !== 'identify').map((s) => ({ name: t('en', `phase.${s}`), name_localizations: { 'zh-CN': t('zh-CN', `phase.${s}`) }, value: s })),
          },
        ]),
      ],
    },
  ];
}
