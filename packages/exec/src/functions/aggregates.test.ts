// Aggregate implementations over small vectors: Spark's values for count/sum/avg/min/max, statistics,
// DISTINCT, FILTER masks, partial buffers merged across two partitions.

import { describe, expect, it } from 'vitest';
import { getValue, T, vectorFromValues, type DataType, type Value, type Vector } from '@flint/common';
import { lookupFunction, type CallInfo, type Expr } from '@flint/planner';
import { lookupAggregate } from './index.js';
import type { AggregateExpr, EvalContext } from './kernel.js';

const ctx: EvalContext = { timeZone: 'UTC', ansi: true, queryStartMicros: 0n, conf: new Map() };
let id = 1;
const col = (dataType: DataType): Expr => ({
  kind: 'AttributeReference',
  id: id++,
  name: 'c',
  dataType,
  nullable: true,
  qualifier: [],
});

function agg(
  name: string,
  types: DataType[],
  extra: Expr[] = [],
  call: Partial<CallInfo> = {},
): AggregateExpr {
  const e = lookupFunction(name)!.resolve(
    [...types.map(col), ...extra],
    { distinct: false, isStar: false, filter: null, ignoreNulls: false, ...call },
    {
      ansi: true,
      timeZone: 'UTC',
      nextExprId: () => id++,
      conf: new Map(),
    },
  );
  if (e.kind !== 'AggregateExpression') throw new Error('not an aggregate');
  return e;
}

/** Runs one aggregate over argument columns, all rows in group 0 (or by `groups`). */
function run(e: AggregateExpr, cols: Value[][], groups?: number[], mask?: number[]): Value[] {
  const n = cols[0]?.length ?? 0;
  const args: Vector[] = e.args.map((a, i) => {
    const c = cols[i] ?? new Array<Value>(n).fill(a.kind === 'Literal' ? a.value : null);
    return vectorFromValues(a.kind === 'Literal' ? a.dataType : (a as { dataType: DataType }).dataType, c);
  });
  const st = lookupAggregate(e.name)!.createState(e, ctx);
  const g = Int32Array.from(groups ?? new Array<number>(n).fill(0));
  const numGroups = Math.max(0, ...g) + 1;
  st.update(g, args, n, mask ? Uint8Array.from(mask) : null);
  const out = st.evaluate(numGroups);
  return Array.from({ length: numGroups }, (_, i) => getValue(out, i));
}

/** Two partitions aggregated partially, then merged: must equal the one-pass result. */
function runMerged(e: AggregateExpr, cols: Value[][], split: number): Value {
  const parts = [cols.map((c) => c.slice(0, split)), cols.map((c) => c.slice(split))];
  const final = lookupAggregate(e.name)!.createState(e, ctx);
  for (const p of parts) {
    const n = p[0]!.length;
    const st = lookupAggregate(e.name)!.createState(e, ctx);
    st.update(
      new Int32Array(n),
      e.args.map((a, i) => vectorFromValues((a as { dataType: DataType }).dataType, p[i]!)),
      n,
      null,
    );
    const bufs = st.buffers(1);
    final.merge(new Int32Array(1), bufs, 1);
  }
  return getValue(final.evaluate(1), 0);
}

