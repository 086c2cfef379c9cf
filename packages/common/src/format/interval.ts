// Interval text as Spark prints it: HIVE_STYLE (golden files), ANSI_STYLE (casts, show) and CalendarInterval.toString.
import type { CalendarInterval } from '../batch.js';
import { decimalToPlainString } from './java-number.js';

const MICROS_PER_SECOND = 1_000_000n;
const MICROS_PER_MINUTE = 60n * MICROS_PER_SECOND;
const MICROS_PER_HOUR = 60n * MICROS_PER_MINUTE;
const MICROS_PER_DAY = 24n * MICROS_PER_HOUR;
const LONG_MIN = -9223372036854775808n;

const YM_NAMES = ['YEAR', 'MONTH'];
const DT_NAMES = ['DAY', 'HOUR', 'MINUTE', 'SECOND'];

function pad2(n: bigint): string {
  return n < 10n ? '0' + n : String(n);
}

function plainSeconds(micros: bigint): string {
  // BigDecimal.valueOf(micros, 6).stripTrailingZeros.toPlainString
  let scale = 6;
  let u = micros;
  while (scale > 0 && u % 10n === 0n) {
    u /= 10n;
    scale--;
  }
  return decimalToPlainString(u, scale);
}

/** Year-month interval text: HIVE_STYLE 'y-m', ANSI_STYLE "INTERVAL 'y-m' YEAR TO MONTH". */
export function formatYearMonthInterval(months: number, ansi: boolean, startField = 0, endField = 1): string {
  const neg = months < 0;
  const abs = Math.abs(months);
  const year = (neg ? '-' : '') + Math.floor(abs / 12);
  const yearAndMonth = `${year}-${abs % 12}`;
  if (!ansi) return yearAndMonth;
  if (startField === endField) {
    return startField === 0 ? `INTERVAL '${year}' YEAR` : `INTERVAL '${months}' MONTH`;
  }
  return `INTERVAL '${yearAndMonth}' YEAR TO MONTH`;
}

/** Day-time interval text: HIVE_STYLE 'd hh:mm:ss.nnnnnnnnn', ANSI_STYLE "INTERVAL '1 02:03:04' DAY TO SECOND". */
export function formatDayTimeInterval(micros: bigint, ansi: boolean, startField = 0, endField = 3): string {
  const from = DT_NAMES[startField] ?? 'DAY';
  const to = DT_NAMES[endField] ?? 'SECOND';
  const postfix = `' ${startField === endField ? from : `${from} TO ${to}`}`;
  let sign = '';
  let rest = micros;
  if (micros < 0n) {
    if (micros === LONG_MIN) {
      const base = '-106751991 04:00:54.775808000';
      if (!ansi) return base;
      const first = ['-106751991', '-2562047788', '-153722867280', '-9223372036854.775808'][startField] ?? '';
      const following =
        startField === endField
          ? ''
          : base.substring([10, 13, 16][startField] ?? 10, [0, 13, 16, 26][endField] ?? 26);
      return `INTERVAL '${first}${following}${postfix}`;
    }
    sign = '-';
    rest = -rest;
  }
  if (!ansi) {
    const secondsWithFraction = rest % MICROS_PER_MINUTE;
    rest /= MICROS_PER_MINUTE;
    const minutes = rest % 60n;
    rest /= 60n;
    const hours = rest % 24n;
    const days = rest / 24n;
    const seconds = secondsWithFraction / MICROS_PER_SECOND;
    const nanos = (secondsWithFraction % MICROS_PER_SECOND) * 1000n;
    return `${sign}${days} ${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${String(nanos).padStart(9, '0')}`;
  }
  let out = sign;
  switch (startField) {
    case 0:
      out += String(rest / MICROS_PER_DAY);
      rest %= MICROS_PER_DAY;
      break;
    case 1:
      out += pad2(rest / MICROS_PER_HOUR);
      rest %= MICROS_PER_HOUR;
      break;
    case 2:
      out += pad2(rest / MICROS_PER_MINUTE);
      rest %= MICROS_PER_MINUTE;
      break;
    default:
      out += (rest < 10n * MICROS_PER_SECOND ? '0' : '') + plainSeconds(rest);
      break;
  }
  if (startField < 1 && 1 <= endField) {
    out += ' ' + pad2(rest / MICROS_PER_HOUR);
    rest %= MICROS_PER_HOUR;
  }
  if (startField < 2 && 2 <= endField) {
    out += ':' + pad2(rest / MICROS_PER_MINUTE);
    rest %= MICROS_PER_MINUTE;
  }
  if (startField < 3 && 3 <= endField) {
    out += ':' + (rest < 10n * MICROS_PER_SECOND ? '0' : '') + plainSeconds(rest);
  }
  return `INTERVAL '${out}${postfix}`;
}

/** Spark's CalendarInterval.toString: '1 years 2 months 3 days 4 hours 5 minutes 6.5 seconds', '0 seconds'. */
export function formatCalendarInterval(iv: CalendarInterval): string {
  const { months, days, micros } = iv;
  if (months === 0 && days === 0 && micros === 0n) return '0 seconds';
  const parts: string[] = [];
  const unit = (v: number | bigint, name: string): void => {
    if (v !== 0 && v !== 0n) parts.push(`${v} ${name}`);
  };
  if (months !== 0) {
    unit(Math.trunc(months / 12), 'years');
    unit(months % 12, 'months');
  }
  unit(days, 'days');
  if (micros !== 0n) {
    let rest = micros;
    unit(rest / MICROS_PER_HOUR, 'hours');
    rest %= MICROS_PER_HOUR;
    unit(rest / MICROS_PER_MINUTE, 'minutes');
    rest %= MICROS_PER_MINUTE;
    if (rest !== 0n) parts.push(`${plainSeconds(rest)} seconds`);
  }
  return parts.join(' ');
}

export { YM_NAMES as YEAR_MONTH_FIELD_NAMES, DT_NAMES as DAY_TIME_FIELD_NAMES };
