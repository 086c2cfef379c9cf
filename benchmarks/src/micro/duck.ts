// DuckDB as the micro-benchmarks' peer: loaded lazily (it is an optional dev dependency), one in-memory
// database at one thread, with tables appended from the same typed arrays Flint reads.

import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Column } from './data.js';

export interface Duck {
  readonly version: string;
  /** Runs a statement and returns its rows (values as @duckdb/node-api gives them). */
  rows(sql: string): Promise<unknown[][]>;
  run(sql: string): Promise<void>;
  /** Creates (replacing) `table` and appends the columns' rows; types long, int, double and string only. */
  loadTable(table: string, columns: readonly Column[], numRows: number): Promise<void>;
  close(): void;
}

/** The DuckDB peer, or the reason it is unavailable. */
export async function openDuck(): Promise<Duck | { unavailable: string }> {
  let api: typeof import('@duckdb/node-api');
  try {
    api = await import('@duckdb/node-api');
  } catch (e) {
    return { unavailable: e instanceof Error ? e.message : String(e) };
  }
  const instance: DuckDBInstance = await api.DuckDBInstance.create(':memory:', { threads: '1' });
  const conn: DuckDBConnection = await instance.connect();
  const rows = async (sql: string): Promise<unknown[][]> => (await conn.runAndReadAll(sql)).getRows();
  const version = String((await rows('SELECT version()'))[0]![0]);
  return {
    version,
    rows,
    run: async (sql) => {
      await conn.run(sql);
    },
    loadTable: async (table, columns, numRows) => {
      const ddl = columns.map((c) => `${c.name} ${duckType(c)}`).join(', ');
      await conn.run(`CREATE OR REPLACE TABLE ${table} (${ddl})`);
      const appender = await conn.createAppender(table);
      // One appender call per value is the slow part of setup (never timed); typed loops keep it short.
      const appendColumn = columns.map((c): ((i: number) => void) => {
        const v = c.values;
        if (v instanceof BigInt64Array) return (i) => appender.appendBigInt(v[i]!);
        if (v instanceof Int32Array) return (i) => appender.appendInteger(v[i]!);
        if (v instanceof Float64Array) return (i) => appender.appendDouble(v[i]!);
        const strings = v as string[];
        return (i) => appender.appendVarchar(strings[i]!);
      });
      for (let i = 0; i < numRows; i++) {
        for (const append of appendColumn) append(i);
        appender.endRow();
      }
      appender.flushSync();
      appender.closeSync();
    },
    close: () => {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

function duckType(c: Column): string {
  switch (c.type.kind) {
    case 'long':
      return 'BIGINT';
    case 'integer':
      return 'INTEGER';
    case 'double':
      return 'DOUBLE';
    case 'string':
      return 'VARCHAR';
    default:
      throw new Error(`DuckDB micro tables do not hold ${c.type.kind} columns (${c.name})`);
  }
}

/** SQL string literal of a file path. */
export function sqlPath(path: string): string {
  return `'${path.replaceAll("'", "''")}'`;
}
