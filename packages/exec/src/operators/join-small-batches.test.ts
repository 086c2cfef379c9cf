// Shuffle reads put runs of small blocks together, in order; large blocks, and blocks whose dictionary
// holds more values than the block has rows (merging it would cost more than decoding), pass as they
// are. Dictionary columns put together stay one dictionary column.
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

  it('puts small dictionary blocks together as one dictionary column, their values merged', () => {
    // Each block brings its own copy of its values (as blocks crossing threads do), in its own order.
    const coded = (values: string[], codes: number[], nulls: Uint8Array | null = null): Batch => ({
      numRows: codes.length,
      columns: [
        vectorFromValues(
          T.int,
          codes.map((c) => c * 10),
        ),
        dictionaryVector(T.string, nulls, values, Int32Array.from(codes)),
      ],
    });
    const nulls = Uint8Array.of(0, 1, 0, 0);
    const many = coded(
      Array.from({ length: 9 }, (_, i) => `w${i}`),
      [8, 0],
    );
    const blocks = [
      coded(['x', 'y'], [0, 1, 1, 0]),
      coded(['y', 'z', 'x'], [2, 0, 1, 0], nulls),
      coded(['z'], [0, 0]),
      many,
      coded(['x'], [0, 0, 0]),
    ];
    const out = joinSmallBatches(types, blocks);
    expect(out.map((b) => b.numRows)).toEqual([10, 2, 3]);
    expect(out[1]).toBe(many);
    const joined = out[0]!.columns[1]!;
    expect(joined.dictionary?.values).toEqual(['x', 'y', 'z']);
    expect(joined.nulls).toEqual(Uint8Array.of(0, 0, 0, 0, 0, 1, 0, 0, 0, 0));
    expect(out.flatMap(batchToRows)).toEqual(blocks.flatMap(batchToRows));
  });
});
