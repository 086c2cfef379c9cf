// Pipeline 2 of ../shared/pipelines/README.md: slowly changing history of employee roles (SCD type 2)
// over a silver Parquet table, with the worked case of the README.

import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SparkSession,
  Window,
  col,
  from_unixtime,
  lit,
  min,
  row_number,
  to_date,
  when,
  type DataFrame,
} from 'flint';
import { describe, expect, it } from 'vitest';

const COLUMNS = ['emp_id', 'designation', 'start_date', 'end_date', 'salary', 'status'];

async function processRaw(spark: SparkSession, rawPath: string): Promise<DataFrame> {
  const raw = await spark.read
    .schema('emp_id STRING, designation STRING, start_date STRING, end_date STRING, salary STRING')
    .csv(rawPath);
  const typed = raw
    .withColumn('start_date', to_date(from_unixtime(col('start_date').cast('long'))))
    .withColumn('end_date', to_date(from_unixtime(col('end_date').cast('long'))))
    .withColumn('salary', col('salary').cast('double'));
  const w = Window.partitionBy('emp_id', 'start_date', 'end_date').orderBy(col('salary').desc());
  return typed
    .withColumn('rn', row_number().over(w))
    .filter(col('rn').equalTo(1))
    .drop('rn')
    .withColumn('status', when(col('end_date').isNull(), 'ACTIVE').otherwise('INACTIVE'))
    .select(...COLUMNS);
}

/** One run of the job: merges the raw file into the silver table at `silverPath`. */
async function runJob(spark: SparkSession, rawPath: string, silverPath: string): Promise<void> {
  const processed = await processRaw(spark, rawPath);
  if (!existsSync(silverPath)) {
    await processed.write.parquet(silverPath);
    return;
  }
  const silver = await spark.read.parquet(silverPath);
  const active = silver.filter(col('status').equalTo('ACTIVE'));
  const inactive = silver.filter(col('status').equalTo('INACTIVE'));
  const continuity = processed.groupBy('emp_id').agg(min('start_date').alias('new_start_date'));
  const updatedOld = active
    .alias('old')
    .join(continuity.alias('new'), 'emp_id')
    .filter(col('new.new_start_date').geq(col('old.start_date')))
    .withColumn('end_date', col('new.new_start_date'))
    .withColumn('status', lit('INACTIVE'))
    .select('old.emp_id', 'old.designation', 'old.start_date', 'end_date', 'old.salary', 'status');
  const untouched = active.join(continuity.select('emp_id'), 'emp_id', 'left_anti');
  const newEmps = processed.join(silver.select('emp_id').distinct(), 'emp_id', 'left_anti');
  const final = inactive
    .union(updatedOld)
    .union(untouched.select(...COLUMNS))
    .union(processed)
    .union(newEmps.select(...COLUMNS))
    .dropDuplicates();
  // Overwriting the path the job reads is refused; the job writes aside and swaps folders.
  await expect(final.write.mode('overwrite').parquet(silverPath)).rejects.toMatchObject({
    errorClass: 'UNSUPPORTED_OVERWRITE.PATH',
  });
  const next = silverPath + '.next';
  await final.write.mode('overwrite').parquet(next);
  rmSync(silverPath, { recursive: true });
  renameSync(next, silverPath);
}

async function silverRows(spark: SparkSession, silverPath: string): Promise<string[]> {
  const rows = await (await spark.read.parquet(silverPath)).collect();
  return rows
    .map((r) =>
      r
        .toArray()
        .map((v) => (v === null ? 'NULL' : String(v)))
        .join(' '),
    )
    .sort();
}

function setUp(raw: string): { spark: SparkSession; root: string } {
  const spark = SparkSession.builder().getOrCreate().newSession();
  spark.conf.set('spark.sql.session.timeZone', 'UTC');
  const root = mkdtempSync(join(tmpdir(), 'flint-scd2-'));
  writeFileSync(join(root, 'raw.csv'), raw);
  return { spark, root };
}

const SILVER_BEFORE = `
  SELECT emp_id, designation, CAST(s AS DATE) AS start_date, CAST(e AS DATE) AS end_date, salary, status
  FROM VALUES
    ('E1', 'Engineer', '2023-01-01', NULL, 100.0D, 'ACTIVE'),
    ('E2', 'Analyst', '2022-01-01', '2023-01-01', 80.0D, 'INACTIVE'),
    ('E2', 'Sr Analyst', '2023-01-01', NULL, 90.0D, 'ACTIVE'),
    ('E3', 'Manager', '2023-06-01', NULL, 150.0D, 'ACTIVE')
  AS t(emp_id, designation, s, e, salary, status)`;

describe('pipeline 2: SCD type 2 history of roles', () => {
  it('the worked case: closes E1, keeps the highest salary, adds E4', async () => {
    const raw = 'E1,Sr Engineer,1704067200,,120\nE1,Sr Engineer,1704067200,,110\nE4,Intern,1706745600,,30\n';
    const { spark, root } = setUp(raw);
    const silverPath = join(root, 'silver');
    await (await spark.sql(SILVER_BEFORE)).write.parquet(silverPath);
    await runJob(spark, join(root, 'raw.csv'), silverPath);
    expect(await silverRows(spark, silverPath)).toEqual(
      [
        'E2 Analyst 2022-01-01 2023-01-01 80 INACTIVE',
        'E1 Engineer 2023-01-01 2024-01-01 100 INACTIVE',
        'E2 Sr Analyst 2023-01-01 NULL 90 ACTIVE',
        'E3 Manager 2023-06-01 NULL 150 ACTIVE',
        'E1 Sr Engineer 2024-01-01 NULL 120 ACTIVE',
        'E4 Intern 2024-02-01 NULL 30 ACTIVE',
      ].sort(),
    );
  });

  it('no silver yet: the processed rows become the silver table', async () => {
    const raw = 'E1,Sr Engineer,1704067200,,120\nE1,Sr Engineer,1704067200,,110\n';
    const { spark, root } = setUp(raw);
    const silverPath = join(root, 'silver');
    await runJob(spark, join(root, 'raw.csv'), silverPath);
    expect(await silverRows(spark, silverPath)).toEqual(['E1 Sr Engineer 2024-01-01 NULL 120 ACTIVE']);
  });

  it('a new row starting before the active one replaces it', async () => {
    const { spark, root } = setUp('E3,Director,1677628800,,200\n');
    const silverPath = join(root, 'silver');
    await (await spark.sql(SILVER_BEFORE)).write.parquet(silverPath);
    await runJob(spark, join(root, 'raw.csv'), silverPath);
    const rows = await silverRows(spark, silverPath);
    expect(rows.filter((r) => r.startsWith('E3'))).toEqual(['E3 Director 2023-03-01 NULL 200 ACTIVE']);
  });

  it('epoch seconds become dates in the session time zone', async () => {
    const { spark, root } = setUp('E1,Sr Engineer,1704067200,,120\n');
    spark.conf.set('spark.sql.session.timeZone', 'America/New_York');
    const processed = await processRaw(spark, join(root, 'raw.csv'));
    const [row] = await processed.collect();
    expect(row!.get('start_date')).toBe('2023-12-31');
  });
});
