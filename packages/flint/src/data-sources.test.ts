// Reading and writing files through the DataFrame API and SQL, as a Spark user does.

import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { T } from '@flint/common';
import { describe, expect, it } from 'vitest';
import { SparkSession, col, input_file_name, spark_partition_id, unix_timestamp } from './index.js';

const spark = () => SparkSession.builder().getOrCreate().newSession();
const tmp = (name: string) => mkdtempSync(join(tmpdir(), `flint-ds-${name}-`));

async function rows(df: { collect(): Promise<{ toArray(): unknown[] }[]> }): Promise<unknown[][]> {
  return (await df.collect()).map((r) => r.toArray());
}

describe('DataFrameWriter', () => {
  it('save modes: errorifexists (default) fails, ignore keeps, append adds, overwrite replaces', async () => {
    const s = spark();
    const out = join(tmp('modes'), 'out');
    const one = await s.sql('SELECT 1 AS id');
    const two = await s.sql('SELECT 2 AS id');
    await one.write.parquet(out);
    await expect(two.write.parquet(out)).rejects.toMatchObject({ errorClass: 'PATH_ALREADY_EXISTS' });
    await two.write.mode('ignore').parquet(out);
    expect(await rows(await s.read.parquet(out))).toEqual([[1]]);
    await two.write.mode('append').parquet(out);
    expect((await rows(await s.read.parquet(out))).sort()).toEqual([[1], [2]]);
    await two.write.mode('overwrite').parquet(out);
    expect(await rows(await s.read.parquet(out))).toEqual([[2]]);
    expect(() => two.write.mode('sometimes')).toThrow(/INVALID_SAVE_MODE/);
  });

  it('writes a column selected twice to Parquet (one vector behind two columns)', async () => {
    const s = spark();
    const out = join(tmp('twice'), 'out');
    await (await s.sql('SELECT id AS a, id AS b FROM range(5)')).coalesce(1).write.parquet(out);
    expect(await rows(await s.sql(`SELECT a, b FROM parquet.\`${out}\` ORDER BY a`))).toEqual(
      [0, 1, 2, 3, 4].map((i) => [BigInt(i), BigInt(i)]),
    );
  });

  it('writes part files with the codec in the name and a _SUCCESS marker', async () => {
    const s = spark();
    const dir = tmp('names');
    const df = await s.sql('SELECT id, CAST(id AS STRING) AS s FROM range(10)');
    await df.coalesce(1).write.parquet(join(dir, 'p'));
    await df.coalesce(1).write.option('compression', 'zstd').parquet(join(dir, 'z'));
    await df.coalesce(1).write.csv(join(dir, 'c'));
    await df.coalesce(1).write.json(join(dir, 'j'));
    const names = (p: string) => readdirSync(join(dir, p)).sort();
    expect(names('p')[0]).toMatch(/^_SUCCESS$/);
    expect(names('p')[1]).toMatch(/^part-00000-[0-9a-f-]{36}\.c000\.snappy\.parquet$/);
    expect(names('z')[1]).toMatch(/\.c000\.zstd\.parquet$/);
    expect(names('c')[1]).toMatch(/\.c000\.csv$/);
    expect(names('j')[1]).toMatch(/\.c000\.json$/);
    const csv = readFileSync(join(dir, 'c', names('c')[1]!), 'utf8');
    expect(csv.split('\n').slice(0, 3)).toEqual(['0,0', '1,1', '2,2']);
    const json = readFileSync(join(dir, 'j', names('j')[1]!), 'utf8');
    expect(json.split('\n')[1]).toBe('{"id":1,"s":"1"}');
  });

  it('maxRecordsPerFile rolls over to new files', async () => {
    const s = spark();
    const out = join(tmp('max'), 'out');
    await (await s.sql('SELECT id FROM range(10)')).coalesce(1).write.option('maxRecordsPerFile', 4).csv(out);
    const parts = readdirSync(out).filter((n) => n.startsWith('part-'));
    expect(parts.map((n) => n.slice(-8)).sort()).toEqual(['c000.csv', 'c001.csv', 'c002.csv']);
    expect(await (await s.read.csv(out)).count()).toBe(10);
  });

  it('a write that fails midway leaves the previous data intact and nothing partial visible', async () => {
    const s = spark();
    const out = join(tmp('fail'), 'out');
    await (await s.sql("SELECT 'old' AS v")).write.csv(out);
    const before = readdirSync(out).sort();
    // The cast fails at run time (ANSI), after the job has started writing.
    const failing = await s.sql("SELECT CAST(v AS INT) AS v FROM VALUES ('1'), ('2'), ('x') AS t(v)");
    await expect(failing.write.mode('overwrite').csv(out)).rejects.toMatchObject({
      errorClass: 'CAST_INVALID_INPUT',
    });
    expect(readdirSync(out).sort()).toEqual(before);
    expect(await rows(await s.read.csv(out))).toEqual([['old']]);
    // No staging folder is left next to it either.
    expect(readdirSync(join(out, '..'))).toEqual(['out']);
  });

  it('refuses to overwrite a path the query reads', async () => {
    const s = spark();
    const out = join(tmp('self'), 'out');
    await (await s.sql('SELECT 1 AS id')).write.parquet(out);
    const df = await s.read.parquet(out);
    await expect(df.write.mode('overwrite').parquet(out)).rejects.toMatchObject({
      errorClass: 'UNSUPPORTED_OVERWRITE.PATH',
    });
    expect(await rows(await s.read.parquet(out))).toEqual([[1]]);
  });

  it('partitionBy writes key=value folders; a filter on the key reads only that folder', async () => {
    const s = spark();
    const out = join(tmp('part'), 'out');
    const df = await s.sql(
      'SELECT * FROM VALUES (1, 2023, 1), (2, 2024, 1), (3, 2024, 2), (4, NULL, 3) AS t(id, year, month)',
    );
    await df.write.partitionBy('year', 'month').parquet(out);
    expect(readdirSync(out).sort()).toEqual([
      '_SUCCESS',
      'year=2023',
      'year=2024',
      'year=__HIVE_DEFAULT_PARTITION__',
    ]);
    expect(readdirSync(join(out, 'year=2024')).sort()).toEqual(['month=1', 'month=2']);
    // A file no query for 2024 may open: reading it would fail.
    writeFileSync(join(out, 'year=2023', 'month=1', 'part-99999-broken.parquet'), 'not parquet');
    const all = await s.read.parquet(out);
    expect(all.schema.fields.map((f) => `${f.name}:${f.dataType.kind}`)).toEqual([
      'id:integer',
      'year:integer',
      'month:integer',
    ]);
    const y2024 = all.filter(col('year').equalTo(2024));
    expect(y2024.explainString()).toContain('PartitionFilters: [(year#');
    expect((await rows(y2024)).sort()).toEqual([
      [2, 2024, 1],
      [3, 2024, 2],
    ]);
    await expect(all.collect()).rejects.toMatchObject({
      errorClass: expect.stringMatching(/FAILED_READ_FILE/),
    });
    expect(await rows(all.filter(col('year').isNull()))).toEqual([[4, null, 3]]);
  });
});

