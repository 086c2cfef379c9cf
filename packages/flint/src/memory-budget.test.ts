// The per-query memory budget (spark.flint.query.maxMemory): a query whose blocking operators hold more
// fails with Spark's UNABLE_TO_ACQUIRE_MEMORY, on the calling thread and on worker threads, and the
// session keeps working.

import { FlintError } from '@flint/common';
import { shutdownWorkerPools } from '@flint/exec';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { col, count } from './functions.js';
import { SparkSession } from './session/spark-session.js';

const spark = SparkSession.builder().master('local[1]').getOrCreate().newSession();

afterEach(() => {
  spark.conf.unset('spark.flint.query.maxMemory');
});
// A failed query cancels its other tasks, and the pool replaces the workers it stopped; the test file
// must not end while a replacement is still loading (Node 20 aborts the process then).
afterAll(async () => {
  spark.stop();
  await shutdownWorkerPools();
});

/** 200,000 groups of one row: the aggregation table holds a few MB. */
const manyGroups = () => spark.range(0, 200_000, 1, 2).groupBy(col('id')).agg(count('*').alias('n')).count();

describe.each(['local[1]', 'local[2]'])('memory budget on %s', (master) => {
  it('fails a query over its budget with UNABLE_TO_ACQUIRE_MEMORY and runs the next one', async () => {
    spark.conf.set('spark.master', master);
    spark.conf.set('spark.flint.query.maxMemory', '1m');
    const err = await manyGroups().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FlintError);
    expect((err as FlintError).errorClass).toBe('UNABLE_TO_ACQUIRE_MEMORY');
    expect((err as FlintError).message).toMatch(/Unable to acquire \d+ bytes of memory, got \d+\./);
    // A small query fits in the same budget; without the limit the big one runs.
    expect(await spark.range(0, 100).groupBy(col('id').mod(3).alias('k')).count().count()).toBe(3);
    spark.conf.unset('spark.flint.query.maxMemory');
    expect(await manyGroups()).toBe(200_000);
  });

  it('counts sort buffers too', async () => {
    spark.conf.set('spark.master', master);
    spark.conf.set('spark.flint.query.maxMemory', '256k');
    const sorted = spark.range(0, 100_000, 1, 1).orderBy(col('id').desc());
    const err = await sorted.collect().catch((e: unknown) => e);
    expect((err as FlintError).errorClass).toBe('UNABLE_TO_ACQUIRE_MEMORY');
  });
});
