// CLI of the TPC-H generator: `node dist/tpch/gen/main.js --sf 1 [--format parquet|csv] [--workers N]
// [--out DIR] [--cache-dir DIR] [--verify]`, printing rows/s per table.

import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fmt, numberArg, parseArgs, printTable } from '../../bench-util.js';
import { defaultCacheDir, sharedDir } from '../../runner/paths.js';
import {
  GENERATOR_VERSION,
  type GenerateReport,
  ensureTpchData,
  generateTpch,
  tpchCacheFolder,
} from './generate.js';
import { TABLES } from './tables/index.js';

const USAGE = `usage: node dist/tpch/gen/main.js --sf 1 [--format parquet|csv] [--workers N] [--out DIR]
       [--cache-dir DIR] [--verify]
  --out DIR    write the tables to DIR/<table>/part-<i>.<format> (default: the cache, reused when present)
  --verify     compare the generated tables with <shared>/tpch/sf<sf>/*.parquet row for row`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['verify', 'help']);
  if (args.flags.has('help')) {
    console.log(USAGE);
    return;
  }
  const sf = numberArg(args, 'sf', 1);
  const format = args.values.get('format') ?? 'parquet';
  if (format !== 'parquet' && format !== 'csv') throw new Error(`--format wants parquet or csv\n${USAGE}`);
  const workers = numberArg(args, 'workers', os.availableParallelism());
  const cacheDir = args.values.get('cache-dir') ?? defaultCacheDir();
  const out = args.values.get('out');
  const log = (m: string): void => console.log(m);
  console.log(`TPC-H generator v${GENERATOR_VERSION}: SF ${sf}, ${format}, ${workers} worker(s)`);

  const cpu0 = process.cpuUsage();
  const printReport = (report: GenerateReport): void => {
    const rows = report.tables.map((t) => {
      const columns = TABLES[t.name].columns.length;
      return [
        t.name,
        String(t.rows),
        String(t.files.length),
        fmt(t.seconds, 2),
        fmt(t.rows / t.seconds, 0),
        String(columns),
      ];
    });
    printTable(['table', 'rows', 'files', 'thread s', 'rows/s (per thread)', 'columns'], rows);
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const total = report.tables.reduce((s, t) => s + t.rows, 0);
    console.log(
      `total ${total} rows in ${fmt(report.wallSeconds, 1)} s wall: ${fmt(total / report.wallSeconds, 0)} rows/s`,
    );
    // CPU time of all threads: on a busy machine the wall time says more about the neighbours.
    console.log(
      `CPU ${fmt(cpuSeconds, 1)} s (all threads): ${fmt(total / cpuSeconds, 0)} rows per CPU second; load average ${os.loadavg()[0]!.toFixed(1)}`,
    );
  };

  let files: Map<string, readonly string[]>;
  if (out !== undefined) {
    const report = await generateTpch(sf, path.resolve(out), { format, workers, cacheDir, log });
    printReport(report);
    files = new Map(report.tables.map((t) => [t.name, t.files]));
  } else {
    const tables = await ensureTpchData(sf, { format, workers, cacheDir, log, onGenerated: printReport });
    console.log(`tables in ${tpchCacheFolder(sf, format, cacheDir)}:`);
    for (const t of tables) console.log(`  ${t.name}: ${t.files.length} file(s)`);
    files = new Map(tables.map((t) => [t.name, t.files]));
  }

  if (args.flags.has('verify')) {
    if (format !== 'parquet') throw new Error('--verify compares Parquet output');
    const referenceDir = path.join(sharedDir(), 'tpch', `sf${sf}`);
    if (!existsSync(referenceDir)) throw new Error(`no reference tables for SF ${sf} in ${referenceDir}`);
    // Imported only here: verifying needs DuckDB, generating does not.
    const { verifyAgainstReference } = await import('./verify.js');
    const ok = await verifyAgainstReference(files, referenceDir, (m) => console.log(m));
    if (!ok) process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
