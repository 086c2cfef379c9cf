// LocalLimit: the first `limit` rows of each partition.

import type { Batch } from '@flint/common';
import type { PhysicalPlan } from '@flint/planner';
import { sliceBatch } from '../eval/vectors.js';

type Node = Extract<PhysicalPlan, { kind: 'LocalLimit' }>;

export async function* localLimit(node: Node, input: AsyncIterable<Batch>): AsyncIterable<Batch> {
  let left = node.limit;
  if (left <= 0) return;
  for await (const b of input) {
    if (b.numRows <= left) {
      left -= b.numRows;
      yield b;
    } else {
      yield sliceBatch(b, 0, left);
      left = 0;
    }
    if (left === 0) return;
  }
}
