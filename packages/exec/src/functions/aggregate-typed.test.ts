// The typed-array aggregate states: exact integer and decimal sums past 2^53, overflow per mode,
// min/max over 64-bit halves and NaN, counts past 2^32 in merges, DISTINCT through a KeyTable.

import { describe, expect, it } from 'vitest';
import { getValue, T, vectorFromValues, type DataType, type Value, type Vector } from '@flint/common';
import { lookupFunction, type CallInfo, type Expr } from '@flint/planner';
import { lookupAggregate } from './index.js';
import type { AggregateExpr, EvalContext } from './kernel.js';

const ansiCtx: EvalContext = { timeZone: 'UTC', ansi: true, queryStartMicros: 0n, conf: new Map() };
const legacyCtx: EvalContext = { ...ansiCtx, ansi: false };
let id = 1;
const col = (dataType: DataType): Expr => ({
  kind: 'AttributeReference',
  id: id++,
  name: 'c',
  dataType,
  nullable: true,
  qualifier: [],
});

function agg(name: string, t: DataType, call: Partial<CallInfo> = {}): AggregateExpr {
  const e = lookupFunction(name)!.resolve(
    [col(t)],
    { distinct: false, isStar: false, filter: null, ignoreNulls: false, ...call },
    { ansi: true, timeZone: 'UTC', nextExprId: () => id++, conf: new Map() },
  );
  if (e.kind !== 'AggregateExpression') throw new Error('not an aggregate');
  return e;
}

const argType = (e: AggregateExpr): DataType => (e.args[0] as { dataType: DataType }).dataType;

function run(
  e: AggregateExpr,
  xs: Value[],
  groups?: number[],
  ctx: EvalContext = ansiCtx,
  mask?: number[],
  batchRows = xs.length,
): Value[] {
  const n = xs.length;
  const st = lookupAggregate(e.name)!.createState(e, ctx);
  const g = Int32Array.from(groups ?? new Array<number>(n).fill(0));
  const numGroups = Math.max(0, ...g) + 1;
  for (let from = 0; from < n; from += batchRows) {
    const to = Math.min(n, from + batchRows);
    const batchMask = mask ? Uint8Array.from(mask.slice(from, to)) : null;
    st.update(g.subarray(from, to), [vectorFromValues(argType(e), xs.slice(from, to))], to - from, batchMask);
  }
  const out = st.evaluate(numGroups);
  return Array.from({ length: numGroups }, (_, i) => getValue(out, i));
}

/** Each part aggregated partially, the buffers merged into one group. */
function runMerged(e: AggregateExpr, parts: Value[][], ctx: EvalContext = ansiCtx): Value {
  const final = lookupAggregate(e.name)!.createState(e, ctx);
  for (const p of parts) {
    const st = lookupAggregate(e.name)!.createState(e, ctx);
    st.update(new Int32Array(p.length), [vectorFromValues(argType(e), p)], p.length, null);
    final.merge(new Int32Array(1), st.buffers(1), 1);
  }
  return getValue(final.evaluate(1), 0);
}

const TWO53 = 2n ** 53n;

/** x / d rounded HALF_UP (away from zero at .5), as Spark's decimal division. */
const divideHalfUp = (x: bigint, d: bigint): bigint => {
  const q = x / d;
  const r = x % d;
  return 2n * (r < 0n ? -r : r) >= d ? q + (x < 0n ? -1n : 1n) : q;
};
const LONG_MAX = 2n ** 63n - 1n;

