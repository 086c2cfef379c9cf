// Datetime patterns as Spark 3+/4 reads them (java.time DateTimeFormatter letters: yyyy MM dd HH mm ss
// SSS a E z X ...): compiled once per pattern into token lists, then used to format and to parse. The one
// implementation for the date/time function kernels (@flint/exec) and the CSV / JSON sources (@flint/io),
// with the readers' and writers' defaults (makeDateTimeParser / makeDateTimeFormatter).

import { FlintError } from './errors.js';
import {
  daysFromCivil,
  daysInMonth,
  formatDate,
  getTimeZone,
  isLeapYear,
  localToUtcSeconds,
  microsToLocalFields,
  offsetAt,
  parseDate,
  parseTimestamp,
  parseTimestampNTZ,
  type TimeZone,
} from './datetime.js';

export type DateTimeToken =
  | { readonly kind: 'lit'; readonly text: string }
  | { readonly kind: 'field'; readonly letter: string; readonly count: number }
  | { readonly kind: 'optStart' }
  | { readonly kind: 'optEnd' };

const KNOWN = new Set('GyuYQqMLwWEeFdDHhKkmsSaVzZXxOcn'.split(''));

function patternError(pattern: string): FlintError {
  return new FlintError(
    'INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION',
    `[INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION] You may get a different result due to the upgrading to Spark >= 3.0: Fail to recognize '${pattern}' pattern in the DateTimeFormatter.`,
    {
      pattern: `'${pattern}'`,
      config: '"spark.sql.legacy.timeParserPolicy"',
      docroot: 'https://spark.apache.org/docs/latest',
    },
    null,
    '42K0B',
  );
}

const MAX_COUNT: Record<string, number> = {
  G: 5,
  M: 4,
  L: 4,
  E: 4,
  Q: 4,
  q: 4,
  a: 1,
  d: 2,
  H: 2,
  h: 2,
  k: 2,
  K: 2,
  m: 2,
  s: 2,
  D: 3,
  F: 1,
  V: 2,
  z: 4,
  O: 4,
  X: 5,
  x: 5,
  Z: 5,
};

/** Tokenizes a pattern; throws the Spark error for letters it does not accept. */
export function compileDateTimePattern(pattern: string): DateTimeToken[] {
  const out: DateTimeToken[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) {
        out.push({ kind: 'lit', text: "'" });
        i += 2;
        continue;
      }
      if (end < 0) throw patternError(pattern);
      // '' inside a quoted literal is a quote
      let text = '';
      let j = i + 1;
      while (j < pattern.length) {
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += pattern[j];
        j++;
      }
      out.push({ kind: 'lit', text });
      i = j + 1;
      continue;
    }
    if (c === '[') {
      out.push({ kind: 'optStart' });
      i++;
      continue;
    }
    if (c === ']') {
      out.push({ kind: 'optEnd' });
      i++;
      continue;
    }
    if (/[a-zA-Z]/.test(c)) {
      let j = i;
      while (j < pattern.length && pattern[j] === c) j++;
      const count = j - i;
      if (!KNOWN.has(c)) throw patternError(pattern);
      // Spark rejects week-based letters and too many text letters
      if (c === 'Y' || c === 'w' || c === 'W' || c === 'e' || c === 'c' || c === 'u' || c === 'n')
        throw patternError(pattern);
      const max = MAX_COUNT[c];
      if (max !== undefined && count > max && !(c === 'G' && count === 5)) throw patternError(pattern);
      if (c === 'G' && count > 4) throw patternError(pattern);
      if (c === 'S' && count > 9) throw patternError(pattern);
      out.push({ kind: 'field', letter: c, count });
      i = j;
      continue;
    }
    const last = out[out.length - 1];
    if (last !== undefined && last.kind === 'lit') out[out.length - 1] = { kind: 'lit', text: last.text + c };
    else out.push({ kind: 'lit', text: c });
    i++;
  }
  return out;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const QUARTERS = ['1st quarter', '2nd quarter', '3rd quarter', '4th quarter'];

/** What formatting needs of one value. */
export interface DateTimeFormatFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  micros: number;
  /** days since epoch (day of week / year) */
  epochDay: number;
  /** offset seconds east of UTC, for zone letters */
  offset: number;
  zone: TimeZone | null;
  /** epoch seconds, for zone names */
  epochSec: number;
}

function pad(n: number, w: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + (s.length >= w ? s : '0'.repeat(w - s.length) + s);
}

