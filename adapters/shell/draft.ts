import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Form } from '../../src/ui/form.ts';

/**
 * A form left half-answered at the terminal (Ctrl-C, input cut short), kept in the data folder
 * per terminal user so the next start can offer it again: what a person typed is never lost.
 * Written synchronously, because it is written from a SIGINT handler just before the process ends.
 */
export type Draft = { form: Form; savedAt: string };

export const draftPath = (dataDir: string, user: string) => path.join(dataDir, 'drafts', `${user.replace(/[^\w.@-]/g, '_')}.json`);

export function saveDraft(file: string, form: Form, now: Date): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ form, savedAt: now.toISOString() } satisfies Draft), { mode: 0o600 });
  renameSync(tmp, file);
}

export function readDraft(file: string): Draft | undefined {
  try {
    const d = JSON.parse(readFileSync(file, 'utf8')) as Draft;
    return d?.form?.command && Array.isArray(d.form.fields) ? d : undefined;
  } catch {
    return undefined;
  }
}

export const dropDraft = (file: string) => rmSync(file, { force: true });
