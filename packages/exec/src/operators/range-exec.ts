// RangeExec: id values start, start+step, ... below end, cut into numSlices partitions as Spark does.

import type { Batch } from '@flint/common';
import type { PhysicalPlan } from '@flint/planner';
import { BATCH_SIZE } from './task-context.js';

type Node = Extract<PhysicalPlan, { kind: 'RangeExec' }>;

export function rangeCount(node: Node): bigint {
  const { start, end, step } = node;
  if (step === 0n) return 0n;
  if ((step > 0n && start >= end) || (step < 0n && start <= end)) return 0n;
  const span = end - start;
  // ceil(span / step) for same-sign span and step
  return (span + step + (step > 0n ? -1n : 1n)) / step;
}

export async function* rangeExec(node: Node, partition: number): AsyncIterable<Batch> {
  const total = rangeCount(node);
  const slices = BigInt(Math.max(1, node.numSlices));
  const p = BigInt(partition);
  const first = (p * total) / slices;
  const last = ((p + 1n) * total) / slices;
  for (let i = first; i < last; i += BigInt(BATCH_SIZE)) {
    const n = Number(last - i < BigInt(BATCH_SIZE) ? last - i : BigInt(BATCH_SIZE));
    const values = new BigInt64Array(n);
    let v = node.start + i * node.step;
    for (let k = 0; k < n; k++) {
      values[k] = BigInt.asIntN(64, v);
      v += node.step;
    }
    yield {
      numRows: n,
      columns: [{ type: node.output[0]?.dataType ?? { kind: 'long' }, length: n, values, nulls: null }],
    };
  }
}
