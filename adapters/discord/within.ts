/**
 * The work's result, or undefined if it is still running after `ms` (it goes on; `work` resolves
 * later). 0: always undefined. Discord wants a first answer to an interaction within 3 s: what
 * finishes in time is answered directly (a modal can only open then), the rest is acknowledged first.
 */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  if (ms <= 0) return undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