describe('typed sum', () => {
  it('sums longs exactly past 2^53, with values too large for doubles, per group', () => {
    const xs = [TWO53 - 1n, TWO53 - 1n, 5n, -3n, -(2n ** 62n), 2n ** 62n, 7n];
    expect(run(agg('sum', T.long), xs)).toEqual([2n * (TWO53 - 1n) + 2n + 7n]);
    expect(run(agg('sum', T.long), xs, [0, 1, 0, 1, 2, 2, 2])).toEqual([TWO53 + 4n, TWO53 - 4n, 7n]);
    expect(runMerged(agg('sum', T.long), [xs.slice(0, 3), xs.slice(3)])).toBe(2n * TWO53 + 7n);
  });

  it('sums ints to a long and keeps NULL for groups without values', () => {
    const big = Array.from({ length: 5000 }, () => 2147483647 as Value);
    expect(run(agg('sum', T.int), big)).toEqual([5000n * 2147483647n]);
    expect(run(agg('sum', T.int), [1, null, null, 2], [0, 1, 1, 0])).toEqual([3n, null]);
  });

  it('sums batches of ints exactly across folds of the pending per-group sums', () => {
    // Five batches of 2 * 10^6 rows (the 2^21 rows summed before a fold are reached in the second);
    // batch 2 has NULLs (summed row by row) and only groups 0 and 3. Group 0: large odd values,
    // past 2^54 in all; 1: zeros only (0, not NULL); 2: values that cancel to 0; 3: NULLs only;
    // 4: never seen by a row (NULL).
    const rows = 2_000_000;
    const st = lookupAggregate('sum')!.createState(agg('sum', T.int), ansiCtx);
    const want = [0n, 0n, 0n];
    for (let b = 0; b < 5; b++) {
      const groups = new Int32Array(rows);
      const xs = new Int32Array(rows);
      const nulls = b === 2 ? new Uint8Array(rows) : null;
      // Each batch's sums stay below 2^53: exact in doubles here.
      const sums = [0, 0, 0];
      for (let i = 0; i < rows; i++) {
        const k = i % 16;
        const g = k < 14 ? 0 : nulls !== null ? 3 : k === 14 ? 1 : 2;
        groups[i] = g;
        if (g === 3) nulls![i] = 1;
        const x =
          g === 0 ? 2147483647 - 2 * ((i * 7919 + b) % 100_003) : g === 2 ? (i % 64 < 32 ? 1000 : -1000) : 0;
        xs[i] = x;
        if (g < 3) sums[g]! += x;
      }
      sums.forEach((x, g) => (want[g]! += BigInt(x)));
      st.update(groups, [{ type: T.int, length: rows, values: xs, nulls }], rows, null, 5);
    }
    const out = st.evaluate(5);
    expect(Array.from({ length: 5 }, (_, g) => getValue(out, g))).toEqual([...want, null, null]);
    expect(want[0]).toBeGreaterThan(2n ** 54n);
  });

  it('raises ARITHMETIC_OVERFLOW under ANSI and wraps otherwise', () => {
    expect(() => run(agg('sum', T.long), [LONG_MAX - 5n, 3n, 3n])).toThrow(
      expect.objectContaining({ errorClass: 'ARITHMETIC_OVERFLOW' }),
    );
    expect(run(agg('sum', T.long), [LONG_MAX, 1n], undefined, legacyCtx)).toEqual([-(2n ** 63n)]);
  });

  it('sums decimals exactly at the input precision and above 18 digits', () => {
    // decimal(18,2) values near 10^16 add past 2^53 into decimal(28,2).
    const d = 10n ** 17n - 1n;
    expect(run(agg('sum', T.decimal(18, 2)), [d, d, d, -1n])).toEqual([3n * d - 1n]);
    const wide = 10n ** 25n + 3n;
    expect(run(agg('sum', T.decimal(30, 0)), [wide, wide, 1n, null])).toEqual([2n * wide + 1n]);
    expect(runMerged(agg('sum', T.decimal(18, 2)), [[d, d], [d]])).toBe(3n * d);
  });

  it('decimal overflow: NUMERIC_VALUE_OUT_OF_RANGE under ANSI, NULL otherwise', () => {
    const xs = Array.from({ length: 10_000 }, () => 99999n as Value);
    expect(run(agg('sum', T.decimal(5, 0)), xs)).toEqual([999990000n]);
    // decimal(28,0) sums as decimal(38,0): 101 * (10^28 - 1) needs 31 digits, fine; 10^10 of them do not.
    const e28 = agg('sum', T.decimal(28, 0));
    expect(e28.dataType).toEqual(T.decimal(38, 0));
    const top = 10n ** 37n * 6n;
    const e38 = agg('sum', T.decimal(38, 0));
    expect(() => run(e38, [top, top])).toThrow(
      expect.objectContaining({ errorClass: 'NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION' }),
    );
    expect(run(e38, [top, top, 1n], [0, 0, 1], legacyCtx)).toEqual([null, 1n]);
    // decimal(3,0) sums as decimal(13,0): the double fast path must stop at 10^13.
    const e3 = agg('sum', T.decimal(3, 0));
    const part = vectorFromValues(T.decimal(13, 0), [10n ** 13n - 1n]);
    const st = lookupAggregate('sum')!.createState(e3, ansiCtx);
    st.merge(Int32Array.of(0), [part], 1);
    expect(() => st.update(Int32Array.of(0), [vectorFromValues(T.decimal(3, 0), [1n])], 1, null)).toThrow(
      expect.objectContaining({ errorClass: 'NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION' }),
    );
  });

  it('sums and averages a wide decimal held in a BigInt64Array as it does one held as bigints', () => {
    // The exact-double kernels give decimal(38,6) results in a BigInt64Array.
    const xs: bigint[] = [12345678n, -5n, 2n ** 60n, 7n, -(2n ** 55n), 999999999999n];
    const groups = Int32Array.from([0, 1, 0, 1, 0, 1]);
    for (const name of ['sum', 'avg']) {
      const e = agg(name, T.decimal(38, 6));
      const results = [
        vectorFromValues(T.decimal(38, 6), xs),
        { type: T.decimal(38, 6), length: xs.length, values: BigInt64Array.from(xs), nulls: null } as Vector,
      ].map((v) => {
        const st = lookupAggregate(name)!.createState(e, ansiCtx);
        st.update(groups, [v], xs.length, null);
        const out = st.evaluate(2);
        return [getValue(out, 0), getValue(out, 1)];
      });
      expect(results[1]).toEqual(results[0]);
    }
    expect(run(agg('sum', T.decimal(38, 6)), xs, [0, 1, 0, 1, 0, 1])).toEqual([
      12345678n + 2n ** 60n - 2n ** 55n,
      -5n + 7n + 999999999999n,
    ]);
  });

  it('sums many values below 2^52 exactly past 2^53 (carries), with and without NULLs', () => {
    // A fixed pseudo-random sequence of both signs near 2^51; sums pass 2^53 many times and come back.
    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    const xs: bigint[] = Array.from({ length: 20_000 }, (_, i) => {
      const x = (BigInt(next()) << 19n) | BigInt(next() & 0x7ffff);
      return i % 3 === 0 ? -x : x;
    });
    const groups = xs.map((_, i) => (i % 7 === 0 ? 1 : 0));
    const expected = [0n, 0n];
    xs.forEach((x, i) => (expected[groups[i]!]! += x));
    expect(run(agg('sum', T.long), xs, groups)).toEqual(expected);
    const withNulls: Value[] = [...xs, null];
    expect(run(agg('sum', T.long), withNulls, [...groups, 0])).toEqual(expected);
    // decimal(38,6) in a BigInt64Array, as the arithmetic kernels give it.
    const e = agg('sum', T.decimal(38, 6));
    const st = lookupAggregate('sum')!.createState(e, ansiCtx);
    const v: Vector = {
      type: T.decimal(38, 6),
      length: xs.length,
      values: BigInt64Array.from(xs),
      nulls: null,
    };
    st.update(Int32Array.from(groups), [v], xs.length, null);
    const out = st.evaluate(2);
    expect([getValue(out, 0), getValue(out, 1)]).toEqual(expected);
  });

  it('long sums that pass 2^63 through carries: ARITHMETIC_OVERFLOW under ANSI, wrapped otherwise', () => {
    const xs = Array.from({ length: 4100 }, () => (2n ** 51n) as Value);
    expect(() => run(agg('sum', T.long), xs)).toThrow(
      expect.objectContaining({ errorClass: 'ARITHMETIC_OVERFLOW' }),
    );
    expect(run(agg('sum', T.long), xs, undefined, legacyCtx)).toEqual([BigInt.asIntN(64, 4100n * 2n ** 51n)]);
  });

  it('a decimal sum limit past 2^53 (decimal(16,0)) is kept through carries', () => {
    // sum(decimal(6,0)) is decimal(16,0); its merge adds buffers near the limit.
    const e = agg('sum', T.decimal(6, 0));
    expect(e.dataType).toEqual(T.decimal(16, 0));
    const merged = (parts: bigint[], ctx: EvalContext) => {
      const st = lookupAggregate('sum')!.createState(e, ctx);
      for (const p of parts) st.merge(Int32Array.of(0), [vectorFromValues(T.decimal(16, 0), [p])], 1);
      return getValue(st.evaluate(1), 0);
    };
    const below = [4_000_000_000_000_000n, 4_000_000_000_000_000n, 1_999_999_999_999_999n];
    expect(merged(below, ansiCtx)).toBe(9_999_999_999_999_999n);
    const over = [...below, 1n];
    expect(() => merged(over, ansiCtx)).toThrow(
      expect.objectContaining({ errorClass: 'NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION' }),
    );
    expect(merged(over, legacyCtx)).toBeNull();
  });

  it('sums long and decimal chunks of rows exactly as row by row: large values, late groups, empty groups', () => {
    // 60k rows over groups 0, 1 and 4 (2 and 3 never appear; 4 only at the end), values just below 2^40
    // with a few of -(2^53 + 1) (their chunks go row by row) and negatives; the sums pass 2^53.
    const n = 60_000;
    const groups = Array.from({ length: n }, (_, i) => (i >= n - 10 ? 4 : i % 2));
    const xs = Array.from({ length: n }, (_, i) =>
      i % 4999 === 7 ? -(2n ** 53n + 1n) : BigInt(((i * 7919) % 1_000_003) - 50_000) * 1_000_000n,
    );
    const expected = [0, 1, 2, 3, 4].map((g) => {
      const mine = xs.filter((_, i) => groups[i] === g);
      return mine.length === 0 ? null : mine.reduce((a, b) => a + b, 0n);
    });
    expect(expected.some((x) => x !== null && (x > TWO53 || x < -TWO53))).toBe(true);
    expect(run(agg('sum', T.long), xs, groups)).toEqual(expected);
    expect(run(agg('sum', T.decimal(18, 2)), xs, groups)).toEqual(expected);
    // avg = sum / count of the same rows, HALF_UP at scale + 4.
    const avg = run(agg('avg', T.decimal(18, 2)), xs, groups);
    expect(avg[0]).toBe(divideHalfUp(expected[0]! * 10_000n, BigInt(groups.filter((g) => g === 0).length)));
    expect(avg[2]).toBeNull();
    // Every group met in the first batch, so later batches sum their chunks four rows at a time:
    // 60,001 rows over groups 0..2 in batches of 10,000, chunks' rows not a multiple of four. One row
    // of 2^60 + 1, in each of the four lanes in turn, sends its chunk row by row (doubles would lose
    // it).
    const everyGroup = Array.from({ length: n + 1 }, (_, i) => i % 3);
    for (let lane = 0; lane < 4; lane++) {
      const ys = Array.from({ length: n + 1 }, (_, i) =>
        i === 40_000 + lane ? 2n ** 60n + 1n : BigInt(((i * 7919) % 1_000_003) - 50_000) * 1_000n,
      );
      const sums = [0, 1, 2].map((g) => ys.filter((_, i) => everyGroup[i] === g).reduce((a, b) => a + b, 0n));
      expect(run(agg('sum', T.long), ys, everyGroup, ansiCtx, undefined, 10_000)).toEqual(sums);
      expect(run(agg('sum', T.decimal(38, 2)), ys, everyGroup, ansiCtx, undefined, 10_000)).toEqual(sums);
    }
  });

  it('a long sum near 2^63 goes on row by row: ARITHMETIC_OVERFLOW under ANSI, wrapped otherwise', () => {
    const xs = [LONG_MAX - 10n, ...Array.from({ length: 9000 }, () => 1n)];
    expect(() => run(agg('sum', T.long), xs)).toThrow(
      expect.objectContaining({ errorClass: 'ARITHMETIC_OVERFLOW' }),
    );
    expect(run(agg('sum', T.long), xs, undefined, legacyCtx)).toEqual([
      BigInt.asIntN(64, LONG_MAX - 10n + 9000n),
    ]);
  });

  it('sums doubles and floats in row order, NULL over no rows', () => {
    expect(run(agg('sum', T.double), [0.1, 0.2, 0.3])).toEqual([0.1 + 0.2 + 0.3]);
    expect(run(agg('sum', T.float), [1.5, null, 2.25])).toEqual([3.75]);
    expect(run(agg('sum', T.double), [null])).toEqual([null]);
  });

  it('honours the FILTER mask', () => {
    expect(run(agg('sum', T.long), [1n, 2n, 4n], undefined, ansiCtx, [1, 0, 1])).toEqual([5n]);
  });
});

