import type { Db } from './connect.ts';

/** A form whose values arrive page by page (Discord modals hold five inputs). */
export type Draft = {
  _id: string;
  /** The command text that opened the form (`raise`, `fact INC-… add`); run again, it gives the form's definition back. */
  command: string;
  values: Record<string, string>;
  context?: string;
  /** Platform user id of the person filling it in. */
  user: string;
  createdAt: Date;
};

// Every operation filters on `_id` alone: the one filter FerretDB answers from an index.

export async function findDraft(db: Db, id: string): Promise<Draft | null> {
  return (await db.m.Draft.findOne({ _id: id }).lean()) as unknown as Draft | null;
}

/** Creates or replaces the draft as a whole. */
export async function saveDraft(db: Db, draft: Draft): Promise<void> {
  await db.m.Draft.replaceOne({ _id: draft._id }, draft, { upsert: true });
}

export async function deleteDraft(db: Db, id: string): Promise<void> {
  await db.m.Draft.deleteOne({ _id: id });
}
