// SparkListener: the job, stage and task events of the scheduler, named as Spark's listener bus.

import type { TaskMetrics } from './task-metrics.js';

export interface StageInfo {
  readonly stageId: number;
  /** What the stage computes: the exchange it feeds, or the action's result. */
  readonly name: string;
  readonly numTasks: number;
  readonly parentIds: readonly number[];
  /** Epoch milliseconds. */
  readonly submissionTime?: number;
  readonly completionTime?: number;
  readonly failureReason?: string;
}

export interface TaskInfo {
  readonly taskId: number;
  /** The partition the task computes. */
  readonly index: number;
  readonly attemptNumber: number;
  readonly launchTime: number;
  readonly finishTime?: number;
  /** 'driver' for the calling thread, else the pool's worker. */
  readonly executorId: string;
  readonly host: 'localhost';
  readonly status: 'RUNNING' | 'SUCCESS' | 'FAILED' | 'KILLED';
}

/** Why a task ended (Spark's TaskEndReason). */
export type TaskEndReason =
  | { readonly kind: 'Success' }
  | { readonly kind: 'ExceptionFailure'; readonly className: string; readonly description: string }
  | { readonly kind: 'ExecutorLostFailure'; readonly description: string }
  | { readonly kind: 'TaskKilled'; readonly reason: string };

export interface SparkListenerJobStart {
  readonly jobId: number;
  readonly stageIds: readonly number[];
  readonly time: number;
}
export interface SparkListenerJobEnd {
  readonly jobId: number;
  readonly result: 'JobSucceeded' | 'JobFailed';
  readonly time: number;
}
export interface SparkListenerStageSubmitted {
  readonly stageInfo: StageInfo;
}
export interface SparkListenerStageCompleted {
  readonly stageInfo: StageInfo;
}
export interface SparkListenerTaskStart {
  readonly stageId: number;
  readonly taskInfo: TaskInfo;
}
export interface SparkListenerTaskEnd {
  readonly stageId: number;
  readonly taskInfo: TaskInfo;
  /** Null when the task produced no metrics (its worker died). */
  readonly taskMetrics: TaskMetrics | null;
  readonly reason: TaskEndReason;
}

/** Every method is optional, as overriding only some of SparkListener's. */
export interface SparkListener {
  onJobStart?(event: SparkListenerJobStart): void;
  onJobEnd?(event: SparkListenerJobEnd): void;
  onStageSubmitted?(event: SparkListenerStageSubmitted): void;
  onStageCompleted?(event: SparkListenerStageCompleted): void;
  onTaskStart?(event: SparkListenerTaskStart): void;
  onTaskEnd?(event: SparkListenerTaskEnd): void;
}

type EventOf<K extends keyof SparkListener> = Parameters<NonNullable<SparkListener[K]>>[0];

/** Delivers an event to each listener; a listener that throws is ignored, never the query's problem. */
export function postEvent<K extends keyof SparkListener>(
  listeners: readonly SparkListener[],
  method: K,
  event: EventOf<K>,
): void {
  for (const l of listeners) {
    try {
      (l[method] as ((e: EventOf<K>) => void) | undefined)?.call(l, event);
    } catch {
      // Spark's listener bus logs and carries on.
    }
  }
}
