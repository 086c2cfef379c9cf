// Decimal and long + - * computed in doubles must equal the exact BigInt results, errors and rounding.
import { FlintError, T, type DataType, type Value, type Vector } from '@flint/common';
import type { ArithmeticOp, EvalMode, Expr } from '@flint/planner';
import { describe, expect, it } from 'vitest';
import { attr, evalRows, lit } from '../test-support.js';
import { divHalfUp, pow10 } from './decimal.js';
import { decimalArithmeticFast, longArithmeticFast } from './exact-double.js';
import { broadcast } from './vectors.js';

function arith(op: ArithmeticOp, l: Expr, r: Expr, dataType: DataType, evalMode: EvalMode = 'ANSI'): Expr {
  return { kind: 'Arithmetic', op, left: l, right: r, dataType, evalMode };
}

function errorClassOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof FlintError) return e.errorClass;
    throw e;
  }
  return 'no error';
}

function vec(type: DataType, values: readonly (bigint | null)[]): Vector {
  const xs = new BigInt64Array(values.length);
  const nulls = new Uint8Array(values.length);
  values.forEach((v, i) => {
    if (v === null) {
      nulls[i] = 1;
      xs[i] = 0x7fff_0000_1234_5678n; // garbage under a NULL must not matter
    } else xs[i] = v;
  });
  return { type, length: values.length, values: xs, nulls: nulls.includes(1) ? nulls : null };
}

const P53 = 2n ** 53n;
const EDGE: bigint[] = [
  0n,
  1n,
  -1n,
  12345n,
  -98765n,
  P53 - 1n,
  -(P53 - 1n),
  P53,
  -P53,
  P53 + 1n,
  10n ** 17n,
  -(10n ** 17n) + 3n,
  999_999_999_999_999_999n,
];

describe('decimal arithmetic without BigInt', () => {
  const d18 = T.decimal(18, 2);
  const x = attr(1, 'x', d18);
  const y = attr(2, 'y', d18);

  it('add / subtract / multiply equal the exact results at every magnitude, with NULLs', () => {
    const rows: Value[][] = [];
    for (const u of EDGE) for (const v of [0n, 7n, -3n, 10n ** 9n, P53 - 5n]) rows.push([u, v]);
    rows.push([null, 5n], [5n, null]);
    const exact = (f: (u: bigint, v: bigint) => bigint, p: number) =>
      rows.map(([u, v]) => {
        if (u === null || v === null) return null;
        const r = f(u as bigint, v as bigint);
        return r < pow10(p) && r > -pow10(p) ? r : 'overflow';
      });
    const run = (op: ArithmeticOp, t: DataType) => evalRows(arith(op, x, y, t, 'TRY'), [x, y], rows);
    const asTry = (vals: (bigint | null | 'overflow')[]) => vals.map((v) => (v === 'overflow' ? null : v));
    expect(run('Add', T.decimal(19, 2))).toEqual(asTry(exact((u, v) => u + v, 19)));
    expect(run('Subtract', T.decimal(19, 2))).toEqual(asTry(exact((u, v) => u - v, 19)));
    expect(run('Multiply', T.decimal(37, 4))).toEqual(asTry(exact((u, v) => u * v, 37)));
    // Without NULLs a product of two columns takes its own loop: the same answers.
    const full = rows.filter(([u, v]) => u !== null && v !== null);
    const products = full.map(([u, v]) => {
      const r = (u as bigint) * (v as bigint);
      return r < pow10(37) && r > -pow10(37) ? r : null;
    });
    expect(evalRows(arith('Multiply', x, y, T.decimal(37, 4), 'TRY'), [x, y], full)).toEqual(products);
    expect(products.some((r) => r !== null && r < 0n && r > -P53)).toBe(true);
  });

  it('rounds HALF_UP when the result scale is below the exact scale (also for negatives)', () => {
    const a = attr(1, 'a', T.decimal(10, 3));
    const b = attr(2, 'b', T.decimal(10, 3));
    // exact scale 6, result scale 2: divide by 10^4 HALF_UP
    const rows: Value[][] = [
      [1500n, 1000n], // 1.5 * 1.0 = 1.500000 -> 1.50
      [1n, 5000n], // 0.001 * 5 = 0.005000 -> 0.01 (half up)
      [-1n, 5000n], // -0.005 -> -0.01
      [1n, 4999n], // 0.004999 -> 0.00
      [-1n, 4999n],
      [123456789n, 987654321n],
      [-123456789n, 987654321n],
    ];
    const got = evalRows(arith('Multiply', a, b, T.decimal(20, 2)), [a, b], rows);
    expect(got).toEqual(rows.map(([u, v]) => divHalfUp((u as bigint) * (v as bigint), 10_000n)));
    expect(got.slice(1, 5)).toEqual([1n, -1n, 0n, 0n]);
  });

  it('overflow of the result precision raises under ANSI and is NULL otherwise', () => {
    const a = attr(1, 'a', T.decimal(5, 2));
    const b = attr(2, 'b', T.decimal(5, 2));
    const rows: Value[][] = [
      [1n, 2n],
      [99_999n, 1n],
    ];
    expect(errorClassOf(() => evalRows(arith('Add', a, b, T.decimal(5, 2)), [a, b], rows))).toBe(
      'NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION',
    );
    expect(evalRows(arith('Add', a, b, T.decimal(5, 2), 'LEGACY'), [a, b], rows)).toEqual([3n, null]);
  });

  it('+ and - of 18-digit decimals are exact in 64 bits up to their largest values', () => {
    const max = 10n ** 18n - 1n;
    const rows: Value[][] = [
      [max, max],
      [-max, -max],
      [max, -max],
      [P53 * 4n, 3n],
      [null, max],
    ];
    const sums = evalRows(arith('Add', x, y, T.decimal(19, 2)), [x, y], rows);
    expect(sums).toEqual([2n * max, -2n * max, 0n, P53 * 4n + 3n, null]);
    // Past 2^53 these are still the fast kernel's answers, not the BigInt fallback's.
    const wide = decimalArithmeticFast(
      'Add',
      d18,
      d18,
      T.decimal(19, 2),
      vec(d18, [max, -max]),
      vec(d18, [max, -max]),
      2,
    );
    expect(wide?.values).toEqual(BigInt64Array.of(2n * max, -2n * max));
    const diffs = evalRows(arith('Subtract', x, y, T.decimal(19, 2)), [x, y], rows);
    expect(diffs).toEqual([0n, 0n, 2n * max, P53 * 4n - 3n, null]);
    // A literal of another scale is brought to the result's: 999 - x at scale 2.
    const z = attr(3, 'z', T.decimal(18, 2));
    const minus = arith('Subtract', lit(999n, T.decimal(3, 0)), z, T.decimal(19, 2));
    expect(evalRows(minus, [z], [[max], [-max], [5n]])).toEqual([99_900n - max, 99_900n + max, 99_895n]);
  });

  it('a literal operand is read as a scalar', () => {
    const rows: Value[][] = [[150n], [-7n], [null]];
    const e = arith('Subtract', lit(100n, T.decimal(3, 2)), x, T.decimal(19, 2));
    expect(evalRows(e, [x], rows)).toEqual([-50n, 107n, null]);
  });

  it('falls back (null) when a value leaves ±2^53; the kernel still answers exactly', () => {
    const big = vec(d18, [P53 * 4n, 1n]);
    const one = vec(d18, [1n, 1n]);
    expect(decimalArithmeticFast('Multiply', d18, d18, T.decimal(37, 4), big, one, 2)).toBeNull();
    const fast = decimalArithmeticFast('Add', d18, d18, T.decimal(19, 2), vec(d18, [5n, null]), one, 2);
    expect(fast).not.toBeNull();
    expect(fast!.values[0]).toBe(6n);
    expect(fast!.nulls).toEqual(Uint8Array.of(0, 1));
    const lit5 = broadcast(d18, 5n, 2);
    expect(decimalArithmeticFast('Multiply', d18, d18, T.decimal(37, 4), lit5, one, 2)!.values).toEqual(
      BigInt64Array.of(5n, 5n),
    );
  });
});

