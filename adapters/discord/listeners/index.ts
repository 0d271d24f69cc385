import type { Listener } from '../context.ts';
import { commandButton } from './command-button.ts';
import { crisisCommand } from './crisis-command.ts';
import { formPageButton } from './form-page-button.ts';
import { formPageSubmitted } from './form-page-submitted.ts';
import { unknownButton } from './unknown-button.ts';

/** In order: the first that accepts an interaction handles it. */
export const LISTENERS: readonly Listener[] = [crisisCommand, formPageSubmitted, formPageButton, commandButton, unknownButton];
