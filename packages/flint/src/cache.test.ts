// cache()/persist()/unpersist(), CACHE [LAZY] TABLE, UNCACHE TABLE and CLEAR CACHE: cached partitions are
// computed once, reused by later actions (the source is not read again) and keep their partitioning.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { col, count, max, sparkPartitionId, sum } from './functions.js';
import { SparkSession } from './session/spark-session.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A CSV file of `n` rows (id, id % 3) in a fresh folder; returns the file path. */
function csvFile(n: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'flint-cache-'));
  dirs.push(dir);
  const path = join(dir, 'data.csv');
  const lines = ['id,k'];
  for (let i = 0; i < n; i++) lines.push(`${i},${i % 3}`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const spark = SparkSession.builder().master('local[1]').getOrCreate();
const read = (path: string) => spark.read.option('header', 'true').option('inferSchema', 'true').csv(path);

/** A view `name` over a cached CSV of `n` rows (id, id % 3) whose file is then deleted. */
async function cachedViewWithoutFile(name: string, n: number): Promise<void> {
  const path = csvFile(n);
  const df = (await read(path)).cache();
  expect(await df.count()).toBe(n);
  df.createOrReplaceTempView(name);
  rmSync(path);
}

describe('cache', () => {
  it('reads the source once: two actions on a cached DataFrame work after the file is gone', async () => {
    const path = csvFile(100);
    const df = (await read(path)).filter(col('k').eq(1)).cache();
    expect(df.isCached).toBe(true);
    expect(await df.count()).toBe(33);
    rmSync(path);
    expect(await df.count()).toBe(33);
    const byKey = await df.groupBy('k').agg(count('*').alias('n')).collect();
    expect(byKey.map((r) => [r.get('k'), r.get('n')])).toEqual([[1, 33n]]);
  });

  it('serves subqueries in expressions too: a scalar subquery reads the cache, not the file', async () => {
    await cachedViewWithoutFile('cached_rows', 30);
    // The scalar subquery is evaluated before the plan runs, as a plan of its own.
    const rows = await (
      await spark.sql(
        'SELECT count(*) AS n FROM cached_rows WHERE id > (SELECT avg(id) FROM cached_rows WHERE k = 1)',
      )
    ).collect();
    // avg of 1, 4, ..., 28 is 14.5: ids 15..29.
    expect(rows.map((r) => r.get('n'))).toEqual([15n]);
  });

  it('serves correlated subqueries (rewritten to joins) and EXISTS / IN from the cache as well', async () => {
    await cachedViewWithoutFile('cached_corr', 30);
    const one = async (text: string): Promise<unknown> =>
      (await (await spark.sql(text)).collect())[0]!.get('n');
    // Rows above their key's average: each key holds 10 ids, so 5 per key.
    expect(
      await one(
        'SELECT count(*) AS n FROM cached_corr o WHERE id > (SELECT avg(id) FROM cached_corr i WHERE i.k = o.k)',
      ),
    ).toBe(15n);
    // Ids whose successor is in the table: all but 29.
    expect(
      await one(
        'SELECT count(*) AS n FROM cached_corr o WHERE EXISTS (SELECT 1 FROM cached_corr i WHERE i.id = o.id + 1)',
      ),
    ).toBe(29n);
    expect(
      await one('SELECT count(*) AS n FROM cached_corr WHERE id IN (SELECT id * 2 FROM cached_corr)'),
    ).toBe(15n);
  });

  it('is lazy: nothing is computed until an action, and unpersist() reads the source again', async () => {
    const path = csvFile(10);
    const df = (await read(path)).cache();
    rmSync(path);
    // cache() alone computed nothing, so the first action finds the file missing.
    await expect(df.count()).rejects.toThrow();
    writeFileSync(path, 'id,k\n1,1\n2,2\n');
    expect(await df.count()).toBe(2);
    writeFileSync(path, 'id,k\n1,1\n');
    expect(await df.count()).toBe(2);
    df.unpersist();
    expect(df.isCached).toBe(false);
    expect(await df.count()).toBe(1);
  });

  it('keeps the partitions of the cached plan', async () => {
    const df = spark.range(0, 1000).repartition(4).cache();
    const first = await df.groupBy(sparkPartitionId().alias('p')).agg(count('*').alias('n')).collect();
    const again = await df.groupBy(sparkPartitionId().alias('p')).agg(count('*').alias('n')).collect();
    const sizes = (rows: typeof first) => rows.map((r) => Number(r.get('n'))).sort((a, b) => a - b);
    expect(first).toHaveLength(4);
    expect(sizes(first).reduce((a, b) => a + b, 0)).toBe(1000);
    expect(sizes(again)).toEqual(sizes(first));
  });

  it("cuts a cached file scan's uneven splits into equal ones, rows in order; a repartition by key stays", async () => {
    // Two files, each a split of its own: 90 rows and 10.
    const dir = mkdtempSync(join(tmpdir(), 'flint-cache-'));
    dirs.push(dir);
    const rowsFrom = (from: number, n: number) =>
      ['id,k', ...Array.from({ length: n }, (_, i) => `${from + i},${(from + i) % 3}`)].join('\n') + '\n';
    writeFileSync(join(dir, 'a.csv'), rowsFrom(0, 90));
    writeFileSync(join(dir, 'b.csv'), rowsFrom(90, 10));
    const s = SparkSession.builder().master('local[1]').getOrCreate().newSession();
    s.conf.set('spark.sql.files.maxPartitionBytes', '1m');
    s.conf.set('spark.sql.files.openCostInBytes', '1m');
    const df = await s.read.option('header', 'true').option('inferSchema', 'true').csv(dir);
    const perPartition = async (d: typeof df) =>
      (await d.groupBy(sparkPartitionId().alias('p')).agg(count('*').alias('n')).orderBy('p').collect()).map(
        (r) => Number(r.get('n')),
      );
    expect(await perPartition(df)).toEqual([90, 10]);
    const cached = df.cache();
    expect(await perPartition(cached)).toEqual([50, 50]);
    const ids = (await cached.collect()).map((r) => Number(r.get('id')));
    expect(ids).toEqual(Array.from({ length: 100 }, (_, i) => i));
    // Partitions made by key mean something: each key stays in one partition.
    const byKey = df.repartition(2, col('k')).cache();
    const partitionsOfKey = await byKey.select(col('k'), sparkPartitionId().alias('p')).distinct().count();
    expect(await byKey.select(col('k')).distinct().count()).toBe(3);
    expect(partitionsOfKey).toBe(3);
  });

  it('CACHE TABLE is eager, CACHE LAZY TABLE is not, UNCACHE and CLEAR CACHE drop the data', async () => {
    const eager = csvFile(30);
    (await read(eager)).createOrReplaceTempView('cached_eager');
    await spark.sql('CACHE TABLE cached_eager');
    expect(spark.catalog.isCached('cached_eager')).toBe(true);
    rmSync(eager);
    const rows = await (await spark.sql('SELECT count(*) AS n FROM cached_eager WHERE k = 0')).collect();
    expect(rows[0]!.get('n')).toBe(10n);

    const lazy = csvFile(30);
    (await read(lazy)).createOrReplaceTempView('cached_lazy');
    await spark.sql('CACHE LAZY TABLE cached_lazy');
    rmSync(lazy);
    await expect((await spark.sql('SELECT count(*) FROM cached_lazy')).collect()).rejects.toThrow();

    await spark.sql('CLEAR CACHE');
    expect(spark.catalog.isCached('cached_eager')).toBe(false);
    await expect((await spark.sql('SELECT count(*) FROM cached_eager')).collect()).rejects.toThrow();
  });

  it('CACHE TABLE ... AS SELECT caches the query under the name', async () => {
    await spark.sql('CACHE TABLE evens AS SELECT id FROM range(10) WHERE id % 2 = 0');
    expect(spark.catalog.isCached('evens')).toBe(true);
    const rows = await (await spark.sql('SELECT sum(id) AS s FROM evens')).collect();
    expect(rows[0]!.get('s')).toBe(20n);
    await spark.sql('UNCACHE TABLE evens');
    expect(spark.catalog.isCached('evens')).toBe(false);
  });

  it('groups, filters and joins a cached column of few strings (kept as a dictionary) as the source', async () => {
    const rows = Array.from({ length: 4000 }, (_, i) => ({
      id: i,
      flag: i % 11 === 0 ? null : ['R', 'A', 'N'][i % 3]!,
      status: ['O', 'F'][(i >> 2) % 2]!,
      v: i % 100,
    }));
    const names = [
      { flag: 'R', name: 'returned' },
      { flag: 'A', name: 'accepted' },
    ];
    for (const master of ['local[1]', 'local[2]']) {
      const session = spark.newSession();
      session.conf.set('spark.master', master);
      session.conf.set('spark.flint.scheduler.driverStageMaxBytes', '0');
      const source = session.createDataFrame(rows).repartition(3);
      const cached = session.createDataFrame(rows).repartition(3).cache();
      expect(await cached.count()).toBe(rows.length);
      const dim = session.createDataFrame(names);
      const queries = (df: typeof source) => [
        df
          .groupBy('flag', 'status')
          .agg(count('*').alias('n'), sum('v').alias('s'))
          .orderBy('flag', 'status'),
        df
          .filter(col('v').gt(30))
          .groupBy('status')
          .agg(count('flag').alias('n'), max('flag').alias('m'))
          .orderBy('status'),
        df.join(dim, 'flag').groupBy('name').agg(count('*').alias('n')).orderBy('name'),
        df.select('flag').distinct().orderBy('flag'),
      ];
      const expected = await Promise.all(
        queries(source).map(async (q) => (await q.collect()).map((r) => r.toArray())),
      );
      const got = await Promise.all(
        queries(cached).map(async (q) => (await q.collect()).map((r) => r.toArray())),
      );
      expect(got).toEqual(expected);
      // NULL is its own group: 3 flags and NULL, twice (two statuses).
      expect(expected[0]!.length).toBe(8);
    }
  });

  it('serves cached partitions to worker threads as shared blocks, read again by later queries', async () => {
    const pooled = spark.newSession();
    pooled.conf.set('spark.master', 'local[2]');
    // Every stage on the pool, however small.
    pooled.conf.set('spark.flint.scheduler.driverStageMaxBytes', '0');
    const executors = new Set<string>();
    pooled.addListener({ onTaskEnd: (e) => void executors.add(e.taskInfo.executorId) });
    const rows = Array.from({ length: 3000 }, (_, i) => ({ id: i, name: `n${i % 7}`, v: i / 4 }));
    const df = pooled.createDataFrame(rows).repartition(3).cache();
    const query = () =>
      df
        .groupBy('name')
        .agg(count('*').alias('n'), sum('v').alias('s'), max('id').alias('m'))
        .orderBy('name')
        .collect();
    const first = await query();
    const again = await query();
    const expected = Array.from({ length: 7 }, (_, k) => {
      const ids = rows.filter((r) => r.id % 7 === k).map((r) => r.id);
      return [`n${k}`, BigInt(ids.length), ids.reduce((a, b) => a + b / 4, 0), BigInt(Math.max(...ids))];
    });
    const plain = (rs: typeof first) => rs.map((r) => [r.get('name'), r.get('n'), r.get('s'), r.get('m')]);
    expect(plain(first)).toEqual(expected);
    expect(plain(again)).toEqual(expected);
    // Only the columns read travel: a second query over another column still sees the right values.
    const names = await df.select('name').distinct().orderBy('name').collect();
    expect(names.map((r) => r.get('name'))).toEqual(expected.map((e) => e[0]));
    expect([...executors].some((id) => id.startsWith('worker-'))).toBe(true);
  });
});
