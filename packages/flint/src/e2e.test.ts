// End-to-end checks of the DataFrame API against the real session core (pipeline 5 and friends).
import { afterAll, describe, expect, it } from 'vitest';
import { SparkSession } from './session/spark-session.js';
import { col, row_number, sum, count, lit, when, max, avg } from './functions.js';
import { Window } from './window.js';

const spark = SparkSession.builder().appName('flint-api-e2e').config('spark.sql.session.timeZone', 'UTC').getOrCreate();
afterAll(() => spark.stop());

const people = () => spark.createDataFrame([[1, 'Alice'], [2, 'Bob']], 'id INT, name STRING');
const cities = () => spark.createDataFrame([[1, 'NY'], [2, 'CA']], 'id INT, city STRING');
const sales = () => spark.createDataFrame([['CA', 10], ['CA', 20], ['NY', 15]], 'state STRING, amount INT');

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
    const df = spark.createDataFrame([['Ann', 31], ['Ben', 25]], 'name STRING, age INT');
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
