// What one task (stage, partition) sees while running its plan fragment.

import { InternalError, type Batch } from '@flint/common';
import type { PhysicalPlan } from '@flint/planner';
import { batchBytes } from '../cluster/task-metrics.js';
import type { EvalContext } from '../functions/kernel.js';
import type { TaskMemory } from '../memory-budget.js';

/** Rows per output batch an operator aims for (Spark's columnar batch size is similar). */
export const BATCH_SIZE = 65536;

/**
 * Materialised outputs of the exchanges below the stage, per output partition, keyed by exchange id:
 * the pre-order position of the exchange in the query plan (`exchangeIds`), which a structured clone of
 * the plan sent to a worker reproduces.
 */
export interface ExchangeStore {
  /** The partition's blocks, or only its blocks `from` to `to` - 1 (a run of a coalesced range). */
  read(exchangeId: number, partition: number, from?: number, to?: number): readonly Batch[];
  /** The rows `read` gives for the same arguments, counted without reading (decoding) the blocks. */
  rows(exchangeId: number, partition: number, from?: number, to?: number): number;
  readAll(exchangeId: number): readonly Batch[];
}

export interface TaskContext {
  readonly eval: EvalContext;
  /** What blocking operators hold, drawn from the query's memory budget (released at task end). */
  readonly memory?: TaskMemory;
  readonly exchanges: ExchangeStore;
  /** Exchange node → exchange id, for the plan this task runs (see `exchangeIds`). */
  readonly exchangeIds: ReadonlyMap<PhysicalPlan, number>;
  /** Inside a recursive CTE's recursion: the previous iteration's rows of each enclosing loop, by loopId. */
  readonly loopInputs?: ReadonlyMap<number, readonly Batch[]>;
  /** Runs a whole sub-plan with loop inputs bound (set by the scheduler; used by UnionLoopExec). */
  readonly runSubPlan?: (
    plan: PhysicalPlan,
    loopInputs: ReadonlyMap<number, readonly Batch[]>,
  ) => Promise<Batch[]>;
  /**
   * Wraps the output stream of every node `runNode` starts (per-operator metrics, cancellation checks
   * between batches); set by the scheduler's task runner.
   */
  readonly instrument?: (plan: PhysicalPlan, output: AsyncIterable<Batch>) => AsyncIterable<Batch>;
}

function childrenOf(plan: PhysicalPlan): readonly PhysicalPlan[] {
  switch (plan.kind) {
    case 'LocalTableScan':
    case 'RangeExec':
    case 'FileSourceScan':
    case 'InMemoryTableScan':
    case 'UnionLoopRefExec':
    // A loop's sub-plans are scheduled on their own, once per iteration, not as stages of this plan.
    case 'UnionLoopExec':
      return [];
    case 'HashJoin':
    case 'SortMergeJoin':
    case 'NestedLoopJoin':
      return [plan.left, plan.right];
    case 'UnionExec':
      return plan.children;
    default:
      // Any other binary node (a sort-merge join) has left and right; the rest one child.
      return 'left' in plan && 'right' in plan
        ? [(plan as { left: PhysicalPlan }).left, (plan as { right: PhysicalPlan }).right]
        : [plan.child];
  }
}

export { childrenOf as planChildren };

/** Numbers the exchanges of a plan in pre-order; the same plan (or a clone of it) gets the same ids. */
export function exchangeIds(root: PhysicalPlan): Map<PhysicalPlan, number> {
  const ids = new Map<PhysicalPlan, number>();
  const walk = (p: PhysicalPlan): void => {
    if ((p.kind === 'ShuffleExchange' || p.kind === 'BroadcastExchange') && !ids.has(p)) ids.set(p, ids.size);
    for (const c of childrenOf(p)) walk(c);
  };
  walk(root);
  return ids;
}

export function exchangeIdOf(tc: TaskContext, node: PhysicalPlan): number {
  const id = tc.exchangeIds.get(node);
  if (id === undefined) throw new InternalError(`exchange ${node.kind} has no id in this plan`);
  return id;
}

/** Every batch of a stream, held at once: counted against the task's memory when `tc` is given. */
export async function collectBatches(it: AsyncIterable<Batch>, tc?: TaskContext): Promise<Batch[]> {
  const out: Batch[] = [];
  const memory = tc?.memory;
  for await (const b of it) {
    if (b.numRows === 0) continue;
    memory?.acquire(batchBytes(b));
    out.push(b);
  }
  return out;
}

export async function* fromArray(batches: readonly Batch[]): AsyncIterable<Batch> {
  for (const b of batches) yield b;
}
