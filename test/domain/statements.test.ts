import { describe, expect, it } from 'vitest';
import {
  approve, approvalsMet, canApprove, canChange, canPublish, edit, fillTemplate, firstPublicAt, publish, publishedText, requestChanges,
  textLimit, unknownPlaceholders, waitingFor, type ApprovalPolicy, type Statement,
} from '../../src/domain/statements.ts';

const at = new Date('2026-12-03T10:00:00Z');
const erin = { id: 'erin', name: 'Erin' };
const heidi = { id: 'heidi', name: 'Heidi' };
const carol = { id: 'carol', name: 'Carol' };
const both: ApprovalPolicy = { roles: ['legal_counsel', 'comms'], need: 'all' };

const draft = (): Statement => ({
  id: 'S1', n: 1, kind: 'holding', audience: 'public', channels: ['web'], author: erin, at,
  versions: [{ v: 1, text: { en: 'We are aware.' }, by: erin, at }], status: 'draft', approvals: [], publications: [],
});

describe('statements: four eyes, versions, publishing the approved version', () => {
  it('refuses the author, a non-approver and a second approval by the same person', () => {
    const s = draft();
    expect(canApprove(s, erin, ['legal_counsel'], both)).toEqual({ ok: false, why: 'own' });
    expect(canApprove(s, { id: 'x', name: 'X' }, ['operations'], both)).toEqual({ ok: false, why: 'not_approver' });
    const once = approve(s, heidi, ['legal_counsel'], both, at);
    expect(once.status).toBe('draft');
    expect(waitingFor(both, once.approvals)).toEqual(['comms']);
    expect(canApprove(once, heidi, ['legal_counsel'], both)).toEqual({ ok: false, why: 'already' });
    const twice = approve(once, carol, ['comms', 'monitoring_member'], both, at);
    expect(twice.status).toBe('approved');
    expect(twice.approvals.map((a) => a.roles)).toEqual([['legal_counsel'], ['comms']]);
  });

  it('counts any N approvers holding a listed role', () => {
    const any1: ApprovalPolicy = { roles: ['legal_counsel', 'comms'], need: 1 };
    expect(approvalsMet(any1, [])).toBe(false);
    expect(approve(draft(), carol, ['comms'], any1, at).status).toBe('approved');
  });

  it('an edit after an approval is a new version with the approvals cleared', () => {
    const approved = approve(draft(), heidi, ['legal_counsel'], both, at);
    const asked = requestChanges(approved, heidi, 'Say when', at);
    expect(asked.status).toBe('changes_requested');
    expect(asked.approvals).toEqual([]);
    const edited = edit(asked, { en: 'We are aware since 09:00.' }, erin, at);
    expect(edited.versions.map((v) => v.v)).toEqual([1, 2]);
    expect(edited.approvals).toEqual([]);
    expect(edited.status).toBe('draft');
    // The editor of the new version may not approve it either.
    expect(canApprove(edit(edited, { en: 'x' }, heidi, at), heidi, ['legal_counsel'], both)).toEqual({ ok: false, why: 'own' });
  });

  it('publishes only once approved, by the lead or a publisher, exactly the approved version, and never changes it after', () => {
    const s = draft();
    expect(canPublish(s, true, [], ['comms'])).toEqual({ ok: false, why: 'not_approved' });
    const ok = approve(approve(s, heidi, ['legal_counsel'], both, at), carol, ['comms'], both, at);
    expect(canPublish(ok, false, ['operations'], ['comms'])).toEqual({ ok: false, why: 'not_publisher' });
    expect(canPublish(ok, false, ['comms'], ['comms'])).toEqual({ ok: true });
    const out = publish(ok, carol, at, ['web', 'slack']);
    expect(out.publications.map((p) => [p.channel, p.state])).toEqual([['web', 'pending'], ['slack', 'pending']]);
    expect(publishedText(out)).toEqual({ en: 'We are aware.' });
    expect(canPublish(out, true, [], [])).toEqual({ ok: false, why: 'already' });
    expect(canChange(out)).toEqual({ ok: false, why: 'published' });
    expect(firstPublicAt([out])).toEqual(at);
    expect(firstPublicAt([{ ...out, audience: 'staff' }])).toBeUndefined();
  });

  it('takes the strictest platform limit and checks template placeholders', () => {
    expect(textLimit(['slack', 'discord', 'webhook'])).toBe(2000);
    expect(textLimit(['slack', 'webhook'])).toBe(3000);
    expect(unknownPlaceholders('At {location} since {started_at}, {who} said {title}')).toEqual(['who']);
    expect(fillTemplate('{key}: {title} at {location}', { key: 'INC-1', title: 'Fire' })).toBe('INC-1: Fire at ');
  });
});
