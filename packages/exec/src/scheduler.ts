// The scheduler (Spark's DAGScheduler + TaskScheduler in one): cuts the plan into stages at exchanges,
// runs the map stages bottom-up (independent ones at once) and then the result stage, one task per
// partition. With one task slot (spark.master = local) tasks run on the calling thread; with more, on
// the process's worker pool of that size. Map outputs stay on the driver, per exchange and reduce
// partition, until the job ends. Tasks are retried when their worker dies or fails unexpectedly; a
// FlintError fails the job at once. An AbortSignal cancels the job; listeners hear every event.

import { setMaxListeners } from 'node:events';
import { parseBytes, type Batch } from '@flint/common';
import type { PhysicalPlan } from '@flint/planner';
import { JobAbortedError, JobCancelledError } from './cluster/job-errors.js';
import { runTask, streamTask, type TaskHooks } from './cluster/run-task.js';
import { toSharedBatches, type SharedBatch } from './cluster/shared-batches.js';
import { cutParts, noteMapTask } from './cluster/merged-blocks.js';
import { fromWire, storedOf, toWire, wireRows, type WireBatch } from './cluster/wire-batches.js';
import {
  postEvent,
  type SparkListener,
  type StageInfo,
  type TaskEndReason,
  type TaskInfo,
} from './cluster/spark-listener.js';
import {
  injectShuffleRuntimeFilters,
  shuffleRuntimeFiltersEnabled,
} from './cluster/shuffle-runtime-filter.js';
import { reusableExchanges, type ExchangeOutput } from './cluster/reused-exchanges.js';
import {
  broadcastOfShuffle,
  buildStages,
  fragmentExchangeIdMap,
  splitTakeOrdered,
  type StageSpec,
  type SubPartitions,
} from './cluster/stage-graph.js';
import { coalesceStage } from './cluster/coalesce-shuffle-partitions.js';
import { selectJoinsAtRuntime } from './cluster/dynamic-join-selection.js';
import { partitionsRead, stripFragment } from './cluster/task-fragment.js';
import { liveMemoryBlocks, toMemoryBlocks } from './cluster/memory-blocks.js';
import { batchBytes, partitionsBytes, type TaskMetrics } from './cluster/task-metrics.js';
import {
  rebuildError,
  type BroadcastInput,
  type ShuffleInput,
  type TaskOutputSpec,
  type TaskRequest,
  type TaskResponse,
} from './cluster/task-protocol.js';
import { taskSlots } from './cluster/task-slots.js';
import { workerPool } from './cluster/worker-pool.js';
import type { EvalContext } from './functions/kernel.js';
import { batchRows, shufflePartitions } from './operators/shuffle-exchange.js';
import {
  collectBatches,
  exchangeIds,
  fromArray,
  planChildren,
  type ExchangeStore,
  type TaskContext,
} from './operators/task-context.js';
import { outputOf } from './plan-output.js';
import { concatBatches } from './eval/vectors.js';

export interface ExecuteOptions {
  /** Cancels the job: running tasks stop, the call rejects with an AbortError. */
  readonly signal?: AbortSignal;
  readonly listeners?: readonly SparkListener[];
  /** Overrides spark.master of the eval context's conf. */
  readonly master?: string;
}

// Ids are unique in the process, as Spark's are in its SparkContext.
let jobCounter = 0;
let stageCounter = 0;
let taskCounter = 0;
/** Running jobs: workers drop cached broadcasts of the others. */
const liveJobs = new Set<number>();

const noop = (): void => undefined;

/** spark.flint.test.killWorkerAtTask=<stage index in the job>:<partition> (test hook, pool only). */
function killHook(ctx: EvalContext): { stage: number; partition: number } | null {
  const m = /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(ctx.conf.get('spark.flint.test.killWorkerAtTask') ?? '');
  return m ? { stage: Number(m[1]), partition: Number(m[2]) } : null;
}

function stageName(s: StageSpec): string {
  if (s.exchange === null) return `ResultStage ${s.fragment.kind}`;
  const what = s.exchange.kind === 'ShuffleExchange' ? s.exchange.partitioning.kind : 'broadcast';
  return `ShuffleMapStage ${s.exchange.kind} (${what}) over ${s.fragment.kind}`;
}

