// Runs corpus files in worker threads, at most `concurrency` at a time; a worker runs files one after
// another (each in a new session) so that the engine loads once per worker, not once per file. A
// per-statement watchdog ends a worker whose statement runs too long; a dead or stopped worker costs that
// one statement, and the rest of the file continues in a new worker that first replays the file's earlier
// setup statements.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TableData } from './builtin-tables.js';
import { sessionConfigsFor, type CorpusFile, type CorpusRecord } from './corpus.js';
import type { StatementOutcome } from './outcome.js';
import type { WorkerInput, WorkerMessage, WorkerSetup } from './worker.js';

export interface RunnerOptions {
  /** The compiled worker script (worker.js), or a stand-in in tests. */
  readonly workerUrl: URL;
  readonly tables: readonly TableData[];
  readonly statementTimeoutMs: number;
  readonly maxOldGenerationSizeMb: number;
  readonly concurrency: number;
  /** Files a worker runs before it is replaced (1: a fresh worker per file). */
  readonly filesPerWorker?: number;
  /** Called as each file finishes (for progress output). */
  readonly onFileDone?: (file: CorpusFile, outcomes: readonly StatementOutcome[]) => void;
}

export const DEFAULT_RUNNER_OPTIONS = {
  statementTimeoutMs: 10_000,
  /** Replacing workers now and then keeps what one file leaks from piling up. */
  filesPerWorker: 25,
  maxOldGenerationSizeMb: 2048,
  concurrency: 2,
} as const;

interface WorkerRun {
  readonly outcomes: StatementOutcome[];
  /** Set when the worker stopped early: the statement it was on (or -1 before the first). */
  readonly stopped: {
    readonly index: number;
    readonly inPrelude: boolean;
    readonly outcome: 'timeout' | 'crash';
    readonly message: string;
  } | null;
  /** The worker could not set up its session at all. */
  readonly fatal: string | null;
}

/** A worker thread that runs files one after another until it is stopped or dies. */
interface LiveWorker {
  readonly worker: Worker;
  filesRun: number;
  stderrTail: string;
  dead: boolean;
}

function spawnWorker(opts: RunnerOptions): LiveWorker {
  const worker = new Worker(opts.workerUrl, {
    workerData: { tables: opts.tables } satisfies WorkerSetup,
    resourceLimits: { maxOldGenerationSizeMb: opts.maxOldGenerationSizeMb },
    stdout: true,
    stderr: true,
  });
  const lw: LiveWorker = { worker, filesRun: 0, stderrTail: '', dead: false };
  // Engine chatter is dropped; the end of stderr explains a crash.
  worker.stdout.resume();
  worker.stderr.on('data', (d: Buffer) => {
    lw.stderrTail = (lw.stderrTail + d.toString('utf8')).slice(-2000);
  });
  worker.on('exit', () => {
    lw.dead = true;
  });
  // An error is handled by the run in progress; this keeps one between runs from being unhandled.
  worker.on('error', () => {});
  return lw;
}

function killWorker(lw: LiveWorker): void {
  lw.dead = true;
  void lw.worker.terminate();
}

/** Runs `input` on `lw`; a worker that timed out, crashed or failed fatally is dead afterwards. */
function runOnWorker(lw: LiveWorker, input: WorkerInput, opts: RunnerOptions): Promise<WorkerRun> {
  return new Promise((resolve) => {
    const { worker } = lw;
    const outcomes: StatementOutcome[] = [];
    let current: { index: number; prelude: boolean } | null = null;
    let finished = false;
    let timer: NodeJS.Timeout | null = null;
    const clearTimer = (): void => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    };
    const finish = (run: WorkerRun, kill: boolean): void => {
      if (finished) return;
      finished = true;
      clearTimer();
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (kill) killWorker(lw);
      resolve(run);
    };
    const stop = (outcome: 'timeout' | 'crash', message: string): void => {
      const at = current ?? { index: -1, prelude: false };
      finish(
        { outcomes, stopped: { index: at.index, inPrelude: at.prelude, outcome, message }, fatal: null },
        true,
      );
    };
    const onMessage = (m: WorkerMessage): void => {
      switch (m.type) {
        case 'start':
          current = { index: m.index, prelude: m.prelude };
          clearTimer();
          timer = setTimeout(
            () => stop('timeout', `statement exceeded ${opts.statementTimeoutMs} ms`),
            opts.statementTimeoutMs,
          );
          break;
        case 'outcome':
          clearTimer();
          current = null;
          outcomes.push(m.outcome);
          break;
        case 'fatal':
          finish({ outcomes, stopped: null, fatal: m.message }, true);
          break;
        case 'done':
          finish({ outcomes, stopped: null, fatal: null }, false);
          break;
      }
    };
    const onError = (e: Error): void => stop('crash', `worker error: ${e.message}`);
    const onExit = (code: number): void => {
      const tail = lw.stderrTail.trim().split('\n').slice(-3).join(' | ');
      stop('crash', `worker exited (code ${code})${tail ? `: ${tail}` : ''}`);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    if (lw.dead) onExit(-1);
    else worker.postMessage(input);
  });
}

