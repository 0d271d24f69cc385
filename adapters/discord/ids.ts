import { randomBytes } from 'node:crypto';

/**
 * The adapter's own custom_ids. Discord carries them back with each click or submit, so they
 * hold everything needed to continue without server-side session state: the draft's id (its
 * values live in the database), the page, and whether submitting the page finishes the form.
 */
export type PageMode = 'next' | 'finish';
export type PageRef = { draft: string; page: number; mode: PageMode };

export const FORM_MODAL = 'crisis.form';
export const PAGE_BUTTON = 'crisis.page';

export const newDraftId = () => randomBytes(12).toString('base64url');

const MODE = { next: 'n', finish: 'f' } as const;
const parseMode = (m: string | undefined): PageMode | undefined => (m === 'n' ? 'next' : m === 'f' ? 'finish' : undefined);

/** The value part of a page button (`crisis.page:<value>`). */
export const pageButtonValue = (r: PageRef) => `${r.draft}:${r.page}:${MODE[r.mode]}`;

export function parsePageRef(value: string): PageRef | undefined {
  const [draft, page, mode] = value.split(':');
  const m = parseMode(mode);
  return draft && /^\d+$/.test(page ?? '') && m ? { draft, page: Number(page), mode: m } : undefined;
}

export const formModalId = (command: string, r: PageRef) => `${FORM_MODAL}:${command}:${pageButtonValue(r)}`;

export function parseFormModalId(id: string): (PageRef & { command: string }) | undefined {
  const [prefix, command, ...rest] = id.split(':');
  const ref = parsePageRef(rest.join(':'));
  return prefix === FORM_MODAL && command && ref ? { command, ...ref } : undefined;
}
