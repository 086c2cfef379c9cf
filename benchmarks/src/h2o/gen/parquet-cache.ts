// Writes generated tables to Parquet once and reuses them: each dataset is built in a temporary folder,
// part files written in parallel worker threads, marked with the generator version, then renamed into
// place, so a half-written dataset is never used.

import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Batch, StructType } from '@flint/common';
import { parquetFormat } from '@flint/io';
import type { SuiteTable } from '../../runner/types.js';
import type { H2oDatasetSpec } from './dataset.js';

/** Bump when the generated values or the file layout change, so older cached datasets are rebuilt. */
export const H2O_GENERATOR_VERSION = 'h2o-gen-2';

const VERSION_FILE = '.flint-h2o-version';

/** Rows per generated batch: the most rows of a table held in memory at once (besides the writer's row group). */
export const CHUNK_ROWS = 1 << 20;

/** Rows per Parquet file: a table of N rows is ceil(N / PART_ROWS) files, written in parallel. */
export const PART_ROWS = 5_000_000;

/** A table to generate: its schema and any row range of it as batches of at most `chunkRows`. */
export interface GeneratedTableSpec {
  readonly name: string;
  readonly schema: StructType;
  readonly rows: number;
  batches(from: number, to: number, chunkRows: number): Iterable<Batch>;
}

/** One file to write: rows [from, to) of a table. Plain data, so it can be sent to a worker. */
export interface PartTask {
  readonly dataset: H2oDatasetSpec;
  readonly table: string;
  readonly from: number;
  readonly to: number;
  readonly path: string;
}

function partCount(rows: number): number {
  return Math.max(1, Math.ceil(rows / PART_ROWS));
}

function partFile(dir: string, table: string, part: number): string {
  return join(dir, table, `part-${String(part).padStart(5, '0')}.parquet`);
}

function tablesIn(dir: string, specs: readonly GeneratedTableSpec[]): SuiteTable[] {
  return specs.map((s) => ({
    name: s.name,
    files: Array.from({ length: partCount(s.rows) }, (_, p) => partFile(dir, s.name, p)),
  }));
}

async function isComplete(dir: string): Promise<boolean> {
  try {
    return (await readFile(join(dir, VERSION_FILE), 'utf8')).trim() === H2O_GENERATOR_VERSION;
  } catch {
    return false;
  }
}

/** Streams rows [from, to) of a table into one Parquet file. */
export async function writePart(
  spec: GeneratedTableSpec,
  task: Pick<PartTask, 'from' | 'to' | 'path'>,
): Promise<void> {
  const writer = await parquetFormat.prepareWrite(spec.schema, {}).newWriter(task.path, spec.schema);
  try {
    for (const batch of spec.batches(task.from, task.to, CHUNK_ROWS)) await writer.write(batch);
  } finally {
    await writer.close();
  }
}

function runInWorker(script: URL, task: PartTask): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: task });
    let done = false;
    worker.once('message', () => (done = true));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (done && code === 0) resolve();
      else reject(new Error(`h2o: worker writing ${task.path} exited with code ${code}`));
    });
  });
}

/** Runs the part tasks, `concurrency` at a time, in worker threads when the compiled worker exists. */
async function writeParts(
  tasks: readonly PartTask[],
  specs: readonly GeneratedTableSpec[],
  concurrency: number,
): Promise<void> {
  const script = new URL('./part-worker.js', import.meta.url);
  // Under a TypeScript test runner the compiled worker is absent: write in this thread then.
  const useWorkers = tasks.length > 1 && concurrency > 1 && existsSync(fileURLToPath(script));
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < tasks.length) {
      const task = tasks[next++]!;
      if (useWorkers) await runInWorker(script, task);
      else
        await writePart(
          specs.find((s) => s.name === task.table)!,
          task,
        );
    }
  };
  await Promise.all(Array.from({ length: useWorkers ? concurrency : 1 }, lane));
}

/** The tables of a dataset folder, generating the folder first when it is missing or from another generator version. */
export async function ensureDataset(
  dir: string,
  dataset: H2oDatasetSpec,
  specs: readonly GeneratedTableSpec[],
  log: (msg: string) => void,
  threads = availableParallelism(),
): Promise<SuiteTable[]> {
  if (await isComplete(dir)) return tablesIn(dir, specs);
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  try {
    const tasks: PartTask[] = [];
    for (const s of specs) {
      await mkdir(join(tmp, s.name), { recursive: true });
      const parts = partCount(s.rows);
      for (let p = 0; p < parts; p++) {
        const from = Math.floor((s.rows * p) / parts);
        const to = Math.floor((s.rows * (p + 1)) / parts);
        tasks.push({ dataset, table: s.name, from, to, path: partFile(tmp, s.name, p) });
      }
    }
    // Largest parts first, so a lane never ends with one big part left alone.
    tasks.sort((a, b) => b.to - b.from - (a.to - a.from));
    const t0 = performance.now();
    await writeParts(tasks, specs, Math.max(1, threads));
    const rows = specs.map((s) => `${s.name} ${s.rows}`).join(', ');
    log(`h2o: generated ${dir} (${rows} rows) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await writeFile(join(tmp, VERSION_FILE), `${H2O_GENERATOR_VERSION}\n`);
    // Another process may have finished the same dataset meanwhile: keep theirs.
    if (await isComplete(dir)) {
      await rm(tmp, { recursive: true, force: true });
      return tablesIn(dir, specs);
    }
    if (existsSync(dir)) await rm(dir, { recursive: true, force: true });
    await rename(tmp, dir);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  return tablesIn(dir, specs);
}
