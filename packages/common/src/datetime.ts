// Date and timestamp arithmetic, parsing and formatting with Spark's (java.time) semantics: proleptic
// Gregorian calendar, days since 1970-01-01 and microseconds since the epoch, IANA zones via Intl.

export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_DAY = 86_400_000_000;
export const SECONDS_PER_DAY = 86_400;
const MICROS_B = 1_000_000n;
const MAX_SAFE_B = BigInt(Number.MAX_SAFE_INTEGER);
const LONG_MAX = 9223372036854775807n;
const LONG_MIN = -9223372036854775808n;

// ---------------------------------------------------------------------------------------------
// Civil calendar (Howard Hinnant's algorithms; exact for any year).

/** Days since 1970-01-01 of a proleptic Gregorian date (month 1..12). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Writes [year, month, day] of a day number into `out` (no allocation). */
export function civilFromDays(days: number, out: Int32Array | number[]): void {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  out[0] = yoe + era * 400 + (m <= 2 ? 1 : 0);
  out[1] = m;
  out[2] = d;
}

const scratch = new Int32Array(3);

export function yearOfDays(days: number): number {
  civilFromDays(days, scratch);
  return scratch[0]!;
}
export function monthOfDays(days: number): number {
  civilFromDays(days, scratch);
  return scratch[1]!;
}
export function dayOfMonthOfDays(days: number): number {
  civilFromDays(days, scratch);
  return scratch[2]!;
}
export function dateFields(days: number): { year: number; month: number; day: number } {
  civilFromDays(days, scratch);
  return { year: scratch[0]!, month: scratch[1]!, day: scratch[2]! };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Spark's dayofweek: 1 = Sunday ... 7 = Saturday. */
export function dayOfWeek(days: number): number {
  return ((((days + 4) % 7) + 7) % 7) + 1;
}

/** Spark's weekday: 0 = Monday ... 6 = Sunday. */
export function weekDay(days: number): number {
  return (((days + 3) % 7) + 7) % 7;
}

export function dayOfYear(days: number): number {
  civilFromDays(days, scratch);
  return days - daysFromCivil(scratch[0]!, 1, 1) + 1;
}

/** LocalDate.plusMonths: the day is clamped to the last day of the target month. */
export function addMonths(days: number, months: number): number {
  civilFromDays(days, scratch);
  const total = scratch[0]! * 12 + (scratch[1]! - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return daysFromCivil(y, m, Math.min(scratch[2]!, daysInMonth(y, m)));
}

export function lastDayOfMonth(days: number): number {
  civilFromDays(days, scratch);
  const y = scratch[0]!;
  const m = scratch[1]!;
  return daysFromCivil(y, m, daysInMonth(y, m));
}

// ---------------------------------------------------------------------------------------------
// Formatting.

const PAD2: string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? '0' + i : String(i)));

/** Java's `uuuu` year: 4 digits zero-padded, '+' above 9999, '-' for negative years. */
function formatYear(y: number): string {
  if (y >= 0) {
    if (y < 10) return '000' + y;
    if (y < 100) return '00' + y;
    if (y < 1000) return '0' + y;
    return y > 9999 ? '+' + y : String(y);
  }
  const a = -y;
  return '-' + (a < 10 ? '000' + a : a < 100 ? '00' + a : a < 1000 ? '0' + a : String(a));
}

/** 'yyyy-MM-dd' of a day number, as Spark renders a DATE. */
export function formatDate(days: number): string {
  civilFromDays(days, scratch);
  return formatYear(scratch[0]!) + '-' + PAD2[scratch[1]!]! + '-' + PAD2[scratch[2]!]!;
}

/** '.ffffff' with trailing zeros dropped, or '' for a whole second. */
function formatFraction(micros: number): string {
  if (micros === 0) return '';
  let s = String(micros).padStart(6, '0');
  let end = 6;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (end < 6) s = s.slice(0, end);
  return '.' + s;
}

