// Kernels of the built-in date/time functions, keyed by ScalarFunction name (typing in @flint/planner
// functions/datetime.ts). Dates are days since the epoch, timestamps microseconds; the session zone
// comes from EvalContext.timeZone.

import {
  FlintError,
  T,
  addMonths,
  civilFromDays,
  dayOfWeek,
  dayOfYear,
  daysFromCivil,
  daysInMonth,
  daysToMicros,
  getTimeZone,
  lastDayOfMonth,
  localToUtcSeconds,
  microsToDays,
  microsToLocalFields,
  parseDate,
  parseTimestamp,
  utcMicrosToLocal,
  weekDay,
  type CalendarInterval,
  type TimeZone,
  type Vector,
} from '@flint/common';
import type { EvalContext, ScalarKernel } from './kernel.js';
import { makeTimestampDateTime } from './time.js';
import { bigAt, isNullAt, mapRows, memo1, numAt, strAt } from './string-util.js';
import {
  compileDateTimePattern as compilePattern,
  formatMicrosWith as formatMicros,
  DateTimeParseFailure as ParseFailure,
  parseDateTimeWith as parseWith,
  parsedDays,
  parsedMicros,
} from '@flint/common';

type K = ScalarKernel;
const MICROS = 1000000n;
const DAY_MICROS = 86400000000n;