describe('typed avg', () => {
  it('averages longs and doubles; merged buffers give the same', () => {
    expect(run(agg('avg', T.long), [1n, 2n, null], [0, 0, 1])).toEqual([1.5, null]);
    expect(run(agg('avg', T.long), [LONG_MAX, LONG_MAX])).toEqual([Number(LONG_MAX)]);
    expect(runMerged(agg('avg', T.double), [[1, 2], [], [6]])).toBe(3);
  });

  it('averages ints into few groups as row by row (rows summed four at a time), over batches', () => {
    // 10,003 rows over 5 groups (each group's rows spread over the four lanes), ints up to 2^31 - 1.
    const n = 10_003;
    const groups = Array.from({ length: n }, (_, i) => (i * 7) % 5);
    const xs = Array.from({ length: n }, (_, i) =>
      i % 11 === 0 ? 2 ** 31 - 1 : ((i * 7919) % 20_001) - 10_000,
    );
    const expected = [0, 1, 2, 3, 4].map((g) => {
      const mine = xs.filter((_, i) => groups[i] === g);
      return mine.reduce((a, b) => a + b, 0) / mine.length;
    });
    expect(run(agg('avg', T.int), xs, groups)).toEqual(expected);
    expect(run(agg('avg', T.int), xs, groups, ansiCtx, undefined, 1_000)).toEqual(expected);
  });

  it('averages decimals exactly with scale + 4, half up', () => {
    expect(run(agg('avg', T.decimal(5, 2)), [100n, 200n, 200n])).toEqual([1666667n]);
    const d = 10n ** 17n - 1n;
    // (3d) / 3 at scale 6: d * 10^4.
    expect(run(agg('avg', T.decimal(18, 2)), [d, d, d])).toEqual([d * 10n ** 4n]);
    expect(runMerged(agg('avg', T.decimal(5, 2)), [[100n], [200n, 200n]])).toBe(1666667n);
  });
});

