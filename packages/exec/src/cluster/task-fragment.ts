// What one task of a stage reads: which partitions of each leaf and exchange its partition touches
// (following runNode's partition mapping: unions, coalesce, cartesian products, whole-child nodes), and
// the fragment stripped to that data, so a task message never carries a whole in-memory table.

import { unpackColumn } from '@flint/common';
import type { PhysicalPlan } from '@flint/planner';
import { numPartitionsOf, sortsAllPartitions } from '../operators/run-node.js';
import { planChildren } from '../operators/task-context.js';
import { withChildren } from './stage-graph.js';
import { compactBatch } from './wire-batches.js';

/** Leaf or exchange node → the partitions of it that the task reads. */
export type PartitionsRead = Map<PhysicalPlan, Set<number>>;

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

export function partitionsRead(fragment: PhysicalPlan, partition: number): PartitionsRead {
  const out: PartitionsRead = new Map();
  const record = (node: PhysicalPlan, parts: Iterable<number>): void => {
    let s = out.get(node);
    if (!s) out.set(node, (s = new Set()));
    for (const p of parts) s.add(p);
  };
  const visit = (node: PhysicalPlan, parts: readonly number[]): void => {
    if (parts.length === 0) return;
    switch (node.kind) {
      case 'LocalTableScan':
      case 'RangeExec':
      case 'FileSourceScan':
      case 'InMemoryTableScan':
      case 'UnionLoopRefExec':
      case 'ShuffleExchange':
        record(node, parts);
        return;
      case 'BroadcastExchange':
        record(node, [0]);
        return;
      case 'UnionLoopExec':
        return;
      case 'TakeOrderedAndProject':
        visit(node.child, node.perPartition === true ? parts : range(numPartitionsOf(node.child)));
        return;
      case 'GlobalLimit':
        visit(node.child, range(numPartitionsOf(node.child)));
        return;
      case 'SortExec':
        visit(node.child, sortsAllPartitions(node) ? range(numPartitionsOf(node.child)) : parts);
        return;
      case 'UnionExec': {
        let offset = 0;
        for (const c of node.children) {
          const n = numPartitionsOf(c);
          visit(
            c,
            parts.filter((p) => p >= offset && p < offset + n).map((p) => p - offset),
          );
          offset += n;
        }
        return;
      }
      case 'CoalesceExec': {
        const m = numPartitionsOf(node.child);
        const n = numPartitionsOf(node);
        const qs: number[] = [];
        for (const p of parts)
          for (let q = Math.floor((p * m) / n); q < Math.floor(((p + 1) * m) / n); q++) qs.push(q);
        visit(node.child, qs);
        return;
      }
      case 'NestedLoopJoin':
        if (node.strategy === 'CartesianProduct') {
          const nr = numPartitionsOf(node.right);
          visit(
            node.left,
            parts.map((p) => Math.floor(p / nr)),
          );
          visit(
            node.right,
            parts.map((p) => p % nr),
          );
          return;
        }
        break;
      default:
        break;
    }
    // Nodes that read the same partition of each child (joins read only the partitions a side has).
    for (const c of planChildren(node)) {
      const n = c.kind === 'BroadcastExchange' ? 1 : numPartitionsOf(c);
      visit(c, c.kind === 'BroadcastExchange' ? [0] : parts.filter((p) => p < n));
    }
  };
  visit(fragment, [partition]);
  return out;
}

/**
 * The fragment with its in-memory leaves cut to what this task reads: an in-memory table keeps only
 * its read partitions and only the columns the scan reads.
 */
export function stripFragment(fragment: PhysicalPlan, reads: PartitionsRead): PhysicalPlan {
  const walk = (node: PhysicalPlan): PhysicalPlan => {
    switch (node.kind) {
      case 'LocalTableScan':
        return reads.get(node)?.has(0) === true || node.rows.length === 0 ? node : { ...node, rows: [] };
      case 'InMemoryTableScan': {
        // Partitions sent as shared blocks (./memory-blocks.ts) are already empty here.
        if (node.source.partitions.every((part) => part.length === 0)) return node;
        const read = reads.get(node);
        const cols = node.columnIndexes;
        // Every partition stays (the scan's partition count must not change), holding data only if read.
        const partitions = node.source.partitions.map((part, p) =>
          read?.has(p) === true
            ? part.map((b) =>
                compactBatch({ numRows: b.numRows, columns: cols.map((i) => unpackColumn(b.columns[i]!)) }),
              )
            : [],
        );
        return {
          ...node,
          source: {
            kind: 'Memory',
            schema: { ...node.source.schema, fields: cols.map((i) => node.source.schema.fields[i]!) },
            partitions,
          },
          columnIndexes: cols.map((_, i) => i),
        };
      }
      default:
        return withChildren(node, planChildren(node).map(walk));
    }
  };
  return walk(fragment);
}
