// The harness's entry to Flint: a new session with the file's configuration, over a warehouse folder
// of its own (tables are kept on disk, so each file starts from an empty catalog, as in Spark's run).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { SparkSession } from 'flint';

export type HarnessSession = SparkSession;
export type HarnessDataFrame = Awaited<ReturnType<SparkSession['sql']>>;

/** This worker's temporary folder under tmp/flint-conformance-<pid>/, removed when the worker exits. */
let root: string | null = null;
let previousWarehouse: string | null = null;
let sessions = 0;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Folders left by runs whose process is gone (a terminated worker cannot clean up after itself). */
function removeStaleRoots(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const m = /^flint-conformance-(\d+)$/.exec(name);
    if (m === null || Number(m[1]) === process.pid || isAlive(Number(m[1]))) continue;
    fs.rmSync(nodePath.join(os.tmpdir(), name), { recursive: true, force: true });
  }
}

function workerRoot(): string {
  if (root === null) {
    removeStaleRoots();
    const runDir = nodePath.join(os.tmpdir(), `flint-conformance-${process.pid}`);
    fs.mkdirSync(runDir, { recursive: true });
    const dir = fs.mkdtempSync(nodePath.join(runDir, 'worker-'));
    root = dir;
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  }
  return root;
}

/** A new session configured with `configs` (each worker thread starts with no session). */
export async function openSession(configs: readonly (readonly [string, string])[]): Promise<HarnessSession> {
  if (previousWarehouse !== null) fs.rmSync(previousWarehouse, { recursive: true, force: true });
  const warehouse = nodePath.join(workerRoot(), `warehouse-${++sessions}`);
  previousWarehouse = warehouse;
  let b = SparkSession.builder()
    .appName('flint-conformance')
    .master('local[1]')
    .config('spark.sql.warehouse.dir', warehouse);
  for (const [k, v] of configs) b = b.config(k, v);
  return b.getOrCreate();
}
