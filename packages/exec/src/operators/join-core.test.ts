// The join driver's output assembly: pairs of stream and build rows become output rows.
import { T, batchToRows, vectorFromValues, type Batch } from '@flint/common';
import { describe, expect, it } from 'vitest';
import { attr, testCtx } from '../test-support.js';
import { runJoin, type Pairs } from './join-core.js';

const k = attr(1, 'k', T.long);
const name = attr(2, 'name', T.string);
const fk = attr(3, 'fk', T.long);
const qty = attr(4, 'qty', T.int);

const build: Batch = {
  numRows: 3,
  columns: [
    vectorFromValues(T.long, [10n, 20n, 30n]),
    vectorFromValues(T.string, ['ten', 'twenty', 'thirty']),
  ],
};
const stream: Batch = {
  numRows: 4,
  columns: [vectorFromValues(T.long, [20n, 10n, 30n, 20n]), vectorFromValues(T.int, [1, 2, 3, null])],
};

async function join(pairs: Pairs): Promise<Batch[]> {
  async function* rows(): AsyncIterable<Batch> {
    yield stream;
  }
  const out: Batch[] = [];
  const spec = { joinType: 'Inner' as const, buildSide: 'BuildLeft' as const, condition: null };
  for await (const b of runJoin(
    { ...spec, leftOutput: [k, name], rightOutput: [fk, qty] },
    build,
    rows(),
    () => pairs,
    testCtx,
  ))
    out.push(b);
  return out;
}

describe('join output', () => {
  it('keeps the streamed columns as they are when each streamed row meets exactly one build row', async () => {
    const [out] = await join({
      stream: Int32Array.of(0, 1, 2, 3),
      build: Int32Array.of(1, 0, 2, 1),
      count: 4,
    });
    expect(out!.columns[2]).toBe(stream.columns[0]);
    expect(out!.columns[3]).toBe(stream.columns[1]);
    expect(batchToRows(out!)).toEqual([
      [20n, 'twenty', 20n, 1],
      [10n, 'ten', 10n, 2],
      [30n, 'thirty', 30n, 3],
      [20n, 'twenty', 20n, null],
    ]);
  });

  it('gathers the streamed rows otherwise (a row missing or met twice)', async () => {
    const [out] = await join({
      stream: Int32Array.of(0, 0, 2, 3),
      build: Int32Array.of(1, 1, 2, 1),
      count: 4,
    });
    expect(out!.columns[2]).not.toBe(stream.columns[0]);
    expect(batchToRows(out!)).toEqual([
      [20n, 'twenty', 20n, 1],
      [20n, 'twenty', 20n, 1],
      [30n, 'thirty', 30n, 3],
      [20n, 'twenty', 20n, null],
    ]);
  });
});
