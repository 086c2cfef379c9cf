// The H2O db-benchmark group-by (q1..q10) and join (q1..q5) questions written against Flint's DataFrame
// API, the same questions as the SQL of /work/shared/h2o-questions.md.

import { F, Window, type DataFrame } from 'flint';

const { col } = F;

/** The group-by suite's one table. */
export interface H2oGroupByFrames {
  readonly x: DataFrame;
}

/** The join suite's tables: `x` and the right-hand `small`, `medium`, `big`. */
export interface H2oJoinFrames {
  readonly x: DataFrame;
  readonly small: DataFrame;
  readonly medium: DataFrame;
  readonly big: DataFrame;
}

export type H2oGroupByQuestion = (t: H2oGroupByFrames) => DataFrame;
export type H2oJoinQuestion = (t: H2oJoinFrames) => DataFrame;

/** By question id (`q1`..`q10`): what each computes is in its SQL twin in h2o-questions.md. */
export const H2O_GROUPBY_DATAFRAME_QUESTIONS: ReadonlyMap<string, H2oGroupByQuestion> = new Map<
  string,
  H2oGroupByQuestion
>([
  ['q1', ({ x }) => x.groupBy('id1').agg(F.sum('v1').alias('v1'))],
  ['q2', ({ x }) => x.groupBy('id1', 'id2').agg(F.sum('v1').alias('v1'))],
  ['q3', ({ x }) => x.groupBy('id3').agg(F.sum('v1').alias('v1'), F.avg('v3').alias('v3'))],
  [
    'q4',
    ({ x }) =>
      x.groupBy('id4').agg(F.avg('v1').alias('v1'), F.avg('v2').alias('v2'), F.avg('v3').alias('v3')),
  ],
  [
    'q5',
    ({ x }) =>
      x.groupBy('id6').agg(F.sum('v1').alias('v1'), F.sum('v2').alias('v2'), F.sum('v3').alias('v3')),
  ],
  [
    'q6',
    ({ x }) => x.groupBy('id4', 'id5').agg(F.median('v3').alias('median_v3'), F.stddev('v3').alias('sd_v3')),
  ],
  ['q7', ({ x }) => x.groupBy('id3').agg(F.max('v1').minus(F.min('v2')).alias('range_v1_v2'))],
  [
    'q8',
    ({ x }) =>
      x
        .filter(col('v3').isNotNull())
        .withColumn('r', F.row_number().over(Window.partitionBy('id6').orderBy(col('v3').desc())))
        .filter(col('r').leq(2))
        .select('id6', col('v3').alias('largest2_v3')),
  ],
  ['q9', ({ x }) => x.groupBy('id2', 'id4').agg(F.pow(F.corr('v1', 'v2'), 2).alias('r2'))],
  [
    'q10',
    ({ x }) =>
      x
        .groupBy('id1', 'id2', 'id3', 'id4', 'id5', 'id6')
        .agg(F.sum('v3').alias('v3'), F.count('*').alias('count')),
  ],
]);

/**
 * By question id (`q1`..`q5`). Each joins on one key column (SQL's USING) and keeps every column of `x`
 * (`x.col('*')`: x's columns, the join key first, as SQL's `x.*` over USING), then the right side's
 * columns renamed after the right table, then `v2`.
 */
export const H2O_JOIN_DATAFRAME_QUESTIONS: ReadonlyMap<string, H2oJoinQuestion> = new Map<
  string,
  H2oJoinQuestion
>([
  [
    'q1',
    ({ x, small }) =>
      x.join(small, 'id1').select(x.col('*'), small.col('id4').alias('small_id4'), small.col('v2')),
  ],
  [
    'q2',
    ({ x, medium }) =>
      x
        .join(medium, 'id2')
        .select(
          x.col('*'),
          medium.col('id1').alias('medium_id1'),
          medium.col('id4').alias('medium_id4'),
          medium.col('id5').alias('medium_id5'),
          medium.col('v2'),
        ),
  ],
  [
    'q3',
    ({ x, medium }) =>
      x
        .join(medium, 'id2', 'left')
        .select(
          x.col('*'),
          medium.col('id1').alias('medium_id1'),
          medium.col('id4').alias('medium_id4'),
          medium.col('id5').alias('medium_id5'),
          medium.col('v2'),
        ),
  ],
  [
    'q4',
    ({ x, medium }) =>
      x
        .join(medium, 'id5')
        .select(
          x.col('*'),
          medium.col('id1').alias('medium_id1'),
          medium.col('id2').alias('medium_id2'),
          medium.col('id4').alias('medium_id4'),
          medium.col('v2'),
        ),
  ],
  [
    'q5',
    ({ x, big }) =>
      x
        .join(big, 'id3')
        .select(
          x.col('*'),
          big.col('id1').alias('big_id1'),
          big.col('id2').alias('big_id2'),
          big.col('id4').alias('big_id4'),
          big.col('id5').alias('big_id5'),
          big.col('id6').alias('big_id6'),
          big.col('v2'),
        ),
  ],
]);
