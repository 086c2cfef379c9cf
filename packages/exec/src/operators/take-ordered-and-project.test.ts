// takeOrdered: the bounded top-k across batches equals a full stable sort's first rows.
import { T, batchFromRows, batchToRows, type Batch, type Value } from '@flint/common';
import { describe, expect, it } from 'vitest';
import { asc, attr, desc, testCtx } from '../test-support.js';
import { compileOrder } from './sort-util.js';
import { takeOrdered } from './take-ordered-and-project.js';

async function* batches(list: Batch[]): AsyncIterable<Batch> {
  for (const b of list) yield b;
}

const k = attr(1, 'k', T.int);
const id = attr(2, 'id', T.long);

function make(rows: Value[][]): Batch {
  return batchFromRows([T.int, T.long], rows);
}

describe('takeOrdered', () => {
  it('keeps the top rows across many batches with ties in input order and NULLs placed', async () => {
    // 75,000 rows over three batches: more than the buffer bound, so the top is cut back midway.
    const parts: Batch[] = [];
    const all: Value[][] = [];
    for (let p = 0; p < 3; p++) {
      const rows: Value[][] = [];
      for (let i = 0; i < 25_000; i++) {
        const n = p * 25_000 + i;
        const row: Value[] = [n % 97 === 0 ? null : (n * 31) % 1000, BigInt(n)];
        rows.push(row);
        all.push(row);
      }
      parts.push(make(rows));
    }
    const co = compileOrder([desc(k, true)], [k, id], testCtx);
    const top = await takeOrdered(batches(parts), [T.int, T.long], co, 25);
    const want = all
      .map((r, i) => ({ r, i }))
      .sort((a, b) => {
        const x = a.r[0] as number | null;
        const y = b.r[0] as number | null;
        if (x === null || y === null) return x === y ? a.i - b.i : x === null ? -1 : 1;
        return y - x || a.i - b.i;
      })
      .slice(0, 25)
      .map((e) => e.r);
    expect(batchToRows(top)).toEqual(want);
  });

  it('handles empty input and a zero limit', async () => {
    const co = compileOrder([asc(k)], [k, id], testCtx);
    expect((await takeOrdered(batches([]), [T.int, T.long], co, 5)).numRows).toBe(0);
    expect((await takeOrdered(batches([make([[1, 1n]])]), [T.int, T.long], co, 0)).numRows).toBe(0);
  });
});
