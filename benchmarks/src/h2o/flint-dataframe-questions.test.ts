// Checks each H2O DataFrame question against the same question in SQL (h2o/questions.ts) on tiny tables.

import { SparkSession, type DataFrame } from 'flint';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  H2O_GROUPBY_DATAFRAME_QUESTIONS,
  H2O_JOIN_DATAFRAME_QUESTIONS,
  type H2oGroupByFrames,
  type H2oJoinFrames,
} from './flint-dataframe-questions.js';
import { H2O_GROUPBY, H2O_JOIN } from './questions.js';

/** The SQL texts the runner gives the SQL engines, by question id. */
const GROUPBY_SQL: Readonly<Record<string, string>> = Object.fromEntries(
  H2O_GROUPBY.map((q) => [q.id, q.sql]),
);
const JOIN_SQL: Readonly<Record<string, string>> = Object.fromEntries(H2O_JOIN.map((q) => [q.id, q.sql]));

/** A small deterministic generator (LCG), so the tables are the same on every run. */
function lcg(seed: number): (bound: number) => number {
  let s = seed >>> 0;
  return (bound) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % bound;
  };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Rows as sorted text lines, doubles rounded so that summation order cannot matter. */
async function canonicalRows(df: DataFrame): Promise<string[]> {
  const rows = await df.collect();
  return rows
    .map((r) =>
      r
        .toArray()
        .map((v) => (typeof v === 'number' && !Number.isInteger(v) ? v.toPrecision(10) : String(v)))
        .join('|'),
    )
    .sort();
}

async function expectSameAnswer(spark: SparkSession, sql: string, df: DataFrame): Promise<void> {
  const expected = await spark.sql(sql);
  expect(df.columns).toEqual(expected.columns);
  expect(df.dtypes).toEqual(expected.dtypes);
  const actual = await canonicalRows(df);
  expect(actual.length).toBeGreaterThan(0);
  expect(actual).toEqual(await canonicalRows(expected));
}

describe('H2O DataFrame questions equal their SQL', () => {
  let spark: SparkSession;
  let groupby: H2oGroupByFrames;
  let join: H2oJoinFrames;

  beforeAll(() => {
    spark = SparkSession.builder().getOrCreate();
    // Group-by table with K = 4 and N = 240 (id3 and id6 have N/K = 60 values), one NULL v3 for q8's filter.
    const next = lcg(7);
    const xRows: unknown[][] = [];
    for (let i = 0; i < 240; i++) {
      xRows.push([
        `id${pad(1 + next(4), 3)}`,
        `id${pad(1 + next(4), 3)}`,
        `id${pad(1 + next(60), 10)}`,
        1 + next(4),
        1 + next(4),
        1 + next(60),
        1 + next(5),
        1 + next(15),
        i === 17 ? null : next(100_000_000) / 1_000_000,
      ]);
    }
    const x = spark.createDataFrame(
      xRows,
      'id1 string, id2 string, id3 string, id4 int, id5 int, id6 int, v1 int, v2 int, v3 double',
    );
    x.createOrReplaceTempView('x');
    groupby = { x };

    // Join tables: keys 1..20 on the left, 3..22 on the right, so some match and some do not.
    const key = (k: number): [number, string] => [k, `id${k}`];
    const jx = spark.createDataFrame(
      Array.from({ length: 30 }, (_, i) => {
        const [a, sa] = key(1 + (i % 5));
        const [b, sb] = key(1 + (i % 12));
        const [c, sc] = key(1 + i);
        return [a, b, c, sa, sb, sc, i / 4];
      }),
      'id1 int, id2 int, id3 int, id4 string, id5 string, id6 string, v1 double',
    );
    const small = spark.createDataFrame(
      Array.from({ length: 4 }, (_, i) => [3 + i, `id${3 + i}`, i * 1.5]),
      'id1 int, id4 string, v2 double',
    );
    const medium = spark.createDataFrame(
      Array.from({ length: 10 }, (_, i) => [1 + (i % 5), 3 + i, `id${1 + (i % 5)}`, `id${3 + i}`, i * 2.5]),
      'id1 int, id2 int, id4 string, id5 string, v2 double',
    );
    const big = spark.createDataFrame(
      Array.from({ length: 30 }, (_, i) => [
        1 + (i % 5),
        1 + (i % 12),
        3 + i,
        `id${1 + (i % 5)}`,
        `id${1 + (i % 12)}`,
        `id${3 + i}`,
        i * 0.75,
      ]),
      'id1 int, id2 int, id3 int, id4 string, id5 string, id6 string, v2 double',
    );
    small.createOrReplaceTempView('small');
    medium.createOrReplaceTempView('medium');
    big.createOrReplaceTempView('big');
    join = { x: jx, small, medium, big };
  });

  it('has group-by q1..q10 and join q1..q5', () => {
    expect([...H2O_GROUPBY_DATAFRAME_QUESTIONS.keys()]).toEqual(Object.keys(GROUPBY_SQL));
    expect([...H2O_JOIN_DATAFRAME_QUESTIONS.keys()]).toEqual(Object.keys(JOIN_SQL));
  });

  for (const [id, question] of H2O_GROUPBY_DATAFRAME_QUESTIONS) {
    it(`group-by ${id}`, async () => {
      groupby.x.createOrReplaceTempView('x');
      await expectSameAnswer(spark, GROUPBY_SQL[id]!, question(groupby));
    });
  }

  for (const [id, question] of H2O_JOIN_DATAFRAME_QUESTIONS) {
    it(`join ${id}`, async () => {
      // The join suite's left table is also called x: point the view at it for these questions.
      join.x.createOrReplaceTempView('x');
      try {
        await expectSameAnswer(spark, JOIN_SQL[id]!, question(join));
      } finally {
        groupby.x.createOrReplaceTempView('x');
      }
    });
  }
});
