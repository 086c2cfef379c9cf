// Key ids from codes (dictionary strings, ints of a small range) must be the ids the plain path gives
// the same keys: the same numbering (first appearance), NULL as its own key, lookups (find) of absent
// keys, and the plain path when a batch has too many combinations for its rows.
import { dictionaryVector, T, vectorFromValues, type Vector } from '@flint/common';
import { describe, expect, it } from 'vitest';
import { createKeyTable } from './key-table.js';
import { codedKeyIds, keptKeyIds } from './coded-keys.js';

/** A dictionary vector of `rows` (null: NULL) over `dictionary`, and the same rows as plain strings. */
function both(dictionary: string[], rows: (string | null)[]): [Vector, Vector] {
  const codes = Int32Array.from(rows, (x) => (x === null ? 0 : dictionary.indexOf(x)));
  const nulls = rows.includes(null) ? Uint8Array.from(rows, (x) => (x === null ? 1 : 0)) : null;
  return [dictionaryVector(T.string, nulls, dictionary, codes), vectorFromValues(T.string, rows)];
}

const flags = ['R', 'A', 'N'];
const status = ['O', 'F'];
const all = [...flags, ...status];
const rowsOf = (n: number, seed: number, withNulls: boolean) =>
  Array.from({ length: n }, (_, i) => {
    const k = (i * 7919 + seed) % 13;
    return withNulls && k === 0 ? null : k < 7 ? flags[k % 3]! : status[k % 2]!;
  });

