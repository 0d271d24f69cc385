import { ackCommand } from './ack.ts';
import { asCommand } from './as.ts';
import { assessCommand } from './assess.ts';
import type { AnyCommand } from './define.ts';
import { editCommand } from './edit.ts';
import { factCommand } from './fact.ts';
import { helpCommand } from './help.ts';
import { impactCommand } from './impact.ts';
import { levelCommand } from './level.ts';
import { needHelpCommand } from './need-help.ts';
import { phaseCommand } from './phase.ts';
import { raiseCommand } from './raise.ts';
import { reportCommand } from './report.ts';
import { roleCommand } from './role.ts';
import { rosterCommand } from './roster.ts';
import { requestCommand } from './request.ts';
import { resourceCommand, resourcesCommand } from './resources.ts';
import { snoozeCommand } from './snooze.ts';
import { rumourCommand } from './rumour.ts';
import { statementCommand, statementsCommand } from './statement.ts';
import { statusCommand } from './status.ts';
import { tickCommand, untickCommand } from './tick.ts';
import { timelineCommand } from './timeline.ts';
import { updateCommand } from './update.ts';
import { riskCommand } from './risk.ts';
import { warningCommand } from './warning.ts';
import { serviceCommand } from './service.ts';

/**
 * Every command, declared once in its own file (commands/define.ts) and listed here: the one place
 * a new command is added. The order is the order of `/crisis help` and of Discord's subcommands.
 */
export const COMMANDS: readonly AnyCommand[] = [
  raiseCommand, statusCommand, tickCommand, untickCommand, timelineCommand, ackCommand, updateCommand, snoozeCommand,
  needHelpCommand, editCommand, assessCommand, factCommand, impactCommand, levelCommand, phaseCommand, statementCommand, statementsCommand, rumourCommand, reportCommand, roleCommand, rosterCommand, resourcesCommand, requestCommand, resourceCommand, warningCommand, riskCommand, serviceCommand, asCommand, helpCommand,
];

export const findCommand = (name: string): AnyCommand | undefined => COMMANDS.find((c) => c.name === name);
