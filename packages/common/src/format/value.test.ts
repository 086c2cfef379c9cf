// Value rendering: golden-file (HiveResult) style, show() style and CAST AS STRING style.
import { describe, expect, it } from 'vitest';
import { T } from '../data-type.js';
import { parseDate, parseTimestamp } from '../datetime.js';
import { castToString, renderForShow, renderValue, valueRenderer } from './value.js';

const ctx = { timeZone: 'America/Los_Angeles' };
const ts = (s: string): bigint => parseTimestamp(s, 'America/Los_Angeles')!;
const date = (s: string): number => parseDate(s)!;

describe('renderValue (golden files)', () => {
  it('renders top-level atoms', () => {
    expect(renderValue(null, T.int, ctx)).toBe('NULL');
    expect(renderValue(true, T.boolean, ctx)).toBe('true');
    expect(renderValue(5045279, T.int, ctx)).toBe('5045279');
    expect(renderValue(1, T.double, ctx)).toBe('1.0');
    expect(renderValue(12345n, T.decimal(10, 2), ctx)).toBe('123.45');
    expect(renderValue('a1', T.string, ctx)).toBe('a1');
    expect(renderValue(new TextEncoder().encode('hello'), T.binary, ctx)).toBe('hello');
    expect(renderValue(date('2020-01-01'), T.date, ctx)).toBe('2020-01-01');
    expect(renderValue(ts('1991-12-06 01:00:00.0'), T.timestamp, ctx)).toBe('1991-12-06 01:00:00');
  });
  it('renders intervals in Hive style', () => {
    // date '2001-10-01' - date '2001-09-28'
    expect(renderValue(3n * 86_400_000_000n, T.dayTimeInterval(0, 0), ctx)).toBe('3 00:00:00.000000000');
    expect(renderValue(-3696n * 86_400_000_000n, T.dayTimeInterval(0, 0), ctx)).toBe(
      '-3696 00:00:00.000000000',
    );
    // try_add(interval 2 year, interval 2 year)
    expect(renderValue(48, T.yearMonthInterval(0, 0), ctx)).toBe('4-0');
    expect(renderValue(10, T.yearMonthInterval(0, 1), ctx)).toBe('0-10');
    expect(renderValue({ months: -34, days: 0, micros: 0n }, T.calendarInterval, ctx)).toBe(
      '-2 years -10 months',
    );
    expect(renderValue({ months: -34, days: -1, micros: 0n }, T.calendarInterval, ctx)).toBe(
      '-2 years -10 months -1 days',
    );
    expect(renderValue({ months: 0, days: 1, micros: 0n }, T.calendarInterval, ctx)).toBe('1 days');
  });
  it('renders containers as toHiveString', () => {
    expect(renderValue(['a', null], T.array(T.string), ctx)).toBe('["a",null]');
    expect(
      renderValue([ts('1991-12-06 01:00:00.0'), ts('1991-12-06 12:00:00.0')], T.array(T.timestamp), ctx),
    ).toBe('[1991-12-06 01:00:00,1991-12-06 12:00:00]');
    // mapdata: {1:"a1",2:"b1",...}
    expect(renderValue({ keys: [1, 2, 3], values: ['a1', 'b1', 'c1'] }, T.map(T.int, T.string), ctx)).toBe(
      '{1:"a1",2:"b1",3:"c1"}',
    );
    // transform_keys(ys, (k, v) -> k + v): entries sorted as strings
    expect(renderValue({ keys: [8, 10, 12], values: [4, 5, 6] }, T.map(T.int, T.int), ctx)).toBe(
      '{10:5,12:6,8:4}',
    );
    expect(
      renderValue(['final', 999], T.struct([T.field('col1', T.string), T.field('col2', T.int)]), ctx),
    ).toBe('{"col1":"final","col2":999}');
    expect(
      renderValue(
        [[['a', 1]]],
        T.struct([T.field('s', T.array(T.struct([T.field('x', T.string), T.field('y', T.int)])))]),
        ctx,
      ),
    ).toBe('{"s":[{"x":"a","y":1}]}');
    expect(renderValue([1.0, 2.0], T.array(T.double), ctx)).toBe('[1.0,2.0]');
  });
});

describe('renderForShow (Dataset.show cells)', () => {
  it('uses ToPrettyString forms', () => {
    expect(renderForShow(null, T.string, ctx)).toBe('NULL');
    expect(renderForShow([1, 2, null], T.array(T.int), ctx)).toBe('[1, 2, NULL]');
    expect(renderForShow({ keys: [1, 2], values: ['a', null] }, T.map(T.int, T.string), ctx)).toBe(
      '{1 -> a, 2 -> NULL}',
    );
    expect(renderForShow([1, 'a'], T.struct([T.field('x', T.int), T.field('y', T.string)]), ctx)).toBe(
      '{1, a}',
    );
    expect(renderForShow(new Uint8Array([0x0a, 0x0b, 0xff]), T.binary, ctx)).toBe('[0A 0B FF]');
    expect(renderForShow(93784000000n, T.dayTimeInterval(0, 3), ctx)).toBe(
      "INTERVAL '1 02:03:04' DAY TO SECOND",
    );
    expect(renderForShow(14, T.yearMonthInterval(0, 1), ctx)).toBe("INTERVAL '1-2' YEAR TO MONTH");
    expect(renderForShow(-1500000n, T.dayTimeInterval(3, 3), ctx)).toBe("INTERVAL '-01.5' SECOND");
    expect(renderForShow(3n * 3_600_000_000n, T.dayTimeInterval(1, 1), ctx)).toBe("INTERVAL '03' HOUR");
  });
});

describe('castToString', () => {
  it('renders nested nulls as null and keeps NULL as null', () => {
    expect(castToString(null, T.int, ctx)).toBeNull();
    expect(castToString([1, null], T.array(T.int), ctx)).toBe('[1, null]');
    expect(castToString(new TextEncoder().encode('abc'), T.binary, ctx)).toBe('abc');
  });
  it('renderer can be reused', () => {
    const r = valueRenderer(T.long, ctx);
    expect([1n, null, -5n].map(r)).toEqual(['1', 'NULL', '-5']);
  });
});
