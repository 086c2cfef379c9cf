// A join condition comparing a left column with a right one is recognized (either way round, NOT =),
// and tested on row pairs as SQL compares: signed 64-bit order across both words, NULL never passing.
import { T, vectorFromValues, type Batch, type DataType, type Value } from '@flint/common';
import type { Expr } from '@flint/planner';
import { describe, expect, it } from 'vitest';
import { attr } from '../test-support.js';
import { comparePairs, pairComparison, pairTest } from './pair-comparison.js';

const a = attr(1, 'a', T.long);
const b = attr(2, 'b', T.long);
const c = attr(3, 'c', T.int);
const cmp = (
  op: 'EqualTo' | 'LessThan' | 'GreaterThanOrEqual' | 'EqualNullSafe',
  l: Expr,
  r: Expr,
): Expr => ({
  kind: 'Comparison',
  op,
  left: l,
  right: r,
});

describe('pairComparison', () => {
  it('takes a left column against a right one, flipping the operator when written right to left', () => {
    expect(pairComparison(cmp('LessThan', a, b), [a], [b])).toEqual({
      op: 'LessThan',
      negated: false,
      leftColumn: 0,
      rightColumn: 0,
      wide: true,
    });
    expect(pairComparison(cmp('LessThan', b, a), [c, a], [b])).toMatchObject({
      op: 'GreaterThan',
      leftColumn: 1,
    });
    expect(pairComparison({ kind: 'Not', child: cmp('EqualTo', b, a) }, [a], [b])).toMatchObject({
      op: 'EqualTo',
      negated: true,
    });
    expect(pairComparison({ kind: 'Not', child: cmp('LessThan', a, b) }, [a], [b])).toBeNull();
  });

  it('leaves other conditions to the evaluator', () => {
    expect(pairComparison(cmp('EqualNullSafe', a, b), [a], [b])).toBeNull();
    expect(pairComparison(cmp('LessThan', a, c), [a], [c])).toBeNull(); // types differ
    expect(pairComparison(cmp('LessThan', a, a), [a], [b])).toBeNull(); // one side
    const d = attr(4, 'd', T.double);
    const e = attr(5, 'e', T.double);
    expect(pairComparison(cmp('LessThan', d, e), [d], [e])).toBeNull();
  });

  it('compares longs across both words, and ints, with NULLs failing', () => {
    const longs: (bigint | null)[] = [
      0n,
      -1n,
      1n,
      2n ** 32n,
      -(2n ** 32n),
      2n ** 63n - 1n,
      -(2n ** 63n),
      4294967295n,
      null,
    ];
    const ints: (number | null)[] = [0, -1, 1, 2147483647, -2147483648, null];
    const check = (type: DataType, xs: Value[], order: (x: Value, y: Value) => number) => {
      const x = attr(1, 'x', type);
      const y = attr(2, 'y', type);
      const left: Batch = { numRows: xs.length, columns: [vectorFromValues(type, xs)] };
      const right: Batch = { numRows: xs.length, columns: [vectorFromValues(type, xs)] };
      const li: number[] = [];
      const ri: number[] = [];
      xs.forEach((_, i) => xs.forEach((__, j) => (li.push(i), ri.push(j))));
      const ops = [
        ['EqualTo', (s: number) => s === 0],
        ['LessThan', (s: number) => s < 0],
        ['GreaterThanOrEqual', (s: number) => s >= 0],
      ] as const;
      for (const [op, holds] of ops) {
        const pc = pairComparison(cmp(op, x, y), [x], [y])!;
        const test = pairTest(pc, left, right);
        const keep = new Int32Array(li.length);
        const k = comparePairs(pc, left, Int32Array.from(li), right, Int32Array.from(ri), li.length, keep);
        const want = li.flatMap((i, p) =>
          xs[i] !== null && xs[ri[p]!] !== null && holds(order(xs[i]!, xs[ri[p]!]!)) ? [p] : [],
        );
        expect(Array.from(keep.subarray(0, k))).toEqual(want);
        expect(li.flatMap((i, p) => (test(i, ri[p]!) ? [p] : []))).toEqual(want);
      }
    };
    check(T.long, longs, (x, y) => ((x as bigint) < (y as bigint) ? -1 : x === y ? 0 : 1));
    check(T.int, ints, (x, y) => Math.sign((x as number) - (y as number)));
  });
});
