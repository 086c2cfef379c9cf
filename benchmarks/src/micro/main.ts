// `bench micro`: tinybench over Flint's hot paths (CSV, Parquet, expressions, aggregation, join, sort),
// each beside baselines measured in the same run; prints the table and writes results/<date>-micro.md/.json.

import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Args, numberArg, parseArgs } from '../bench-util.js';
import { defaultCacheDir, sharedDir } from '../runner/paths.js';
import type { Sizes } from './case.js';
import { printReport, problems, writeReport } from './report.js';
import { type MicroOptions, runMicroSuite } from './suite.js';

export const MICRO_USAGE = `usage: bench micro [--filter TEXT] [--time MS] [--runs N] [--out DIR] [--smoke]
       [--rows N] [--build-rows N] [--csv-mb MB] [--lineitem FILE] [--cache-dir DIR] [--shuffle-partitions N]
  --filter TEXT   only the cases whose "group name" contains TEXT (e.g. aggregate, sort strings, csv)
  --time MS       tinybench time budget per variant (default 1000; smoke 0)
  --runs N        minimum timed runs per variant (default 5; smoke 1)
  --out DIR       where <date>-micro.md/.json go (default benchmarks/results; smoke writes only with --out)
  --smoke         tiny inputs and one run each, to check that the suite still works`;

const DEFAULT_SIZES: Sizes = { rows: 1_000_000, buildRows: 100_000, csvBytes: 16e6, parquetRows: undefined };
const SMOKE_SIZES: Sizes = { rows: 20_000, buildRows: 2_000, csvBytes: 0.2e6, parquetRows: 20_000 };

const RESULTS_DIR = fileURLToPath(new URL('../../results/', import.meta.url));

/** The suite's options from command-line arguments (without the `micro` word). */
export function microOptions(args: Args, log: (line: string) => void): MicroOptions & { out: string | null } {
  const smoke = args.flags.has('smoke');
  const base = smoke ? SMOKE_SIZES : DEFAULT_SIZES;
  const csvMb = args.values.get('csv-mb');
  const sizes: Sizes = {
    rows: Math.round(numberArg(args, 'rows', base.rows)),
    buildRows: Math.round(numberArg(args, 'build-rows', base.buildRows)),
    csvBytes: csvMb === undefined ? base.csvBytes : numberArg(args, 'csv-mb', 1) * 1e6,
    parquetRows: base.parquetRows,
  };
  const timeText = args.values.get('time');
  const timeMs = timeText === undefined ? (smoke ? 0 : 1000) : Number(timeText);
  if (!Number.isFinite(timeMs) || timeMs < 0) throw new Error(`--time wants milliseconds, got '${timeText}'`);
  const outValue = args.values.get('out');
  return {
    sizes,
    filter: args.values.get('filter'),
    timeMs,
    minRuns: Math.round(numberArg(args, 'runs', smoke ? 1 : 5)),
    cacheDir: args.values.get('cache-dir') ?? path.join(defaultCacheDir(), 'micro'),
    lineitemPath: args.values.get('lineitem') ?? path.join(sharedDir(), 'tpch', 'sf0.1', 'lineitem.parquet'),
    shufflePartitions: Math.round(numberArg(args, 'shuffle-partitions', 1)),
    log,
    out: outValue !== undefined ? path.resolve(outValue) : smoke ? null : RESULTS_DIR,
  };
}

/** Entry point of `bench micro`; sets a non-zero exit code when a case failed or its checks differ. */
export async function runMicro(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv, ['smoke', 'help']);
  if (args.flags.has('help')) {
    console.log(MICRO_USAGE);
    return;
  }
  const { out, ...options } = microOptions(args, (line) => process.stderr.write(`${line}\n`));
  const report = await runMicroSuite(options);
  printReport(report);
  if (out !== null) {
    const files = await writeReport(report, out);
    console.log(`\nwrote ${files.join(', ')}`);
  }
  if (problems(report).length > 0) process.exitCode = 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runMicro(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    console.error(MICRO_USAGE);
    process.exit(1);
  });
}
