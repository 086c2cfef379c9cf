// ExpandExec: one output row per input row per projection (grouping sets, rollup, cube).

import type { Batch } from '@flint/common';
import type { AttributeRef, PhysicalPlan } from '@flint/planner';
import { compileExpression } from '../eval/compile.js';
import { castVector } from '../eval/cast/cast.js';
import type { TaskContext } from './task-context.js';

type Node = Extract<PhysicalPlan, { kind: 'ExpandExec' }>;

export async function* expandExec(
  node: Node,
  childOutput: readonly AttributeRef[],
  input: AsyncIterable<Batch>,
  tc: TaskContext,
): AsyncIterable<Batch> {
  const projections = node.projections.map((list) =>
    list.map((e) => compileExpression(e, childOutput, tc.eval)),
  );
  for await (const b of input) {
    for (const list of projections) {
      yield {
        numRows: b.numRows,
        // A NULL literal in a projection is typed as the output column (NullType → the column's type).
        columns: list.map((f, c) => {
          const v = f(b);
          const t = node.output[c]!.dataType;
          return v.type.kind === 'null' && t.kind !== 'null' ? castVector(v, t, 'LEGACY', tc.eval) : v;
        }),
      };
    }
  }
}
