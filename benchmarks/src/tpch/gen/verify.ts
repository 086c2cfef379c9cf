// Check 1 of the generator: its tables equal dbgen's reference Parquet files row for row and column
// for column (compared in DuckDB, rows matched by their key in key order).

import { DuckDBInstance } from '@duckdb/node-api';
import path from 'node:path';
import { TABLES, TABLE_NAMES, type TableName } from './tables/index.js';

/** Each table's key, which orders its rows in dbgen's output. */
const KEYS: Record<TableName, string> = {
  customer: 'c_custkey',
  lineitem: 'l_orderkey, l_linenumber',
  nation: 'n_nationkey',
  orders: 'o_orderkey',
  part: 'p_partkey',
  partsupp: 'ps_partkey, ps_suppkey',
  region: 'r_regionkey',
  supplier: 's_suppkey',
};

function sqlList(files: readonly string[]): string {
  return `[${files.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ')}]`;
}

export interface TableCheck {
  readonly table: TableName;
  readonly generatedRows: number;
  readonly referenceRows: number;
  /** Empty when every row is equal; else the first differing row (by key order) and its columns. */
  readonly firstDifference: string;
}

/**
 * Compares the generated `files` of each table with `<referenceDir>/<table>.parquet`. Returns whether
 * all tables are equal; `log` gets one line per table.
 */
export async function verifyAgainstReference(
  files: ReadonlyMap<string, readonly string[]>,
  referenceDir: string,
  log: (msg: string) => void,
  tables: readonly TableName[] = TABLE_NAMES,
): Promise<boolean> {
  const checks = await compareTables(files, referenceDir, tables);
  for (const c of checks) {
    const status = c.firstDifference === '' && c.generatedRows === c.referenceRows ? 'EQUAL' : 'DIFFERENT';
    log(
      `${c.table.padEnd(9)} ${status}: ${c.generatedRows} generated, ${c.referenceRows} reference rows${c.firstDifference === '' ? '' : `; ${c.firstDifference}`}`,
    );
  }
  return checks.every((c) => c.firstDifference === '' && c.generatedRows === c.referenceRows);
}

export async function compareTables(
  files: ReadonlyMap<string, readonly string[]>,
  referenceDir: string,
  tables: readonly TableName[] = TABLE_NAMES,
): Promise<TableCheck[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    await conn.run('SET threads = 2');
    const out: TableCheck[] = [];
    for (const table of tables) {
      const generated = files.get(table);
      if (generated === undefined || generated.length === 0)
        throw new Error(`no generated files for ${table}`);
      const reference = path.join(referenceDir, `${table}.parquet`);
      const columns = TABLES[table].columns.map((c) => c.name);
      const keys = KEYS[table];
      const numbered = (source: string): string =>
        `SELECT row_number() OVER (ORDER BY ${keys}) AS rn, * FROM read_parquet(${source})`;
      const counts = await conn.runAndReadAll(
        `SELECT (SELECT count(*) FROM read_parquet(${sqlList(generated)})), (SELECT count(*) FROM read_parquet(${sqlList([reference])}))`,
      );
      const [g, r] = counts.getRows()[0]! as [bigint, bigint];
      const differs = columns.map((c) => `g.${c} IS DISTINCT FROM r.${c}`).join(' OR ');
      const diff = await conn.runAndReadAll(
        `WITH g AS (${numbered(sqlList(generated))}), r AS (${numbered(sqlList([reference]))})
         SELECT g.rn AS g_rn, r.rn AS r_rn, ${columns.map((c) => `CAST(g.${c} AS VARCHAR) AS "g_${c}", CAST(r.${c} AS VARCHAR) AS "r_${c}"`).join(', ')}
         FROM g FULL OUTER JOIN r ON g.rn = r.rn
         WHERE g.rn IS NULL OR r.rn IS NULL OR ${differs}
         ORDER BY coalesce(g.rn, r.rn) LIMIT 1`,
      );
      let firstDifference = '';
      const row = diff.getRowObjectsJson()[0];
      if (row !== undefined) {
        const cells = columns
          .filter((c) => row[`g_${c}`] !== row[`r_${c}`])
          .map(
            (c) =>
              `${c}: generated ${JSON.stringify(row[`g_${c}`])}, reference ${JSON.stringify(row[`r_${c}`])}`,
          );
        firstDifference = `first difference at row ${String(row['g_rn'] ?? row['r_rn'])} (key order): ${cells.join('; ')}`;
      }
      out.push({ table, generatedRows: Number(g), referenceRows: Number(r), firstDifference });
    }
    return out;
  } finally {
    conn.closeSync();
  }
}
