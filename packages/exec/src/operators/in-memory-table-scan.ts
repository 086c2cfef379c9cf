// InMemoryTableScan: batches held in memory (createDataFrame, cached tables), one task per partition,
// projected by column index; packed string columns are unpacked as they are read.

import { unpackColumn, type Batch } from '@flint/common';
import type { PhysicalPlan } from '@flint/planner';

type Node = Extract<PhysicalPlan, { kind: 'InMemoryTableScan' }>;

export async function* inMemoryTableScan(node: Node, partition: number): AsyncIterable<Batch> {
  for (const b of node.source.partitions[partition] ?? []) {
    yield { numRows: b.numRows, columns: node.columnIndexes.map((i) => unpackColumn(b.columns[i]!)) };
  }
}
