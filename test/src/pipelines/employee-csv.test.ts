// Pipeline 1 of ../shared/pipelines/README.md: raw employee CSVs (bronze) cleaned into Parquet (silver).

import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SparkSession, col, type DataFrame } from 'flint';
import { describe, expect, it } from 'vitest';

function rawFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'flint-pipeline1-'));
  const raw = join(root, 'raw');
  mkdirSync(raw);
  writeFileSync(join(raw, 'a.csv'), 'emp_id,age,name\n1,34,Ann\n2,0,Bob\n3,-4,Cid\n4,29,\n');
  writeFileSync(join(raw, 'b.csv'), 'emp_id,age,name\n5,41,Eve\n5,41,Eve\n6,50,Fay\n6,51,Fay\n');
  writeFileSync(join(raw, 'notes.txt'), 'not a csv\n');
  return root;
}

async function bronzeToSingleFile(spark: SparkSession, root: string): Promise<string> {
  const raw = await spark.read.option('header', true).csv(join(root, 'raw', '*.csv'));
  const single = join(root, 'single');
  await raw.coalesce(1).write.mode('overwrite').option('header', true).csv(single);
  return single;
}

function clean(df: DataFrame): DataFrame {
  return df
    .select(col('emp_id').cast('string'), col('age').cast('int'), col('name').cast('string'))
    .dropna()
    .filter(col('age').gt(0))
    .dropDuplicates(['emp_id', 'age', 'name']);
}

async function sortedRows(df: DataFrame): Promise<unknown[][]> {
  const rows = (await df.collect()).map((r) => r.toArray());
  return rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe('pipeline 1: employee CSV cleanup', () => {
  it('reads all CSVs as strings, writes one file, cleans and appends to Parquet (twice)', async () => {
    const spark = SparkSession.builder().getOrCreate().newSession();
    const root = rawFolder();
    const single = await bronzeToSingleFile(spark, root);
    // coalesce(1): one part file plus _SUCCESS.
    const parts = readdirSync(single).filter((n) => n.startsWith('part-'));
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatch(/^part-00000-[0-9a-f-]{36}\.c000\.csv$/);
    expect(readdirSync(single)).toContain('_SUCCESS');

    const bronze = await spark.read.option('header', true).csv(single);
    expect(bronze.schema.fields.map((f) => [f.name, f.dataType.kind])).toEqual([
      ['emp_id', 'string'],
      ['age', 'string'],
      ['name', 'string'],
    ]);
    const silver = join(root, 'silver');
    await clean(bronze).write.mode('append').parquet(silver);
    const expected = [
      ['1', 34, 'Ann'],
      ['5', 41, 'Eve'],
      ['6', 50, 'Fay'],
      ['6', 51, 'Fay'],
    ];
    expect(await sortedRows(await spark.read.parquet(silver))).toEqual(expected);

    // Running the job again appends the same rows again.
    await clean(await spark.read.option('header', true).csv(single))
      .write.mode('append')
      .parquet(silver);
    const twice = await spark.read.parquet(silver);
    expect(await twice.count()).toBe(8);
    expect(await sortedRows(twice)).toEqual(
      [...expected, ...expected].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
  });

  it('an age that is not a number fails under ANSI, is dropped with ANSI off, and try_cast gives NULL', async () => {
    const spark = SparkSession.builder().getOrCreate().newSession();
    const root = mkdtempSync(join(tmpdir(), 'flint-pipeline1-bad-'));
    writeFileSync(join(root, 'e.csv'), 'emp_id,age,name\n1,34,Ann\n2,abc,Bob\n');
    const read = () => spark.read.option('header', true).csv(join(root, 'e.csv'));
    await expect(clean(await read()).collect()).rejects.toMatchObject({ errorClass: 'CAST_INVALID_INPUT' });

    const tried = (await read()).select(col('emp_id'), col('age').try_cast('int').alias('age'));
    expect(await sortedRows(tried)).toEqual([
      ['1', 34],
      ['2', null],
    ]);

    spark.conf.set('spark.sql.ansi.enabled', 'false');
    expect(await sortedRows(clean(await read()))).toEqual([['1', 34, 'Ann']]);
  });
});
