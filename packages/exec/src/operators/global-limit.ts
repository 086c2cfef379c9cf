// GlobalLimit: over one partition, skip `offset` rows and keep `limit` (null = all the rest).

import type { Batch } from '@flint/common';
import type { PhysicalPlan } from '@flint/planner';
import { sliceBatch } from '../eval/vectors.js';

type Node = Extract<PhysicalPlan, { kind: 'GlobalLimit' }>;

export async function* globalLimit(node: Node, input: AsyncIterable<Batch>): AsyncIterable<Batch> {
  let skip = node.offset;
  let left = node.limit ?? Infinity;
  if (left <= 0) return;
  for await (const b of input) {
    let start = 0;
    if (skip > 0) {
      start = Math.min(skip, b.numRows);
      skip -= start;
    }
    const end = Math.min(b.numRows, start + left);
    if (end > start) {
      yield sliceBatch(b, start, end);
      left -= end - start;
    }
    if (left <= 0) return;
  }
}
