// Shuffle reads put runs of small blocks together, in order; large blocks and blocks with a dictionary
// column (which putting together would decode) pass as they are.
import { describe, expect, it } from 'vitest';
import { batchToRows, dictionaryVector, T, vectorFromValues, type Batch } from '@flint/common';
import { joinSmallBatches } from './run-node.js';

const types = [T.int, T.string];
const block = (from: number, n: number): Batch => ({
  numRows: n,
  columns: [
    vectorFromValues(
      T.int,
      Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : from + i)),
    ),
    vectorFromValues(
      T.string,
      Array.from({ length: n }, (_, i) => `s${from + i}`),
    ),
  ],
});

describe('joinSmallBatches', () => {
  it('puts runs of small blocks together in order, leaving large and dictionary blocks alone', () => {
    const dictionary: Batch = {
      numRows: 3,
      columns: [
        vectorFromValues(T.int, [7, 8, 9]),
        dictionaryVector(T.string, null, ['x', 'y'], Int32Array.of(0, 1, 0)),
      ],
    };
    const large = block(1_000_000, 9000);
    const blocks = [
      block(0, 300),
      block(300, 200),
      dictionary,
      block(500, 4000),
      block(4500, 5000),
      large,
      block(9500, 10),
    ];
    const out = joinSmallBatches(types, blocks);
    expect(out.map((b) => b.numRows)).toEqual([500, 3, 9000, 9000, 10]);
    expect(out[1]).toBe(dictionary);
    expect(out[3]).toBe(large);
    expect(out.flatMap(batchToRows)).toEqual(blocks.flatMap(batchToRows));
  });
});
