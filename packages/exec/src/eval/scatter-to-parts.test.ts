// scatterToParts keeps each row's value in its part, whatever storage a wide decimal column arrives in.

import { getValue, packedChars, packedVector, T, vectorFromValues, type Vector } from '@flint/common';
import { describe, expect, it } from 'vitest';
import { fromWire, isLatin1Strings, toWire } from '../cluster/wire-batches.js';
import { gather, placeRows, scatterToParts } from './vectors.js';

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

  it('copies packed rows into Latin-1 bytes that the parts cross threads as, or cuts them past Latin-1', () => {
    // A cached column's packed rows, and rows gathered from them (bounds out of order, a NULL).
    const chars = 'alphabetagammadeltaé';
    const offsets = Int32Array.of(0, 5, 9, 14, 19, 20);
    const cached = packedVector(T.string, Uint8Array.of(0, 0, 1, 0, 0), packedChars(chars, offsets, 5), 5);
    const picked = gather(cached, Int32Array.of(3, 2, 0));
    const pids = [Int32Array.of(1, 0, 1, 1, 0), Int32Array.of(0, 1, 1)];
    const parts = scatterToParts(T.string, [cached, picked], placeRows(pids, 2));
    expect(parts.map(valuesOf)).toEqual([
      ['beta', 'é', 'delta'],
      ['alpha', null, 'delta', null, 'alpha'],
    ]);
    // Each part crosses as its range of the one set of bytes, read back whole.
    const wire = toWire({ numRows: parts[1]!.length, columns: [parts[1]!] }, true);
    expect(isLatin1Strings(wire.columns[0]!)).toBe(true);
    expect(valuesOf(fromWire(wire).columns[0]!)).toEqual(['alpha', null, 'delta', null, 'alpha']);
    // A character past Latin-1 leaves the rows cut and joined as strings.
    const wider = packedVector(T.string, null, packedChars('x€yz', Int32Array.of(0, 2, 4), 2), 2);
    const split = scatterToParts(T.string, [wider], placeRows([Int32Array.of(1, 0)], 2));
    expect(split.map(valuesOf)).toEqual([['yz'], ['x€']]);
  });
});
