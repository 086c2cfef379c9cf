// @flint/exec: expression evaluation, physical operators and the scheduler.
export { executePlan, executeCollect, executeStages, type ExecuteOptions } from './scheduler.js';
export { shutdownWorkerPools, warmWorkerPool } from './cluster/worker-pool.js';
export { taskSlots, type TaskSlots } from './cluster/task-slots.js';
export { shareCachedPartitions } from './cluster/memory-blocks.js';
export { JobCancelledError, JobAbortedError } from './cluster/job-errors.js';
export type {
  SparkListener,
  SparkListenerJobStart,
  SparkListenerJobEnd,
  SparkListenerStageSubmitted,
  SparkListenerStageCompleted,
  SparkListenerTaskStart,
  SparkListenerTaskEnd,
  StageInfo,
  TaskInfo,
  TaskEndReason,
} from './cluster/spark-listener.js';
export type { TaskMetrics, OperatorMetrics } from './cluster/task-metrics.js';
export { compileExpression, type Evaluator } from './eval/compile.js';
export { evaluateLambda } from './eval/lambda.js';
export { castVector } from './eval/cast/cast.js';
export { compareUtf8, compareDouble, comparatorFor } from './eval/compare.js';
export { outputOf, toAttribute } from './plan-output.js';
export { numPartitionsOf, runNode } from './operators/run-node.js';
export { exchangeIds, type TaskContext, type ExchangeStore } from './operators/task-context.js';
export type {
  EvalContext,
  ScalarKernel,
  ScalarFunctionExpr,
  AggregateExpr,
  AggregateState,
  AggregateImpl,
} from './functions/kernel.js';
export { balancedPartitions, splitsFilesOnly } from './balanced-partitions.js';
export { createMemoryBudget, type MemoryBudget } from './memory-budget.js';
