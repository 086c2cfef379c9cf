// SortExec: sorts each partition's rows (a global sort gets range-partitioned input from the planner).

import type { Batch } from '@flint/common';
import type { AttributeRef, PhysicalPlan } from '@flint/planner';
import { concatBatches, gatherBatch, sliceBatch } from '../eval/vectors.js';
import { compileOrder, sortIndices } from './sort-util.js';
import { BATCH_SIZE, collectBatches, type TaskContext } from './task-context.js';

type Node = Extract<PhysicalPlan, { kind: 'SortExec' }>;

export async function* sortExec(
  node: Node,
  childOutput: readonly AttributeRef[],
  input: AsyncIterable<Batch>,
  tc: TaskContext,
): AsyncIterable<Batch> {
  const all = concatBatches(
    childOutput.map((a) => a.dataType),
    await collectBatches(input, tc),
  );
  if (all.numRows === 0) return;
  const sorted = gatherBatch(all, sortIndices(all, compileOrder(node.order, childOutput, tc.eval)));
  for (let i = 0; i < sorted.numRows; i += BATCH_SIZE) yield sliceBatch(sorted, i, i + BATCH_SIZE);
}
