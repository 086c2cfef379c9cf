// Manual check that Flint reads a CSV much larger than its heap in bounded memory: generates a multi-GB
// CSV, reads it in a child `node --max-old-space-size=1024` through the engine (a DataFrame aggregate),
// and reports peak RSS and throughput; exits non-zero when the child fails or miscounts (`pnpm bench:csv-memory`, README.md).

import { spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SparkSession, col, count, lit, sum } from 'flint';
import { fmt, numberArg, parseArgs, timed } from './bench-util.js';
import { CSV_GEN_VERSION, cachedCsv, csvDdl } from './csv-gen.js';

const USAGE = 'usage: node dist/csv-large-memory.js [--gb 3] [--dir DIR] [--heap-mb 1024] [--keep]';

interface ChildReport {
  readonly rows: number;
  readonly sumId: number;
  readonly sumQty: number;
  readonly seconds: number;
  /** Peak resident set size of the child, in bytes. */
  readonly maxRssBytes: number;
  readonly heapUsedBytes: number;
}

/**
 * The child: the whole engine reads every row of `file` (a DataFrame aggregate over the file scan,
 * split into tasks), summing two columns, and prints a ChildReport as JSON.
 */
async function child(file: string): Promise<void> {
  const spark = SparkSession.builder().getOrCreate();
  const { seconds, result } = await timed(async () => {
    const df = await spark.read.schema(csvDdl()).option('header', true).csv(file);
    const [row] = await df.agg(count(lit(1)), sum(col('id')), sum(col('qty'))).collect();
    const values = row!.toArray() as bigint[];
    return { rows: Number(values[0]), sumId: Number(values[1]), sumQty: Number(values[2]) };
  });
  const report: ChildReport = {
    ...result,
    seconds,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    heapUsedBytes: process.memoryUsage().heapUsed,
  };
  process.stdout.write(JSON.stringify(report) + '\n');
}

function runChild(file: string, heapMb: number): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const self = fileURLToPath(import.meta.url);
    const p = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, self, '--child', file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (s: string) => (stdout += s));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout }));
  });
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), ['keep', 'help']);
  const childFile = args.values.get('child');
  if (childFile !== undefined) {
    await child(childFile);
    return 0;
  }
  if (args.flags.has('help')) {
    console.log(USAGE);
    return 0;
  }
  const gb = numberArg(args, 'gb', 3);
  const heapMb = Math.round(numberArg(args, 'heap-mb', 1024));
  const dir = args.values.get('dir') ?? path.join(os.tmpdir(), 'flint-bench');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `large-v${CSV_GEN_VERSION}-${gb}gb.csv`);

  console.log(`generating ${gb} GB CSV at ${file} (reused if kept from an earlier --keep run)`);
  const gen = await timed(() => cachedCsv(file, gb * 1e9));
  const totals = gen.result;
  console.log(
    `  ${fmt(totals.bytes / 1e9, 2)} GB, ${totals.rows.toLocaleString('en-US')} rows in ${fmt(gen.seconds, 1)} s`,
  );

  console.log(
    `reading it in a child node --max-old-space-size=${heapMb}: spark.read.csv(...).agg(count, sum, sum)`,
  );
  let failed = false;
  try {
    const { code, stdout } = await runChild(file, heapMb);
    const line = stdout.trim().split('\n').pop() ?? '';
    if (code !== 0 || line === '') {
      console.error(`FAILED: child exited with code ${String(code)}`);
      failed = true;
    } else {
      const r = JSON.parse(line) as ChildReport;
      console.log(
        `  rows        ${r.rows.toLocaleString('en-US')} (expected ${totals.rows.toLocaleString('en-US')})`,
      );
      console.log(`  sum(id)     ${r.sumId} (expected ${totals.sumId})`);
      console.log(`  sum(qty)    ${r.sumQty} (expected ${totals.sumQty})`);
      console.log(`  time        ${fmt(r.seconds, 1)} s`);
      console.log(
        `  throughput  ${fmt(totals.bytes / 1e6 / r.seconds, 1)} MB/s, ${fmt(r.rows / 1e6 / r.seconds, 2)} Mrows/s`,
      );
      console.log(
        `  peak RSS    ${fmt(r.maxRssBytes / 1e6, 0)} MB (heap used at end ${fmt(r.heapUsedBytes / 1e6, 0)} MB)`,
      );
      if (r.rows !== totals.rows || r.sumId !== totals.sumId || r.sumQty !== totals.sumQty) {
        console.error('FAILED: the child read different rows than were written');
        failed = true;
      }
    }
  } finally {
    if (!args.flags.has('keep')) {
      await rm(file, { force: true });
      await rm(`${file}.totals.json`, { force: true });
    }
  }
  console.log(failed ? 'FAIL' : 'OK');
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
