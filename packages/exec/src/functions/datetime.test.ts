// Kernel tests for date/time functions; expected values are Spark's (tier1 date.sql, tier2 datetime-formatting/parsing.sql).
import { describe, expect, it } from 'vitest';
import { T, getValue, parseTimestamp, vectorFromValues, type DataType, type Value } from '@flint/common';
import type { Expr } from '@flint/planner';
import { datetimeKernels } from './datetime.js';
import type { EvalContext, ScalarFunctionExpr } from './kernel.js';

const ctx: EvalContext = {
  timeZone: 'America/Los_Angeles',
  ansi: true,
  queryStartMicros: 0n,
  conf: new Map(),
};
const days = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / 86400000;
const ts = (s: string): bigint => parseTimestamp(s, 'America/Los_Angeles')!;

function call(
  name: string,
  args: [DataType, Value][],
  out: DataType,
  options?: Record<string, Value>,
): Value {
  const vecs = args.map(([t, v]) => vectorFromValues(t, [v]));
  const expr = {
    kind: 'ScalarFunction',
    name,
    args: [] as Expr[],
    dataType: out,
    nullable: true,
    ...(options ? { options } : {}),
  } as ScalarFunctionExpr;
  return getValue(datetimeKernels[name]!(vecs, expr, ctx, 1), 0);
}

