// End-to-end DataFrame API behaviour against the real session: joins, missing values, set operations,
// renames, show() text and user-facing value types, each as Spark answers.
import { afterAll, describe, expect, it } from 'vitest';
import { SparkSession } from './session/spark-session.js';
import { col, lit, sum, when, coalesce, upper, max, broadcast, explode, posexplode } from './functions.js';
import type { Row } from './row.js';

const spark = SparkSession.builder()
  .appName('flint-api-e2e')
  .config('spark.sql.session.timeZone', 'UTC')
  .getOrCreate();
afterAll(() => spark.stop());

const dicts = (rows: Row[]): Record<string, unknown>[] => rows.map((r) => r.asDict());

describe('USING joins (join on column names)', () => {
  const l = () =>
    spark.createDataFrame(
      [
        [1, 'a'],
        [2, 'b'],
        [3, 'c'],
      ],
      'k INT, lv STRING',
    );
  const r = () =>
    spark.createDataFrame(
      [
        [2, 'x'],
        [3, 'y'],
        [4, 'z'],
      ],
      'k INT, rv STRING',
    );

  it('left outer keeps the left key', async () => {
    const j = l().join(r(), 'k', 'left').orderBy('k');
    expect(j.columns).toEqual(['k', 'lv', 'rv']);
    expect(dicts(await j.collect())).toEqual([
      { k: 1, lv: 'a', rv: null },
      { k: 2, lv: 'b', rv: 'x' },
      { k: 3, lv: 'c', rv: 'y' },
    ]);
  });

  it('full outer coalesces the key', async () => {
    const j = l().join(r(), ['k'], 'full_outer').orderBy('k');
    expect(dicts(await j.collect())).toEqual([
      { k: 1, lv: 'a', rv: null },
      { k: 2, lv: 'b', rv: 'x' },
      { k: 3, lv: 'c', rv: 'y' },
      { k: 4, lv: null, rv: 'z' },
    ]);
  });

  it('left anti and left semi keep only left columns', async () => {
    expect(dicts(await l().join(r(), 'k', 'left_anti').collect())).toEqual([{ k: 1, lv: 'a' }]);
    expect(dicts(await l().join(broadcast(r()), 'k', 'semi').orderBy('k').collect())).toEqual([
      { k: 2, lv: 'b' },
      { k: 3, lv: 'c' },
    ]);
  });

  it('a join condition on df.col() keeps both key columns', async () => {
    const a = l();
    const b = r();
    const j = a.join(b, a.col('k').eq(b.col('k')), 'inner').orderBy(a.col('k'));
    expect(j.columns).toEqual(['k', 'lv', 'k', 'rv']);
    expect((await j.collect()).map((x) => x.toArray())).toEqual([
      [2, 'b', 2, 'x'],
      [3, 'c', 3, 'y'],
    ]);
  });

  it('aliases qualify columns for later selection (pipeline 2 style)', async () => {
    const j = l()
      .alias('old')
      .join(r().alias('new'), 'k')
      .filter(col('new.rv').eq('y'))
      .withColumn('lv', col('new.rv'))
      .select('old.k', 'lv');
    expect(dicts(await j.collect())).toEqual([{ k: 3, lv: 'y' }]);
  });
});

describe('missing values', () => {
  const df = () =>
    spark.createDataFrame(
      [
        [1, 'a', 1.5],
        [null, null, null],
        [3, null, Number.NaN],
      ],
      'i INT, s STRING, d DOUBLE',
    );

  it('fill(number) fills numeric columns, NaN included, and leaves strings', async () => {
    expect(dicts(await df().na.fill(0).collect())).toEqual([
      { i: 1, s: 'a', d: 1.5 },
      { i: 0, s: null, d: 0 },
      { i: 3, s: null, d: 0 },
    ]);
  });

  it('fill(string) with a subset and fill(dict)', async () => {
    expect(dicts(await df().fillna('z', ['s']).collect()).map((x) => x['s'])).toEqual(['a', 'z', 'z']);
    expect(dicts(await df().na.fill({ i: 9, s: 'q' }).collect()).map((x) => [x['i'], x['s']])).toEqual([
      [1, 'a'],
      [9, 'q'],
      [3, 'q'],
    ]);
  });

  it('drop: any, all, thresh and subset (NaN counts as missing)', async () => {
    expect((await df().dropna().collect()).length).toBe(1);
    expect((await df().dropna('all').collect()).length).toBe(2);
    expect((await df().dropna('any', 2).collect()).map((x) => x['i'])).toEqual([1]);
    expect((await df().na.drop('any', null, ['i']).collect()).map((x) => x['i'])).toEqual([1, 3]);
  });
});

