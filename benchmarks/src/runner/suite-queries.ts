// The SQL texts of every suite by query id, for the engines that run SQL (Flint SQL, DuckDB).

import { tpchQueries, type SuiteQuery } from '../tpch/queries.js';
import type { SuiteName } from './types.js';

export type { SuiteQuery };

function isQueryList(v: unknown): v is SuiteQuery[] {
  return (
    Array.isArray(v) &&
    v.length > 0 &&
    v.every(
      (q) => q !== null && typeof q === 'object' && typeof q.id === 'string' && typeof q.sql === 'string',
    )
  );
}

/**
 * The H2O questions from `h2o/questions.js`: its `h2oQuestions(suite)` when it has one, else an exported
 * list of `{ id, sql }` whose export name mentions the suite (`groupby` / `join`).
 */
async function h2oQuestions(suite: 'groupby' | 'join'): Promise<SuiteQuery[]> {
  const specifier = '../h2o/questions.js';
  const mod = (await import(specifier)) as Record<string, unknown>;
  const fn = mod['h2oQuestions'];
  if (typeof fn === 'function') {
    const list: unknown = await (fn as (s: string) => unknown)(suite);
    if (isQueryList(list)) return list.map((q) => ({ id: q.id, sql: q.sql }));
  }
  for (const [name, value] of Object.entries(mod)) {
    if (
      name
        .toLowerCase()
        .replace(/[^a-z]/g, '')
        .includes(suite) &&
      isQueryList(value)
    )
      return value.map((q) => ({ id: q.id, sql: q.sql }));
  }
  throw new Error(`h2o/questions.js exports no ${suite} questions (want h2oQuestions(suite) => {id, sql}[])`);
}

export async function suiteQueries(suite: SuiteName): Promise<SuiteQuery[]> {
  switch (suite) {
    case 'tpch':
      return tpchQueries();
    case 'h2o-groupby':
      return h2oQuestions('groupby');
    case 'h2o-join':
      return h2oQuestions('join');
  }
}

/** The SQL of one query of a suite, or undefined when the suite has no such id. */
export async function suiteQuerySql(suite: SuiteName, id: string): Promise<string | undefined> {
  return (await suiteQueries(suite)).find((q) => q.id === id)?.sql;
}
