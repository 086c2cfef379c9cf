import { describe, expect, it } from 'vitest';
import type { Vector } from '@flint/common';
import {
  denseKeySet,
  denseRowChains,
  lookUpDense,
  lookUpDensePairs,
  selectInDenseSet,
} from './dense-keys.js';

const longs = (xs: readonly bigint[], nulls: Uint8Array | null = null): Vector => ({
  type: { kind: 'long' },
  length: xs.length,
  values: BigInt64Array.from(xs),
  nulls,
});
const ints = (xs: readonly number[]): Vector => ({
  type: { kind: 'integer' },
  length: xs.length,
  values: Int32Array.from(xs),
  nulls: null,
});
/** The first rows by value (denseRowChains' map), or null. */
const firstRows = (key: Vector, n: number, skip: Uint8Array | null) =>
  denseRowChains(key, n, skip, new Int32Array(n))?.first ?? null;

describe('dense key maps', () => {
  it('maps each key value to its first row and finds absent values as -1', () => {
    // Longs around 2^32 and below zero, a skipped row whose value is then absent.
    const base = 2n ** 32n - 2n;
    const keys = longs([base, base + 3n, base + 1n, base + 2n]);
    const m = firstRows(keys, 4, Uint8Array.of(0, 0, 0, 1))!;
    expect(m.values.length).toBe(4);
    const probe = longs([base + 1n, base + 2n, base - 1n, base + 4n, base, -base, 2n ** 62n]);
    expect([...lookUpDense(m, probe, 7, new Int32Array(7))]).toEqual([2, -1, -1, -1, 0, -1, -1]);
    const m2 = firstRows(ints([-3, 0, 2]), 3, null)!;
    expect([...lookUpDense(m2, ints([2, -3, -4, 3, 0]), 5, new Int32Array(5))]).toEqual([2, 0, -1, -1, 1]);
    // Longs of a map within the int range: a probe whose low word matches a key but whose high word
    // does not (2^32, 2^32 - 3, -2^32 + 2) is absent, as are the ends of the int range.
    const m3 = firstRows(longs([-3n, 0n, 2n]), 3, null)!;
    const far = longs([
      2n,
      -3n,
      2n ** 32n,
      2n ** 32n - 3n,
      -(2n ** 32n) + 2n,
      0n,
      -(2n ** 31n),
      2n ** 31n - 1n,
    ]);
    expect([...lookUpDense(m3, far, 8, new Int32Array(8))]).toEqual([2, 0, -1, -1, -1, 1, -1, -1]);
  });

  it('pairs each probe row found with its number, in one pass, as lookUpDense finds them', () => {
    // Per storage: longs within the int range, ints, and longs around 2^32 (past the int range).
    const base = 2n ** 32n - 2n;
    const cases: [Vector, Vector][] = [
      [longs([-3n, 0n, 2n, 40n]), longs([2n, -3n, 2n ** 32n, 40n, -(2n ** 32n) + 2n, 0n, 41n, -4n])],
      [ints([-3, 0, 2, 40]), ints([2, -3, 41, 40, -2147483648, 0, 2147483647, 1])],
      [longs([base, base + 3n, base + 1n]), longs([base + 1n, base + 2n, base - 1n, base, -base, 2n ** 62n])],
    ];
    for (const [build, probe] of cases) {
      const m = firstRows(build, build.length, null)!;
      const n = probe.length;
      // The last probe row is skipped (a NULL key): never paired.
      const skip = new Uint8Array(n);
      skip[n - 1] = 1;
      const si = new Int32Array(n);
      const bi = new Int32Array(n);
      const k = lookUpDensePairs(m, probe, n, skip, si, bi);
      const first = lookUpDense(m, probe, n, new Int32Array(n));
      const expected = [...first].flatMap((j, i) => (j >= 0 && skip[i] === 0 ? [[i, j]] : []));
      expect(expected.length).toBeGreaterThan(1);
      expect([...si.subarray(0, k)].map((i, x) => [i, bi[x]])).toEqual(expected);
    }
  });

  it('is not made for sparse keys, keys past 2^53 or no keys at all', () => {
    // Three keys spanning a million values.
    expect(firstRows(longs([1n, 10n, 1_000_000n]), 3, null)).toBeNull();
    expect(firstRows(longs([2n ** 60n, 2n ** 60n + 1n]), 2, null)).toBeNull();
    expect(firstRows(longs([5n]), 1, Uint8Array.of(1))).toBeNull();
    // A span of up to 2^18 values is dense enough whatever the keys; beyond it, 4 values a key.
    expect(firstRows(longs([0n, 2n ** 18n - 1n]), 2, null)).not.toBeNull();
    expect(firstRows(longs([0n, 2n ** 18n]), 2, null)).toBeNull();
    const spread = Array.from({ length: 2 ** 17 }, (_, i) => BigInt(4 * i));
    expect(firstRows(longs(spread), spread.length, null)).not.toBeNull();
    expect(firstRows(longs([...spread, 2n ** 19n + 8n]), spread.length + 1, null)).toBeNull();
  });

  it('chains the rows of each value in row order and tells whether any value repeats', () => {
    const next = new Int32Array(6).fill(99);
    const c = denseRowChains(ints([7, 5, 7, 6, 7, 5]), 6, Uint8Array.of(0, 0, 0, 0, 1, 0), next)!;
    expect(c.unique).toBe(false);
    expect([...lookUpDense(c.first, ints([5, 6, 7, 8]), 4, new Int32Array(4))]).toEqual([1, 3, 0, -1]);
    // 7: rows 0 then 2 (row 4 is skipped); 5: rows 1 then 5.
    expect(next[0]).toBe(2);
    expect(next[2]).toBe(-1);
    expect(next[1]).toBe(5);
    expect(next[5]).toBe(-1);
    expect(next[3]).toBe(-1);
    expect(denseRowChains(ints([3, 1, 2]), 3, null, new Int32Array(3))!.unique).toBe(true);
  });
});

