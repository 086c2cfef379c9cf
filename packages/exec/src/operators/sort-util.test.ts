// sortIndices: radix and comparator paths give Spark's order (NULLs, NaN, -0.0, UTF-8) and are stable.
import { T, batchFromRows, type DataType, type Value } from '@flint/common';
import type { SortOrder } from '@flint/planner';
import { describe, expect, it } from 'vitest';
import { asc, attr, desc, testCtx } from '../test-support.js';
import { compileOrder, sortIndices } from './sort-util.js';

function order(
  type: DataType,
  values: readonly Value[],
  o: (c: ReturnType<typeof attr>) => SortOrder,
): number[] {
  const a = attr(1, 'a', type);
  const batch = batchFromRows(
    [type],
    values.map((v) => [v]),
  );
  return Array.from(sortIndices(batch, compileOrder([o(a)], [a], testCtx)));
}

function sorted(
  type: DataType,
  values: readonly Value[],
  o: (c: ReturnType<typeof attr>) => SortOrder,
): Value[] {
  return order(type, values, o).map((i) => values[i]!);
}

describe('sortIndices', () => {
  it('int keys: asc/desc, NULLS FIRST/LAST, stable among ties', () => {
    const vals: Value[] = [3, null, -1, 3, 2147483647, -2147483648, null, 0];
    expect(order(T.int, vals, (a) => asc(a))).toEqual([1, 6, 5, 2, 7, 0, 3, 4]);
    expect(order(T.int, vals, (a) => asc(a, true))).toEqual([5, 2, 7, 0, 3, 4, 1, 6]);
    expect(order(T.int, vals, (a) => desc(a))).toEqual([4, 0, 3, 7, 2, 5, 1, 6]);
    expect(order(T.int, vals, (a) => desc(a, true))).toEqual([1, 6, 4, 0, 3, 7, 2, 5]);
  });

  it('long keys beyond 2^53 and decimals', () => {
    const big: Value[] = [2n ** 62n, -(2n ** 63n), 0n, 2n ** 62n + 1n, null, -5n];
    expect(sorted(T.long, big, (a) => asc(a, true))).toEqual([
      -(2n ** 63n),
      -5n,
      0n,
      2n ** 62n,
      2n ** 62n + 1n,
      null,
    ]);
    const dec: Value[] = [150n, -3n, 99n, null, 150n];
    expect(order(T.decimal(10, 2), dec, (a) => desc(a))).toEqual([0, 4, 2, 1, 3]);
  });

  it('doubles: NaN greatest, -0.0 ties 0.0 (stable), NULLs placed by the order', () => {
    const vals: Value[] = [NaN, 1, -0, null, -Infinity, 0, Infinity, NaN];
    expect(order(T.double, vals, (a) => asc(a))).toEqual([3, 4, 2, 5, 1, 6, 0, 7]);
    expect(order(T.double, vals, (a) => desc(a))).toEqual([0, 7, 6, 1, 2, 5, 4, 3]);
  });

  it('strings in UTF-8 order and multi-key orders', () => {
    const s: Value[] = ['b', '\u{1F600}', 'a', '\uFFFD', null, 'a'];
    expect(sorted(T.string, s, (a) => asc(a, true))).toEqual(['a', 'a', 'b', '\uFFFD', '\u{1F600}', null]);
    const k1 = attr(1, 'k1', T.int);
    const k2 = attr(2, 'k2', T.string);
    const rows: Value[][] = [
      [1, 'b'],
      [2, 'a'],
      [1, 'a'],
      [null, 'z'],
      [2, null],
    ];
    const batch = batchFromRows([T.int, T.string], rows);
    const idx = sortIndices(batch, compileOrder([desc(k1), asc(k2)], [k1, k2], testCtx));
    expect(Array.from(idx)).toEqual([4, 1, 2, 0, 3]);
  });

  it('a wide int range falls back to the comparator sort with the same order', () => {
    const n = 3000;
    const vals: Value[] = Array.from(
      { length: n },
      (_, i) => ((i * 7919) % 1000) * 2 ** 40 * (i % 2 ? 1 : -1),
    );
    const got = sorted(
      T.long,
      vals.map((v) => BigInt(v as number)),
      (a) => asc(a),
    );
    const want = [...vals].sort((x, y) => (x as number) - (y as number)).map((v) => BigInt(v as number));
    expect(got).toEqual(want);
  });
});