describe('typed min/max', () => {
  it('orders longs by both halves, negatives included', () => {
    const xs = [-1n, 1n << 40n, -(1n << 40n), 5n, 0x80000000n, 0x7fffffffn, null];
    expect(run(agg('max', T.long), xs)).toEqual([1n << 40n]);
    expect(run(agg('min', T.long), xs)).toEqual([-(1n << 40n)]);
    expect(run(agg('max', T.long), [0x7fffffffn, 0x80000000n, 0xffffffffn - 1n])).toEqual([0xffffffffn - 1n]);
    expect(run(agg('max', T.decimal(10, 2)), [-5n, -7n], [0, 1])).toEqual([-5n, -7n]);
    expect(runMerged(agg('min', T.timestamp), [[5n, 9n], [-3n], []])).toBe(-3n);
  });

  it('puts NaN above all doubles and keeps the first of -0.0 and 0.0', () => {
    expect(run(agg('max', T.double), [1, NaN, 3])).toEqual([NaN]);
    expect(run(agg('min', T.double), [NaN, 1, -3])).toEqual([-3]);
    expect(run(agg('min', T.double), [NaN, NaN])).toEqual([NaN]);
    const [z] = run(agg('max', T.double), [-0, 0]);
    expect(Object.is(z, -0)).toBe(true);
    expect(run(agg('max', T.float), [1.5, -2.5])).toEqual([1.5]);
  });

  it('handles ints, dates, booleans and all-NULL groups', () => {
    expect(run(agg('min', T.int), [3, -2, null, 7], [0, 0, 1, 0])).toEqual([-2, null]);
    expect(run(agg('max', T.date), [19000, 19500])).toEqual([19500]);
    expect(run(agg('max', T.boolean), [false, true, false])).toEqual([true]);
    expect(run(agg('min', T.boolean), [true, false])).toEqual([false]);
    expect(runMerged(agg('max', T.short), [[1, 2], [9], [null]])).toBe(9);
  });
});

