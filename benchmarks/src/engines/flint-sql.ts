// Flint answering each suite's SQL texts (`spark.sql`), over views of the Parquet files or their cache.

import { suiteQueries } from '../runner/suite-queries.js';
import type { EngineAdapter, EngineOptions, EngineSession, QueryOutput } from '../runner/types.js';
import { cacheFlintTables, flintVersion, openFlint, runFlint } from './flint-common.js';

async function open(options: EngineOptions): Promise<EngineSession> {
  const handle = await openFlint(options);
  const sqlById = new Map((await suiteQueries(options.suite)).map((q) => [q.id, q.sql]));
  return {
    async load(): Promise<void> {
      if (options.mode === 'memory') await cacheFlintTables(handle);
    },
    query(id: string): (() => Promise<QueryOutput>) | undefined {
      const sql = sqlById.get(id);
      if (sql === undefined) return undefined;
      return async () => runFlint(await handle.spark.sql(sql));
    },
    async close(): Promise<void> {
      handle.spark.stop();
    },
  };
}

export const adapter: EngineAdapter = {
  name: 'flint-sql',
  describe: async () => `Flint ${flintVersion()} (SQL)`,
  open,
};

export default adapter;
