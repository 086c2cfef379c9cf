// Date/timestamp text parsing as the CSV reader needs it: Spark's strict default `yyyy-MM-dd` pattern
// here, the lenient stringToDate / stringToTimestamp from @flint/common, and the dateFormat /
// timestampFormat patterns for reading and writing.

import {
  DateTimeParseFailure as ParseFailure,
  type TimeZone,
  compileDateTimePattern as compilePattern,
  dateFields,
  daysFromCivil,
  formatDateTimeWith as formatWith,
  formatMicrosWith,
  getTimeZone,
  parseDate,
  parseDateTimeWith as parseWith,
  parseTimestamp,
  parseTimestampNTZ,
  parsedDays,
  parsedMicros,
} from '@flint/common';
import type { CsvOptions } from './csv-options.js';

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

/** The date reader of the CSV options: a pattern (strict), then the lenient fallback when enabled. */
export function makeDateParser(opts: CsvOptions): (s: string) => number | null {
  const fallback = opts.dateTimeFallback ?? opts.dateFormat === undefined;
  const pattern = opts.dateFormat ?? 'yyyy-MM-dd';
  if (pattern === 'yyyy-MM-dd') {
    return fallback ? (s) => parseDateStrict(s) ?? stringToDate(cleanLegacy(s)) : parseDateStrict;
  }
  const toks = compilePattern(pattern);
  return (s) => {
    try {
      return parsedDays(parseWith(toks, s));
    } catch (e) {
      if (!(e instanceof ParseFailure)) throw e;
      return fallback ? stringToDate(cleanLegacy(s)) : null;
    }
  };
}

/** Strict `yyyy-MM-dd` or the dateFormat pattern, as schema inference tries dates (no fallback). */
export function makeDateInferrer(opts: CsvOptions): (s: string) => boolean {
  const pattern = opts.dateFormat ?? 'yyyy-MM-dd';
  if (pattern === 'yyyy-MM-dd') return (s) => parseDateStrict(s) !== null;
  const toks = compilePattern(pattern);
  return (s) => {
    try {
      parseWith(toks, s);
      return true;
    } catch (e) {
      if (e instanceof ParseFailure) return false;
      throw e;
    }
  };
}

/**
 * The TIMESTAMP (or, with `ntz`, TIMESTAMP_NTZ) reader: without a pattern Spark's lenient
 * stringToTimestamp; with one the pattern, then the lenient parser when the fallback is enabled.
 */
export function makeTimestampParser(opts: CsvOptions, ntz: boolean): (s: string) => bigint | null {
  const zoneId = ntz ? null : opts.timeZone;
  const pattern = ntz ? opts.timestampNTZFormat : opts.timestampFormat;
  if (pattern === undefined) return (s) => stringToTimestamp(s, zoneId);
  const zone = zoneId === null ? null : getTimeZone(zoneId);
  // NTZ never falls back (Spark parses it with the pattern only).
  const fallback = !ntz && (opts.dateTimeFallback ?? false);
  const toks = compilePattern(pattern);
  return (s) => {
    try {
      const p = parseWith(toks, s);
      if (ntz && p.zone !== null) return null;
      return parsedMicros(p, zone);
    } catch (e) {
      if (!(e instanceof ParseFailure)) throw e;
      return fallback ? stringToTimestamp(cleanLegacy(s), zoneId) : null;
    }
  };
}

/** DateTimeUtils.cleanLegacyTimestampStr: drops a trailing NUL padding. */
function cleanLegacy(s: string): string {
  const i = s.indexOf('\u0000');
  return i < 0 ? s : s.slice(0, i);
}

/** Formats days since the epoch with a pattern (the CSV writer's dateFormat). */
export function makeDateFormatter(pattern: string): (days: number) => string {
  const toks = compilePattern(pattern);
  return (days) => {
    const f = dateFields(days);
    return formatWith(toks, {
      ...f,
      hour: 0,
      minute: 0,
      second: 0,
      micros: 0,
      epochDay: days,
      offset: 0,
      zone: null,
      epochSec: days * 86400,
    });
  };
}

/** Formats microseconds with a pattern in `zone` (null: a wall-clock TIMESTAMP_NTZ value). */
export function makeTimestampFormatter(pattern: string, zone: TimeZone | null): (micros: bigint) => string {
  const toks = compilePattern(pattern);
  return (micros) => formatMicrosWith(toks, micros, zone);
}