describe('typed count and DISTINCT', () => {
  it('merges counts beyond 2^32', () => {
    const e = agg('count', T.int);
    const final = lookupAggregate(e.name)!.createState(e, ansiCtx);
    const buf: Vector = vectorFromValues(T.long, [5_000_000_000n, 7n, null]);
    final.merge(Int32Array.of(0, 0, 0), [buf], 3);
    expect(getValue(final.evaluate(1), 0)).toBe(5_000_000_007n);
  });

  it('counts one group (a global aggregate) over batches, past the FILTER mask and NULL arguments', () => {
    const e = agg('count', T.int);
    const st = lookupAggregate(e.name)!.createState(e, ansiCtx);
    st.update(new Int32Array(4), [vectorFromValues(T.int, [1, 2, 3, 4])], 4, null, 1);
    st.update(new Int32Array(4), [vectorFromValues(T.int, [1, 2, 3, 4])], 4, Uint8Array.of(1, 0, 0, 1), 1);
    st.update(new Int32Array(3), [vectorFromValues(T.int, [1, null, 3])], 3, null, 1);
    expect(getValue(st.evaluate(1), 0)).toBe(8n);
  });

  it('DISTINCT dedupes per group, after the FILTER mask, with NaN and -0.0 as one value', () => {
    const e = agg('count', T.double, { distinct: true });
    expect(run(e, [1, 1, NaN, NaN, 0, -0, null], [0, 0, 0, 0, 0, 0, 0])).toEqual([3n]);
    expect(run(e, [1, 1, 2, 2], [0, 1, 0, 1])).toEqual([2n, 2n]);
    // The masked-out row must not hide the later row with the same value.
    expect(run(agg('sum', T.long, { distinct: true }), [4n, 4n, 5n], undefined, ansiCtx, [0, 1, 1])).toEqual([
      9n,
    ]);
  });
});
