// A cached scan's partitions cut again to equal row counts. A file scan splits its files at row-group
// boundaries, so its partitions can be far apart in rows (TPC-H SF 1's customer: 122,880 and 27,120
// rows, orders 860,160 and 639,840), and every query over the cached table then waits on the larger
// one. Rows keep their order and the partition count stays; only where the cuts fall moves, which a
// file scan's partitions do not promise anyway (Spark's own split in bytes, not rows).

import type { Batch } from '@flint/common';
import type { PhysicalPlan } from '@flint/planner';
import { sliceBatch } from './eval/vectors.js';

/** Partitions within this fraction of the mean row count are left as they are. */
const TOLERANCE = 0.05;

/**
 * Whether the plan's partitions are just how its files were split: a file scan under filters and
 * projections. Other plans' partitions may mean something (a repartition by key, a sort within
 * partitions) and are kept.
 */
export function splitsFilesOnly(plan: PhysicalPlan): boolean {
  switch (plan.kind) {
    case 'FileSourceScan':
      return true;
    case 'FilterExec':
    case 'ProjectExec':
      return splitsFilesOnly(plan.child);
    default:
      return false;
  }
}

/**
 * The rows of `partitions`, in order, cut into as many partitions of equal row counts (batches split
 * where a cut falls in them); the partitions as they are when they are already about equal.
 */
export function balancedPartitions(partitions: readonly (readonly Batch[])[]): readonly (readonly Batch[])[] {
  const n = partitions.length;
  const rows = partitions.map((p) => p.reduce((s, b) => s + b.numRows, 0));
  const total = rows.reduce((s, r) => s + r, 0);
  if (n < 2 || total === 0 || Math.max(...rows) <= (total / n) * (1 + TOLERANCE)) return partitions;
  const out: Batch[][] = Array.from({ length: n }, () => []);
  // Partition k takes rows [end(k - 1), end(k)) of all the rows in order.
  const end = (k: number): number => Math.floor(((k + 1) * total) / n);
  let k = 0;
  let at = 0;
  for (const part of partitions)
    for (const b of part) {
      let from = 0;
      while (from < b.numRows) {
        const take = Math.min(b.numRows - from, end(k) - at);
        if (take > 0) out[k]!.push(sliceBatch(b, from, from + take));
        from += take;
        at += take;
        if (at === end(k) && k < n - 1) k++;
      }
    }
  return out;
}
