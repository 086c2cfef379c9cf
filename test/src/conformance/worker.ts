// Runs corpus files in a worker thread, one after another: for each a new session (and catalog), the
// built-in tables, then each statement in order, posting progress so that the parent's watchdog can
// stop a statement that hangs.

import { parentPort, workerData } from 'node:worker_threads';
import type { TableData } from './builtin-tables.js';
import { openSession, type HarnessSession } from './engine.js';
import type { StatementOutcome } from './outcome.js';
import { catalogString } from '@flint/common';
import { renderRows } from './render.js';
import { isOrderedSql, isSortedPlan } from './sorted.js';

/** Given once, when the worker starts. */
export interface WorkerSetup {
  readonly tables: readonly TableData[];
}

/** One file to run, posted to the worker; it answers with WorkerMessages ending in 'done' or 'fatal'. */
export interface WorkerInput {
  readonly configs: readonly (readonly [string, string])[];
  /** Earlier setup statements replayed (unreported) after a restart. */
  readonly prelude: readonly { readonly index: number; readonly sql: string }[];
  readonly statements: readonly { readonly index: number; readonly sql: string }[];
}

export type WorkerMessage =
  | { readonly type: 'start'; readonly index: number; readonly prelude: boolean }
  | { readonly type: 'outcome'; readonly outcome: StatementOutcome }
  | { readonly type: 'fatal'; readonly message: string }
  | { readonly type: 'done' };

function post(m: WorkerMessage): void {
  parentPort?.postMessage(m);
}

function errorOutcome(index: number, e: unknown): StatementOutcome {
  const err = e as { name?: unknown; errorClass?: unknown; message?: unknown };
  // Duck-typed: a FlintError from another copy of @flint/common is still one.
  const isFlint = typeof err === 'object' && err !== null && typeof err.errorClass === 'string';
  const message = typeof err?.message === 'string' ? err.message : String(e);
  return { kind: 'error', index, errorClass: isFlint ? (err.errorClass as string) : null, message };
}

async function runStatement(spark: HarnessSession, index: number, sql: string): Promise<StatementOutcome> {
  try {
    const df = await spark.sql(sql);
    const schema = df.schema;
    const batches = await df.collectBatches();
    const ctx = { timeZone: spark.conf.get('spark.sql.session.timeZone') ?? 'America/Los_Angeles' };
    return {
      kind: 'ok',
      index,
      names: schema.fields.map((f) => f.name),
      types: schema.fields.map((f) => catalogString(f.dataType)),
      rows: renderRows(schema, batches, ctx),
      // Spark's rule over the analyzed plan; the text rule for a result without one.
      sorted: (df.plan as unknown) !== undefined ? isSortedPlan(df.plan) : isOrderedSql(sql),
    };
  } catch (e) {
    return errorOutcome(index, e);
  }
}

let previous: HarnessSession | null = null;

async function runFile(setup: WorkerSetup, input: WorkerInput): Promise<void> {
  let spark: HarnessSession;
  try {
    // Stopping the last file's session makes the next one new, with its own catalog.
    previous?.stop();
    spark = previous = await openSession(input.configs);
    for (const t of setup.tables) spark.createDataFrame(t.rows, t.schema).createOrReplaceTempView(t.name);
  } catch (e) {
    post({ type: 'fatal', message: `session setup failed: ${(e as Error)?.message ?? String(e)}` });
    return;
  }
  for (const s of input.prelude) {
    post({ type: 'start', index: s.index, prelude: true });
    await runStatement(spark, s.index, s.sql);
  }
  for (const s of input.statements) {
    post({ type: 'start', index: s.index, prelude: false });
    post({ type: 'outcome', outcome: await runStatement(spark, s.index, s.sql) });
  }
  post({ type: 'done' });
}

if (parentPort !== null) {
  const setup = workerData as WorkerSetup;
  // Files arrive one at a time; the parent waits for 'done' before sending the next.
  parentPort.on('message', (input: WorkerInput) => {
    runFile(setup, input).catch((e: unknown) => {
      post({ type: 'fatal', message: `worker failed: ${(e as Error)?.stack ?? String(e)}` });
    });
  });
}
