// Task metrics (Spark's TaskMetrics) and the per-operator counters gathered by wrapping every node's
// output stream in runNode: rows, batches, time and bytes, plus cancellation checks between batches.

import { isDictionaryStrings, isPackedStrings, type Batch } from '@flint/common';
import type { PhysicalPlan } from '@flint/planner';
import { packedMeanLength, sampledMeanLength } from '../eval/vectors.js';
import { isLatin1Strings, isPackedDoubleArrays, type WireBatch } from './wire-batches.js';

export interface OperatorMetrics {
  /** Position of the node in the task's plan fragment (pre-order of first use). */
  readonly id: number;
  readonly name: string;
  readonly outputRows: number;
  readonly outputBatches: number;
  /** Milliseconds spent producing the node's output, its children's time included. */
  readonly timeMs: number;
  /** Approximate bytes of the output batches. */
  readonly outputBytes: number;
}

export interface TaskMetrics {
  readonly executorRunTime: number;
  readonly inputRecords: number;
  readonly inputBytes: number;
  readonly outputRecords: number;
  readonly outputBytes: number;
  readonly shuffleReadRecords: number;
  readonly shuffleReadBytes: number;
  readonly shuffleWriteRecords: number;
  readonly shuffleWriteBytes: number;
  /** Approximate: the bytes of the batches the task held (its shuffle input and its output). */
  readonly peakExecutionMemory: number;
  readonly operators: readonly OperatorMetrics[];
}

/**
 * Approximate size of a batch: typed arrays exactly, other values at 8 bytes (strings and binary values
 * at 16 + length).
 */
export function batchBytes(b: WireBatch): number {
  let n = 0;
  for (const c of b.columns) {
    if (isPackedDoubleArrays(c)) {
      n += c.elements.byteLength + c.offsets.byteLength + (c.nulls?.byteLength ?? 0);
      continue;
    }
    if (isLatin1Strings(c)) {
      n += c.offsets[c.length]! - c.offsets[0]! + c.offsets.byteLength + (c.nulls?.byteLength ?? 0);
      continue;
    }
    if (isPackedStrings(c)) {
      n += c.chars.length + c.offsets.byteLength + (c.nulls?.byteLength ?? 0);
      continue;
    }
    if (isDictionaryStrings(c)) {
      n += dictionaryBytes(c.dictionary, c.length, c.nulls);
      continue;
    }
    // A dictionary vector's strings are not read: they may not have been made.
    if (c.dictionary !== undefined) {
      n += dictionaryBytes(c.dictionary.values, c.length, c.nulls);
      continue;
    }
    // Nor are a packed vector's: its rows' lengths are its bounds.
    if (c.packed !== undefined) {
      n += c.length * (16 + packedMeanLength(c.packed, c.length)) + (c.nulls?.byteLength ?? 0);
      continue;
    }
    const v = c.values;
    if (ArrayBuffer.isView(v)) n += (v as ArrayBufferView).byteLength;
    else if (c.type.kind === 'string' || c.type.kind === 'binary') {
      const arr = v as readonly (string | Uint8Array | undefined)[];
      n += arr.length * (16 + sampledMeanLength(arr));
    } else n += 8 * c.length;
    if (c.nulls) n += c.nulls.byteLength;
  }
  return Math.round(n);
}

const bytesOfPartitions = new WeakMap<readonly (readonly WireBatch[])[], number>();

/**
 * batchBytes over every batch of a cached relation's partitions, worked out once per relation (the
 * scheduler asks for each stage that scans it: TPC-H's lineitem is some 1,500 columns of batches).
 */
export function partitionsBytes(partitions: readonly (readonly WireBatch[])[]): number {
  let n = bytesOfPartitions.get(partitions);
  if (n === undefined) {
    n = 0;
    for (const part of partitions) for (const b of part) n += batchBytes(b);
    bytesOfPartitions.set(partitions, n);
  }
  return n;
}

