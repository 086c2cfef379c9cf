// The messages between the scheduler and a pool worker: plain data that structured clone carries,
// with the typed-array buffers of results in the transfer list; errors as data, rebuilt on the driver.

import { FlintError, InternalError, type QueryContext } from '@flint/common';
import type { Partitioning, PhysicalPlan } from '@flint/planner';
import type { EvalContext } from '../functions/kernel.js';
import type { SplitBatch } from '../operators/shuffle-exchange.js';
import type { MemoryBlockInput } from './memory-blocks.js';
import type { SharedBatch } from './shared-batches.js';
import type { SubPartitions } from './stage-graph.js';
import type { TaskMetrics } from './task-metrics.js';
import type { WireBatch } from './wire-batches.js';

/** What a task does with its output: hand it back whole, or split it for a shuffle's reduce side. */
export type TaskOutputSpec =
  { readonly kind: 'collect' } | { readonly kind: 'shuffle'; readonly partitioning: Partitioning };

export interface ShuffleInput {
  readonly exchangeId: number;
  readonly partition: number;
  readonly batches: readonly WireBatch[];
}

export interface BroadcastInput {
  readonly exchangeId: number;
  readonly batches: readonly SharedBatch[];
}

export interface TaskRequest {
  readonly jobId: number;
  /** Jobs still running: a worker drops the broadcasts it cached for any other. */
  readonly liveJobs: readonly number[];
  readonly stageId: number;
  readonly partition: number;
  readonly attempt: number;
  readonly fragment: PhysicalPlan;
  readonly fragmentExchangeIds: readonly number[];
  /** The query's context without per-task fields (the worker sets partitionIndex and inputFile). */
  readonly ctx: Omit<EvalContext, 'partitionIndex' | 'inputFile'>;
  readonly output: TaskOutputSpec;
  readonly shuffleInputs: readonly ShuffleInput[];
  readonly broadcasts: readonly BroadcastInput[];
  /** The in-memory partitions the fragment's scans read, as shared blocks (./memory-blocks.ts). */
  readonly memoryBlocks: readonly MemoryBlockInput[];
  /** Blocks the driver still holds: a worker drops the others it kept. */
  readonly liveMemoryBlocks: readonly number[];
  /** Test hook (spark.flint.test.killWorkerAtTask): the worker exits after its first output batch. */
  readonly killAfterFirstBatch: boolean;
  /** The shuffle partitions of a coalesced task, run one at a time (null: the range whole). */
  readonly subPartitions: SubPartitions | null;
}

export type SerializedError =
  | {
      readonly kind: 'FlintError';
      readonly errorClass: string;
      readonly message: string;
      readonly messageParameters: Readonly<Record<string, string>>;
      readonly queryContext: QueryContext | null;
      readonly sqlState: string | null;
      readonly stack: string;
    }
  | {
      readonly kind: 'InternalError' | 'Error';
      readonly name: string;
      readonly message: string;
      readonly stack: string;
    };

export type TaskResponse =
  | {
      readonly ok: true;
      /** The output in partition order (see SplitBatch), `partitions` of them. */
      readonly split: SplitBatch<WireBatch>[];
      readonly partitions: number;
      readonly metrics: TaskMetrics;
      readonly threadId: number;
    }
  | { readonly ok: false; readonly error: SerializedError; readonly threadId: number };

export function serializeError(e: unknown): SerializedError {
  if (e instanceof FlintError || (e instanceof Error && e.name === 'FlintError' && 'errorClass' in e)) {
    const f = e as FlintError;
    return {
      kind: 'FlintError',
      errorClass: f.errorClass,
      message: f.message,
      messageParameters: { ...f.messageParameters },
      queryContext: f.queryContext,
      sqlState: f.sqlState,
      stack: f.stack ?? '',
    };
  }
  if (e instanceof Error) {
    return {
      kind: e instanceof InternalError || e.name === 'InternalError' ? 'InternalError' : 'Error',
      name: e.name,
      message: e.message,
      stack: e.stack ?? '',
    };
  }
  return { kind: 'Error', name: 'Error', message: String(e), stack: '' };
}

/** The same error on the driver: a FlintError with its class, parameters, SQLSTATE and context. */
export function rebuildError(s: SerializedError): Error {
  let e: Error;
  if (s.kind === 'FlintError') {
    e = new FlintError(s.errorClass, s.message, s.messageParameters, s.queryContext, s.sqlState);
  } else if (s.kind === 'InternalError') {
    e = new InternalError(s.message);
  } else {
    e = new Error(s.message);
    if (s.name !== 'Error') Object.defineProperty(e, 'name', { value: s.name, configurable: true });
  }
  if (s.stack) e.stack = s.stack;
  return e;
}
