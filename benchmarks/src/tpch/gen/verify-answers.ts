// Check 2 of the generator: the 22 TPC-H queries, run by DuckDB on the generated tables, give the
// reference answers (`/work/shared/tpch/answers/sf<sf>/qNN.csv`), numbers compared with a tolerance.
// CLI: `node dist/tpch/gen/verify-answers.js --sf 1 [--dir DIR] [--queries 1,6] [--workers N]`.

import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { numberArg, parseArgs } from '../../bench-util.js';
import type { SuiteTable } from '../../runner/types.js';
import { ensureTpchData } from './generate.js';
import { TABLE_NAMES } from './tables/index.js';

export const SHARED_TPCH = '/work/shared/tpch';

/** Numbers agree within 0.01 absolute or 1e-6 relative (reference and engines print different digits). */
export function cellsAgree(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  const e = Number(expected);
  const a = Number(actual);
  if (expected.trim() === '' || actual.trim() === '' || Number.isNaN(e) || Number.isNaN(a)) return false;
  return Math.abs(e - a) <= 0.01 || Math.abs(e - a) <= 1e-6 * Math.abs(e);
}

/** A `|`-separated answer file with a header line, no quoting. */
export function parseAnswer(text: string): { columns: string[]; rows: string[][] } {
  const lines = text.split('\n').filter((l) => l !== '');
  return { columns: (lines[0] ?? '').split('|'), rows: lines.slice(1).map((l) => l.split('|')) };
}

/** The first disagreement between two answers, or '' when they agree. */
export function compareAnswers(expected: readonly string[][], actual: readonly string[][]): string {
  if (expected.length !== actual.length) return `${actual.length} rows, expected ${expected.length}`;
  for (let r = 0; r < expected.length; r++) {
    const e = expected[r]!;
    const a = actual[r]!;
    if (e.length !== a.length) return `row ${r + 1}: ${a.length} columns, expected ${e.length}`;
    for (let c = 0; c < e.length; c++)
      if (!cellsAgree(e[c]!, a[c]!))
        return `row ${r + 1} column ${c + 1}: ${JSON.stringify(a[c])}, expected ${JSON.stringify(e[c])}`;
  }
  return '';
}

export interface QueryCheck {
  readonly query: number;
  readonly ok: boolean;
  readonly detail: string;
  readonly seconds: number;
}

/** Runs the queries on `tables` with DuckDB (2 threads) and compares each with its answer file. */
export async function verifyAnswers(
  tables: readonly SuiteTable[],
  answersDir: string,
  queries: readonly number[] = Array.from({ length: 22 }, (_, i) => i + 1),
  log: (msg: string) => void = () => {},
): Promise<QueryCheck[]> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  try {
    await conn.run('SET threads = 2');
    for (const t of tables) {
      const list = t.files.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ');
      await conn.run(`CREATE VIEW ${t.name} AS SELECT * FROM read_parquet([${list}])`);
    }
    const checks: QueryCheck[] = [];
    for (const q of queries) {
      const id = String(q).padStart(2, '0');
      const sql = await readFile(path.join(SHARED_TPCH, 'queries', `q${id}.sql`), 'utf8');
      const expected = parseAnswer(await readFile(path.join(answersDir, `q${id}.csv`), 'utf8'));
      const t0 = performance.now();
      let detail: string;
      try {
        const result = await conn.runAndReadAll(sql);
        const rows = result.getRowsJson().map((row) => row.map((v) => (v === null ? '' : String(v))));
        detail = compareAnswers(expected.rows, rows);
      } catch (e) {
        detail = `error: ${e instanceof Error ? e.message : String(e)}`;
      }
      const check = { query: q, ok: detail === '', detail, seconds: (performance.now() - t0) / 1000 };
      log(`q${id} ${check.ok ? 'OK' : `WRONG: ${detail}`} (${check.seconds.toFixed(2)} s)`);
      checks.push(check);
    }
    return checks;
  } finally {
    conn.closeSync();
  }
}

/** The tables of a folder written by `generateTpch` (`<dir>/<table>/part-<i>.parquet`). */
export function tablesInFolder(dir: string): SuiteTable[] {
  return TABLE_NAMES.map((name) => {
    const folder = path.join(dir, name);
    const files = readdirSync(folder)
      .filter((f) => f.endsWith('.parquet'))
      .sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]))
      .map((f) => path.join(folder, f));
    return { name, files };
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sf = numberArg(args, 'sf', 1);
  const dir = args.values.get('dir');
  const queries = (args.values.get('queries') ?? '')
    .split(',')
    .filter((s) => s !== '')
    .map(Number);
  const answersDir = path.join(SHARED_TPCH, 'answers', `sf${sf}`);
  if (!existsSync(answersDir)) throw new Error(`no reference answers for SF ${sf} in ${answersDir}`);
  const tables =
    dir !== undefined
      ? tablesInFolder(path.resolve(dir))
      : await ensureTpchData(sf, {
          workers: numberArg(args, 'workers', 2),
          log: (m) => console.log(m),
        });
  const checks = await verifyAnswers(tables, answersDir, queries.length > 0 ? queries : undefined, (m) =>
    console.log(m),
  );
  const failed = checks.filter((c) => !c.ok);
  console.log(
    `${checks.length - failed.length}/${checks.length} queries give the reference answers at SF ${sf}`,
  );
  if (failed.length > 0) process.exitCode = 1;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
