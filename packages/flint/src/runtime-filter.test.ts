// InjectRuntimeFilter: a large scan joined, through an aggregation, to a selectively filtered scan keeps
// only the rows whose key the filtered scan holds. Answers must not change; plans show where it applies.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhysicalPlan } from '@flint/planner';
import type { SessionCore } from './session/session-core.js';
import { SparkSession } from './session/spark-session.js';

const spark = SparkSession.builder().appName('runtime-filter').getOrCreate();
const dir = mkdtempSync(join(tmpdir(), 'flint-runtime-filter-'));
const ENABLED = 'spark.sql.optimizer.runtime.bloomFilter.enabled';
const APPLICATION_SIZE = 'spark.sql.optimizer.runtime.bloomFilter.applicationSideScanSizeThreshold';

afterAll(async () => {
  await spark.stop();
  rmSync(dir, { recursive: true, force: true });
});

beforeAll(async () => {
  // fact: 3000 rows over keys 0..99 (key 7 also has a NULL-key twin); dim: one row per key, brand
  // 'b1' on keys 3, 17 and 42 only.
  await (
    await spark.sql(
      `SELECT CASE WHEN id = 2999 THEN NULL ELSE id % 100 END AS k, id % 37 AS q, id AS v FROM range(3000)`,
    )
  ).write.parquet(`${dir}/fact`);
  await (
    await spark.sql(
      `SELECT id AS k, CASE WHEN id IN (3, 17, 42) THEN 'b1' ELSE 'b2' END AS brand FROM range(100)`,
    )
  ).write.parquet(`${dir}/dim`);
  (await spark.read.parquet(`${dir}/fact`)).createOrReplaceTempView('fact');
  (await spark.read.parquet(`${dir}/dim`)).createOrReplaceTempView('dim');
  // The test tables are tiny: every scan counts as large enough.
  spark.conf.set(APPLICATION_SIZE, '0');
});

async function rows(sql: string): Promise<unknown[][]> {
  return (await (await spark.sql(sql)).collect()).map((r) => Object.values(r));
}

async function optimizedPlan(sql: string): Promise<string> {
  const text = (await spark.sql(sql)).explainString(true);
  return text.slice(text.indexOf('== Optimized Logical Plan =='), text.indexOf('== Physical Plan =='));
}

/** The semi joins of the query's physical plan, with whether each may be skipped as a runtime filter. */
async function physicalSemiJoins(sql: string): Promise<(boolean | undefined)[]> {
  const df = await spark.sql(sql);
  const core = df.state as SessionCore;
  const found: (boolean | undefined)[] = [];
  const walk = (p: PhysicalPlan): void => {
    if (p.kind === 'HashJoin' && p.joinType === 'LeftSemi') found.push(p.runtimeFilter);
    for (const v of Object.values(p)) {
      if (v !== null && typeof v === 'object' && 'kind' in v) walk(v as PhysicalPlan);
      if (Array.isArray(v))
        for (const c of v) if (c !== null && typeof c === 'object' && 'kind' in c) walk(c as PhysicalPlan);
    }
  };
  walk(core.physicalPlan(core.optimize(df.plan)));
  return found;
}

/** The rows with the rule on, after checking they equal the rows with it off. */
async function sameAnswers(sql: string): Promise<unknown[][]> {
  spark.conf.set(ENABLED, 'false');
  const without = await rows(sql);
  spark.conf.set(ENABLED, 'true');
  const withFilter = await rows(sql);
  expect(withFilter).toEqual(without);
  return withFilter;
}

// TPC-H Q17's shape: the correlated average is an aggregate over all of fact, outer-joined by key.
// (Its `v >= 0`, true of every row, filters the subquery's copy of fact: over the unfiltered relation
// the query reads, the average would become a window over the query's rows instead,
// RewriteCorrelatedAggregateAsWindow.)
const q17Like = `SELECT sum(v) AS total, count(*) AS n FROM fact, dim
  WHERE dim.k = fact.k AND brand = 'b1' AND q < (SELECT avg(q) FROM fact f2 WHERE f2.k = dim.k AND f2.v >= 0)`;

