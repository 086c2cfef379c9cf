// The H2O db-benchmark questions as SQL (ids q1..q10 for group-by, q1..q5 for join) and the checksum
// that compares answers across engines: the sum of every measure column and the row count.

import type { Cell, ResultSet } from '../runner/types.js';

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

/** An answer reduced to what every engine must agree on. */
export interface H2oChecksum {
  readonly rows: number;
  /** Sum of each measure column's non-null values, by column name. */
  readonly sums: Readonly<Record<string, number>>;
}

function toNumber(c: Cell): number | null {
  if (typeof c === 'number') return c;
  if (typeof c === 'boolean') return c ? 1 : 0;
  if (typeof c === 'string' && c.trim() !== '' && Number.isFinite(Number(c))) return Number(c);
  return null;
}

/**
 * The checksum of an answer: its row count and the sums of `measures` (default: the question's, when a
 * question is given, else every column whose values are numbers and whose name is not an id column).
 */
export function answerChecksum(result: ResultSet, measures?: readonly string[] | H2oQuestion): H2oChecksum {
  const names =
    measures === undefined
      ? result.columns.filter(
          (name, c) => !/(^|_)id\d+$/.test(name) && result.rows.some((r) => typeof r[c] === 'number'),
        )
      : Array.isArray(measures)
        ? (measures as readonly string[])
        : (measures as H2oQuestion).measures;
  const sums: Record<string, number> = {};
  for (const name of names) {
    const c = result.columns.indexOf(name);
    if (c < 0)
      throw new Error(`answer has no measure column '${name}' (columns: ${result.columns.join(', ')})`);
    let sum = 0;
    for (const row of result.rows) {
      const v = toNumber(row[c] ?? null);
      if (v !== null && !Number.isNaN(v)) sum += v;
    }
    sums[name] = sum;
  }
  return { rows: result.rows.length, sums };
}

/**
 * Whether two checksums agree: same row count and measure sums equal within `relTolerance` (the engines
 * sum floating-point values in different orders).
 */
export function checksumsAgree(a: H2oChecksum, b: H2oChecksum, relTolerance = 1e-9): boolean {
  if (a.rows !== b.rows) return false;
  const keys = Object.keys(a.sums);
  if (keys.length !== Object.keys(b.sums).length) return false;
  for (const k of keys) {
    const x = a.sums[k];
    const y = b.sums[k];
    if (x === undefined || y === undefined) return false;
    if (Math.abs(x - y) > relTolerance * Math.max(1, Math.abs(x), Math.abs(y))) return false;
  }
  return true;
}

/** The checksum as short text for reports: `rows=100 v1=123.45 v3=…`. */
export function formatChecksum(c: H2oChecksum): string {
  return [
    `rows=${c.rows}`,
    ...Object.entries(c.sums).map(([k, v]) => `${k}=${Number(v.toPrecision(12))}`),
  ].join(' ');
}
