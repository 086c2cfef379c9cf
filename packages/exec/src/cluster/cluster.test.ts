// The scheduler's pieces: master strings, stage cutting, what a task reads, shared broadcasts, errors.
import {
  FlintError,
  dictionaryVector,
  InternalError,
  T,
  batchFromRows,
  batchToRows,
  isDictionaryStrings,
  isPackedStrings,
  packBatch,
  packPartition,
  unpackColumn,
  vectorFromValues,
  type Batch,
  type Value,
  type Vector,
} from '@flint/common';
import type { PhysicalPlan } from '@flint/planner';
import { describe, expect, it } from 'vitest';
import { attr, table, testCtx } from '../test-support.js';
import { liveMemoryBlocks, memoryBlockOf, shareCachedPartitions } from './memory-blocks.js';
import { fromSharedBatches, fromSharedColumn, toSharedBatches } from './shared-batches.js';
import { buildStages } from './stage-graph.js';
import { partitionsRead, stripFragment } from './task-fragment.js';
import { rebuildError, serializeError, type TaskRequest } from './task-protocol.js';
import runTaskMessage from './task-worker.js';
import { taskSlots } from './task-slots.js';
import { batchBytes } from './task-metrics.js';
import { fromWire, storedOf, toWire, wireRows, type WireBatch } from './wire-batches.js';
import { partsOf, roundRobinStart, shuffleWriter } from '../operators/shuffle-exchange.js';

const id = attr(1, 'id', T.long, false);
const range = (numSlices: number): PhysicalPlan => ({
  kind: 'RangeExec',
  output: [id],
  start: 0n,
  end: 100n,
  step: 1n,
  numSlices,
});

describe('taskSlots', () => {
  it('reads local, local[N], local[*] and local[N,F]', () => {
    expect(taskSlots('local')).toEqual({ slots: 1, maxFailures: null });
    expect(taskSlots('local[3]')).toEqual({ slots: 3, maxFailures: null });
    expect(taskSlots('local[2,5]')).toEqual({ slots: 2, maxFailures: 5 });
    expect(taskSlots('local[*]').slots).toBeGreaterThanOrEqual(1);
    expect(taskSlots(undefined).slots).toBe(taskSlots('local[*]').slots);
  });
});

describe('buildStages', () => {
  it('cuts at exchanges, parents first, with stubbed exchanges in the fragments', () => {
    const shuffle: PhysicalPlan = {
      kind: 'ShuffleExchange',
      partitioning: { kind: 'RoundRobinPartitioning', numPartitions: 3 },
      child: range(4),
    };
    const bcast: PhysicalPlan = { kind: 'BroadcastExchange', child: range(2) };
    const plan: PhysicalPlan = {
      kind: 'NestedLoopJoin',
      joinType: 'Inner',
      strategy: 'BroadcastNestedLoopJoin',
      buildSide: 'BuildRight',
      condition: null,
      left: shuffle,
      right: bcast,
    } as unknown as PhysicalPlan;
    const stages = buildStages(plan);
    expect(stages.map((s) => [s.index, s.exchange?.kind ?? null, s.numTasks, s.parents])).toEqual([
      [0, 'ShuffleExchange', 4, []],
      [1, 'BroadcastExchange', 2, []],
      [2, null, 3, [0, 1]],
    ]);
    const top = stages[2]!.fragment as { left: PhysicalPlan & { child: PhysicalPlan } };
    expect(top.left.kind).toBe('ShuffleExchange');
    expect(top.left.child).toEqual({ kind: 'LocalTableScan', output: [id], rows: [] });
    expect(stages[2]!.fragmentExchangeIds).toEqual([0, 1]);
  });
});

