// The H2O db-benchmark questions as SQL (ids q1..q10 for group-by, q1..q5 for join). Answers are
// compared across engines by the runner's checksum (`runner/compare.ts`: row count and measure sums).

export interface H2oQuestion {
  readonly id: string;
  readonly name: string;
  readonly sql: string;
  /** The answer's measure columns, summed by the checksum. */
  readonly measures: readonly string[];
}

export const H2O_GROUPBY: readonly H2oQuestion[] = [
  {
    id: 'q1',
    name: 'sum v1 by id1',
    sql: 'SELECT id1, sum(v1) AS v1 FROM x GROUP BY id1',
    measures: ['v1'],
  },
  {
    id: 'q2',
    name: 'sum v1 by id1:id2',
    sql: 'SELECT id1, id2, sum(v1) AS v1 FROM x GROUP BY id1, id2',
    measures: ['v1'],
  },
  {
    id: 'q3',
    name: 'sum v1 mean v3 by id3',
    sql: 'SELECT id3, sum(v1) AS v1, avg(v3) AS v3 FROM x GROUP BY id3',
    measures: ['v1', 'v3'],
  },
  {
    id: 'q4',
    name: 'mean v1:v3 by id4',
    sql: 'SELECT id4, avg(v1) AS v1, avg(v2) AS v2, avg(v3) AS v3 FROM x GROUP BY id4',
    measures: ['v1', 'v2', 'v3'],
  },
  {
    id: 'q5',
    name: 'sum v1:v3 by id6',
    sql: 'SELECT id6, sum(v1) AS v1, sum(v2) AS v2, sum(v3) AS v3 FROM x GROUP BY id6',
    measures: ['v1', 'v2', 'v3'],
  },
  {
    id: 'q6',
    name: 'median v3 sd v3 by id4 id5',
    sql: 'SELECT id4, id5, median(v3) AS median_v3, stddev(v3) AS sd_v3 FROM x GROUP BY id4, id5',
    measures: ['median_v3', 'sd_v3'],
  },
  {
    id: 'q7',
    name: 'max v1 - min v2 by id3',
    sql: 'SELECT id3, max(v1) - min(v2) AS range_v1_v2 FROM x GROUP BY id3',
    measures: ['range_v1_v2'],
  },
  {
    id: 'q8',
    name: 'largest two v3 by id6',
    sql:
      'SELECT id6, v3 AS largest2_v3 FROM (SELECT id6, v3, row_number() OVER (PARTITION BY id6 ORDER BY v3 DESC) AS r ' +
      'FROM x WHERE v3 IS NOT NULL) WHERE r <= 2',
    measures: ['largest2_v3'],
  },
  {
    id: 'q9',
    name: 'regression v1 v2 by id2 id4',
    sql: 'SELECT id2, id4, pow(corr(v1, v2), 2) AS r2 FROM x GROUP BY id2, id4',
    measures: ['r2'],
  },
  {
    id: 'q10',
    name: 'sum v3 count by id1:id6',
    sql: 'SELECT id1, id2, id3, id4, id5, id6, sum(v3) AS v3, count(*) AS count FROM x GROUP BY id1, id2, id3, id4, id5, id6',
    measures: ['v3', 'count'],
  },
];

export const H2O_JOIN: readonly H2oQuestion[] = [
  {
    id: 'q1',
    name: 'small inner on int',
    sql: 'SELECT x.*, small.id4 AS small_id4, v2 FROM x JOIN small USING (id1)',
    measures: ['v1', 'v2'],
  },
  {
    id: 'q2',
    name: 'medium inner on int',
    sql:
      'SELECT x.*, medium.id1 AS medium_id1, medium.id4 AS medium_id4, medium.id5 AS medium_id5, v2 ' +
      'FROM x JOIN medium USING (id2)',
    measures: ['v1', 'v2'],
  },
  {
    id: 'q3',
    name: 'medium outer on int',
    sql:
      'SELECT x.*, medium.id1 AS medium_id1, medium.id4 AS medium_id4, medium.id5 AS medium_id5, v2 ' +
      'FROM x LEFT JOIN medium USING (id2)',
    measures: ['v1', 'v2'],
  },
  {
    id: 'q4',
    name: 'medium inner on factor',
    sql:
      'SELECT x.*, medium.id1 AS medium_id1, medium.id2 AS medium_id2, medium.id4 AS medium_id4, v2 ' +
      'FROM x JOIN medium USING (id5)',
    measures: ['v1', 'v2'],
  },
  {
    id: 'q5',
    name: 'big inner on int',
    sql:
      'SELECT x.*, big.id1 AS big_id1, big.id2 AS big_id2, big.id4 AS big_id4, big.id5 AS big_id5, ' +
      'big.id6 AS big_id6, v2 FROM x JOIN big USING (id3)',
    measures: ['v1', 'v2'],
  },
];

export function h2oQuestions(suite: 'groupby' | 'join'): readonly H2oQuestion[] {
  return suite === 'groupby' ? H2O_GROUPBY : H2O_JOIN;
}
