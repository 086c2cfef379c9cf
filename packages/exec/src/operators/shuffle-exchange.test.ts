// The map side of a shuffle: every row of every batch lands in the partition its key hashes to, in
// input order, with its NULLs, each column's partitions views of one shared array; dictionary columns
// keep their codes.

import {
  batchToRows,
  dictionaryVector,
  T,
  vectorFromValues,
  type Batch,
  type DataType,
  type Value,
} from '@flint/common';
import type { Partitioning } from '@flint/planner';
import { describe, expect, it } from 'vitest';
import { attr, testCtx } from '../test-support.js';
import { hashVectorInto } from './murmur3.js';
import { nonNegativeModInto, shuffleWriter } from './shuffle-exchange.js';

const types: DataType[] = [T.long, T.double, T.int, T.string];
const output = types.map((t, i) => attr(i + 1, `c${i}`, t));

function batch(rows: Value[][]): Batch {
  return {
    numRows: rows.length,
    columns: types.map((t, c) =>
      vectorFromValues(
        t,
        rows.map((r) => r[c]!),
      ),
    ),
  };
}

describe('nonNegativeModInto', () => {
  it('equals ((h % n) + n) % n over the int range, at multiples of n and their neighbours', () => {
    for (const n of [1, 2, 7, 200, 1000, 65_536, 1 << 20, 2_147_483_647]) {
      const hs: number[] = [0, 1, -1, 2_147_483_647, -2_147_483_648, 42, -42];
      for (let k = -5; k <= 5; k++) for (const d of [-1, 0, 1]) hs.push(k * n + d);
      for (let i = 0; i < 2000; i++) hs.push((Math.imul(i, 0x9e3779b1) ^ (i << 7)) | 0);
      const pid = Int32Array.from(hs.map((h) => h | 0));
      const expected = Array.from(pid, (h) => ((h % n) + n) % n);
      nonNegativeModInto(pid, pid.length, n);
      expect(Array.from(pid)).toEqual(expected);
    }
  });
});

describe('shuffleWriter', () => {
  it('splits batches by Spark hash of the key into per-partition views of shared columns, keeping order and NULLs', () => {
    const n = 5;
    const partitioning: Partitioning = { kind: 'HashPartitioning', exprs: [output[0]!], numPartitions: n };
    const inputs = [
      Array.from({ length: 40 }, (_, i): Value[] => [BigInt(i * 7), i / 4, i % 3 === 0 ? null : i, `s${i}`]),
      [[null, null, null, null]] as Value[][],
      // Every row of this batch has one key: one partition only.
      Array.from({ length: 6 }, (_, i): Value[] => [3n, -i, i, i % 2 === 0 ? null : 'same']),
    ];
    const writer = shuffleWriter(partitioning, output, testCtx, 0);
    for (const rows of inputs) writer.write(batch(rows));
    const parts = writer.finish();
    expect(writer.recordsWritten).toBe(47);

    // Expected: the rows in input order, each in the partition Murmur3(key, 42) pmod n names.
    const expected: Value[][][] = Array.from({ length: n }, () => []);
    for (const rows of inputs) {
      const keys = vectorFromValues(
        T.long,
        rows.map((r) => r[0]!),
      );
      const h = new Int32Array(rows.length).fill(42);
      hashVectorInto(keys, h, rows.length);
      rows.forEach((r, i) => expected[((h[i]! % n) + n) % n]!.push(r));
    }
    parts.forEach((list, k) => {
      expect(list.length).toBe(expected[k]!.length > 0 ? 1 : 0);
      expect(list.flatMap((b) => batchToRows(b))).toEqual(expected[k]);
    });
    // A typed column of every part views one SharedArrayBuffer, the parts' ranges one after another.
    for (let c = 0; c < 3; c++) {
      const views = parts.flat().map((b) => b.columns[c]!.values as unknown as ArrayBufferView);
      expect(views.every((v) => v.buffer === views[0]!.buffer && v.buffer instanceof SharedArrayBuffer)).toBe(
        true,
      );
      let at = 0;
      for (const v of views) {
        expect(v.byteOffset).toBe(at);
        at += v.byteLength;
      }
      expect(at).toBe(views[0]!.buffer.byteLength);
    }
  });

  it('keeps dictionary columns as codes over their dictionary, a batch per group of dictionaries', () => {
    const n = 4;
    const key = attr(1, 'k', T.string);
    const partitioning: Partitioning = { kind: 'HashPartitioning', exprs: [key], numPartitions: n };
    const dictionary = ['alpha', 'beta', 'gamma', 'délta', ''];
    const coded = (codes: number[], nulls: number[] | null): Batch => ({
      numRows: codes.length,
      columns: [
        dictionaryVector(
          T.string,
          nulls === null ? null : Uint8Array.from(nulls),
          dictionary,
          Int32Array.from(codes),
        ),
      ],
    });
    const inputs = [
      coded([0, 1, 2, 3, 4, 0], null),
      // A plain batch among them (a partial aggregation's table output) is split on its own.
      { numRows: 3, columns: [vectorFromValues(T.string, ['beta', null, 'zeta'])] },
      coded([2, 2, 4, 1], [0, 1, 0, 0]),
    ];
    const writer = shuffleWriter(partitioning, [key], testCtx, 0);
    for (const b of inputs) writer.write(b);
    const parts = writer.finish();
    const expected: Value[][][] = Array.from({ length: n }, () => []);
    const plainRows = (b: Batch) =>
      batchToRows({
        numRows: b.numRows,
        columns: [vectorFromValues(T.string, b.columns[0]!.values as Value[])],
      });
    // Dictionary batches first (their group comes first), then the plain one; input order within each.
    for (const b of [inputs[0]!, inputs[2]!, inputs[1]!]) {
      const rows = plainRows(b).map((r, i) => (b.columns[0]!.nulls?.[i] === 1 ? [null] : r));
      const h = new Int32Array(rows.length).fill(42);
      hashVectorInto(
        vectorFromValues(
          T.string,
          rows.map((r) => r[0]!),
        ),
        h,
        rows.length,
      );
      rows.forEach((r, i) => expected[((h[i]! % n) + n) % n]!.push(r));
    }
    parts.forEach((list, k) => {
      expect(list.flatMap((b) => batchToRows(b))).toEqual(expected[k]);
      for (const b of list) {
        const d = b.columns[0]!.dictionary;
        // Every batch of dictionary rows is still over the one dictionary; the plain rows stay plain.
        if (d !== undefined) expect(d.values).toBe(dictionary);
      }
    });
    expect(parts.flat().filter((b) => b.columns[0]!.dictionary !== undefined).length).toBeGreaterThan(0);
    expect(parts.flat().filter((b) => b.columns[0]!.dictionary === undefined).length).toBeGreaterThan(0);
  });
});
