import type { Logger } from 'pino';
import type { Playbook } from './playbook/schema.ts';
import type { Locale } from './playbook/text.ts';
import type { Db } from './store/connect.ts';

/** What every service needs: the store, the loaded playbook, a clock tests can move, a logger. */
export type Core = {
  db: Db;
  playbook: Playbook;
  now: () => Date;
  locale: Locale;
  log: Logger;
};

/** A problem with what a user asked for, with the message to show (already localized). */
export class UserError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