/** 'yyyy-MM-dd HH:mm:ss[.ffffff]' of local seconds since the epoch plus a micro fraction. */
export function formatLocalSeconds(localSec: number, fracMicros: number): string {
  const days = Math.floor(localSec / SECONDS_PER_DAY);
  let sod = localSec - days * SECONDS_PER_DAY;
  const h = Math.floor(sod / 3600);
  sod -= h * 3600;
  const mi = Math.floor(sod / 60);
  const s = sod - mi * 60;
  return formatDate(days) + ' ' + PAD2[h]! + ':' + PAD2[mi]! + ':' + PAD2[s]! + formatFraction(fracMicros);
}

let splitSec = 0;
let splitFrac = 0;
/** Splits micros into floor seconds and a non-negative fraction (module scratch, no allocation). */
function splitMicros(micros: bigint): void {
  if (micros <= MAX_SAFE_B && micros >= -MAX_SAFE_B) {
    const n = Number(micros);
    let sec = Math.floor(n / MICROS_PER_SECOND);
    let frac = n - sec * MICROS_PER_SECOND;
    if (frac < 0) {
      sec -= 1;
      frac += MICROS_PER_SECOND;
    } else if (frac >= MICROS_PER_SECOND) {
      sec += 1;
      frac -= MICROS_PER_SECOND;
    }
    splitSec = sec;
    splitFrac = frac;
  } else {
    let sec = Number(micros / MICROS_B);
    let frac = Number(micros % MICROS_B);
    if (frac < 0) {
      sec -= 1;
      frac += MICROS_PER_SECOND;
    }
    splitSec = sec;
    splitFrac = frac;
  }
}

/** TIMESTAMP rendering: the instant in `zone`, 'yyyy-MM-dd HH:mm:ss[.ffffff]'. */
export function formatTimestamp(micros: bigint, zone: TimeZone | string): string {
  const z = typeof zone === 'string' ? requireTimeZone(zone) : zone;
  splitMicros(micros);
  const sec = splitSec;
  return formatLocalSeconds(sec + offsetAt(z, sec), splitFrac);
}

/** TIMESTAMP_NTZ rendering: the wall-clock value as is. */
export function formatTimestampNTZ(micros: bigint): string {
  splitMicros(micros);
  return formatLocalSeconds(splitSec, splitFrac);
}

// ---------------------------------------------------------------------------------------------
// Time zones.

/** A resolved zone: a fixed offset (seconds east of UTC) or an IANA region looked up through Intl. */
export type TimeZone = {
  readonly id: string;
  readonly fixedOffset: number | null;
  readonly region: string | null;
};

/** java.time's ZoneId.SHORT_IDS, which Spark accepts (`ZoneId.of(id, SHORT_IDS)`). */
const SHORT_IDS: Readonly<Record<string, string>> = {
  ACT: 'Australia/Darwin',
  AET: 'Australia/Sydney',
  AGT: 'America/Argentina/Buenos_Aires',
  ART: 'Africa/Cairo',
  AST: 'America/Anchorage',
  BET: 'America/Sao_Paulo',
  BST: 'Asia/Dhaka',
  CAT: 'Africa/Harare',
  CNT: 'America/St_Johns',
  CST: 'America/Chicago',
  CTT: 'Asia/Shanghai',
  EAT: 'Africa/Addis_Ababa',
  ECT: 'Europe/Paris',
  IET: 'America/Indiana/Indianapolis',
  IST: 'Asia/Kolkata',
  JST: 'Asia/Tokyo',
  MIT: 'Pacific/Apia',
  NET: 'Asia/Yerevan',
  NST: 'Pacific/Auckland',
  PLT: 'Asia/Karachi',
  PNT: 'America/Phoenix',
  PRT: 'America/Puerto_Rico',
  PST: 'America/Los_Angeles',
  SST: 'Pacific/Guadalcanal',
  VST: 'Asia/Ho_Chi_Minh',
  EST: '-05:00',
  MST: '-07:00',
  HST: '-10:00',
};

