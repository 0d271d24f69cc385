import { describe, expect, it } from 'vitest';
import { setLegalHold } from '../../../src/evidence/hold.ts';
import { fire, message, startWithRoster } from './assessment-flow.ts';
import { shown, useHarnesses } from './harness.ts';

// A legal hold set by the operator (`crisis-bot hold` calls setLegalHold): the war room's pinned
// summary is redrawn in place through real Bolt with the hold, and again without it once cleared.

const harness = useHarnesses();

describe('Slack: the legal hold on the pinned summary', () => {
  it('redraws the summary with the hold, in place, and without it once cleared', async () => {
    const h = await startWithRoster(harness);
    await h.raise(fire(h));
    const ref = (await h.incident())!.summaryMessage!;
    const summary = () => shown(message(h, ref.room!, ref.id!).blocks);
    expect(summary()).not.toContain('LEGAL HOLD');
    const updates = h.fake.callsTo('chat.update').length;

    await setLegalHold(h.core, (await h.incident())!, { on: true, reason: 'Litigation expected', by: 'Dana Counsel' });
    await h.slack.dispatcher.drain();
    await h.settled();
    expect(summary()).toContain("LEGAL HOLD — this incident's record is preserved in full; nothing of it is purged");
    expect(h.fake.callsTo('chat.update').length).toBe(updates + 1);

    await setLegalHold(h.core, (await h.incident())!, { on: false, reason: 'Claim settled', by: 'Dana Counsel' });
    await h.slack.dispatcher.drain();
    await h.settled();
    expect(summary()).not.toContain('LEGAL HOLD');
  });
});
