// Date/timestamp text parsing as the CSV reader needs it: Spark's strict default `yyyy-MM-dd` pattern
// here, the lenient stringToDate / stringToTimestamp from @flint/common.

import { daysFromCivil, parseDate, parseTimestamp, parseTimestampNTZ } from '@flint/common';

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Strict `yyyy-MM-dd` (Spark's default dateFormat with the ISO formatter); null when invalid. */
export function parseDateStrict(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m === null) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1) return null;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (mo === 2 && leap ? 29 : MONTH_DAYS[mo - 1]!)) return null;
  return daysFromCivil(y, mo, d);
}

/** DateTimeUtils.stringToDate (lenient). */
export function stringToDate(s: string): number | null {
  return parseDate(s);
}

/**
 * DateTimeUtils.stringToTimestamp in `timeZone`; with `timeZone` null (timestamp_ntz) text carrying a
 * zone is rejected. Microseconds since the epoch, or null.
 */
export function stringToTimestamp(s: string, timeZone: string | null): bigint | null {
  return timeZone === null ? parseTimestampNTZ(s, false) : parseTimestamp(s, timeZone);
}
