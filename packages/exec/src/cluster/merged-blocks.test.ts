// Map outputs as they cross threads and are put together for a coalesced run: a map task's string
// columns leave as ranges of one set of ASCII bytes in shared memory, and a run's blocks of one map
// task become one block whose typed columns and bytes are views over the parts' neighbouring ranges.
import { batchToRows, dictionaryVector, T, vectorFromValues, type Batch, type Value } from '@flint/common';
import { describe, expect, it } from 'vitest';
import { attr, testCtx } from '../test-support.js';
import { shuffleWriter } from '../operators/shuffle-exchange.js';
import { cutParts, mergedBlocks, noteMapTask } from './merged-blocks.js';
import { fromWire, isLatin1Strings, storedOf, toWire, wireRows, type WireBatch } from './wire-batches.js';

const output = [attr(1, 'k', T.long), attr(2, 's', T.string)];
const partitioning = { kind: 'HashPartitioning', exprs: [output[0]!], numPartitions: 8 } as const;

function mapOutput(mapPartition: number, strings: (n: number) => string | null): WireBatch[][] {
  const w = shuffleWriter(partitioning, output, testCtx, mapPartition);
  const n = 500;
  w.write({
    numRows: n,
    columns: [
      vectorFromValues(
        T.long,
        Array.from({ length: n }, (_, i) => BigInt(i * 7 + mapPartition)),
      ),
      vectorFromValues(
        T.string,
        Array.from({ length: n }, (_, i) => strings(i)),
      ),
    ],
  });
  // As a pool task's result leaves its worker.
  return w.finish().map((blocks) => blocks.map((b) => toWire(b, true)));
}

const rowsOf = (blocks: readonly WireBatch[]): Value[][] => blocks.flatMap((b) => batchToRows(fromWire(b)));
const ascii = (i: number): string | null => (i % 9 === 4 ? null : `row ${i} ${'x'.repeat(i % 5)}`);

describe('map outputs crossing threads', () => {
  it('send ASCII string parts as ranges of one set of shared bytes, other text as strings', () => {
    const parts = mapOutput(0, ascii);
    const columns = parts.flat().map((b) => b.columns[1]!);
    expect(columns.every(isLatin1Strings)).toBe(true);
    const buffers = new Set(columns.map((c) => isLatin1Strings(c) && c.latin1.buffer));
    expect(buffers.size).toBe(1);
    expect([...buffers][0]).toBeInstanceOf(SharedArrayBuffer);
    // Each part reads back its own rows (NULLs kept), here and held as a broadcast.
    const rows = rowsOf(parts.flat());
    expect(rows.map((r) => r[1]).sort()).toEqual(
      Array.from({ length: 500 }, (_, i) => ascii(i)).sort((a, b) => String(a).localeCompare(String(b))),
    );
    expect(parts.flat().flatMap((b) => batchToRows(fromWire(storedOf(b) as WireBatch)))).toEqual(rows);
    const accented = mapOutput(0, (i) => `é${i}`);
    expect(accented.flat().some((b) => isLatin1Strings(b.columns[1]!))).toBe(false);
    expect(rowsOf(accented.flat()).map((r) => r[1])).toContain('é499');
  });
});

describe('mergedBlocks', () => {
  it("puts each map task's blocks of a run together, map task by map task, as views", () => {
    const maps = [mapOutput(0, ascii), mapOutput(1, ascii)];
    maps.forEach((parts, m) => parts.flat().forEach((b) => noteMapTask(b, m)));
    // A run of partitions 2..6, in partition order: each partition's blocks of map 0, then map 1.
    const run = [2, 3, 4, 5].flatMap((q) => [...maps[0]![q]!, ...maps[1]![q]!]);
    const merged = mergedBlocks(run);
    expect(merged).toHaveLength(2);
    const expected = [0, 1].flatMap((m) => rowsOf([2, 3, 4, 5].flatMap((q) => maps[m]![q]!)));
    expect(rowsOf(merged)).toEqual(expected);
    // Views over the parts' own memory: no copy of the keys or the characters.
    const keys = merged[0]!.columns[0]! as { values: BigInt64Array };
    expect(keys.values.buffer).toBe(
      (maps[0]![2]![0]!.columns[0]! as { values: BigInt64Array }).values.buffer,
    );
    const text = merged[1]!.columns[1]!;
    expect(isLatin1Strings(text) && text.latin1).toBe(
      isLatin1Strings(maps[1]![3]![0]!.columns[1]!) && maps[1]![3]![0]!.columns[1]!.latin1,
    );
  });

  it('keeps blocks of other dictionaries apart, and blocks of no known map task as they are', () => {
    const block = (dictionary: string[], codes: number[]): Batch => ({
      numRows: codes.length,
      columns: [dictionaryVector(T.string, null, dictionary, Int32Array.from(codes))],
    });
    const one = ['a', 'b'];
    const blocks: WireBatch[] = [
      toWire(block(one, [0, 1]), true),
      toWire(block(['c'], [0]), true),
      toWire(block(one, [1, 1, 0]), true),
    ];
    expect(mergedBlocks(blocks)).toEqual(blocks);
    blocks.forEach((b) => noteMapTask(b, 0));
    const merged = mergedBlocks(blocks);
    expect(merged.map((b) => b.numRows)).toEqual([5, 1]);
    expect(rowsOf(merged).map((r) => r[0])).toEqual(['a', 'b', 'b', 'b', 'a', 'c']);
  });

  it('cuts neighbouring blocks cut from one map output as one range of it, without looking at their columns', () => {
    const cuts: [number, number][] = [];
    const maps = [0, 1].map((m) => {
      const w = shuffleWriter(partitioning, output, testCtx, m);
      w.write({
        numRows: 400,
        columns: [
          vectorFromValues(
            T.long,
            Array.from({ length: 400 }, (_, i) => BigInt(i * 3 + m)),
          ),
          vectorFromValues(
            T.string,
            Array.from({ length: 400 }, (_, i) => ascii(i)),
          ),
        ],
      });
      const split = w.finishSplit().map(({ batch, starts }) => ({ batch: toWire(batch, true), starts }));
      const parts = cutParts(split, 8, (b, from, to) => {
        cuts.push([from, to]);
        return wireRows(b, from, to);
      });
      parts.flat().forEach((b) => noteMapTask(b, m));
      return { parts, starts: split[0]!.starts };
    });
    cuts.length = 0;
    const run = [2, 3, 4, 5].flatMap((q) => [...maps[0]!.parts[q]!, ...maps[1]!.parts[q]!]);
    const merged = mergedBlocks(run);
    expect(merged).toHaveLength(2);
    expect(rowsOf(merged)).toEqual(
      [0, 1].flatMap((m) => rowsOf([2, 3, 4, 5].flatMap((q) => maps[m]!.parts[q]!))),
    );
    // One cut a map output: its rows of partitions 2..5.
    expect(cuts).toEqual([0, 1].map((m) => [maps[m]!.starts[2]!, maps[m]!.starts[6]!]));
    // Ranges that do not meet stay apart.
    const gaps = mergedBlocks([...maps[0]!.parts[1]!, ...maps[0]!.parts[4]!, ...maps[0]!.parts[5]!]);
    expect(gaps.map((b) => b.numRows)).toEqual([
      maps[0]!.starts[2]! - maps[0]!.starts[1]!,
      maps[0]!.starts[6]! - maps[0]!.starts[4]!,
    ]);
  });
});