describe('codedKeyIds', () => {
  it('gives the ids of the plain path, over two columns with NULLs, batch after batch', () => {
    const byCodes = createKeyTable([T.string, T.string]);
    const plain = createKeyTable([T.string, T.string]);
    for (const seed of [1, 5, 11]) {
      const [a, pa] = both([...flags, ...status], rowsOf(500, seed, true));
      const [b, pb] = both([...status, ...flags].reverse(), rowsOf(500, seed + 3, seed === 5));
      const viaCodes = Array.from(byCodes.insert([a, b], 500));
      expect(viaCodes).toEqual(Array.from(plain.insert([pa, pb], 500)));
    }
    expect(byCodes.size).toBe(plain.size);
    expect(byCodes.keyColumns().map((c) => Array.from(c.values as string[]))).toEqual(
      plain.keyColumns().map((c) => Array.from(c.values as string[])),
    );
  });

  it('is what answers: each combination is looked up once, on a plain row', () => {
    const [a] = both(all, rowsOf(400, 2, true));
    const looked: number[] = [];
    const out = codedKeyIds([a], 400, new Int32Array(400), (keys, n, o) => {
      expect(keys[0]!.dictionary).toBeUndefined();
      looked.push(n);
      for (let i = 0; i < n; i++) o[i] = 100 + i;
      return o;
    });
    // Five values and NULL, in order of first appearance.
    expect(looked).toEqual([6]);
    const firstSeen = [...new Set(rowsOf(400, 2, true))];
    expect(Array.from(out!)).toEqual(rowsOf(400, 2, true).map((x) => 100 + firstSeen.indexOf(x)));
  });

  it('finds without adding: absent keys are -1', () => {
    const t = createKeyTable([T.string]);
    t.insert([vectorFromValues(T.string, ['A', null])], 2);
    const [a] = both(all, rowsOf(300, 4, true));
    const expected = rowsOf(300, 4, true).map((x) => (x === 'A' ? 0 : x === null ? 1 : -1));
    expect(Array.from(t.find([a], 300))).toEqual(expected);
    expect(t.size).toBe(2);
  });

  it('leaves a batch with fewer than four rows per combination, or a plain column, to the plain path', () => {
    const [a] = both(flags, ['R', 'A', 'N', 'R']);
    const never = () => {
      throw new Error('looked up by codes');
    };
    expect(codedKeyIds([a], 4, new Int32Array(4), never)).toBeNull();
    const [big] = both(all, rowsOf(100, 1, false));
    expect(
      codedKeyIds([big, vectorFromValues(T.string, rowsOf(100, 1, false))], 100, new Int32Array(100), never),
    ).toBeNull();
  });

  it('codes ints of a small range (negative ones too), with a dictionary column beside them', () => {
    const ints = (seed: number) =>
      Array.from({ length: 2000 }, (_, i) =>
        (i * 31 + seed) % 17 === 0 ? null : ((i * 7 + seed) % 40) - 20,
      );
    const byCodes = createKeyTable([T.int, T.string]);
    const plain = createKeyTable([T.int, T.string]);
    let lookedUp = 0;
    for (const seed of [3, 8]) {
      const x = vectorFromValues(T.int, ints(seed));
      const [s, ps] = both(all, rowsOf(2000, seed, false));
      const ids = Array.from(byCodes.insert([x, s], 2000));
      expect(ids).toEqual(Array.from(plain.insert([x, ps], 2000)));
      codedKeyIds([x, s], 2000, new Int32Array(2000), (keys, n, o) => {
        lookedUp = n;
        return plain.find(keys, n, o);
      });
    }
    expect(byCodes.size).toBe(plain.size);
    // The (int, string) combinations of the second batch, each once: far fewer than its rows.
    expect(lookedUp).toBe(new Set(ints(8).map((v, i) => `${v}|${rowsOf(2000, 8, false)[i]}`)).size);
    expect(lookedUp).toBeLessThan(250);
  });

  it('leaves ints of a wide range to the plain path', () => {
    const wide = vectorFromValues(
      T.int,
      Array.from({ length: 1000 }, (_, i) => i * 1000),
    );
    expect(
      codedKeyIds([wide], 1000, new Int32Array(1000), () => {
        throw new Error('looked up by codes');
      }),
    ).toBeNull();
  });

  it("keeps the ids of a shared dictionary's codes from batch to batch, as the plain path numbers them", () => {
    const values = Array.from({ length: 500 }, (_, i) => `v${i}`);
    const batch = (seed: number, withNulls: boolean): [Vector, Vector] => {
      const rows = Array.from({ length: 300 }, (_, i) =>
        withNulls && i % 11 === 3 ? null : values[(i * 37 + seed * 101) % 500]!,
      );
      const codes = Int32Array.from(rows, (x) => (x === null ? 0 : values.indexOf(x)));
      const nulls = withNulls ? Uint8Array.from(rows, (x) => (x === null ? 1 : 0)) : null;
      return [dictionaryVector(T.string, nulls, values, codes), vectorFromValues(T.string, rows)];
    };
    const byCodes = createKeyTable([T.string]);
    const plain = createKeyTable([T.string]);
    let looked = 0;
    for (const [seed, withNulls] of [
      [1, false],
      [2, true],
      [1, true],
    ] as const) {
      const [d, p] = batch(seed, withNulls);
      expect(Array.from(byCodes.insert([d], 300))).toEqual(Array.from(plain.insert([p], 300)));
    }
    // A find over the same dictionary: absent values are -1, then found once inserted.
    const probe = createKeyTable([T.string]);
    probe.insert([vectorFromValues(T.string, ['v0', 'v3'])], 2);
    const [d] = batch(0, false);
    const expected = (d.values as string[]).map((x) => (x === 'v0' ? 0 : x === 'v3' ? 1 : -1));
    expect(Array.from(probe.find([d], 300))).toEqual(expected);
    probe.insert([vectorFromValues(T.string, ['v37'])], 1);
    expect(Array.from(probe.find([d], 300))).toEqual(
      (d.values as string[]).map((x) => (x === 'v0' ? 0 : x === 'v3' ? 1 : x === 'v37' ? 2 : -1)),
    );
    // Each code is looked up once while the dictionary stays: a second batch of the same codes looks up none.
    const kept = keptKeyIds(d, 300, new Int32Array(300), null, (keys, n, o) => {
      looked += n;
      return plain.insert(keys, n, o);
    });
    keptKeyIds(d, 300, new Int32Array(300), kept, (keys, n, o) => {
      looked += n;
      return plain.insert(keys, n, o);
    });
    expect(looked).toBe(new Set(d.values as string[]).size);
  });

  it('keeps the ids of int keys over a range that grows, as the plain path numbers them', () => {
    const kept = createKeyTable([T.int]);
    const plain = createKeyTable([T.int]);
    // Batches whose ranges move down and up (the kept ids are copied into a wider range), with NULLs.
    const batches = [
      [1000, 2000],
      [-500, 1500],
      [0, 40_000],
      [39_000, 41_000],
    ].map(([lo, hi], b) =>
      vectorFromValues(
        T.int,
        Array.from({ length: 20_000 }, (_, i) => (i % 13 === b ? null : lo! + ((i * 7919) % (hi! - lo!)))),
      ),
    );
    for (const v of batches) {
      // The plain table must not take the kept path: a vector of the same rows that is not an Int32Array.
      const p: Vector = { ...v, values: Array.from(v.values as Int32Array) as unknown as Int32Array };
      expect(Array.from(kept.insert([v], 20_000))).toEqual(Array.from(plain.insert([p], 20_000)));
    }
    expect(kept.size).toBe(plain.size);
    // A find of keys never inserted gives -1, and the same keys once inserted their new ids.
    const probe = vectorFromValues(T.int, [5, 40_999, 123_456, null, 7]);
    expect(Array.from(kept.find([probe], 5))).toEqual(Array.from(plain.find([probe], 5)));
    let looked = 0;
    const first = keptKeyIds(batches[0]!, 20_000, new Int32Array(20_000), null, (keys, n, o) => {
      looked += n;
      return plain.find(keys, n, o);
    });
    expect(first).not.toBeNull();
    keptKeyIds(batches[0]!, 20_000, new Int32Array(20_000), first, (keys, n, o) => {
      looked += n;
      return plain.find(keys, n, o);
    });
    // Each distinct key and NULL was looked up once: the second batch of the same keys found them kept.
    const rows = Array.from(batches[0]!.values as Int32Array).filter((_, i) => batches[0]!.nulls?.[i] !== 1);
    expect(looked).toBe(new Set(rows).size + 1);
  });

  it('gives batches of known int keys without NULLs their kept ids, and falls back on a new or outside key', () => {
    const kept = createKeyTable([T.int]);
    const plain = createKeyTable([T.int]);
    const known = Array.from({ length: 5000 }, (_, i) => 100 + ((i * 31) % 97)).map((x) =>
      x === 150 ? 151 : x,
    );
    // Known keys only (all kept by then), then a new key within the range last, then one outside it last.
    for (const rows of [
      known,
      known,
      [...known.slice(0, 4999), 150],
      [...known.slice(0, 4999), 5000],
      known,
    ]) {
      const v = vectorFromValues(T.int, rows);
      expect(v.nulls).toBeNull();
      const p: Vector = { ...v, values: Array.from(v.values as Int32Array) as unknown as Int32Array };
      expect(Array.from(kept.insert([v], rows.length))).toEqual(Array.from(plain.insert([p], rows.length)));
    }
    expect(kept.size).toBe(plain.size);
  });

  it('undoes the marks of a batch that leaves the kept range partway, and numbers it as the plain path', () => {
    const kept = createKeyTable([T.int]);
    const plain = createKeyTable([T.int]);
    // New keys inside the kept range [0, 10] come first, then one outside it; NULL among them.
    for (const rows of [
      [0, 2, 4, 6, 8, 10, 2],
      [1, 3, null, 5, 20, 3, 1, null, 21],
    ]) {
      const v = vectorFromValues(T.int, rows);
      const p: Vector = { ...v, values: Array.from(v.values as Int32Array) as unknown as Int32Array };
      expect(Array.from(kept.insert([v], rows.length))).toEqual(Array.from(plain.insert([p], rows.length)));
    }
  });

  it('leaves an int column of a range far wider than its rows to the plain path', () => {
    const wide = vectorFromValues(
      T.int,
      Array.from({ length: 100 }, (_, i) => i * 1_000_000),
    );
    expect(keptKeyIds(wide, 100, new Int32Array(100), null, () => new Int32Array(0))).toBeNull();
  });

  it('keeps the ids of combinations of dictionary codes while the batches share the dictionaries', () => {
    const dictA = ['R', 'A', 'N'];
    const dictB = ['O', 'F'];
    const column = (dict: string[], n: number, seed: number): Vector =>
      dictionaryVector(
        T.string,
        Uint8Array.from({ length: n }, (_, i) => (i % 17 === seed ? 1 : 0)),
        dict,
        Int32Array.from({ length: n }, (_, i) => (i * 7 + seed) % dict.length),
      );
    const byCodes = createKeyTable([T.string, T.string]);
    const plain = createKeyTable([T.string, T.string]);
    for (const seed of [1, 2, 3]) {
      const a = column(dictA, 400, seed);
      const b = column(dictB, 400, seed + 5);
      const plainOf = (v: Vector) =>
        vectorFromValues(
          T.string,
          (v.values as string[]).map((x, i) => (v.nulls![i] === 1 ? null : x)),
        );
      expect(Array.from(byCodes.insert([a, b], 400))).toEqual(
        Array.from(plain.insert([plainOf(a), plainOf(b)], 400)),
      );
    }
    // Looked up: each combination once, however many batches.
    const keep = { combinations: null };
    let looked = 0;
    const lookUp = (keys: readonly Vector[], n: number, o: Int32Array) => {
      looked += n;
      return plain.find(keys, n, o);
    };
    const a = column(dictA, 400, 4);
    const b = column(dictB, 400, 9);
    const first = Array.from(codedKeyIds([a, b], 400, new Int32Array(400), lookUp, keep)!);
    const lookedFirst = looked;
    expect(Array.from(codedKeyIds([a, b], 400, new Int32Array(400), lookUp, keep)!)).toEqual(first);
    expect(looked).toBe(lookedFirst);
    expect(lookedFirst).toBeLessThanOrEqual(4 * 3);
    // With an int column: a batch within the range of the kept one looks up only its new pairs.
    const ints = (from: number, to: number) =>
      vectorFromValues(
        T.int,
        Array.from({ length: 400 }, (_, i) => from + ((i * 13) % (to - from + 1))),
      );
    const mixed = { combinations: null };
    const mixedTable = createKeyTable([T.string, T.int]);
    const mixedPlain = createKeyTable([T.string, T.int]);
    let lookedMixed = 0;
    const lookUpMixed = (keys: readonly Vector[], n: number, o: Int32Array) => {
      lookedMixed += n;
      return mixedTable.insert(keys, n, o);
    };
    const plainA = vectorFromValues(
      T.string,
      (a.values as string[]).map((x, i) => (a.nulls![i] === 1 ? null : x)),
    );
    const seen = new Set<string>();
    for (const [from, to] of [
      [10, 30],
      [12, 20],
    ] as const) {
      const x = ints(from, to);
      const pairs = new Set(
        (plainA.values as string[]).map((v, i) => `${plainA.nulls?.[i] === 1 ? null : v}|${x.values[i]}`),
      );
      const fresh = [...pairs].filter((p) => !seen.has(p)).length;
      const before = lookedMixed;
      const ids = Array.from(codedKeyIds([a, x], 400, new Int32Array(400), lookUpMixed, mixed)!);
      expect(ids).toEqual(Array.from(mixedPlain.insert([plainA, x], 400)));
      // Only pairs no earlier batch had are looked up.
      expect(lookedMixed - before).toBe(fresh);
      for (const p of pairs) seen.add(p);
    }
  });
});