function offsetText(
  off: number,
  withColon: boolean,
  withSeconds: 'never' | 'optional',
  minutes: 'always' | 'optional',
): string {
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  const s = a % 60;
  let t = sign + pad(h, 2);
  if (minutes === 'always' || m !== 0 || s !== 0) t += (withColon ? ':' : '') + pad(m, 2);
  if (withSeconds === 'optional' && s !== 0) t += (withColon ? ':' : '') + pad(s, 2);
  return t;
}

const zoneNameCache = new Map<string, Intl.DateTimeFormat>();
function zoneName(zone: TimeZone | null, epochSec: number, long: boolean, offset: number): string {
  if (zone === null || zone.region === null) {
    const id = zone?.id ?? 'UTC';
    if (offset === 0 && (id === 'UTC' || id === 'Z' || id === 'GMT'))
      return long ? 'Coordinated Universal Time' : 'UTC';
    return id;
  }
  const key = `${zone.region}|${long}`;
  let f = zoneNameCache.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone.region, timeZoneName: long ? 'long' : 'short' });
    zoneNameCache.set(key, f);
  }
  // Intl cannot go before 1900 reliably in names; use a date in the same season with the same offset
  const ms = Math.max(epochSec, -2208988800) * 1000;
  const part = f.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName');
  return part?.value ?? zone.id;
}

function localizedOffset(off: number, full: boolean): string {
  if (off === 0) return 'GMT';
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  const s = a % 60;
  if (full) return `GMT${sign}${pad(h, 2)}:${pad(m, 2)}${s !== 0 ? `:${pad(s, 2)}` : ''}`;
  return `GMT${sign}${h}${m !== 0 || s !== 0 ? `:${pad(m, 2)}` : ''}${s !== 0 ? `:${pad(s, 2)}` : ''}`;
}

export function formatDateTimeWith(tokens: readonly DateTimeToken[], f: DateTimeFormatFields): string {
  let out = '';
  for (const t of tokens) {
    if (t.kind === 'lit') {
      out += t.text;
      continue;
    }
    if (t.kind !== 'field') continue;
    const n = t.count;
    switch (t.letter) {
      case 'G':
        out += n === 4 ? (f.year > 0 ? 'Anno Domini' : 'Before Christ') : f.year > 0 ? 'AD' : 'BC';
        break;
      case 'y': {
        const yoe = f.year > 0 ? f.year : 1 - f.year;
        out += n === 2 ? pad(yoe % 100, 2) : pad(yoe, n);
        break;
      }
      case 'Q':
      case 'q': {
        const q = Math.floor((f.month - 1) / 3) + 1;
        out += n === 1 ? String(q) : n === 2 ? pad(q, 2) : n === 3 ? `Q${q}` : QUARTERS[q - 1]!;
        break;
      }
      case 'M':
      case 'L':
        out +=
          n === 1
            ? String(f.month)
            : n === 2
              ? pad(f.month, 2)
              : n === 3
                ? MONTHS[f.month - 1]!.slice(0, 3)
                : MONTHS[f.month - 1]!;
        break;
      case 'd':
        out += pad(f.day, n);
        break;
      case 'D': {
        const doy = f.epochDay - daysFromCivil(f.year, 1, 1) + 1;
        out += pad(doy, n);
        break;
      }
      case 'E': {
        const wd = (((f.epochDay + 3) % 7) + 7) % 7;
        out += n === 4 ? DAYS[wd]! : DAYS[wd]!.slice(0, 3);
        break;
      }
      case 'F':
        out += String(Math.floor((f.day - 1) / 7) + 1);
        break;
      case 'H':
        out += pad(f.hour, n);
        break;
      case 'k':
        out += pad(f.hour === 0 ? 24 : f.hour, n);
        break;
      case 'K':
        out += pad(f.hour % 12, n);
        break;
      case 'h':
        out += pad(f.hour % 12 === 0 ? 12 : f.hour % 12, n);
        break;
      case 'm':
        out += pad(f.minute, n);
        break;
      case 's':
        out += pad(f.second, n);
        break;
      case 'S':
        out += String(f.micros).padStart(6, '0').padEnd(9, '0').slice(0, n);
        break;
      case 'a':
        out += f.hour < 12 ? 'AM' : 'PM';
        break;
      case 'V':
        out += f.zone?.id ?? 'UTC';
        break;
      case 'z':
        out += zoneName(f.zone, f.epochSec, n === 4, f.offset);
        break;
      case 'O':
        out += localizedOffset(f.offset, n === 4);
        break;
      case 'X':
      case 'x': {
        if (t.letter === 'X' && f.offset === 0) {
          out += 'Z';
          break;
        }
        if (n === 1) out += offsetText(f.offset, false, 'never', 'optional');
        else if (n === 2) out += offsetText(f.offset, false, 'never', 'always');
        else if (n === 3) out += offsetText(f.offset, true, 'never', 'always');
        else if (n === 4) out += offsetText(f.offset, false, 'optional', 'always');
        else out += offsetText(f.offset, true, 'optional', 'always');
        break;
      }
      case 'Z':
        if (n <= 3) out += offsetText(f.offset, false, 'never', 'always');
        else if (n === 4) out += localizedOffset(f.offset, true);
        else out += f.offset === 0 ? 'Z' : offsetText(f.offset, true, 'optional', 'always');
        break;
      default:
        throw patternError(t.letter.repeat(n));
    }
  }
  return out;
}

