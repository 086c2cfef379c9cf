// NOT IN over one column: Spark plans it as a null-aware broadcast hash join
// (ExtractSingleColumnNullAwareAntiJoin) when the subquery's side may be broadcast. Its answers must
// be the three-valued logic's: no row when the values hold a NULL, every row (NULL ones too) when there
// are no values, else the rows whose value is not NULL and not among them. Each is checked against
// the nested-loop plan with spark.sql.optimizeNullAwareAntiJoin off.
import { afterAll, describe, expect, it } from 'vitest';
import { SparkSession } from './session/spark-session.js';

const spark = SparkSession.builder().appName('null-aware-anti-join').getOrCreate();
afterAll(() => spark.stop());

const OPTIMIZE = 'spark.sql.optimizeNullAwareAntiJoin';

async function rows(sql: string): Promise<unknown[][]> {
  return (await (await spark.sql(sql)).collect()).map((r) => Object.values(r));
}

/** The rows, checked equal with the optimization off, and the physical plan's text. */
async function answer(sql: string): Promise<{ rows: unknown[][]; plan: string }> {
  spark.conf.set(OPTIMIZE, 'false');
  const nestedLoop = await rows(sql);
  expect((await spark.sql(sql)).explainString()).toContain('BroadcastNestedLoopJoin');
  spark.conf.unset(OPTIMIZE);
  const result = await rows(sql);
  expect(result).toEqual(nestedLoop);
  return { rows: result, plan: (await spark.sql(sql)).explainString() };
}

const outer = `SELECT * FROM VALUES (1), (2), (3), (NULL), (5), (2) AS t(a)`;
const notIn = (values: string) =>
  `SELECT a FROM (${outer}) WHERE a NOT IN (SELECT b FROM ${values}) ORDER BY a`;

describe('NOT IN as a null-aware anti join', () => {
  it('keeps the rows whose value is not NULL and not among the values', async () => {
    const { rows: r, plan } = await answer(notIn(`VALUES (2), (4), (5) AS s(b)`));
    expect(r).toEqual([[1], [3]]);
    expect(plan).toMatch(/BroadcastHashJoin \[a#\d+\], \[b#\d+\], LeftAnti, BuildRight, true/);
  });

  it('keeps no row when the values hold a NULL', async () => {
    const { rows: r, plan } = await answer(notIn(`VALUES (2), (NULL) AS s(b)`));
    expect(r).toEqual([]);
    expect(plan).toContain('LeftAnti, BuildRight, true');
  });

  it('keeps every row, NULL ones too, when there are no values', async () => {
    const { rows: r } = await answer(notIn(`(SELECT * FROM VALUES (7) AS s(b) WHERE b < 0)`));
    expect(r).toEqual([[null], [1], [2], [2], [3], [5]]);
  });

  it('joins many values of dense and sparse keys alike', async () => {
    // 0..999 without the multiples of 7, and the same values times 10^6 (too sparse for a bit set).
    for (const scale of [1, 1_000_000]) {
      const sql = `SELECT count(*), sum(id) FROM range(1000) WHERE id * ${scale} NOT IN
        (SELECT id * ${scale} FROM range(1000) WHERE id % 7 <> 0)`;
      const multiples = Array.from({ length: 143 }, (_, i) => 7 * i);
      const { rows: r } = await answer(sql);
      expect(r).toEqual([[BigInt(multiples.length), BigInt(multiples.reduce((x, y) => x + y, 0))]]);
    }
  });

  it('stays a nested-loop join when the values are not broadcast, or a condition joins them', async () => {
    spark.conf.set('spark.sql.autoBroadcastJoinThreshold', '-1');
    try {
      const sql = notIn(`VALUES (2), (4), (5) AS s(b)`);
      expect(await rows(sql)).toEqual([[1], [3]]);
      expect((await spark.sql(sql)).explainString()).not.toContain('BroadcastHashJoin');
    } finally {
      spark.conf.unset('spark.sql.autoBroadcastJoinThreshold');
    }
    const correlated = `SELECT a FROM (${outer}) t WHERE a NOT IN (SELECT b FROM VALUES (2, 1), (3, 9) AS s(b, c) WHERE c > t.a) ORDER BY a`;
    expect((await spark.sql(correlated)).explainString()).toContain('BroadcastNestedLoopJoin');
  });
});