/** Mean bytes of a dictionary's values as strings count here, worked out once per dictionary. */
const meanValueBytes = new WeakMap<readonly string[], number>();

/**
 * A dictionary column's rows at the mean size of its values (a cached partition's dictionary is shared
 * by all its batches and their shuffle blocks: counted whole in each, it made every block look large).
 */
function dictionaryBytes(values: readonly string[], rows: number, nulls: Uint8Array | null): number {
  let mean = meanValueBytes.get(values);
  if (mean === undefined) {
    let total = 0;
    for (const x of values) total += 16 + x.length;
    mean = values.length === 0 ? 0 : total / values.length;
    meanValueBytes.set(values, mean);
  }
  return rows * (4 + mean) + (nulls?.byteLength ?? 0);
}

const LEAVES = new Set(['FileSourceScan', 'InMemoryTableScan', 'LocalTableScan', 'RangeExec']);

interface Counter {
  id: number;
  name: string;
  rows: number;
  batches: number;
  time: number;
  bytes: number;
}

export interface MetricsCollector {
  readonly instrument: (plan: PhysicalPlan, output: AsyncIterable<Batch>) => AsyncIterable<Batch>;
  /** Rows and bytes read from leaves, from shuffles, in operator order. */
  summary(): {
    inputRecords: number;
    inputBytes: number;
    shuffleReadRecords: number;
    shuffleReadBytes: number;
    operators: OperatorMetrics[];
  };
}

/**
 * A collector for one task. `signal`: checked after every batch; `yieldMs`: on the calling thread, hand
 * the event loop a turn this often so that an abort (a timer, Ctrl-C) can be seen at all.
 */
export function metricsCollector(signal?: AbortSignal, onAbort?: () => Error, yieldMs = 0): MetricsCollector {
  const counters = new Map<PhysicalPlan, Counter>();
  let lastYield = performance.now();
  async function* wrap(plan: PhysicalPlan, output: AsyncIterable<Batch>): AsyncIterable<Batch> {
    let c = counters.get(plan);
    if (!c) {
      c = { id: counters.size, name: plan.kind, rows: 0, batches: 0, time: 0, bytes: 0 };
      counters.set(plan, c);
    }
    const it = output[Symbol.asyncIterator]();
    let finished = false;
    try {
      for (;;) {
        const t0 = performance.now();
        const r = await it.next();
        const t1 = performance.now();
        c.time += t1 - t0;
        if (r.done) {
          finished = true;
          return;
        }
        const b = r.value;
        c.rows += b.numRows;
        c.batches++;
        c.bytes += batchBytes(b);
        if (signal) {
          if (yieldMs > 0 && t1 - lastYield >= yieldMs) {
            await new Promise<void>((resolve) => setImmediate(resolve));
            lastYield = performance.now();
          }
          if (signal.aborted) throw onAbort ? onAbort() : signal.reason;
        }
        yield b;
      }
    } finally {
      // The consumer stopped early (a limit): let the node release what it holds.
      if (!finished) await it.return?.();
    }
  }
  return {
    instrument: wrap,
    summary() {
      let inputRecords = 0;
      let inputBytes = 0;
      let shuffleReadRecords = 0;
      let shuffleReadBytes = 0;
      const operators: OperatorMetrics[] = [];
      for (const c of counters.values()) {
        if (LEAVES.has(c.name)) {
          inputRecords += c.rows;
          inputBytes += c.bytes;
        } else if (c.name === 'ShuffleExchange') {
          shuffleReadRecords += c.rows;
          shuffleReadBytes += c.bytes;
        }
        operators.push({
          id: c.id,
          name: c.name,
          outputRows: c.rows,
          outputBatches: c.batches,
          timeMs: c.time,
          outputBytes: c.bytes,
        });
      }
      return { inputRecords, inputBytes, shuffleReadRecords, shuffleReadBytes, operators };
    },
  };
}
