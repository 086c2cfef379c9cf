// FileSourceScan: each task reads its splits through the format, producing the required data columns,
// and appends the split's partition values as constant columns, in the scan's output order.

import type { Batch, PartitionedFile, Vector } from '@flint/common';
import { fileFormatOf } from '@flint/io';
import type { PhysicalPlan } from '@flint/planner';
import { broadcast } from '../eval/vectors.js';
import type { TaskContext } from './task-context.js';

type Node = Extract<PhysicalPlan, { kind: 'FileSourceScan' }>;

/** Spark's input_file_name(): the URI of the file being read. */
function fileUri(path: string): string {
  return 'file://' + encodeURI(path).replace(/[?#]/g, encodeURIComponent);
}

export async function* fileSourceScan(node: Node, partition: number, tc: TaskContext): AsyncIterable<Batch> {
  const task = node.filePartitions[partition];
  if (task === undefined) return;
  const src = node.source;
  const format = fileFormatOf(src.format);
  // Where each output column comes from: a position in the required data columns, or a partition value.
  const sources = node.output.map((a) => {
    const data = node.requiredSchema.fields.findIndex((f) => f.name === a.name);
    if (data >= 0) return { data, partition: -1 };
    return { data: -1, partition: src.partitionSchema.fields.findIndex((f) => f.name === a.name) };
  });
  const readOptions = { dataSchema: src.dataSchema, options: src.options };
  const holder = tc.eval.inputFile;
  for (const split of task.files) {
    if (holder) holder.name = fileUri(split.path);
    for await (const b of format.readSplit(split, node.requiredSchema, node.pushedFilters, readOptions))
      yield withPartitionValues(b, split, sources, node);
  }
  if (holder) holder.name = '';
}

function withPartitionValues(
  b: Batch,
  split: PartitionedFile,
  sources: readonly { data: number; partition: number }[],
  node: Node,
): Batch {
  if (node.source.partitionSchema.fields.length === 0 && sources.every((s, i) => s.data === i)) return b;
  const columns: Vector[] = sources.map((s, i) =>
    s.data >= 0
      ? b.columns[s.data]!
      : broadcast(node.output[i]!.dataType, split.partitionValues[s.partition] ?? null, b.numRows),
  );
  return { numRows: b.numRows, columns };
}
