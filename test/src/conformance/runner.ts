// Runs corpus files in worker threads, at most `concurrency` at a time. A per-statement watchdog ends a
// worker whose statement runs too long; a dead or stopped worker costs that one statement, and the rest
// of the file continues in a new worker that first replays the file's earlier setup statements.

import { Worker } from 'node:worker_threads';
import type { TableData } from './builtin-tables.js';
import { sessionConfigsFor, type CorpusFile, type CorpusRecord } from './corpus.js';
import type { StatementOutcome } from './outcome.js';
import type { WorkerInput, WorkerMessage } from './worker.js';

export interface RunnerOptions {
  /** The compiled worker script (worker.js), or a stand-in in tests. */
  readonly workerUrl: URL;
  readonly tables: readonly TableData[];
  readonly statementTimeoutMs: number;
  readonly maxOldGenerationSizeMb: number;
  readonly concurrency: number;
  /** Called as each file finishes (for progress output). */
  readonly onFileDone?: (file: CorpusFile, outcomes: readonly StatementOutcome[]) => void;
}

export const DEFAULT_RUNNER_OPTIONS = {
  statementTimeoutMs: 10_000,
  maxOldGenerationSizeMb: 2048,
  concurrency: 2,
} as const;

interface WorkerRun {
  readonly outcomes: StatementOutcome[];
  /** Set when the worker stopped early: the statement it was on (or -1 before the first). */
  readonly stopped: { readonly index: number; readonly inPrelude: boolean; readonly outcome: 'timeout' | 'crash'; readonly message: string } | null;
  /** The worker could not set up its session at all. */
  readonly fatal: string | null;
}

function runWorker(input: WorkerInput, opts: RunnerOptions): Promise<WorkerRun> {
  return new Promise((resolve) => {
    const outcomes: StatementOutcome[] = [];
    let current: { index: number; prelude: boolean } | null = null;
    let finished = false;
    let timer: NodeJS.Timeout | null = null;
    let stderrTail = '';
    const worker = new Worker(opts.workerUrl, {
      workerData: input,
      resourceLimits: { maxOldGenerationSizeMb: opts.maxOldGenerationSizeMb },
      stdout: true,
      stderr: true,
    });
    // Engine chatter is dropped; the end of stderr explains a crash.
    worker.stdout.resume();
    worker.stderr.on('data', (d: Buffer) => {
      stderrTail = (stderrTail + d.toString('utf8')).slice(-2000);
    });
    const clearTimer = (): void => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    };
    const finish = (run: WorkerRun): void => {
      if (finished) return;
      finished = true;
      clearTimer();
      void worker.terminate();
      resolve(run);
    };
    const stop = (outcome: 'timeout' | 'crash', message: string): void => {
      const at = current ?? { index: -1, prelude: false };
      finish({ outcomes, stopped: { index: at.index, inPrelude: at.prelude, outcome, message }, fatal: null });
    };
    worker.on('message', (m: WorkerMessage) => {
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
          finish({ outcomes, stopped: null, fatal: m.message });
          break;
        case 'done':
          finish({ outcomes, stopped: null, fatal: null });
          break;
      }
    });
    worker.on('error', (e: Error) => stop('crash', `worker error: ${e.message}`));
    worker.on('exit', (code) =>
      stop('crash', `worker exited (code ${code})${stderrTail ? `: ${stderrTail.trim().split('\n').slice(-3).join(' | ')}` : ''}`),
    );
  });
}

/** Runs one file to the end, whatever its statements do; returns one outcome per record in index order. */
export async function runFile(file: CorpusFile, opts: RunnerOptions): Promise<StatementOutcome[]> {
  const configs = sessionConfigsFor(file);
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
    const run = await runWorker(
      { configs, tables: opts.tables, prelude, statements: remaining.map((r) => ({ index: r.index, sql: r.sql })) },
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
  const lane = async (): Promise<void> => {
    for (let f = queue.shift(); f !== undefined; f = queue.shift()) {
      const outcomes = await runFile(f, opts);
      results.set(f.file, outcomes);
      opts.onFileDone?.(f, outcomes);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, lane));
  return results;
}
