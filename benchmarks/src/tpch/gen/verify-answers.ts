// Check 2 of the generator: the 22 TPC-H queries, run by DuckDB on the generated tables, give the
// reference answers (`<shared>/tpch/answers/sf<sf>/qNN.csv`), numbers compared with a tolerance.
// CLI: `node dist/tpch/gen/verify-answers.js --sf 1 [--dir DIR] [--queries 1,6] [--workers N]`.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { numberArg, parseArgs } from '../../bench-util.js';
import duckdb from '../../engines/duckdb.js';
import { TPCH_TABLES, tablesFromDir } from '../../runner/suite-data.js';
import type { SuiteTable } from '../../runner/types.js';
import { checkTpchAnswer, hasTpchAnswers, loadTpchAnswer } from '../answers.js';
import { tpchQueryId } from '../queries.js';
import { ensureTpchData } from './generate.js';

export interface QueryCheck {
  readonly query: number;
  readonly ok: boolean;
  readonly detail: string;
  readonly seconds: number;
}

/**
 * Runs the queries on `tables` with DuckDB (2 threads) and compares each with its answer at `sf`,
 * rows in the answer's order (the runner's comparison, without its allowance for ties).
 */
export async function verifyAnswers(
  tables: readonly SuiteTable[],
  sf: number,
  queries: readonly number[] = Array.from({ length: 22 }, (_, i) => i + 1),
  log: (msg: string) => void = () => {},
): Promise<QueryCheck[]> {
  const session = await duckdb.open({ suite: 'tpch', tables, mode: 'parquet', threads: 2 });
  try {
    await session.load();
    const checks: QueryCheck[] = [];
    for (const q of queries) {
      const id = tpchQueryId(q);
      const answer = loadTpchAnswer(sf, id);
      if (answer === undefined) throw new Error(`no reference answer for ${id} at SF ${sf}`);
      const t0 = performance.now();
      let detail: string;
      try {
        const result = await (await session.query(id)!()).toResultSet();
        const verdict = checkTpchAnswer(result, answer);
        detail = verdict.ok && verdict.message === undefined ? '' : (verdict.message ?? 'differs');
      } catch (e) {
        detail = `error: ${e instanceof Error ? e.message : String(e)}`;
      }
      const check = { query: q, ok: detail === '', detail, seconds: (performance.now() - t0) / 1000 };
      log(`${id} ${check.ok ? 'OK' : `WRONG: ${detail}`} (${check.seconds.toFixed(2)} s)`);
      checks.push(check);
    }
    return checks;
  } finally {
    await session.close();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sf = numberArg(args, 'sf', 1);
  const dir = args.values.get('dir');
  const queries = (args.values.get('queries') ?? '')
    .split(',')
    .filter((s) => s !== '')
    .map(Number);
  if (!hasTpchAnswers(sf)) throw new Error(`no reference answers for SF ${sf}`);
  const tables =
    dir !== undefined
      ? await tablesFromDir(path.resolve(dir), TPCH_TABLES)
      : await ensureTpchData(sf, {
          workers: numberArg(args, 'workers', 2),
          log: (m) => console.log(m),
        });
  const checks = await verifyAnswers(tables, sf, queries.length > 0 ? queries : undefined, (m) =>
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