describe('dense key sets', () => {
  it('selects exactly the rows whose value is in the set, in order, leaving out skipped rows', () => {
    // Longs around 2^32 and below zero; the skipped build row's value is not in the set.
    const base = 2n ** 32n - 2n;
    const set = denseKeySet(longs([base, base + 40n, -base, base + 9n]), 4, Uint8Array.of(0, 0, 1, 0))!;
    const probe = longs([base + 9n, -base, base + 1n, base, base + 40n, base + 41n, 2n ** 62n, base]);
    const out = new Int32Array(8);
    const k = selectInDenseSet(set, probe, 8, Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 1), out);
    expect([...out.subarray(0, k)]).toEqual([0, 3, 4]);
    const intSet = denseKeySet(ints([-3, 0, 31, 32]), 4, null)!;
    const k2 = selectInDenseSet(intSet, ints([32, 1, -3, 31, 33, -4, 0]), 7, null, out);
    expect([...out.subarray(0, k2)]).toEqual([0, 2, 3, 6]);
  });

  it('selects the same rows from a sparse set (a branch a row) as from a dense one, ints or longs', () => {
    for (const step of [10, 2]) {
      const keys = Array.from({ length: 1000 / step }, (_, i) => i * step - 300);
      const probeValues = Array.from({ length: 500 }, (_, i) => ((i * 7919) % 1400) - 400);
      const skip = Uint8Array.from(probeValues, (_, i) => (i % 37 === 5 ? 1 : 0));
      const want = probeValues.flatMap((x, i) => (keys.includes(x) && skip[i] === 0 ? [i] : []));
      for (const make of [ints, (xs: readonly number[]) => longs(xs.map(BigInt))]) {
        const set = denseKeySet(make(keys), keys.length, null)!;
        expect(set.sparse).toBe(step === 10);
        const out = new Int32Array(500);
        const k = selectInDenseSet(set, make(probeValues), 500, skip, out);
        expect([...out.subarray(0, k)]).toEqual(want);
      }
    }
  });

  it('tests longs of a set within the int range as ints, rejecting longs whose low word alone would match', () => {
    const set = denseKeySet(longs([-5n, 0n, 7n, 100n]), 4, null)!;
    const two32 = 2n ** 32n;
    const probe = longs([
      7n,
      two32 + 7n, // low word 7
      -5n,
      -two32 + 100n, // low word 100
      2n ** 31n, // low word -2^31
      100n,
      101n,
      0n,
      -(2n ** 31n),
      -5n,
    ]);
    const out = new Int32Array(10);
    const skip = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
    const k = selectInDenseSet(set, probe, 10, skip, out);
    expect([...out.subarray(0, k)]).toEqual([0, 2, 5, 7]);
    // A set that reaches past 2^31 is tested in doubles.
    const high = denseKeySet(longs([2n ** 31n - 2n, 2n ** 31n + 1n]), 2, null)!;
    const k2 = selectInDenseSet(
      high,
      longs([2n ** 31n + 1n, 2n ** 31n - 2n, 2n ** 31n - 1n, 1n]),
      4,
      null,
      out,
    );
    expect([...out.subarray(0, k2)]).toEqual([0, 1]);
  });

  it('tests the rows of a selection in place, as selectInDenseSet tests them gathered, leaving out NULL keys', () => {
    const two32 = 2n ** 32n;
    const big = 2n ** 31n;
    const cases = [
      // A set within the int range (tested in int arithmetic) and one reaching past it (in doubles).
      {
        set: [-5n, 0n, 7n, 100n],
        values: [7n, two32 + 7n, -5n, 100n, 3n, 0n, -5n, 101n, 100n, 2n ** 62n],
        nulls: [0, 0, 0, 0, 0, 0, 1, 0, 0, 0],
        sel: [0, 1, 2, 5, 6, 8, 9],
        rows: [0, 2, 5, 8],
      },
      {
        set: [big - 2n, big + 1n],
        values: [big + 1n, 5n, big - 1n, 1n, big + 1n, big - 2n],
        nulls: [0, 0, 0, 0, 1, 0],
        sel: [0, 2, 3, 4, 5],
        rows: [0, 5],
      },
    ];
    for (const c of cases) {
      const set = denseKeySet(longs(c.set), c.set.length, null)!;
      const sel = Int32Array.from(c.sel);
      const out = new Int32Array(sel.length);
      const probe = longs(c.values, Uint8Array.from(c.nulls));
      const k = selectInDenseSet(set, probe, sel.length, probe.nulls, out, sel);
      expect([...out.subarray(0, k)]).toEqual(c.rows);
      // The rows the gathered keys give, NULLs skipped.
      const gathered = longs(
        c.sel.map((i) => c.values[i]!),
        Uint8Array.from(c.sel, (i) => c.nulls[i]!),
      );
      const viaGather = new Int32Array(sel.length);
      const g = selectInDenseSet(set, gathered, sel.length, gathered.nulls, viaGather);
      expect([...viaGather.subarray(0, g)].map((s) => c.sel[s]!)).toEqual(c.rows);
    }
    const intSet = denseKeySet(ints([-3, 0, 31, 32]), 4, null)!;
    const out = new Int32Array(4);
    const k2 = selectInDenseSet(
      intSet,
      ints([32, 1, -3, 31, 33, -4, 0]),
      4,
      null,
      out,
      Int32Array.of(1, 2, 4, 6),
    );
    expect([...out.subarray(0, k2)]).toEqual([2, 6]);
  });

  it('is not made for keys spread over more than 1 MB of bits and 64 values each, past 2^53, or none', () => {
    expect(denseKeySet(longs([0n, 2n ** 23n]), 2, null)).toBeNull();
    expect(denseKeySet(longs([0n, 2n ** 23n - 1n]), 2, null)).not.toBeNull();
    const spread = Array.from({ length: 2 ** 18 }, (_, i) => BigInt(i * 64));
    expect(denseKeySet(longs(spread), spread.length, null)).not.toBeNull();
    expect(denseKeySet(longs([...spread, 2n ** 25n]), spread.length + 1, null)).toBeNull();
    expect(denseKeySet(longs([2n ** 60n]), 1, null)).toBeNull();
    expect(denseKeySet(longs([5n]), 1, Uint8Array.of(1))).toBeNull();
  });
});