describe('reading', () => {
  it('SQL on files, CREATE TEMPORARY VIEW USING and input_file_name()', async () => {
    const s = spark();
    const dir = tmp('sql');
    writeFileSync(join(dir, 'a.csv'), 'id,name\n1,x\n2,y\n');
    // Without the header option the columns are _c0, _c1 and the header line is data.
    await expect(s.sql(`SELECT name FROM csv.\`${join(dir, 'a.csv')}\``)).rejects.toMatchObject({
      errorClass: 'UNRESOLVED_COLUMN.WITH_SUGGESTION',
    });
    expect(await rows(await s.sql(`SELECT _c1 FROM csv.\`${join(dir, 'a.csv')}\` WHERE _c0 = '2'`))).toEqual([
      ['y'],
    ]);
    await s.sql(
      `CREATE TEMPORARY VIEW people USING csv OPTIONS (path '${join(dir, 'a.csv')}', header 'true', inferSchema 'true')`,
    );
    expect(await rows(await s.sql('SELECT id + 1, name FROM people ORDER BY id'))).toEqual([
      [2, 'x'],
      [3, 'y'],
    ]);
    const withFile = (await s.read.option('header', true).csv(dir)).select(input_file_name());
    expect(await rows(withFile)).toEqual([
      [`file://${join(dir, 'a.csv')}`],
      [`file://${join(dir, 'a.csv')}`],
    ]);
  });

  it('file columns read back nullable at every depth, as Spark reads them', async () => {
    const s = spark();
    const out = join(tmp('nullable'), 'out');
    await (
      await s.sql("SELECT named_struct('a', 1, 'b', array(1, 2)) AS s, map('k', 1) AS m")
    ).write.parquet(out);
    const back = await s.read.parquet(out);
    expect(back.schema.fields[0]!.dataType).toEqual(
      T.struct([T.field('a', T.int, true), T.field('b', T.array(T.int, true), true)]),
    );
    expect(back.schema.fields[1]!.dataType).toEqual(T.map(T.string, T.int, true));
    expect(back.schema.fields.every((f) => f.nullable)).toBe(true);
  });

  it('a missing path is PATH_NOT_FOUND; .schema() skips inference', async () => {
    const s = spark();
    const dir = tmp('missing');
    await expect(s.read.parquet(join(dir, 'nope'))).rejects.toMatchObject({ errorClass: 'PATH_NOT_FOUND' });
    writeFileSync(join(dir, 'a.json'), '{"a": 1, "b": "x"}\n{"a": 2}\n');
    const df = await s.read.schema('b STRING, a BIGINT').json(join(dir, 'a.json'));
    expect(await rows(df)).toEqual([
      ['x', 1n],
      [null, 2n],
    ]);
    expect(existsSync(join(dir, 'a.json'))).toBe(true);
  });

  it('JSON and CSV with broken lines under each mode', async () => {
    const s = spark();
    const dir = tmp('modes-read');
    writeFileSync(join(dir, 'a.json'), '{"a": 1, "b": "x"}\n{"a": 2, "b": \n{"a": 3, "b": "z"}\n');
    const permissive = await s.read.json(join(dir, 'a.json'));
    expect(permissive.schema.fields.map((f) => f.name)).toEqual(['_corrupt_record', 'a', 'b']);
    expect(await rows(permissive)).toEqual([
      [null, 1n, 'x'],
      ['{"a": 2, "b": ', null, null],
      [null, 3n, 'z'],
    ]);
    const dropped = await s.read.option('mode', 'DROPMALFORMED').json(join(dir, 'a.json'));
    expect(await rows(dropped)).toEqual([
      [1n, 'x'],
      [3n, 'z'],
    ]);
    const failFast = await s.read
      .schema('a BIGINT, b STRING')
      .option('mode', 'FAILFAST')
      .json(join(dir, 'a.json'));
    await expect(failFast.collect()).rejects.toThrow(/a\.json/);

    writeFileSync(join(dir, 'b.csv'), 'id,n\n1,10\n2,oops\n3,30\n');
    const schema = 'id INT, n INT, _corrupt_record STRING';
    const csv = await s.read.schema(schema).option('header', true).csv(join(dir, 'b.csv'));
    expect(await rows(csv)).toEqual([
      [1, 10, null],
      [2, null, '2,oops'],
      [3, 30, null],
    ]);
    const csvDropped = await s.read
      .schema('id INT, n INT')
      .options({ header: true, mode: 'DROPMALFORMED' })
      .csv(join(dir, 'b.csv'));
    expect(await rows(csvDropped)).toEqual([
      [1, 10],
      [3, 30],
    ]);
    const csvFail = await s.read
      .schema('id INT, n INT')
      .options({ header: true, mode: 'FAILFAST' })
      .csv(join(dir, 'b.csv'));
    await expect(csvFail.collect()).rejects.toThrow(/MALFORMED_RECORD_IN_PARSING|FAILED_READ_FILE/);
  });

  it('timestamps in CSV and JSON are read in the session time zone', async () => {
    const s = spark();
    s.conf.set('spark.sql.session.timeZone', 'America/New_York');
    const dir = tmp('tz');
    writeFileSync(join(dir, 'a.csv'), '2024-01-01 00:00:00\n');
    writeFileSync(join(dir, 'a.json'), '{"ts": "2024-01-01 00:00:00"}\n');
    const csv = await s.read.schema('ts TIMESTAMP').csv(join(dir, 'a.csv'));
    const json = await s.read.schema('ts TIMESTAMP').json(join(dir, 'a.json'));
    // Midnight in New York is 05:00 UTC.
    expect(await rows(csv.select(unix_timestamp(col('ts'))))).toEqual([[1704085200n]]);
    expect(await rows(json.select(unix_timestamp(col('ts'))))).toEqual([[1704085200n]]);
  });

  it('text files: one value per line; writing a single string column', async () => {
    const s = spark();
    const dir = tmp('text');
    writeFileSync(join(dir, 'a.txt'), 'hello\nworld\n');
    const df = await s.read.text(join(dir, 'a.txt'));
    expect(df.schema.fields.map((f) => f.name)).toEqual(['value']);
    expect(await rows(df)).toEqual([['hello'], ['world']]);
    const out = join(dir, 'out');
    await df.select(col('value')).coalesce(1).write.text(out);
    expect(await rows(await s.read.text(out))).toEqual([['hello'], ['world']]);
  });
});

