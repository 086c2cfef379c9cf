// ProjectExec: evaluates the project list over each input batch (its arithmetic into `recycler`'s
// arrays when the consumer gives them back).

import type { Batch } from '@flint/common';
import type { AttributeRef, PhysicalPlan } from '@flint/planner';
import type { ArrayRecycler } from '../eval/array-recycler.js';
import { compileExpressions } from '../eval/compile.js';
import type { TaskContext } from './task-context.js';

type Node = Extract<PhysicalPlan, { kind: 'ProjectExec' }>;

export async function* projectExec(
  node: Node,
  childOutput: readonly AttributeRef[],
  input: AsyncIterable<Batch>,
  tc: TaskContext,
  recycler?: ArrayRecycler,
): AsyncIterable<Batch> {
  const ctx = recycler === undefined ? tc.eval : { ...tc.eval, recycler };
  const evals = compileExpressions(node.projectList, childOutput, ctx);
  for await (const b of input) {
    yield { numRows: b.numRows, columns: evals.map((f) => f(b)) };
  }
}