/** java.time ZoneOffset.of forms: +h, +hh, +hh:mm, +hhmm, +hh:mm:ss, +hhmmss. Seconds east of UTC, or null. */
function parseOffset(s: string): number | null {
  const m =
    /^([+-])(\d{1,2})$/.exec(s) ??
    /^([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s) ??
    /^([+-])(\d{2})(\d{2})(\d{2})?$/.exec(s);
  if (m === null) return null;
  const h = Number(m[2]);
  const mi = m[3] === undefined ? 0 : Number(m[3]);
  const se = m[4] === undefined ? 0 : Number(m[4]);
  if (h > 18 || mi > 59 || se > 59) return null;
  const total = h * 3600 + mi * 60 + se;
  if (total > 18 * 3600) return null;
  return m[1] === '-' ? -total : total;
}

function offsetId(seconds: number): string {
  if (seconds === 0) return 'Z';
  const a = Math.abs(seconds);
  const h = Math.floor(a / 3600);
  const m = Math.floor((a % 3600) / 60);
  const s = a % 60;
  return (seconds < 0 ? '-' : '+') + PAD2[h]! + ':' + PAD2[m]! + (s !== 0 ? ':' + PAD2[s]! : '');
}

const zoneById = new Map<string, TimeZone | null>();

function resolveZone(id0: string): TimeZone | null {
  // Spark's getZoneId pre-normalisation of '+h:mm' and '+hh:m'.
  const id = id0.replace(/([+-])(\d):/, '$10$2:').replace(/([+-])(\d\d):(\d)$/, '$1$2:0$3');
  if (id === 'Z') return { id: 'Z', fixedOffset: 0, region: null };
  if (id.startsWith('+') || id.startsWith('-')) {
    const o = parseOffset(id);
    return o === null ? null : { id: offsetId(o), fixedOffset: o, region: null };
  }
  if (id === 'UTC' || id === 'GMT' || id === 'UT') return { id, fixedOffset: 0, region: null };
  for (const prefix of ['UTC', 'GMT', 'UT']) {
    if (id.startsWith(prefix) && (id[prefix.length] === '+' || id[prefix.length] === '-')) {
      const o = parseOffset(id.slice(prefix.length));
      return o === null ? null : { id: prefix + (o === 0 ? '' : offsetId(o)), fixedOffset: o, region: null };
    }
  }
  const short = SHORT_IDS[id];
  if (short !== undefined) return resolveZone(short);
  if (!/^[A-Za-z][A-Za-z0-9~/._+-]+$/.test(id)) return null;
  try {
    // Throws RangeError for an unknown zone.
    new Intl.DateTimeFormat('en-US', { timeZone: id });
    return { id, fixedOffset: null, region: id };
  } catch {
    return null;
  }
}

/** Resolves a zone id as Spark's `getZoneId` does ('UTC', '+08:00', 'GMT+8', 'PST', 'Europe/Paris'); null if invalid. */
export function getTimeZone(id: string): TimeZone | null {
  let z = zoneById.get(id);
  if (z === undefined) {
    z = resolveZone(id.trim());
    zoneById.set(id, z);
  }
  return z;
}

/** As getTimeZone, but throws a plain Error for an invalid id (callers raise Spark's error class themselves). */
export function requireTimeZone(id: string): TimeZone {
  const z = getTimeZone(id);
  if (z === null) throw new Error(`invalid time zone: ${id}`);
  return z;
}

/** The process's own zone (Spark's default for spark.sql.session.timeZone). */
export function defaultTimeZoneId(): string {
  // Asking Intl costs about half a millisecond, and every query reads the session time zone: cached
  // for as long as the process's TZ stays the same.
  const tz = process.env.TZ;
  if (cachedZone === null || cachedZone.tz !== tz) {
    cachedZone = { tz, id: new Intl.DateTimeFormat().resolvedOptions().timeZone };
  }
  return cachedZone.id;
}

let cachedZone: { readonly tz: string | undefined; readonly id: string } | null = null;

// Offsets of region zones: computed with Intl, cached per bucket of 2^24 seconds (~194 days) as a list
// of transitions found by sampling every 4 days and bisecting to the second.
const BUCKET = 16_777_216;
const STEP = 4 * SECONDS_PER_DAY;
// Before 1800 every zone is on local mean time (its first offset); Intl can only go to year 275760.
const INTL_MIN = Date.UTC(1800, 0, 1) / 1000;
const INTL_MAX = 8.64e12 - 2 * SECONDS_PER_DAY;

type Bucket = { readonly trans: Float64Array; readonly offs: Int32Array };
type RegionCache = {
  readonly fmt: Intl.DateTimeFormat;
  readonly buckets: Map<number, Bucket>;
  lastIdx: number;
  last: Bucket | null;
};
const regionCaches = new Map<string, RegionCache>();

function regionCache(region: string): RegionCache {
  let c = regionCaches.get(region);
  if (c === undefined) {
    c = {
      fmt: new Intl.DateTimeFormat('en-US', {
        timeZone: region,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      }),
      buckets: new Map(),
      lastIdx: NaN,
      last: null,
    };
    regionCaches.set(region, c);
  }
  return c;
}

/** The zone's offset at an epoch second, straight from Intl (slow; only used to fill the cache). */
function intlOffset(fmt: Intl.DateTimeFormat, sec0: number): number {
  const sec = Math.min(Math.max(sec0, INTL_MIN), INTL_MAX);
  let y = 0;
  let mo = 0;
  let d = 0;
  let h = 0;
  let mi = 0;
  let s = 0;
  let bc = false;
  for (const p of fmt.formatToParts(sec * 1000)) {
    switch (p.type) {
      case 'year':
        y = Number(p.value);
        break;
      case 'month':
        mo = Number(p.value);
        break;
      case 'day':
        d = Number(p.value);
        break;
      case 'hour':
        h = Number(p.value);
        break;
      case 'minute':
        mi = Number(p.value);
        break;
      case 'second':
        s = Number(p.value);
        break;
      case 'era':
        bc = p.value === 'BC' || p.value === 'B';
        break;
      default:
        break;
    }
  }
  if (bc) y = 1 - y;
  const local = daysFromCivil(y, mo, d) * SECONDS_PER_DAY + h * 3600 + mi * 60 + s;
  return local - sec;
}

function buildBucket(c: RegionCache, idx: number): Bucket {
  const start = idx * BUCKET;
  const end = start + BUCKET;
  const trans: number[] = [start];
  const offs: number[] = [intlOffset(c.fmt, start)];
  if (end <= INTL_MIN || start >= INTL_MAX)
    return { trans: Float64Array.from(trans), offs: Int32Array.from(offs) };
  let p = start;
  let po = offs[0]!;
  for (;;) {
    const q = Math.min(p + STEP, end);
    const qo = intlOffset(c.fmt, q);
    if (qo !== po) {
      // Bisect for the first second with the new offset.
      let lo = p;
      let hi = q;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (intlOffset(c.fmt, mid) === po) lo = mid;
        else hi = mid;
      }
      if (hi < end) {
        trans.push(hi);
        offs.push(intlOffset(c.fmt, hi));
      }
      po = qo;
    }
    if (q >= end) break;
    p = q;
  }
  return { trans: Float64Array.from(trans), offs: Int32Array.from(offs) };
}

