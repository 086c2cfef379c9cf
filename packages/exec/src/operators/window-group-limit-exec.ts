// WindowGroupLimitExec (Spark's): over rows sorted by partitionSpec ++ orderSpec, keeps the rows whose
// rank-like value (row_number, rank or dense_rank) within their window partition is at most the
// limit; the rows stay in order. Streams: only the previous row's keys are carried between batches.

import type { Batch, Vector } from '@flint/common';
import { windowPartitionOrder, type AttributeRef, type PhysicalPlan } from '@flint/planner';
import { concatVectors, gatherBatch, sliceVector } from '../eval/vectors.js';
import { compileOrder, rowOrdering } from './sort-util.js';
import type { TaskContext } from './task-context.js';
import { partitionKeysEqual } from './window-exec.js';

type Node = Extract<PhysicalPlan, { kind: 'WindowGroupLimitExec' }>;

/** The last row's rank and its position within its partition, carried from batch to batch. */
interface Ranking {
  rank: number;
  position: number;
}

/**
 * The batch's rows (0..n-1, row r - off of the comparators' vectors) whose rank is within the limit,
 * advancing `ranking`. (A function of its own: a row loop in an async generator's body runs
 * unoptimised.)
 */
function rowsWithinLimit(
  n: number,
  off: number,
  samePartition: (a: number, b: number) => boolean,
  sameOrder: (a: number, b: number) => number,
  node: Pick<Node, 'rankLikeFunction' | 'limit'>,
  ranking: Ranking,
): Int32Array {
  const { rankLikeFunction, limit } = node;
  let { rank, position } = ranking;
  const keep = new Int32Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const r = i + off;
    if (r === 0 || !samePartition(r - 1, r)) {
      position = 1;
      rank = 1;
    } else {
      position++;
      if (rankLikeFunction === 'row_number') rank = position;
      else if (sameOrder(r - 1, r) !== 0) rank = rankLikeFunction === 'rank' ? position : rank + 1;
    }
    if (rank <= limit) keep[kept++] = i;
  }
  ranking.rank = rank;
  ranking.position = position;
  return keep.subarray(0, kept);
}

export async function* windowGroupLimitExec(
  node: Node,
  childOutput: readonly AttributeRef[],
  input: AsyncIterable<Batch>,
  tc: TaskContext,
): AsyncIterable<Batch> {
  const partOrder = windowPartitionOrder(node.partitionSpec);
  const partitionKeys = compileOrder(partOrder, childOutput, tc.eval).evals;
  const orderKeys = compileOrder(node.orderSpec, childOutput, tc.eval).evals;
  // The previous row's keys (one-row vectors); its rank and position within its partition in `ranking`.
  let prevPartition: Vector[] | null = null;
  let prevOrder: Vector[] | null = null;
  const ranking: Ranking = { rank: 0, position: 0 };
  for await (const b of input) {
    const n = b.numRows;
    if (n === 0) continue;
    const partition = partitionKeys.map((f) => f(b));
    const order = orderKeys.map((f) => f(b));
    // Row r of these vectors is the batch's row r - off; row 0 is the previous row when there is one.
    const off = prevPartition === null ? 0 : 1;
    const withPrevious = (prev: Vector[] | null, cur: Vector[]) =>
      prev === null ? cur : cur.map((v, c) => concatVectors(v.type, [prev[c]!, v]));
    // Partitions split as WindowExec splits them.
    const samePartition = partitionKeysEqual(partOrder, withPrevious(prevPartition, partition));
    const sameOrder = rowOrdering(node.orderSpec, withPrevious(prevOrder, order));
    const keep = rowsWithinLimit(n, off, samePartition, sameOrder, node, ranking);
    const kept = keep.length;
    prevPartition = partition.map((v) => sliceVector(v, n - 1, n));
    prevOrder = order.map((v) => sliceVector(v, n - 1, n));
    if (kept === n) yield b;
    else if (kept > 0) yield gatherBatch(b, keep);
  }
}
