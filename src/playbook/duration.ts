const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;
type Unit = keyof typeof UNIT_MS;

// Units must appear largest first and at most once, so '1h30m' is accepted but
// '30m1h' or '1h1h' (almost certainly typos) are not.
const DURATION_RE = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

const HOW_TO = "write a whole number followed by a unit s, m, h or d, largest unit first (e.g. '90s', '15m', '2h', '1h30m', '1d')";

export type DurationResult = { ok: true; ms: number } | { ok: false; message: string };

/** `allowZero` is for offsets (an escalation rung `after: 0m` fires at the deadline itself). */
export function tryParseDuration(text: string, { allowZero = false } = {}): DurationResult {
  const trimmed = text.trim();
  const match = DURATION_RE.exec(trimmed);
  if (trimmed === '' || !match) {
    return { ok: false, message: `invalid duration '${text}'; ${HOW_TO}` };
  }
  const [, d, h, m, s] = match;
  const ms =
    Number(d ?? 0) * UNIT_MS.d + Number(h ?? 0) * UNIT_MS.h + Number(m ?? 0) * UNIT_MS.m + Number(s ?? 0) * UNIT_MS.s;
  // A zero deadline would be due the instant the incident is raised, which is never what a playbook author means.
  if (ms <= 0 && !allowZero) return { ok: false, message: `duration '${text}' is zero; use a positive duration such as '15m'` };
  return { ok: true, ms };
}

export function parseDuration(text: string): number {
  const result = tryParseDuration(text);
  if (!result.ok) throw new RangeError(result.message);
  return result.ms;
}

/** Inverse of parseDuration for display: 5_400_000 -> '1h30m'. Sub-second remainders are dropped. */
export function formatDuration(ms: number): string {
  let rest = Math.floor(ms / 1000) * 1000;
  if (rest <= 0) return '0s';
  let out = '';
  for (const unit of Object.keys(UNIT_MS) as Unit[]) {
    const n = Math.floor(rest / UNIT_MS[unit]);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * UNIT_MS[unit];
    }
  }
  return out;
}
