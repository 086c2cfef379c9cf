// Interval times / divided by a number, against Spark's golden answers (tier2 try_arithmetic.sql)
// and Spark's rounding rules (HALF_UP for decimals and division).

import { describe, expect, it } from 'vitest';
import { FlintError, getValue, T, vectorFromValues, type DataType, type Value } from '@flint/common';
import { lookupScalarKernel } from './index.js';
import type { EvalContext, ScalarFunctionExpr } from './kernel.js';

const ctx: EvalContext = { timeZone: 'UTC', ansi: true, queryStartMicros: 0n, conf: new Map() };
const YM = T.yearMonthInterval(0, 1);
const DT = T.dayTimeInterval(0, 3);
const DAY = 86_400_000_000n;

function call(name: string, out: DataType, args: [DataType, Value][], tryMode = false): Value {
  const vs = args.map(([t, v]) => vectorFromValues(t, [v]));
  const e: ScalarFunctionExpr = {
    kind: 'ScalarFunction',
    name,
    args: [],
    dataType: out,
    nullable: true,
    ...(tryMode ? { options: { try: true } } : {}),
  };
  return getValue(lookupScalarKernel(name)!(vs, e, ctx, 1), 0);
}

function errorClass(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (err instanceof FlintError) return err.errorClass;
    throw err;
  }
  return 'none';
}

describe('interval arithmetic kernels', () => {
  it('multiplies and divides (try_multiply(interval 2 year, 2) = 4-0, try_divide(interval 2 second, 2) = 1s)', () => {
    expect(
      call('multiply_ym_interval', YM, [
        [T.yearMonthInterval(0, 0), 24],
        [T.int, 2],
      ]),
    ).toBe(48);
    expect(
      call('divide_ym_interval', YM, [
        [T.yearMonthInterval(0, 0), 24],
        [T.int, 2],
      ]),
    ).toBe(12);
    expect(
      call('divide_dt_interval', DT, [
        [T.dayTimeInterval(3, 3), 2_000_000n],
        [T.int, 2],
      ]),
    ).toBe(1_000_000n);
    // 3 months * 1.5 = 4.5 rounds half up to 5.
    expect(
      call('multiply_ym_interval', YM, [
        [YM, 3],
        [T.decimal(2, 1), 15n],
      ]),
    ).toBe(5);
  });

  it('overflow and division by zero raise in ANSI and are NULL under try_', () => {
    expect(
      call(
        'multiply_ym_interval',
        YM,
        [
          [YM, 2147483647],
          [T.int, 2],
        ],
        true,
      ),
    ).toBeNull();
    expect(
      call(
        'multiply_dt_interval',
        DT,
        [
          [T.dayTimeInterval(0, 0), 106751991n * DAY],
          [T.int, 2],
        ],
        true,
      ),
    ).toBeNull();
    expect(
      call(
        'divide_ym_interval',
        YM,
        [
          [YM, 24],
          [T.int, 0],
        ],
        true,
      ),
    ).toBeNull();
    expect(
      call(
        'divide_ym_interval',
        YM,
        [
          [YM, 2147483647],
          [T.decimal(1, 1), 5n],
        ],
        true,
      ),
    ).toBeNull();
    expect(
      errorClass(() =>
        call('divide_ym_interval', YM, [
          [YM, 24],
          [T.int, 0],
        ]),
      ),
    ).toBe('INTERVAL_DIVIDED_BY_ZERO');
    expect(
      errorClass(() =>
        call('multiply_ym_interval', YM, [
          [YM, 2147483647],
          [T.int, 2],
        ]),
      ),
    ).toBe('ARITHMETIC_OVERFLOW');
  });
});