describe('count/sum/avg/min/max', () => {
  it('count skips NULLs; count by group', () => {
    expect(run(agg('count', [T.int]), [[1, null, 3]])).toEqual([2n]);
    expect(run(agg('count', [T.int]), [[1, null, 3, 4]], [0, 0, 1, 1])).toEqual([1n, 2n]);
  });
  it('sum of ints is bigint; of nothing is NULL', () => {
    expect(run(agg('sum', [T.int]), [[1, 2, null]])).toEqual([3n]);
    expect(run(agg('sum', [T.int]), [[null, null]])).toEqual([null]);
  });
  it('sum of bigint overflows with ARITHMETIC_OVERFLOW in ANSI', () => {
    expect(() => run(agg('sum', [T.long]), [[9223372036854775807n, 1n]])).toThrow(
      expect.objectContaining({ errorClass: 'ARITHMETIC_OVERFLOW' }),
    );
  });
  it('try_sum of an overflowing bigint is NULL', () => {
    expect(run(agg('try_sum', [T.long]), [[9223372036854775807n, 1n]])).toEqual([null]);
  });
  it('sum of decimal(5,2) keeps the scale', () => {
    expect(run(agg('sum', [T.decimal(5, 2)]), [[150n, 275n]])).toEqual([425n]);
  });
  it('avg of ints is double; avg of decimal(5,2) has scale 6 rounded half up', () => {
    expect(run(agg('avg', [T.int]), [[1, 2]])).toEqual([1.5]);
    // (1.00 + 2.00 + 2.00) / 3 = 1.666667 as decimal(9,6)
    expect(run(agg('avg', [T.decimal(5, 2)]), [[100n, 200n, 200n]])).toEqual([1666667n]);
  });
  it('min/max order strings by code point and put NaN above all numbers', () => {
    expect(run(agg('max', [T.string]), [['a', 'b', null, 'B']])).toEqual(['b']);
    expect(run(agg('max', [T.double]), [[1, NaN, 3]])).toEqual([NaN]);
    expect(run(agg('min', [T.double]), [[1, NaN, -3]])).toEqual([-3]);
  });
  it('partial buffers merge to the same result', () => {
    expect(runMerged(agg('avg', [T.int]), [[1, 2, 3, 4]], 1)).toBe(2.5);
    expect(runMerged(agg('sum', [T.int]), [[1, 2, 3, 4]], 3)).toBe(10n);
    expect(runMerged(agg('var_samp', [T.double]), [[1, 2, 3, 4]], 2)).toBeCloseTo(1.6666666666666667, 15);
  });
});

describe('DISTINCT and FILTER', () => {
  it('count(DISTINCT a) and a FILTER mask', () => {
    expect(run(agg('count', [T.int], [], { distinct: true }), [[1, 1, 2, null]])).toEqual([2n]);
    expect(run(agg('sum', [T.int]), [[1, 2, 3]], undefined, [1, 0, 1])).toEqual([4n]);
  });
});

describe('statistics', () => {
  it('stddev_samp / var_samp of one row are NULL (Spark 4)', () => {
    expect(run(agg('stddev_samp', [T.double]), [[1]])).toEqual([null]);
    expect(run(agg('var_pop', [T.double]), [[1]])).toEqual([0]);
  });
  it('var_samp and stddev of 1..4', () => {
    expect(run(agg('var_samp', [T.double]), [[1, 2, 3, 4]])[0]).toBeCloseTo(1.6666666666666667, 15);
    expect(run(agg('stddev_pop', [T.double]), [[1, 2, 3, 4]])[0]).toBeCloseTo(1.118033988749895, 15);
  });
  it('corr of a perfect line is 1; covar_pop', () => {
    expect(
      run(agg('corr', [T.double, T.double]), [
        [1, 2, 3],
        [2, 4, 6],
      ])[0],
    ).toBeCloseTo(1, 15);
    expect(
      run(agg('covar_pop', [T.double, T.double]), [
        [1, 2, 3],
        [2, 4, 6],
      ])[0],
    ).toBeCloseTo(4 / 3, 15);
  });
});