function zoneOf(ctx: EvalContext): TimeZone {
  const z = getTimeZone(ctx.timeZone);
  if (z === null)
    throw new FlintError(
      'INVALID_TIMEZONE',
      `Invalid time zone ${ctx.timeZone}`,
      { timeZone: ctx.timeZone },
      null,
      '22009',
    );
  return z;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Local fields of a timestamp (zone) or timestamp_ntz (null zone) value. */
function fieldsOf(v: Vector, i: number, zone: TimeZone) {
  // TIME: nanoseconds since midnight, read as a local time on 1970-01-01.
  if (v.type.kind === 'time') return microsToLocalFields(bigAt(v, i) / 1000n, null);
  const m = bigAt(v, i);
  return microsToLocalFields(m, v.type.kind === 'timestamp_ntz' ? null : zone);
}

/** Days of a date, timestamp or ntz value. */
function daysOf(v: Vector, i: number, zone: TimeZone): number {
  if (v.type.kind === 'date') return numAt(v, i);
  const m = bigAt(v, i);
  if (v.type.kind === 'timestamp_ntz') return Number(floorDiv(m, DAY_MICROS));
  return microsToDays(m, zone);
}

const scratch = [0, 0, 0];
function ymd(days: number): [number, number, number] {
  civilFromDays(days, scratch);
  return [scratch[0]!, scratch[1]!, scratch[2]!];
}

/** The field of a date by index into civilFromDays' [year, month, day], without an array per row. */
function civilField(k: number): (days: number) => number {
  return (days) => {
    civilFromDays(days, scratch);
    return scratch[k]!;
  };
}

function dateField(f: (days: number) => number): K {
  return (args, _e, ctx, n) => {
    const a = args[0]!;
    if (a.type.kind === 'date') {
      // Dates: one loop over the day numbers.
      const days = a.values as Int32Array;
      const out = new Int32Array(n);
      const nulls = a.nulls;
      for (let i = 0; i < n; i++) if (nulls === null || nulls[i] === 0) out[i] = f(days[i]!);
      return { type: T.int, length: n, values: out, nulls: nulls === null ? null : nulls.slice(0, n) };
    }
    const z = zoneOf(ctx);
    return mapRows(args, n, T.int, (i) => f(daysOf(args[0]!, i, z)));
  };
}

/** EXTRACT(YEAR | MONTH | DAY FROM date) by the same loops as year(), month(), day(). */
const EXTRACT_CIVIL: readonly K[] = [
  dateField(civilField(0)),
  dateField(civilField(1)),
  dateField(civilField(2)),
];

/** ISO-8601 week number (weekofyear). */
function isoWeek(days: number): number {
  const wd = weekDay(days); // 0 = Monday
  const thursday = days - wd + 3;
  const [y] = ymd(thursday);
  return Math.floor((thursday - daysFromCivil(y, 1, 1)) / 7) + 1;
}

function isoYear(days: number): number {
  const wd = weekDay(days);
  return ymd(days - wd + 3)[0];
}

function timeField(f: (x: { hour: number; minute: number; second: number }) => number): K {
  return (args, _e, ctx, n) => {
    const z = zoneOf(ctx);
    return mapRows(args, n, T.int, (i) => f(fieldsOf(args[0]!, i, z)));
  };
}

function fieldOutOfBounds(msg: string): FlintError {
  return new FlintError(
    'DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION',
    `[DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION] ${msg}.`,
    { rangeMessage: msg },
    null,
    '22023',
  );
}

function makeDateValue(y: number, m: number, d: number, ansi: boolean): number | null {
  if (m < 1 || m > 12) {
    if (ansi) throw fieldOutOfBounds(`Invalid value for MonthOfYear (valid values 1 - 12): ${m}`);
    return null;
  }
  if (d < 1 || d > 31) {
    if (ansi) throw fieldOutOfBounds(`Invalid value for DayOfMonth (valid values 1 - 28/31): ${d}`);
    return null;
  }
  if (d > daysInMonth(y, m)) {
    if (ansi) {
      const names = [
        'JANUARY',
        'FEBRUARY',
        'MARCH',
        'APRIL',
        'MAY',
        'JUNE',
        'JULY',
        'AUGUST',
        'SEPTEMBER',
        'OCTOBER',
        'NOVEMBER',
        'DECEMBER',
      ];
      throw new FlintError(
        'DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION',
        m === 2 && d === 29
          ? `Invalid date 'February 29' as '${y}' is not a leap year`
          : `Invalid date '${names[m - 1]} ${d}'`,
        {
          rangeMessage:
            m === 2 && d === 29
              ? `Invalid date 'February 29' as '${y}' is not a leap year`
              : `Invalid date '${names[m - 1]} ${d}'`,
        },
        null,
        '22023',
      );
    }
    return null;
  }
  return daysFromCivil(y, m, d);
}

function cannotParse(message: string, func: string): FlintError {
  return new FlintError(
    'CANNOT_PARSE_TIMESTAMP',
    `[CANNOT_PARSE_TIMESTAMP] ${message}. Use \`${func}\` to tolerate invalid input string and return NULL instead.`,
    { message, func: `\`${func}\`` },
    null,
    '22007',
  );
}

function castInvalid(s: string, target: string): FlintError {
  return new FlintError(
    'CAST_INVALID_INPUT',
    `[CAST_INVALID_INPUT] The value '${s}' of the type "STRING" cannot be cast to "${target}" because it is malformed.`,
    {
      expression: `'${s}'`,
      sourceType: '"STRING"',
      targetType: `"${target}"`,
      ansiConfig: '"spark.sql.ansi.enabled"',
    },
    null,
    '22018',
  );
}

/** Shared by to_date / to_timestamp / unix_timestamp: a per-call pattern cache and the failure policy. */
function parser(mode: 'error' | 'null', func: string) {
  const compile = memo1(compilePattern);
  return (s: string, fmt: string): ReturnType<typeof parseWith> | null => {
    const toks = compile(fmt);
    try {
      return parseWith(toks, s);
    } catch (e) {
      if (e instanceof ParseFailure) {
        if (mode === 'error')
          throw cannotParse(e.message.replace(/^Text '.*' could not be parsed: /, ''), func);
        return null;
      }
      throw e;
    }
  };
}

const DEFAULT_TS_FORMAT = 'yyyy-MM-dd HH:mm:ss';

/** Value of a date/timestamp/ntz/string argument as micros (strings cast as Spark does). */
function microsOf(v: Vector, i: number, zone: TimeZone, ansi: boolean): bigint | null {
  switch (v.type.kind) {
    case 'date':
      return daysToMicros(numAt(v, i), zone);
    case 'timestamp':
      return bigAt(v, i);
    case 'timestamp_ntz':
      return (
        BigInt(localToUtcSeconds(zone, Number(floorDiv(bigAt(v, i), MICROS)))) * MICROS +
        (((bigAt(v, i) % MICROS) + MICROS) % MICROS)
      );
    case 'string': {
      const r = parseTimestamp(strAt(v, i), zone);
      if (r === null && ansi) throw castInvalid(strAt(v, i), 'TIMESTAMP');
      return r;
    }
    default:
      return bigAt(v, i);
  }
}

const DOW: Record<string, number> = {
  SU: 0,
  SUN: 0,
  SUNDAY: 0,
  MO: 1,
  MON: 1,
  MONDAY: 1,
  TU: 2,
  TUE: 2,
  TUESDAY: 2,
  WE: 3,
  WED: 3,
  WEDNESDAY: 3,
  TH: 4,
  THU: 4,
  THURSDAY: 4,
  FR: 5,
  FRI: 5,
  FRIDAY: 5,
  SA: 6,
  SAT: 6,
  SATURDAY: 6,
};

function truncDate(days: number, fmt: string): number | null {
  const [y, m] = ymd(days);
  switch (fmt.toUpperCase()) {
    case 'YEAR':
    case 'YYYY':
    case 'YY':
      return daysFromCivil(y, 1, 1);
    case 'QUARTER':
      return daysFromCivil(y, Math.floor((m - 1) / 3) * 3 + 1, 1);
    case 'MONTH':
    case 'MM':
    case 'MON':
      return daysFromCivil(y, m, 1);
    case 'WEEK':
      return days - weekDay(days);
    default:
      return null;
  }
}

function truncTimestamp(micros: bigint, fmt: string, zone: TimeZone | null): bigint | null {
  const f = fmt.toUpperCase();
  const toLocal = (m: bigint): bigint => (zone === null ? m : utcMicrosToLocal(m, zone));
  const fromLocal = (l: bigint): bigint =>
    zone === null
      ? l
      : BigInt(localToUtcSeconds(zone, Number(floorDiv(l, MICROS)))) * MICROS +
        (((l % MICROS) + MICROS) % MICROS);
  const local = toLocal(micros);
  const unit = (u: bigint): bigint => fromLocal(floorDiv(local, u) * u);
  switch (f) {
    case 'MICROSECOND':
      return micros;
    case 'MILLISECOND':
      return unit(1000n);
    case 'SECOND':
      return unit(MICROS);
    case 'MINUTE':
      return unit(60n * MICROS);
    case 'HOUR':
      return unit(3600n * MICROS);
    case 'DAY':
    case 'DD':
      return unit(DAY_MICROS);
    default: {
      const days = Number(floorDiv(local, DAY_MICROS));
      const d = truncDate(days, f);
      return d === null ? null : fromLocal(BigInt(d) * DAY_MICROS);
    }
  }
}

function monthsBetween(t1: bigint, t2: bigint, roundOff: boolean, zone: TimeZone): number {
  const f1 = microsToLocalFields(t1, zone);
  const f2 = microsToLocalFields(t2, zone);
  const monthDiff = f1.year * 12 + f1.month - (f2.year * 12 + f2.month);
  const last1 = f1.day === daysInMonth(f1.year, f1.month);
  const last2 = f2.day === daysInMonth(f2.year, f2.month);
  if (f1.day === f2.day || (last1 && last2)) return monthDiff;
  const sod1 = f1.hour * 3600 + f1.minute * 60 + f1.second + f1.micros / 1e6;
  const sod2 = f2.hour * 3600 + f2.minute * 60 + f2.second + f2.micros / 1e6;
  const secondsDiff = (f1.day - f2.day) * 86400 + Math.floor(sod1) - Math.floor(sod2);
  const diff = monthDiff + secondsDiff / (31 * 86400);
  return roundOff ? Math.floor(diff * 1e8 + 0.5) / 1e8 : diff;
}

function overflow(msg: string): FlintError {
  return new FlintError(
    'ARITHMETIC_OVERFLOW',
    `[ARITHMETIC_OVERFLOW] ${msg}.`,
    { message: msg, alternative: '', config: '"spark.sql.ansi.enabled"' },
    null,
    '22003',
  );
}

const LONG_MAX = 9223372036854775807n;
const LONG_MIN = -9223372036854775808n;
function checkLong(x: bigint): bigint {
  if (x > LONG_MAX || x < LONG_MIN) throw overflow('long overflow');
  return x;
}

/** timestampadd(unit, n, ts) for a timestamp in `zone` (null for ntz). */
function timestampAdd(unit: string, n: bigint, micros: bigint, zone: TimeZone | null): bigint {
  const u = unit.toUpperCase();
  const fixed: Record<string, bigint> = {
    MICROSECOND: 1n,
    MILLISECOND: 1000n,
    SECOND: MICROS,
    MINUTE: 60n * MICROS,
    HOUR: 3600n * MICROS,
  };
  const f = fixed[u];
  if (f !== undefined) return checkLong(micros + n * f);
  const local = zone === null ? micros : utcMicrosToLocal(micros, zone);
  const days = Number(floorDiv(local, DAY_MICROS));
  const tod = local - BigInt(days) * DAY_MICROS;
  let nd: number;
  switch (u) {
    case 'DAY':
    case 'DAYOFYEAR':
      nd = days + Number(n);
      break;
    case 'WEEK':
      nd = days + 7 * Number(n);
      break;
    case 'MONTH':
      nd = addMonths(days, Number(n));
      break;
    case 'QUARTER':
      nd = addMonths(days, 3 * Number(n));
      break;
    case 'YEAR':
      nd = addMonths(days, 12 * Number(n));
      break;
    default:
      throw new FlintError(
        'INVALID_PARAMETER_VALUE.DATETIME_UNIT',
        `invalid unit ${unit}`,
        { invalidValue: `'${unit}'` },
        null,
        '22023',
      );
  }
  const l2 = BigInt(nd) * DAY_MICROS + tod;
  return zone === null
    ? l2
    : BigInt(localToUtcSeconds(zone, Number(floorDiv(l2, MICROS)))) * MICROS +
        (((l2 % MICROS) + MICROS) % MICROS);
}

function timestampDiff(unit: string, a: bigint, b: bigint, zone: TimeZone | null): bigint {
  const u = unit.toUpperCase();
  const fixed: Record<string, bigint> = {
    MICROSECOND: 1n,
    MILLISECOND: 1000n,
    SECOND: MICROS,
    MINUTE: 60n * MICROS,
    HOUR: 3600n * MICROS,
    DAY: DAY_MICROS,
    WEEK: 7n * DAY_MICROS,
  };
  const f = fixed[u];
  if (f !== undefined) return (b - a) / f;
  const la = zone === null ? a : utcMicrosToLocal(a, zone);
  const lb = zone === null ? b : utcMicrosToLocal(b, zone);
  const fa = microsToLocalFields(la, null);
  const fb = microsToLocalFields(lb, null);
  let months = (fb.year - fa.year) * 12 + (fb.month - fa.month);
  // an incomplete last month does not count (LocalDateTime.until semantics)
  const restA = ((fa.day * 24 + fa.hour) * 60 + fa.minute) * 60e6 + fa.second * 1e6 + fa.micros;
  const restB = ((fb.day * 24 + fb.hour) * 60 + fb.minute) * 60e6 + fb.second * 1e6 + fb.micros;
  if (months > 0 && restB < restA) months--;
  else if (months < 0 && restB > restA) months++;
  const m = BigInt(months);
  if (u === 'MONTH') return m;
  if (u === 'QUARTER') return m / 3n;
  if (u === 'YEAR') return m / 12n;
  throw new FlintError(
    'INVALID_PARAMETER_VALUE.DATETIME_UNIT',
    `invalid unit ${unit}`,
    { invalidValue: `'${unit}'` },
    null,
    '22023',
  );
}

function tzOf(name: string): TimeZone {
  const z = getTimeZone(name);
  if (z === null)
    throw new FlintError(
      'INVALID_TIMEZONE',
      `The timezone: ${name} is invalid.`,
      { timeZone: name },
      null,
      '22009',
    );
  return z;
}

function secondsDecimal(f: { second: number; micros: number }): bigint {
  return BigInt(f.second) * MICROS + BigInt(f.micros);
}

function extractKernel(field: string, v: Vector, i: number, zone: TimeZone): number | bigint {
  const t = v.type.kind;
  if (t === 'year_month_interval') {
    const months = numAt(v, i);
    return field === 'YEAR' ? Math.trunc(months / 12) : months % 12;
  }
  if (t === 'day_time_interval') {
    const us = bigAt(v, i);
    switch (field) {
      case 'DAY':
        return Number(us / DAY_MICROS);
      case 'HOUR':
        return Number((us / (3600n * MICROS)) % 24n);
      case 'MINUTE':
        return Number((us / (60n * MICROS)) % 60n);
      default:
        return us % (60n * MICROS);
    }
  }
  if (t === 'calendar_interval') {
    const c = (v.values as CalendarInterval[])[i]!;
    switch (field) {
      case 'YEAR':
        return Math.trunc(c.months / 12);
      case 'MONTH':
        return c.months % 12;
      case 'DAY':
        return c.days;
      case 'HOUR':
        return Number(c.micros / (3600n * MICROS));
      case 'MINUTE':
        return Number((c.micros / (60n * MICROS)) % 60n);
      default:
        return c.micros % (60n * MICROS);
    }
  }
  if (field === 'HOUR' || field === 'MINUTE' || field === 'SECOND') {
    const f = fieldsOf(v, i, zone);
    return field === 'HOUR' ? f.hour : field === 'MINUTE' ? f.minute : secondsDecimal(f);
  }
  const days = daysOf(v, i, zone);
  const [y, m, d] = ymd(days);
  switch (field) {
    case 'YEAR':
      return y;
    case 'YEAROFWEEK':
      return isoYear(days);
    case 'QUARTER':
      return Math.floor((m - 1) / 3) + 1;
    case 'MONTH':
      return m;
    case 'WEEK':
      return isoWeek(days);
    case 'DAY':
      return d;
    case 'DAYOFWEEK':
      return dayOfWeek(days);
    case 'DAYOFWEEK_ISO':
      return weekDay(days) + 1;
    case 'DOY':
      return dayOfYear(days);
    default:
      throw new FlintError('INVALID_EXTRACT_FIELD', `invalid field ${field}`, { field }, null, '42601');
  }
}

const MONTH_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function toDateKernel(mode: 'ansi' | 'try'): K {
  return (args, _e, ctx, n) => {
    const z = zoneOf(ctx);
    const strict = mode === 'ansi' && ctx.ansi;
    const parse = parser(strict ? 'error' : 'null', 'try_to_date');
    return mapRows(args, n, T.date, (i) => {
      const v = args[0]!;
      if (args.length < 2) {
        if (v.type.kind !== 'string') return daysOf(v, i, z);
        const d = parseDate(strAt(v, i));
        if (d === null && strict) throw castInvalid(strAt(v, i), 'DATE');
        return d;
      }
      if (v.type.kind !== 'string') return daysOf(v, i, z);
      const p = parse(strAt(v, i), strAt(args[1]!, i));
      if (p === null) return null;
      // a zone in the text shifts the instant, the date is taken in the session zone
      if (p.zone !== null) return microsToDays(parsedMicros(p, z), z);
      return parsedDays(p);
    });
  };
}

function toTimestampKernel(mode: 'ansi' | 'try', ntz: boolean): K {
  return (args, expr, ctx, n) => {
    const z = zoneOf(ctx);
    const strict = mode === 'ansi' && ctx.ansi;
    const parse = parser(strict ? 'error' : 'null', 'try_to_timestamp');
    return mapRows(args, n, expr.dataType, (i) => {
      const v = args[0]!;
      if (v.type.kind !== 'string') {
        if (v.type.kind === 'date')
          return ntz ? BigInt(numAt(v, i)) * DAY_MICROS : daysToMicros(numAt(v, i), z);
        if (v.type.kind === 'timestamp' && ntz) return utcMicrosToLocal(bigAt(v, i), z);
        if (v.type.kind === 'timestamp_ntz' && !ntz) return microsOf(v, i, z, ctx.ansi);
        return bigAt(v, i);
      }
      const s = strAt(v, i);
      if (args.length < 2) {
        const r = parseTimestamp(s, ntz ? 'UTC' : z);
        if (r === null && strict) throw castInvalid(s, ntz ? 'TIMESTAMP_NTZ' : 'TIMESTAMP');
        return r;
      }
      const p = parse(s, strAt(args[1]!, i));
      if (p === null) return null;
      return ntz ? parsedMicros({ ...p, zone: null }, null) : parsedMicros(p, z);
    });
  };
}

function unixTimestampKernel(): K {
  return (args, _e, ctx, n) => {
    const z = zoneOf(ctx);
    const parse = parser(ctx.ansi ? 'error' : 'null', 'try_to_timestamp');
    return mapRows(args, n, T.long, (i) => {
      const v = args[0]!;
      if (v.type.kind === 'string') {
        const p = parse(strAt(v, i), args.length > 1 ? strAt(args[1]!, i) : DEFAULT_TS_FORMAT);
        if (p === null) return null;
        return floorDiv(parsedMicros(p, z), MICROS);
      }
      const m = microsOf(v, i, z, ctx.ansi);
      return m === null ? null : floorDiv(m, MICROS);
    });
  };
}

export const datetimeKernels: Record<string, ScalarKernel> = {
  current_date: (_a, _e, ctx, n) => {
    const d = microsToDays(ctx.queryStartMicros, zoneOf(ctx));
    return mapRows([], n, T.date, () => d);
  },
  current_timestamp: (_a, _e, ctx, n) => mapRows([], n, T.timestamp, () => ctx.queryStartMicros),
  localtimestamp: (_a, _e, ctx, n) => {
    const l = utcMicrosToLocal(ctx.queryStartMicros, zoneOf(ctx));
    return mapRows([], n, T.timestampNtz, () => l);
  },
  current_timezone: (_a, _e, ctx, n) => mapRows([], n, T.string, () => ctx.timeZone),
  date_add: (args, _e, _c, n) => mapRows(args, n, T.date, (i) => numAt(args[0]!, i) + numAt(args[1]!, i)),
  date_sub: (args, _e, _c, n) => mapRows(args, n, T.date, (i) => numAt(args[0]!, i) - numAt(args[1]!, i)),
  datediff: (args, _e, _c, n) => mapRows(args, n, T.int, (i) => numAt(args[0]!, i) - numAt(args[1]!, i)),
  add_months: (args, _e, _c, n) =>
    mapRows(args, n, T.date, (i) => addMonths(numAt(args[0]!, i), numAt(args[1]!, i))),
  months_between: (args, _e, ctx, n) => {
    const z = zoneOf(ctx);
    return mapRows(args, n, T.double, (i) =>
      monthsBetween(bigAt(args[0]!, i), bigAt(args[1]!, i), numAt(args[2]!, i) !== 0, z),
    );
  },
  last_day: (args, _e, _c, n) => mapRows(args, n, T.date, (i) => lastDayOfMonth(numAt(args[0]!, i))),
  next_day: (args, _e, ctx, n) =>
    mapRows(args, n, T.date, (i) => {
      const name = strAt(args[1]!, i);
      const target = DOW[name.trim().toUpperCase()];
      if (target === undefined) {
        if (ctx.ansi) {
          throw new FlintError(
            'ILLEGAL_DAY_OF_WEEK',
            `[ILLEGAL_DAY_OF_WEEK] Illegal input for day of week: ${name}.`,
            { string: name },
            null,
            '22009',
          );
        }
        return null;
      }
      const d = numAt(args[0]!, i);
      const cur = dayOfWeek(d) - 1; // 0 = Sunday
      const delta = (target - cur + 7) % 7 || 7;
      return d + delta;
    }),
  trunc: (args, _e, _c, n) =>
    mapRows(args, n, T.date, (i) => truncDate(numAt(args[0]!, i), strAt(args[1]!, i))),
  date_trunc: (args, expr, ctx, n) => {
    const z = zoneOf(ctx);
    return mapRows(args, n, expr.dataType, (i) =>
      truncTimestamp(
        bigAt(args[1]!, i),
        strAt(args[0]!, i),
        args[1]!.type.kind === 'timestamp_ntz' ? null : z,
      ),
    );
  },
  year: dateField(civilField(0)),
  quarter: dateField((d) => Math.floor((civilField(1)(d) - 1) / 3) + 1),
  month: dateField(civilField(1)),
  day: dateField(civilField(2)),
  dayofweek: dateField(dayOfWeek),
  weekday: dateField(weekDay),
  dayofyear: dateField(dayOfYear),
  weekofyear: dateField(isoWeek),
  hour: timeField((f) => f.hour),
  minute: timeField((f) => f.minute),
  second: timeField((f) => f.second),
  extract: (args, expr, ctx, n) => {
    const z = zoneOf(ctx);
    const field = String(expr.options?.['field'] ?? '');
    const civil = field === 'YEAR' ? 0 : field === 'MONTH' ? 1 : field === 'DAY' ? 2 : -1;
    if (civil >= 0 && args[0]!.type.kind === 'date' && expr.dataType.kind === 'integer') {
      return EXTRACT_CIVIL[civil]!(args, expr, ctx, n);
    }
    return mapRows([args[0]!], n, expr.dataType, (i) => extractKernel(field, args[0]!, i, z));
  },
  dayname: (args, _e, ctx, n) => {
    const z = zoneOf(ctx);
    return mapRows(args, n, T.string, (i) => DAY_SHORT[weekDay(daysOf(args[0]!, i, z))]!);
  },
  monthname: (args, _e, ctx, n) => {
    const z = zoneOf(ctx);
    return mapRows(args, n, T.string, (i) => MONTH_SHORT[ymd(daysOf(args[0]!, i, z))[1] - 1]!);
  },
  make_date: (args, _e, ctx, n) =>
    mapRows(args, n, T.date, (i) =>
      makeDateValue(numAt(args[0]!, i), numAt(args[1]!, i), numAt(args[2]!, i), ctx.ansi),
    ),
  make_timestamp: (args, expr, ctx, n) => {
    const dtForm = expr.options?.['dtForm'];
    if (typeof dtForm === 'string') return makeTimestampDateTime(args, expr, ctx, n, dtForm);
    const session = zoneOf(ctx);
    const ntz = expr.dataType.kind === 'timestamp_ntz';
    const scale = args[5]!.type.kind === 'decimal' ? args[5]!.type.scale : 0;
    return mapRows(args, n, expr.dataType, (i) => {
      const days = makeDateValue(numAt(args[0]!, i), numAt(args[1]!, i), numAt(args[2]!, i), ctx.ansi);
      if (days === null) return null;
      const h = numAt(args[3]!, i);
      const mi = numAt(args[4]!, i);
      const secU = bigAt(args[5]!, i) * 10n ** BigInt(Math.max(0, 6 - scale));
      let sec = Number(secU / MICROS);
      const frac = secU % MICROS;
      if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 60 || (sec === 60 && frac !== 0n)) {
        if (ctx.ansi) {
          const what =
            h < 0 || h > 23
              ? `HourOfDay (valid values 0 - 23): ${h}`
              : mi < 0 || mi > 59
                ? `MinuteOfHour (valid values 0 - 59): ${mi}`
                : `SecondOfMinute (valid values 0 - 59): ${sec}`;
          throw fieldOutOfBounds(`Invalid value for ${what}`);
        }
        return null;
      }
      let extra = 0;
      if (sec === 60) {
        sec = 0;
        extra = 60;
      }
      const local = days * 86400 + h * 3600 + mi * 60 + sec + extra;
      if (ntz) return BigInt(local) * MICROS + frac;
      const zone = args.length > 6 ? tzOf(strAt(args[6]!, i)) : session;
      return BigInt(localToUtcSeconds(zone, local)) * MICROS + frac;
    });
  },
  to_date: toDateKernel('ansi'),
  try_to_date: toDateKernel('try'),
  to_timestamp: toTimestampKernel('ansi', false),
  try_to_timestamp: toTimestampKernel('try', false),
  to_timestamp_ntz: toTimestampKernel('ansi', true),
  to_timestamp_ltz: toTimestampKernel('ansi', false),
  to_unix_timestamp: unixTimestampKernel(),
  unix_timestamp: unixTimestampKernel(),
  from_unixtime: (args, _e, ctx, n) => {
    const z = zoneOf(ctx);
    const compile = memo1(compilePattern);
    return mapRows(args, n, T.string, (i) =>
      formatMicros(
        compile(args.length > 1 ? strAt(args[1]!, i) : DEFAULT_TS_FORMAT),
        bigAt(args[0]!, i) * MICROS,
        z,
      ),
    );
  },
  date_format: (args, _e, ctx, n) => {
    const z = zoneOf(ctx);
    const compile = memo1(compilePattern);
    return mapRows(args, n, T.string, (i) => {
      const v = args[0]!;
      const toks = compile(strAt(args[1]!, i));
      if (v.type.kind === 'timestamp_ntz') return formatMicros(toks, bigAt(v, i), null);
      if (v.type.kind === 'time') return formatMicros(toks, bigAt(v, i) / 1000n, null);
      const m = microsOf(v, i, z, ctx.ansi);
      return m === null ? null : formatMicros(toks, m, z);
    });
  },
  from_utc_timestamp: (args, _e, _c, n) => {
    const zones = memo1(tzOf);
    return mapRows(args, n, T.timestamp, (i) =>
      utcMicrosToLocal(bigAt(args[0]!, i), zones(strAt(args[1]!, i))),
    );
  },
  to_utc_timestamp: (args, _e, _c, n) => {
    const zones = memo1(tzOf);
    return mapRows(args, n, T.timestamp, (i) => {
      const l = bigAt(args[0]!, i);
      return (
        BigInt(localToUtcSeconds(zones(strAt(args[1]!, i)), Number(floorDiv(l, MICROS)))) * MICROS +
        (((l % MICROS) + MICROS) % MICROS)
      );
    });
  },
  convert_timezone: (args, _e, _c, n) => {
    const zones = memo1(tzOf);
    return mapRows(args, n, T.timestampNtz, (i) => {
      const src = zones(strAt(args[0]!, i));
      const tgt = zones(strAt(args[1]!, i));
      const l = bigAt(args[2]!, i);
      const inst =
        BigInt(localToUtcSeconds(src, Number(floorDiv(l, MICROS)))) * MICROS +
        (((l % MICROS) + MICROS) % MICROS);
      return utcMicrosToLocal(inst, tgt);
    });
  },
  unix_date: (args, _e, _c, n) => mapRows(args, n, T.int, (i) => numAt(args[0]!, i)),
  unix_seconds: (args, _e, _c, n) => mapRows(args, n, T.long, (i) => floorDiv(bigAt(args[0]!, i), MICROS)),
  unix_millis: (args, _e, _c, n) => mapRows(args, n, T.long, (i) => floorDiv(bigAt(args[0]!, i), 1000n)),
  unix_micros: (args, _e, _c, n) => mapRows(args, n, T.long, (i) => bigAt(args[0]!, i)),
  date_from_unix_date: (args, _e, _c, n) => mapRows(args, n, T.date, (i) => numAt(args[0]!, i)),
  timestamp_seconds: (args, _e, _c, n) =>
    mapRows(args, n, T.timestamp, (i) => {
      const v = args[0]!;
      if (v.type.kind === 'decimal') {
        const s = v.type.scale;
        const u = bigAt(v, i);
        return checkLong(s <= 6 ? u * 10n ** BigInt(6 - s) : u / 10n ** BigInt(s - 6));
      }
      if (v.type.kind === 'double' || v.type.kind === 'float') {
        const x = numAt(v, i);
        if (!Number.isFinite(x)) return null;
        return checkLong(BigInt(Math.trunc(x * 1e6)));
      }
      return checkLong(bigAt(v, i) * MICROS);
    }),
  timestamp_millis: (args, _e, _c, n) =>
    mapRows(args, n, T.timestamp, (i) => checkLong(bigAt(args[0]!, i) * 1000n)),
  timestamp_micros: (args, _e, _c, n) => mapRows(args, n, T.timestamp, (i) => bigAt(args[0]!, i)),
  timestampadd: (args, expr, ctx, n) => {
    const z = zoneOf(ctx);
    const unit = String(expr.options?.['unit'] ?? '');
    return mapRows(args, n, expr.dataType, (i) =>
      timestampAdd(
        unit,
        bigAt(args[0]!, i),
        bigAt(args[1]!, i),
        args[1]!.type.kind === 'timestamp_ntz' ? null : z,
      ),
    );
  },
  timestampdiff: (args, expr, ctx, n) => {
    const z = zoneOf(ctx);
    const unit = String(expr.options?.['unit'] ?? '');
    return mapRows(args, n, T.long, (i) =>
      timestampDiff(
        unit,
        bigAt(args[0]!, i),
        bigAt(args[1]!, i),
        args[0]!.type.kind === 'timestamp_ntz' ? null : z,
      ),
    );
  },
  // ---- operator helpers (d + INTERVAL, d - d, ts - ts)
  date_add_ym_interval: (args, _e, _c, n) =>
    mapRows(args, n, T.date, (i) => addMonths(numAt(args[0]!, i), numAt(args[1]!, i))),
  timestamp_add_ym_interval: (args, expr, ctx, n) => {
    const z = zoneOf(ctx);
    return mapRows(args, n, expr.dataType, (i) =>
      timestampAdd(
        'MONTH',
        BigInt(numAt(args[1]!, i)),
        bigAt(args[0]!, i),
        expr.dataType.kind === 'timestamp_ntz' ? null : z,
      ),
    );
  },
  timestamp_add_dt_interval: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, (i) => checkLong(bigAt(args[0]!, i) + bigAt(args[1]!, i))),
  timestamp_add_interval: (args, expr, ctx, n) => {
    const z = zoneOf(ctx);
    return mapRows(args, n, expr.dataType, (i) => {
      const c = (args[1]!.values as CalendarInterval[])[i]!;
      const zone = expr.dataType.kind === 'timestamp_ntz' ? null : z;
      let m = timestampAdd('MONTH', BigInt(c.months), bigAt(args[0]!, i), zone);
      m = timestampAdd('DAY', BigInt(c.days), m, zone);
      return checkLong(m + c.micros);
    });
  },
  date_add_interval: (args, _e, ctx, n) =>
    mapRows(args, n, T.date, (i) => {
      const c = (args[1]!.values as CalendarInterval[])[i]!;
      if (c.micros !== 0n && ctx.ansi) {
        throw new FlintError(
          'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE',
          'interval with time part cannot be added to a date',
          {},
          null,
          '42K09',
        );
      }
      return addMonths(numAt(args[0]!, i), c.months) + c.days + Number(c.micros / DAY_MICROS);
    }),
  subtract_dates: (args, _e, _c, n) =>
    mapRows(
      args,
      n,
      T.dayTimeInterval(0, 0),
      (i) => BigInt(numAt(args[0]!, i) - numAt(args[1]!, i)) * DAY_MICROS,
    ),
  // Spark subtracts the local date-times in the session zone, so a DST change does not shift the result.
  subtract_timestamps: (args, _e, ctx, n) => {
    const zone = args[0]!.type.kind === 'timestamp' ? zoneOf(ctx) : null;
    const local = (m: bigint): bigint => (zone === null ? m : utcMicrosToLocal(m, zone));
    return mapRows(args, n, T.dayTimeInterval(0, 3), (i) =>
      checkLong(local(bigAt(args[0]!, i)) - local(bigAt(args[1]!, i))),
    );
  },
  extractansiintervaldays: (args, _e, _c, n) =>
    mapRows(args, n, T.int, (i) => Number(bigAt(args[0]!, i) / DAY_MICROS)),
};

datetimeKernels['curdate'] = datetimeKernels['current_date']!;
datetimeKernels['now'] = datetimeKernels['current_timestamp']!;
datetimeKernels['dayofmonth'] = datetimeKernels['day']!;
datetimeKernels['date_part'] = datetimeKernels['extract']!;
datetimeKernels['make_timestamp_ntz'] = datetimeKernels['make_timestamp']!;
datetimeKernels['make_timestamp_ltz'] = datetimeKernels['make_timestamp']!;

void isNullAt;
