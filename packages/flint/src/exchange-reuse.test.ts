// Spark's ReuseExchange (spark.sql.exchange.reuse), across a query's subqueries too: an exchange equal to
// one the query already ran reads that one's output instead of running its stages again. Answers must
// not change; a recursive CTE's iterations, alike in plan but not in rows, must not reuse each other.

import { afterAll, describe, expect, it } from 'vitest';
import { SparkSession } from './session/spark-session.js';

const REUSE = 'spark.sql.exchange.reuse';
const spark = SparkSession.builder().master('local[2]').appName('exchange-reuse').getOrCreate();

afterAll(async () => {
  spark.conf.unset(REUSE);
  await spark.stop();
});

/** The answer's rows as sorted strings, and how many map stages ran for them. */
async function run(sql: string, reuse: boolean): Promise<{ rows: string[]; mapStages: number }> {
  spark.conf.set(REUSE, String(reuse));
  let mapStages = 0;
  const listener = {
    onStageSubmitted: (e: { stageInfo: { name: string } }) => {
      if (e.stageInfo.name.startsWith('ShuffleMapStage')) mapStages++;
    },
  };
  spark.addListener(listener);
  try {
    const rows = (await (await spark.sql(sql)).collect()).map((r) =>
      JSON.stringify(Object.values(r), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
    );
    return { rows: rows.sort(), mapStages };
  } finally {
    spark.removeListener(listener);
  }
}

describe('exchange reuse', () => {
  it('runs a view shared by a scalar subquery and its query once', async () => {
    const sql = `WITH s AS (SELECT id % 100 AS k, sum(id) AS total FROM range(100000) GROUP BY id % 100)
      SELECT k, total FROM s WHERE total = (SELECT max(total) FROM s)`;
    const off = await run(sql, false);
    const on = await run(sql, true);
    // Key 99: 99 + 199 + ... + 99999 = 1000 * 99 + 100 * (0 + 1 + ... + 999) = 50049000.
    expect(on.rows).toEqual([JSON.stringify(['99', '50049000'])]);
    expect(on.rows).toEqual(off.rows);
    // The view's aggregation shuffle runs for the subquery only.
    expect(on.mapStages).toBeLessThan(off.mapStages);
  });

  it('reuses an exchange written twice in the query text, under other aliases', async () => {
    // The two aggregations differ only in where they stand in the text and in their aliases.
    const sql = `SELECT x.k, x.n, y.n AS m FROM
        (SELECT a.id % 10 AS k, count(*) AS n FROM range(1000) a WHERE a.id > 5 GROUP BY a.id % 10) x
      JOIN (SELECT b.id % 10 AS k, count(*) AS n FROM range(1000) b WHERE b.id > 5 GROUP BY b.id % 10) y
      ON x.k = y.k`;
    const off = await run(sql, false);
    const on = await run(sql, true);
    expect(on.rows).toEqual(off.rows);
    // Keys 0..5 lose ids 0..5 (99 rows each), 6..9 keep their 100.
    expect(on.rows).toContain(JSON.stringify(['0', '99', '99']));
    expect(on.rows).toContain(JSON.stringify(['9', '100', '100']));
    expect(on.mapStages).toBeLessThan(off.mapStages);
  });

  it('does not reuse a recursive CTE iteration for the next', async () => {
    // Each iteration shuffles the previous one's rows for a merge join, in the same plan each time.
    spark.conf.set('spark.sql.autoBroadcastJoinThreshold', '-1');
    try {
      const sql = `WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL
          SELECT r.n + 1 FROM r JOIN range(10) t ON r.n = t.id WHERE r.n < 5)
        SELECT n FROM r`;
      const on = await run(sql, true);
      expect(on.rows).toEqual([1, 2, 3, 4, 5].map((n) => JSON.stringify([n])));
    } finally {
      spark.conf.unset('spark.sql.autoBroadcastJoinThreshold');
    }
  });
});