describe('collections and percentiles', () => {
  it('collect_list skips NULLs; collect_set dedupes', () => {
    expect(run(agg('collect_list', [T.int]), [[1, null, 1]])).toEqual([[1, 1]]);
    expect(run(agg('collect_set', [T.int]), [[1, null, 1, 2]])).toEqual([[1, 2]]);
  });
  it('median over doubles per group (typed) equals sorting and interpolating each group, merged too', () => {
    const xs: Value[] = Array.from({ length: 3000 }, (_, i) =>
      i % 97 === 0 ? null : i % 211 === 0 ? NaN : ((i * 7919) % 1000) / 7 - 50,
    );
    const groups = xs.map((_, i) => (i < 2990 ? i % 5 : 6)); // group 5 has no rows
    const expected = [0, 1, 2, 3, 4, 5, 6].map((g) => {
      const own = Float64Array.from(xs.filter((x, i) => groups[i] === g && x !== null) as number[]).sort();
      if (own.length === 0) return null;
      const pos = 0.5 * (own.length - 1);
      const lo = Math.floor(pos);
      const hi = Math.ceil(pos);
      return lo === hi ? own[lo]! : (hi - pos) * own[lo]! + (pos - lo) * own[hi]!;
    });
    expect(run(agg('median', [T.double]), [xs], groups)).toEqual(expected);
    // The median of all rows, through partial buffers merged.
    expect(runMerged(agg('median', [T.double]), [xs], 1234)).toEqual(run(agg('median', [T.double]), [xs])[0]);
    expect(Number.isNaN(run(agg('median', [T.double]), [[NaN, NaN, 1]])[0])).toBe(true);
    // Runs of equal values (a selection that splits only two ways is quadratic on them), and -0 beside
    // 0 in Float64Array sort's order: the middle pair of [-0, -0, 0, 0] is (-0, 0).
    const dup: Value[] = Array.from({ length: 4000 }, (_, i) => (i % 3 === 0 ? 7 : i % 3 === 1 ? -0 : 0));
    const dupGroups = dup.map((_, i) => i % 2);
    const sortedMedian = (g: number): number => {
      const own = Float64Array.from(dup.filter((_, i) => dupGroups[i] === g) as number[]).sort();
      const pos = 0.5 * (own.length - 1);
      const lo = Math.floor(pos);
      return lo === pos ? own[lo]! : (Math.ceil(pos) - pos) * own[lo]! + (pos - lo) * own[lo + 1]!;
    };
    expect(run(agg('median', [T.double]), [dup], dupGroups)).toEqual([sortedMedian(0), sortedMedian(1)]);
    expect(Object.is(run(agg('median', [T.double]), [[-0, -0, 0, 0]])[0], 0)).toBe(true);
    // Without NaNs and zeros (the branch-free selection): distinct values, few values repeated, one
    // value only, the least value repeated below the middle (pivots that have nothing below them), a
    // group of two.
    const plain: Value[] = Array.from({ length: 7501 }, (_, i) => {
      const r = Math.floor(i / 5);
      return [((i * 7919) % 10007) / 3 + 1, (i % 7) + 1, -2.5, r % 5 < 2 ? 1 : r + 2, i][i % 5]!;
    });
    const plainGroups = plain.map((_, i) => (i >= 7499 ? 5 : i % 5));
    const plainExpected = [0, 1, 2, 3, 4, 5].map((g) => {
      const own = Float64Array.from(plain.filter((_, i) => plainGroups[i] === g) as number[]).sort();
      const pos = 0.5 * (own.length - 1);
      const lo = Math.floor(pos);
      return lo === pos ? own[lo]! : (Math.ceil(pos) - pos) * own[lo]! + (pos - lo) * own[lo + 1]!;
    });
    expect(run(agg('median', [T.double]), [plain], plainGroups)).toEqual(plainExpected);
  });

  it("central moments follow Spark's CentralMomentAgg updates, with and without NULLs", () => {
    // Spark's update, written out here as the reference: the typed state must give the same doubles.
    const spark = (xs: readonly number[]) => {
      let n = 0;
      let avg = 0;
      let m2 = 0;
      let m3 = 0;
      let m4 = 0;
      for (const x of xs) {
        n += 1;
        const delta = x - avg;
        const deltaN = delta / n;
        avg += deltaN;
        const newM2 = m2 + delta * (delta - deltaN);
        const delta2 = delta * delta;
        const deltaN2 = deltaN * deltaN;
        const newM3 = m3 - 3.0 * deltaN * newM2 + delta * (delta2 - deltaN2);
        m4 = m4 - 4.0 * deltaN * newM3 - 6.0 * deltaN2 * newM2 + delta * (delta * delta2 - deltaN * deltaN2);
        m3 = newM3;
        m2 = newM2;
      }
      return {
        stddev_samp: n < 2 ? null : Math.sqrt(m2 / (n - 1)),
        var_pop: n === 0 ? null : m2 / n,
        skewness: n === 0 || m2 === 0 ? null : (Math.sqrt(n) * m3) / Math.sqrt(m2 * m2 * m2),
        kurtosis: n === 0 || m2 === 0 ? null : (n * m4) / (m2 * m2) - 3.0,
      };
    };
    for (const withNulls of [true, false]) {
      const xs: Value[] = Array.from({ length: 500 }, (_, i) =>
        withNulls && i % 13 === 0 ? null : Math.sin(i) * 1e3,
      );
      // Group 3 gets one row: a sample statistic of one row is NULL.
      const groups = xs.map((_, i) => (i === 499 ? 3 : i % 3));
      const inGroup = (g: number) => xs.filter((x, i) => groups[i] === g && x !== null) as number[];
      for (const name of ['stddev_samp', 'var_pop', 'skewness', 'kurtosis'] as const) {
        const want = [0, 1, 2, 3].map((g) => spark(inGroup(g))[name]);
        expect(run(agg(name, [T.double]), [xs], groups)).toEqual(want);
        // Partial buffers of two halves, merged: Spark's merge formula, close to the one pass.
        const merged = runMerged(agg(name, [T.double]), [xs.slice(0, 300)], 120) as number;
        expect(merged).toBeCloseTo(spark(xs.slice(0, 300).filter((x) => x !== null) as number[])[name]!, 9);
      }
    }
  });

  it("corr, covariance and regression follow Spark's Covariance / PearsonCorrelation updates", () => {
    // Spark's update over the pairs with no NULL, written out here as the reference.
    const spark = (pairs: readonly (readonly [number, number])[]) => {
      let n = 0;
      let xAvg = 0;
      let yAvg = 0;
      let ck = 0;
      let xMk = 0;
      let yMk = 0;
      for (const [x, y] of pairs) {
        n += 1;
        const dx = x - xAvg;
        const dy = y - yAvg;
        xAvg += dx / n;
        yAvg += dy / n;
        ck += dx * (y - yAvg);
        xMk += dx * (x - xAvg);
        yMk += dy * (y - yAvg);
      }
      return { n, ck, xMk, yMk, xAvg, yAvg };
    };
    const results: Record<string, (m: ReturnType<typeof spark>) => number | null> = {
      corr: (m) => (m.n < 2 ? null : m.ck / Math.sqrt(m.xMk * m.yMk)),
      covar_samp: (m) => (m.n < 2 ? null : m.ck / (m.n - 1)),
      covar_pop: (m) => (m.n === 0 ? null : m.ck / m.n),
      // regr_* take (y, x).
      regr_slope: (m) => (m.n === 0 || m.xMk === 0 ? null : m.ck / m.n / (m.xMk / m.n)),
      regr_sxx: (m) => (m.n === 0 ? null : m.xMk),
    };
    const xs: Value[] = Array.from({ length: 500 }, (_, i) => (i % 13 === 0 ? null : Math.sin(i) * 1e3));
    const ys: Value[] = Array.from({ length: 500 }, (_, i) =>
      i % 17 === 0 ? null : Math.cos(i * 3) * 50 + i,
    );
    // Group 3 has a single pair.
    const groups = xs.map((_, i) => (i === 1 ? 3 : i % 3));
    for (const [name, result] of Object.entries(results)) {
      const regr = name.startsWith('regr_');
      const pairsOf = (g: number | null, to = xs.length) =>
        xs
          .map((x, i) => [x, ys[i]!, i] as const)
          .filter(([x, y, i]) => i < to && (g === null || groups[i] === g) && x !== null && y !== null)
          .map(([x, y]) => (regr ? [y as number, x as number] : [x as number, y as number]) as const);
      const want = [0, 1, 2, 3].map((g) => result(spark(pairsOf(g))));
      expect(run(agg(name, [T.double, T.double]), [xs, ys], groups)).toEqual(want);
      // Two halves' partial buffers merged: Spark's merge formula, close to the one pass.
      const merged = runMerged(agg(name, [T.double, T.double]), [xs.slice(0, 300), ys.slice(0, 300)], 140);
      expect(merged as number).toBeCloseTo(result(spark(pairsOf(null, 300)))!, 6);
    }
  });

  it('median and percentile interpolate (median of 10,20,30,40 is 25.0)', () => {
    expect(run(agg('median', [T.double]), [[10, 20, 30, 40]])).toEqual([25]);
  });
  it('first/last with and without ignoreNulls', () => {
    expect(run(agg('first', [T.int]), [[null, 2, 3]])).toEqual([null]);
    expect(run(agg('last', [T.int]), [[1, 2, null]])).toEqual([null]);
    const e = agg('first', [T.int], [{ kind: 'Literal', value: true, dataType: T.boolean }]);
    expect(
      run(e, [
        [null, 2, 3],
        [true, true, true],
      ]),
    ).toEqual([2]);
  });
  it('max_by picks the value at the largest ordering', () => {
    expect(
      run(agg('max_by', [T.string, T.int]), [
        ['a', 'b', 'c'],
        [10, 50, 20],
      ]),
    ).toEqual(['b']);
  });
  it('listagg joins with the delimiter, NULLs skipped', () => {
    // The delimiter is a constant (a column there is DATATYPE_MISMATCH.NON_FOLDABLE_INPUT).
    const delimiter: Expr = { kind: 'Literal', value: ',', dataType: T.string };
    expect(run(agg('listagg', [T.string], [delimiter]), [['a', null, 'b']])).toEqual(['a,b']);
  });
});