describe('partitionsRead and stripFragment', () => {
  it('follow unions and coalesce to the partitions a task reads', () => {
    const a = range(2);
    const b = range(3);
    const union: PhysicalPlan = { kind: 'UnionExec', children: [a, b] };
    expect([...(partitionsRead(union, 3).get(b) ?? [])]).toEqual([1]);
    expect(partitionsRead(union, 3).has(a)).toBe(false);
    const co: PhysicalPlan = { kind: 'CoalesceExec', numPartitions: 2, child: b };
    expect([...(partitionsRead(co, 1).get(b) ?? [])]).toEqual([1, 2]);
  });

  it('ships in-memory data only to the task that reads it', () => {
    const k = attr(2, 'k', T.int);
    const scan = table([k], [[1], [2]]);
    const union: PhysicalPlan = { kind: 'UnionExec', children: [range(2), scan] };
    const other = stripFragment(union, partitionsRead(union, 0)) as { children: PhysicalPlan[] };
    const mine = stripFragment(union, partitionsRead(union, 2)) as { children: PhysicalPlan[] };
    const rowsIn = (p: PhysicalPlan): number =>
      p.kind === 'LocalTableScan'
        ? p.rows.length
        : p.kind === 'InMemoryTableScan'
          ? p.source.batches.reduce((s, x) => s + x.numRows, 0)
          : -1;
    expect(rowsIn(other.children[1]!)).toBe(0);
    expect(rowsIn(mine.children[1]!)).toBe(2);
  });
});

describe('shared broadcasts', () => {
  it('round-trip typed and string columns through SharedArrayBuffers', () => {
    const batch: Batch = {
      numRows: 3,
      columns: [
        vectorFromValues(T.long, [1n, null, 3n]),
        vectorFromValues(T.string, ['a', 'héllo', null]),
        vectorFromValues(T.double, [1.5, 2.5, NaN]),
      ],
    };
    const shared = toSharedBatches([batch]);
    expect((shared[0]!.columns[0]! as { values: BigInt64Array }).values.buffer).toBeInstanceOf(
      SharedArrayBuffer,
    );
    const back = fromSharedBatches(structuredClone(shared));
    expect(batchToRows(back[0]!)).toEqual(batchToRows(batch));
  });
});

describe('kept in-memory blocks', () => {
  it('give back every column: packed ones still packed, few-valued ones as a dictionary, others as rows', () => {
    const n = 2000;
    const comments = Array.from({ length: n }, (_, i) => `note ${i} of a cached row`);
    const modes = Array.from({ length: n }, (_, i) => ['MAIL', 'SHIP', 'TRUCK'][i % 3]!);
    const accents = Array.from({ length: n }, (_, i) => `café ${i}`);
    const batch: Batch = {
      numRows: n,
      columns: [comments, modes, accents].map((v) => vectorFromValues(T.string, v)),
    };
    const [shared] = toSharedBatches([packBatch(batch)]);
    // The few-valued column crosses as its 3 distinct values and one code per row.
    const sharedModes = shared!.columns[1]!;
    expect(sharedModes.codes?.length).toBe(n);
    expect(sharedModes.codes === undefined ? -1 : sharedModes.dictionary.offsets.length - 1).toBe(3);
    const [c, m, a] = shared!.columns.map(fromSharedColumn);
    expect(isPackedStrings(c!)).toBe(true);
    expect(unpackColumn(c!).values).toEqual(comments);
    // The worker keeps the codes it was given (shared memory), not a string per row.
    expect(isDictionaryStrings(m!)).toBe(true);
    expect(isDictionaryStrings(m!) ? m.codes.buffer instanceof SharedArrayBuffer : false).toBe(true);
    expect(unpackColumn(m!).values).toEqual(modes);
    expect(unpackColumn(a!).values).toEqual(accents);
  });

  it("encode a dictionary shared by a partition's batches once, and decode it once", () => {
    const values = Array.from({ length: 3000 }, (_, i) => `id${(i * 7919) % 300}`);
    const batches = [0, 1, 2].map((k) => ({
      numRows: 1000,
      columns: [vectorFromValues(T.string, values.slice(1000 * k, 1000 * (k + 1)))],
    }));
    const stored = packPartition(batches);
    const shared = structuredClone(toSharedBatches(stored));
    const encoded = shared
      .map((b) => b.columns[0]!)
      .map((c) => (c.codes === undefined ? null : c.dictionary));
    expect(encoded[0]).not.toBeNull();
    // One message's clone keeps one SharedArrayBuffer for the one encoding.
    expect(new Set(encoded.map((d) => d!.offsets.buffer)).size).toBe(1);
    const back = shared.map((b) => fromSharedColumn(b.columns[0]!));
    const dictionaries = back.map((c) => (isDictionaryStrings(c) ? c.dictionary : null));
    expect(dictionaries[0]).not.toBeNull();
    expect(dictionaries.every((d) => d === dictionaries[0])).toBe(true);
    expect(back.flatMap((c) => unpackColumn(c).values as string[])).toEqual(values);
  });

  it('broadcast string columns come back with their NULLs, few-valued or distinct', () => {
    const few = Array.from({ length: 500 }, (_, i) => (i % 5 === 0 ? null : ['é', 'b', ''][i % 3]!));
    const many = Array.from({ length: 500 }, (_, i) => (i % 7 === 0 ? null : `row ${i} ü`));
    const batch: Batch = { numRows: 500, columns: [few, many].map((v) => vectorFromValues(T.string, v)) };
    const shared = toSharedBatches([batch]);
    expect(shared[0]!.columns[0]!.codes).toBeDefined();
    expect(shared[0]!.columns[1]!.codes).toBeUndefined();
    expect(batchToRows(fromSharedBatches(structuredClone(shared))[0]!)).toEqual(batchToRows(batch));
  });

  it('are made when a partition is cached for workers, not for a driver-only session', () => {
    const part = (k: number) => [packBatch({ numRows: 1, columns: [vectorFromValues(T.int, [k])] })];
    const before = liveMemoryBlocks().length;
    shareCachedPartitions([part(1), part(2), []], 'local[1]');
    expect(liveMemoryBlocks().length).toBe(before);
    const partitions = [part(3), part(4), []];
    shareCachedPartitions(partitions, 'local[2]');
    expect(liveMemoryBlocks().length).toBe(before + 2);
    // The block is kept with its partition: a query's fragment reuses it.
    expect(memoryBlockOf(partitions[0]!)).toBe(memoryBlockOf(partitions[0]!));
    shareCachedPartitions(partitions, 'local[2]');
    expect(liveMemoryBlocks().length).toBe(before + 2);
  });
});

