// FilterExec: keeps the rows where the condition is TRUE (NULL and FALSE drop the row).

import type { Batch } from '@flint/common';
import type { AttributeRef, PhysicalPlan } from '@flint/planner';
import { compileExpression } from '../eval/compile.js';
import { gatherBatch, selectionOf } from '../eval/vectors.js';
import type { TaskContext } from './task-context.js';

type Node = Extract<PhysicalPlan, { kind: 'FilterExec' }>;

export async function* filterExec(
  node: Node,
  childOutput: readonly AttributeRef[],
  input: AsyncIterable<Batch>,
  tc: TaskContext,
): AsyncIterable<Batch> {
  const cond = compileExpression(node.condition, childOutput, tc.eval);
  for await (const b of input) {
    const sel = selectionOf(cond(b), b.numRows);
    if (sel.length === b.numRows) yield b;
    else if (sel.length > 0) yield gatherBatch(b, sel);
  }
}
