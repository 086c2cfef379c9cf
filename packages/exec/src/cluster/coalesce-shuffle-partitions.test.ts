// Spark's partition coalescing: the target size from the settings, ranges packed up to it.
import { describe, expect, it } from 'vitest';
import {
  balancedPartitions,
  coalesceConf,
  coalescePartitions,
  runRanges,
} from './coalesce-shuffle-partitions.js';

const MB = 1024 * 1024;

describe('coalesceConf', () => {
  it('targets the total over the parallelism, within [minPartitionSize, advisory size]', () => {
    const none = new Map<string, string>();
    expect(coalesceConf(none, 40 * MB, 2)?.targetBytes).toBe(20 * MB);
    expect(coalesceConf(none, 1000 * MB, 2)?.targetBytes).toBe(64 * MB);
    expect(coalesceConf(none, 100, 2)?.targetBytes).toBe(MB);
    // parallelismFirst off: the advisory size alone.
    const sizeFirst = new Map([['spark.sql.adaptive.coalescePartitions.parallelismFirst', 'false']]);
    expect(coalesceConf(sizeFirst, 40 * MB, 2)?.targetBytes).toBe(40 * MB);
    expect(coalesceConf(new Map([['spark.sql.adaptive.enabled', 'false']]), MB, 2)).toBeNull();
    expect(
      coalesceConf(new Map([['spark.sql.adaptive.coalescePartitions.enabled', 'false']]), MB, 2),
    ).toBeNull();
  });
});

describe('coalescePartitions', () => {
  const conf = { targetBytes: 100, minPartitionBytes: 10 };

  it('packs neighbours up to the target (empty ones join a neighbour; all empty is one range)', () => {
    expect(coalescePartitions([30, 30, 30, 30, 0, 0, 90, 20], conf)).toEqual([
      { start: 0, end: 3 },
      { start: 3, end: 6 },
      { start: 6, end: 7 },
      { start: 7, end: 8 },
    ]);
    expect(coalescePartitions([0, 0, 50, 0, 0], conf)).toEqual([{ start: 0, end: 5 }]);
    expect(coalescePartitions([0, 0, 0], conf)).toEqual([{ start: 0, end: 3 }]);
  });

  it('merges a last range far under the target into the one before', () => {
    expect(coalescePartitions([90, 90, 5], conf)).toEqual([
      { start: 0, end: 1 },
      { start: 1, end: 3 },
    ]);
  });

  it('leaves a partition bigger than the target on its own', () => {
    expect(coalescePartitions([500, 10, 600], conf)).toEqual([
      { start: 0, end: 1 },
      { start: 1, end: 2 },
      { start: 2, end: 3 },
    ]);
  });
});

describe('balancedPartitions', () => {
  const bytesOf = (sizes: number[], specs: { start: number; end: number }[]) =>
    specs.map(({ start, end }) => sizes.slice(start, end).reduce((a, b) => a + b, 0));

  it('re-cuts Spark ranges into a multiple of the slots of near-equal bytes', () => {
    // Spark packs these 10 partitions into 5 ranges up to 25 bytes: one slot of 2 would run 3 tasks.
    const sizes = [10, 10, 10, 10, 10, 10, 10, 10, 10, 5];
    const spark = coalescePartitions(sizes, { targetBytes: 25, minPartitionBytes: 1 });
    expect(spark).toHaveLength(5);
    const even = balancedPartitions(sizes, spark, 2, 1);
    expect(even).toHaveLength(6);
    expect(even[0]!.start).toBe(0);
    expect(even[even.length - 1]!.end).toBe(10);
    even.slice(1).forEach((r, i) => expect(r.start).toBe(even[i]!.end));
    expect(Math.max(...bytesOf(sizes, even))).toBeLessThanOrEqual(20);
    // Four ranges, the last half-size, are evened out too.
    const four = balancedPartitions(
      [40, 40, 40, 20],
      coalescePartitions([40, 40, 40, 20], { targetBytes: 40, minPartitionBytes: 1 }),
      2,
      1,
    );
    expect(bytesOf([40, 40, 40, 20], four)).toEqual([40, 40, 40, 20]);
    const fine = Array.from({ length: 70 }, () => 2);
    const cut = balancedPartitions(
      fine,
      [
        { start: 0, end: 30 },
        { start: 30, end: 60 },
        { start: 60, end: 70 },
      ],
      2,
      1,
    );
    // 140 bytes in 4 ranges of 35 give or take one partition.
    expect(cut).toHaveLength(4);
    for (const b of bytesOf(fine, cut)) expect(Math.abs(b - 35)).toBeLessThanOrEqual(1);
  });

  it('keeps Spark ranges with one slot, under minPartitionSize pieces, and starts ranges at rows', () => {
    const specs = [
      { start: 0, end: 2 },
      { start: 2, end: 4 },
      { start: 4, end: 5 },
    ];
    expect(balancedPartitions([5, 5, 5, 5, 5], specs, 1, 1)).toEqual(specs);
    // 25 bytes hold only 2 whole pieces of 10: no more ranges than that, and not fewer than Spark's.
    expect(balancedPartitions([5, 5, 5, 5, 5], specs, 2, 10)).toEqual(specs);
    const withEmpty = balancedPartitions(
      [10, 0, 0, 10, 0, 10, 10],
      [
        { start: 0, end: 4 },
        { start: 4, end: 7 },
      ],
      2,
      1,
    );
    for (const r of withEmpty) expect([10, 0, 0, 10, 0, 10, 10][r.start]).toBeGreaterThan(0);
    // A first partition with rows far past the first share does not leave the empty ones before it alone.
    const leading = balancedPartitions(
      [0, 0, 100, 1, 1, 1, 1],
      [
        { start: 0, end: 3 },
        { start: 3, end: 5 },
        { start: 5, end: 7 },
      ],
      2,
      1,
    );
    expect(leading[0]).toEqual({ start: 0, end: 3 });
  });
});

describe('runRanges', () => {
  const KB = 1024;

  it('packs neighbouring partitions into runs of at least 1 MB', () => {
    expect(runRanges({ start: 0, end: 6 }, Array(6).fill(400 * KB))).toEqual([
      { start: 0, end: 3 },
      { start: 3, end: 6 },
    ]);
    // A large partition runs alone; the small ones after it together.
    expect(runRanges({ start: 0, end: 3 }, [1200 * KB, 10 * KB, 10 * KB])).toEqual([
      { start: 0, end: 1 },
      { start: 1, end: 3 },
    ]);
    // Within a range that starts later.
    expect(runRanges({ start: 2, end: 5 }, [0, 0, 1200 * KB, 1200 * KB, 1])).toEqual([
      { start: 2, end: 3 },
      { start: 3, end: 4 },
      { start: 4, end: 5 },
    ]);
  });

  it('runs a range of small partitions whole', () => {
    expect(runRanges({ start: 0, end: 6 }, Array(6).fill(40 * KB))).toEqual([{ start: 0, end: 6 }]);
  });
});
