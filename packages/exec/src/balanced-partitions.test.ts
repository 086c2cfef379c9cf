// Cached file scans' partitions cut again to equal row counts, rows in order, other plans left alone.

import type { Batch, Vector } from '@flint/common';
import type { PhysicalPlan } from '@flint/planner';
import { describe, expect, it } from 'vitest';
import { balancedPartitions, splitsFilesOnly } from './balanced-partitions.js';

const longs = (from: number, n: number): Vector => ({
  type: { kind: 'long' },
  length: n,
  values: BigInt64Array.from({ length: n }, (_, i) => BigInt(from + i)),
  nulls: null,
});
const names = (from: number, n: number): Vector => ({
  type: { kind: 'string' },
  length: n,
  values: Array.from({ length: n }, (_, i) => `row ${from + i}`),
  nulls: Uint8Array.from({ length: n }, (_, i) => ((from + i) % 3 === 0 ? 1 : 0)),
});
const batch = (from: number, n: number): Batch => ({ numRows: n, columns: [longs(from, n), names(from, n)] });

/** Each partition's rows as [id, name or null]. */
function rowsOf(parts: readonly (readonly Batch[])[]): [number, string | null][][] {
  return parts.map((p) =>
    p.flatMap((b) =>
      Array.from({ length: b.numRows }, (_, i): [number, string | null] => {
        const [id, name] = b.columns;
        return [
          Number((id!.values as BigInt64Array)[i]),
          name!.nulls![i] === 1 ? null : (name!.values as string[])[i]!,
        ];
      }),
    ),
  );
}

describe('balancedPartitions', () => {
  it('cuts uneven partitions into equal row counts, keeping every row in order', () => {
    // Like a cached customer table: two row groups in one split, a short one in the other.
    const parts = [[batch(0, 6), batch(6, 6)], [batch(12, 3)]];
    const out = balancedPartitions(parts);
    expect(out.map((p) => p.reduce((s, b) => s + b.numRows, 0))).toEqual([7, 8]);
    const rows = rowsOf(out);
    expect(rows.flat()).toEqual(rowsOf(parts).flat());
    expect(rows[0]!.map(([id]) => id)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(rows[1]![0]).toEqual([7, 'row 7']);
    expect(rows[1]![2]).toEqual([9, null]);
  });

  it('spreads rows over empty partitions too, and leaves nearly equal ones untouched', () => {
    const out = balancedPartitions([[batch(0, 9)], [], []]);
    expect(out.map((p) => p.reduce((s, b) => s + b.numRows, 0))).toEqual([3, 3, 3]);
    expect(rowsOf(out)[2]!.map(([id]) => id)).toEqual([6, 7, 8]);
    const even = [[batch(0, 100)], [batch(100, 98)]];
    expect(balancedPartitions(even)).toBe(even);
    const single = [[batch(0, 5)]];
    expect(balancedPartitions(single)).toBe(single);
  });

  it('rebalances only a file scan under filters and projections', () => {
    const scan = { kind: 'FileSourceScan' } as unknown as PhysicalPlan;
    const filtered = {
      kind: 'FilterExec',
      child: { kind: 'ProjectExec', child: scan },
    } as unknown as PhysicalPlan;
    const shuffled = { kind: 'ShuffleExchange', child: scan } as unknown as PhysicalPlan;
    const sorted = { kind: 'SortExec', child: scan } as unknown as PhysicalPlan;
    expect(splitsFilesOnly(scan)).toBe(true);
    expect(splitsFilesOnly(filtered)).toBe(true);
    expect(splitsFilesOnly(shuffled)).toBe(false);
    expect(splitsFilesOnly(sorted)).toBe(false);
  });
});
