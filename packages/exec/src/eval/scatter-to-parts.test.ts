// scatterToParts keeps each row's value in its part, whatever storage a wide decimal column arrives in.

import { getValue, T, vectorFromValues, type Vector } from '@flint/common';
import { describe, expect, it } from 'vitest';
import { placeRows, scatterToParts } from './vectors.js';

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
    const alone = scatterToParts(wide, [words], placeRows([pids[0]!], 2));
    expect(alone.map(valuesOf)).toEqual([[-7n], [3050n, 2n ** 60n]]);
    const mixed = scatterToParts(wide, [words, bigints], placeRows(pids, 2));
    expect(mixed.map(valuesOf)).toEqual([
      [-7n, 10n ** 30n],
      [3050n, 2n ** 60n, 5n],
    ]);
  });

  it('keeps each part’s rows in batch and row order, NULLs too, for typed and other columns', () => {
    const pids = [Int32Array.of(2, 0, 2, 1), Int32Array.of(0, 2, 0)];
    const placement = placeRows(pids, 4);
    expect([...placement.starts]).toEqual([0, 3, 4, 7, 7]);
    const ints = [vectorFromValues(T.int, [1, null, 3, 4]), vectorFromValues(T.int, [5, 6, null])];
    const strings = [
      vectorFromValues(T.string, ['a', 'b', null, 'd']),
      vectorFromValues(T.string, [null, 'f', 'g']),
    ];
    const want = (values: unknown[][]) => [
      [values[0]![1], values[1]![0], values[1]![2]],
      [values[0]![3]],
      [values[0]![0], values[0]![2], values[1]![1]],
      [],
    ];
    expect(scatterToParts(T.int, ints, placement).map(valuesOf)).toEqual(
      want([
        [1, null, 3, 4],
        [5, 6, null],
      ]),
    );
    expect(scatterToParts(T.string, strings, placement).map(valuesOf)).toEqual(
      want([
        ['a', 'b', null, 'd'],
        [null, 'f', 'g'],
      ]),
    );
  });
});