describe('errors crossing threads', () => {
  it('a FlintError keeps its class, parameters, SQLSTATE and context; an InternalError stays one', () => {
    const ctx = { sqlText: '', start: 7, stop: 11, line: 1, column: 8, fragment: '1 / 0' };
    const e = new FlintError('DIVIDE_BY_ZERO', 'msg', { config: '"spark.sql.ansi.enabled"' }, ctx, '22012');
    const back = rebuildError(structuredClone(serializeError(e)));
    expect(back).toBeInstanceOf(FlintError);
    expect(back).toMatchObject({
      errorClass: 'DIVIDE_BY_ZERO',
      message: 'msg',
      sqlState: '22012',
      queryContext: ctx,
    });
    expect((back as FlintError).messageParameters).toEqual({ config: '"spark.sql.ansi.enabled"' });
    expect(rebuildError(serializeError(new InternalError('bug')))).toBeInstanceOf(InternalError);
  });
});

describe('round robin start', () => {
  it('is a position in [0, n) that depends on the map partition', () => {
    const starts = Array.from({ length: 8 }, (_, p) => roundRobinStart(p, 5));
    for (const s of starts) expect(s >= 0 && s < 5).toBe(true);
    expect(new Set(starts).size).toBeGreaterThan(1);
    for (let p = 0; p < 4; p++) expect(roundRobinStart(p, 8)).toBeLessThan(8);
  });
});

/** A task of job 1 running `fragment` (no exchange inputs) with this output. */
function taskRequest(fragment: PhysicalPlan, output: TaskRequest['output']): TaskRequest {
  return {
    jobId: 1,
    liveJobs: [1],
    stageId: 0,
    partition: 0,
    attempt: 0,
    fragment,
    fragmentExchangeIds: [],
    ctx: testCtx,
    output,
    shuffleInputs: [],
    broadcasts: [],
    memoryBlocks: [],
    liveMemoryBlocks: [],
    killAfterFirstBatch: false,
    subPartitions: null,
  };
}

