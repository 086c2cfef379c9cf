// Flint answering each suite through its DataFrame API (the queries as a PySpark user writes them),
// over the same session, files and cache as the SQL engine.

import type { DataFrame } from 'flint';
import {
  H2O_GROUPBY_DATAFRAME_QUESTIONS,
  H2O_JOIN_DATAFRAME_QUESTIONS,
  type H2oGroupByFrames,
  type H2oJoinFrames,
} from '../h2o/flint-dataframe-questions.js';
import type { EngineAdapter, EngineOptions, EngineSession, QueryOutput, SuiteName } from '../runner/types.js';
import { TPCH_TABLES } from '../runner/suite-data.js';
import { tpchDataFrameQuery, type TpchFrames } from '../tpch/flint-dataframe-queries.js';
import { cacheFlintTables, flintVersion, openFlint, runFlint } from './flint-common.js';

/** Builds a query's DataFrame from the suite's tables. */
type DataFrameBuilder = (tables: Readonly<Record<string, DataFrame>>) => DataFrame | Promise<DataFrame>;

/** The tables as the typed frames a suite's queries take; throws naming any table the suite lacks. */
function framesOf<K extends string>(
  tables: Readonly<Record<string, DataFrame>>,
  names: readonly K[],
): Record<K, DataFrame> {
  const missing = names.filter((n) => tables[n] === undefined);
  if (missing.length > 0) throw new Error(`flint-df: the suite has no table ${missing.join(', ')}`);
  return Object.fromEntries(names.map((n) => [n, tables[n]!])) as Record<K, DataFrame>;
}

/** The DataFrame version of a suite's query, or undefined when there is none. */
export function dataFrameQuery(suite: SuiteName, id: string): DataFrameBuilder | undefined {
  switch (suite) {
    case 'tpch': {
      const q = tpchDataFrameQuery(id);
      return q === undefined ? undefined : (tables) => q(framesOf(tables, TPCH_TABLES) as TpchFrames);
    }
    case 'h2o-groupby': {
      const q = H2O_GROUPBY_DATAFRAME_QUESTIONS.get(id);
      return q === undefined ? undefined : (tables) => q(framesOf(tables, ['x']) as H2oGroupByFrames);
    }
    case 'h2o-join': {
      const q = H2O_JOIN_DATAFRAME_QUESTIONS.get(id);
      const names = ['x', 'small', 'medium', 'big'] as const;
      return q === undefined ? undefined : (tables) => q(framesOf(tables, names) as H2oJoinFrames);
    }
  }
}

async function open(options: EngineOptions): Promise<EngineSession> {
  const handle = await openFlint(options);
  return {
    async load(): Promise<void> {
      if (options.mode === 'memory') await cacheFlintTables(handle);
    },
    query(id: string): (() => Promise<QueryOutput>) | undefined {
      const build = dataFrameQuery(options.suite, id);
      if (build === undefined) return undefined;
      // Building the DataFrame (analysis) is timed with the run, as parsing is for SQL.
      return async () => runFlint(await build(handle.tables));
    },
    async close(): Promise<void> {
      handle.spark.stop();
    },
  };
}

export const adapter: EngineAdapter = {
  name: 'flint-df',
  describe: async () => `Flint ${flintVersion()} (DataFrame API)`,
  open,
};

export default adapter;