describe('columns and rows', () => {
  const df = () =>
    spark.createDataFrame(
      [
        [1, 'Alice', 10],
        [2, 'Bob', 20],
      ],
      'id INT, name STRING, v INT',
    );

  it('withColumnRenamed, withColumns, drop', async () => {
    const d = df()
      .withColumnRenamed('name', 'who')
      .withColumns({ v: col('v').multiply(2), w: lit(1) })
      .drop('id');
    expect(d.columns).toEqual(['who', 'v', 'w']);
    expect(dicts(await d.collect())).toEqual([
      { who: 'Alice', v: 20, w: 1 },
      { who: 'Bob', v: 40, w: 1 },
    ]);
  });

  it('CASE chains and string functions', async () => {
    const d = df().select(
      upper('name').alias('u'),
      when(col('v').gt(15), 'big').when(col('v').gt(5), 'mid').otherwise('small').alias('size'),
      coalesce(lit(null), col('id')).alias('c'),
    );
    expect(dicts(await d.collect())).toEqual([
      { u: 'ALICE', size: 'mid', c: 1 },
      { u: 'BOB', size: 'big', c: 2 },
    ]);
  });

  it('union is positional, unionByName matches names', async () => {
    const a = spark.createDataFrame([[1, 'x']], 'n INT, s STRING');
    const b = spark.createDataFrame([['y', 2]], 's STRING, n INT');
    expect(dicts(await a.unionByName(b).collect())).toEqual([
      { n: 1, s: 'x' },
      { n: 2, s: 'y' },
    ]);
    const c = spark.createDataFrame([[3, 'z']], 'm INT, t STRING');
    expect((await a.union(c).collect()).map((r) => r.toArray())).toEqual([
      [1, 'x'],
      [3, 'z'],
    ]);
  });

  it('dropDuplicates keeps one row per key; distinct and set operations', async () => {
    const d = spark.createDataFrame(
      [
        [1, 'a'],
        [1, 'a'],
        [1, 'b'],
        [2, 'c'],
      ],
      'k INT, v STRING',
    );
    expect((await d.distinct().collect()).length).toBe(3);
    expect((await d.dropDuplicates(['k']).collect()).length).toBe(2);
    const e = spark.createDataFrame([[1, 'a']], 'k INT, v STRING');
    expect(dicts(await d.subtract(e).orderBy('v').collect())).toEqual([
      { k: 1, v: 'b' },
      { k: 2, v: 'c' },
    ]);
    expect(dicts(await d.intersect(e).collect())).toEqual([{ k: 1, v: 'a' }]);
  });

  it('first, head, take, limit, isEmpty', async () => {
    const d = df().orderBy('id');
    expect((await d.first())?.['name']).toBe('Alice');
    expect((await d.head(5)).length).toBe(2);
    expect((await d.take(1)).map((r) => r['id'])).toEqual([1]);
    expect(await d.filter(col('id').gt(5)).isEmpty()).toBe(true);
    expect(await d.filter(col('id').gt(5)).first()).toBeNull();
  });

  it('aggregates over the whole frame', async () => {
    expect(dicts(await df().agg(max('v'), sum('v')).collect())).toEqual([{ 'max(v)': 20, 'sum(v)': 30n }]);
  });

  it('user-facing value types', async () => {
    const d = spark.sql(
      "SELECT CAST(12.5 AS DECIMAL(10,2)) AS dec, DATE'2024-01-01' AS d, TIMESTAMP'2024-01-01 10:00:00' AS ts, 5L AS l",
    );
    const row = (await (await d).collect())[0]!;
    expect(row['dec']).toBe('12.50');
    expect(row['d']).toBe('2024-01-01');
    expect(row['ts']).toEqual(new Date('2024-01-01T10:00:00Z'));
    expect(row['l']).toBe(5n);
  });

  it('show() text as Spark prints it', async () => {
    expect(await df().select('id', 'name').showString()).toBe(
      '+---+-----+\n| id| name|\n+---+-----+\n|  1|Alice|\n|  2|  Bob|\n+---+-----+\n',
    );
    expect(await df().select('name').showString(1)).toBe(
      '+-----+\n| name|\n+-----+\n|Alice|\n+-----+\nonly showing top 1 row\n',
    );
  });

  it('reports an unknown column at transformation time', () => {
    expect(() => df().select('nope')).toThrowError(/UNRESOLVED_COLUMN/);
    expect(() => df().filter(col('nope').gt(1))).toThrowError(/UNRESOLVED_COLUMN/);
  });

  it('temp views are visible to SQL', async () => {
    df().createOrReplaceTempView('people_api_test');
    const r = await (await spark.sql('SELECT name FROM people_api_test WHERE id = 2')).collect();
    expect(dicts(r)).toEqual([{ name: 'Bob' }]);
  });
});

