import type { Platform } from '../adapters/port.ts';
import type { Core } from '../src/core.ts';
import type { MessageKey } from '../src/i18n/index.ts';
import type { PreconditionName } from './preconditions.ts';
import type { Invocation, Outcome } from './types.ts';

/**
 * One declaration per command (the way Sapphire and discord.js builders do it): its name, help
 * line and Discord description, typed arguments, named preconditions, buttons and handler. The
 * text parser (terminal, Slack), `/crisis help`, Discord's registered options and its listener,
 * and button payloads are all read from it (see commands/registry.ts for the list).
 */

/**
 * An argument as it arrived, before it is checked: words typed (one, or several for a `many`
 * argument), a Discord option's value, or a prefill parsed from `k=v` text (raise).
 */
export type RawArg = string | number | string[] | undefined | { named: [string, string][]; positional: string[]; unreadable?: string };

/** What an argument's check may look at: who asked, and the arguments before it, already checked. */
export type ArgContext = { core: Core; inv: Invocation; command: string; values: Record<string, unknown> };

/** How an argument is registered as a Discord option (the adapter maps it to discord.js's types). */
export type OptionSpec = {
  type: 'string' | 'integer';
  maxLength?: number;
  minValue?: number;
  choices?: readonly { value: string; label: MessageKey }[];
};

export interface ArgKind<T> {
  /** How the kind is named in docs and tests (`incident`, `steps`, `level`, …). */
  readonly kind: string;
  /** How many typed words it takes: one, every remaining one, or the rest of the line verbatim (`all`: the whole line, named parts too). */
  readonly take: 'one' | 'many' | 'rest' | 'all';
  /** Whether a typed word can be this argument at all; an optional argument a word cannot be is left out. */
  accepts(word: string): boolean;
  /** Whether a word is exactly a value this argument takes, no more (button payloads are held to this). */
  exact(word: string): boolean;
  /** A word that no argument takes is this argument's to refuse (a mistyped incident key is called one). */
  readonly claimsStrays?: boolean;
  /** Checks the argument and gives its typed value; throws a UserError naming what is wrong. */
  resolve(raw: RawArg, ctx: ArgContext): T | Promise<T>;
  /** Its Discord option; undefined for an argument Discord does not register. */
  readonly option?: OptionSpec;
  /** A Discord option's value as this argument's raw value, when it is not the value itself. */
  fromOption?(value: string | number): RawArg;
}

export type ArgSpec<N extends string = string, T = unknown> = {
  readonly name: N;
  readonly kind: ArgKind<T>;
  /** The Discord option's description; an argument without one is not registered on Discord. */
  readonly description?: MessageKey;
  /** Discord's `required`, when it differs from what the kind implies (kept as registered before). */
  readonly required?: boolean;
  /** Resolved only when this holds for the arguments before it (a fact id only for verify/dispute/correct). */
  readonly when?: (values: Record<string, unknown>) => boolean;
};

export type ArgValues<A extends readonly ArgSpec[]> = { [S in A[number] as S['name']]: S extends ArgSpec<string, infer T> ? T : never };

/** A button standing for this command: which arguments its value carries (`KEY:3`), which are fixed. */
export type ButtonSpec = { parts: readonly string[]; fixed?: Record<string, string> };

export type CommandDef<A extends readonly ArgSpec[] = readonly ArgSpec[]> = {
  readonly name: string;
  /** The `/crisis help` line; a command without one is not listed (impact: reached from assess). */
  readonly help?: MessageKey;
  /** Where the command works and is listed in help (the terminal's `as`); everywhere when left out. */
  readonly platforms?: readonly Platform[];
  /** The Discord subcommand's description; a command without one is not registered on Discord. */
  readonly description?: MessageKey;
  readonly args: A;
  /** Checked by the framework in this order, after the arguments (the rules live in preconditions.ts). */
  readonly preconditions?: readonly PreconditionName[];
  /** The name used in argument errors (`fact verify`); the command's name by default. */
  readonly label?: (values: Record<string, unknown>) => string;
  /** Buttons by id (`step.done`) that run this command. */
  readonly buttons?: Record<string, ButtonSpec>;
  run(core: Core, inv: Invocation, args: ArgValues<A>): Promise<Outcome>;
  /** A form's submission: `formArgs` reads its context back into arguments, checked like typed ones. */
  readonly formArgs?: (context: string) => Record<string, RawArg>;
  submit?(core: Core, inv: Invocation, args: ArgValues<A>, values: Record<string, string>): Promise<Outcome>;
};

/** A declared command, its arguments' types erased (what the registry and adapters hold). */
export type AnyCommand = CommandDef<readonly ArgSpec[]> & {
  run(core: Core, inv: Invocation, args: Record<string, unknown>): Promise<Outcome>;
  submit?(core: Core, inv: Invocation, args: Record<string, unknown>, values: Record<string, string>): Promise<Outcome>;
};

export const defineCommand = <const A extends readonly ArgSpec[]>(def: CommandDef<A>): AnyCommand => def as unknown as AnyCommand;

/** An argument named `name` of the given kind. */
export const arg = <N extends string, T>(name: N, kind: ArgKind<T>, extra: Omit<ArgSpec<N, T>, 'name' | 'kind'> = {}): ArgSpec<N, T> => ({ name, kind, ...extra });