/** Offset (seconds east of UTC) of `zone` at the given epoch second. */
export function offsetAt(zone: TimeZone, epochSec: number): number {
  if (zone.fixedOffset !== null) return zone.fixedOffset;
  const c = regionCache(zone.region!);
  const idx = Math.floor(epochSec / BUCKET);
  let b: Bucket;
  if (idx === c.lastIdx && c.last !== null) b = c.last;
  else {
    let got = c.buckets.get(idx);
    if (got === undefined) {
      got = buildBucket(c, idx);
      c.buckets.set(idx, got);
    }
    c.lastIdx = idx;
    c.last = got;
    b = got;
  }
  const trans = b.trans;
  let k = trans.length - 1;
  while (k > 0 && trans[k]! > epochSec) k--;
  return b.offs[k]!;
}

/**
 * The epoch second of a local wall-clock second in `zone`, as java.time's ZonedDateTime.of: in a gap the
 * time is moved forward by the gap's length, in an overlap the earlier offset wins.
 */
export function localToUtcSeconds(zone: TimeZone, localSec: number): number {
  if (zone.fixedOffset !== null) return localSec - zone.fixedOffset;
  const o1 = offsetAt(zone, localSec - SECONDS_PER_DAY);
  const o2 = offsetAt(zone, localSec + SECONDS_PER_DAY);
  if (o1 === o2) return localSec - o1;
  const u1 = localSec - o1;
  if (offsetAt(zone, u1) === o1) return u1;
  const u2 = localSec - o2;
  if (offsetAt(zone, u2) === o2) return u2;
  return u1;
}

