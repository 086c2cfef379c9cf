// Runtime filters read from a shuffle the query writes anyway (exec's cluster/shuffle-runtime-filter.ts):
// a shuffle join's side is kept to the keys of the other side's filtered shuffle before it is shuffled.
// Answers must be those of the plan without the filter, NULL keys included, for every join type the
// filter applies to; the pruned side must shuffle fewer rows, and the others as many as before.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SparkSession } from './session/spark-session.js';

const SHUFFLE_FILTER = 'spark.flint.optimizer.shuffleRuntimeFilter.enabled';
// Workers, so that the filter's keys cross to the tasks that test them.
const spark = SparkSession.builder().master('local[2]').appName('shuffle-runtime-filter').getOrCreate();

beforeAll(async () => {
  // Shuffle joins only: both sides are shuffled on the key.
  spark.conf.set('spark.sql.autoBroadcastJoinThreshold', '-1');
  // fact: 20,000 rows, 40 per key 0..499 (ids 999, 1999, ... have a NULL key instead of 499).
  (
    await spark.sql(
      `SELECT CASE WHEN id % 1000 = 999 THEN NULL ELSE id % 500 END AS k, id AS v FROM range(20000)`,
    )
  ).createOrReplaceTempView('fact');
  // dim: keys 0..499 and a NULL key; tag 'x' on keys 7, 57, ..., 457 and on the NULL key.
  (
    await spark.sql(
      `SELECT id AS k, CASE WHEN id % 50 = 7 THEN 'x' ELSE 'y' END AS tag FROM range(500)
       UNION ALL SELECT CAST(NULL AS BIGINT), 'x'`,
    )
  ).createOrReplaceTempView('dim');
});

afterAll(async () => {
  spark.conf.unset(SHUFFLE_FILTER);
  spark.conf.unset('spark.sql.autoBroadcastJoinThreshold');
  await spark.stop();
});

interface Run {
  /** The answer's rows as sorted strings (the queries have no ORDER BY). */
  readonly rows: string[];
  /** Rows every task of the job wrote to shuffles. */
  readonly shuffled: number;
}

async function run(sql: string, filter: boolean): Promise<Run> {
  spark.conf.set(SHUFFLE_FILTER, String(filter));
  let shuffled = 0;
  const listener = {
    onTaskEnd: (e: { taskMetrics: { shuffleWriteRecords: number } | null }) => {
      shuffled += e.taskMetrics?.shuffleWriteRecords ?? 0;
    },
  };
  spark.addListener(listener);
  try {
    const rows = (await (await spark.sql(sql)).collect()).map((r) => JSON.stringify(Object.values(r), big));
    return { rows: rows.sort(), shuffled };
  } finally {
    spark.removeListener(listener);
  }
}

const big = (_k: string, v: unknown): unknown => (typeof v === 'bigint' ? String(v) : v);

/** The query with and without the filter: the same answer, and how many rows each shuffled. */
async function both(sql: string): Promise<{ on: Run; off: Run }> {
  const off = await run(sql, false);
  const on = await run(sql, true);
  expect(on.rows).toEqual(off.rows);
  return { on, off };
}

