// The pool worker's entry (piscina runs its default export per task): rebuilds the task's exchange
// inputs, runs the task and moves the result's buffers back to the driver.

import { threadId } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import type { Batch } from '@flint/common';
import type { ExchangeStore } from '../operators/task-context.js';
import { runTask } from './run-task.js';
import { fromMemoryBlocks, keepMemoryBlocks } from './memory-blocks.js';
import { fromSharedBatches } from './shared-batches.js';
import { fragmentExchangeIdMap } from './stage-graph.js';
import { serializeError, transferListOf, type TaskRequest, type TaskResponse } from './task-protocol.js';
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
  return {
    read: (id, p) => shuffles.get(id)?.get(p) ?? [],
    readAll: (id) => broadcasts.get(id) ?? [...(shuffles.get(id)?.values() ?? [])].flat(),
  };
}

export default async function runTaskMessage(req: TaskRequest): Promise<unknown> {
  let response: TaskResponse;
  let transfer: ArrayBuffer[] = [];
  try {
    keepMemoryBlocks(req.liveMemoryBlocks);
    const { parts, metrics } = await runTask(
      fromMemoryBlocks(req.fragment, req.memoryBlocks),
      req.partition,
      { exchanges: storeOf(req), exchangeIds: fragmentExchangeIdMap(req.fragment, req.fragmentExchangeIds) },
      req.ctx,
      req.output,
      req.subPartitions,
      req.killAfterFirstBatch ? { afterFirstBatch: () => process.exit(1) } : {},
    );
    // Views into larger buffers are copied first: a buffer moves whole.
    const compact = parts.map((list) => list.map(toWire));
    transfer = transferListOf(compact);
    response = { ok: true, parts: compact, metrics, threadId };
  } catch (e) {
    response = { ok: false, error: serializeError(e), threadId };
  }
  return move({ [transferableSymbol]: transfer, [valueSymbol]: response } as unknown as ArrayBuffer);
}