describe('reader, schema output and actions', () => {
  it('reads CSV with header and inferSchema, and with a DDL schema', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'flint-api-reader-'));
    writeFileSync(join(dir, 'a.csv'), 'id,name\n1,Alice\n2,Bob\n');
    const inferred = await spark.read
      .option('header', true)
      .option('inferSchema', true)
      .csv(join(dir, 'a.csv'));
    expect(inferred.dtypes).toEqual([
      ['id', 'int'],
      ['name', 'string'],
    ]);
    const plain = await spark.read.format('csv').option('header', 'true').load(dir);
    expect(plain.dtypes).toEqual([
      ['id', 'string'],
      ['name', 'string'],
    ]);
    const typed = await spark.read.schema('id BIGINT, name STRING').options({ header: true }).csv(dir);
    expect(dicts(await typed.orderBy('id').collect())).toEqual([
      { id: 1n, name: 'Alice' },
      { id: 2n, name: 'Bob' },
    ]);
  });

  it('count(), printSchema text and toArrow()', async () => {
    const df = spark.createDataFrame(
      [
        [1, 'a'],
        [2, null],
      ],
      'id INT, s STRING',
    );
    expect(await df.count()).toBe(2);
    expect(await df.filter(col('id').gt(1)).count()).toBe(1);
    expect(df.schemaString()).toBe(
      'root\n |-- id: integer (nullable = true)\n |-- s: string (nullable = true)\n',
    );
    const t = await df.toArrow();
    expect(t.numRows).toBe(2);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['id', 's']);
  });

  it('broadcast() makes the join a broadcast hash join', () => {
    const big = spark.range(100);
    const small = spark.createDataFrame([[1n, 'x']], 'id BIGINT, v STRING');
    expect(big.join(broadcast(small), 'id').explainString()).toContain('BroadcastHashJoin');
  });

  it('unionByName with allowMissingColumns fills NULLs', async () => {
    const a = spark.createDataFrame([[1, 'x']], 'n INT, s STRING');
    const b = spark.createDataFrame([[2]], 'n INT');
    expect(dicts(await a.unionByName(b, true).collect())).toEqual([
      { n: 1, s: 'x' },
      { n: 2, s: null },
    ]);
  });
});

describe('pivot', () => {
  const earnings = () =>
    spark.createDataFrame(
      [
        [2012, 'dotNET', 10000],
        [2012, 'Java', 20000],
        [2012, 'dotNET', 5000],
        [2013, 'dotNET', 48000],
        [2013, 'Java', 30000],
      ],
      'year INT, course STRING, earnings INT',
    );

  it('one aggregate: a column per value', async () => {
    const p = earnings().groupBy('year').pivot('course', ['dotNET', 'Java']).sum('earnings').orderBy('year');
    expect(p.columns).toEqual(['year', 'dotNET', 'Java']);
    expect(dicts(await p.collect())).toEqual([
      { year: 2012, dotNET: 15000n, Java: 20000n },
      { year: 2013, dotNET: 48000n, Java: 30000n },
    ]);
  });

  it('several aggregates: value_aggregate names', async () => {
    const p = earnings()
      .groupBy('year')
      .pivot('course', ['dotNET', 'Java'])
      .agg(sum('earnings'), max('earnings').alias('top'))
      .orderBy('year');
    expect(p.columns).toEqual([
      'year',
      'dotNET_sum(earnings)',
      'dotNET_top',
      'Java_sum(earnings)',
      'Java_top',
    ]);
    expect((await p.collect()).map((r) => r.toArray())).toEqual([
      [2012, 15000n, 10000, 20000n, 20000],
      [2013, 48000n, 48000, 30000n, 30000],
    ]);
  });
});