describe('sortIndices on many doubles', () => {
  it('equals a stable comparator sort (ranks from a native sort of the values)', () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const specials: Value[] = [NaN, -0, 0, Infinity, -Infinity, null];
    const vals: Value[] = Array.from({ length: 5000 }, (_, i) =>
      i % 13 === 0 ? specials[i % specials.length]! : Math.round((rand() - 0.5) * 200) / 4,
    );
    for (const o of [(a: ReturnType<typeof attr>) => asc(a, true), (a: ReturnType<typeof attr>) => desc(a)]) {
      const d = o(attr(1, 'a', T.double));
      const s = d.direction === 'Descending' ? -1 : 1;
      const want = vals
        .map((v, i) => ({ v, i }))
        .sort((a, b) => {
          const an = a.v === null;
          const bn = b.v === null;
          if (an || bn) {
            if (an && bn) return a.i - b.i;
            return (an ? 1 : -1) * (d.nullOrdering === 'NullsFirst' ? -1 : 1);
          }
          const x = a.v as number;
          const y = b.v as number;
          const c = Number.isNaN(x)
            ? Number.isNaN(y)
              ? 0
              : 1
            : Number.isNaN(y)
              ? -1
              : x === y
                ? 0
                : x < y
                  ? -1
                  : 1;
          return s * c || a.i - b.i;
        })
        .map((e) => e.i);
      const got = order(T.double, vals, o);
      const bad = got.findIndex((g, k) => g !== want[k]);
      expect(
        bad === -1
          ? null
          : [
              bad,
              vals[got[bad]!],
              vals[want[bad]!],
              got.slice(bad - 2, bad + 3),
              want.slice(bad - 2, bad + 3),
            ],
      ).toBeNull();
    }
  });
});

describe('sortIndices with garbage under NULLs', () => {
  it('keeps NULL rows in input order whatever their slots hold', () => {
    const a = attr(1, 'a', T.long);
    const values = BigInt64Array.of(99n, 5n, -7n, 3n, 1n);
    const nulls = Uint8Array.of(1, 0, 1, 0, 1);
    const batch = { numRows: 5, columns: [{ type: T.long, length: 5, values, nulls }] };
    expect(Array.from(sortIndices(batch, compileOrder([asc(a)], [a], testCtx)))).toEqual([0, 2, 4, 3, 1]);
    expect(Array.from(sortIndices(batch, compileOrder([desc(a)], [a], testCtx)))).toEqual([1, 3, 0, 2, 4]);
  });
});

describe('sortIndices bucket sizes', () => {
  it('two keys with NULLs (int ASC, long DESC) in small buckets (insertion) and large (digit passes) equal a stable comparator sort', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const a = attr(1, 'a', T.int);
    const b = attr(2, 'b', T.long);
    for (const n of [1000, 20_000, 300_000]) {
      // Narrow ints (few varying bits), longs spread over both 32-bit words and both signs, NULLs.
      const rows: Value[][] = Array.from({ length: n }, () => [
        rand() < 0.05 ? null : Math.floor(rand() * 50) - 25,
        rand() < 0.05 ? null : BigInt(Math.floor((rand() - 0.5) * 2 ** 40)) * (rand() < 0.5 ? 1n : 3n),
      ]);
      const batch = batchFromRows([T.int, T.long], rows);
      const got = Array.from(sortIndices(batch, compileOrder([asc(a), desc(b)], [a, b], testCtx)));
      // ASC puts NULLs first, DESC last (Spark's defaults).
      const byA = (x: number | null, y: number | null) =>
        x === y ? 0 : x === null ? -1 : y === null ? 1 : x - y;
      const byB = (x: bigint | null, y: bigint | null) =>
        x === y ? 0 : x === null ? 1 : y === null ? -1 : x > y ? -1 : 1;
      const want = rows
        .map((r, i) => ({ x: r[0] as number | null, y: r[1] as bigint | null, i }))
        .sort((p, q) => byA(p.x, q.x) || byB(p.y, q.y) || p.i - q.i)
        .map((e) => e.i);
      expect(got.findIndex((g, k) => g !== want[k])).toBe(-1);
    }
  });
});

