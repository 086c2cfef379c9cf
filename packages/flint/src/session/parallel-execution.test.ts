// The scheduler through the public API: the same answers on the calling thread (local[1]) and on the
// worker pool (local[2]), retries after a worker dies, user errors as they are, cancellation, listeners.
import { afterAll, describe, expect, it } from 'vitest';
import { FlintError } from '@flint/common';
import { shutdownWorkerPools, type SparkListener, type SparkListenerTaskEnd } from '@flint/exec';
import { SparkSession } from './spark-session.js';
import { col, count, expr, rand, spark_partition_id, sum } from '../functions.js';
import type { Row } from '../row.js';

const spark = SparkSession.builder()
  .appName('flint-parallel')
  .config('spark.sql.shuffle.partitions', 8)
  .getOrCreate();
afterAll(async () => {
  spark.stop();
  await shutdownWorkerPools();
});

const rows = (rs: Row[]): unknown[][] => rs.map((r) => r.toArray());
const sorted = (rs: Row[]): string[] =>
  rs
    .map((r) => JSON.stringify(r.toArray(), (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)))
    .sort();

async function onMaster<T>(master: string, run: () => Promise<T>): Promise<T> {
  const before = spark.conf.get('spark.master');
  spark.conf.set('spark.master', master);
  try {
    return await run();
  } finally {
    if (before === undefined) spark.conf.unset('spark.master');
    else spark.conf.set('spark.master', before);
  }
}

/** An aggregation over a join: a broadcast stage, a shuffle map stage and the result stage. */
function joinAggregate() {
  const a = spark.range(0, 200_000, 1, 4).select(col('id'), expr('id % 100').alias('k'));
  const b = spark.range(0, 100).select(col('id').alias('k2'), expr('id * 2').alias('v'));
  return a
    .join(b, a.col('k').eq(b.col('k2')))
    .groupBy('k')
    .agg(sum('v').alias('s'), count('id').alias('n'));
}

