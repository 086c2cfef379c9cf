// DuckDB (`@duckdb/node-api`) answering each suite's SQL: views over `read_parquet` in parquet mode,
// tables loaded from the files in memory mode.

import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { suiteQueries } from '../runner/suite-queries.js';
import {
  type Cell,
  type EngineAdapter,
  type EngineOptions,
  type EngineSession,
  EngineUnavailable,
  type QueryOutput,
} from '../runner/types.js';

type DuckDBModule = typeof import('@duckdb/node-api');

async function loadDuckDB(): Promise<DuckDBModule> {
  try {
    return await import('@duckdb/node-api');
  } catch (err) {
    throw new EngineUnavailable('duckdb', err);
  }
}

function quoteString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

function quoteIdent(s: string): string {
  return `"${s.replaceAll('"', '""')}"`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** DuckDB's JS values as cells: DATE comes as a JS Date at UTC midnight, BIGINT as bigint, DECIMAL as number. */
function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'number':
    case 'boolean':
    case 'string':
      return v;
    case 'bigint':
      return Number(v);
    default:
      if (v instanceof Date) {
        const iso = `${v.getUTCFullYear()}-${pad2(v.getUTCMonth() + 1)}-${pad2(v.getUTCDate())}`;
        const isMidnight = v.getUTCHours() === 0 && v.getUTCMinutes() === 0 && v.getUTCSeconds() === 0;
        return isMidnight ? iso : v.toISOString();
      }
      return String(v);
  }
}

/** Runs the query to DuckDB's materialized result (all chunks read); JS values are made only for the check. */
async function runQuery(conn: DuckDBConnection, sql: string): Promise<QueryOutput> {
  const reader = await conn.runAndReadAll(sql);
  return {
    rowCount: reader.currentRowCount,
    toResultSet: () =>
      Promise.resolve({ columns: reader.columnNames(), rows: reader.getRowsJS().map((r) => r.map(toCell)) }),
  };
}

async function open(options: EngineOptions): Promise<EngineSession> {
  const duck = await loadDuckDB();
  const instance: DuckDBInstance = await duck.DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(`SET threads = ${options.threads}`);
  const sqlById = new Map((await suiteQueries(options.suite)).map((q) => [q.id, q.sql]));
  const source = (files: readonly string[]): string => `read_parquet([${files.map(quoteString).join(', ')}])`;
  return {
    async load(): Promise<void> {
      for (const t of options.tables) {
        const verb = options.mode === 'memory' ? 'TABLE' : 'VIEW';
        await conn.run(`CREATE OR REPLACE ${verb} ${quoteIdent(t.name)} AS SELECT * FROM ${source(t.files)}`);
      }
    },
    query(id: string): (() => Promise<QueryOutput>) | undefined {
      const sql = sqlById.get(id);
      if (sql === undefined) return undefined;
      return () => runQuery(conn, sql);
    },
    async close(): Promise<void> {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

export const adapter: EngineAdapter = {
  name: 'duckdb',
  async describe(): Promise<string> {
    const duck = await loadDuckDB();
    return `DuckDB ${duck.version()}`;
  },
  open,
};

export default adapter;