function toMicros(sec: number, frac: number): bigint | null {
  const m = BigInt(sec) * MICROS_B + BigInt(frac);
  return m > LONG_MAX || m < LONG_MIN ? null : m;
}

/** Local wall-clock micros (as TIMESTAMP_NTZ stores them) to an instant in `zone`. */
export function localMicrosToUtc(localMicros: bigint, zone: TimeZone): bigint {
  if (zone.fixedOffset !== null) return localMicros - BigInt(zone.fixedOffset) * MICROS_B;
  splitMicros(localMicros);
  const sec = splitSec;
  const frac = splitFrac;
  return BigInt(localToUtcSeconds(zone, sec)) * MICROS_B + BigInt(frac);
}

/** An instant to local wall-clock micros in `zone` (TIMESTAMP -> TIMESTAMP_NTZ). */
export function utcMicrosToLocal(micros: bigint, zone: TimeZone): bigint {
  splitMicros(micros);
  return micros + BigInt(offsetAt(zone, splitSec)) * MICROS_B;
}

/** The local date (days since epoch) of an instant in `zone` (CAST(timestamp AS DATE)). */
export function microsToDays(micros: bigint, zone: TimeZone): number {
  splitMicros(micros);
  const sec = splitSec;
  return Math.floor((sec + offsetAt(zone, sec)) / SECONDS_PER_DAY);
}

/** The instant at the start of a local date in `zone` (CAST(date AS TIMESTAMP)). */
export function daysToMicros(days: number, zone: TimeZone): bigint {
  return BigInt(localToUtcSeconds(zone, days * SECONDS_PER_DAY)) * MICROS_B;
}

export type LocalDateTimeFields = {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Microseconds within the second, 0..999999. */
  readonly micros: number;
};

/** Local fields of an instant in `zone` (or of a wall-clock value when zone is null). */
export function microsToLocalFields(micros: bigint, zone: TimeZone | null): LocalDateTimeFields {
  splitMicros(micros);
  const frac = splitFrac;
  const local = zone === null ? splitSec : splitSec + offsetAt(zone, splitSec);
  const days = Math.floor(local / SECONDS_PER_DAY);
  const sod = local - days * SECONDS_PER_DAY;
  civilFromDays(days, scratch);
  return {
    year: scratch[0]!,
    month: scratch[1]!,
    day: scratch[2]!,
    hour: Math.floor(sod / 3600),
    minute: Math.floor((sod % 3600) / 60),
    second: sod % 60,
    micros: frac,
  };
}

/** Local seconds since the epoch of an instant in `zone` (floor), for field extraction kernels. */
export function localSecondsOf(micros: bigint, zone: TimeZone): number {
  splitMicros(micros);
  return splitSec + offsetAt(zone, splitSec);
}

