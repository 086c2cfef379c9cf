// The H2O db-benchmark questions (/work/shared/h2o-questions.md) in the nodejs-polars lazy API: group-by
// q1..q10 over table `x`, join q1..q5 over `x` with `small`, `medium` and `big`. Output columns carry the
// names and order of the SQL versions; rows come in no particular order, as in SQL without ORDER BY.

import type { LazyDataFrame } from 'nodejs-polars';
import type { Polars, TableSource } from '../tpch/polars-queries.js';

/** An H2O question as a lazy plan; the caller ends it with `.collect()`. */
export type PolarsQuestion = (pl: Polars, table: TableSource) => LazyDataFrame;

const groupbyQuestions: [number, PolarsQuestion][] = [
  [1, (pl, t) => t('x').groupBy('id1').agg(pl.col('v1').sum().alias('v1'))],
  [2, (pl, t) => t('x').groupBy(['id1', 'id2']).agg(pl.col('v1').sum().alias('v1'))],
  [3, (pl, t) => t('x').groupBy('id3').agg(pl.col('v1').sum().alias('v1'), pl.col('v3').mean().alias('v3'))],
  [
    4,
    (pl, t) =>
      t('x')
        .groupBy('id4')
        .agg(
          pl.col('v1').mean().alias('v1'),
          pl.col('v2').mean().alias('v2'),
          pl.col('v3').mean().alias('v3'),
        ),
  ],
  [
    5,
    (pl, t) =>
      t('x')
        .groupBy('id6')
        .agg(pl.col('v1').sum().alias('v1'), pl.col('v2').sum().alias('v2'), pl.col('v3').sum().alias('v3')),
  ],
  [
    6,
    (pl, t) =>
      t('x')
        .groupBy(['id4', 'id5'])
        // std() is the sample standard deviation (ddof 1), as SQL's stddev.
        .agg(pl.col('v3').median().alias('median_v3'), pl.col('v3').std().alias('sd_v3')),
  ],
  [
    7,
    (pl, t) =>
      t('x')
        .groupBy('id3')
        .agg(pl.col('v1').max().sub(pl.col('v2').min()).alias('range_v1_v2')),
  ],
  [
    8,
    (pl, t) =>
      t('x')
        .filter(pl.col('v3').isNotNull())
        .groupBy('id6')
        // The two largest per group; ties among equal values are interchangeable.
        .agg(pl.col('v3').sort({ descending: true }).head(2).alias('largest2_v3'))
        .explode('largest2_v3'),
  ],
  [
    9,
    (pl, t) =>
      t('x')
        .groupBy(['id2', 'id4'])
        // SQL's corr of a single row is NULL where Polars gives NaN.
        .agg(
          pl.when(pl.len().gt(1)).then(pl.pearsonCorr('v1', 'v2').pow(2)).otherwise(pl.lit(null)).alias('r2'),
        ),
  ],
  [
    10,
    (pl, t) =>
      t('x')
        .groupBy(['id1', 'id2', 'id3', 'id4', 'id5', 'id6'])
        .agg(pl.col('v3').sum().alias('v3'), pl.len().alias('count')),
  ],
];

const joinQuestions: [number, PolarsQuestion][] = [
  [
    1,
    (pl, t) => t('x').join(t('small').select('id1', pl.col('id4').alias('small_id4'), 'v2'), { on: 'id1' }),
  ],
  [
    2,
    (pl, t) =>
      t('x').join(
        t('medium').select(
          'id2',
          pl.col('id1').alias('medium_id1'),
          pl.col('id4').alias('medium_id4'),
          pl.col('id5').alias('medium_id5'),
          'v2',
        ),
        { on: 'id2' },
      ),
  ],
  [
    3,
    (pl, t) =>
      t('x').join(
        t('medium').select(
          'id2',
          pl.col('id1').alias('medium_id1'),
          pl.col('id4').alias('medium_id4'),
          pl.col('id5').alias('medium_id5'),
          'v2',
        ),
        { on: 'id2', how: 'left' },
      ),
  ],
  [
    4,
    (pl, t) =>
      t('x').join(
        t('medium').select(
          'id5',
          pl.col('id1').alias('medium_id1'),
          pl.col('id2').alias('medium_id2'),
          pl.col('id4').alias('medium_id4'),
          'v2',
        ),
        { on: 'id5' },
      ),
  ],
  [
    5,
    (pl, t) =>
      t('x').join(
        t('big').select(
          'id3',
          pl.col('id1').alias('big_id1'),
          pl.col('id2').alias('big_id2'),
          pl.col('id4').alias('big_id4'),
          pl.col('id5').alias('big_id5'),
          pl.col('id6').alias('big_id6'),
          'v2',
        ),
        { on: 'id3' },
      ),
  ],
];

/** Group-by questions q1..q10 by number. */
export const H2O_GROUPBY_POLARS: ReadonlyMap<number, PolarsQuestion> = new Map(groupbyQuestions);

/** Join questions q1..q5 by number. */
export const H2O_JOIN_POLARS: ReadonlyMap<number, PolarsQuestion> = new Map(joinQuestions);