describe('runtime filters from shuffles', () => {
  it('keeps an inner join’s large side to the keys of the filtered side', async () => {
    const { on, off } = await both(
      `SELECT d.k, count(*) AS n FROM fact f JOIN dim d ON f.k = d.k WHERE d.tag = 'x' GROUP BY d.k`,
    );
    // Ten tagged keys, 40 fact rows each; the NULL-keyed dim row matches nothing.
    expect(on.rows).toEqual(
      [7, 57, 107, 157, 207, 257, 307, 357, 407, 457].map((k) => JSON.stringify([String(k), '40'])).sort(),
    );
    // Without the filter all 20,000 fact rows are shuffled; with it, the 400 that match.
    expect(off.shuffled).toBeGreaterThan(20_000);
    expect(on.shuffled).toBeLessThan(2_000);
  });

  it('filters the right side of semi and anti joins (EXISTS, NOT EXISTS with a condition)', async () => {
    const exists = await both(
      `SELECT d.k FROM dim d WHERE d.tag = 'x' AND EXISTS (SELECT 1 FROM fact f WHERE f.k = d.k AND f.v > 19000)`,
    );
    // Fact rows are v = k + 500 j (j < 40): each tagged key has v = k + 19000.
    expect(exists.on.rows).toHaveLength(10);
    expect(exists.on.shuffled).toBeLessThan(exists.off.shuffled / 5);
    const notExists = await both(
      `SELECT d.k FROM dim d WHERE d.tag = 'x' AND NOT EXISTS (SELECT 1 FROM fact f WHERE f.k = d.k AND f.v > 19500)`,
    );
    // Every tagged key has v = k + 19500 > 19500; the NULL key matches nothing, so it alone stays.
    expect(notExists.on.rows).toEqual([JSON.stringify([null])]);
    expect(notExists.on.shuffled).toBeLessThan(notExists.off.shuffled / 5);
  });

  it('filters the side an outer join drops unmatched rows of, and neither side of a full join', async () => {
    const left = await both(`SELECT d.k, f.v FROM dim d LEFT JOIN fact f ON d.k = f.k WHERE d.tag = 'x'`);
    // 400 matches and the NULL-keyed dim row with no match.
    expect(left.on.rows).toHaveLength(401);
    expect(left.on.shuffled).toBeLessThan(left.off.shuffled / 5);
    const right = await both(`SELECT f.v, d.k FROM fact f RIGHT JOIN dim d ON f.k = d.k WHERE d.tag = 'x'`);
    expect(right.on.rows).toHaveLength(401);
    expect(right.on.shuffled).toBeLessThan(right.off.shuffled / 5);
    const full = await both(
      `SELECT d.k, f.v FROM (SELECT * FROM dim WHERE tag = 'x') d FULL JOIN fact f ON d.k = f.k`,
    );
    // Every fact row (matched or not) and the unmatched NULL-keyed dim row.
    expect(full.on.rows).toHaveLength(20_001);
    expect(full.on.shuffled).toBe(full.off.shuffled);
  });

  it('filters by the groups a HAVING keeps, shuffling them once more', async () => {
    const { on, off } = await both(
      `SELECT f.k, f.v FROM fact f WHERE f.k IN (SELECT k FROM fact GROUP BY k HAVING sum(v) > 409800)`,
    );
    // sum(v) of key k is 40 k + 500 (0 + 1 + ... + 39) = 40 k + 390000: keys 496..498 pass (499 has
    // 20 rows), 40 rows each.
    expect(on.rows).toHaveLength(120);
    expect(new Set(on.rows.map((r) => JSON.parse(r)[0]))).toEqual(new Set(['496', '497', '498']));
    // The outer fact scan shuffles 120 rows instead of 20,000 (both shuffle the partial sums).
    expect(off.shuffled - on.shuffled).toBeGreaterThan(19_000);
  });

  it('filters below the deepest shuffle the key comes up from', async () => {
    // fact's rows are shuffled by v for the self-join before they are shuffled by k: dropping the
    // rows of other keys before the first shuffle shrinks both.
    const { on, off } = await both(
      `SELECT x.k, x.w FROM (SELECT f.k, g.v AS w FROM fact f JOIN fact g ON f.v = g.v) x
       JOIN dim d ON x.k = d.k WHERE d.tag = 'x'`,
    );
    expect(on.rows).toHaveLength(400);
    // Off: 20,000 rows twice by v and 20,000 by k; on: the 400 of the ten keys by v and by k (the
    // other side of the self-join is not filtered).
    expect(off.shuffled - on.shuffled).toBeGreaterThan(39_000);
  });

  it('leaves out a runtime filter of the same side and key whose keys the shuffle covers', async () => {
    // Cached scans, so that InjectRuntimeFilter keeps fact to dim's tagged keys by a broadcast of its
    // own; dim joined to pick on another column is shuffled by k for the join with fact, and that
    // shuffle's keys (tagged, and picked) are among those tagged keys.
    const views = {
      cfact: 'SELECT id % 500 AS k, id AS v FROM range(20000)',
      cdim: `SELECT id AS k, CASE WHEN id % 50 = 7 THEN 'x' ELSE 'y' END AS tag, id % 10 AS g FROM range(500)`,
      cpick: 'SELECT id AS g, id % 2 AS ok FROM range(10)',
    };
    for (const [name, sql] of Object.entries(views)) {
      const df = (await spark.sql(sql)).cache();
      expect(await df.count()).toBeGreaterThan(0);
      df.createOrReplaceTempView(name);
    }
    spark.conf.set('spark.sql.optimizer.runtime.bloomFilter.applicationSideScanSizeThreshold', '1');
    const broadcastTasks = { n: 0 };
    const listener = {
      onStageCompleted: (e: { stageInfo: { name: string; numTasks: number } }) => {
        if (e.stageInfo.name.includes('BroadcastExchange')) broadcastTasks.n += e.stageInfo.numTasks;
      },
    };
    spark.addListener(listener);
    try {
      const sql = `SELECT f.k, count(*) AS n FROM cfact f
        JOIN (SELECT d.k FROM cdim d JOIN cpick p ON d.g = p.g WHERE d.tag = 'x' AND p.ok = 1) s ON f.k = s.k
        GROUP BY f.k`;
      const off = await run(sql, false);
      const offTasks = broadcastTasks.n;
      broadcastTasks.n = 0;
      const on = await run(sql, true);
      expect(on.rows).toEqual(off.rows);
      // The ten tagged keys (all of g = 7, which is picked), 40 fact rows each.
      expect(on.rows).toEqual(
        [7, 57, 107, 157, 207, 257, 307, 357, 407, 457].map((k) => JSON.stringify([String(k), '40'])).sort(),
      );
      // With the shuffle's filter, InjectRuntimeFilter's filter of fact is left out: its broadcast of
      // dim's tagged keys runs no task (the shuffle's keys need none).
      expect(broadcastTasks.n).toBeLessThan(offTasks);
      expect(on.shuffled).toBeLessThan(off.shuffled);
    } finally {
      spark.removeListener(listener);
      spark.conf.unset('spark.sql.optimizer.runtime.bloomFilter.applicationSideScanSizeThreshold');
    }
  });

  it('leaves a join alone when the other side has no selective filter', async () => {
    const { on, off } = await both(`SELECT count(*) FROM dim d JOIN fact f ON d.k = f.k`);
    // All fact rows but the 20 with a NULL key.
    expect(on.rows).toEqual([JSON.stringify(['19980'])]);
    expect(on.shuffled).toBe(off.shuffled);
  });
});
