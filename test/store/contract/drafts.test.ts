import { describe, expect, it } from 'vitest';
import { deleteDraft, findDraft, saveDraft, type Draft } from '../../../src/store/drafts.ts';
import { useTestDb } from '../../support/core.ts';
import { at } from './fixtures.ts';

const testDb = useTestDb();

const draft = (values: Record<string, string>): Draft => ({ _id: 'draft:1', command: 'raise', values, context: 'guild:G1', user: 'u1', createdAt: at(0) });

describe('form drafts (store/drafts.ts)', () => {
  it('saves a draft, replaces it whole with the next page, finds it by id, and deletes it', async () => {
    const db = await testDb.connect('drafts');
    expect(await findDraft(db, 'draft:1')).toBeNull();
    await saveDraft(db, draft({ title: 'Fire' }));
    expect(await findDraft(db, 'draft:1')).toEqual(draft({ title: 'Fire' }));
    await saveDraft(db, { ...draft({ title: 'Fire', people_affected: '12' }), context: undefined });
    const replaced = await findDraft(db, 'draft:1');
    expect(replaced?.values).toEqual({ title: 'Fire', people_affected: '12' });
    // Replaced whole: what the new page left out is gone.
    expect(replaced?.context).toBeUndefined();
    await deleteDraft(db, 'draft:1');
    expect(await findDraft(db, 'draft:1')).toBeNull();
    // Deleting again (a second submission of the last page) is harmless.
    await deleteDraft(db, 'draft:1');
    await db.close();
  });
});
