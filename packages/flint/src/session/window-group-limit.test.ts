// Spark's WindowGroupLimit: a filter on the first k ranks of row_number / rank / dense_rank drops rows
// past rank k before the shuffle and again after it. The answers must equal those of the plain window.
import { afterAll, describe, expect, it } from 'vitest';
import { shutdownWorkerPools } from '@flint/exec';
import { SparkSession } from './spark-session.js';
import type { Row } from '../row.js';

const spark = SparkSession.builder()
  .appName('flint-window-group-limit')
  .config('spark.sql.shuffle.partitions', 5)
  .getOrCreate();
afterAll(async () => {
  spark.stop();
  await shutdownWorkerPools();
});

const sorted = (rs: Row[]): string[] =>
  rs
    .map((r) => JSON.stringify(r.toArray(), (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)))
    .sort();

// 3000 rows in 4 partitions (so batches and map tasks split groups), 37 groups (one NULL group),
// order values with many ties and some NULLs.
const data = `SELECT IF(id % 37 = 0, NULL, id % 37) AS g, IF(id % 11 = 0, NULL, (id * 7) % 13) AS v, id
  FROM range(0, 3000, 1, 4)`;

async function both(sql: string): Promise<{ limited: string[]; plain: string[]; plan: string }> {
  spark.conf.set('spark.sql.optimizer.windowGroupLimitThreshold', '1000');
  const plan = String((await (await spark.sql(`EXPLAIN ${sql}`)).collect())[0]!.get('plan'));
  const limited = sorted(await (await spark.sql(sql)).collect());
  spark.conf.set('spark.sql.optimizer.windowGroupLimitThreshold', '-1');
  const plain = sorted(await (await spark.sql(sql)).collect());
  spark.conf.unset('spark.sql.optimizer.windowGroupLimitThreshold');
  return { limited, plain, plan };
}

describe('WindowGroupLimit', () => {
  for (const master of ['local[1]', 'local[2]']) {
    for (const [fn, filter] of [
      ['rank', 'r <= 3'],
      ['dense_rank', 'r < 3'],
      ['rank', '1 = r'],
      ['dense_rank', '2 >= r'],
    ] as const) {
      it(`${fn} with ${filter} on ${master}: the same rows as the plain window, ties included`, async () => {
        spark.conf.set('spark.master', master);
        const sql = `SELECT g, v, id, r FROM (SELECT g, v, id, ${fn}() OVER (PARTITION BY g ORDER BY v DESC) AS r
          FROM (${data})) WHERE ${filter}`;
        const { limited, plain, plan } = await both(sql);
        expect(plan).toContain(`WindowGroupLimit [g#`);
        expect(plan).toMatch(new RegExp(`${fn}\\(\\), \\d, Partial`));
        expect(limited.length).toBeGreaterThan(37);
        expect(limited).toEqual(plain);
        spark.conf.unset('spark.master');
      });
    }
  }

  it('row_number keeps k rows per group whose order values are those of the plain window', async () => {
    // Ties make the chosen rows themselves free (as in Spark); their group and order values are not.
    const sql = `SELECT g, v, r FROM (SELECT g, v, row_number() OVER (PARTITION BY g ORDER BY v ASC NULLS LAST) AS r
      FROM (${data})) WHERE r <= 2`;
    const { limited, plain, plan } = await both(sql);
    expect(plan).toContain('row_number(), 2, Final');
    expect(limited).toHaveLength(37 * 2);
    expect(limited).toEqual(plain);
  });

  it('splits partitions of nested keys as the window does', async () => {
    const sql = `SELECT k, v, r FROM (SELECT k, v, rank() OVER (PARTITION BY k ORDER BY v) AS r
      FROM (SELECT array(g % 5, IF(g IS NULL, NULL, -0.0 * g)) AS k, v FROM (${data}))) WHERE r <= 2`;
    const { limited, plain, plan } = await both(sql);
    expect(plan).toContain('rank(), 2, Partial');
    expect(limited.length).toBeGreaterThan(6);
    expect(limited).toEqual(plain);
  });

  it('is not used past the threshold, without a partition, or beside other window functions', async () => {
    const explain = async (sql: string) =>
      String((await (await spark.sql(`EXPLAIN ${sql}`)).collect())[0]!.get('plan'));
    const over = (w: string, filter: string, extra = '') =>
      `SELECT * FROM (SELECT g, v, ${w} AS r${extra} FROM (${data})) WHERE ${filter}`;
    expect(await explain(over('rank() OVER (PARTITION BY g ORDER BY v)', 'r <= 1001'))).not.toContain(
      'WindowGroupLimit',
    );
    expect(await explain(over('rank() OVER (ORDER BY v)', 'r <= 3'))).not.toContain('WindowGroupLimit');
    expect(
      await explain(
        over(
          'rank() OVER (PARTITION BY g ORDER BY v)',
          'r <= 3',
          ', sum(v) OVER (PARTITION BY g ORDER BY v) AS s',
        ),
      ),
    ).not.toContain('WindowGroupLimit');
    expect(await explain(over('rank() OVER (PARTITION BY g ORDER BY v)', 'r > 3'))).not.toContain(
      'WindowGroupLimit',
    );
    expect(await explain(over('rank() OVER (PARTITION BY g ORDER BY v)', 'r <= 3'))).toContain(
      'WindowGroupLimit',
    );
  });
});
