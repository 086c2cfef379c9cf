// Spark's partition coalescing: the target size from the settings, ranges packed up to it.
import { describe, expect, it } from 'vitest';
import { coalesceConf, coalescePartitions } from './coalesce-shuffle-partitions.js';

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
