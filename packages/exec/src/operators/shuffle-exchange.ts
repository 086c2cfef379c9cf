// ShuffleExchange: redistributes a child's rows into the output partitions of its Partitioning.
// Hash: Spark's Murmur3Hash(exprs, seed 42) pmod n. RoundRobin: rows dealt in turn per input partition.
// Range: a sort of all rows cut into contiguous ranges. Single: everything in partition 0.

import { assertNever, getValue, type Batch, type DataType } from '@flint/common';
import type { AttributeRef, Partitioning } from '@flint/planner';
import { compileExpression } from '../eval/compile.js';
import { concatBatches, gatherBatch, sliceBatch } from '../eval/vectors.js';
import type { EvalContext } from '../functions/kernel.js';
import { hashValue } from './murmur3.js';
import { compileOrder, sortIndices } from './sort-util.js';

export function partitionCount(p: Partitioning): number {
  return p.kind === 'SinglePartition' ? 1 : Math.max(1, p.numPartitions);
}

/** Splits the batches of all child partitions (by child partition) into the output partitions. */
export function shufflePartitions(
  partitioning: Partitioning,
  childOutput: readonly AttributeRef[],
  input: readonly (readonly Batch[])[],
  ctx: EvalContext,
): Batch[][] {
  const n = partitionCount(partitioning);
  const out: Batch[][] = Array.from({ length: n }, () => []);
  const types: DataType[] = childOutput.map((a) => a.dataType);
  switch (partitioning.kind) {
    case 'SinglePartition':
      for (const part of input) out[0]!.push(...part);
      return out;
    case 'UnknownPartitioning':
    case 'RoundRobinPartitioning': {
      input.forEach((part, p) => {
        let next = p % n;
        for (const b of part) {
          const buckets: number[][] = Array.from({ length: n }, () => []);
          for (let i = 0; i < b.numRows; i++) {
            buckets[next]!.push(i);
            next = (next + 1) % n;
          }
          buckets.forEach((rows, k) => {
            if (rows.length > 0) out[k]!.push(gatherBatch(b, rows));
          });
        }
      });
      return out;
    }
    case 'HashPartitioning': {
      const evals = partitioning.exprs.map((e) => compileExpression(e, childOutput, ctx));
      for (const part of input) {
        for (const b of part) {
          const keys = evals.map((f) => f(b));
          const buckets: number[][] = Array.from({ length: n }, () => []);
          for (let i = 0; i < b.numRows; i++) {
            let h = 42;
            for (const k of keys) {
              const x = getValue(k, i);
              if (x !== null) h = hashValue(k.type, x, h);
            }
            buckets[((h % n) + n) % n]!.push(i);
          }
          buckets.forEach((rows, k) => {
            if (rows.length > 0) out[k]!.push(gatherBatch(b, rows));
          });
        }
      }
      return out;
    }
    case 'RangePartitioning': {
      const all = concatBatches(types, input.flat());
      if (all.numRows === 0) return out;
      const sorted = gatherBatch(all, sortIndices(all, compileOrder(partitioning.order, childOutput, ctx)));
      const per = Math.ceil(sorted.numRows / n);
      for (let k = 0; k < n; k++) {
        const s = sliceBatch(sorted, k * per, (k + 1) * per);
        if (s.numRows > 0) out[k]!.push(s);
      }
      return out;
    }
    default:
      return assertNever(partitioning, 'partitioning');
  }
}
