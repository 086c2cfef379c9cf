// Generates the TPC-H tables of a scale factor into a folder, split into parts run on worker threads,
// and keeps a cache of generated scale factors (`~/.cache/flint/tpch/sf<sf>/`).

import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { defaultCacheDir } from '../../runner/paths.js';
import type { SuiteTable } from '../../runner/types.js';
import { type OutputFormat, type PartResult, type PartTask, generatePart } from './generate-part.js';
import { TABLES, TABLE_NAMES, type TableName } from './tables/index.js';
import { loadOrBuildTextPool, textPoolFile } from './text-pool.js';

/** Bump when the generator's output changes: cached data of another version is regenerated. */
export const GENERATOR_VERSION = 1;
const MARKER = '_GENERATED.json';
/** Rows per part file of the large tables; tables below it are one file. */
const ROWS_PER_PART = 1_500_000;

export interface GenerateOptions {
  format?: 'parquet' | 'csv';
  /** Cache root, default `~/.cache/flint`. */
  cacheDir?: string;
  /** Worker threads, default one per core; 0 or 1 generates in this thread. */
  workers?: number;
  log?: (msg: string) => void;
  /** Called with the generation's figures when the tables had to be generated. */
  onGenerated?: (report: GenerateReport) => void;
}

export interface TableReport {
  readonly name: TableName;
  readonly rows: number;
  readonly files: readonly string[];
  /** Sum of the parts' generation times (thread seconds). */
  readonly seconds: number;
}

export interface GenerateReport {
  readonly sf: number;
  readonly dir: string;
  readonly tables: readonly TableReport[];
  readonly wallSeconds: number;
}

/** The folder of a scale factor in the cache. */
export function tpchCacheFolder(sf: number, format: OutputFormat, cacheDir = defaultCacheDir()): string {
  return path.join(cacheDir, 'tpch', `sf${sf}${format === 'csv' ? '-csv' : ''}`);
}

/** The part tasks of every table, largest first so the workers finish together. */
export function planParts(sf: number, dir: string, format: OutputFormat): PartTask[] {
  const tasks: PartTask[] = [];
  for (const table of TABLE_NAMES) {
    const gen = TABLES[table];
    const units = gen.units(sf);
    const parts = Math.max(1, Math.ceil((units * gen.rowsPerUnit) / ROWS_PER_PART));
    for (let i = 0; i < parts; i++) {
      const start = Math.floor((i * units) / parts);
      const end = Math.floor(((i + 1) * units) / parts);
      const file = path.join(dir, table, `part-${i}.${format}`);
      tasks.push({ table, sf, start, count: end - start, file, format });
    }
  }
  const cost = (t: PartTask): number =>
    t.count * TABLES[t.table].rowsPerUnit * TABLES[t.table].columns.length;
  return tasks.sort((a, b) => cost(b) - cost(a));
}

/** Runs the tasks on `workers` threads (in this thread when the compiled worker is absent, e.g. in tests). */
async function runTasks(
  tasks: readonly PartTask[],
  pool: Uint8Array,
  workers: number,
): Promise<PartResult[]> {
  const workerFile = fileURLToPath(new URL('./worker.js', import.meta.url));
  if (workers <= 1 || !existsSync(workerFile)) {
    const results: PartResult[] = [];
    for (const t of tasks) results.push(await generatePart(t, pool));
    return results;
  }
  const queue = [...tasks];
  const results: PartResult[] = [];
  const threads = Array.from(
    { length: Math.min(workers, tasks.length) },
    () => new Worker(workerFile, { workerData: { pool } }),
  );
  try {
    await Promise.all(
      threads.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            const next = (): void => {
              const task = queue.shift();
              if (task === undefined) resolve();
              else w.postMessage(task);
            };
            w.on('message', (m: { ok: true; result: PartResult } | { ok: false; error: string }) => {
              if (!m.ok) {
                reject(new Error(`TPC-H generator worker failed: ${m.error}`));
                return;
              }
              results.push(m.result);
              next();
            });
            w.on('error', reject);
            w.on('exit', (code) => {
              if (code !== 0) reject(new Error(`TPC-H generator worker exited with code ${code}`));
            });
            next();
          }),
      ),
    );
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
  return results;
}