describe('datetime kernels', () => {
  it('make_date and its ANSI errors', () => {
    expect(
      call(
        'make_date',
        [
          [T.int, 2019],
          [T.int, 1],
          [T.int, 1],
        ],
        T.date,
      ),
    ).toBe(days(2019, 1, 1));
    expect(() =>
      call(
        'make_date',
        [
          [T.int, 2000],
          [T.int, 13],
          [T.int, 1],
        ],
        T.date,
      ),
    ).toThrow(expect.objectContaining({ errorClass: 'DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION' }));
  });
  it('day fields', () => {
    const d = days(2007, 2, 3);
    expect(call('dayofweek', [[T.date, d]], T.int)).toBe(7);
    expect(call('weekday', [[T.date, d]], T.int)).toBe(5);
    expect(call('dayofweek', [[T.date, days(2009, 7, 30)]], T.int)).toBe(5);
    expect(call('dayofyear', [[T.date, days(1582, 10, 15)]], T.int)).toBe(288);
    expect(call('dayofweek', [[T.timestamp, ts('1582-10-15 13:10:15')]], T.int)).toBe(6);
  });
  it('next_day, date_add, datediff, add_months, last_day', () => {
    expect(
      call(
        'next_day',
        [
          [T.date, days(2015, 7, 23)],
          [T.string, 'Mon'],
        ],
        T.date,
      ),
    ).toBe(days(2015, 7, 27));
    expect(() =>
      call(
        'next_day',
        [
          [T.date, days(2015, 7, 23)],
          [T.string, 'xx'],
        ],
        T.date,
      ),
    ).toThrow(expect.objectContaining({ errorClass: 'ILLEGAL_DAY_OF_WEEK' }));
    expect(
      call(
        'date_add',
        [
          [T.date, days(2011, 11, 11)],
          [T.int, 1],
        ],
        T.date,
      ),
    ).toBe(days(2011, 11, 12));
    expect(
      call(
        'datediff',
        [
          [T.date, days(2001, 10, 1)],
          [T.date, days(2001, 9, 28)],
        ],
        T.int,
      ),
    ).toBe(3);
    expect(
      call(
        'add_months',
        [
          [T.date, days(2016, 8, 31)],
          [T.int, 1],
        ],
        T.date,
      ),
    ).toBe(days(2016, 9, 30));
    expect(call('last_day', [[T.date, days(2009, 1, 12)]], T.date)).toBe(days(2009, 1, 31));
    expect(
      call(
        'subtract_dates',
        [
          [T.date, days(2001, 10, 1)],
          [T.date, days(2001, 9, 28)],
        ],
        T.dayTimeInterval(0, 0),
      ),
    ).toBe(3n * 86400000000n);
  });
  it('to_date with patterns and CANNOT_PARSE_TIMESTAMP', () => {
    expect(
      call(
        'to_date',
        [
          [T.string, '2016-12-31'],
          [T.string, 'yyyy-MM-dd'],
        ],
        T.date,
      ),
    ).toBe(days(2016, 12, 31));
    expect(
      call(
        'to_date',
        [
          [T.string, '16'],
          [T.string, 'dd'],
        ],
        T.date,
      ),
    ).toBe(days(1970, 1, 16));
    expect(() =>
      call(
        'to_date',
        [
          [T.string, '02-29'],
          [T.string, 'MM-dd'],
        ],
        T.date,
      ),
    ).toThrow(expect.objectContaining({ errorClass: 'CANNOT_PARSE_TIMESTAMP' }));
    expect(() =>
      call(
        'to_date',
        [
          [T.string, '26/October/2015'],
          [T.string, 'dd/MMMMM/yyyy'],
        ],
        T.date,
      ),
    ).toThrow(
      expect.objectContaining({
        errorClass: 'INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION',
      }),
    );
  });
  it('to_timestamp year patterns', () => {
    expect(
      call(
        'to_timestamp',
        [
          [T.string, '1'],
          [T.string, 'y'],
        ],
        T.timestamp,
      ),
    ).toBe(ts('0001-01-01 00:00:00'));
    expect(
      call(
        'to_timestamp',
        [
          [T.string, '009999'],
          [T.string, 'y'],
        ],
        T.timestamp,
      ),
    ).toBe(ts('9999-01-01 00:00:00'));
    expect(
      call(
        'to_timestamp',
        [
          [T.string, '99'],
          [T.string, 'yy'],
        ],
        T.timestamp,
      ),
    ).toBe(ts('2099-01-01 00:00:00'));
    expect(
      call(
        'try_to_timestamp',
        [
          [T.string, 'xx'],
          [T.string, 'yyyy'],
        ],
        T.timestamp,
      ),
    ).toBe(null);
  });
  it('date_format', () => {
    const v = ts('1582-05-31 19:40:35.123');
    const f = (p: string): Value =>
      call(
        'date_format',
        [
          [T.timestamp, v],
          [T.string, p],
        ],
        T.string,
      );
    expect(f('y yy yyy yyyy yyyyy yyyyyy')).toBe('1582 82 1582 1582 01582 001582');
    expect(f('Q QQ QQQ QQQQ')).toBe('2 02 Q2 2nd quarter');
    expect(f('M MM MMM MMMM')).toBe('5 05 May May');
    expect(f('E EE EEE EEEE')).toBe('Mon Mon Mon Monday');
    expect(f('h hh')).toBe('7 07');
    expect(f('S SS SSS SSSS')).toBe('1 12 123 1230');
    expect(f('a')).toBe('PM');
    expect(f("''")).toBe("'");
    expect(f('[yyyy-MM-dd HH:mm:ss]')).toBe('1582-05-31 19:40:35');
    const w = ts('1969-12-31 15:00:00');
    expect(
      call(
        'date_format',
        [
          [T.timestamp, w],
          [T.string, 'X XX XXX'],
        ],
        T.string,
      ),
    ).toBe('-08 -0800 -08:00');
    expect(
      call(
        'date_format',
        [
          [T.timestamp, w],
          [T.string, 'O OOOO'],
        ],
        T.string,
      ),
    ).toBe('GMT-8 GMT-08:00');
  });
  it('timestampadd / timestampdiff', () => {
    expect(
      call(
        'timestampadd',
        [
          [T.long, 1001n],
          [T.timestamp, ts('2022-02-25 01:02:03.123')],
        ],
        T.timestamp,
        { unit: 'MICROSECOND' },
      ),
    ).toBe(ts('2022-02-25 01:02:03.124001'));
    expect(
      call(
        'timestampadd',
        [
          [T.long, 5n],
          [T.timestamp, ts('2022-02-25 00:00:00')],
        ],
        T.timestamp,
        { unit: 'QUARTER' },
      ),
    ).toBe(ts('2023-05-25 00:00:00'));
    expect(
      call(
        'timestampdiff',
        [
          [T.timestamp, ts('2022-02-25 01:02:03')],
          [T.timestamp, ts('2022-01-28 01:02:03')],
        ],
        T.long,
        { unit: 'WEEK' },
      ),
    ).toBe(-4n);
    expect(
      call(
        'timestampdiff',
        [
          [T.timestamp, ts('2022-02-25 00:00:00')],
          [T.timestamp, ts('2023-05-25 00:00:00')],
        ],
        T.long,
        { unit: 'QUARTER' },
      ),
    ).toBe(5n);
  });
  it('extract fields', () => {
    const v = ts('2011-05-06 07:08:09.123456');
    expect(call('extract', [[T.timestamp, v]], T.int, { field: 'YEAR' })).toBe(2011);
    expect(call('extract', [[T.timestamp, v]], T.decimal(8, 6), { field: 'SECOND' })).toBe(9123456n);
    expect(call('extract', [[T.timestamp, v]], T.int, { field: 'DAYOFWEEK_ISO' })).toBe(5);
    expect(call('extract', [[T.timestamp, v]], T.int, { field: 'WEEK' })).toBe(18);
  });
  it('months_between and unix conversions', () => {
    expect(
      call(
        'months_between',
        [
          [T.timestamp, ts('1997-02-28 10:30:00')],
          [T.timestamp, ts('1996-10-30 00:00:00')],
          [T.boolean, true],
        ],
        T.double,
      ),
    ).toBe(3.94959677);
    expect(call('unix_date', [[T.date, days(2020, 12, 4)]], T.int)).toBe(18600);
    expect(
      call(
        'from_unixtime',
        [
          [T.long, 0n],
          [T.string, 'yyyy-MM-dd HH:mm:ss'],
        ],
        T.string,
      ),
    ).toBe('1969-12-31 16:00:00');
    expect(
      call(
        'unix_timestamp',
        [
          [T.string, '2016-04-08'],
          [T.string, 'yyyy-MM-dd'],
        ],
        T.long,
      ),
    ).toBe(1460098800n);
  });
});