/** ParsedDateTime fields; the zone (if any) as an offset in seconds or a zone. */
export interface ParsedDateTime {
  year: number;
  month: number;
  day: number;
  doy: number | null;
  hour: number;
  minute: number;
  second: number;
  micros: number;
  ampm: number | null;
  hour12: number | null;
  zone: TimeZone | null;
  hasTime: boolean;
}

export class DateTimeParseFailure extends Error {
  override readonly name = 'DateTimeParseFailure';
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

function isNumericField(t: DateTimeToken | undefined): boolean {
  return (
    t !== undefined &&
    t.kind === 'field' &&
    'yMLdDHhkKmsSQq'.includes(t.letter) &&
    (t.letter !== 'M' || t.count <= 2) &&
    (t.letter !== 'L' || t.count <= 2)
  );
}

/** Parses `s` fully against the tokens; throws DateTimeParseFailure with Java-like messages. */
export function parseDateTimeWith(tokens: readonly DateTimeToken[], s: string): ParsedDateTime {
  const p: ParsedDateTime = {
    year: 1970,
    month: 1,
    day: 1,
    doy: null,
    hour: 0,
    minute: 0,
    second: 0,
    micros: 0,
    ampm: null,
    hour12: null,
    zone: null,
    hasTime: false,
  };
  let pos = 0;
  let optDepth = 0;
  let skipping = -1;
  const fail = (): never => {
    throw new DateTimeParseFailure(`Text '${s}' could not be parsed at index ${pos}`);
  };
  for (let ti = 0; ti < tokens.length; ti++) {
    const t = tokens[ti]!;
    if (t.kind === 'optStart') {
      optDepth++;
      continue;
    }
    if (t.kind === 'optEnd') {
      if (skipping === optDepth) skipping = -1;
      optDepth--;
      continue;
    }
    if (skipping >= 0) continue;
    const save = pos;
    try {
      if (t.kind === 'lit') {
        if (s.startsWith(t.text, pos)) pos += t.text.length;
        else if (t.text.trim() === '' && s.slice(pos).startsWith(' ')) pos += t.text.length;
        else fail();
        continue;
      }
      const adjacent = isNumericField(tokens[ti + 1]);
      const readNum = (min: number, max: number): number => {
        let j = pos;
        while (j < s.length && j - pos < max && isDigit(s.charCodeAt(j))) j++;
        if (j - pos < min) fail();
        const v = Number(s.slice(pos, j));
        pos = j;
        return v;
      };
      const n = t.count;
      switch (t.letter) {
        case 'y': {
          if (n === 2) {
            p.year = 2000 + readNum(2, 2);
          } else {
            let sign = 1;
            if (n >= 4 && (s[pos] === '+' || s[pos] === '-')) {
              sign = s[pos] === '-' ? -1 : 1;
              pos++;
            }
            p.year = sign * readNum(n, adjacent ? n : 19);
          }
          break;
        }
        case 'M':
        case 'L': {
          if (n >= 3) {
            const rest = s.slice(pos).toLowerCase();
            const k = MONTHS.findIndex((m) => rest.startsWith((n === 3 ? m.slice(0, 3) : m).toLowerCase()));
            if (k < 0) fail();
            p.month = k + 1;
            pos += n === 3 ? 3 : MONTHS[k]!.length;
          } else p.month = readNum(n, adjacent || n === 2 ? 2 : 2);
          break;
        }
        case 'd':
          p.day = readNum(n, 2);
          break;
        case 'D':
          p.doy = readNum(n, 3);
          break;
        case 'E': {
          const rest = s.slice(pos).toLowerCase();
          const k = DAYS.findIndex((d) => rest.startsWith((n === 4 ? d : d.slice(0, 3)).toLowerCase()));
          if (k < 0) fail();
          pos += n === 4 ? DAYS[k]!.length : 3;
          break;
        }
        case 'H':
        case 'k':
          p.hour = readNum(n, 2);
          if (t.letter === 'k' && p.hour === 24) p.hour = 0;
          p.hasTime = true;
          break;
        case 'h':
        case 'K':
          p.hour12 = readNum(n, 2);
          p.hasTime = true;
          break;
        case 'm':
          p.minute = readNum(n, 2);
          p.hasTime = true;
          break;
        case 's':
          p.second = readNum(n, 2);
          p.hasTime = true;
          break;
        case 'S': {
          let j = pos;
          while (j < s.length && j - pos < n && isDigit(s.charCodeAt(j))) j++;
          if (j === pos) fail();
          const digits = s.slice(pos, j);
          p.micros = Number(digits.padEnd(6, '0').slice(0, 6));
          pos = j;
          break;
        }
        case 'a': {
          const w = s.slice(pos, pos + 2).toUpperCase();
          if (w === 'AM') p.ampm = 0;
          else if (w === 'PM') p.ampm = 1;
          else fail();
          pos += 2;
          break;
        }
        case 'G': {
          const rest = s.slice(pos);
          if (rest.startsWith('AD')) pos += 2;
          else if (rest.startsWith('Anno Domini')) pos += 11;
          else fail();
          break;
        }
        case 'Q':
        case 'q':
          readNum(n, 2);
          break;
        case 'V':
        case 'z': {
          const m = /^[A-Za-z][A-Za-z0-9_/+-]*/.exec(s.slice(pos));
          if (m === null) fail();
          const z = getTimeZone(m![0]);
          if (z === null) fail();
          p.zone = z;
          pos += m![0].length;
          break;
        }
        case 'X':
        case 'x':
        case 'Z':
        case 'O': {
          const rest = s.slice(pos);
          if ((t.letter === 'X' || (t.letter === 'Z' && n === 5)) && rest.startsWith('Z')) {
            p.zone = getTimeZone('UTC');
            pos += 1;
            break;
          }
          const m = /^(GMT)?([+-])(\d{1,2}):?(\d{2})?:?(\d{2})?/.exec(rest);
          if (m === null) {
            if (rest.startsWith('GMT')) {
              p.zone = getTimeZone('UTC');
              pos += 3;
              break;
            }
            fail();
          }
          const sign = m![2] === '-' ? '-' : '+';
          const id = `${sign}${m![3]!.padStart(2, '0')}:${m![4] ?? '00'}${m![5] !== undefined ? `:${m![5]}` : ''}`;
          p.zone = getTimeZone(id);
          if (p.zone === null) fail();
          pos += m![0].length;
          break;
        }
        default:
          fail();
      }
    } catch (e) {
      if (e instanceof DateTimeParseFailure && optDepth > 0) {
        pos = save;
        skipping = optDepth;
        continue;
      }
      throw e;
    }
  }
  if (pos !== s.length) {
    throw new DateTimeParseFailure(`Text '${s}' could not be parsed, unparsed text found at index ${pos}`);
  }
  if (p.hour12 !== null) {
    p.hour = (p.hour12 % 12) + (p.ampm === 1 ? 12 : 0);
  } else if (p.ampm !== null && p.hour < 12 && p.ampm === 1) {
    p.hour += 12;
  }
  if (p.month < 1 || p.month > 12)
    throw new DateTimeParseFailure(
      `Text '${s}' could not be parsed: Invalid value for MonthOfYear (valid values 1 - 12): ${p.month}`,
    );
  if (p.doy !== null && (p.doy < 1 || p.doy > (isLeapYear(p.year) ? 366 : 365)))
    throw new DateTimeParseFailure(`Text '${s}' could not be parsed: Invalid value for DayOfYear: ${p.doy}`);
  if (p.day < 1 || p.day > 31)
    throw new DateTimeParseFailure(
      `Text '${s}' could not be parsed: Invalid value for DayOfMonth (valid values 1 - 28/31): ${p.day}`,
    );
  if (p.day > daysInMonth(p.year, p.month)) {
    if (p.month === 2 && p.day === 29) {
      throw new DateTimeParseFailure(
        `Text '${s}' could not be parsed: Invalid date 'February 29' as '${p.year}' is not a leap year`,
      );
    }
    throw new DateTimeParseFailure(
      `Text '${s}' could not be parsed: Invalid date '${MONTHS[p.month - 1]!.toUpperCase()} ${p.day}'`,
    );
  }
  if (p.hour > 23 || p.minute > 59 || p.second > 59)
    throw new DateTimeParseFailure(`Text '${s}' could not be parsed: Invalid time`);
  return p;
}

/** Days since epoch of a parsed value (day-of-year wins when given). */
export function parsedDays(p: ParsedDateTime): number {
  if (p.doy !== null) return daysFromCivil(p.year, 1, 1) + p.doy - 1;
  return daysFromCivil(p.year, p.month, p.day);
}

/** Micros since the epoch of a parsed value in `zone` (the parsed zone wins). */
export function parsedMicros(p: ParsedDateTime, zone: TimeZone | null): bigint {
  const local = parsedDays(p) * 86400 + p.hour * 3600 + p.minute * 60 + p.second;
  const z = p.zone ?? zone;
  const sec = z === null ? local : localToUtcSeconds(z, local);
  return BigInt(sec) * 1000000n + BigInt(p.micros);
}

/** Formats microseconds since the epoch in `zone` (null: a wall-clock TIMESTAMP_NTZ value). */
export function formatMicrosWith(
  tokens: readonly DateTimeToken[],
  micros: bigint,
  zone: TimeZone | null,
): string {
  const f = microsToLocalFields(micros, zone);
  const sec = Number(micros >= 0n ? micros / 1000000n : -((-micros + 999999n) / 1000000n));
  return formatDateTimeWith(tokens, {
    ...f,
    epochDay: daysFromCivil(f.year, f.month, f.day),
    offset: zone === null ? 0 : offsetAt(zone, sec),
    zone,
    epochSec: sec,
  });
}

// ---------------------------------------------------------------------------------------------
// The file sources' readers and writers (JSON; CSV keeps its own option handling over the above).

export type DateTimeKind = 'date' | 'timestamp' | 'timestamp_ntz';

/** Spark's JSON/CSV write defaults for timestampFormat and timestampNTZFormat. */
export const DEFAULT_TIMESTAMP_WRITE_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";
export const DEFAULT_TIMESTAMP_NTZ_WRITE_FORMAT = "yyyy-MM-dd'T'HH:mm:ss[.SSS]";

/**
 * A parser of date (days) or timestamp (micros) text as the JSON reader does it: with no format,
 * Spark's lenient cast parsing (stringToDate / stringToTimestamp); with a format, that pattern only.
 * Null when the text does not parse. A TIMESTAMP_NTZ pattern read ignores a parsed zone.
 */
export function makeDateTimeParser(
  kind: DateTimeKind,
  format: string | undefined,
  zone: TimeZone,
): (s: string) => number | bigint | null {
  if (format === undefined) {
    switch (kind) {
      case 'date':
        return parseDate;
      case 'timestamp':
        return (s) => parseTimestamp(s, zone);
      case 'timestamp_ntz':
        return (s) => parseTimestampNTZ(s, false);
    }
  }
  const tokens = compileDateTimePattern(format);
  return (s) => {
    let p: ParsedDateTime;
    try {
      p = parseDateTimeWith(tokens, s);
    } catch (e) {
      if (e instanceof DateTimeParseFailure) return null;
      throw e;
    }
    if (kind === 'date') return parsedDays(p);
    return kind === 'timestamp_ntz' ? parsedMicros({ ...p, zone: null }, null) : parsedMicros(p, zone);
  };
}

/** A formatter of days (date) or micros (timestamp, timestamp_ntz) with a pattern or the write default. */
export function makeDateTimeFormatter(
  kind: DateTimeKind,
  format: string | undefined,
  zone: TimeZone,
): (v: number | bigint) => string {
  if (kind === 'date' && (format === undefined || format === 'yyyy-MM-dd'))
    return (v) => formatDate(Number(v));
  const pattern =
    format ?? (kind === 'timestamp' ? DEFAULT_TIMESTAMP_WRITE_FORMAT : DEFAULT_TIMESTAMP_NTZ_WRITE_FORMAT);
  const tokens = compileDateTimePattern(pattern);
  const z = kind === 'timestamp' ? zone : null;
  return (v) => formatMicrosWith(tokens, kind === 'date' ? BigInt(v) * 86_400_000_000n : (v as bigint), z);
}