describe('InjectRuntimeFilter', () => {
  it('filters the aggregated scan by the keys of the filtered scan, with the same answer', async () => {
    // Keys 3, 17, 42: 30 rows each, q = id % 37; avg per key and the rows below it, counted directly.
    let total = 0n;
    let n = 0n;
    for (const key of [3, 17, 42]) {
      const ids = Array.from({ length: 30 }, (_, i) => key + 100 * i);
      const avg = ids.reduce((s, id) => s + (id % 37), 0) / ids.length;
      for (const id of ids)
        if (id % 37 < avg) {
          total += BigInt(id);
          n++;
        }
    }
    expect(await sameAnswers(q17Like)).toEqual([[total, n]]);
    const plan = await optimizedPlan(q17Like);
    // The semi join sits under the aggregate, over the fact scan, against dim filtered by brand.
    expect(plan).toMatch(
      /Aggregate \[k#\d+\][\s\S]*Join LeftSemi, \(k#\d+ = k#\d+\)[\s\S]*Filter[^\n]*brand/,
    );
    // A broadcast semi join that execution may pass through when its build side is large.
    expect(await physicalSemiJoins(q17Like)).toEqual([true]);
  });

  it('follows the key through a projection and an outer join on the filtered side', async () => {
    const sql = `SELECT g.kk, g.c FROM dim
      JOIN (SELECT f.k AS kk, count(*) AS c FROM fact f LEFT JOIN dim d2 ON f.k = d2.k GROUP BY f.k) g
      ON g.kk = dim.k WHERE brand = 'b1' ORDER BY g.kk`;
    expect(await sameAnswers(sql)).toEqual([
      [3n, 30n],
      [17n, 30n],
      [42n, 30n],
    ]);
    expect(await optimizedPlan(sql)).toContain('Join LeftSemi');
  });

  it('leaves a LIMIT below the join alone: which rows it keeps must not change', async () => {
    const sql = `SELECT g.k, g.c FROM dim
      JOIN (SELECT k, count(*) AS c FROM (SELECT k FROM fact ORDER BY v LIMIT 250) GROUP BY k) g
      ON g.k = dim.k WHERE brand = 'b1' ORDER BY g.k`;
    expect(await sameAnswers(sql)).toEqual([
      [3n, 3n],
      [17n, 3n],
      [42n, 3n],
    ]);
    expect(await optimizedPlan(sql)).not.toContain('Join LeftSemi');
  });

  it('leaves the probe side of a broadcast join with no shuffle below alone, sizing sides by the columns read', async () => {
    // dim with eight more columns, of which the join reads none: their bytes do not count.
    await (
      await spark.sql(
        `SELECT id AS k, CASE WHEN id IN (3, 17) THEN 'b1' ELSE 'b2' END AS brand,
          id AS p1, id AS p2, id AS p3, id AS p4, id AS p5, id AS p6, id AS p7, id AS p8 FROM range(100)`,
      )
    ).write.parquet(`${dir}/dim_wide`);
    (await spark.read.parquet(`${dir}/dim_wide`)).createOrReplaceTempView('dim_wide');
    const bytes = readdirSync(`${dir}/dim_wide`)
      .filter((f) => f.endsWith('.parquet'))
      .reduce((n, f) => n + statSync(`${dir}/dim_wide/${f}`).size, 0);
    const sql = `SELECT sum(f.v) AS s, count(*) AS n FROM fact f JOIN dim_wide d ON f.k = d.k WHERE d.brand = 'b1'`;
    // Keys 3 and 17: ids k + 100i, i < 30.
    const want = [[BigInt(2 * 30 * 10 + 100 * 29 * 30), 60n]];
    // Half the files: the columns read fit (all ten would not): a broadcast join, which drops the
    // rows itself, with no shuffle below it: no filter.
    spark.conf.set('spark.sql.autoBroadcastJoinThreshold', String(Math.floor(bytes / 2)));
    try {
      expect(await sameAnswers(sql)).toEqual(want);
      expect(await optimizedPlan(sql)).not.toContain('Join LeftSemi');
      // With an aggregation below the join, the filter thins the rows before its shuffle.
      const aggregated = `SELECT sum(g.s) AS s, sum(g.n) AS n
        FROM (SELECT k, sum(v) AS s, count(*) AS n FROM fact GROUP BY k) g
        JOIN dim_wide d ON g.k = d.k WHERE d.brand = 'b1'`;
      expect(await sameAnswers(aggregated)).toEqual(want);
      expect(await optimizedPlan(aggregated)).toContain('Join LeftSemi');
    } finally {
      spark.conf.unset('spark.sql.autoBroadcastJoinThreshold');
    }
  });

  it('needs a selective filter on the creation side, a large enough scan and the flag', async () => {
    const unfiltered = `SELECT g.k, g.c FROM dim JOIN (SELECT k, count(*) AS c FROM fact GROUP BY k) g
      ON g.k = dim.k WHERE dim.k IS NOT NULL ORDER BY g.k LIMIT 2`;
    expect(await sameAnswers(unfiltered)).toEqual([
      [0n, 30n],
      [1n, 30n],
    ]);
    expect(await optimizedPlan(unfiltered)).not.toContain('Join LeftSemi');

    spark.conf.set(APPLICATION_SIZE, '10MB');
    expect(await optimizedPlan(q17Like)).not.toContain('Join LeftSemi');
    spark.conf.set(APPLICATION_SIZE, '0');

    spark.conf.set(ENABLED, 'false');
    expect(await optimizedPlan(q17Like)).not.toContain('Join LeftSemi');
    spark.conf.set(ENABLED, 'true');
  });

  it('is broadcast whatever the broadcast threshold, as a Bloom filter is sent to every task', async () => {
    spark.conf.set('spark.sql.autoBroadcastJoinThreshold', '-1');
    try {
      expect(await sameAnswers(q17Like)).toHaveLength(1);
      const semiJoins = await physicalSemiJoins(q17Like);
      expect(semiJoins.length).toBeGreaterThan(0);
      expect(semiJoins.every((runtimeFilter) => runtimeFilter === true)).toBe(true);
      spark.conf.set('spark.sql.optimizer.runtime.bloomFilter.creationSideThreshold', '1');
      expect(await physicalSemiJoins(q17Like)).toEqual([]);
    } finally {
      spark.conf.unset('spark.sql.autoBroadcastJoinThreshold');
      spark.conf.unset('spark.sql.optimizer.runtime.bloomFilter.creationSideThreshold');
    }
  });

  it('is not built from a side estimated at half the filtered scan or more', async () => {
    // fact (3000 rows, filtered by q) would be the creation side of a filter on dim's 100 rows.
    const sql = `SELECT g.k, g.c FROM fact JOIN (SELECT k, count(*) AS c FROM dim GROUP BY k) g
      ON g.k = fact.k WHERE fact.q = 3 ORDER BY g.k LIMIT 2`;
    // fact's ids with id % 37 = 3, by their key id % 100 (each key has one dim row).
    const keys = Array.from({ length: 2999 }, (_, id) => id)
      .filter((id) => id % 37 === 3)
      .map((id) => BigInt(id % 100))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(await sameAnswers(sql)).toEqual(keys.slice(0, 2).map((k) => [k, 1n]));
    expect(await optimizedPlan(sql)).not.toContain('Join LeftSemi');
  });

  it('is built from a dimension PushSelectiveJoinDown joined to a relation', async () => {
    // sup: keys 0..99 in nations k % 10; nat: nations 0..9, one named n3. The nation's join moves
    // down to sup, and sup joined to one nation (keys 3, 13, ..., 93) filters the aggregated fact.
    for (const [name, query] of [
      ['sup', 'SELECT id AS k, id % 10 AS nk FROM range(100)'],
      ['nat', `SELECT id AS nk, concat('n', id) AS name FROM range(10)`],
    ] as const) {
      await (await spark.sql(query)).write.parquet(`${dir}/${name}`);
      (await spark.read.parquet(`${dir}/${name}`)).createOrReplaceTempView(name);
    }
    const sql = `SELECT sup.k, g.c FROM sup, (SELECT k, count(*) AS c FROM fact GROUP BY k) g, nat
      WHERE sup.k = g.k AND sup.nk = nat.nk AND nat.name = 'n3' ORDER BY sup.k`;
    expect(await sameAnswers(sql)).toEqual(Array.from({ length: 10 }, (_, i) => [BigInt(10 * i + 3), 30n]));
    expect(await optimizedPlan(sql)).toMatch(/Aggregate \[k#\d+\][\s\S]*Join LeftSemi, \(k#\d+ = k#\d+\)/);
  });
});
