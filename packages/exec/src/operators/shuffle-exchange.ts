// ShuffleExchange: the map side of a shuffle. A map task splits its output rows into the exchange's
// output partitions: Hash = Spark's Murmur3Hash(exprs, seed 42) pmod n over the typed arrays; RoundRobin
// = rows dealt in turn from a start position drawn per map partition as Spark does; Range = binary
// search over bounds sampled from the map outputs (RangePartitioner); Single = everything in 0.

import { assertNever, type Batch, type DataType, type Vector } from '@flint/common';
import type { AttributeRef, Partitioning, SortOrder } from '@flint/planner';
import { compileExpression } from '../eval/compile.js';
import {
  concatBatches,
  concatVectors,
  gatherBatch,
  partRows,
  placeRows,
  scatterRows,
} from '../eval/vectors.js';
import type { EvalContext } from '../functions/kernel.js';
import { hashBytes, hashVectorInto } from './murmur3.js';
import { compileOrder, rowOrdering } from './sort-util.js';

export function partitionCount(p: Partitioning): number {
  return p.kind === 'SinglePartition' ? 1 : Math.max(1, p.numPartitions);
}

/** Splits one map task's output batches into the output partitions of a Partitioning. */
export interface ShuffleWriter {
  write(batch: Batch): void;
  /** The rows written, per output partition (a batch per group of dictionaries each, or none). */
  finish(): Batch[][];
  /** The rows written in partition order (finish's parts are views of their ranges). */
  finishSplit(): SplitBatch<Batch>[];
  readonly recordsWritten: number;
}

/**
 * A batch of a task's output rows in output partition order: partition k's rows are
 * starts[k]..starts[k + 1]. A map output crosses to the driver so, as its columns whole, rather than
 * as a batch per partition (200 by default), whose objects were cloned one by one on the worker and
 * again on the driver (TPC-H: about a millisecond a map task).
 */
export interface SplitBatch<B> {
  readonly batch: B;
  readonly starts: Int32Array;
}

/** Split batches as a list of batches per partition (`rows` cuts a batch's range, as a view). */
export function partsOf<B>(
  split: readonly SplitBatch<B>[],
  partitions: number,
  rows: (batch: B, from: number, to: number) => B,
): B[][] {
  const out: B[][] = Array.from({ length: partitions }, () => []);
  for (const { batch, starts } of split) {
    for (let k = 0; k < partitions; k++) {
      const from = starts[k]!;
      const to = starts[k + 1]!;
      if (to > from) out[k]!.push(rows(batch, from, to));
    }
  }
  return out;
}

/** A collected output's batches as one partition's split batches. */
export function unsplit<B extends { readonly numRows: number }>(batches: readonly B[]): SplitBatch<B>[] {
  return batches.map((batch) => ({ batch, starts: Int32Array.of(0, batch.numRows) }));
}

/** Rows from..to-1 of a batch, its columns views of theirs (partRows). */
export function batchRows(b: Batch, from: number, to: number): Batch {
  if (from === 0 && to === b.numRows) return b;
  return { numRows: to - from, columns: b.columns.map((c) => partRows(c, from, to)) };
}

/**
 * A writer for map partition `mapPartition`. Range partitioning needs the bounds computed from the
 * samples of every map partition (`rangeBounds`); without bounds (one output partition) all go to 0.
 */
/**
 * pid[i] = pid[i] mod n, in [0, n) (Spark's Pmod of the hash). By the reciprocal in doubles, then one
 * correction: |pid[i] / n| < 2^31, so the floor of the rounded quotient is off by at most one. Two
 * integer divisions per row were a fifth of TPC-H Q5 (its shuffles of lineitem and orders).
 */
export function nonNegativeModInto(pid: Int32Array, count: number, n: number): void {
  const inverse = 1 / n;
  for (let i = 0; i < count; i++) {
    const h = pid[i]!;
    let r = h - Math.floor(h * inverse) * n;
    if (r < 0) r += n;
    else if (r >= n) r -= n;
    pid[i] = r;
  }
}

