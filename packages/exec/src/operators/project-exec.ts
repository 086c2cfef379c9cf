// ProjectExec: evaluates the project list over each input batch.

import type { Batch } from '@flint/common';
import type { AttributeRef, PhysicalPlan } from '@flint/planner';
import { compileExpressions } from '../eval/compile.js';
import type { TaskContext } from './task-context.js';

type Node = Extract<PhysicalPlan, { kind: 'ProjectExec' }>;

export async function* projectExec(
  node: Node,
  childOutput: readonly AttributeRef[],
  input: AsyncIterable<Batch>,
  tc: TaskContext,
): AsyncIterable<Batch> {
  const evals = compileExpressions(node.projectList, childOutput, tc.eval);
  for await (const b of input) {
    yield { numRows: b.numRows, columns: evals.map((f) => f(b)) };
  }
}