describe('sortIndices over rows that arrive in runs', () => {
  // Keys: a long ascending with NULLs first, then a double descending (NULLs last).
  const la = attr(1, 'a', T.long);
  const db = attr(2, 'b', T.double);
  const orders = compileOrder([asc(la), desc(db)], [la, db], testCtx);
  const compareRows = (x: Value[], y: Value[]): number => {
    const [a1, b1] = x as [bigint | null, number | null];
    const [a2, b2] = y as [bigint | null, number | null];
    if (a1 !== a2) {
      if (a1 === null) return -1;
      if (a2 === null) return 1;
      return a1 < a2 ? -1 : 1;
    }
    if (b1 === b2) return 0;
    if (b1 === null) return 1;
    if (b2 === null) return -1;
    return b1 > b2 ? -1 : 1;
  };
  /** The stable order a reference comparator gives. */
  const expected = (rows: Value[][]): number[] =>
    rows.map((_, i) => i).sort((i, j) => compareRows(rows[i]!, rows[j]!) || i - j);
  let seed = 7;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const row = (): Value[] => [
    random() < 0.05 ? null : BigInt(Math.floor(random() * 50)),
    random() < 0.05 ? null : Math.floor(random() * 4) / 2,
  ];

  it('sorts rows that arrive as a few sorted runs stably, and leaves sorted rows as they are', () => {
    const rows: Value[][] = [];
    for (let r = 0; r < 12; r++) {
      const run = Array.from({ length: 150 + r * 7 }, row);
      run.sort(compareRows);
      rows.push(...run);
    }
    const batch = batchFromRows([T.long, T.double], rows);
    expect(Array.from(sortIndices(batch, orders))).toEqual(expected(rows));
    // Already sorted: the identity.
    const once = expected(rows).map((i) => rows[i]!);
    expect(Array.from(sortIndices(batchFromRows([T.long, T.double], once), orders))).toEqual(
      once.map((_, i) => i),
    );
  });

  it('puts sorted runs whose keys do not overlap in key order, as they are', () => {
    // Two runs in the wrong order, as a shuffle partition of sorted data gets them from its map tasks
    // (NULLs first).
    const k = attr(1, 'k', T.long);
    const keys: (bigint | null)[] = [21n, 25n, 30n, null, null, 3n, 7n, 20n, 20n, 20n, 20n];
    const batch = batchFromRows(
      [T.long],
      keys.map((x) => [x]),
    );
    const asRows = (o: Int32Array) => Array.from(o);
    expect(asRows(sortIndices(batch, compileOrder([asc(k)], [k], testCtx)))).toEqual([
      3, 4, 5, 6, 7, 8, 9, 10, 0, 1, 2,
    ]);
    // Run boundaries with equal keys in the wrong input order are sorted, not concatenated.
    const tied = batchFromRows([T.long], [[5n], [9n], [1n], [5n]]);
    expect(asRows(sortIndices(tied, compileOrder([asc(k)], [k], testCtx)))).toEqual([2, 0, 3, 1]);
  });

  it('sorts rows in many runs by radix, with the same order', () => {
    const rows = Array.from({ length: 3000 }, row);
    const batch = batchFromRows([T.long, T.double], rows);
    expect(Array.from(sortIndices(batch, orders))).toEqual(expected(rows));
  });
});

describe('sortIndices of long keys without NULLs that fit one word', () => {
  it('equals a stable comparator sort, ascending and descending, spread or skewed', () => {
    let seed = 11;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const k = attr(1, 'k', T.long);
    const n = 100_000; // past the rows sorted as one bucket
    // Sorted runs over 23 bits (shuffle partitions of sorted map outputs, as TPC-H's order keys), and
    // a key most rows share (one bucket holds nearly all rows).
    const spread: bigint[] = [];
    for (let r = 0; r < 20; r++) {
      const run = Array.from({ length: n / 20 }, () => Math.floor(random() * 6_000_000));
      run.sort((x, y) => x - y);
      spread.push(...run.map(BigInt));
    }
    const skewed = Array.from({ length: n }, () =>
      random() < 0.9 ? 4_000_000n : BigInt(Math.floor(random() * 6_000_000)),
    );
    for (const keys of [spread, skewed]) {
      const values = BigInt64Array.from(keys);
      const batch = { numRows: n, columns: [{ type: T.long, length: n, values, nulls: null }] };
      for (const descending of [false, true]) {
        const got = sortIndices(batch, compileOrder([descending ? desc(k) : asc(k)], [k], testCtx));
        const want = keys
          .map((_, i) => i)
          .sort((i, j) => (keys[i] === keys[j] ? i - j : keys[i]! < keys[j]! !== descending ? -1 : 1));
        expect(Array.from(got).findIndex((g, x) => g !== want[x])).toBe(-1);
      }
    }
  });
});

describe('sortIndices of string keys with few distinct values', () => {
  it('ranks them in UTF-8 order, with NULLs, both directions, under an int key, stably', () => {
    // Surrogate pairs sort after U+FFFD in UTF-8 though before it in UTF-16.
    const words = ['b', 'a', '\u{1F600}', '\uFFFD', 'ab', '', 'Z', 'é'];
    const n = 2000;
    const strs: (string | null)[] = Array.from({ length: n }, (_, i) =>
      i % 13 === 0 ? null : words[(i * 7) % words.length]!,
    );
    const ints = Array.from({ length: n }, (_, i) => i % 3);
    const s = attr(1, 's', T.string);
    const k = attr(2, 'k', T.int);
    const batch = batchFromRows(
      [T.int, T.string],
      strs.map((v, i) => [ints[i]!, v]),
    );
    const utf8 = (x: string, y: string): number => Buffer.compare(Buffer.from(x), Buffer.from(y));
    for (const descending of [false, true]) {
      const got = sortIndices(
        batch,
        compileOrder([asc(k), descending ? desc(s) : asc(s, true)], [k, s], testCtx),
      );
      const want = strs
        .map((_, i) => i)
        .sort((i, j) => {
          if (ints[i] !== ints[j]) return ints[i]! - ints[j]!;
          const x = strs[i]!;
          const y = strs[j]!;
          // NULLs last: asked for ascending, Spark's default descending.
          if (x === null || y === null) {
            if (x === y) return i - j;
            return x === null ? 1 : -1;
          }
          return (descending ? utf8(y, x) : utf8(x, y)) || i - j;
        });
      expect(Array.from(got)).toEqual(want);
    }
  });
});
