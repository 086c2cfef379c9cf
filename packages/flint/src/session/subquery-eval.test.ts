// Correlated subqueries end to end: run-time evaluation (subquery-eval.ts) and the correlation checks
// (CheckSubqueryCorrelation). Expected values are Spark's, from the golden files
// subquery/{exists-subquery/exists-count-bug, in-subquery/in-count-bug, scalar-subquery/scalar-subquery-group-by}.sql.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SparkSession } from './spark-session.js';

const spark = SparkSession.builder().appName('flint-subquery').getOrCreate();
afterAll(() => spark.stop());

async function rows(sql: string): Promise<unknown[][]> {
  const df = await spark.sql(sql);
  return (await df.collect()).map((r) => Object.values(r.asDict()));
}

beforeAll(async () => {
  await spark.sql('create or replace temporary view t1(c1, c2) as values (0, 1), (1, 2)');
  await spark.sql('create or replace temporary view t2(c1, c2) as values (0, 2), (0, 3)');
  await spark.sql('create or replace temporary view x (x1, x2) as values (1, 1), (2, 2)');
  await spark.sql('create or replace temporary view y (y1, y2) as values (2, 0), (3, -1)');
  await spark.sql('create or replace temporary view z (z1, z2) as values (1, 0), (1, 1)');
});

describe('correlated subqueries evaluated per outer key', () => {
  it('EXISTS over a global count is true for every row (no count bug)', async () => {
    const r = await rows(
      'select *, exists (select count(*) from t2 where t2.c1 = t1.c1) from t1 order by c1',
    );
    expect(r).toEqual([
      [0, 1, true],
      [1, 2, true],
    ]);
  });

  it('IN over count(*) + 1 sees count 0 for keys without matches', async () => {
    const r = await rows(
      'select *, c1 in (select count(*) + 1 from t2 where t2.c1 = t1.c1) from t1 order by c1',
    );
    expect(r).toEqual([
      [0, 1, false],
      [1, 2, true],
    ]);
    expect(
      await rows('select * from t1 where c1 in (select 1 from t2 where t2.c1 = t1.c1 having count(*) = 0)'),
    ).toEqual([[1, 2]]);
  });

  it('a correlated scalar count(*) gives 0, not NULL, for keys without matches', async () => {
    const r = await rows('select c1, (select count(*) from t2 where t2.c1 = t1.c1) from t1 order by c1');
    expect(r).toEqual([
      [0, 2n],
      [1, 0n],
    ]);
  });

  it('a correlated scalar subquery grouped by its correlation column filters rows', async () => {
    expect(
      await rows('select * from x where (select count(*) from y where y1 = x1 group by y1) = 1'),
    ).toEqual([[2, 2]]);
  });

  it('keeps the legacy count-bug answers under the legacy flag', async () => {
    await spark.sql(
      'set spark.sql.optimizer.decorrelateExistsSubqueryLegacyIncorrectCountHandling.enabled = true',
    );
    try {
      const r = await rows(
        'select *, exists (select count(*) from t2 where t2.c1 = t1.c1) from t1 order by c1',
      );
      expect(r).toEqual([
        [0, 1, true],
        [1, 2, false],
      ]);
      expect(
        await rows('select * from t1 where c1 in (select count(*) + 1 from t2 where t2.c1 = t1.c1)'),
      ).toEqual([]);
    } finally {
      await spark.sql(
        'set spark.sql.optimizer.decorrelateExistsSubqueryLegacyIncorrectCountHandling.enabled = false',
      );
    }
  });

  it('raises SCALAR_SUBQUERY_TOO_MANY_ROWS at run time', async () => {
    await expect(
      rows('select * from x where (select count(*) from y where y1 > x1 group by y1) = 1'),
    ).rejects.toThrowError(/SCALAR_SUBQUERY_TOO_MANY_ROWS/);
  });

  it('names a subquery after every outer reference', async () => {
    const df = await spark.sql(
      'select *, (select count(*) from y where x1 = y1 and y2 = x1 + 1 group by y2) from x',
    );
    expect(df.columns).toEqual(['x1', 'x2', 'scalarsubquery(x1, x1)']);
  });
});

describe('correlation Spark rejects', () => {
  it('outer references in a subquery aggregate: CORRELATED_REFERENCE', async () => {
    await expect(
      rows('select * from x where (select count(*) from y where y1 = x1 group by x1) = 1'),
    ).rejects.toThrowError(/UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY\.CORRELATED_REFERENCE/);
  });

  it('outer references under the null side of an outer join', async () => {
    await expect(
      rows(
        'select *, (select count(*) from y left join (select * from z where z1 = x1) sub on y2 = z2 group by z1) from x',
      ),
    ).rejects.toThrowError(/ACCESSING_OUTER_QUERY_COLUMN_IS_NOT_ALLOWED/);
  });

  it('grouping by non-correlated columns without the single join', async () => {
    await spark.sql('set spark.sql.optimizer.scalarSubqueryUseSingleJoin = false');
    try {
      await expect(
        rows('select *, (select count(*) from y where y1 + y2 = x1 group by y1) from x'),
      ).rejects.toThrowError(/NON_CORRELATED_COLUMNS_IN_GROUP_BY/);
    } finally {
      await spark.sql('set spark.sql.optimizer.scalarSubqueryUseSingleJoin = true');
    }
  });

  it('a join-condition subquery reading both sides', async () => {
    await expect(
      rows('select * from x join y on x1 = y1 and exists (select * from z where z2 = x2 and z2 = y2)'),
    ).rejects.toThrowError(/UNSUPPORTED_CORRELATED_EXPRESSION_IN_JOIN_CONDITION/);
  });
});