export function shuffleWriter(
  partitioning: Partitioning,
  childOutput: readonly AttributeRef[],
  ctx: EvalContext,
  mapPartition: number,
  bounds: Batch | null = null,
): ShuffleWriter {
  const n = partitionCount(partitioning);
  const types: DataType[] = childOutput.map((a) => a.dataType);
  let records = 0;
  let assign: (b: Batch, pid: Int32Array) => void;
  switch (partitioning.kind) {
    case 'SinglePartition':
      assign = () => undefined;
      break;
    case 'UnknownPartitioning':
    case 'RoundRobinPartitioning': {
      let position = roundRobinStart(mapPartition, n);
      assign = (b, pid) => {
        for (let i = 0; i < b.numRows; i++) {
          position++;
          pid[i] = ((position % n) + n) % n;
        }
      };
      break;
    }
    case 'HashPartitioning': {
      const evals = partitioning.exprs.map((e) => compileExpression(e, childOutput, ctx));
      assign = (b, pid) => {
        pid.fill(42);
        for (const f of evals) hashVectorInto(f(b), pid, b.numRows);
        nonNegativeModInto(pid, b.numRows, n);
      };
      break;
    }
    case 'RangePartitioning': {
      if (bounds === null || bounds.numRows === 0) {
        assign = () => undefined;
        break;
      }
      const keyEvals = compileOrder(partitioning.order, childOutput, ctx).evals;
      const order = partitioning.order;
      const nb = bounds.numRows;
      assign = (b, pid) => {
        // Bounds first, then this batch's keys: one comparator over both.
        const keys: Vector[] = keyEvals.map((f, c) =>
          concatVectors(bounds.columns[c]!.type, [bounds.columns[c]!, f(b)]),
        );
        const cmp = rowOrdering(order, keys);
        for (let i = 0; i < b.numRows; i++) {
          // The first bound the key is not above (Spark's RangePartitioner.getPartition).
          let lo = 0;
          let hi = nb;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (cmp(nb + i, mid) > 0) lo = mid + 1;
            else hi = mid;
          }
          pid[i] = lo;
        }
      };
      break;
    }
    default:
      return assertNever(partitioning, 'partitioning');
  }
  // Rows are assigned batch by batch as they come, and split once at the end: every column of every
  // batch written straight into one array in partition order (one copy, ready to move to the driver).
  const pending: Batch[] = [];
  const pids: Int32Array[] = [];
  const finishSplit = (): SplitBatch<Batch>[] => {
    if (pending.length === 0) return [];
    if (n === 1) return unsplit([concatBatches(types, pending)]);
    // Batches whose string columns share dictionaries (or have none) are split together, so that a
    // dictionary column keeps its codes; each such group gives a partition a batch of its own.
    return dictionaryGroups(pending).map((group) => {
      const placement = placeRows(
        group.map((b) => pids[b]!),
        n,
      );
      const columns = types.map((t, c) =>
        scatterRows(
          t,
          group.map((b) => pending[b]!.columns[c]!),
          placement,
        ),
      );
      const { starts } = placement;
      return { batch: { numRows: starts[n]!, columns }, starts };
    });
  };
  return {
    get recordsWritten() {
      return records;
    },
    write(b) {
      if (b.numRows === 0) return;
      records += b.numRows;
      pending.push(b);
      if (n === 1) return;
      const pid = new Int32Array(b.numRows);
      assign(b, pid);
      pids.push(pid);
    },
    finish: () => partsOf(finishSplit(), n, batchRows),
    finishSplit,
  };
}

/** More groups than this (batches of dictionaries of their own) are split as one, decoded. */
const MAX_DICTIONARY_GROUPS = 4;

/**
 * Indexes of the batches in groups of the same dictionaries (by identity, per string column; none
 * counts as one kind), in order of first appearance; one group when there would be too many.
 */
function dictionaryGroups(batches: readonly Batch[]): number[][] {
  const groups: number[][] = [];
  const heads: Batch[] = [];
  batches.forEach((b, k) => {
    const same = (h: Batch) =>
      h.columns.every((c, i) => c.dictionary?.values === b.columns[i]!.dictionary?.values);
    const at = heads.findIndex(same);
    if (at >= 0) groups[at]!.push(k);
    else {
      heads.push(b);
      groups.push([k]);
    }
  });
  return groups.length > MAX_DICTIONARY_GROUPS ? [batches.map((_, k) => k)] : groups;
}

/**
 * Spark starts each map partition's round robin at `new XORShiftRandom(partitionId).nextInt(n)` and
 * gives the first row position + 1. (Spark also sorts the rows of a map partition first,
 * spark.sql.execution.sortBeforeRepartition, by their binary form; that order is not reproduced.)
 */