describe('task worker', () => {
  it('answers with a plain message, no buffer of the worker moved (detached), large arrays in shared memory', async () => {
    // piscina moves the buffers of a result wrapped by move(); a detached buffer in an isolate makes
    // V8 check every typed-array access there from then on.
    const x = attr(1, 'x', T.int);
    const s = attr(2, 's', T.string);
    const rows = Array.from({ length: 20000 }, (_, i) => [i, `s${i}`]);
    const res = await runTaskMessage(taskRequest(table([x, s], rows), { kind: 'collect' }));
    expect(Object.getOwnPropertySymbols(res)).toEqual([]);
    expect(res.ok).toBe(true);
    const split = res.ok ? res.split : [];
    expect(res.ok && res.partitions).toBe(1);
    const sent = structuredClone(split.map((s) => s.batch));
    expect(sent.flatMap((b) => batchToRows(fromWire(b)))).toEqual(rows);
    // Its large typed arrays are in shared memory: the driver gets references, not copies.
    const [ints, strings] = split[0]!.batch.columns;
    expect((ints as Vector).values).toBeInstanceOf(Int32Array);
    expect(((ints as Vector).values as Int32Array).buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(isPackedStrings(strings!) && strings.offsets.buffer instanceof SharedArrayBuffer).toBe(true);
  });
});

describe('task worker shuffle output', () => {
  it('crosses as its columns whole with partition starts; each partition on the driver is a view of shared memory', async () => {
    const x = attr(1, 'x', T.int);
    const s = attr(2, 's', T.string);
    const d = attr(3, 'd', T.double);
    const rows = Array.from({ length: 5000 }, (_, i) => [
      i,
      i % 11 === 0 ? null : `s${i}`,
      i % 13 === 0 ? null : i / 2,
    ]);
    const partitioning = { kind: 'HashPartitioning', exprs: [x], numPartitions: 8 } as const;
    const res = await runTaskMessage(taskRequest(table([x, s, d], rows), { kind: 'shuffle', partitioning }));
    if (!res.ok) throw new Error('task failed');
    expect(res.partitions).toBe(8);
    expect(res.split).toHaveLength(1);
    const parts = partsOf(structuredClone(res.split), res.partitions, wireRows);

    // The same rows, split on this thread by the writer, partition by partition.
    const writer = shuffleWriter(partitioning, [x, s, d], testCtx, 0);
    writer.write(
      batchFromRows(
        [x, s, d].map((a) => a.dataType),
        rows,
      ),
    );
    const expected = writer.finish().map((bs) => bs.flatMap((b) => batchToRows(b)));
    expect(parts.map((bs) => bs.flatMap((b) => batchToRows(fromWire(b))))).toEqual(expected);
    expect(expected.filter((p) => p.length > 0).length).toBeGreaterThan(4);
    for (const bs of parts) {
      for (const b of bs) {
        const ints = b.columns[0] as Vector;
        expect((ints.values as Int32Array).buffer).toBeInstanceOf(SharedArrayBuffer);
        expect((ints.values as Int32Array).length).toBe(b.numRows);
      }
    }
  });

  it('cuts packed strings and double arrays out of a batch that is not in shared memory', () => {
    const strings: WireBatch = {
      numRows: 4,
      columns: [
        {
          type: T.string,
          length: 4,
          nulls: Uint8Array.of(0, 0, 1, 0),
          chars: 'abcdéf',
          offsets: Int32Array.of(0, 1, 3, 3, 6),
        },
      ],
    };
    const cut = wireRows(strings, 1, 4);
    expect(batchToRows(fromWire(structuredClone(cut)))).toEqual([['bc'], [null], ['déf']]);
    const col = cut.columns[0]!;
    expect(isPackedStrings(col) && [col.chars, Array.from(col.offsets)]).toEqual(['bcdéf', [0, 2, 2, 5]]);
    const ints: WireBatch = {
      numRows: 3,
      columns: [{ type: T.int, length: 3, nulls: null, values: Int32Array.of(5, 6, 7) }],
    };
    const tail = wireRows(ints, 1, 3).columns[0] as Vector;
    expect(Array.from(tail.values as Int32Array)).toEqual([6, 7]);
    // Not shared: a copy, so that a clone of it does not carry the whole buffer.
    expect((tail.values as Int32Array).buffer.byteLength).toBe(8);
  });
});

describe('wire batches', () => {
  it('send a dictionary column as its values and codes, the codes of a view copied out', () => {
    const whole = Int32Array.from({ length: 1000 }, (_, i) => i % 3);
    const values = ['x', 'yé', 'z'];
    const nulls = Uint8Array.from({ length: 400 }, (_, i) => (i % 7 === 0 ? 1 : 0));
    const v = dictionaryVector(T.string, nulls, values, whole.subarray(100, 500));
    const wire = toWire({ numRows: 400, columns: [v] });
    const sent = wire.columns[0]!;
    expect(isDictionaryStrings(sent)).toBe(true);
    // The codes no longer view the larger buffer (moving that would empty every other view of it).
    expect(isDictionaryStrings(sent) && sent.codes.buffer.byteLength).toBe(1600);
    const back = fromWire(structuredClone(wire)).columns[0]!;
    expect(back.dictionary?.values).toEqual(values);
    expect(batchToRows({ numRows: 400, columns: [back] })).toEqual(
      batchToRows({ numRows: 400, columns: [v] }),
    );
  });

  it('send a long string column as one joined string and give the same values back', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i % 7 === 0 ? null : `s${i}-é`));
    const batch: Batch = {
      numRows: 1000,
      columns: [
        vectorFromValues(T.string, values),
        vectorFromValues(
          T.int,
          values.map((_, i) => i),
        ),
      ],
    };
    const wire = toWire(batch);
    expect('chars' in wire.columns[0]!).toBe(true);
    expect(wire.columns[1]).toBe(batch.columns[1]);
    const back = fromWire(structuredClone(wire));
    expect(batchToRows(back)).toEqual(batchToRows(batch));
    // A shuffle partition's few rows go joined too; a handful go as they are.
    const short = (n: number): Batch => ({
      numRows: n,
      columns: [vectorFromValues(T.string, values.slice(0, n))],
    });
    expect('chars' in toWire(short(40)).columns[0]!).toBe(true);
    expect(batchToRows(fromWire(structuredClone(toWire(short(40)))))).toEqual(batchToRows(short(40)));
    expect('chars' in toWire(short(3)).columns[0]!).toBe(false);
  });

  it('pass a batch that crossed once on as it came: packed columns stay, plain ones are packed and compacted', () => {
    const strings = Array.from({ length: 300 }, (_, i) => (i % 9 === 0 ? null : `row ${i} ü`));
    const doubles: Value[] = Array.from({ length: 300 }, (_, i) => (i % 4 === 0 ? null : [i, i / 2]));
    const ints = Int32Array.from({ length: 1000 }, (_, i) => i * 3);
    const batch: Batch = {
      numRows: 300,
      columns: [
        vectorFromValues(T.string, strings),
        dictionaryVector(
          T.string,
          null,
          ['a', 'b'],
          Int32Array.from({ length: 300 }, (_, i) => i & 1),
        ),
        vectorFromValues(T.array(T.double), doubles),
        { type: T.int, length: 300, nulls: null, values: ints.subarray(200, 500) },
      ],
    };
    // What the driver holds: a worker's output as it arrived.
    const arrived = structuredClone(toWire(batch));
    const onward = toWire(arrived);
    expect(onward).toBe(arrived);
    const mixed: WireBatch = { numRows: 300, columns: [...arrived.columns.slice(0, 3), batch.columns[3]!] };
    const repacked = toWire(mixed);
    for (let c = 0; c < 3; c++) expect(repacked.columns[c]).toBe(arrived.columns[c]);
    // The int view was copied out of its larger buffer.
    const ints2 = repacked.columns[3] as Vector;
    expect((ints2.values as Int32Array).buffer.byteLength).toBe(1200);
    expect(batchToRows(fromWire(structuredClone(repacked)))).toEqual(batchToRows(batch));
    // Held for broadcast: array<double> rows unpacked, strings still packed.
    const stored = storedOf(arrived);
    expect(isPackedStrings(stored.columns[0]!)).toBe(true);
    expect((stored.columns[2] as Vector).values).toEqual(doubles);
    // Sizes count the packed forms without unpacking them.
    expect(batchBytes(arrived)).toBeGreaterThan(300 * 8 + 300 * 4);
  });

  it('send an array<double> column flattened into one Float64Array: NULL rows, NULL elements, empty rows', () => {
    const rows: Value[] = Array.from({ length: 600 }, (_, i) =>
      i % 11 === 0
        ? null
        : i % 13 === 0
          ? []
          : Array.from({ length: i % 5 }, (_, k) => (k === 2 ? null : i + k / 4)),
    );
    const batch: Batch = { numRows: 600, columns: [vectorFromValues(T.array(T.double), rows)] };
    const wire = toWire(batch);
    expect('elements' in wire.columns[0]!).toBe(true);
    const back = fromWire(structuredClone(wire));
    expect(batchToRows(back)).toEqual(batchToRows(batch));
  });
});