describe('local[1] and local[2] give the same answers', () => {
  it('aggregation over a join', async () => {
    const one = await onMaster('local[1]', () => joinAggregate().collect());
    const two = await onMaster('local[2]', () => joinAggregate().collect());
    expect(one).toHaveLength(100);
    expect(sorted(two)).toEqual(sorted(one));
    expect(one.find((r) => r.get('k') === 7n)?.get('n')).toBe(2000n);
  });

  it('median per group from partial buffers shuffled between workers', async () => {
    // v = (id * 37) % 1001 / 10 over 4 partitions, grouped by id % 97 (several groups a shuffle
    // partition): medians worked out here.
    const ids = Array.from({ length: 20_000 }, (_, i) => i);
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      const m = (s.length - 1) / 2;
      return (s[Math.floor(m)]! + s[Math.ceil(m)]!) / 2;
    };
    const values = (k: number) => ids.filter((i) => i % 97 === k).map((i) => ((i * 37) % 1001) / 10);
    const q = (distinct: boolean) =>
      spark
        .range(0, 20_000, 1, 4)
        .selectExpr('id % 97 AS k', '((id * 37) % 1001) / 10 AS v')
        .groupBy('k')
        .agg(expr(`median(${distinct ? 'DISTINCT ' : ''}v)`).alias('m'))
        .orderBy('k');
    for (const master of ['local[1]', 'local[2]']) {
      for (const distinct of [false, true]) {
        const got = rows(await onMaster(master, () => q(distinct).collect()));
        const want = Array.from({ length: 97 }, (_, k) => [
          BigInt(k),
          median(distinct ? [...new Set(values(k))] : values(k)),
        ]);
        expect(got).toEqual(want);
      }
    }
  });

  it('repartition(n, col) places rows by Murmur3 pmod n, the same on both', async () => {
    const q = () =>
      spark
        .range(0, 1000, 1, 3)
        .repartition(5, col('id'))
        .select(col('id'), spark_partition_id().alias('p'))
        .orderBy('id');
    const one = rows(await onMaster('local[1]', () => q().collect()));
    const two = rows(await onMaster('local[2]', () => q().collect()));
    expect(two).toEqual(one);
    // Spark: hash(0L) = -1670924195 (Murmur3 of a long, seed 42); pmod 5 = 0.
    expect(one[0]).toEqual([0n, ((-1670924195 % 5) + 5) % 5]);
  });

  it('a global sort over range-partitioned data is totally ordered, on both', async () => {
    const q = () =>
      spark.range(0, 50_000, 1, 4).select(expr('(id * 7919) % 50000').alias('x')).orderBy(col('x').desc());
    const two = await onMaster('local[2]', () => q().collect());
    expect(two).toHaveLength(50_000);
    expect(two[0]?.get('x')).toBe(49_999n);
    expect(two.every((r, i) => i === 0 || (r.get('x') as bigint) <= (two[i - 1]!.get('x') as bigint))).toBe(
      true,
    );
  });

  it('ORDER BY ... LIMIT takes the top rows of each partition in its own task, then the top of those', async () => {
    const q = () =>
      spark
        .range(0, 100_000, 1, 4)
        .select(col('id'), expr('(id * 7919) % 1000').alias('k'))
        .orderBy(col('k').desc(), col('id'))
        .offset(2)
        .limit(5)
        .collect();
    const want = Array.from({ length: 100_000 }, (_, i) => [BigInt(i), BigInt((i * 7919) % 1000)] as const)
      .sort((a, b) => Number(b[1] - a[1]) || Number(a[0] - b[0]))
      .slice(2, 7)
      .map((r) => [...r]);
    const tasksPerStage = new Map<number, number>();
    const listener: SparkListener = {
      onTaskEnd: (e) => void tasksPerStage.set(e.stageId, (tasksPerStage.get(e.stageId) ?? 0) + 1),
    };
    spark.addListener(listener);
    try {
      expect(rows(await onMaster('local[2]', q))).toEqual(want);
      // Four tasks for the partitions' top rows, one to merge them.
      expect([...tasksPerStage.values()]).toEqual([4, 1]);
      expect(rows(await onMaster('local[1]', q))).toEqual(want);
    } finally {
      spark.removeListener(listener);
    }
  });

  it('round robin repartition and coalesce keep every row', async () => {
    const q = () =>
      spark
        .range(0, 10_000, 1, 3)
        .repartition(4)
        .coalesce(2)
        .agg(count('id').alias('n'), sum('id').alias('s'));
    expect(rows(await onMaster('local[2]', () => q().collect()))).toEqual([[10_000n, 49_995_000n]]);
    const parts = await onMaster('local[2]', () =>
      spark.range(0, 10_000, 1, 3).repartition(4).groupBy(spark_partition_id().alias('p')).count().collect(),
    );
    expect(parts).toHaveLength(4);
    for (const r of parts) expect(Number(r.get('count'))).toBeGreaterThanOrEqual(2400);
  });
});

describe('failures', () => {
  it('a worker killed in the middle of a task is retried and the answer is unchanged', async () => {
    const expected = sorted(await onMaster('local[1]', () => joinAggregate().collect()));
    const ends: SparkListenerTaskEnd[] = [];
    const listener: SparkListener = { onTaskEnd: (e) => void ends.push(e) };
    spark.addListener(listener);
    spark.conf.set('spark.flint.test.killWorkerAtTask', '1:1');
    try {
      const got = await onMaster('local[2]', () => joinAggregate().collect());
      expect(sorted(got)).toEqual(expected);
    } finally {
      spark.conf.unset('spark.flint.test.killWorkerAtTask');
      spark.removeListener(listener);
    }
    const lost = ends.filter((e) => e.reason.kind === 'ExecutorLostFailure');
    expect(lost).toHaveLength(1);
    expect(lost[0]!.taskInfo.index).toBe(1);
    const retried = ends.find(
      (e) => e.stageId === lost[0]!.stageId && e.taskInfo.index === 1 && e.taskInfo.attemptNumber === 1,
    );
    expect(retried?.reason.kind).toBe('Success');
  });

  it('a user error in a worker is the same FlintError, raised at once without retries', async () => {
    const ends: SparkListenerTaskEnd[] = [];
    const listener: SparkListener = { onTaskEnd: (e) => void ends.push(e) };
    spark.addListener(listener);
    try {
      const q = spark.range(0, 1000, 1, 4).select(expr('10 / (id - 500)').alias('x'));
      const err = await onMaster('local[2]', () => q.collect()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FlintError);
      expect((err as FlintError).errorClass).toBe('DIVIDE_BY_ZERO');
      expect((err as FlintError).sqlState).toBe('22012');
      expect(ends.filter((e) => e.reason.kind === 'ExceptionFailure')).toHaveLength(1);
      expect(ends.every((e) => e.taskInfo.attemptNumber === 0)).toBe(true);
    } finally {
      spark.removeListener(listener);
    }
  });
});

