import { FlintError, T, type DataType, type Value } from '@flint/common';
import type { EvalMode } from '@flint/planner';
import { describe, expect, it, vi } from 'vitest';
import { attr, evalRows, testCtx } from '../../test-support.js';

vi.mock('../../functions/index.js', () => ({
  lookupScalarKernel: () => undefined,
  lookupAggregate: () => undefined,
}));

function cast(from: DataType, to: DataType, values: Value[], mode: EvalMode = 'ANSI', tz = 'UTC'): Value[] {
  const x = attr(1, 'x', from);
  return evalRows(
    { kind: 'Cast', child: x, dataType: to, evalMode: mode, userSpecified: true },
    [x],
    values.map((v) => [v]),
    { ...testCtx, timeZone: tz },
  );
}

function castError(from: DataType, to: DataType, value: Value, mode: EvalMode = 'ANSI'): FlintError {
  try {
    cast(from, to, [value], mode);
  } catch (e) {
    if (e instanceof FlintError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('string to numbers', () => {
  it("'1.5' to int: ANSI error, LEGACY truncates to 1", () => {
    const e = castError(T.string, T.int, '1.5');
    expect(e.errorClass).toBe('CAST_INVALID_INPUT');
    expect(e.messageParameters).toEqual({
      expression: "'1.5'",
      sourceType: '"STRING"',
      targetType: '"INT"',
      ansiConfig: '"spark.sql.ansi.enabled"',
    });
    expect(cast(T.string, T.int, ['1.5'], 'LEGACY')).toEqual([1]);
    expect(cast(T.string, T.int, ['1.5'], 'TRY')).toEqual([null]);
  });
  it('trims whitespace', () => {
    expect(cast(T.string, T.int, [' 12 ', '\t-3\n'])).toEqual([12, -3]);
    expect(cast(T.string, T.long, [' 9223372036854775807 '])).toEqual([9223372036854775807n]);
  });
  it("'abc' is CAST_INVALID_INPUT in ANSI and NULL in LEGACY", () => {
    expect(castError(T.string, T.long, 'abc').messageParameters['targetType']).toBe('"BIGINT"');
    expect(cast(T.string, T.int, ['abc', ''], 'LEGACY')).toEqual([null, null]);
  });
  it('out-of-range strings are invalid input, not overflow', () => {
    expect(castError(T.string, T.int, '2147483648').errorClass).toBe('CAST_INVALID_INPUT');
    expect(cast(T.string, T.byte, ['128', '-128'], 'LEGACY')).toEqual([null, -128]);
  });
  it('doubles accept Infinity/NaN spellings and Java suffixes', () => {
    expect(cast(T.string, T.double, ['Infinity', '-inf', 'NaN', '1.5e3', ' 2d '])).toEqual([
      Infinity,
      -Infinity,
      NaN,
      1500,
      2,
    ]);
    expect(castError(T.string, T.double, 'foo').messageParameters['targetType']).toBe('"DOUBLE"');
  });
  it('decimals round HALF_UP to the target scale', () => {
    expect(cast(T.string, T.decimal(5, 2), ['1.005', '-1.005', '  3  ', '1e2'])).toEqual([
      101n,
      -101n,
      300n,
      10000n,
    ]);
    expect(castError(T.string, T.decimal(3, 2), '12.3').errorClass).toBe(
      'NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION',
    );
  });
  it('booleans from strings', () => {
    expect(cast(T.string, T.boolean, ['t', 'TRUE', ' yes ', '1', 'f', 'no', '0', 'N'])).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(castError(T.string, T.boolean, 'maybe').errorClass).toBe('CAST_INVALID_INPUT');
  });
});

describe('numeric to numeric', () => {
  it('widens bytes, shorts and ints to long and double exactly, NULLs kept', () => {
    const ints = [0, -1, 2147483647, -2147483648, null, 7];
    expect(cast(T.int, T.long, ints)).toEqual([0n, -1n, 2147483647n, -2147483648n, null, 7n]);
    expect(cast(T.int, T.double, ints)).toEqual([0, -1, 2147483647, -2147483648, null, 7]);
    expect(cast(T.short, T.long, [-32768, null, 32767])).toEqual([-32768n, null, 32767n]);
    expect(cast(T.byte, T.double, [-128, 127, null])).toEqual([-128, 127, null]);
  });

  it('2147483648L to int: CAST_OVERFLOW with Spark parameters; LEGACY wraps', () => {
    const e = castError(T.long, T.int, 2147483648n);
    expect(e.errorClass).toBe('CAST_OVERFLOW');
    expect(e.messageParameters).toEqual({
      value: '2147483648L',
      sourceType: '"BIGINT"',
      targetType: '"INT"',
      ansiConfig: '"spark.sql.ansi.enabled"',
    });
    expect(cast(T.long, T.int, [2147483648n], 'LEGACY')).toEqual([-2147483648]);
  });
  it('1e10 double to int: CAST_OVERFLOW, LEGACY saturates like Java; NaN → 0', () => {
    const e = castError(T.double, T.int, 1e10);
    expect(e.messageParameters['value']).toBe('1.0E10D');
    expect(cast(T.double, T.int, [1e10, -1e10, NaN, 3.99, -3.99], 'LEGACY')).toEqual([
      2147483647, -2147483648, 0, 3, -3,
    ]);
  });
  it('double to bigint overflow renders the value like Spark', () => {
    expect(castError(T.double, T.long, -9.22337203685478e18).messageParameters['value']).toBe(
      '-9.22337203685478E18D',
    );
  });
  it('decimal to double and float: the decimal digits read as a number, at every scale and size', () => {
    // The reference reads the digits, as Spark's Decimal.toDouble does (correctly rounded).
    const digits = (x: bigint, scale: number): number => {
      const neg = x < 0n;
      const a = (neg ? -x : x).toString().padStart(scale + 1, '0');
      return Number(`${neg ? '-' : ''}${a.slice(0, a.length - scale)}.${a.slice(a.length - scale)}`);
    };
    let seed = 11;
    const next = (): bigint => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return BigInt(seed) * BigInt((seed >>> 7) + 1) * BigInt(seed % 977);
    };
    for (const [p, scale] of [
      [18, 0],
      [15, 2],
      [18, 7],
      [18, 18],
      [30, 5],
    ] as const) {
      const limit = 10n ** BigInt(p);
      const values: (bigint | null)[] = [
        0n,
        1n,
        -1n,
        limit - 1n,
        -(limit - 1n),
        2n ** 53n - 1n,
        2n ** 53n + 1n,
        null,
      ];
      for (let i = 0; i < 200; i++) {
        const x = next() % limit;
        values.push(i % 2 === 0 ? x : -x);
      }
      const expected = values.map((x) => (x === null ? null : digits(x, scale)));
      expect(cast(T.decimal(p, scale), T.double, values), `decimal(${p},${scale})`).toEqual(expected);
      expect(cast(T.decimal(p, scale), T.float, values)).toEqual(
        expected.map((d) => (d === null ? null : Math.fround(d))),
      );
    }
  });

  it('decimal to int truncates toward zero', () => {
    expect(cast(T.decimal(5, 2), T.int, [199n, -199n])).toEqual([1, -1]);
  });
  it('widens integers to decimals that hold every value of their type, exactly, NULLs kept', () => {
    const longs = [9223372036854775807n, -9223372036854775808n, null, 0n, -5n];
    expect(cast(T.long, T.decimal(20, 0), longs)).toEqual(longs);
    expect(cast(T.long, T.decimal(22, 2), [9223372036854775807n, null])).toEqual([
      922337203685477580700n,
      null,
    ]);
    const ints = [2147483647, -2147483648, null, 3];
    expect(cast(T.int, T.decimal(10, 0), ints)).toEqual([2147483647n, -2147483648n, null, 3n]);
    expect(cast(T.int, T.decimal(16, 6), ints)).toEqual([
      2147483647000000n,
      -2147483648000000n,
      null,
      3000000n,
    ]);
    expect(cast(T.int, T.decimal(38, 2), ints)).toEqual([214748364700n, -214748364800n, null, 300n]);
    expect(cast(T.short, T.decimal(5, 0), [-32768, 32767, null])).toEqual([-32768n, 32767n, null]);
    expect(cast(T.byte, T.decimal(7, 4), [-128, 127])).toEqual([-1280000n, 1270000n]);
  });
  it('int to decimal overflow', () => {
    expect(castError(T.int, T.decimal(3, 1), 100).errorClass).toBe(
      'NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION',
    );
    expect(cast(T.int, T.decimal(3, 1), [100, 12], 'LEGACY')).toEqual([null, 120n]);
  });
  it('booleans and numbers', () => {
    expect(cast(T.boolean, T.int, [true, false])).toEqual([1, 0]);
    expect(cast(T.double, T.boolean, [0, 2.5])).toEqual([false, true]);
  });
});

describe('to string', () => {
  it('renders numbers like Java', () => {
    expect(cast(T.double, T.string, [1, 0.1, 1e7, 1.0e-4, -0, 123456789.125, NaN, Infinity])).toEqual([
      '1.0',
      '0.1',
      '1.0E7',
      '1.0E-4',
      '-0.0',
      '1.23456789125E8',
      'NaN',
      'Infinity',
    ]);
    expect(cast(T.float, T.string, [0.1, 1.5])).toEqual(['0.1', '1.5']);
    expect(cast(T.decimal(5, 2), T.string, [-5n, 12345n])).toEqual(['-0.05', '123.45']);
    expect(cast(T.long, T.string, [-9223372036854775808n])).toEqual(['-9223372036854775808']);
  });
  it('dates, timestamps in the session time zone, nested values', () => {
    expect(cast(T.date, T.string, [0, 19000])).toEqual(['1970-01-01', '2022-01-08']);
    expect(cast(T.timestamp, T.string, [0n, 1500000n], 'ANSI', 'America/Los_Angeles')).toEqual([
      '1969-12-31 16:00:00',
      '1969-12-31 16:00:01.5',
    ]);
    expect(cast(T.array(T.int), T.string, [[1, null, 3]])).toEqual(['[1, null, 3]']);
    expect(cast(T.struct([T.field('a', T.int), T.field('b', T.string)]), T.string, [[1, 'x']])).toEqual([
      '{1, x}',
    ]);
  });
});

describe('dates and timestamps', () => {
  it('string to date and timestamp', () => {
    expect(cast(T.string, T.date, ['2024-02-29', ' 2024-3-1 ', '2024', '2024-02-29T10:00'])).toEqual([
      19782, 19783, 19723, 19782,
    ]);
    expect(castError(T.string, T.date, 'xx').messageParameters['targetType']).toBe('"DATE"');
    expect(cast(T.string, T.date, ['2023-02-29'], 'LEGACY')).toEqual([null]);
    expect(
      cast(T.string, T.timestamp, ['1970-01-01 00:00:01.5', '1970-01-01T00:00:00Z'], 'ANSI', 'UTC'),
    ).toEqual([1500000n, 0n]);
    expect(cast(T.string, T.timestamp, ['1970-01-01 00:00:00'], 'ANSI', 'America/Los_Angeles')).toEqual([
      28800000000n,
    ]);
  });
  it('date <-> timestamp use the session time zone', () => {
    expect(cast(T.date, T.timestamp, [0], 'ANSI', 'Asia/Tokyo')).toEqual([-32400000000n]);
    expect(cast(T.timestamp, T.date, [-1n], 'ANSI', 'UTC')).toEqual([-1]);
    expect(cast(T.timestamp, T.long, [-1n, 1999999n])).toEqual([-1n, 1n]);
  });
});
