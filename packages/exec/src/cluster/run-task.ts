// Runs one task: partition `partition` of a stage's fragment, on the calling thread or in a pool
// worker. A map task splits its output for the shuffle itself, so hashing runs in parallel too.

import type { Batch } from '@flint/common';
import type { PhysicalPlan } from '@flint/planner';
import type { EvalContext } from '../functions/kernel.js';
import { runNode } from '../operators/run-node.js';
import { partitionCount, shuffleWriter, unsplit, type SplitBatch } from '../operators/shuffle-exchange.js';
import { BATCH_SIZE, type ExchangeStore, type TaskContext } from '../operators/task-context.js';
import { concatBatches } from '../eval/vectors.js';
import { outputOf } from '../plan-output.js';
import { taskMemory } from '../memory-budget.js';
import type { SubPartitions } from './stage-graph.js';
import type { TaskOutputSpec } from './task-protocol.js';
import { batchBytes, metricsCollector, type TaskMetrics } from './task-metrics.js';

export interface TaskHooks {
  readonly signal?: AbortSignal;
  /** The error to throw when `signal` aborts. */
  readonly onAbort?: () => Error;
  /** Give the event loop a turn this often (ms) on the calling thread, so an abort is noticed. */
  readonly yieldMs?: number;
  /** Called once the task has produced its first batch (the worker-kill test hook). */
  readonly afterFirstBatch?: () => void;
}

/** The task's TaskContext: the query's, with this partition's eval context and the metrics wrapper. */
function taskContext(base: Omit<TaskContext, 'eval'>, ctx: EvalContext, partition: number, hooks: TaskHooks) {
  const metrics = metricsCollector(hooks.signal, hooks.onAbort, hooks.yieldMs ?? 0);
  // Each task knows its partition (spark_partition_id, rand(seed), monotonically_increasing_id use it).
  const tc: TaskContext = {
    ...base,
    eval: { ...ctx, partitionIndex: partition, inputFile: { name: '' } },
    instrument: metrics.instrument,
    memory: taskMemory(ctx.memoryBudget),
  };
  return { tc, metrics };
}

function finishMetrics(
  metrics: ReturnType<typeof metricsCollector>,
  start: number,
  out: { records: number; bytes: number; shuffleRecords: number; shuffleBytes: number; held: number },
): TaskMetrics {
  const s = metrics.summary();
  return {
    executorRunTime: performance.now() - start,
    inputRecords: s.inputRecords,
    inputBytes: s.inputBytes,
    outputRecords: out.records,
    outputBytes: out.bytes,
    shuffleReadRecords: s.shuffleReadRecords,
    shuffleReadBytes: s.shuffleReadBytes,
    shuffleWriteRecords: out.shuffleRecords,
    shuffleWriteBytes: out.shuffleBytes,
    peakExecutionMemory: out.held + s.shuffleReadBytes,
    operators: s.operators,
  };
}

/**
 * Runs the task to the end: its output in partition order (`partitions` of them: one for `collect`,
 * the reduce partitions for `shuffle`).
 */
export async function runTask(
  fragment: PhysicalPlan,
  partition: number,
  base: Omit<TaskContext, 'eval'>,
  ctx: EvalContext,
  output: TaskOutputSpec,
  subPartitions: SubPartitions | null,
  hooks: TaskHooks = {},
): Promise<{ split: SplitBatch<Batch>[]; partitions: number; metrics: TaskMetrics }> {
  const start = performance.now();
  const { tc, metrics } = taskContext(base, ctx, partition, hooks);
  const writer =
    output.kind === 'shuffle'
      ? shuffleWriter(output.partitioning, outputOf(fragment), tc.eval, partition)
      : null;
  const collected: Batch[] = [];
  let records = 0;
  let bytes = 0;
  let first = true;
  try {
    for await (const b of fragmentOutput(fragment, partition, tc, subPartitions)) {
      if (b.numRows === 0) continue;
      records += b.numRows;
      bytes += batchBytes(b);
      if (writer) writer.write(b);
      else collected.push(b);
      if (first) {
        first = false;
        hooks.afterFirstBatch?.();
      }
    }
  } finally {
    tc.memory?.releaseAll();
  }
  return {
    split: writer ? writer.finishSplit() : unsplit(collected),
    partitions: output.kind === 'shuffle' ? partitionCount(output.partitioning) : 1,
    metrics: finishMetrics(metrics, start, {
      records: writer ? 0 : records,
      bytes: writer ? 0 : bytes,
      shuffleRecords: writer ? records : 0,
      shuffleBytes: writer ? bytes : 0,
      held: bytes,
    }),
  };
}

/** The task's output as a stream (the result stage on the calling thread); metrics once it is drained. */
export function streamTask(
  fragment: PhysicalPlan,
  partition: number,
  base: Omit<TaskContext, 'eval'>,
  ctx: EvalContext,
  subPartitions: SubPartitions | null,
  hooks: TaskHooks = {},
): { stream: AsyncIterable<Batch>; metrics: () => TaskMetrics } {
  const start = performance.now();
  const { tc, metrics } = taskContext(base, ctx, partition, hooks);
  let records = 0;
  let bytes = 0;
  const inner = fragmentOutput(fragment, partition, tc, subPartitions);
  async function* stream(): AsyncIterable<Batch> {
    try {
      for await (const b of inner) {
        records += b.numRows;
        bytes += batchBytes(b);
        yield b;
      }
    } finally {
      tc.memory?.releaseAll();
    }
  }
  return {
    stream: stream(),
    metrics: () =>
      finishMetrics(metrics, start, { records, bytes, shuffleRecords: 0, shuffleBytes: 0, held: 0 }),
  };
}

/**
 * The fragment's output for the partition: run once, or once per shuffle partition of a coalesced
 * range that has rows (each run reading its slice of every exchange), giving back the memory each run
 * drew before the next. Small batches of successive runs are put together: a shuffle write or the
 * driver pays per batch.
 */
async function* fragmentOutput(
  fragment: PhysicalPlan,
  partition: number,
  tc: TaskContext,
  subPartitions: SubPartitions | null,
): AsyncIterable<Batch> {
  if (subPartitions === null) {
    yield* runNode(fragment, partition, tc);
    return;
  }
  const types = outputOf(fragment).map((a) => a.dataType);
  const starts = new Map(subPartitions);
  const count = subPartitions[0]![1].length - 1;
  let pending: Batch[] = [];
  let pendingRows = 0;
  for (let j = 0; j < count; j++) {
    if (subPartitions.every(([, at]) => at[j] === at[j + 1])) continue;
    // Only the run's blocks are read (on the driver, reading decodes them).
    const run = (id: number): [number, number] | [] => {
      const at = starts.get(id);
      return at === undefined ? [] : [at[j]!, at[j + 1]!];
    };
    const exchanges: ExchangeStore = {
      read: (id, p) => tc.exchanges.read(id, p, ...run(id)),
      rows: (id, p) => tc.exchanges.rows(id, p, ...run(id)),
      readAll: (id) => tc.exchanges.readAll(id),
    };
    for await (const b of runNode(fragment, partition, { ...tc, exchanges })) {
      pending.push(b);
      pendingRows += b.numRows;
      // Rows leave in order (a global sort's runs are its ranges in order).
      if (pendingRows >= BATCH_SIZE / 4) {
        yield concatBatches(types, pending);
        pending = [];
        pendingRows = 0;
      }
    }
    tc.memory?.releaseAll();
  }
  if (pendingRows > 0) yield concatBatches(types, pending);
}
