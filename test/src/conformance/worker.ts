// Runs one corpus file's statements in a worker thread: a fresh session, the built-in tables, then each
// statement in order, posting progress so that the parent's watchdog can stop a statement that hangs.

import { parentPort, workerData } from 'node:worker_threads';
import type { TableData } from './builtin-tables.js';
import { openSession, type HarnessDataFrame, type HarnessSession } from './engine.js';
import type { StatementOutcome } from './outcome.js';
import { catalogString } from '@flint/common';
import { renderRows } from './render.js';
import { isOrderedSql, isSortedPlan } from './sorted.js';

export interface WorkerInput {
  readonly configs: readonly (readonly [string, string])[];
  readonly tables: readonly TableData[];
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

/** The analyzed plan behind a DataFrame, if the API exposes one. */
function planOf(df: HarnessDataFrame): unknown {
  const d = df as unknown as {
    plan?: unknown;
    logicalPlan?: unknown;
    queryExecution?: { analyzed?: unknown };
  };
  return d.queryExecution?.analyzed ?? d.logicalPlan ?? d.plan;
}

async function runStatement(spark: HarnessSession, index: number, sql: string): Promise<StatementOutcome> {
  try {
    const df = await spark.sql(sql);
    const schema = df.schema;
    const batches = await df.collectBatches();
    const ctx = { timeZone: spark.conf.get('spark.sql.session.timeZone') ?? 'America/Los_Angeles' };
    const plan = planOf(df);
    return {
      kind: 'ok',
      index,
      names: schema.fields.map((f) => f.name),
      types: schema.fields.map((f) => catalogString(f.dataType)),
      rows: renderRows(schema, batches, ctx),
      sorted: plan !== undefined ? isSortedPlan(plan) : isOrderedSql(sql),
    };
  } catch (e) {
    return errorOutcome(index, e);
  }
}

async function main(input: WorkerInput): Promise<void> {
  let spark: HarnessSession;
  try {
    spark = await openSession(input.configs);
    for (const t of input.tables) {
      const df = await spark.createDataFrame(t.rows, t.schema);
      await df.createOrReplaceTempView(t.name);
    }
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
  main(workerData as WorkerInput).catch((e: unknown) => {
    post({ type: 'fatal', message: `worker failed: ${(e as Error)?.stack ?? String(e)}` });
  });
}
