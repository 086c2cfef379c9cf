// The hashed Partial row_number limit against its definition: per window partition, the first k rows
// of a stable sort by the order keys (ties keep the earlier row), over rows in any order and batches.
import { T, vectorFromValues, batchToRows, type Batch, type DataType, type Value } from '@flint/common';
import type { PhysicalPlan, SortOrder } from '@flint/planner';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@flint/common';
import { asc, attr, desc, testCtx } from '../test-support.js';
import { floatAtLeast, groupTopRows } from './group-top-rows.js';
import type { TaskContext } from './task-context.js';

const tc: TaskContext = {
  eval: testCtx,
  exchanges: { read: () => [], rows: () => 0, readAll: () => [] },
  exchangeIds: new Map(),
};

type Row = readonly Value[];
/** Spark's order of two non-NULL values of one key. */
type Compare = (a: Value, b: Value) => number;

const compareNumbers: Compare = (a, b) => {
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
  return x < y ? -1 : x > y ? 1 : 0;
};
const compareBigints: Compare = (a, b) =>
  (a as bigint) < (b as bigint) ? -1 : (a as bigint) > (b as bigint) ? 1 : 0;
const compareUtf8Bytes: Compare = (a, b) =>
  Buffer.compare(Buffer.from(a as string), Buffer.from(b as string));

/** The ids (last column) of the rows the limit keeps, by the definition. */
function expected(
  rows: readonly Row[],
  order: readonly SortOrder[],
  cmps: readonly Compare[],
  k: number,
): Value[] {
  const keyOf = (r: Row) => String(r[0]);
  const sorted = [...rows].sort((a, b) => {
    for (let c = 0; c < order.length; c++) {
      const o = order[c]!;
      const x = a[c + 1];
      const y = b[c + 1];
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null ? -1 : 1) * (o.nullOrdering === 'NullsFirst' ? 1 : -1);
      }
      const d = cmps[c]!(x!, y!) * (o.direction === 'Descending' ? -1 : 1);
      if (d !== 0) return d;
    }
    return 0;
  });
  const seen = new Map<string, number>();
  const kept: Value[] = [];
  for (const r of sorted) {
    const n = seen.get(keyOf(r)) ?? 0;
    if (n < k) kept.push(r[r.length - 1]!);
    seen.set(keyOf(r), n + 1);
  }
  return kept.sort((a, b) => Number(a) - Number(b));
}

async function kept(
  types: readonly DataType[],
  rows: readonly Row[],
  batchRows: number,
  order: (attrs: ReturnType<typeof attr>[]) => SortOrder[],
  k: number,
  compactMinRows?: number,
): Promise<Value[]> {
  const attrs = types.map((t, c) => attr(c + 1, `c${c}`, t));
  const node = {
    kind: 'WindowGroupLimitExec',
    partitionSpec: [attrs[0]!],
    orderSpec: order(attrs),
    rankLikeFunction: 'row_number',
    limit: k,
    mode: 'Partial',
    child: { kind: 'LocalTableScan', output: attrs, rows: [] },
  } as Extract<PhysicalPlan, { kind: 'WindowGroupLimitExec' }>;
  async function* batches(): AsyncIterable<Batch> {
    for (let i = 0; i < rows.length; i += batchRows) {
      const part = rows.slice(i, i + batchRows);
      yield {
        numRows: part.length,
        columns: types.map((t, c) =>
          vectorFromValues(
            t,
            part.map((r) => r[c]!),
          ),
        ),
      };
    }
  }
  const out: Value[] = [];
  for await (const b of groupTopRows(node, attrs, batches(), tc, compactMinRows)) {
    for (const r of batchToRows(b)) out.push(r[types.length - 1]!);
  }
  return out.sort((a, b) => Number(a) - Number(b));
}

