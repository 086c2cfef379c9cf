// The process-wide worker pools (piscina), one per size, created on first use and shared by every
// session with that many task slots. Idle workers do not keep the process alive.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';

const pools = new Map<number, Piscina>();
const WORKER_YOUNG_GENERATION_MB = 64;

/**
 * The compiled worker entry. From dist it sits beside this file; when @flint/exec is loaded from its
 * TypeScript sources (vitest), the same path under dist/ (the test script builds dist first).
 */
export function workerEntry(): string {
  const here = fileURLToPath(import.meta.url);
  const entry = here.replace(/worker-pool\.[jt]s$/, 'task-worker-entry.cjs');
  if (!here.endsWith('.ts')) return entry;
  const dist = entry.replace(/([\\/])src([\\/]cluster[\\/]task-worker-entry\.cjs)$/, '$1dist$2');
  if (!existsSync(dist))
    throw new Error(`the worker entry ${dist} is missing: build @flint/exec (tsc -b packages/exec)`);
  return dist;
}

export function workerPool(threads: number): Piscina {
  let pool = pools.get(threads);
  if (!pool) {
    pool = new Piscina({
      filename: workerEntry(),
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 60_000,
      // A task allocates a few typed arrays and small objects per batch; a young generation larger
      // than V8's default (32 MiB) means fewer scavenges that each copy the batches still in flight.
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    // piscina reports a result that arrives for a task already aborted (its worker was finishing
    // as the job was cancelled) as an 'error' event; the scheduler has moved on, so it is dropped.
    pool.on('error', () => undefined);
    pools.set(threads, pool);
  }
  return pool;
}

/**
 * Starts the pool for `threads` slots ahead of the first query (a worker takes about a second to load
 * the engine), when there is more than one slot and the worker entry is there.
 */
export function warmWorkerPool(threads: number): void {
  if (threads <= 1) return;
  try {
    workerPool(threads);
  } catch {
    // No compiled worker entry: the first parallel query will say so.
  }
}

/** Stops every pool's workers (tests, the REPL on exit); later queries create them again. */
export async function shutdownWorkerPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map((p) => p.destroy()));
}