describe('replace, transform, repr', () => {
  const df = () =>
    spark.createDataFrame(
      [
        [10, 80.5, 'Alice'],
        [5, null, 'Bob'],
        [null, 10, 'Tom'],
      ],
      'age INT, height DOUBLE, name STRING',
    );

  it('replaces numbers in numeric columns only', async () => {
    expect((await df().na.replace(10, 20).collect()).map((r) => r.toArray())).toEqual([
      [20, 80.5, 'Alice'],
      [5, null, 'Bob'],
      [null, 20, 'Tom'],
    ]);
  });

  it('replaces strings by dict, lists and subset', async () => {
    expect((await df().replace({ Alice: 'A', Bob: null }).collect()).map((r) => r['name'])).toEqual([
      'A',
      null,
      'Tom',
    ]);
    expect(
      (await df().replace(['Alice', 'Tom'], ['A', 'T'], 'name').collect()).map((r) => r['name']),
    ).toEqual(['A', 'Bob', 'T']);
    expect((await df().replace(10, 1, ['height']).collect()).map((r) => [r['age'], r['height']])).toEqual([
      [10, 80.5],
      [5, null],
      [null, 1],
    ]);
  });

  it('transform chains functions and toString shows the schema', () => {
    const addOne = (d: typeof df extends () => infer D ? D : never, c: string) =>
      d.withColumn(c, col(c).plus(1));
    const t = df().transform(addOne, 'age');
    expect(String(t)).toBe('DataFrame[age: int, height: double, name: string]');
  });
});

describe('generators and nested values', () => {
  it('explode names its column col; posexplode takes two aliases; withColumn explodes', async () => {
    const d = await spark.sql('SELECT 1 AS id, array(10, 20) AS xs');
    const p = d.select('id', posexplode('xs').alias('p', 'x'));
    expect(p.columns).toEqual(['id', 'p', 'x']);
    expect((await p.collect()).map((r) => r.toArray())).toEqual([
      [1, 0, 10],
      [1, 1, 20],
    ]);
    expect(d.select('id', explode('xs')).columns).toEqual(['id', 'col']);
    expect((await d.withColumn('x', explode('xs')).collect()).map((r) => r['x'])).toEqual([10, 20]);
    expect((await d.collect())[0]!['xs']).toEqual([10, 20]);
  });
});

describe('grouping by an aliased column and one side of a join', () => {
  it('groupBy(col.alias(x)) groups by the column and names the group column x', async () => {
    const df = spark.createDataFrame(
      [
        [1, 2.0],
        [1, 3.0],
        [2, 5.0],
      ],
      'l_suppkey int, price double',
    );
    const out = df.groupBy(col('l_suppkey').alias('supplier_no')).agg(sum('price').alias('total'));
    expect(out.columns).toEqual(['supplier_no', 'total']);
    expect((await out.orderBy('supplier_no').collect()).map((r) => r.toArray())).toEqual([
      [1, 5.0],
      [2, 5.0],
    ]);
  });

  it("df.col('*') over a join is that DataFrame's columns only (Spark's ResolvedStar)", async () => {
    const x = spark.createDataFrame([[1, 'a']], 'id1 int, id4 string');
    const small = spark.createDataFrame([[1, 2.5]], 'id1 int, v2 double');
    const joined = x.join(small, x.col('id1').eq(small.col('id1'))).select(x.col('*'), small.col('v2'));
    expect(joined.columns).toEqual(['id1', 'id4', 'v2']);
    expect((await joined.collect()).map((r) => r.toArray())).toEqual([[1, 'a', 2.5]]);
    expect(x.join(small, x.col('id1').eq(small.col('id1'))).select(small.col('*')).columns).toEqual([
      'id1',
      'v2',
    ]);
  });
});