// ---------------------------------------------------------------------------------------------
// Parsing, as CAST(string AS DATE / TIMESTAMP) accepts it (Spark's stringToDate / parseTimestampString).

function isTrimmable(c: number): boolean {
  return c <= 32 || c === 127;
}

/** Spark's stringToDate: '[+-]yyyy[-[m]m[-[d]d]]' then optionally ' ' or 'T' and anything. Null if invalid. */
export function parseDate(s: string): number | null {
  let j = 0;
  let end = s.length;
  while (j < end && isTrimmable(s.charCodeAt(j))) j++;
  while (end > j && isTrimmable(s.charCodeAt(end - 1))) end--;
  if (j === end) return null;
  let sign = 1;
  const c0 = s.charCodeAt(j);
  if (c0 === 45 || c0 === 43) {
    sign = c0 === 45 ? -1 : 1;
    j++;
  }
  let y = 1;
  let m = 1;
  let d = 1;
  let i = 0;
  let value = 0;
  let digits = 0;
  const valid = (seg: number, n: number): boolean => (seg === 0 ? n >= 4 && n <= 7 : n > 0 && n <= 2);
  while (j < end) {
    const b = s.charCodeAt(j);
    if (i >= 3 || b === 32 || b === 84) break;
    if (i < 2 && b === 45) {
      if (!valid(i, digits)) return null;
      if (i === 0) y = value;
      else m = value;
      value = 0;
      digits = 0;
      i++;
    } else {
      const v = b - 48;
      if (v < 0 || v > 9) return null;
      value = value * 10 + v;
      digits++;
    }
    j++;
  }
  if (!valid(i, digits)) return null;
  if (i < 2 && j < end) return null;
  if (i === 0) y = value;
  else if (i === 1) m = value;
  else d = value;
  y *= sign;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  const days = daysFromCivil(y, m, d);
  return days > 2147483647 || days < -2147483648 ? null : days;
}

/** Parsed pieces of a timestamp string; `zone` is the raw zone text or null. */
export type TimestampParts = {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly micros: number;
  readonly zone: string | null;
  readonly justTime: boolean;
};

