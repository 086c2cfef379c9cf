// The pool worker's entry (piscina runs its default export per task): rebuilds the task's exchange
// inputs, runs the task and sends the result back to the driver (cloned, not moved: see runTaskMessage).

import { threadId } from 'node:worker_threads';
import type { Batch } from '@flint/common';
import type { ExchangeStore } from '../operators/task-context.js';
import { runTask } from './run-task.js';
import { fromMemoryBlocks, keepMemoryBlocks } from './memory-blocks.js';
import { fromSharedBatches } from './shared-batches.js';
import { fragmentExchangeIdMap } from './stage-graph.js';
import { serializeError, type TaskRequest, type TaskResponse } from './task-protocol.js';
import { fromWire, toWire } from './wire-batches.js';

/** Broadcasts decoded in this worker, by job id then exchange id; dropped once the job is over. */
const broadcastCache = new Map<number, Map<number, Batch[]>>();

function broadcastsOf(req: TaskRequest): Map<number, Batch[]> {
  const live = new Set(req.liveJobs);
  for (const job of broadcastCache.keys()) if (!live.has(job)) broadcastCache.delete(job);
  let cache = broadcastCache.get(req.jobId);
  if (!cache) broadcastCache.set(req.jobId, (cache = new Map()));
  for (const b of req.broadcasts) {
    if (!cache.has(b.exchangeId)) cache.set(b.exchangeId, fromSharedBatches(b.batches));
  }
  return cache;
}

function storeOf(req: TaskRequest): ExchangeStore {
  const shuffles = new Map<number, Map<number, readonly Batch[]>>();
  for (const s of req.shuffleInputs) {
    let m = shuffles.get(s.exchangeId);
    if (!m) shuffles.set(s.exchangeId, (m = new Map()));
    m.set(s.partition, s.batches.map(fromWire));
  }
  const broadcasts = broadcastsOf(req);
  const blocksOf = (id: number, p: number, from?: number, to?: number): readonly Batch[] => {
    const all = shuffles.get(id)?.get(p) ?? [];
    return from === undefined ? all : all.slice(from, to);
  };
  return {
    read: blocksOf,
    rows: (id, p, from, to) => blocksOf(id, p, from, to).reduce((n, b) => n + b.numRows, 0),
    readAll: (id) => broadcasts.get(id) ?? [...(shuffles.get(id)?.values() ?? [])].flat(),
  };
}

/**
 * Runs one task. Its result is cloned to the driver, never transferred: moving a buffer detaches it,
 * and once an isolate has detached any ArrayBuffer, V8 checks every typed-array access of optimized
 * code for detachment from then on (its "array buffer detaching" protector is gone for good). A
 * worker that had sent one result ran the same loops about a third slower (H2O q4's aggregation of
 * 10^7 rows: 115 ms against 77 ms). Large typed arrays go in shared memory (shuffle outputs' typed
 * columns are views of it already), cloned as references; the rest is copied, compacted first.
 */
export default async function runTaskMessage(req: TaskRequest): Promise<TaskResponse> {
  let response: TaskResponse;
  try {
    keepMemoryBlocks(req.liveMemoryBlocks);
    const { split, partitions, metrics } = await runTask(
      fromMemoryBlocks(req.fragment, req.memoryBlocks),
      req.partition,
      { exchanges: storeOf(req), exchangeIds: fragmentExchangeIdMap(req.fragment, req.fragmentExchangeIds) },
      req.ctx,
      req.output,
      req.subPartitions,
      req.killAfterFirstBatch ? { afterFirstBatch: () => process.exit(1) } : {},
    );
    // Views into larger buffers are copied first: a clone copies a view's whole buffer.
    response = {
      ok: true,
      split: split.map(({ batch, starts }) => ({ batch: toWire(batch, true), starts })),
      partitions,
      metrics,
      threadId,
    };
  } catch (e) {
    response = { ok: false, error: serializeError(e), threadId };
  }
  return response;
}
