// Side-by-side I/O benchmark: Flint's CSV and Parquet readers against DuckDB and papaparse, printing the
// median of N runs per case, throughput and the Flint/peer speed ratio (`pnpm bench:io`, see README.md).

import { createReadStream, existsSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import Papa from 'papaparse';
import { type Batch, type StructType, parseDDLSchema } from '@flint/common';
import { csvFormat, inferSchema, parquetFormat, parquetRowCount, readFiles } from '@flint/io';
import { SparkSession } from 'flint';
import { type Args, fmt, median, numberArg, parseArgs, printTable, timed } from './bench-util.js';
import { sharedDir } from './runner/paths.js';
import { CSV_COLUMNS, CSV_GEN_VERSION, type CsvTotals, cachedCsv, csvDdl } from './csv-gen.js';

const USAGE = `usage: node dist/io-bench.js [--runs 5] [--csv-mb 64] [--cache-dir DIR] [--only csv|parquet]
       [--sf01 lineitem.parquet] [--sf1 lineitem.parquet] [--json out.json]`;

/** What one case measured: `rows` is checked against the other engines of its section. */
interface RunResult {
  readonly rows: number;
  /** A checksum printed so a reader can see that every engine saw the same data. */
  readonly check: string;
}

interface Case {
  readonly section: string;
  readonly name: string;
  readonly engine: 'flint' | 'duckdb' | 'papaparse';
  readonly threads: number;
  /** The Flint case this peer is compared against (unset for Flint cases). */
  readonly baseline?: string;
  readonly warmup: number;
  readonly run: () => Promise<RunResult>;
}

interface CaseResult {
  readonly section: string;
  readonly name: string;
  readonly engine: string;
  readonly threads: number;
  readonly baseline: string | null;
  readonly seconds: readonly number[];
  readonly medianSeconds: number;
  readonly rows: number;
  readonly bytes: number;
  readonly mbPerSecond: number;
  readonly rowsPerSecond: number;
  readonly check: string;
  /** Flint throughput / this peer's throughput (above 1: Flint faster). */
  readonly flintOverPeer: number | null;
}

// ---------------------------------------------------------------------------------------------------
// CSV

async function flintCsv(file: string, schema: StructType): Promise<RunResult> {
  let rows = 0;
  let sumQty = 0;
  const qtyIndex = schema.fields.findIndex((f) => f.name === 'qty');
  for await (const b of readFiles(csvFormat, [file], schema, { header: 'true' })) {
    rows += b.numRows;
    sumQty += sumColumn(b, qtyIndex);
  }
  return { rows, check: `sum(qty)=${sumQty}` };
}

/** Sums a numeric column (int, or string digits when read without a schema) to touch its values. */
function sumColumn(b: Batch, index: number): number {
  const v = b.columns[index];
  if (v === undefined) return 0;
  let s = 0;
  const vals = v.values as ArrayLike<unknown>;
  if (vals instanceof Int32Array) {
    for (let i = 0; i < b.numRows; i++) s += vals[i]!;
  } else {
    for (let i = 0; i < b.numRows; i++) s += Number(vals[i]);
  }
  return s;
}

function duckCsvColumns(allVarchar: boolean): string {
  return '{' + CSV_COLUMNS.map((c) => `'${c.name}': '${allVarchar ? 'VARCHAR' : c.duck}'`).join(', ') + '}';
}

/** Aggregates over every column, so DuckDB's projection pushdown cannot skip parsing any of them. */
async function duckCsv(
  conn: DuckDBConnection,
  file: string,
  threads: number,
  allVarchar: boolean,
): Promise<RunResult> {
  await conn.run(`SET threads = ${threads}`);
  const src = `read_csv('${file.replaceAll("'", "''")}', header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = ${duckCsvColumns(allVarchar)})`;
  const aggs = allVarchar
    ? 'count(*), sum(length(id)), sum(length(price)), sum(length(name)), sum(length(dt)), sum(length(amount)), sum(CAST(qty AS INTEGER))'
    : 'count(*), sum(id), sum(price), sum(length(name)), max(dt), sum(amount), sum(qty)';
  const reader = await conn.runAndReadAll(`SELECT ${aggs} FROM ${src}`);
  const row = reader.getRows()[0]!;
  return { rows: Number(row[0]), check: `sum(qty)=${String(row[6])}` };
}

/** papaparse over a read stream, rows as arrays (header: false is its fastest mode; the header row is skipped). */
function papaCsv(file: string, dynamicTyping: boolean): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    let rows = -1; // the header line
    let sumQty = 0;
    const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
    Papa.parse<unknown[]>(stream, {
      header: false,
      dynamicTyping,
      skipEmptyLines: true,
      chunk: (res) => {
        const data = res.data;
        rows += data.length;
        for (let i = 0; i < data.length; i++) sumQty += Number(data[i]![5]) || 0;
      },
      complete: () => resolve({ rows, check: `sum(qty)=${sumQty}` }),
      error: (e: Error) => reject(e),
    });
  });
}