/** Spark's parseTimestampString; null when the text is not a timestamp. Field ranges are not checked yet. */
export function parseTimestampParts(s: string): TimestampParts | null {
  let j = 0;
  let end = s.length;
  while (j < end && isTrimmable(s.charCodeAt(j))) j++;
  while (end > j && isTrimmable(s.charCodeAt(end - 1))) end--;
  if (j === end) return null;
  const seg = [1, 1, 1, 0, 0, 0, 0, 0, 0];
  let i = 0;
  let value = 0;
  let digits = 0;
  let digitsMilli = 0;
  let justTime = false;
  let yearSign = 0;
  let tz: string | null = null;
  const valid = (segment: number, n: number): boolean =>
    segment === 6 ||
    (segment === 0 && n >= 4 && n <= 6) ||
    (segment === 7 && n <= 2) ||
    (segment !== 0 && segment !== 6 && segment !== 7 && n > 0 && n <= 2);
  const c0 = s.charCodeAt(j);
  if (c0 === 45 || c0 === 43) {
    yearSign = c0 === 45 ? -1 : 1;
    j++;
  }
  while (j < end) {
    const b = s.charCodeAt(j);
    const v = b - 48;
    if (v < 0 || v > 9) {
      if (j === 0 && b === 84) {
        justTime = true;
        i += 3;
      } else if (i < 2) {
        if (b === 45) {
          if (!valid(i, digits)) return null;
          seg[i] = value;
          value = 0;
          digits = 0;
          i++;
        } else if (i === 0 && b === 58 && yearSign === 0) {
          justTime = true;
          if (!valid(3, digits)) return null;
          seg[3] = value;
          value = 0;
          digits = 0;
          i = 4;
        } else return null;
      } else if (i === 2) {
        if (b !== 32 && b !== 84) return null;
        if (!valid(i, digits)) return null;
        seg[i] = value;
        value = 0;
        digits = 0;
        i++;
      } else if (i === 3 || i === 4) {
        if (b !== 58) return null;
        if (!valid(i, digits)) return null;
        seg[i] = value;
        value = 0;
        digits = 0;
        i++;
      } else if (i === 5 || i === 6) {
        if (b === 46 && i === 5) {
          if (!valid(i, digits)) return null;
          seg[i] = value;
          value = 0;
          digits = 0;
          i++;
        } else {
          if (!valid(i, digits)) return null;
          seg[i] = value;
          value = 0;
          digits = 0;
          i++;
          tz = s.slice(j, end);
          j = end - 1;
        }
        if (i === 6 && b !== 46) i++;
      } else {
        if (i < 9 && (b === 58 || b === 32)) {
          if (!valid(i, digits)) return null;
          seg[i] = value;
          value = 0;
          digits = 0;
          i++;
        } else return null;
      }
    } else {
      if (i === 6) digitsMilli++;
      // Digits beyond the sixth of the fraction are dropped (micro precision).
      if (i !== 6 || digits < 6) value = value * 10 + v;
      digits++;
    }
    j++;
  }
  if (!valid(i, digits)) return null;
  seg[i] = value;
  let micros = seg[6]!;
  while (digitsMilli < 6) {
    micros *= 10;
    digitsMilli++;
  }
  return {
    year: seg[0]! * (yearSign === 0 ? 1 : yearSign),
    month: seg[1]!,
    day: seg[2]!,
    hour: seg[3]!,
    minute: seg[4]!,
    second: seg[5]!,
    micros,
    zone: tz === null ? null : tz.trim(),
    justTime,
  };
}

function validFields(p: TimestampParts): boolean {
  return (
    p.month >= 1 &&
    p.month <= 12 &&
    p.day >= 1 &&
    p.day <= daysInMonth(p.year, p.month) &&
    p.hour <= 23 &&
    p.minute <= 59 &&
    p.second <= 59
  );
}

/** CAST(string AS TIMESTAMP): micros since the epoch, the zone in the text winning over `zone`; null if invalid. */
export function parseTimestamp(s: string, zone: TimeZone | string): bigint | null {
  const p = parseTimestampParts(s);
  if (p === null) return null;
  let z = typeof zone === 'string' ? getTimeZone(zone) : zone;
  if (p.zone !== null) z = getTimeZone(p.zone);
  if (z === null) return null;
  let days: number;
  if (p.justTime) {
    if (p.hour > 23 || p.minute > 59 || p.second > 59) return null;
    const nowSec = Math.floor(Date.now() / 1000);
    days = Math.floor((nowSec + offsetAt(z, nowSec)) / SECONDS_PER_DAY);
  } else {
    if (!validFields(p)) return null;
    days = daysFromCivil(p.year, p.month, p.day);
  }
  const local = days * SECONDS_PER_DAY + p.hour * 3600 + p.minute * 60 + p.second;
  return toMicros(localToUtcSeconds(z, local), p.micros);
}

/**
 * CAST(string AS TIMESTAMP_NTZ): wall-clock micros; a zone in the text is dropped when `allowTimeZone`
 * (as the cast does), otherwise the text is rejected. Time-only text is rejected.
 */
export function parseTimestampNTZ(s: string, allowTimeZone = true): bigint | null {
  const p = parseTimestampParts(s);
  if (p === null || p.justTime) return null;
  if (p.zone !== null && (!allowTimeZone || getTimeZone(p.zone) === null)) return null;
  if (!validFields(p)) return null;
  const local =
    daysFromCivil(p.year, p.month, p.day) * SECONDS_PER_DAY + p.hour * 3600 + p.minute * 60 + p.second;
  return toMicros(local, p.micros);
}