describe('groupTopRows (hashed Partial row_number limit)', () => {
  const rnd = mulberry32(7);
  const pick = <V>(xs: readonly V[]): V => xs[Math.floor(rnd() * xs.length)]!;

  it('keeps each group first k rows by a double, descending, NULLs last, across batches', async () => {
    const doubles = [null, NaN, -0, 0, 1.5, -2, Infinity, -Infinity, 3, 3, 7.25];
    const rows = Array.from({ length: 2000 }, (_, id) => [pick([null, 1, 2, 3, 4, 5, 6]), pick(doubles), id]);
    const order = (a: ReturnType<typeof attr>[]) => [desc(a[1]!)];
    for (const k of [1, 2, 5]) {
      const want = expected(rows, order([attr(0, 'g', T.int), attr(1, 'v', T.double)]), [compareNumbers], k);
      expect(await kept([T.int, T.double, T.int], rows, 97, order, k)).toEqual(want);
    }
  });

  it('mixes batches with and without NULLs and NaNs (compared by rank, or by the key), NULLs either side', async () => {
    // Every other batch of 50 has no NULL or NaN: those are compared by rank, except in groups that
    // hold a NULL or NaN row from an earlier batch (groups of ten rows or so keep some of those).
    const plain = [-0, 0, 1.5, -2, Infinity, -Infinity, 3, 3, 7.25];
    const special = [null, NaN, ...plain];
    const rows = Array.from({ length: 3000 }, (_, id) => [
      Math.floor(rnd() * 300),
      pick(Math.floor(id / 50) % 2 === 1 ? plain : special),
      id,
    ]);
    const schema = [attr(0, 'g', T.int), attr(1, 'v', T.double)];
    for (const order of [
      (a: ReturnType<typeof attr>[]) => [asc(a[1]!, true)],
      (a: ReturnType<typeof attr>[]) => [desc(a[1]!)],
      (a: ReturnType<typeof attr>[]) => [asc(a[1]!)],
      (a: ReturnType<typeof attr>[]) => [desc(a[1]!, true)],
    ]) {
      for (const k of [1, 3]) {
        const want = expected(rows, order(schema), [compareNumbers], k);
        expect(await kept([T.int, T.double, T.int], rows, 50, order, k)).toEqual(want);
      }
    }
  });

  it('orders longs beyond 2^53 by both words, NULLs last', async () => {
    const big = 2n ** 60n;
    // The smallest values share their high word: only the low one orders them.
    const offset = () => BigInt(Math.floor(rnd() * 1e6));
    const long = () =>
      pick([null, -big - offset(), big + offset(), offset() - 500000n, 4294967296n, 4294967295n]);
    const rows = Array.from({ length: 1500 }, (_, id) => [pick(['a', 'b', null]), long(), id]);
    const order = (a: ReturnType<typeof attr>[]) => [asc(a[1]!, true)];
    const want = expected(rows, order([attr(0, 'g', T.string), attr(1, 'v', T.long)]), [compareBigints], 3);
    expect(await kept([T.string, T.long, T.int], rows, 64, order, 3)).toEqual(want);
  });

  it('orders small decimals by their unscaled values, descending, NULLs first', async () => {
    const dec = () => pick([null, BigInt(Math.floor(rnd() * 2e6)) - 1_000_000n, 99_999_999_99n, -5n]);
    const rows = Array.from({ length: 900 }, (_, id) => [pick([1, 2, 3]), dec(), id]);
    const order = (a: ReturnType<typeof attr>[]) => [desc(a[1]!, true)];
    const want = expected(
      rows,
      order([attr(0, 'g', T.int), attr(1, 'v', T.decimal(12, 2))]),
      [compareBigints],
      2,
    );
    expect(await kept([T.int, T.decimal(12, 2), T.int], rows, 80, order, 2)).toEqual(want);
  });

  it('compares strings as UTF-8 bytes, then a second key', async () => {
    // U+FF21 sorts before U+1F600 in UTF-8, after it in UTF-16.
    const strs = [null, 'b', 'a', '\uff21', '\u{1f600}', 'ab', ''];
    const rows = Array.from({ length: 1200 }, (_, id) => [
      pick([1n, 2n, 3n]),
      pick(strs),
      pick([1, 2, null]),
      id,
    ]);
    const order = (a: ReturnType<typeof attr>[]) => [asc(a[1]!, true), desc(a[2]!, true)];
    const want = expected(
      rows,
      order([attr(0, 'g', T.long), attr(1, 's', T.string), attr(2, 'n', T.int)]),
      [compareUtf8Bytes, compareNumbers],
      2,
    );
    expect(await kept([T.long, T.string, T.int, T.int], rows, 50, order, 2)).toEqual(want);
  });

  it('compacts the batches it holds and still points at the kept rows', async () => {
    // Few groups over many batches: the kept rows end up scattered over batches mostly dropped.
    const rows = Array.from({ length: 5000 }, (_, id) => [id % 5, Math.floor(rnd() * 1e6), id]);
    const order = (a: ReturnType<typeof attr>[]) => [asc(a[1]!)];
    const want = expected(rows, order([attr(0, 'g', T.int), attr(1, 'v', T.int)]), [compareNumbers], 2);
    expect(await kept([T.int, T.int, T.int], rows, 40, order, 2, 16)).toEqual(want);
    expect(want).toHaveLength(10);
  });

  it('tells rows apart that differ below a float, by the exact values', async () => {
    // Each group fills with two values whose float threshold rounds down to 1 (or -1), then meets a
    // better value between the threshold and 1 (or -1): it must enter.
    const cases = [
      {
        order: (a: ReturnType<typeof attr>[]) => [asc(a[1]!)],
        values: [1 + 2 ** -30, 1 + 2 ** -40, 1 + 2 ** -45],
      },
      {
        order: (a: ReturnType<typeof attr>[]) => [desc(a[1]!)],
        values: [1 - 2 ** -30, 1 - 2 ** -40, 1 - 2 ** -45],
      },
    ];
    for (const { order, values } of cases) {
      const rows = Array.from({ length: 90 }, (_, id) => [Math.floor(id / 30), values[id % 3]!, id]);
      const want = expected(rows, order([attr(0, 'g', T.int), attr(1, 'v', T.double)]), [compareNumbers], 2);
      expect(await kept([T.int, T.double, T.int], rows, 7, order, 2)).toEqual(want);
    }
  });
});

describe('floatAtLeast', () => {
  it('is the least float not below the double', () => {
    const below = (f: number) => {
      // The float just under f.
      const a = new Float32Array([f]);
      const bits = new Int32Array(a.buffer);
      if (f === 0) return -(2 ** -149);
      bits[0] = f > 0 ? bits[0]! - 1 : bits[0]! + 1;
      return a[0]!;
    };
    for (const x of [
      0.1,
      -0.1,
      1e-50,
      -1e-50,
      1 + 2 ** -30,
      -1 - 2 ** -30,
      3.5,
      -0,
      1e39,
      -1e39,
      Infinity,
      -Infinity,
    ]) {
      const f = floatAtLeast(x);
      expect(Math.fround(f)).toBe(f);
      expect(f >= x).toBe(true);
      if (f !== -Infinity) expect(below(f) < x).toBe(true);
    }
    expect(floatAtLeast(NaN)).toBeNaN();
  });
});