describe('splits', () => {
  it('files larger than maxPartitionBytes are read by several tasks, each row exactly once', async () => {
    const s = spark();
    const dir = tmp('splits');
    const source = await s.sql('SELECT id, CAST(id * 3 AS STRING) AS s FROM range(20000)');
    for (const format of ['csv', 'json', 'parquet', 'text'] as const) {
      const df = format === 'text' ? source.select(col('s')) : source;
      await df.coalesce(1).write.option('compression', 'none').format(format).save(join(dir, format));
    }
    // Small splits: each line-format file is cut into many byte ranges read by separate tasks.
    s.conf.set('spark.sql.files.maxPartitionBytes', '16k');
    s.conf.set('spark.sql.files.openCostInBytes', '0');
    for (const format of ['csv', 'json', 'text'] as const) {
      const df = await s.read.format(format).load(join(dir, format));
      const tasks = await df.select(spark_partition_id().alias('p')).distinct().count();
      expect(tasks, format).toBeGreaterThan(4);
      expect(await df.count(), format).toBe(20000);
      const col0 = format === 'text' ? 'value' : format === 'csv' ? '_c1' : 's';
      const distinct = await df.select(col(col0)).distinct().count();
      expect(distinct, format).toBe(20000);
    }
    const pq = await s.read.parquet(join(dir, 'parquet'));
    expect(await pq.count()).toBe(20000);
  });

  it('a UTF-16 file with small splits is read whole and correctly', async () => {
    const s = spark();
    const dir = tmp('whole');
    const lines = Array.from({ length: 3000 }, (_, i) => `${i},é${i}`).join('\n') + '\n';
    writeFileSync(join(dir, 'utf16.csv'), Buffer.from(lines, 'utf16le'));
    s.conf.set('spark.sql.files.maxPartitionBytes', '16k');
    s.conf.set('spark.sql.files.openCostInBytes', '0');
    const df = await s.read
      .schema('n INT, s STRING')
      .option('encoding', 'UTF-16LE')
      .csv(join(dir, 'utf16.csv'));
    expect(await df.select(spark_partition_id()).distinct().count()).toBe(1);
    const got = await rows(df);
    expect(got).toHaveLength(3000);
    expect(got[2999]).toEqual([2999, 'é2999']);
  });
});
