/** Small helpers shared by the benchmarks: timing, percentiles, and ratio lines. */
export async function timeIt(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

export function pct(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export const ms = (v: number) => `${v.toFixed(1)} ms`;

export function report(name: string, samples: number[], baseline?: number[]): void {
  const line = `${name.padEnd(44)} p50 ${ms(pct(samples, 50)).padStart(9)}  p99 ${ms(pct(samples, 99)).padStart(9)}`;
  const ratio = baseline ? `  (${(pct(samples, 50) / pct(baseline, 50)).toFixed(1)}× / ${(pct(samples, 99) / pct(baseline, 99)).toFixed(1)}× baseline p50/p99)` : '';
  console.log(line + ratio);
}
