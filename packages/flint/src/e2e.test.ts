// End-to-end checks of the DataFrame API against the real session core (pipeline 5 and friends).
import { afterAll, describe, expect, it } from 'vitest';
import { SparkSession } from './session/spark-session.js';
import { col, row_number, sum, when, min, to_date, from_unixtime } from './functions.js';
import { Window } from './window.js';

const spark = SparkSession.builder()
  .appName('flint-api-e2e')
  .config('spark.sql.session.timeZone', 'UTC')
  .getOrCreate();
afterAll(() => spark.stop());

const people = () =>
  spark.createDataFrame(
    [
      [1, 'Alice'],
      [2, 'Bob'],
    ],
    'id INT, name STRING',
  );
const cities = () =>
  spark.createDataFrame(
    [
      [1, 'NY'],
      [2, 'CA'],
    ],
    'id INT, city STRING',
  );
const sales = () =>
  spark.createDataFrame(
    [
      ['CA', 10],
      ['CA', 20],
      ['NY', 15],
    ],
    'state STRING, amount INT',
  );

describe('pipeline 5 through the DataFrame API', () => {
  it('joins on id', async () => {
    const j = people().join(cities(), 'id');
    expect(j.columns).toEqual(['id', 'name', 'city']);
    const rows = (await j.orderBy('id').collect()).map((r) => r.asDict());
    expect(rows).toEqual([
      { id: 1, name: 'Alice', city: 'NY' },
      { id: 2, name: 'Bob', city: 'CA' },
    ]);
  });

  it('sums sales by state', async () => {
    const g = sales().groupBy('state').agg(sum('amount').alias('total')).orderBy('state');
    expect(g.dtypes).toEqual([
      ['state', 'string'],
      ['total', 'bigint'],
    ]);
    expect((await g.collect()).map((r) => r.asDict())).toEqual([
      { state: 'CA', total: 30n },
      { state: 'NY', total: 15n },
    ]);
  });

  it('sums wide decimals per group through a shuffle of many partitions, with a shared subexpression', async () => {
    // Partial sums of decimal(38, s) cross the shuffle held as 64-bit words (TPC-H Q8's shape).
    const rows = await (
      await spark.sql(`
        SELECT o, sum(CASE WHEN n = 'B' THEN v ELSE 0 END) / sum(v) AS share, sum(v) AS total
        FROM (SELECT o, n, CAST(p AS decimal(30, 2)) * (1 - CAST(d AS decimal(30, 2))) AS v
              FROM VALUES (1, 'B', 10.00, 0.05), (1, 'C', 20.00, 0.10), (2, 'C', 5.00, 0.00) AS t(o, n, p, d))
        GROUP BY o ORDER BY o`)
    ).collect();
    expect(rows.map((r) => r.asDict())).toEqual([
      { o: 1, share: '0.345455', total: '27.5000' },
      { o: 2, share: '0.000000', total: '5.0000' },
    ]);
  });

  it('ranks with row_number over state by amount desc', async () => {
    const w = Window.partitionBy('state').orderBy(col('amount').desc());
    const r = sales().withColumn('rn', row_number().over(w)).orderBy('state', 'rn');
    expect((await r.collect()).map((x) => [x.state, x.amount, x.rn])).toEqual([
      ['CA', 20, 1],
      ['CA', 10, 2],
      ['NY', 15, 1],
    ]);
  });

  it('resolves a filter on a column the select dropped and pushes it below the projection', async () => {
    const df = spark.createDataFrame(
      [
        ['Ann', 31],
        ['Ben', 25],
      ],
      'name STRING, age INT',
    );
    const q = df.select('name').where(df.col('age').gt(30));
    expect((await q.collect()).map((r) => r.asDict())).toEqual([{ name: 'Ann' }]);
    const text = q.explainString(true);
    const optimized = text.slice(text.indexOf('== Optimized Logical Plan =='));
    const lines = optimized.split('\n');
    const projectAt = lines.findIndex((l) => l.includes('Project'));
    const filterAt = lines.findIndex((l) => l.includes('Filter'));
    expect(projectAt).toBeGreaterThanOrEqual(0);
    expect(filterAt).toBeGreaterThan(projectAt);
  });
});

describe('pipeline 1 and 2 idioms', () => {
  it('casts keep column names; ANSI cast fails on bad input, try_cast gives NULL', async () => {
    const raw = spark.createDataFrame(
      [
        ['1', '30', 'A'],
        ['2', 'x', 'B'],
        ['3', '-1', 'C'],
        ['1', '30', 'A'],
      ],
      'emp_id STRING, age STRING, name STRING',
    );
    const typed = raw.select(
      col('emp_id').cast('string'),
      col('age').cast('int'),
      col('name').cast('string'),
    );
    expect(typed.columns).toEqual(['emp_id', 'age', 'name']);
    await expect(typed.collect()).rejects.toThrowError(/CAST_INVALID_INPUT/);
    const silver = raw
      .select(col('emp_id'), col('age').try_cast('int').alias('age'), col('name'))
      .dropna()
      .filter(col('age').gt(0))
      .dropDuplicates(['emp_id', 'age', 'name']);
    expect((await silver.collect()).map((r) => r.asDict())).toEqual([{ emp_id: '1', age: 30, name: 'A' }]);
  });

  it('epoch seconds to dates, highest salary per key, status and continuity', async () => {
    const raw = spark.createDataFrame(
      [
        ['E1', 'Sr Engineer', '1704067200', null, '120'],
        ['E1', 'Sr Engineer', '1704067200', null, '110'],
        ['E4', 'Intern', '1706745600', null, '30'],
      ],
      'emp_id STRING, designation STRING, start_date STRING, end_date STRING, salary STRING',
    );
    const w = Window.partitionBy('emp_id', 'start_date', 'end_date').orderBy(col('salary').desc());
    const processed = raw
      .withColumn('start_date', to_date(from_unixtime(col('start_date').cast('long'))))
      .withColumn('end_date', to_date(from_unixtime(col('end_date').cast('long'))))
      .withColumn('salary', col('salary').cast('double'))
      .withColumn('rn', row_number().over(w))
      .filter(col('rn').eq(1))
      .drop('rn')
      .withColumn('status', when(col('end_date').isNull(), 'ACTIVE').otherwise('INACTIVE'));
    expect(processed.dtypes).toEqual([
      ['emp_id', 'string'],
      ['designation', 'string'],
      ['start_date', 'date'],
      ['end_date', 'date'],
      ['salary', 'double'],
      ['status', 'string'],
    ]);
    expect((await processed.orderBy('emp_id').collect()).map((r) => r.asDict())).toEqual([
      {
        emp_id: 'E1',
        designation: 'Sr Engineer',
        start_date: '2024-01-01',
        end_date: null,
        salary: 120,
        status: 'ACTIVE',
      },
      {
        emp_id: 'E4',
        designation: 'Intern',
        start_date: '2024-02-01',
        end_date: null,
        salary: 30,
        status: 'ACTIVE',
      },
    ]);
    const continuity = processed
      .groupBy('emp_id')
      .agg(min('start_date').alias('new_start_date'))
      .orderBy('emp_id');
    expect((await continuity.collect()).map((r) => r.asDict())).toEqual([
      { emp_id: 'E1', new_start_date: '2024-01-01' },
      { emp_id: 'E4', new_start_date: '2024-02-01' },
    ]);
  });
});
