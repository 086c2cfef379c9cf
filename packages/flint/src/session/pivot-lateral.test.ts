// SQL PIVOT / UNPIVOT and LATERAL joins end to end, with Spark's answers (tier2 pivot.sql, unpivot.sql,
// subquery-offset.sql).
import { afterAll, describe, expect, it } from 'vitest';
import { SparkSession } from './spark-session.js';

const spark = SparkSession.builder().appName('flint-pivot-lateral').getOrCreate();
afterAll(() => spark.stop());

const sales = `(SELECT * FROM VALUES ('dotNET', 2012, 10000), ('Java', 2012, 20000), ('dotNET', 2012, 5000),
  ('dotNET', 2013, 48000), ('Java', 2013, 30000) AS t(course, year, earnings))`;

async function rows(sql: string): Promise<unknown[][]> {
  const df = await spark.sql(sql);
  return (await df.collect()).map((r) => r.toArray());
}

describe('PIVOT', () => {
  it('groups by the remaining columns, one column per value', async () => {
    const df = await spark.sql(
      `SELECT * FROM ${sales} PIVOT (sum(earnings) FOR course IN ('dotNET', 'Java')) ORDER BY year`,
    );
    expect(df.columns).toEqual(['year', 'dotNET', 'Java']);
    expect(
      await rows(
        `SELECT * FROM ${sales} PIVOT (sum(earnings) FOR course IN ('dotNET', 'Java')) ORDER BY year`,
      ),
    ).toEqual([
      [2012, 15000n, 20000n],
      [2013, 48000n, 30000n],
    ]);
  });

  it('names value_aggregate with several aggregates and aliases', async () => {
    const df = await spark.sql(
      `SELECT * FROM (SELECT year y, course c, earnings e FROM ${sales}) PIVOT (sum(e) s, avg(e) FOR y IN (2012 AS first, 2013))`,
    );
    expect(df.columns).toEqual(['c', 'first_s', 'first_avg(e)', '2013_s', '2013_avg(e)']);
  });

  it('rejects a pivot expression without an aggregate', async () => {
    await expect(
      spark.sql(`SELECT * FROM ${sales} PIVOT (abs(earnings) FOR year IN (2012))`),
    ).rejects.toMatchObject({
      errorClass: '_LEGACY_ERROR_TEMP_1006',
    });
  });
});

describe('UNPIVOT', () => {
  const wide = `(SELECT * FROM VALUES ('dotNET', 15000, 48000), ('Java', 20000, NULL) AS t(course, a, b))`;
  it('drops null values unless INCLUDE NULLS', async () => {
    const q = (n: string) =>
      `SELECT * FROM ${wide} UNPIVOT ${n} (earnings FOR year IN (a AS y1, b)) ORDER BY course, year`;
    expect((await spark.sql(q(''))).columns).toEqual(['course', 'year', 'earnings']);
    expect(await rows(q(''))).toEqual([
      ['Java', 'y1', 20000],
      ['dotNET', 'b', 48000],
      ['dotNET', 'y1', 15000],
    ]);
    expect(await rows(q('INCLUDE NULLS'))).toHaveLength(4);
  });
});

describe('LATERAL', () => {
  it('runs the right side per left row', async () => {
    const q = `SELECT * FROM VALUES (1, 1), (2, 2) AS x(x1, x2) JOIN LATERAL
      (SELECT * FROM VALUES (1, 10), (1, 11), (2, 20) AS y(y1, y2) WHERE x1 = y1 ORDER BY y2 LIMIT 1) ORDER BY x1`;
    expect(await rows(q)).toEqual([
      [1, 1, 1, 10],
      [2, 2, 2, 20],
    ]);
  });

  it('runs a correlated LATERAL join inside a scalar subquery', async () => {
    const inner = `(SELECT max(y) FROM VALUES (1), (2) AS t(x), LATERAL (SELECT t.x * 3 AS y))`;
    expect(await rows(`SELECT ${inner} AS m`)).toEqual([[6]]);
    expect(await rows(`SELECT a FROM VALUES (5), (7) AS o(a) WHERE a < ${inner}`)).toEqual([[5]]);
  });

  it('joins a right side correlated only through its filter once, inner and left outer', async () => {
    const a = `VALUES (1, 'one'), (2, 'two'), (3, 'three') AS a(k, name)`;
    const b = `VALUES (1, 10), (1, 11), (3, 30), (4, 40) AS b(k, v)`;
    expect(
      await rows(
        `SELECT name, x.v FROM ${a}, LATERAL (SELECT v FROM ${b} WHERE b.k = a.k AND v > 10) x ORDER BY v`,
      ),
    ).toEqual([
      ['one', 11],
      ['three', 30],
    ]);
    // LEFT JOIN LATERAL keeps left rows without partners; the ON condition applies to the pairs.
    expect(
      await rows(`SELECT name, x.v FROM ${a} LEFT JOIN LATERAL (SELECT v FROM ${b} WHERE b.k = a.k) x ON x.v < 30
        ORDER BY name, v`),
    ).toEqual([
      ['one', 10],
      ['one', 11],
      ['three', null],
      ['two', null],
    ]);
  });

  it('names outer references outer(...) in generated names', async () => {
    const df = await spark.sql(`SELECT * FROM VALUES (1) AS a(q), LATERAL (SELECT a.q + 1)`);
    expect(df.columns).toEqual(['q', '(outer(a.q) + 1)']);
    expect(await rows(`SELECT * FROM VALUES (1) AS a(q), LATERAL (SELECT a.q + 1)`)).toEqual([[1, 2]]);
  });
});
