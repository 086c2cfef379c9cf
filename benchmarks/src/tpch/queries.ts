// The 22 TPC-H queries as SQL texts, read from the shared reference folder (`<shared>/tpch/queries/qNN.sql`).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sharedDir } from '../runner/paths.js';
import { queryNumber } from '../runner/query-id.js';

export interface SuiteQuery {
  readonly id: string;
  readonly sql: string;
}

/** `q01` … `q22`. */
export const TPCH_QUERY_IDS: readonly string[] = Array.from({ length: 22 }, (_, i) => tpchQueryId(i + 1));

/** `6` → `q06`. */
export function tpchQueryId(n: number): string {
  return `q${String(n).padStart(2, '0')}`;
}

/** Accepts `6`, `q6`, `q06`, `Q06` and gives the canonical id, or throws. */
export function parseTpchQueryId(text: string): string {
  const n = queryNumber(text) ?? NaN;
  if (!(n >= 1 && n <= 22)) throw new Error(`not a TPC-H query: '${text}' (want 1..22)`);
  return tpchQueryId(n);
}

const cache = new Map<string, string>();

/** The query's SQL without its trailing semicolon. */
export function tpchQuerySql(id: string): string {
  let sql = cache.get(id);
  if (sql === undefined) {
    sql = readFileSync(path.join(sharedDir(), 'tpch', 'queries', `${id}.sql`), 'utf8')
      .trim()
      .replace(/;\s*$/, '');
    cache.set(id, sql);
  }
  return sql;
}

export function tpchQueries(ids: readonly string[] = TPCH_QUERY_IDS): SuiteQuery[] {
  return ids.map((id) => ({ id, sql: tpchQuerySql(id) }));
}