describe('cancellation', () => {
  for (const master of ['local[1]', 'local[2]']) {
    it(`aborting a long query rejects within a second with AbortError (${master})`, async () => {
      await onMaster(master, async () => {
        const ac = new AbortController();
        const long = spark.range(0, 1e9, 1, 4).groupBy(expr('id % 1000')).count();
        const started = Date.now();
        setTimeout(() => ac.abort(), 300);
        const err = await long.collect({ signal: ac.signal }).catch((e: unknown) => e);
        expect((err as Error).name).toBe('AbortError');
        expect(Date.now() - started).toBeLessThan(1300);
        // The session and the pool stay usable.
        const again = await spark.range(0, 1000, 1, 4).agg(sum('id').alias('s')).collect();
        expect(rows(again)).toEqual([[499_500n]]);
      });
    });
  }
});

describe('adaptive execution', () => {
  const tasksOfLastStage = async (run: () => Promise<unknown>): Promise<number> => {
    const perStage = new Map<number, number>();
    const listener: SparkListener = {
      onTaskEnd: (e) => void perStage.set(e.stageId, (perStage.get(e.stageId) ?? 0) + 1),
    };
    spark.addListener(listener);
    try {
      await run();
    } finally {
      spark.removeListener(listener);
    }
    return perStage.get(Math.max(...perStage.keys()))!;
  };
  const grouped = () => spark.range(0, 10_000, 1, 2).groupBy(expr('id % 10').alias('k')).count();

  for (const master of ['local[1]', 'local[2]']) {
    it(`coalesces small shuffle partitions unless turned off, and keeps a repartition's count (${master})`, async () => {
      await onMaster(master, async () => {
        const want = sorted(await grouped().collect());
        expect(
          await tasksOfLastStage(async () => expect(sorted(await grouped().collect())).toEqual(want)),
        ).toBe(1);
        spark.conf.set('spark.sql.adaptive.enabled', 'false');
        try {
          expect(
            await tasksOfLastStage(async () => expect(sorted(await grouped().collect())).toEqual(want)),
          ).toBe(8);
        } finally {
          spark.conf.unset('spark.sql.adaptive.enabled');
        }
        // repartition(n) is the user's count: five partitions, even nearly empty ones.
        const parts = await spark
          .range(0, 20, 1, 2)
          .repartition(5, col('id'))
          .select(spark_partition_id().alias('p'))
          .distinct()
          .collect();
        expect(parts).toHaveLength(5);
      });
    });

    it(`runs a coalesced task once per shuffle partition with rows, random sequences continuing (${master})`, async () => {
      await onMaster(master, async () => {
        // The final aggregation's batches per task of its stage (the last with one): one per run.
        const finalBatches = async (run: () => Promise<unknown>): Promise<number[]> => {
          const ends: SparkListenerTaskEnd[] = [];
          const listener: SparkListener = { onTaskEnd: (e) => void ends.push(e) };
          spark.addListener(listener);
          try {
            await run();
          } finally {
            spark.removeListener(listener);
          }
          const aggregates = ends.filter((e) =>
            e.taskMetrics!.operators.some((o) => o.name === 'HashAggregate'),
          );
          const last = Math.max(...aggregates.map((e) => e.stageId));
          return aggregates
            .filter((e) => e.stageId === last)
            .map((e) => e.taskMetrics!.operators.find((o) => o.name === 'HashAggregate')!.outputBatches);
        };
        // 400k keys over 8 shuffle partitions of about 1.6 MB each, coalesced into fewer tasks: each
        // partition is one run of its task.
        const wide = () => spark.range(0, 1_600_000, 1, 2).groupBy(expr('id % 400000').alias('k')).count();
        const runs = await finalBatches(async () => {
          const got = await wide().collect();
          expect(got).toHaveLength(400_000);
          expect(got.every((r) => r.get('count') === 4n)).toBe(true);
        });
        expect(runs.reduce((a, b) => a + b, 0)).toBe(8);
        expect(runs.length).toBeLessThan(8);
        // ORDER BY ... LIMIT: the top rows of each run, then the top of those.
        const top = await finalBatches(async () => {
          const got = await wide().orderBy(col('k').desc()).limit(3).collect();
          expect(got.map((r) => r.get('k'))).toEqual([399_999n, 399_998n, 399_997n]);
        });
        expect(top.reduce((a, b) => a + b, 0)).toBe(8);
        // A global sort over range partitions of mixed sizes (one key holds most rows) stays in order
        // across the runs.
        const skewed = await spark
          .range(0, 1_600_000, 1, 2)
          .select(expr('CASE WHEN id < 1200000 THEN 1000000 ELSE id END').alias('k'))
          .orderBy('k')
          .collect();
        const ks = skewed.map((r) => r.get('k') as bigint);
        expect(ks).toHaveLength(1_600_000);
        expect(ks.findIndex((k, i) => i > 0 && k < ks[i - 1]!)).toBe(-1);
        // Few keys: the range runs whole.
        expect(await finalBatches(() => grouped().collect())).toEqual([1]);
        // A seeded random sequence is the task's: restarted per shuffle partition, its values would repeat.
        const draws = await wide().select(rand(7).alias('r')).collect();
        expect(new Set(draws.map((r) => r.get('r'))).size).toBe(400_000);
      });
    });
  }
});

