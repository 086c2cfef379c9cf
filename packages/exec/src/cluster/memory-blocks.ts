// In-memory partitions (cached plans, createDataFrame) as blocks that workers keep: a partition is put in
// shared memory once (numeric columns are then read in place by every worker, strings decoded once per
// worker and column, packed or sharing equal values), and a task message names the block instead of carrying its rows. Like Spark's
// block manager, a worker keeps what it has read; the driver tells workers which blocks are still live.

import type { StoredBatch, StoredColumn } from '@flint/common';
import type { PhysicalPlan } from '@flint/planner';
import { planChildren } from '../operators/task-context.js';
import { fromSharedColumn, toSharedBatches, type SharedBatch } from './shared-batches.js';
import { taskSlots } from './task-slots.js';
import { withChildren } from './stage-graph.js';

/** One in-memory partition in shared memory, all its columns. */
export interface MemoryBlock {
  readonly id: number;
  readonly batches: readonly SharedBatch[];
}

/**
 * A block read by a task: the scan (pre-order position among the fragment's InMemoryTableScans),
 * partition, and the block with only the columns the scan reads (the others are holes): a message
 * carrying every column of lineitem's blocks took milliseconds to clone, a task.
 */
export interface MemoryBlockInput {
  readonly scan: number;
  readonly partition: number;
  readonly block: MemoryBlock;
}

// ---------------------------------------------------------------------------------------------- driver

let nextBlockId = 0;
const blocks = new WeakMap<readonly StoredBatch[], MemoryBlock>();
/** Ids of blocks whose partition the driver still holds (the finalizer removes the others). */
const liveBlocks = new Set<number>();
const finalizer = new FinalizationRegistry<number>((id) => liveBlocks.delete(id));

/** The block of an in-memory partition, shared on first use and reused by every later query. */
export function memoryBlockOf(partition: readonly StoredBatch[]): MemoryBlock {
  let block = blocks.get(partition);
  if (block === undefined) {
    block = { id: nextBlockId++, batches: toSharedBatches(partition) };
    blocks.set(partition, block);
    liveBlocks.add(block.id);
    finalizer.register(partition, block.id);
  }
  return block;
}

/**
 * Puts freshly cached partitions in shared memory now, when the session runs tasks on workers, so the
 * cost is part of caching (as building Spark's columnar cache is) rather than of the first query.
 */
export function shareCachedPartitions(
  partitions: readonly (readonly StoredBatch[])[],
  master: string | undefined,
): void {
  if (taskSlots(master).slots <= 1) return;
  for (const part of partitions) if (part.length > 0) memoryBlockOf(part);
}

const blockColumns = new WeakMap<MemoryBlock, Map<string, MemoryBlock>>();

/** The block with only these columns (the others holes), made once per block and column list. */
function withColumns(block: MemoryBlock, indexes: readonly number[]): MemoryBlock {
  let byColumns = blockColumns.get(block);
  if (byColumns === undefined) blockColumns.set(block, (byColumns = new Map()));
  const key = indexes.join(',');
  let some = byColumns.get(key);
  if (some === undefined) {
    const batches = block.batches.map((b) => {
      const columns = new Array<SharedBatch['columns'][number]>(b.columns.length);
      for (const i of indexes) columns[i] = b.columns[i]!;
      return { numRows: b.numRows, columns };
    });
    byColumns.set(key, (some = { id: block.id, batches }));
  }
  return some;
}

/** The blocks workers may keep (every task message carries them; a worker drops the others). */
export function liveMemoryBlocks(): number[] {
  return [...liveBlocks];
}

/**
 * The fragment with the partitions its in-memory scans read replaced by block references (those
 * partitions left empty in the plan, others too: the scan keeps its partition count).
 */
export function toMemoryBlocks(
  fragment: PhysicalPlan,
  reads: ReadonlyMap<PhysicalPlan, ReadonlySet<number>>,
): { fragment: PhysicalPlan; inputs: MemoryBlockInput[] } {
  const inputs: MemoryBlockInput[] = [];
  let scan = 0;
  const walk = (node: PhysicalPlan): PhysicalPlan => {
    if (node.kind !== 'InMemoryTableScan') return withChildren(node, planChildren(node).map(walk));
    const index = scan++;
    const read = reads.get(node);
    node.source.partitions.forEach((part, p) => {
      if (read?.has(p) === true && part.length > 0) {
        inputs.push({
          scan: index,
          partition: p,
          block: withColumns(memoryBlockOf(part), node.columnIndexes),
        });
      }
    });
    return {
      ...node,
      source: { ...node.source, partitions: node.source.partitions.map(() => []) },
    };
  };
  return { fragment: walk(fragment), inputs };
}

// ---------------------------------------------------------------------------------------------- worker

/** A block's columns this worker decoded, by column index: one per batch. */
const held = new Map<number, Map<number, StoredColumn[]>>();

/**
 * The partition's batches with the scan's columns, from the columns this worker keeps; a column not
 * decoded yet is decoded from the message's block (which carries the scan's columns).
 */
function blockBatches(block: MemoryBlock, columnIndexes: readonly number[]): StoredBatch[] {
  let decoded = held.get(block.id);
  if (decoded === undefined) held.set(block.id, (decoded = new Map()));
  const cols = columnIndexes.map((index) => {
    let columns = decoded.get(index);
    if (columns === undefined) {
      // Only this column is decoded: numeric columns stay views of the shared memory.
      columns = block.batches.map((b) => fromSharedColumn(b.columns[index]!));
      decoded.set(index, columns);
    }
    return columns;
  });
  return block.batches.map((b, k) => ({ numRows: b.numRows, columns: cols.map((c) => c[k]!) }));
}

/** Forgets the blocks the driver no longer holds. */
export function keepMemoryBlocks(live: readonly number[]): void {
  if (held.size === 0) return;
  const keep = new Set(live);
  for (const id of held.keys()) if (!keep.has(id)) held.delete(id);
}

/** Puts the blocks' rows back into the fragment's in-memory scans (on the worker). */
export function fromMemoryBlocks(fragment: PhysicalPlan, inputs: readonly MemoryBlockInput[]): PhysicalPlan {
  if (inputs.length === 0) return fragment;
  let scan = 0;
  const walk = (node: PhysicalPlan): PhysicalPlan => {
    if (node.kind !== 'InMemoryTableScan') return withChildren(node, planChildren(node).map(walk));
    const index = scan++;
    const mine = inputs.filter((i) => i.scan === index);
    if (mine.length === 0) return node;
    const partitions: (readonly StoredBatch[])[] = [...node.source.partitions];
    for (const i of mine) partitions[i.partition] = blockBatches(i.block, node.columnIndexes);
    const fields = node.columnIndexes.map((i) => node.source.schema.fields[i]!);
    return {
      ...node,
      source: { ...node.source, schema: { ...node.source.schema, fields }, partitions },
      columnIndexes: node.columnIndexes.map((_, i) => i),
    };
  };
  return walk(fragment);
}
