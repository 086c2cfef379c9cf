// TakeOrderedAndProject: ORDER BY ... LIMIT n [OFFSET m] over all input rows, then the projection.

import type { Batch, DataType } from '@flint/common';
import type { AttributeRef, PhysicalPlan } from '@flint/planner';
import { compileExpression } from '../eval/compile.js';
import { concatBatches, gatherBatch } from '../eval/vectors.js';
import { compileOrder, sortIndices, type CompiledOrder } from './sort-util.js';
import type { TaskContext } from './task-context.js';

type Node = Extract<PhysicalPlan, { kind: 'TakeOrderedAndProject' }>;

/** Rows buffered beyond the kept top rows before they are cut back (bounds memory and re-sorting). */
const MIN_SLACK = 65536;

/** The first `keep` rows of `b` in order (stable, so among ties earlier input rows win). */
function topRows(b: Batch, co: CompiledOrder, keep: number): Batch {
  const idx = sortIndices(b, co);
  return gatherBatch(b, idx.subarray(0, Math.min(keep, idx.length)));
}

/**
 * Keeps only the best `limit + offset` rows seen so far, as Spark's takeOrdered does with a bounded
 * queue: input is buffered and cut back to the top rows whenever the buffer outgrows the bound, so a
 * small LIMIT never holds or sorts the whole input at once.
 */
export async function takeOrdered(
  input: AsyncIterable<Batch>,
  types: readonly DataType[],
  co: CompiledOrder,
  keep: number,
): Promise<Batch> {
  const bound = keep + Math.max(MIN_SLACK, keep);
  let buffer: Batch[] = [];
  let buffered = 0;
  for await (const b of input) {
    if (b.numRows === 0 || keep === 0) continue;
    buffer.push(b);
    buffered += b.numRows;
    if (buffered > bound) {
      const top = topRows(concatBatches(types, buffer), co, keep);
      buffer = [top];
      buffered = top.numRows;
    }
  }
  return topRows(concatBatches(types, buffer), co, keep);
}

export async function* takeOrderedAndProject(
  node: Node,
  childOutput: readonly AttributeRef[],
  input: AsyncIterable<Batch>,
  tc: TaskContext,
): AsyncIterable<Batch> {
  const co = compileOrder(node.order, childOutput, tc.eval);
  const types = childOutput.map((a) => a.dataType);
  const top = await takeOrdered(input, types, co, node.offset + node.limit);
  if (top.numRows <= node.offset) return;
  const picked = new Int32Array(top.numRows - node.offset);
  for (let i = 0; i < picked.length; i++) picked[i] = node.offset + i;
  const rows = gatherBatch(top, picked);
  const evals = node.projectList.map((e) => compileExpression(e, childOutput, tc.eval));
  yield { numRows: rows.numRows, columns: evals.map((f) => f(rows)) };
}