describe('listeners', () => {
  it('hear job, stage and task events in order, with record counts', async () => {
    const events: string[] = [];
    const ends: SparkListenerTaskEnd[] = [];
    const listener: SparkListener = {
      onJobStart: (e) => void events.push(`jobStart:${e.stageIds.length}`),
      onStageSubmitted: (e) => void events.push(`stageSubmitted:${e.stageInfo.stageId}`),
      onTaskStart: () => void events.push('taskStart'),
      onTaskEnd: (e) => {
        events.push('taskEnd');
        ends.push(e);
      },
      onStageCompleted: (e) => void events.push(`stageCompleted:${e.stageInfo.stageId}`),
      onJobEnd: (e) => void events.push(`jobEnd:${e.result}`),
    };
    const throwing: SparkListener = {
      onTaskEnd: () => {
        throw new Error('a listener bug');
      },
    };
    spark.addListener(listener);
    spark.addListener(throwing);
    try {
      for (const master of ['local[1]', 'local[2]']) {
        events.length = 0;
        ends.length = 0;
        const got = await onMaster(master, () =>
          spark.range(0, 10_000, 1, 2).groupBy(expr('id % 10').alias('k')).count().collect(),
        );
        expect(got).toHaveLength(10);
        expect(events[0]).toBe('jobStart:2');
        expect(events.at(-1)).toBe('jobEnd:JobSucceeded');
        const [mapId, resultId] = events
          .filter((e) => e.startsWith('stageSubmitted'))
          .map((e) => Number(e.split(':')[1]));
        expect(resultId).toBe(mapId! + 1);
        // Map stage: 2 tasks reading 5000 rows each, writing 10 partial groups each.
        const mapEnds = ends.filter((e) => e.stageId === mapId);
        expect(mapEnds).toHaveLength(2);
        for (const e of mapEnds) {
          expect(e.taskMetrics?.inputRecords).toBe(5000);
          expect(e.taskMetrics?.shuffleWriteRecords).toBe(10);
          expect(e.taskMetrics?.operators.some((o) => o.name === 'RangeExec' && o.outputRows === 5000)).toBe(
            true,
          );
        }
        // Result stage: the 8 shuffle partitions hold 20 partial rows, which adaptive execution
        // coalesces into one task (as Spark does); it reads them all and outputs 10.
        const resultEnds = ends.filter((e) => e.stageId === resultId);
        expect(resultEnds).toHaveLength(1);
        expect(resultEnds.reduce((s, e) => s + (e.taskMetrics?.shuffleReadRecords ?? 0), 0)).toBe(20);
        expect(resultEnds.reduce((s, e) => s + (e.taskMetrics?.outputRecords ?? 0), 0)).toBe(10);
        expect(events.indexOf(`stageCompleted:${mapId}`)).toBeLessThan(
          events.indexOf(`stageSubmitted:${resultId}`),
        );
      }
    } finally {
      spark.removeListener(listener);
      spark.removeListener(throwing);
    }
  });
});
