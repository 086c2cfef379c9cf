// Pipeline 3 of ../shared/pipelines/README.md: working days and leave reports over Parquet tables, with
// a filter pushed into the scan, row_number() deduplication, a broadcast anti-join and a cached input
// used by two reports.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SparkSession, Window, broadcast, col, count, dayofweek, lit, row_number, year } from 'flint';
import { describe, expect, it } from 'vitest';

const Y = 2024;

async function writeInputs(spark: SparkSession, root: string): Promise<void> {
  const leave = await spark.sql(`
    SELECT emp_id, CAST(d AS DATE) AS date, status FROM VALUES
      ('E1', '2024-01-01', 'ACTIVE'),    -- a holiday
      ('E1', '2024-01-02', 'ACTIVE'),
      ('E1', '2024-01-02', 'ACTIVE'),    -- the same leave twice
      ('E1', '2024-01-06', 'ACTIVE'),    -- a Saturday
      ('E1', '2024-03-04', 'ACTIVE'),
      ('E1', '2024-12-02', 'ACTIVE'),
      ('E1', '2023-12-29', 'ACTIVE'),    -- another year
      ('E2', '2024-01-03', 'CANCELLED'),
      ('E2', '2024-07-04', 'ACTIVE'),    -- a holiday
      ('E2', '2024-07-05', 'ACTIVE'),
      ('E2', '2024-11-29', 'ACTIVE')
      AS t(emp_id, d, status)
    UNION ALL
    SELECT 'E3', d, 'ACTIVE' FROM (SELECT explode(sequence(DATE'2024-11-01', DATE'2024-12-31')) AS d)
    WHERE dayofweek(d) NOT IN (1, 7)`);
  await leave.write.parquet(join(root, 'employee_leave'));
  const calendar = await spark.sql(
    `SELECT CAST(d AS DATE) AS date, reason FROM VALUES ('2024-01-01', 'New Year'), ('2024-07-04', 'Independence Day') AS t(d, reason)`,
  );
  await calendar.write.parquet(join(root, 'leave_calendar'));
  const quota = await spark.sql(
    `SELECT * FROM VALUES ('E1', 3, 2024), ('E2', 5, 2024), ('E3', 50, 2024), ('E1', 10, 2023) AS t(emp_id, leave_quota, year)`,
  );
  await quota.write.parquet(join(root, 'leave_quota'));
}

function sorted(rows: unknown[][]): unknown[][] {
  return rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
}

describe('pipeline 3: working days and leave reports', () => {
  it('pushes the status filter into the scan, deduplicates, drops weekends and holidays, reuses the cache', async () => {
    const spark = SparkSession.builder().getOrCreate().newSession();
    const root = mkdtempSync(join(tmpdir(), 'flint-pipeline3-'));
    await writeInputs(spark, root);

    const holidays = await spark.read.parquet(join(root, 'leave_calendar'));
    const filtered = (await spark.read.parquet(join(root, 'employee_leave'))).filter(
      year(col('date')).equalTo(Y).and(col('status').equalTo('ACTIVE')),
    );
    // The status predicate reaches the Parquet scan (year(date) = Y cannot be pushed, it stays above).
    const plan = filtered.explainString();
    expect(plan).toMatch(/PushedFilters: \[[^\]]*EqualTo\(status,ACTIVE\)/);
    expect(plan).toMatch(/Filter .*year\(date#\d+\) = 2024/);

    const byDay = Window.partitionBy('emp_id', 'date').orderBy(col('status'));
    const leaves = filtered
      .withColumn('rn', row_number().over(byDay))
      .filter(col('rn').equalTo(1))
      .drop('rn')
      .filter(dayofweek(col('date')).isin(1, 7).not())
      .join(broadcast(holidays), 'date', 'left_anti')
      .cache();

    const quota = (await spark.read.parquet(join(root, 'leave_quota'))).filter(col('year').equalTo(Y));
    const taken = leaves.groupBy('emp_id').agg(count(lit(1)).alias('taken'));
    const report = taken
      .join(quota, 'emp_id')
      .select(
        col('emp_id'),
        col('taken'),
        col('leave_quota'),
        col('taken').gt(col('leave_quota').multiply(0.8)).alias('above_80_percent'),
      );
    expect(sorted((await report.collect()).map((r) => r.toArray()))).toEqual([
      ['E1', 3n, 3, true],
      ['E2', 2n, 5, false],
      ['E3', 43n, 50, true],
    ]);

    // The cached leaves are not read again: the second report works with the source files gone.
    rmSync(join(root, 'employee_leave'), { recursive: true });

    const workingDays = await spark.sql(`
      SELECT count(*) AS n FROM (SELECT explode(sequence(DATE'2024-01-01', DATE'2024-12-31')) AS date)
      WHERE dayofweek(date) NOT IN (1, 7)
        AND date NOT IN (DATE'2024-01-01', DATE'2024-07-04')`);
    const days = Number((await workingDays.collect())[0]!.get(0));
    expect(days).toBe(260);
    const upcoming = leaves
      .filter(col('date').gt(lit('2024-06-30').cast('date')))
      .groupBy('emp_id')
      .agg(count(lit(1)).alias('upcoming'))
      .select(
        col('emp_id'),
        col('upcoming'),
        col('upcoming')
          .gt(days * 0.08)
          .alias('above_8_percent'),
      );
    expect(sorted((await upcoming.collect()).map((r) => r.toArray()))).toEqual([
      ['E1', 1n, false],
      ['E2', 2n, false],
      ['E3', 43n, true],
    ]);
  });
});