describe('long arithmetic without BigInt', () => {
  const x = attr(1, 'x', T.long);
  const y = attr(2, 'y', T.long);
  const MAX = 2n ** 63n - 1n;

  it('matches exact results, including values past 2^53 (exact path) and NULLs', () => {
    const rows: Value[][] = [];
    for (const u of [...EDGE, MAX, -MAX]) for (const v of [0n, 1n, -2n, 3n]) rows.push([u, v]);
    rows.push([null, 1n]);
    const wrap = (r: bigint) => BigInt.asIntN(64, r);
    const expected = (f: (u: bigint, v: bigint) => bigint) =>
      rows.map(([u, v]) => (u === null || v === null ? null : wrap(f(u as bigint, v as bigint))));
    expect(evalRows(arith('Add', x, y, T.long, 'LEGACY'), [x, y], rows)).toEqual(expected((u, v) => u + v));
    expect(evalRows(arith('Subtract', x, y, T.long, 'LEGACY'), [x, y], rows)).toEqual(
      expected((u, v) => u - v),
    );
    expect(evalRows(arith('Multiply', x, y, T.long, 'LEGACY'), [x, y], rows)).toEqual(
      expected((u, v) => u * v),
    );
  });

  it('overflow still raises under ANSI', () => {
    const rows: Value[][] = [
      [1n, 1n],
      [MAX, 1n],
    ];
    expect(errorClassOf(() => evalRows(arith('Add', x, y, T.long), [x, y], rows))).toBe(
      'ARITHMETIC_OVERFLOW',
    );
  });

  it('the fast kernel declines results at or past 2^53', () => {
    const t = T.long;
    const a = vec(t, [P53 - 1n]);
    const b = vec(t, [1n]);
    expect(longArithmeticFast('Add', t, a, b, 1)).toBeNull();
    expect(longArithmeticFast('Subtract', t, a, b, 1)!.values[0]).toBe(P53 - 2n);
    expect(longArithmeticFast('Multiply', t, vec(t, [-(2n ** 26n)]), vec(t, [2n ** 26n]), 1)!.values[0]).toBe(
      -(2n ** 52n),
    );
  });
});
