/**
 * Group commit: items asked for while a write is on its way go together in the next one, so a
 * burst costs a round trip per batch rather than per item, and there is never more than one write
 * of ours waiting for the database's one writer (FerretDB serialises them). `write` gets a batch
 * and answers each item in order; a failed write fails its whole batch. Used by the signal intake
 * (src/signals/ingest.ts) and the Slack replay check (claims.ts `claimBatcher`).
 */
export function groupCommit<T, R>(write: (batch: T[]) => Promise<R[]>): (item: T) => Promise<R> {
  let pending: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  let busy = false;
  const drain = async () => {
    while (pending.length) {
      const batch = pending;
      pending = [];
      try {
        const answers = await write(batch.map((p) => p.item));
        batch.forEach((p, i) => p.resolve(answers[i]!));
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
    busy = false;
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      if (busy) return;
      busy = true;
      // The rest of this turn's requests join the first batch.
      setImmediate(() => void drain());
    });
}