/** Generates all eight tables of `sf` into `dir` (created; existing part files are overwritten). */
export async function generateTpch(
  sf: number,
  dir: string,
  options: { format?: OutputFormat; workers?: number; cacheDir?: string; log?: (msg: string) => void } = {},
): Promise<GenerateReport> {
  const t0 = performance.now();
  const format = options.format ?? 'parquet';
  const log = options.log ?? (() => {});
  const tasks = planParts(sf, dir, format);
  for (const table of TABLE_NAMES) await mkdir(path.join(dir, table), { recursive: true });
  const poolFile = textPoolFile(options.cacheDir ?? defaultCacheDir());
  log(`text pool: ${poolFile}`);
  const pool = loadOrBuildTextPool(poolFile);
  log(`generating SF ${sf} (${format}) in ${tasks.length} parts`);
  const results = await runTasks(tasks, pool, options.workers ?? os.availableParallelism());
  const tables = TABLE_NAMES.map((name): TableReport => {
    const parts = results.filter((r) => r.table === name);
    return {
      name,
      rows: parts.reduce((s, r) => s + r.rows, 0),
      files: parts.map((r) => r.file).sort(byPartNumber),
      seconds: parts.reduce((s, r) => s + r.seconds, 0),
    };
  });
  return { sf, dir, tables, wallSeconds: (performance.now() - t0) / 1000 };
}

function byPartNumber(a: string, b: string): number {
  const n = (f: string): number => Number(/part-(\d+)/.exec(f)?.[1] ?? 0);
  return n(a) - n(b);
}

interface Marker {
  readonly version: number;
  readonly sf: number;
  readonly format: OutputFormat;
  /** Files relative to the folder, per table. */
  readonly tables: Record<string, string[]>;
}

async function readMarker(dir: string, sf: number, format: OutputFormat): Promise<SuiteTable[] | undefined> {
  try {
    const m = JSON.parse(await readFile(path.join(dir, MARKER), 'utf8')) as Marker;
    if (m.version !== GENERATOR_VERSION || m.sf !== sf || m.format !== format) return undefined;
    return TABLE_NAMES.map((name) => ({ name, files: (m.tables[name] ?? []).map((f) => path.join(dir, f)) }));
  } catch {
    return undefined;
  }
}

/** The tables of `sf` from the cache, generating them first (into a temporary folder, then renamed). */
export function ensureTpchData(sf: number, options: GenerateOptions = {}): Promise<SuiteTable[]> {
  if (!(sf > 0)) return Promise.reject(new Error(`invalid scale factor ${sf}`));
  const format = options.format ?? 'parquet';
  const dir = tpchCacheFolder(sf, format, options.cacheDir ?? defaultCacheDir());
  // Concurrent callers in one process share one generation.
  let pending = inFlight.get(dir);
  if (pending === undefined) {
    pending = ensureFolder(sf, format, dir, options).finally(() => inFlight.delete(dir));
    inFlight.set(dir, pending);
  }
  return pending;
}

const inFlight = new Map<string, Promise<SuiteTable[]>>();

async function ensureFolder(
  sf: number,
  format: OutputFormat,
  dir: string,
  options: GenerateOptions,
): Promise<SuiteTable[]> {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const cached = await readMarker(dir, sf, format);
  if (cached !== undefined) return cached;

  const log = options.log ?? (() => {});
  const temp = `${dir}.tmp-${process.pid}`;
  await rm(temp, { recursive: true, force: true });
  const genOptions = {
    format,
    cacheDir,
    log,
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
  };
  const report = await generateTpch(sf, temp, genOptions);
  for (const t of report.tables) log(`  ${t.name}: ${t.rows} rows in ${t.files.length} file(s)`);
  log(`SF ${sf} generated in ${report.wallSeconds.toFixed(1)} s`);
  options.onGenerated?.(report);
  const marker: Marker = {
    version: GENERATOR_VERSION,
    sf,
    format,
    tables: Object.fromEntries(
      report.tables.map((t) => [t.name, t.files.map((f) => path.relative(temp, f))]),
    ),
  };
  await writeFile(path.join(temp, MARKER), JSON.stringify(marker, null, 1));
  // An older version's folder is replaced; a folder another process just finished is kept.
  const again = await readMarker(dir, sf, format);
  if (again !== undefined) {
    await rm(temp, { recursive: true, force: true });
    return again;
  }
  await rm(dir, { recursive: true, force: true });
  await rename(temp, dir);
  const result = await readMarker(dir, sf, format);
  if (result === undefined) throw new Error(`generated TPC-H data in ${dir} has no readable marker`);
  return result;
}
