// INTERVAL literals: Spark 4 gives ANSI interval types (year-month or day-time) unless
// spark.sql.legacy.interval.enabled asks for the old calendar interval.

import { FlintError, T, type DataType } from '@flint/common';
import type { Expr } from '../expr.js';

const YM_UNITS = ['YEAR', 'MONTH'];
const DT_UNITS = ['DAY', 'HOUR', 'MINUTE', 'SECOND'];
const MICROS: Record<string, bigint> = {
  WEEK: 7n * 86_400_000_000n,
  DAY: 86_400_000_000n,
  HOUR: 3_600_000_000n,
  MINUTE: 60_000_000n,
  SECOND: 1_000_000n,
  MILLISECOND: 1000n,
  MICROSECOND: 1n,
};

function unitOf(u: string): string {
  const x = u.toUpperCase().replace(/S$/, '');
  return x;
}

function invalid(text: string): FlintError {
  return new FlintError(
    'INVALID_INTERVAL_FORMAT.INVALID_UNIT',
    `[INVALID_INTERVAL_FORMAT] Error parsing interval '${text}'.`,
    { input: text },
    null,
    '22006',
  );
}

/** Parses a decimal number of `unit` into microseconds, exactly. */
function toMicros(value: string, unit: string): bigint {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (!m) throw invalid(value);
  const sign = m[1] === '-' ? -1n : 1n;
  const whole = BigInt(m[2] || '0');
  const frac = m[3] ?? '';
  const per = MICROS[unit]!;
  let micros = whole * per;
  if (frac) micros += (BigInt(frac.padEnd(9, '0').slice(0, 9)) * per) / 1_000_000_000n;
  return sign * micros;
}

/** INTERVAL '1 month 2 days': a string without a unit keyword holds its own `<number> <unit>` pairs. */
function splitUnitString(
  parts: { value: string; unit?: string; to?: string }[],
): { value: string; unit?: string; to?: string }[] {
  return parts.flatMap((p) => {
    if (p.unit) return [p];
    const body = p.value.trim().replace(/^interval\s+/i, '');
    const re = /([+-]?\d+(?:\.\d*)?|[+-]?\.\d+)\s*([a-zA-Z]+)\s*/gy;
    const out: { value: string; unit: string }[] = [];
    let pos = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(body)) !== null) {
      out.push({ value: m[1]!, unit: m[2]! });
      pos = re.lastIndex;
    }
    if (out.length === 0 || pos < body.length) throw invalid(p.value);
    return out;
  });
}

export function parseIntervalLiteral(text: string): Expr {
  const parts = splitUnitString(JSON.parse(text) as { value: string; unit?: string; to?: string }[]);
  let months = 0;
  let micros = 0n;
  let ymUsed = false;
  let dtUsed = false;
  let startField = 99;
  let endField = -1;
  for (const p of parts) {
    if (!p.unit) throw invalid(p.value);
    const unit = unitOf(p.unit);
    if (p.to) {
      const to = unitOf(p.to);
      if (unit === 'YEAR' && to === 'MONTH') {
        const m = /^([+-])?(\d+)-(\d+)$/.exec(p.value.trim());
        if (!m) throw invalid(p.value);
        months += (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 12 + Number(m[3]));
        ymUsed = true;
        startField = 0;
        endField = 1;
        continue;
      }
      // DAY TO SECOND forms: 'd h:m:s.f'
      const m = /^([+-])?(?:(\d+) )?(?:(\d+):)?(?:(\d+):)?(\d+(?:\.\d+)?)?$/.exec(p.value.trim());
      if (!m) throw invalid(p.value);
      const sign = m[1] === '-' ? -1n : 1n;
      const fields = p.value.trim().replace(/^[+-]/, '').split(/[ :]/);
      const order = DT_UNITS.slice(DT_UNITS.indexOf(unit), DT_UNITS.indexOf(to) + 1);
      if (fields.length !== order.length) throw invalid(p.value);
      let total = 0n;
      order.forEach((u, i) => (total += toMicros(fields[i]!, u)));
      micros += sign * total;
      dtUsed = true;
      startField = Math.min(startField, DT_UNITS.indexOf(unit));
      endField = Math.max(endField, DT_UNITS.indexOf(to));
      continue;
    }
    if (unit === 'YEAR' || unit === 'MONTH') {
      const n = Number(p.value);
      if (!Number.isInteger(n)) throw invalid(p.value);
      months += unit === 'YEAR' ? n * 12 : n;
      ymUsed = true;
      startField = Math.min(startField, YM_UNITS.indexOf(unit));
      endField = Math.max(endField, YM_UNITS.indexOf(unit));
    } else if (MICROS[unit] !== undefined) {
      micros += toMicros(p.value, unit);
      dtUsed = true;
      const idx =
        unit === 'WEEK' ? 0 : unit === 'MILLISECOND' || unit === 'MICROSECOND' ? 3 : DT_UNITS.indexOf(unit);
      startField = Math.min(startField, idx);
      endField = Math.max(endField, idx);
    } else {
      throw invalid(p.value);
    }
  }
  if (ymUsed && dtUsed) {
    return { kind: 'Literal', value: { months, days: 0, micros }, dataType: T.calendarInterval };
  }
  if (ymUsed) {
    const t: DataType = T.yearMonthInterval(startField, endField);
    return { kind: 'Literal', value: months, dataType: t };
  }
  return { kind: 'Literal', value: micros, dataType: T.dayTimeInterval(startField, endField) };
}
