/**
 * The highest sequence number present in a chain stored under ids `<prefix><seq>`, found by id
 * lookups alone (FerretDB uses an index for nothing else): gallop forward from `from` (the last
 * one seen), then bisect. Chains are gap-free, so "present" is monotone in the sequence number.
 */
export async function lastSeq(exists: (seq: number) => Promise<boolean>, from: number): Promise<number> {
  let lo = from;
  let hi = lo + 1;
  for (let stride = 1; await exists(hi); stride *= 2) {
    lo = hi;
    hi = lo + stride;
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (await exists(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}
