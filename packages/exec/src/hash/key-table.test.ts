import { T, vectorFromValues, getValue, type DataType, type Value, type Vector } from '@flint/common';
import { describe, expect, it } from 'vitest';
import { combineHash, fmix32, hashLongHalves, hashString } from './hash-kernels.js';
import { undecodedDictionary } from '../test-support.js';
import { createKeyTable } from './key-table.js';

const col = (t: DataType, xs: readonly Value[]): Vector => vectorFromValues(t, xs);
const ids = (a: Int32Array): number[] => Array.from(a);
const keyRows = (cols: Vector[]): Value[][] =>
  Array.from({ length: cols[0]?.length ?? 0 }, (_, i) => cols.map((c) => getValue(c, i)));

describe('KeyTable', () => {
  it('gives int keys dense ids in order of first appearance, NULL being a key', () => {
    const t = createKeyTable([T.int]);
    expect(ids(t.insert([col(T.int, [5, 7, 5, null, 7, null, -1])], 7))).toEqual([0, 1, 0, 2, 1, 2, 3]);
    expect(t.size).toBe(4);
    expect(ids(t.find([col(T.int, [7, 8, null, -1])], 4))).toEqual([1, -1, 2, 3]);
    expect(t.size).toBe(4);
    expect(keyRows(t.keyColumns())).toEqual([[5], [7], [null], [-1]]);
    expect(t.keyColumns()[0]!.values).toBeInstanceOf(Int32Array);
  });

  it('finds nothing for NULL before a NULL key is inserted', () => {
    const t = createKeyTable([T.string]);
    t.insert([col(T.string, ['a'])], 1);
    expect(ids(t.find([col(T.string, [null, 'a', 'b'])], 3))).toEqual([-1, 0, -1]);
  });

  it('handles byte, short, boolean, date keys with their own storage', () => {
    for (const [t, xs] of [
      [T.byte, [1, -128, 1, 127]],
      [T.short, [300, -300, 300, 0]],
      [T.boolean, [true, false, true, null]],
      [T.date, [19000, 19001, 19000, 0]],
    ] as const) {
      const kt = createKeyTable([t]);
      expect(ids(kt.insert([col(t, xs)], 4))).toEqual([0, 1, 0, 2]);
      expect(keyRows(kt.keyColumns()).map((r) => r[0])).toEqual([xs[0], xs[1], xs[3]]);
    }
  });

  it('compares long-like keys by both halves (long, timestamp, small decimal)', () => {
    const big = (1n << 40n) + 3n;
    for (const t of [T.long, T.timestamp, T.decimal(12, 2)]) {
      const kt = createKeyTable([t]);
      const xs = [3n, big, 3n + (1n << 32n), -1n, big, null, 3n, -(1n << 63n)];
      expect(ids(kt.insert([col(t, xs)], xs.length))).toEqual([0, 1, 2, 3, 1, 4, 0, 5]);
      expect(keyRows(kt.keyColumns()).map((r) => r[0])).toEqual([
        3n,
        big,
        3n + (1n << 32n),
        -1n,
        null,
        -(1n << 63n),
      ]);
      expect(kt.keyColumns()[0]!.values).toBeInstanceOf(BigInt64Array);
    }
  });

  it('groups NaN with NaN and -0.0 with 0.0 for double and float keys', () => {
    for (const t of [T.double, T.float]) {
      const kt = createKeyTable([t]);
      const xs = [0, -0, NaN, 1.5, -NaN, null, 0 / 0];
      expect(ids(kt.insert([col(t, xs)], xs.length))).toEqual([0, 0, 1, 2, 1, 3, 1]);
      const out = keyRows(kt.keyColumns()).map((r) => r[0]);
      expect(out).toEqual([0, NaN, 1.5, null]);
      expect(Object.is(out[0], -0)).toBe(false);
      expect(ids(kt.find([col(t, [-0, NaN, 2])], 3))).toEqual([0, 1, -1]);
    }
  });

  it('compares strings by value, also when their hashes collide', () => {
    // Find two distinct strings with equal 32-bit hashes (birthday search over a few 100k strings).
    const seen = new Map<number, string>();
    let pair: [string, string] | null = null;
    for (let i = 0; pair === null && i < 2_000_000; i++) {
      const s = `k${i}`;
      const h = hashString(s);
      const o = seen.get(h);
      if (o !== undefined) pair = [o, s];
      else seen.set(h, s);
    }
    expect(pair).not.toBeNull();
    const [a, b] = pair!;
    expect(hashString(a)).toBe(hashString(b));
    const kt = createKeyTable([T.string]);
    expect(ids(kt.insert([col(T.string, [a, b, a, '', null, b])], 6))).toEqual([0, 1, 0, 2, 3, 1]);
    expect(keyRows(kt.keyColumns()).map((r) => r[0])).toEqual([a, b, '', null]);
    // Composite keys with colliding strings too.
    const kc = createKeyTable([T.string, T.int]);
    expect(ids(kc.insert([col(T.string, [a, b, a]), col(T.int, [1, 1, 1])], 3))).toEqual([0, 1, 0]);
  });

  it('keys runs of equal strings, NULLs inside runs and equal strings that are separate objects', () => {
    // 'ab' built at run time is a different object from the literal 'ab' with the same value.
    const built = ['a', 'b'].join('');
    const xs: Value[] = ['ab', 'ab', null, 'ab', built, 'x', 'x', null, built, 'ab', 'x'];
    const t = createKeyTable([T.string, T.int]);
    // In a composite key (hashes written, then folded with the int's) and alone.
    const got = ids(
      t.insert(
        [
          col(T.string, xs),
          col(
            T.int,
            xs.map(() => 1),
          ),
        ],
        xs.length,
      ),
    );
    expect(got).toEqual([0, 0, 1, 0, 0, 2, 2, 1, 0, 0, 2]);
    const single = createKeyTable([T.string]);
    expect(ids(single.insert([col(T.string, xs)], xs.length))).toEqual(got);
  });

  it('tells apart composite keys whose hashes collide, comparing each column (int, long, string)', () => {
    // The table's hash of (int k, long k): the int's hash folded with the long's. Birthday search.
    const hashOf = (k: number): number => combineHash(fmix32(k), hashLongHalves(k, 0));
    const seen = new Map<number, number>();
    let pair: [number, number] | null = null;
    for (let k = 0; pair === null && k < 2_000_000; k++) {
      const o = seen.get(hashOf(k));
      if (o !== undefined) pair = [o, k];
      else seen.set(hashOf(k), k);
    }
    expect(pair).not.toBeNull();
    const [a, b] = pair!;
    const rows = [a, b, a, b];
    const kt = createKeyTable([T.int, T.long, T.string]);
    const keys = [
      col(T.int, rows),
      col(
        T.long,
        rows.map((k) => BigInt(k)),
      ),
      col(
        T.string,
        rows.map(() => 'x'),
      ),
    ];
    expect(ids(kt.insert(keys, 4))).toEqual([0, 1, 0, 1]);
    expect(keyRows(kt.keyColumns())).toEqual([
      [a, BigInt(a), 'x'],
      [b, BigInt(b), 'x'],
    ]);
    // Same ints, longs swapped: the hashes differ from both stored keys' or the long column decides.
    const swapped = [col(T.int, [a, b]), col(T.long, [BigInt(b), BigInt(a)]), col(T.string, ['x', 'x'])];
    expect(ids(kt.find(swapped, 2))).toEqual([-1, -1]);
  });

  it('keys composite rows of dictionary columns by value, across dictionaries, without decoding them', () => {
    const coded = undecodedDictionary;
    // Ints far apart: too many combinations for codes, so the rows are hashed and compared.
    const wide = (xs: number[]) =>
      col(
        T.int,
        xs.map((x) => x * 1_000_003),
      );
    const kt = createKeyTable([T.string, T.int]);
    expect(
      ids(kt.insert([coded(['a', 'b', 'c'], [0, 1, 2, 0, 99], [0, 0, 0, 0, 1]), wide([1, 1, 2, 1, 1])], 5)),
    ).toEqual([0, 1, 2, 0, 3]);
    // Another dictionary, the same strings in another order; then plain strings.
    expect(
      ids(kt.insert([coded(['c', 'a', 'z'], [1, 0, 2, 7], [0, 0, 0, 1]), wide([1, 2, 1, 1])], 4)),
    ).toEqual([0, 2, 4, 3]);
    expect(ids(kt.find([col(T.string, ['a', 'b', 'z', null, 'b']), wide([1, 1, 1, 1, 2])], 5))).toEqual([
      0, 1, 4, 3, -1,
    ]);
    // A dictionary larger than its batch: its rows are hashed one by one, still not decoded.
    expect(ids(kt.find([coded(['c', 'a', 'z'], [1, 2]), wide([1, 1])], 2))).toEqual([0, 4]);
    expect(keyRows(kt.keyColumns())).toEqual([
      ['a', 1_000_003],
      ['b', 1_000_003],
      ['c', 2_000_006],
      [null, 1_000_003],
      ['z', 1_000_003],
    ]);
  });

  it('gives back string keys that repeat as a dictionary column, and hashes large dictionaries as rows need', () => {
    // (string, int) keys whose strings repeat: 3 values over 60 keys, brought by dictionaries
    // larger than their batches (hashed value by value, as a row first needs one).
    const big = ['s0', 's1', 's2', ...Array.from({ length: 100 }, (_, i) => `unused${i}`)];
    const dict = (codes: number[]): Vector =>
      ({
        type: T.string,
        length: codes.length,
        nulls: null,
        dictionary: { values: big, codes: Int32Array.from(codes) },
      }) as Vector;
    const kt = createKeyTable([T.string, T.int]);
    const strs: string[] = [];
    const ints: number[] = [];
    for (let batch = 0; batch < 6; batch++) {
      const codes = Array.from({ length: 10 }, (_, i) => (batch + i) % 3);
      const keys = Array.from({ length: 10 }, (_, i) => (batch * 10 + i) * 1_000_003);
      expect(ids(kt.insert([dict(codes), col(T.int, keys)], 10))).toEqual(
        Array.from({ length: 10 }, (_, i) => batch * 10 + i),
      );
      strs.push(...codes.map((c) => big[c]!));
      ints.push(...keys);
    }
    // The same keys as plain strings find the same ids: a dictionary's hashes are hashString's.
    expect(ids(kt.find([col(T.string, strs), col(T.int, ints)], 60))).toEqual(
      Array.from({ length: 60 }, (_, i) => i),
    );
    const [s, n] = kt.keyColumns();
    expect(s!.dictionary?.values.length).toBe(3);
    expect(keyRows([s!, n!])).toEqual(strs.map((x, i) => [x, ints[i]]));
  });

  it('codes repeating plain string keys by the hashes it keyed them with: one dictionary value each', () => {
    // (string, int) keys from plain strings: 2 values over 24 keys, in batches with NULLs and runs.
    const kt = createKeyTable([T.string, T.int]);
    const expected: Value[][] = [];
    for (let batch = 0; batch < 3; batch++) {
      const strs = Array.from({ length: 8 }, (_, i) => (i === 5 ? null : i < 3 ? 'left' : 'right'));
      const ints = Array.from({ length: 8 }, (_, i) => batch * 8 + i);
      kt.insert([col(T.string, strs), col(T.int, ints)], 8);
      expected.push(...strs.map((x, i) => [x, ints[i]!]));
    }
    const [s, n] = kt.keyColumns();
    expect([...s!.dictionary!.values].sort()).toEqual(['', 'left', 'right']);
    expect(keyRows([s!, n!])).toEqual(expected);
  });

  it('compares the keys a batch adds with each other as with stored keys (NaN, -0.0, long halves, encodings)', () => {
    // Every repeat below is of a key first met in the same batch, before the batch's keys are stored.
    const big = 1n << 32n;
    const dt = T.decimal(30, 2);
    const kt = createKeyTable([T.double, T.long, dt]);
    const d = col(T.double, [NaN, NaN, -0, 0, 0, 0, NaN]);
    const l = col(T.long, [1n, 1n, big, big, 0n, big, null]);
    const x = col(dt, [5n, 5n, 10n ** 25n, 10n ** 25n, 10n ** 25n, 10n ** 25n + 1n, null]);
    expect(ids(kt.insert([d, l, x], 7))).toEqual([0, 0, 1, 1, 2, 3, 4]);
    expect(
      ids(kt.find([col(T.double, [NaN, 0]), col(T.long, [null, big]), col(dt, [null, 10n ** 25n])], 2)),
    ).toEqual([4, 1]);
  });

  it('takes composite keys with NULLs in any column', () => {
    const kt = createKeyTable([T.string, T.int, T.double, T.long]);
    const s = col(T.string, ['a', 'a', null, 'a', null, 'a']);
    const i = col(T.int, [1, 1, 1, null, 1, 1]);
    const d = col(T.double, [0, -0, 0, 0, 0, NaN]);
    const l = col(T.long, [9n, 9n, 9n, 9n, 9n, 9n]);
    expect(ids(kt.insert([s, i, d, l], 6))).toEqual([0, 0, 1, 2, 1, 3]);
    expect(keyRows(kt.keyColumns())).toEqual([
      ['a', 1, 0, 9n],
      [null, 1, 0, 9n],
      ['a', null, 0, 9n],
      ['a', 1, NaN, 9n],
    ]);
    const probe = [
      col(T.string, ['a', 'b']),
      col(T.int, [null, 1]),
      col(T.double, [-0, 0]),
      col(T.long, [9n, 9n]),
    ];
    expect(ids(kt.find(probe, 2))).toEqual([2, -1]);
  });

  it('grows past several resizes and keeps every id', () => {
    const n = 100_000;
    const xs = Int32Array.from({ length: n }, (_, i) => (i * 7919) % 50_000);
    const v: Vector = { type: T.int, length: n, values: xs, nulls: null };
    const kt = createKeyTable([T.int]);
    const got = kt.insert([v], n);
    expect(kt.size).toBe(50_000);
    const keys = kt.keyColumns()[0]!.values as Int32Array;
    let wrong = 0;
    for (let i = 0; i < n; i++) if (keys[got[i]!] !== xs[i]) wrong++;
    expect(wrong).toBe(0);
    const again = kt.find([v], n);
    let differ = 0;
    for (let i = 0; i < n; i++) if (again[i] !== got[i]) differ++;
    expect(differ).toBe(0);
    expect(kt.byteSize).toBeGreaterThan(50_000 * 4);

    const kc = createKeyTable([T.string, T.long]);
    const sv = col(
      T.string,
      Array.from({ length: 20_000 }, (_, i) => `s${i % 1000}`),
    );
    const lv = col(
      T.long,
      Array.from({ length: 20_000 }, (_, i) => BigInt(i % 3000)),
    );
    const cid = kc.insert([sv, lv], 20_000);
    expect(kc.size).toBe(3000);
    const kcols = kc.keyColumns();
    for (let r = 0; r < 20_000; r += 97) {
      expect(getValue(kcols[0]!, cid[r]!)).toBe(`s${r % 1000}`);
      expect(getValue(kcols[1]!, cid[r]!)).toBe(BigInt(r % 3000));
    }
  });

  it('keeps single long keys through resizes, with runs of equal keys and NULLs inside runs', () => {
    // Runs of equal keys (clustered input), a NULL inside a run, and keys that differ only in their
    // high half (so their low halves agree), inserted over many batches.
    const kt = createKeyTable([T.long]);
    const expected = new Map<string, number>();
    const seen: (bigint | null)[] = [];
    const got: number[] = [];
    for (let b = 0; b < 40; b++) {
      const vals: (bigint | null)[] = [];
      for (let r = 0; r < 1000; r++) {
        const k = b * 1000 + r;
        const key = k % 97 === 0 ? null : BigInt(Math.floor(k / 3)) * (k % 2 === 0 ? 1n : 1n << 32n);
        vals.push(key);
      }
      const ids = kt.insert([col(T.long, vals)], vals.length);
      for (let i = 0; i < vals.length; i++) {
        const name = String(vals[i]);
        if (!expected.has(name)) expected.set(name, expected.size);
        seen.push(vals[i]!);
        got.push(ids[i]!);
      }
    }
    expect(kt.size).toBe(expected.size);
    expect(got.every((id, i) => id === expected.get(String(seen[i])))).toBe(true);
    const keys = kt.keyColumns()[0]!;
    for (const [name, id] of expected) expect(String(getValue(keys, id))).toBe(name);
    const probe = col(T.long, [null, 5n, 5n << 32n, 123_456_789n, 5n]);
    expect(ids(kt.find([probe], 5))).toEqual([
      expected.get('null'),
      expected.get('5'),
      expected.get(String(5n << 32n)),
      -1,
      expected.get('5'),
    ]);
  });

  it('sized up front, gives the ids of a table that grows, also past the keys it was sized for', () => {
    for (const type of [T.long, T.int, T.string]) {
      const n = 30_000;
      const keys = col(
        type,
        Array.from({ length: n }, (_, i) => {
          const k = (i * 7919) % 25_000;
          return type === T.long ? BigInt(k) << 20n : type === T.int ? k : `k${k}`;
        }),
      );
      const grown = createKeyTable([type]);
      const sized = createKeyTable([type], 10_000);
      // Room for the expected keys at load <= 0.5 from the start.
      expect(sized.byteSize).toBeGreaterThan(grown.byteSize + 2 * 10_000 * 8);
      expect(ids(sized.insert([keys], n))).toEqual(ids(grown.insert([keys], n)));
      expect(sized.size).toBe(25_000);
      expect(ids(sized.find([keys], n))).toEqual(ids(grown.find([keys], n)));
    }
  });

  it('reserved for a batch of new keys, gives the ids of a table that grows; released, its slots serve a new table empty', () => {
    for (const type of [T.long, T.int, T.string]) {
      const n = 40_000;
      const keyAt = (i: number): Value => {
        const k = (i * 7919) % 30_000;
        return type === T.long ? BigInt(k) << 20n : type === T.int ? k : `k${k}`;
      };
      const batch = (from: number): Vector =>
        col(
          type,
          Array.from({ length: n / 2 }, (_, i) => (i % 1000 === 7 ? null : keyAt(from + i))),
        );
      const grown = createKeyTable([type]);
      const reserved = createKeyTable([type]);
      for (const from of [0, n / 2]) {
        reserved.reserve(n / 2);
        expect(ids(reserved.insert([batch(from)], n / 2))).toEqual(ids(grown.insert([batch(from)], n / 2)));
      }
      expect(reserved.size).toBe(grown.size);
      expect(keyRows(reserved.keyColumns())).toEqual(keyRows(grown.keyColumns()));
      // The released slots (the pool's) come back zeroed: the new table knows none of the old keys.
      reserved.release();
      const next = createKeyTable([type], grown.size);
      expect(ids(next.find([batch(0)], n / 2)).every((id) => id === -1)).toBe(true);
      expect(ids(next.insert([batch(n / 2)], n / 2))).toEqual(
        ids(createKeyTable([type]).insert([batch(n / 2)], n / 2)),
      );
    }
  });

  it('reuses the out array and accepts batches over many calls', () => {
    const kt = createKeyTable([T.long]);
    const out = new Int32Array(8);
    const r1 = kt.insert([col(T.long, [1n, 2n])], 2, out);
    expect(r1).toBe(out);
    expect(ids(r1.subarray(0, 2))).toEqual([0, 1]);
    expect(ids(kt.insert([col(T.long, [2n, 3n, 1n])], 3).subarray(0, 3))).toEqual([1, 2, 0]);
  });

  it('keys nested and wide types by value', () => {
    const at = T.array(T.int, true);
    const kt = createKeyTable([at]);
    expect(ids(kt.insert([col(at, [[1, 2], [1, 2], [], null, [null], []])], 6))).toEqual([0, 0, 1, 2, 3, 1]);
    expect(keyRows(kt.keyColumns()).map((r) => r[0])).toEqual([[1, 2], [], null, [null]]);
    const dt = T.decimal(30, 2);
    const kd = createKeyTable([dt, T.int]);
    const big = 10n ** 25n;
    expect(ids(kd.insert([col(dt, [big, big, 1n, null]), col(T.int, [1, 1, 1, 1])], 4))).toEqual([
      0, 0, 1, 2,
    ]);
    expect(keyRows(kd.keyColumns())).toEqual([
      [big, 1],
      [1n, 1],
      [null, 1],
    ]);
    const bt = T.binary;
    const kb = createKeyTable([bt]);
    expect(
      ids(kb.insert([col(bt, [Uint8Array.of(1, 2), Uint8Array.of(1, 2), Uint8Array.of(1)])], 3)),
    ).toEqual([0, 0, 1]);
  });

  it('treats no key columns as one key', () => {
    const kt = createKeyTable([]);
    expect(ids(kt.find([], 2))).toEqual([-1, -1]);
    expect(ids(kt.insert([], 3))).toEqual([0, 0, 0]);
    expect(kt.size).toBe(1);
  });
});