function csvCases(file: string, conn: DuckDBConnection, typed: StructType): Case[] {
  const s = 'csv';
  return [
    {
      section: s,
      name: 'typed schema',
      engine: 'flint',
      threads: 1,
      warmup: 0,
      run: () => flintCsv(file, typed),
    },
    {
      section: s,
      name: 'strings (inferSchema off)',
      engine: 'flint',
      threads: 1,
      warmup: 0,
      run: async () => flintCsv(file, await inferSchema(csvFormat, [file], { header: 'true' })),
    },
    {
      section: s,
      name: 'typed schema',
      engine: 'duckdb',
      threads: 1,
      baseline: 'typed schema',
      warmup: 0,
      run: () => duckCsv(conn, file, 1, false),
    },
    {
      section: s,
      name: 'typed schema',
      engine: 'duckdb',
      threads: 2,
      baseline: 'typed schema',
      warmup: 0,
      run: () => duckCsv(conn, file, 2, false),
    },
    {
      section: s,
      name: 'strings (all VARCHAR)',
      engine: 'duckdb',
      threads: 1,
      baseline: 'strings (inferSchema off)',
      warmup: 0,
      run: () => duckCsv(conn, file, 1, true),
    },
    {
      section: s,
      name: 'dynamicTyping on',
      engine: 'papaparse',
      threads: 1,
      baseline: 'typed schema',
      warmup: 0,
      run: () => papaCsv(file, true),
    },
    {
      section: s,
      name: 'dynamicTyping off',
      engine: 'papaparse',
      threads: 1,
      baseline: 'strings (inferSchema off)',
      warmup: 0,
      run: () => papaCsv(file, false),
    },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Parquet (TPC-H Q6 columns of lineitem)

const Q6_COLUMNS = ['l_quantity', 'l_extendedprice', 'l_discount', 'l_shipdate'] as const;
const DAY_1994_01_01 = 8766;
const DAY_1995_01_01 = 9131;

async function q6Schema(file: string): Promise<StructType> {
  const full = await inferSchema(parquetFormat, [file], {});
  const fields = Q6_COLUMNS.map((n) => {
    const f = full.fields.find((x) => x.name === n);
    if (f === undefined) throw new Error(`${file} has no column ${n}`);
    return f;
  });
  return { kind: 'struct', fields };
}

/** Formats an unscaled decimal. */
function decimalText(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  const digits = (neg ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
}

/**
 * A decimal(<=15) column's unscaled values summed as Numbers through 32-bit word views: exact below
 * 2^53, and no BigInt per value (DuckDB sums its decimals as native integers too).
 */
function sumUnscaled(values: BigInt64Array, n: number): number {
  const words = new Int32Array(values.buffer, values.byteOffset, n * 2);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += words[2 * i + 1]! * 4294967296 + (words[2 * i]! >>> 0);
  return sum;
}

/** Reads the four columns and touches every value (the plain-scan aggregate DuckDB computes below). */
async function flintParquetScan(file: string, schema: StructType): Promise<RunResult> {
  let rows = 0;
  let sumQty = 0;
  let sumPrice = 0;
  let sumDisc = 0;
  let countDate = 0;
  for await (const b of readFiles(parquetFormat, [file], schema, {})) {
    const n = b.numRows;
    rows += n;
    sumQty += sumUnscaled(b.columns[0]!.values as BigInt64Array, n);
    sumPrice += sumUnscaled(b.columns[1]!.values as BigInt64Array, n);
    sumDisc += sumUnscaled(b.columns[2]!.values as BigInt64Array, n);
    const dateNulls = b.columns[3]!.nulls;
    countDate += dateNulls === null ? n : n - dateNulls.reduce((a, x) => a + x, 0);
  }
  return {
    rows,
    check: `sum(l_extendedprice)=${decimalText(BigInt(sumPrice), 2)} count(l_shipdate)=${countDate} sum(l_quantity)=${decimalText(BigInt(sumQty), 2)} sum(l_discount)=${decimalText(BigInt(sumDisc), 2)}`,
  };
}

/** Q6 by hand over Flint's scan output: no planner, just a filter and a sum over the typed arrays. */
async function flintParquetQ6(file: string, schema: StructType): Promise<RunResult> {
  let rows = 0;
  let revenue = 0n;
  for await (const b of readFiles(parquetFormat, [file], schema, {})) {
    const n = b.numRows;
    rows += n;
    const qty = b.columns[0]!.values as BigInt64Array;
    const price = b.columns[1]!.values as BigInt64Array;
    const disc = b.columns[2]!.values as BigInt64Array;
    const date = b.columns[3]!.values as Int32Array;
    for (let i = 0; i < n; i++) {
      const d = date[i]!;
      if (d < DAY_1994_01_01 || d >= DAY_1995_01_01) continue;
      const c = disc[i]!;
      if (c < 5n || c > 7n || qty[i]! >= 2400n) continue;
      revenue += price[i]! * c;
    }
  }
  return { rows, check: `revenue=${decimalText(revenue, 4)}` };
}

/** Q6 as SQL through the whole engine: parse, plan (filters pushed into the scan), execute. */
async function flintParquetQ6Sql(file: string): Promise<RunResult> {
  const spark = SparkSession.builder().getOrCreate();
  const df = await spark.sql(`
    SELECT sum(l_extendedprice * l_discount) AS revenue
    FROM (SELECT * FROM parquet.\`${file.replaceAll('`', '``')}\`)
    WHERE l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1995-01-01'
      AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24`);
  const [row] = await df.collect();
  const revenue = row!.get('revenue') as string;
  return { rows: Number(await parquetRowCount(file)), check: `revenue=${revenue}` };
}

async function duckParquet(conn: DuckDBConnection, file: string, query: 'scan' | 'q6'): Promise<RunResult> {
  await conn.run('SET threads = 1');
  const src = `read_parquet('${file.replaceAll("'", "''")}')`;
  const sql =
    query === 'scan'
      ? `SELECT count(*), sum(l_extendedprice), count(l_shipdate), sum(l_quantity), sum(l_discount) FROM ${src}`
      : `SELECT count(*), sum(l_extendedprice * l_discount) FILTER (WHERE l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1995-01-01' AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24) FROM ${src}`;
  const row = (await conn.runAndReadAll(sql)).getRows()[0]!;
  const check =
    query === 'scan'
      ? `sum(l_extendedprice)=${String(row[1])} count(l_shipdate)=${String(row[2])} sum(l_quantity)=${String(row[3])} sum(l_discount)=${String(row[4])}`
      : `revenue=${String(row[1])}`;
  return { rows: Number(row[0]), check };
}

async function parquetCases(label: string, file: string, conn: DuckDBConnection): Promise<Case[]> {
  const schema = await q6Schema(file);
  const s = `parquet ${label}`;
  return [
    {
      section: s,
      name: 'scan 4 columns',
      engine: 'flint',
      threads: 1,
      warmup: 1,
      run: () => flintParquetScan(file, schema),
    },
    {
      section: s,
      name: 'Q6 (hand kernel)',
      engine: 'flint',
      threads: 1,
      warmup: 1,
      run: () => flintParquetQ6(file, schema),
    },
    {
      section: s,
      name: 'Q6 (SQL)',
      engine: 'flint',
      threads: 1,
      warmup: 1,
      run: () => flintParquetQ6Sql(file),
    },
    {
      section: s,
      name: 'scan 4 columns',
      engine: 'duckdb',
      threads: 1,
      baseline: 'scan 4 columns',
      warmup: 1,
      run: () => duckParquet(conn, file, 'scan'),
    },
    {
      section: s,
      name: 'Q6',
      engine: 'duckdb',
      threads: 1,
      baseline: 'Q6 (hand kernel)',
      warmup: 1,
      run: () => duckParquet(conn, file, 'q6'),
    },
    {
      section: s,
      name: 'Q6 (vs SQL)',
      engine: 'duckdb',
      threads: 1,
      baseline: 'Q6 (SQL)',
      warmup: 1,
      run: () => duckParquet(conn, file, 'q6'),
    },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Driver

function papaVersion(): string {
  const pkg = createRequire(import.meta.url)('papaparse/package.json') as { version?: string };
  return pkg.version ?? '?';
}

/** Runs the cases of one section round-robin (run i of every case, then run i+1), so noise spreads evenly. */
async function runSection(cases: readonly Case[], runs: number, bytes: number): Promise<CaseResult[]> {
  for (const c of cases) for (let w = 0; w < c.warmup; w++) await c.run();
  const seconds = cases.map((): number[] => []);
  const last: (RunResult | undefined)[] = cases.map(() => undefined);
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < cases.length; k++) {
      const t = await timed(cases[k]!.run);
      seconds[k]!.push(t.seconds);
      last[k] = t.result;
      process.stderr.write('.');
    }
  }
  process.stderr.write('\n');
  const base = cases.map((c, k) => {
    const med = median(seconds[k]!);
    const res = last[k]!;
    return {
      section: c.section,
      name: c.name,
      engine: c.engine,
      threads: c.threads,
      baseline: c.baseline ?? null,
      seconds: seconds[k]!,
      medianSeconds: med,
      rows: res.rows,
      bytes,
      mbPerSecond: bytes / 1e6 / med,
      rowsPerSecond: res.rows / med,
      check: res.check,
      flintOverPeer: null,
    } satisfies CaseResult;
  });
  return base.map((r) => {
    if (r.baseline === null) return r;
    const flint = base.find((x) => x.engine === 'flint' && x.name === r.baseline);
    return { ...r, flintOverPeer: flint === undefined ? null : r.medianSeconds / flint.medianSeconds };
  });
}

function report(title: string, results: readonly CaseResult[]): void {
  console.log(`\n${title}`);
  printTable(
    ['case', 'engine', 'thr', 'median s', 'MB/s', 'Mrows/s', 'Flint/peer'],
    results.map((r) => [
      r.name,
      r.engine,
      String(r.threads),
      fmt(r.medianSeconds, 3),
      fmt(r.mbPerSecond, 1),
      fmt(r.rowsPerSecond / 1e6, 2),
      r.flintOverPeer === null ? '' : `${fmt(r.flintOverPeer, 2)}x`,
    ]),
  );
  // Every engine must have read the same rows; the checksums show they saw the same values too.
  const rowCounts = new Set(results.map((r) => r.rows));
  if (rowCounts.size > 1)
    console.log(`WARNING: engines disagree on the row count: ${[...rowCounts].join(', ')}`);
  const checks = new Map<string, string[]>();
  for (const r of results)
    checks.set(r.check, [...(checks.get(r.check) ?? []), `${r.engine}/${r.name}/${r.threads}`]);
  for (const [check, who] of checks) console.log(`  check ${check}  <- ${who.join(', ')}`);
}

async function main(): Promise<void> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2), ['help']);
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.flags.has('help')) {
    console.log(USAGE);
    return;
  }
  const runs = Math.round(numberArg(args, 'runs', 5));
  const csvMb = numberArg(args, 'csv-mb', 64);
  const cacheDir = args.values.get('cache-dir') ?? path.join(os.tmpdir(), 'flint-bench');
  const only = args.values.get('only');
  const sf01 = args.values.get('sf01') ?? path.join(sharedDir(), 'tpch', 'sf0.1', 'lineitem.parquet');
  const sf1 = args.values.get('sf1');
  const jsonOut = args.values.get('json');

  const duck = await DuckDBInstance.create(':memory:');
  const conn = await duck.connect();
  const duckVersion = String((await conn.runAndReadAll('SELECT version()')).getRows()[0]![0]);
  console.log(
    `Flint I/O benchmark: median of ${runs} runs; node ${process.version}, DuckDB ${duckVersion}, papaparse ${papaVersion()}, ${os.cpus().length} cpus (${os.cpus()[0]?.model ?? '?'})`,
  );
  console.log('Flint/peer = peer median time / Flint median time: above 1 Flint is faster, below 1 slower.');

  const all: CaseResult[] = [];
  let csvTotals: CsvTotals | null = null;
  if (only === undefined || only === 'csv') {
    await mkdir(cacheDir, { recursive: true });
    const file = path.join(cacheDir, `bench-v${CSV_GEN_VERSION}-${csvMb}mb.csv`);
    process.stderr.write(`CSV: ${file} (generated on first use)\n`);
    csvTotals = await cachedCsv(file, csvMb * 1e6);
    const results = await runSection(csvCases(file, conn, parseDDLSchema(csvDdl())), runs, csvTotals.bytes);
    report(
      `CSV parse: ${fmt(csvTotals.bytes / 1e6, 1)} MB, ${csvTotals.rows.toLocaleString('en-US')} rows (${csvDdl()}); expected sum(qty)=${csvTotals.sumQty}`,
      results,
    );
    all.push(...results);
  }
  if (only === undefined || only === 'parquet') {
    const files: [string, string][] = [['SF0.1', sf01]];
    if (sf1 !== undefined) files.push(['SF1', sf1]);
    for (const [label, file] of files) {
      if (!existsSync(file)) {
        console.log(`\nparquet ${label}: ${file} not found, skipped`);
        continue;
      }
      const bytes = (await stat(file)).size;
      process.stderr.write(`Parquet ${label}: ${file}\n`);
      const results = await runSection(await parquetCases(label, file, conn), runs, bytes);
      report(
        `Parquet ${label} lineitem, columns ${Q6_COLUMNS.join(', ')} (MB/s of the whole file, ${fmt(bytes / 1e6, 1)} MB)`,
        results,
      );
      all.push(...results);
    }
  }
  conn.closeSync();
  duck.closeSync();

  if (jsonOut !== undefined) {
    const doc = {
      date: new Date().toISOString(),
      node: process.version,
      duckdb: duckVersion,
      cpus: os.cpus().length,
      runs,
      csv: csvTotals,
      results: all,
    };
    await writeFile(jsonOut, JSON.stringify(doc, null, 2) + '\n');
    console.log(`\nwrote ${jsonOut}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