export function roundRobinStart(partitionId: number, n: number): number {
  // XORShiftRandom.hashSeed: Murmur3 of the seed's 8 big-endian bytes, low and high halves.
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, BigInt(partitionId));
  const low = hashBytes(bytes, 0x3c074a61);
  const high = hashBytes(bytes, low);
  let seed = BigInt.asIntN(64, (BigInt(high) << 32n) | (BigInt(low) & 0xffffffffn));
  const next = (bits: number): number => {
    let s = BigInt.asIntN(64, seed ^ (seed << 21n));
    s = BigInt.asIntN(64, s ^ BigInt.asIntN(64, BigInt.asUintN(64, s) >> 35n));
    s = BigInt.asIntN(64, s ^ (s << 4n));
    seed = s;
    return Number(BigInt.asIntN(32, s & ((1n << BigInt(bits)) - 1n)));
  };
  // java.util.Random.nextInt(bound)
  let r = next(31);
  const m = n - 1;
  if ((n & m) === 0) return Number((BigInt(n) * BigInt(r)) >> 31n);
  for (let u = r; ((u - (r = u % n) + m) | 0) < 0; u = next(31));
  return r;
}

/**
 * RangePartitioner's bounds: a sample of each map partition's sort keys, weighted by how many rows it
 * stands for, sorted, and cut into `n` ranges of equal weight (duplicate bounds skipped). Returns the
 * bounds as a batch of the sort-key columns, in order; null when there is nothing to cut.
 */
export function rangeBounds(
  order: readonly SortOrder[],
  childOutput: readonly AttributeRef[],
  ctx: EvalContext,
  mapOutputs: readonly (readonly Batch[])[],
  n: number,
): Batch | null {
  if (n <= 1 || mapOutputs.length === 0) return null;
  const co = compileOrder(order, childOutput, ctx);
  const sampleSize = Math.min(20 * n, 1e6);
  const perPartition = Math.ceil((3 * sampleSize) / mapOutputs.length);
  const sampled: Batch[] = [];
  const weights: number[] = [];
  for (const part of mapOutputs) {
    let total = 0;
    for (const b of part) total += b.numRows;
    if (total === 0) continue;
    const take = Math.min(total, perPartition);
    // Evenly spaced rows stand in for Spark's reservoir sample (deterministic, same weight).
    const stride = total / take;
    let nextRow = 0;
    let k = 0;
    let base = 0;
    for (const b of part) {
      const idx: number[] = [];
      while (k < take && Math.floor(nextRow) < base + b.numRows) {
        idx.push(Math.floor(nextRow) - base);
        k++;
        nextRow = k * stride;
      }
      base += b.numRows;
      if (idx.length === 0) continue;
      const keys = co.evals.map((f) => f(b));
      sampled.push(gatherBatch({ numRows: b.numRows, columns: keys }, idx));
      for (let i = 0; i < idx.length; i++) weights.push(total / take);
    }
  }
  if (sampled.length === 0) return null;
  const keyTypes = sampled[0]!.columns.map((c) => c.type);
  const candidates = concatBatches(keyTypes, sampled);
  const cmp = rowOrdering(order, candidates.columns);
  const sorted = Array.from({ length: candidates.numRows }, (_, i) => i).sort((a, b) => cmp(a, b) || a - b);
  const sumWeights = weights.reduce((s, w) => s + w, 0);
  const step = sumWeights / n;
  let cum = 0;
  let target = step;
  let previous = -1;
  const chosen: number[] = [];
  for (let i = 0; i < sorted.length && chosen.length < n - 1; i++) {
    const row = sorted[i]!;
    cum += weights[row]!;
    if (cum >= target && (previous < 0 || cmp(row, previous) > 0)) {
      chosen.push(row);
      target += step;
      previous = row;
    }
  }
  return gatherBatch(candidates, chosen);
}

/**
 * Splits the batches of all child partitions (by child partition) into the output partitions, on the
 * calling thread (the whole shuffle at once: range bounds from all inputs, then every map partition).
 */
export function shufflePartitions(
  partitioning: Partitioning,
  childOutput: readonly AttributeRef[],
  input: readonly (readonly Batch[])[],
  ctx: EvalContext,
): Batch[][] {
  const n = partitionCount(partitioning);
  const bounds =
    partitioning.kind === 'RangePartitioning'
      ? rangeBounds(partitioning.order, childOutput, ctx, input, n)
      : null;
  const out: Batch[][] = Array.from({ length: n }, () => []);
  input.forEach((part, p) => {
    const w = shuffleWriter(partitioning, childOutput, ctx, p, bounds);
    for (const b of part) w.write(b);
    w.finish().forEach((bs, k) => out[k]!.push(...bs));
  });
  return out;
}
