// Catalog tables kept in the warehouse folder: SQL table statements, saveAsTable / insertInto, and a
// fresh session (as a new process would be) seeing what another one created.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SparkSession } from './session/spark-session.js';
import { newRuntimeConfig } from './session/runtime-config.js';

const root = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'flint-tables-'));
let n = 0;
let warehouse = '';
let spark: SparkSession;

/** A session over `dir` with its own, empty in-memory catalog: what a new process would have. */
function freshSession(dir: string): SparkSession {
  return new SparkSession(
    new Map(),
    newRuntimeConfig(
      new Map([
        ['spark.sql.warehouse.dir', dir],
        ['spark.sql.session.timeZone', 'UTC'],
      ]),
    ),
  );
}

beforeEach(() => {
  warehouse = nodePath.join(root, `wh${++n}`);
  spark = freshSession(warehouse);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function rows(sql: string, s: SparkSession = spark): Promise<unknown[][]> {
  return (await (await s.sql(sql)).collect()).map((r) => r.toArray());
}

async function errorOf(p: Promise<unknown>): Promise<{ errorClass?: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { errorClass?: string; message: string };
  }
  throw new Error('expected an error');
}

describe('CREATE TABLE / INSERT', () => {
  it('creates a managed parquet table whose files and metadata live in the warehouse', async () => {
    await spark.sql('CREATE TABLE t (a INT, b STRING) USING parquet');
    await spark.sql("INSERT INTO t VALUES (1, 'x'), (2, 'y')");
    await spark.sql("INSERT INTO t SELECT 3, 'z'");
    expect(await rows('SELECT * FROM t ORDER BY a')).toEqual([
      [1, 'x'],
      [2, 'y'],
      [3, 'z'],
    ]);
    expect(fs.existsSync(nodePath.join(warehouse, 't'))).toBe(true);
    expect(fs.existsSync(nodePath.join(warehouse, '_flint_catalog', 'default', 't.json'))).toBe(true);
  });

  it('is seen by a session with an empty catalog over the same warehouse', async () => {
    await spark.sql('CREATE TABLE shared (id BIGINT) USING parquet');
    await spark.sql('INSERT INTO shared SELECT id FROM range(3)');
    const other = freshSession(warehouse);
    expect(await rows('SELECT sum(id) FROM shared', other)).toEqual([[3n]]);
    // ... and inserts made there are seen back here.
    await other.sql('INSERT INTO shared VALUES (10)');
    expect(await rows('SELECT count(*) FROM shared')).toEqual([[4n]]);
    expect((await other.table('shared').collect()).length).toBe(4);
  });

  it('defaults to parquet without USING and casts INSERT values to the column types', async () => {
    await spark.sql('CREATE TABLE d (a BIGINT, b DOUBLE)');
    await spark.sql('INSERT INTO d VALUES (1, 2)');
    expect(await rows('SELECT * FROM d')).toEqual([[1n, 2]]);
    const meta = JSON.parse(
      fs.readFileSync(nodePath.join(warehouse, '_flint_catalog', 'default', 'd.json'), 'utf8'),
    ) as { provider: string; type: string };
    expect(meta.provider).toBe('parquet');
    expect(meta.type).toBe('MANAGED');
  });

  it('inserts by a column list, NULL for the others', async () => {
    await spark.sql('CREATE TABLE c (a INT, b STRING, c INT) USING parquet');
    await spark.sql("INSERT INTO c (c, b) VALUES (3, 'b')");
    expect(await rows('SELECT * FROM c')).toEqual([[null, 'b', 3]]);
  });

  it('reports too many data columns as Spark does', async () => {
    await spark.sql('CREATE TABLE num_result (id1 int, id2 int, result decimal(38,10)) USING parquet');
    const e = await errorOf(spark.sql('INSERT INTO num_result SELECT 1, 2, 3, 4'));
    expect(e.errorClass).toBe('INSERT_COLUMN_ARITY_MISMATCH.TOO_MANY_DATA_COLUMNS');
  });

  it('INSERT OVERWRITE replaces the rows; reading the same table is refused', async () => {
    await spark.sql('CREATE TABLE o (a INT) USING parquet');
    await spark.sql('INSERT INTO o VALUES (1), (2)');
    await spark.sql('INSERT OVERWRITE TABLE o VALUES (5)');
    expect(await rows('SELECT * FROM o')).toEqual([[5]]);
    const e = await errorOf(spark.sql('INSERT OVERWRITE o SELECT a + 1 FROM o'));
    expect(e.errorClass).toBe('UNSUPPORTED_OVERWRITE.TABLE');
    expect(e.message).toContain("Can't overwrite the target that is also being read from.");
    expect(await rows('SELECT * FROM o')).toEqual([[5]]);
  });

  it('CTAS writes the query, partitioned, partition columns last', async () => {
    await spark.sql(
      'CREATE TABLE p USING parquet PARTITIONED BY (k) AS SELECT id % 2 AS k, id FROM range(4)',
    );
    const df = spark.table('p');
    expect(df.columns).toEqual(['id', 'k']);
    expect(await rows('SELECT id, k FROM p ORDER BY id')).toEqual([
      [0n, 0n],
      [1n, 1n],
      [2n, 0n],
      [3n, 1n],
    ]);
    expect(fs.existsSync(nodePath.join(warehouse, 'p', 'k=0'))).toBe(true);
    await spark.sql('INSERT INTO p PARTITION (k = 7) SELECT 100');
    expect(await rows('SELECT id, k FROM p WHERE k = 7')).toEqual([[100n, 7n]]);
  });

  it('CTAS of a NULL column fails: parquet has no VOID type', async () => {
    const e = await errorOf(spark.sql('CREATE TABLE v USING parquet AS SELECT null AS c'));
    expect(e.errorClass).toBe('UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE');
    expect(e.message).toContain('The Parquet datasource doesn\'t support the column `c` of the type "VOID"');
  });

  it('csv and json tables', async () => {
    await spark.sql('CREATE TABLE cte_tbl USING csv AS WITH s AS (SELECT 42 AS col) SELECT * FROM s');
    expect(await rows('SELECT * FROM cte_tbl')).toEqual([[42]]);
    await spark.sql('CREATE TABLE tb (next INT) USING json');
    await spark.sql('INSERT INTO tb VALUES (1), (2)');
    expect(await rows('SELECT sum(next) FROM tb')).toEqual([[3n]]);
  });

  it('IF NOT EXISTS, an existing name, OR REPLACE', async () => {
    await spark.sql('CREATE TABLE e (a INT) USING parquet');
    await spark.sql('CREATE TABLE IF NOT EXISTS e (b STRING) USING parquet');
    expect(spark.table('e').columns).toEqual(['a']);
    const err = await errorOf(spark.sql('CREATE TABLE e (a INT) USING parquet'));
    expect(err.errorClass).toBe('TABLE_OR_VIEW_ALREADY_EXISTS');
    await spark.sql('INSERT INTO e VALUES (1)');
    await spark.sql('CREATE OR REPLACE TABLE e (b STRING) USING parquet');
    expect(spark.table('e').columns).toEqual(['b']);
    expect(await rows('SELECT * FROM e')).toEqual([]);
  });

  it('a store-assignment cast that gives NULL is written (postgreSQL/numeric.sql)', async () => {
    await spark.sql('SET spark.sql.ansi.enabled=false');
    await spark.sql('CREATE TABLE num_exp_div (id1 int, id2 int, expected decimal(38,10)) USING parquet');
    await spark.sql("INSERT INTO num_exp_div VALUES (0,0,double('NaN'))");
    expect(await rows('SELECT * FROM num_exp_div')).toEqual([[0, 0, null]]);
  });

  it('a temporary view USING a format with a schema and no path is empty (postgreSQL/join.sql)', async () => {
    await spark.sql('create or replace temporary view zt3(f3 int) using parquet');
    expect(spark.table('zt3').columns).toEqual(['f3']);
    expect(await rows('SELECT * FROM zt3')).toEqual([]);
  });

  it('TRUNCATE TABLE empties the table', async () => {
    await spark.sql('CREATE TABLE tr (a INT) USING parquet');
    await spark.sql('INSERT INTO tr VALUES (1)');
    await spark.sql('TRUNCATE TABLE tr');
    expect(await rows('SELECT * FROM tr')).toEqual([]);
  });
});

describe('external tables and DROP', () => {
  it('infers an external CSV table from its files and keeps them on DROP', async () => {
    const dir = nodePath.join(root, `ext${n}`);
    fs.mkdirSync(dir);
    fs.writeFileSync(nodePath.join(dir, 'a.csv'), 'x,y\n1,a\n2,b\n');
    await spark.sql(
      `CREATE TABLE ext USING csv OPTIONS (header 'true', inferSchema 'true') LOCATION '${dir}'`,
    );
    expect(await rows('SELECT * FROM ext ORDER BY x')).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    const d = await rows('DESCRIBE EXTENDED ext');
    expect(d.find((r) => r[0] === 'Type')).toEqual(['Type', 'EXTERNAL', '']);
    await spark.sql('DROP TABLE ext');
    expect(fs.existsSync(nodePath.join(dir, 'a.csv'))).toBe(true);
    expect((await errorOf(spark.sql('SELECT * FROM ext'))).errorClass).toBe('TABLE_OR_VIEW_NOT_FOUND');
  });

  it('DROP of a managed table deletes its data; IF EXISTS tolerates a missing one', async () => {
    await spark.sql('CREATE TABLE m (a INT) USING parquet');
    await spark.sql('INSERT INTO m VALUES (1)');
    await spark.sql('DROP TABLE m');
    expect(fs.existsSync(nodePath.join(warehouse, 'm'))).toBe(false);
    await spark.sql('DROP TABLE IF EXISTS m');
    expect((await errorOf(spark.sql('DROP TABLE m'))).errorClass).toBe('TABLE_OR_VIEW_NOT_FOUND');
    // The name is free again.
    await spark.sql('CREATE TABLE m (b STRING) USING parquet');
    expect(await rows('SELECT * FROM m')).toEqual([]);
  });
});

describe('SHOW, DESCRIBE, databases, views', () => {
  it('SHOW TABLES lists tables, then temporary views', async () => {
    await spark.sql('CREATE TABLE b1 (a INT) USING parquet');
    await spark.sql('CREATE TABLE a1 (a INT) USING parquet');
    await spark.sql('CREATE TEMPORARY VIEW tv AS SELECT 1');
    expect(await rows('SHOW TABLES')).toEqual([
      ['default', 'a1', false],
      ['default', 'b1', false],
      ['', 'tv', true],
    ]);
    expect(await rows("SHOW TABLES LIKE 'b*|tv'")).toEqual([
      ['default', 'b1', false],
      ['', 'tv', true],
    ]);
  });

  it('DESCRIBE and DESCRIBE EXTENDED of a partitioned table', async () => {
    await spark.sql(
      "CREATE TABLE dp (a INT COMMENT 'the a', b STRING) USING parquet PARTITIONED BY (b) COMMENT 'hello' TBLPROPERTIES ('k' = 'v')",
    );
    expect(await rows('DESCRIBE dp')).toEqual([
      ['a', 'int', 'the a'],
      ['b', 'string', null],
      ['# Partition Information', '', ''],
      ['# col_name', 'data_type', 'comment'],
      ['b', 'string', null],
    ]);
    const ext = await rows('DESCRIBE TABLE EXTENDED dp');
    expect(ext.slice(5, 9)).toEqual([
      ['', '', ''],
      ['# Detailed Table Information', '', ''],
      ['Catalog', 'spark_catalog', ''],
      ['Database', 'default', ''],
    ]);
    const info = new Map(ext.slice(7).map((r) => [r[0], r[1]]));
    expect(info.get('Table')).toBe('dp');
    expect(info.get('Type')).toBe('MANAGED');
    expect(info.get('Provider')).toBe('parquet');
    expect(info.get('Comment')).toBe('hello');
    expect(info.get('Table Properties')).toBe('[k=v]');
    expect(info.get('Location')).toBe(`file:${nodePath.join(warehouse, 'dp')}`);
    expect(info.get('Partition Provider')).toBe('Catalog');
    expect(String(info.get('Created Time'))).toMatch(/^\w{3} \w{3} \d\d \d\d:\d\d:\d\d UTC \d{4}$/);
  });

  it('databases: create, use, show, tables inside, drop cascade', async () => {
    await spark.sql('CREATE DATABASE db1');
    await spark.sql('CREATE SCHEMA IF NOT EXISTS db1');
    expect((await errorOf(spark.sql('CREATE DATABASE db1'))).errorClass).toBe('SCHEMA_ALREADY_EXISTS');
    expect(await rows('SHOW DATABASES')).toEqual([['db1'], ['default']]);
    await spark.sql('CREATE TABLE db1.t (a INT) USING parquet');
    await spark.sql('INSERT INTO db1.t VALUES (1)');
    expect(fs.existsSync(nodePath.join(warehouse, 'db1.db', 't'))).toBe(true);
    await spark.sql('USE db1');
    expect(await rows('SELECT * FROM t')).toEqual([[1]]);
    expect(await rows('SHOW TABLES')).toEqual([['db1', 't', false]]);
    await spark.sql('USE default');
    expect((await errorOf(spark.sql('DROP DATABASE db1'))).errorClass).toBe('SCHEMA_NOT_EMPTY');
    await spark.sql('DROP DATABASE db1 CASCADE');
    expect(await rows('SHOW DATABASES')).toEqual([['default']]);
    expect((await errorOf(spark.sql('USE db1'))).errorClass).toBe('SCHEMA_NOT_FOUND');
  });

  it('a persistent view is kept as SQL text and sees later data, also from a fresh session', async () => {
    await spark.sql('CREATE TABLE base (a INT) USING parquet');
    await spark.sql('CREATE VIEW big (x) AS SELECT a FROM base WHERE a > 1');
    await spark.sql('INSERT INTO base VALUES (1), (2), (3)');
    const other = freshSession(warehouse);
    expect(await rows('SELECT x FROM big ORDER BY x', other)).toEqual([[2], [3]]);
    await other.sql('DROP VIEW big');
    expect((await errorOf(spark.sql('SELECT * FROM big'))).errorClass).toBe('TABLE_OR_VIEW_NOT_FOUND');
  });
});

describe('DataFrameWriter.saveAsTable / insertInto', () => {
  it('saveAsTable modes: errorifexists, append by name, overwrite, ignore', async () => {
    const df = spark.createDataFrame(
      [
        [1, 'a'],
        [2, 'b'],
      ],
      'id INT, s STRING',
    );
    await df.write.saveAsTable('st');
    expect(fs.existsSync(nodePath.join(warehouse, 'st'))).toBe(true);
    const e = await errorOf(df.write.saveAsTable('st'));
    expect(e.errorClass).toBe('TABLE_OR_VIEW_ALREADY_EXISTS');
    // Append matches columns by name.
    await spark
      .createDataFrame([['c', 3]], 's STRING, id INT')
      .write.mode('append')
      .saveAsTable('st');
    expect(await rows('SELECT * FROM st ORDER BY id')).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
    const wrong = await errorOf(
      spark
        .createDataFrame([[1]], 'other INT')
        .write.mode('append')
        .saveAsTable('st'),
    );
    expect(wrong.errorClass).toMatch(/^INSERT_COLUMN_ARITY_MISMATCH|^INCOMPATIBLE_DATA_FOR_TABLE/);
    await df.write.mode('ignore').saveAsTable('st');
    expect(await rows('SELECT count(*) FROM st')).toEqual([[3n]]);
    await spark
      .createDataFrame([[9n]], 'z BIGINT')
      .write.mode('overwrite')
      .saveAsTable('st');
    expect(await rows('SELECT * FROM st')).toEqual([[9n]]);
    expect(freshSession(warehouse).table('st').columns).toEqual(['z']);
  });

  it('saveAsTable honours format and partitionBy', async () => {
    const df = spark.createDataFrame(
      [
        [1, 'a'],
        [2, 'b'],
      ],
      'id INT, s STRING',
    );
    await df.write.format('json').partitionBy('s').saveAsTable('sp');
    expect(fs.existsSync(nodePath.join(warehouse, 'sp', 's=a'))).toBe(true);
    expect(spark.table('sp').columns).toEqual(['id', 's']);
    expect(await rows('SELECT * FROM sp ORDER BY id')).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
  });

  it('insertInto inserts by position with casts; the table must exist', async () => {
    await spark.sql('CREATE TABLE ii (a BIGINT, b STRING) USING parquet');
    await spark
      .createDataFrame([['x', 1]], 'q STRING, r INT')
      .select('r', 'q')
      .write.insertInto('ii');
    expect(await rows('SELECT * FROM ii')).toEqual([[1n, 'x']]);
    await spark.createDataFrame([[5, 'y']], 'r INT, q STRING').write.insertInto('ii', true);
    expect(await rows('SELECT * FROM ii')).toEqual([[5n, 'y']]);
    const e = await errorOf(spark.createDataFrame([[1]], 'a INT').write.insertInto('nope'));
    expect(e.errorClass).toBe('TABLE_OR_VIEW_NOT_FOUND');
  });
});
