// TIME values: Spark's rendering, stringToTime, precision truncation and type names (tier2 json-functions.sql, datetime-parsing.sql).
import { describe, expect, it } from 'vitest';
import { T } from './data-type.js';
import { parseDataType, parseDDLSchema } from './ddl.js';
import { formatTime, parseTime, truncateTime } from './time.js';
import { catalogString, sqlTypeName } from './type-names.js';
import { valueRenderer } from './format/value.js';

const ns = (h: number, m: number, s: number, frac = 0n): bigint =>
  BigInt(h * 3600 + m * 60 + s) * 1_000_000_000n + frac;

describe('TIME values', () => {
  it('renders HH:mm:ss with the fraction without trailing zeros', () => {
    expect(formatTime(ns(14, 30, 45))).toBe('14:30:45');
    expect(formatTime(ns(14, 30, 45, 100_000_000n))).toBe('14:30:45.1');
    expect(formatTime(ns(23, 59, 59, 999_999_000n))).toBe('23:59:59.999999');
    expect(formatTime(0n)).toBe('00:00:00');
  });

  it('parses Spark time strings and rejects invalid ones', () => {
    expect(parseTime('12:34:56')).toBe(ns(12, 34, 56));
    expect(parseTime('0:0:0')).toBe(0n);
    expect(parseTime(' 12:34 ')).toBe(ns(12, 34, 0));
    expect(parseTime('23:59:59.00001')).toBe(ns(23, 59, 59, 10_000n));
    expect(parseTime('25:00:00')).toBeNull();
    expect(parseTime('invalid')).toBeNull();
  });

  it('truncates to the precision of TIME(p)', () => {
    expect(truncateTime(ns(14, 30, 45, 123_456_000n), 3)).toBe(ns(14, 30, 45, 123_000_000n));
    expect(truncateTime(ns(14, 30, 45, 123_456_000n), 0)).toBe(ns(14, 30, 45));
  });

  it('has the type names of the golden schemas', () => {
    expect(catalogString(T.time(6))).toBe('time(6)');
    expect(catalogString(T.struct([T.field('time', T.time(0))]))).toBe('struct<time:time(0)>');
    expect(sqlTypeName(T.time(6))).toBe('TIME(6)');
  });

  it('parses TIME and TIME(p) in DDL', () => {
    expect(parseDataType('time')).toEqual(T.time(6));
    expect(parseDDLSchema('t1 TIME, t2 TIME(3)')).toEqual(
      T.struct([T.field('t1', T.time(6)), T.field('t2', T.time(3))]),
    );
  });

  it('renders in show() and nested (from_json result {"time":14:30:45})', () => {
    const r = valueRenderer(T.struct([T.field('time', T.time(0))]), { timeZone: 'UTC' }, 'show');
    expect(r([ns(14, 30, 45)])).toContain('14:30:45');
  });
});
