// Spark 4 TIME values: nanoseconds since midnight as bigint; parsing, rendering and precision truncation.

export const NANOS_PER_SECOND_B = 1_000_000_000n;
export const NANOS_PER_DAY_B = 86_400_000_000_000n;
export const NANOS_PER_MICRO_B = 1_000n;

/** 10^(9 - p): the nanosecond step of TIME(p). */
export function timeStepNanos(precision: number): bigint {
  return 10n ** BigInt(9 - Math.max(0, Math.min(9, precision)));
}

/** Truncates (toward midnight) a time-of-day to `precision` fractional digits, as Spark's truncateTimeToPrecision. */
export function truncateTime(nanos: bigint, precision: number): bigint {
  const step = timeStepNanos(precision);
  return nanos - (nanos % step);
}

/** Spark's TIME rendering: `HH:mm:ss` plus the fraction without trailing zeros. */
export function formatTime(nanos: bigint): string {
  const totalSec = nanos / NANOS_PER_SECOND_B;
  const frac = Number(nanos % NANOS_PER_SECOND_B);
  const sec = Number(totalSec);
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  let out = `${pad2(h)}:${pad2(m)}:${pad2(s)}`;
  if (frac !== 0) out += '.' + String(frac).padStart(9, '0').replace(/0+$/, '');
  return out;
}

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

const TIME_RE = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d*))?)?$/;

/** Spark's stringToTime: `H[H]:m[m][:s[s][.fraction]]`, surrounding whitespace allowed; null when invalid. */
export function parseTime(s: string): bigint | null {
  const m = TIME_RE.exec(s.trim());
  if (m === null) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const se = m[3] === undefined ? 0 : Number(m[3]);
  if (h > 23 || mi > 59 || se > 59) return null;
  const fracDigits = (m[4] ?? '').slice(0, 9).padEnd(9, '0');
  const frac = BigInt(fracDigits === '' ? '0' : fracDigits);
  return BigInt(h * 3600 + mi * 60 + se) * NANOS_PER_SECOND_B + frac;
}

/** Whether a nanosecond count is a valid time of day. */
export function isValidTime(nanos: bigint): boolean {
  return nanos >= 0n && nanos < NANOS_PER_DAY_B;
}
