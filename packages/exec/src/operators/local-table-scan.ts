// LocalTableScan: literal rows of the plan, all in partition 0.

import { batchFromRows, type Batch } from '@flint/common';
import type { PhysicalPlan } from '@flint/planner';
import { BATCH_SIZE } from './task-context.js';

type Node = Extract<PhysicalPlan, { kind: 'LocalTableScan' }>;

export async function* localTableScan(node: Node, partition: number): AsyncIterable<Batch> {
  if (partition !== 0) return;
  const types = node.output.map((a) => a.dataType);
  for (let i = 0; i < node.rows.length; i += BATCH_SIZE) {
    yield batchFromRows(types, node.rows.slice(i, i + BATCH_SIZE));
  }
}