/** Output batches of each partition of `plan`. */
export function executePlan(
  plan: PhysicalPlan,
  ctx: EvalContext,
  loopInputs?: ReadonlyMap<number, readonly Batch[]>,
  options: ExecuteOptions = {},
): Promise<Batch[][]> {
  return executeStages(plan, ctx, (_p, batches) => collectBatches(batches), loopInputs, options);
}

/** All output batches in partition order. */
export async function executeCollect(
  plan: PhysicalPlan,
  ctx: EvalContext,
  options: ExecuteOptions = {},
): Promise<Batch[]> {
  return (await executePlan(plan, ctx, undefined, options)).flat();
}

/**
 * Runs the stages below `plan`, then hands each partition's output stream of the last stage to
 * `consume` (a file write, a count...), in partition order. On the calling thread the stream is the
 * task itself; from the pool it is the task's finished output.
 */
export async function executeStages<R>(
  plan: PhysicalPlan,
  ctx: EvalContext,
  consume: (partition: number, batches: AsyncIterable<Batch>) => Promise<R>,
  loopInputs?: ReadonlyMap<number, readonly Batch[]>,
  options: ExecuteOptions = {},
): Promise<R[]> {
  const slots = taskSlots(options.master ?? ctx.conf.get('spark.master'));
  const maxFailures =
    slots.maxFailures ?? Math.max(1, Math.floor(Number(ctx.conf.get('spark.task.maxFailures') ?? '4')) || 4);
  const listeners = options.listeners ?? [];
  const userSignal = options.signal;
  const planned = splitTakeOrdered(plan);
  const stages = buildStages(
    shuffleRuntimeFiltersEnabled(ctx.conf) ? injectShuffleRuntimeFilters(planned) : planned,
  );
  const stageIds = stages.map(() => stageCounter++);
  const jobId = jobCounter++;
  const kill = killHook(ctx);

  // One controller stops everything: the caller's abort, or the first task failure that ends the job.
  const ac = new AbortController();
  // Every running task of the job listens on this signal (piscina adds one listener per task).
  setMaxListeners(0, ac.signal);
  let failure: Error | null = null;
  const fail = (e: Error): void => {
    failure ??= e;
    ac.abort(e);
  };
  const cancelled = (): Error => failure ?? new JobCancelledError(jobId, userSignal?.reason);
  const onUserAbort = (): void => fail(new JobCancelledError(jobId, userSignal?.reason));
  if (userSignal?.aborted) throw new JobCancelledError(jobId, userSignal.reason);
  userSignal?.addEventListener('abort', onUserAbort, { once: true });

  // Map outputs, by exchange id: per reduce partition for a shuffle, whole for a broadcast. A pool
  // task's output stays as it crossed (strings packed) until a task on this thread reads it: most goes
  // on to other workers, and unpacked here it was a heap object per string for this thread's garbage
  // collector to copy (TPC-H Q10: ~180 ms of collection a run on this thread, beside the workers).
  const shuffles = new Map<number, WireBatch[][]>();
  const broadcasts = new Map<number, WireBatch[]>();
  const shared = new Map<number, SharedBatch[]>();
  // A broadcast read whole by tasks here is unpacked once: a hash join reuses its built side only
  // while the batches it is given are the same objects.
  const unpacked = new WeakMap<WireBatch, Batch>();
  const unpackedOnce = (b: WireBatch): Batch => {
    let u = unpacked.get(b);
    if (u === undefined) unpacked.set(b, (u = fromWire(b)));
    return u;
  };
  const blocksOf = (id: number, p: number, from?: number, to?: number): WireBatch[] => {
    const all = shuffles.get(id)?.[p] ?? [];
    return from === undefined ? all : all.slice(from, to);
  };
  const store: ExchangeStore = {
    read: (id, p, from, to) => blocksOf(id, p, from, to).map(fromWire),
    rows: (id, p, from, to) => blocksOf(id, p, from, to).reduce((n, b) => n + b.numRows, 0),
    readAll: (id) => (broadcasts.get(id) ?? (shuffles.get(id) ?? []).flat()).map(unpackedOnce),
  };
  const subOptions: ExecuteOptions = { ...options, signal: ac.signal };
  /** The shuffle partitions task p of a coalesced stage runs one at a time (null: its range whole). */
  const taskSubPartitions = (s: StageSpec, p: number): SubPartitions | null => s.subPartitions?.[p] ?? null;
  const baseContext = (s: StageSpec): Omit<TaskContext, 'eval'> => ({
    exchanges: store,
    exchangeIds: fragmentExchangeIdMap(s.fragment, s.fragmentExchangeIds),
    // A recursive CTE's anchor and recursion run as whole plans of their own (./operators/union-loop-exec.ts).
    runSubPlan: async (sub, inputs) => (await executePlan(sub, ctx, inputs, subOptions)).flat(),
    ...(loopInputs ? { loopInputs } : {}),
  });
  const localHooks: TaskHooks = {
    signal: ac.signal,
    onAbort: cancelled,
    // Without a caller's signal nothing on this thread can abort, so no turns need to be given.
    yieldMs: userSignal ? 20 : 0,
  };
  const { partitionIndex: _p, inputFile: _f, ...plainCtx } = ctx;
  const wireCtx = { ...plainCtx, conf: new Map(ctx.conf) };

  // ---- events ----
  const stageInfo = (s: StageSpec, extra: Partial<StageInfo> = {}): StageInfo => ({
    stageId: stageIds[s.index]!,
    name: stageName(s),
    numTasks: s.numTasks,
    parentIds: s.parents.map((i) => stageIds[i]!),
    ...extra,
  });
  const taskStart = (s: StageSpec, p: number, attempt: number, executorId: string): TaskInfo => {
    const info: TaskInfo = {
      taskId: taskCounter++,
      index: p,
      attemptNumber: attempt,
      launchTime: Date.now(),
      executorId,
      host: 'localhost',
      status: 'RUNNING',
    };
    postEvent(listeners, 'onTaskStart', { stageId: stageIds[s.index]!, taskInfo: info });
    return info;
  };
  const taskEnd = (
    s: StageSpec,
    info: TaskInfo,
    metrics: TaskMetrics | null,
    reason: TaskEndReason,
    executorId = info.executorId,
  ): void => {
    const status = reason.kind === 'Success' ? 'SUCCESS' : reason.kind === 'TaskKilled' ? 'KILLED' : 'FAILED';
    postEvent(listeners, 'onTaskEnd', {
      stageId: stageIds[s.index]!,
      taskInfo: { ...info, finishTime: Date.now(), status, executorId },
      taskMetrics: metrics,
      reason,
    });
  };
  const failureOf = (e: Error): TaskEndReason => ({
    kind: 'ExceptionFailure',
    className: e.name,
    description: e.message,
  });
  const KILLED: TaskEndReason = { kind: 'TaskKilled', reason: 'cancelled' };
  /** Why a task on this thread ended with `e`: the job's cancellation, or the error itself. */
  const localFailureOf = (e: unknown): TaskEndReason => (ac.signal.aborted ? KILLED : failureOf(e as Error));

  // ---- tasks ----
  const sharedOf = (id: number): SharedBatch[] => {
    let s = shared.get(id);
    if (!s) shared.set(id, (s = toSharedBatches((broadcasts.get(id) ?? []).map(storedOf))));
    return s;
  };
  const request = (s: StageSpec, p: number, attempt: number, output: TaskOutputSpec): TaskRequest => {
    const reads = partitionsRead(s.fragment, p);
    const shuffleInputs: ShuffleInput[] = [];
    const bcasts: BroadcastInput[] = [];
    for (const [node, i] of exchangeIds(s.fragment)) {
      const id = s.fragmentExchangeIds[i]!;
      if (node.kind === 'BroadcastExchange') {
        if (!bcasts.some((b) => b.exchangeId === id)) bcasts.push({ exchangeId: id, batches: sharedOf(id) });
      } else {
        for (const q of reads.get(node) ?? []) {
          shuffleInputs.push({
            exchangeId: id,
            partition: q,
            batches: (shuffles.get(id)?.[q] ?? []).map((b) => toWire(b)),
          });
        }
      }
    }
    const blocks = toMemoryBlocks(s.fragment, reads);
    return {
      jobId,
      liveJobs: [...liveJobs],
      stageId: stageIds[s.index]!,
      partition: p,
      attempt,
      fragment: stripFragment(blocks.fragment, reads),
      fragmentExchangeIds: s.fragmentExchangeIds,
      ctx: wireCtx,
      output,
      shuffleInputs,
      broadcasts: bcasts,
      memoryBlocks: blocks.inputs,
      liveMemoryBlocks: liveMemoryBlocks(),
      killAfterFirstBatch: attempt === 0 && kill !== null && kill.stage === s.index && kill.partition === p,
      subPartitions: taskSubPartitions(s, p),
    };
  };

  /** One task on the calling thread, run to the end. */
  const runLocal = async (
    s: StageSpec,
    p: number,
    output: TaskOutputSpec,
    attempt = 0,
  ): Promise<Batch[][]> => {
    if (ac.signal.aborted) throw cancelled();
    const info = taskStart(s, p, attempt, 'driver');
    try {
      const r = await runTask(
        s.fragment,
        p,
        baseContext(s),
        ctx,
        output,
        taskSubPartitions(s, p),
        localHooks,
      );
      taskEnd(s, info, r.metrics, { kind: 'Success' });
      return cutParts(r.split, r.partitions, batchRows);
    } catch (e) {
      taskEnd(s, info, null, localFailureOf(e));
      throw e;
    }
  };

  /** One task on the pool, with its retries. */
  const runPooled = async (s: StageSpec, p: number, output: TaskOutputSpec): Promise<WireBatch[][]> => {
    const pool = workerPool(slots.slots);
    let last: Error | null = null;
    for (let attempt = 0; attempt < maxFailures; attempt++) {
      if (ac.signal.aborted) throw cancelled();
      const info = taskStart(s, p, attempt, 'pool');
      let resp: TaskResponse;
      try {
        resp = (await pool.run(request(s, p, attempt, output), { signal: ac.signal })) as TaskResponse;
      } catch (e) {
        if (ac.signal.aborted) {
          taskEnd(s, info, null, KILLED);
          throw cancelled();
        }
        const err = e instanceof Error ? e : new Error(String(e));
        if (err.name === 'DataCloneError') {
          // Something in this task cannot travel to a worker: it runs here instead.
          taskEnd(s, info, null, failureOf(err));
          return runLocal(s, p, output, attempt + 1);
        }
        taskEnd(s, info, null, { kind: 'ExecutorLostFailure', description: err.message });
        last = err;
        continue;
      }
      const executor = `worker-${resp.threadId}`;
      if (resp.ok) {
        taskEnd(s, info, resp.metrics, { kind: 'Success' }, executor);
        return cutParts(resp.split, resp.partitions, wireRows);
      }
      const err = rebuildError(resp.error);
      taskEnd(s, info, null, failureOf(err), executor);
      // A user error (division by zero, a bad cast) happens again on every attempt.
      if (resp.error.kind === 'FlintError') throw err;
      last = err;
    }
    throw new JobAbortedError(stageIds[s.index]!, p, maxFailures, last ?? new Error('task failed'));
  };

  // A stage that only reads a little data the driver already holds (the final aggregation of a few
  // groups, the sort of a small result) runs here: sending 200 tiny tasks costs more than running them.
  const driverStageMaxBytes = parseBytes(ctx.conf.get('spark.flint.scheduler.driverStageMaxBytes') ?? '4m');
  const placement = new Map<StageSpec, boolean>();
  const smallStage = (s: StageSpec): boolean => {
    let bytes = 0;
    let source = false;
    const walk = (node: PhysicalPlan): void => {
      switch (node.kind) {
        case 'FileSourceScan':
        case 'RangeExec':
          source = true;
          return;
        case 'ShuffleExchange':
        case 'BroadcastExchange': {
          const id = s.fragmentExchangeIds[exchangeIndex.get(node) ?? -1];
          const held = id === undefined ? [] : (broadcasts.get(id) ?? (shuffles.get(id) ?? []).flat());
          for (const b of held) bytes += batchBytes(b);
          return;
        }
        case 'InMemoryTableScan':
          bytes += partitionsBytes(node.source.partitions);
          return;
        case 'LocalTableScan':
          bytes += node.rows.length * 8 * Math.max(1, node.output.length);
          return;
        default:
          for (const c of planChildren(node)) walk(c);
      }
    };
    const exchangeIndex = exchangeIds(s.fragment);
    walk(s.fragment);
    return !source && bytes <= driverStageMaxBytes;
  };
  const onPool = (s: StageSpec): boolean => {
    let p = placement.get(s);
    if (p === undefined) placement.set(s, (p = slots.slots > 1 && !s.onDriver && !smallStage(s)));
    return p;
  };

  /** Every task of a stage to the end, in partition order of the result. */
  const runStageTasks = async (s: StageSpec, output: TaskOutputSpec): Promise<WireBatch[][][]> => {
    if (!onPool(s)) {
      const out: WireBatch[][][] = [];
      for (let p = 0; p < s.numTasks; p++) out.push(await runLocal(s, p, output));
      return out;
    }
    const tasks = Array.from({ length: s.numTasks }, (_, p) =>
      runPooled(s, p, output).catch((e: unknown) => {
        fail(e as Error);
        throw e;
      }),
    );
    for (const t of tasks) t.catch(noop);
    return Promise.all(tasks);
  };

  /** SparkListener's stage end, with the failure's message when the stage failed. */
  const stageCompleted = (s: StageSpec, submitted: number, failure: Error | null): void => {
    const times = { submissionTime: submitted, completionTime: Date.now() };
    postEvent(listeners, 'onStageCompleted', {
      stageInfo: stageInfo(s, failure === null ? times : { ...times, failureReason: failure.message }),
    });
  };

  const runMapStage = async (s: StageSpec): Promise<void> => {
    const ex = s.exchange!;
    const id = s.exchangeId!;
    const submitted = Date.now();
    postEvent(listeners, 'onStageSubmitted', { stageInfo: stageInfo(s, { submissionTime: submitted }) });
    const shuffleColumns = broadcastOfShuffle(ex, s.fragment);
    if (shuffleColumns !== null) {
      // One batch: the map outputs are a batch per map task and reduce partition, each a few rows.
      const rows = (shuffles.get(s.fragmentExchangeIds[0]!) ?? [])
        .flat()
        .map((b) => fromWire({ numRows: b.numRows, columns: shuffleColumns.map((i) => b.columns[i]!) }));
      const types = outputOf(s.fragment).map((a) => a.dataType);
      broadcasts.set(id, rows.length === 0 ? [] : [toWire(concatBatches(types, rows))]);
      stageCompleted(s, submitted, null);
      return;
    }
    try {
      const splitInTask = ex.kind === 'ShuffleExchange' && ex.partitioning.kind !== 'RangePartitioning';
      const output: TaskOutputSpec = splitInTask
        ? { kind: 'shuffle', partitioning: ex.partitioning }
        : { kind: 'collect' };
      const results = await runStageTasks(s, output);
      if (ex.kind === 'BroadcastExchange') {
        broadcasts.set(
          id,
          results.flatMap((r) => r[0] ?? []),
        );
      } else if (!splitInTask) {
        // Range: bounds from samples of every map output, then each map output cut by them.
        shuffles.set(
          id,
          shufflePartitions(
            ex.partitioning,
            outputOf(s.fragment),
            results.map((r) => (r[0] ?? []).map(fromWire)),
            ctx,
          ),
        );
      } else {
        const n = results[0]?.length ?? 0;
        const parts: WireBatch[][] = Array.from({ length: n }, () => []);
        results.forEach((r, m) =>
          r.forEach((bs, k) => {
            for (const b of bs) noteMapTask(b, m);
            parts[k]!.push(...bs);
          }),
        );
        shuffles.set(id, parts);
      }
      stageCompleted(s, submitted, null);
    } catch (e) {
      stageCompleted(s, submitted, e as Error);
      throw e;
    }
  };

  const runResultStage = async (s: StageSpec): Promise<R[]> => {
    const submitted = Date.now();
    postEvent(listeners, 'onStageSubmitted', { stageInfo: stageInfo(s, { submissionTime: submitted }) });
    const out: R[] = [];
    try {
      if (onPool(s)) {
        const tasks = Array.from({ length: s.numTasks }, (_, p) =>
          runPooled(s, p, { kind: 'collect' }).catch((e: unknown) => {
            fail(e as Error);
            throw e;
          }),
        );
        for (const t of tasks) t.catch(noop);
        for (let p = 0; p < s.numTasks; p++) {
          const parts = await tasks[p]!;
          out.push(await consume(p, fromArray((parts[0] ?? []).map(fromWire))));
        }
      } else {
        for (let p = 0; p < s.numTasks; p++) {
          if (ac.signal.aborted) throw cancelled();
          const info = taskStart(s, p, 0, 'driver');
          const task = streamTask(s.fragment, p, baseContext(s), ctx, taskSubPartitions(s, p), localHooks);
          try {
            out.push(await consume(p, task.stream));
          } catch (e) {
            taskEnd(s, info, null, localFailureOf(e));
            throw e;
          }
          taskEnd(s, info, task.metrics(), { kind: 'Success' });
        }
      }
    } catch (e) {
      stageCompleted(s, submitted, e as Error);
      throw e;
    }
    stageCompleted(s, submitted, null);
    return out;
  };

  // ---- the job ----
  liveJobs.add(jobId);
  postEvent(listeners, 'onJobStart', { jobId, stageIds, time: Date.now() });
  try {
    // Adaptive execution: once a stage's parents' outputs are known, its joins may change strategy and
    // its shuffle reads are coalesced.
    // A broadcast of a shuffle's rows runs no task: it takes the rows as they are, before the shuffle's
    // other reader coalesces them.
    const takesShuffle = (st: StageSpec): boolean => broadcastOfShuffle(st.exchange, st.fragment) !== null;
    const readers = new Map<number, number>();
    for (const st of stages.filter((x) => !takesShuffle(x)))
      for (const id of new Set(st.fragmentExchangeIds)) readers.set(id, (readers.get(id) ?? 0) + 1);
    const adapt = (st: StageSpec): StageSpec =>
      takesShuffle(st)
        ? st
        : coalesceStage(
            selectJoinsAtRuntime(st, shuffles, ctx.conf),
            shuffles,
            readers,
            ctx.conf,
            slots.slots,
          );
    const started = new Map<number, Promise<void>>();
    const reusable = reusableExchanges(ctx);
    const reuse = (ctx.conf.get('spark.sql.exchange.reuse') ?? 'true').trim().toLowerCase() !== 'false';
    // A stage starts once all its parents are done; independent stages run at the same time.
    const mapStage = (i: number): Promise<void> => {
      let run = started.get(i);
      if (!run) {
        const s = stages[i]!;
        const id = s.exchangeId!;
        const reusing = reuse && loopInputs === undefined;
        const earlier = reusing ? reusable.find(s.exchange!) : undefined;
        if (earlier !== undefined) {
          // The same exchange ran (or runs) for this query already: its output is this one's.
          run = earlier.then((out: ExchangeOutput) => {
            if (out.kind === 'shuffle') shuffles.set(id, out.parts);
            else broadcasts.set(id, out.batches);
          });
        } else {
          run = Promise.all(s.parents.map(mapStage)).then(() => runMapStage(adapt(s)));
          if (reusing) {
            // Taken as the stage ends, before a reader coalesces the partitions.
            const output = run.then((): ExchangeOutput =>
              s.exchange!.kind === 'BroadcastExchange'
                ? { kind: 'broadcast', batches: broadcasts.get(id) ?? [] }
                : { kind: 'shuffle', parts: shuffles.get(id) ?? [] },
            );
            output.catch(noop);
            reusable.add(s.exchange!, output);
          }
        }
        run.catch((e: unknown) => fail(e as Error));
        started.set(i, run);
      }
      return run;
    };
    const result = stages[stages.length - 1]!;
    await Promise.all(result.parents.map(mapStage));
    const out = await runResultStage(adapt(result));
    postEvent(listeners, 'onJobEnd', { jobId, result: 'JobSucceeded', time: Date.now() });
    return out;
  } catch (e) {
    fail(e as Error);
    postEvent(listeners, 'onJobEnd', { jobId, result: 'JobFailed', time: Date.now() });
    throw failure ?? e;
  } finally {
    liveJobs.delete(jobId);
    userSignal?.removeEventListener('abort', onUserAbort);
  }
}
