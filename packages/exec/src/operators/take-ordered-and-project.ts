// TakeOrderedAndProject: ORDER BY ... LIMIT n [OFFSET m] over all input rows, then the projection.

import type { Batch } from '@flint/common';
import type { AttributeRef, PhysicalPlan } from '@flint/planner';
import { compileExpression } from '../eval/compile.js';
import { concatBatches, gatherBatch } from '../eval/vectors.js';
import { compileOrder, sortIndices } from './sort-util.js';
import { collectBatches, type TaskContext } from './task-context.js';

type Node = Extract<PhysicalPlan, { kind: 'TakeOrderedAndProject' }>;

export async function* takeOrderedAndProject(
  node: Node,
  childOutput: readonly AttributeRef[],
  input: AsyncIterable<Batch>,
  tc: TaskContext,
): AsyncIterable<Batch> {
  const all = concatBatches(
    childOutput.map((a) => a.dataType),
    await collectBatches(input),
  );
  const idx = sortIndices(all, compileOrder(node.order, childOutput, tc.eval));
  const picked = idx.subarray(
    Math.min(node.offset, idx.length),
    Math.min(node.offset + node.limit, idx.length),
  );
  if (picked.length === 0) return;
  const rows = gatherBatch(all, picked);
  const evals = node.projectList.map((e) => compileExpression(e, childOutput, tc.eval));
  yield { numRows: rows.numRows, columns: evals.map((f) => f(rows)) };
}
