import { describe, expect, it } from 'vitest';
import type { Vector } from '@flint/common';
import { denseKeyMap, lookUpDense } from './dense-keys.js';

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
const ids = (n: number) => Int32Array.from({ length: n }, (_, i) => 10 + i);

describe('dense key maps', () => {
  it('maps each key value to its row’s number and finds absent values as -1', () => {
    // Longs around 2^32 and below zero, a skipped row whose value is then absent.
    const base = 2n ** 32n - 2n;
    const keys = longs([base, base + 3n, base + 1n, base + 2n]);
    const m = denseKeyMap(keys, ids(4), 4, Uint8Array.of(0, 0, 0, 1))!;
    expect(m.values.length).toBe(4);
    const probe = longs([base + 1n, base + 2n, base - 1n, base + 4n, base, -base, 2n ** 62n]);
    expect([...lookUpDense(m, probe, 7, new Int32Array(7))]).toEqual([12, -1, -1, -1, 10, -1, -1]);
    const m2 = denseKeyMap(ints([-3, 0, 2]), ids(3), 3, null)!;
    expect([...lookUpDense(m2, ints([2, -3, -4, 3, 0]), 5, new Int32Array(5))]).toEqual([12, 10, -1, -1, 11]);
  });

  it('is not made for sparse keys, keys past 2^53 or no keys at all', () => {
    // Three keys spanning a million values.
    expect(denseKeyMap(longs([1n, 10n, 1_000_000n]), ids(3), 3, null)).toBeNull();
    expect(denseKeyMap(longs([2n ** 60n, 2n ** 60n + 1n]), ids(2), 2, null)).toBeNull();
    expect(denseKeyMap(longs([5n]), ids(1), 1, Uint8Array.of(1))).toBeNull();
    // Up to 4 values a key and 1024 more are dense enough.
    expect(denseKeyMap(longs([0n, 4000n]), ids(2), 2, null)).toBeNull();
    expect(denseKeyMap(longs([0n, 1000n]), ids(2), 2, null)).not.toBeNull();
  });
});
