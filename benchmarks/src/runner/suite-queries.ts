// The SQL texts of every suite by query id, for the engines that run SQL (Flint SQL, DuckDB).

import { h2oQuestions } from '../h2o/questions.js';
import { tpchQueries, type SuiteQuery } from '../tpch/queries.js';
import type { SuiteName } from './types.js';

export type { SuiteQuery };

export async function suiteQueries(suite: SuiteName): Promise<SuiteQuery[]> {
  switch (suite) {
    case 'tpch':
      return tpchQueries();
    case 'h2o-groupby':
      return h2oQuestions('groupby').map((q) => ({ id: q.id, sql: q.sql }));
    case 'h2o-join':
      return h2oQuestions('join').map((q) => ({ id: q.id, sql: q.sql }));
  }
}
