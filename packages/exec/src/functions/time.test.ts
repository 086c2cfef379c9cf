// Kernel tests for the TIME functions; expected values are Spark's (tier2 try_arithmetic.sql,
// datetime-parsing.sql, typeCoercion/native/dateTimeOperations.sql, implicitTypeCasts.sql, timestamp.sql).
import { describe, expect, it } from 'vitest';
import { T, formatTime, getValue, vectorFromValues, type DataType, type Value } from '@flint/common';
import type { Expr } from '@flint/planner';
import type { EvalContext, ScalarFunctionExpr } from './kernel.js';
import { timeKernels } from './time.js';
import { datetimeKernels } from './datetime.js';
import { castVector } from '../eval/cast/cast.js';

const ctx: EvalContext = {
  timeZone: 'America/Los_Angeles',
  ansi: true,
  queryStartMicros: 0n,
  conf: new Map(),
};
const t = (s: string): bigint => {
  const [h, m, rest] = s.split(':');
  const [sec, frac = ''] = (rest ?? '0').split('.');
  return (
    BigInt(Number(h) * 3600 + Number(m) * 60 + Number(sec)) * 1_000_000_000n +
    BigInt(frac.padEnd(9, '0') || '0')
  );
};
const HOUR_US = 3_600_000_000n;

function call(
  table: Record<string, (typeof timeKernels)[string]>,
  name: string,
  args: [DataType, Value][],
  out: DataType,
  options?: Record<string, Value>,
): Value {
  const vecs = args.map(([ty, v]) => vectorFromValues(ty, [v]));
  const expr = {
    kind: 'ScalarFunction',
    name,
    args: [] as Expr[],
    dataType: out,
    nullable: true,
    ...(options ? { options } : {}),
  } as ScalarFunctionExpr;
  return getValue(table[name]!(vecs, expr, ctx, 1), 0);
}

describe('TIME kernels', () => {
  it('time + interval, and try_add overflow to NULL', () => {
    const r = call(
      timeKernels,
      'time_add_interval',
      [
        [T.time(6), t('08:00:00')],
        [T.dayTimeInterval(1, 1), HOUR_US],
      ],
      T.time(6),
    );
    expect(formatTime(r as bigint)).toBe('09:00:00');
    expect(
      call(
        timeKernels,
        'time_add_interval',
        [
          [T.time(6), t('23:59:59.999999')],
          [T.dayTimeInterval(1, 1), HOUR_US],
        ],
        T.time(6),
        { try: true },
      ),
    ).toBeNull();
  });

  it('time - time is an interval hour to second', () => {
    expect(
      call(
        timeKernels,
        'subtract_times',
        [
          [T.time(6), t('12:34:56')],
          [T.time(6), t('10:00:00')],
        ],
        T.dayTimeInterval(1, 3),
      ),
    ).toBe((2n * 3600n + 34n * 60n + 56n) * 1_000_000n);
    expect(
      call(
        timeKernels,
        'subtract_times',
        [
          [T.time(6), t('08:00:00.123456')],
          [T.time(6), t('10:00:00')],
        ],
        T.dayTimeInterval(1, 3),
      ),
    ).toBe(-(HOUR_US + 59n * 60_000_000n + 59_876_544n));
  });

  it('to_time with and without a pattern; try_to_time gives NULL', () => {
    const f = (args: [DataType, Value][]) =>
      formatTime(call(timeKernels, 'to_time', args, T.time(6)) as bigint);
    expect(f([[T.string, '00:00:00']])).toBe('00:00:00');
    expect(
      f([
        [T.string, '12'],
        [T.string, 'HH'],
      ]),
    ).toBe('12:00:00');
    expect(
      f([
        [T.string, '12:34:56.123456'],
        [T.string, 'HH:mm:ss.SSSSSS'],
      ]),
    ).toBe('12:34:56.123456');
    expect(
      f([
        [T.string, '01:02:03 PM'],
        [T.string, 'hh:mm:ss a'],
      ]),
    ).toBe('13:02:03');
    expect(call(timeKernels, 'to_time', [[T.string, 'x']], T.time(6), { try: true })).toBeNull();
  });

  it('time_trunc and make_time', () => {
    expect(
      formatTime(
        call(
          timeKernels,
          'time_trunc',
          [
            [T.string, 'HOUR'],
            [T.time(6), t('12:34:56')],
          ],
          T.time(6),
        ) as bigint,
      ),
    ).toBe('12:00:00');
    expect(
      formatTime(
        call(
          timeKernels,
          'make_time',
          [
            [T.int, 6],
            [T.int, 30],
            [T.decimal(16, 6), 45_678_000n],
          ],
          T.time(6),
        ) as bigint,
      ),
    ).toBe('06:30:45.678');
  });

  it('make_timestamp(date, time, tz) reads the local date-time in the zone', () => {
    // make_timestamp(DATE'1970-01-01', TIME'00:00:00', 'UTC') in America/Los_Angeles shows 1969-12-31 16:00:00.
    expect(
      call(
        datetimeKernels,
        'make_timestamp',
        [
          [T.date, 0],
          [T.time(6), 0n],
          [T.string, 'UTC'],
        ],
        T.timestamp,
        {
          dtForm: 'datetime',
        },
      ),
    ).toBe(0n);
  });

  it('hour / minute / second of a TIME', () => {
    expect(call(datetimeKernels, 'hour', [[T.time(6), t('12:34:56')]], T.int)).toBe(12);
    expect(call(datetimeKernels, 'minute', [[T.time(6), t('12:34:56')]], T.int)).toBe(34);
    expect(call(datetimeKernels, 'second', [[T.time(6), t('12:34:56')]], T.int)).toBe(56);
  });

  it('casts STRING to TIME(p) with truncation, and TIME to STRING', () => {
    const v = castVector(vectorFromValues(T.string, ['01:02:03.123456']), T.time(3), 'ANSI', ctx);
    expect(formatTime(getValue(v, 0) as bigint)).toBe('01:02:03.123');
    const s = castVector(vectorFromValues(T.time(6), [t('10:11:12.5')]), T.string, 'ANSI', ctx);
    expect(getValue(s, 0)).toBe('10:11:12.5');
  });
});
