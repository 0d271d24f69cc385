import {
  ApplicationCommandOptionType, ApplicationCommandType, ApplicationIntegrationType, InteractionContextType,
  type APIApplicationCommandBasicOption, type APIApplicationCommandSubcommandOption, type RESTPutAPIApplicationCommandsJSONBody,
} from 'discord.js';
import type { AnyCommand, ArgSpec } from '../../commands/define.ts';
import { COMMANDS } from '../../commands/registry.ts';
import { t, type MessageKey } from '../../src/i18n/index.ts';

/** The command's names are the contract (`/crisis raise`); only their zh-CN localisations come from the catalog. */
export const COMMAND_NAME = 'crisis';

const named = (name: string, description: MessageKey) => ({
  name,
  name_localizations: { 'zh-CN': t('zh-CN', `discord.name.${name}` as MessageKey) },
  description: t('en', description),
  description_localizations: { 'zh-CN': t('zh-CN', description) },
});

/** A declared argument as its Discord option: type, required, limits and choices (with zh-CN names) from its kind. */
function option(a: ArgSpec & { description: MessageKey }): APIApplicationCommandBasicOption {
  const o = a.kind.option!;
  const base = { ...named(a.name, a.description), required: a.required ?? false };
  if (o.type === 'integer') return { ...base, type: ApplicationCommandOptionType.Integer, ...(o.minValue !== undefined ? { min_value: o.minValue } : {}) };
  return {
    ...base,
    type: ApplicationCommandOptionType.String,
    ...(o.maxLength !== undefined ? { max_length: o.maxLength } : {}),
    ...(o.choices ? { choices: o.choices.map((c) => ({ name: t('en', c.label), name_localizations: { 'zh-CN': t('zh-CN', c.label) }, value: c.value })) } : {}),
  };
}

/** The arguments a command registers on Discord: those with a description and an option. */
export const registeredArgs = (def: AnyCommand) => def.args.filter((a): a is ArgSpec & { description: MessageKey } => Boolean(a.description && a.kind.option));

/** One declared command as its Discord subcommand. */
export const subcommand = (def: AnyCommand & { description: MessageKey }): APIApplicationCommandSubcommandOption => ({
  ...named(def.name, def.description),
  type: ApplicationCommandOptionType.Subcommand,
  options: registeredArgs(def).map(option),
});

/**
 * `/crisis` and its subcommands, built from the command declarations (commands/registry.ts): each
 * command with a Discord description, its options from its arguments. Guild-only (incidents
 * belong to a guild).
 */
export function crisisCommands(): RESTPutAPIApplicationCommandsJSONBody {
  return [
    {
      ...named('crisis', 'discord.cmd.crisis'),
      type: ApplicationCommandType.ChatInput,
      contexts: [InteractionContextType.Guild],
      integration_types: [ApplicationIntegrationType.GuildInstall],
      options: COMMANDS.filter((c): c is AnyCommand & { description: MessageKey } => Boolean(c.description)).map(subcommand),
    },
  ];
}