/** The worker a lane of the runner reuses from file to file. */
export interface Lane {
  current: LiveWorker | null;
}

/** Runs one file to the end, whatever its statements do; returns one outcome per record in index order. */
export async function runFile(
  file: CorpusFile,
  opts: RunnerOptions,
  reuse?: Lane,
): Promise<StatementOutcome[]> {
  // Without a lane to hand the worker back to, the worker ends with the file.
  const lane: Lane = reuse ?? { current: null };
  // Each file gets its own warehouse so that parallel files creating the same table cannot collide.
  const warehouse = mkdtempSync(join(tmpdir(), 'flint-conformance-'));
  try {
    const configs: [string, string][] = [...sessionConfigsFor(file), ['spark.sql.warehouse.dir', warehouse]];
    const outcomes = await runFileIn(file, opts, configs, lane);
    const lw = lane.current;
    if (lw !== null && ++lw.filesRun >= (opts.filesPerWorker ?? DEFAULT_RUNNER_OPTIONS.filesPerWorker)) {
      killWorker(lw);
      lane.current = null;
    }
    return outcomes;
  } finally {
    rmSync(warehouse, { recursive: true, force: true });
    if (reuse === undefined && lane.current !== null) killWorker(lane.current);
  }
}

async function runFileIn(
  file: CorpusFile,
  opts: RunnerOptions,
  configs: readonly (readonly [string, string])[],
  lane: Lane,
): Promise<StatementOutcome[]> {
  const done = new Map<number, StatementOutcome>();
  const stuck = new Set<number>(); // statements that hung or killed a worker: never replayed
  let remaining: readonly CorpusRecord[] = file.records;
  const failRest = (kind: 'timeout' | 'crash', message: string): void => {
    for (const r of remaining) if (!done.has(r.index)) done.set(r.index, { kind, index: r.index, message });
    remaining = [];
  };
  while (remaining.length > 0) {
    const first = remaining[0]!.index;
    const prelude = file.records
      .filter((r) => r.is_setup && r.index < first && !stuck.has(r.index))
      .map((r) => ({ index: r.index, sql: r.sql }));
    if (lane.current === null || lane.current.dead) lane.current = spawnWorker(opts);
    const run = await runOnWorker(
      lane.current,
      { configs, prelude, statements: remaining.map((r) => ({ index: r.index, sql: r.sql })) },
      opts,
    );
    for (const o of run.outcomes) done.set(o.index, o);
    if (run.fatal !== null) {
      failRest('crash', run.fatal);
      break;
    }
    if (run.stopped === null) {
      failRest('crash', 'worker finished without reporting the statement');
      break;
    }
    const { index, inPrelude, outcome, message } = run.stopped;
    if (inPrelude) {
      // Replaying setup failed this time though it passed before: give up on the file's rest.
      failRest(outcome, `setup replay failed: ${message}`);
      break;
    }
    // Blame the statement in progress, or the first unreported one if the worker died between statements.
    const blamed = index >= 0 ? index : remaining.find((r) => !done.has(r.index))?.index;
    if (blamed === undefined) break;
    done.set(blamed, { kind: outcome, index: blamed, message });
    stuck.add(blamed);
    remaining = remaining.filter((r) => !done.has(r.index));
  }
  return file.records.map(
    (r) => done.get(r.index) ?? { kind: 'crash', index: r.index, message: 'statement was never run' },
  );
}

/** Runs all files, `opts.concurrency` at a time (largest first, to balance the workers). */
export async function runCorpus(
  files: readonly CorpusFile[],
  opts: RunnerOptions,
): Promise<Map<string, StatementOutcome[]>> {
  const queue = [...files].sort((a, b) => b.records.length - a.records.length);
  const results = new Map<string, StatementOutcome[]>();
  const runLane = async (): Promise<void> => {
    const lane: Lane = { current: null };
    try {
      for (let f = queue.shift(); f !== undefined; f = queue.shift()) {
        const outcomes = await runFile(f, opts, lane);
        results.set(f.file, outcomes);
        opts.onFileDone?.(f, outcomes);
      }
    } finally {
      if (lane.current !== null) killWorker(lane.current);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, runLane));
  return results;
}
