// scatterToParts keeps each row's value in its part, whatever storage a wide decimal column arrives in.

import { getValue, T, vectorFromValues, type Vector } from '@flint/common';
import { describe, expect, it } from 'vitest';
import { scatterToParts } from './vectors.js';

const wide = T.decimal(38, 2);
const valuesOf = (v: Vector | null) =>
  v === null ? [] : Array.from({ length: v.length }, (_, i) => getValue(v, i));

describe('scatterToParts', () => {
  it('splits wide decimals held in BigInt64Arrays, alone or mixed with bigint arrays', () => {
    // The exact-double kernels and exact sums hold decimal(38, s) in BigInt64Arrays.
    const words: Vector = {
      type: wide,
      length: 3,
      values: BigInt64Array.of(3050n, -7n, 2n ** 60n),
      nulls: null,
    };
    const bigints = vectorFromValues(wide, [10n ** 30n, 5n]);
    const pids = [Int32Array.of(1, 0, 1), Int32Array.of(0, 1)];
    const alone = scatterToParts(wide, [words], [pids[0]!], Int32Array.of(1, 2), 2);
    expect(alone.map(valuesOf)).toEqual([[-7n], [3050n, 2n ** 60n]]);
    const mixed = scatterToParts(wide, [words, bigints], pids, Int32Array.of(2, 3), 2);
    expect(mixed.map(valuesOf)).toEqual([
      [-7n, 10n ** 30n],
      [3050n, 2n ** 60n, 5n],
    ]);
  });
});
