// The single-process scheduler: cuts the plan into stages at exchanges, runs each stage's tasks
// (one per partition) in this thread, and keeps exchange outputs in memory for the stages above.

import type { Batch } from '@flint/common';
import type { PhysicalPlan } from '@flint/planner';
import type { EvalContext } from './functions/kernel.js';
import { numPartitionsOf, runNode } from './operators/run-node.js';
import { shufflePartitions } from './operators/shuffle-exchange.js';
import {
  collectBatches,
  exchangeIds,
  planChildren,
  type ExchangeStore,
  type TaskContext,
} from './operators/task-context.js';
import { outputOf } from './plan-output.js';

/** Exchange outputs held in memory, by exchange id. */
function memoryStore(): ExchangeStore & {
  put(id: number, parts: Batch[][]): void;
  has(id: number): boolean;
} {
  const data = new Map<number, Batch[][]>();
  return {
    put: (id, parts) => void data.set(id, parts),
    has: (id) => data.has(id),
    read: (id, p) => data.get(id)?.[p] ?? [],
    readAll: (id) => (data.get(id) ?? []).flat(),
  };
}

/** Runs every partition of `plan` as one task each; exchanges below must already be materialised. */
async function runStage<R>(
  plan: PhysicalPlan,
  tc: TaskContext,
  consume: (partition: number, batches: AsyncIterable<Batch>) => Promise<R>,
): Promise<R[]> {
  const n = numPartitionsOf(plan);
  const out: R[] = [];
  // Each task knows its partition (spark_partition_id, rand(seed) and monotonically_increasing_id use it).
  for (let p = 0; p < n; p++) {
    const task = { ...tc, eval: { ...tc.eval, partitionIndex: p, inputFile: { name: '' } } };
    out.push(await consume(p, runNode(plan, p, task)));
  }
  return out;
}

const collect = (_p: number, batches: AsyncIterable<Batch>): Promise<Batch[]> => collectBatches(batches);

/** Output batches of each partition of `plan`. */
export function executePlan(
  plan: PhysicalPlan,
  ctx: EvalContext,
  loopInputs?: ReadonlyMap<number, readonly Batch[]>,
): Promise<Batch[][]> {
  return executeStages(plan, ctx, collect, loopInputs);
}

/**
 * Runs the stages below `plan`, then hands each partition's output stream of the last stage to
 * `consume` (a file write, a count...) without gathering it.
 */
export async function executeStages<R>(
  plan: PhysicalPlan,
  ctx: EvalContext,
  consume: (partition: number, batches: AsyncIterable<Batch>) => Promise<R>,
  loopInputs?: ReadonlyMap<number, readonly Batch[]>,
): Promise<R[]> {
  const store = memoryStore();
  const ids = exchangeIds(plan);
  const tc: TaskContext = {
    eval: ctx,
    exchanges: store,
    exchangeIds: ids,
    // A recursive CTE's anchor and recursion run as whole plans of their own (./operators/union-loop-exec.ts).
    runSubPlan: async (sub, inputs) => (await executePlan(sub, ctx, inputs)).flat(),
    ...(loopInputs ? { loopInputs } : {}),
  };
  // Map stages first, bottom-up: an exchange's child stage may itself read exchanges below it.
  const prepare = async (node: PhysicalPlan): Promise<void> => {
    for (const c of planChildren(node)) await prepare(c);
    if (node.kind !== 'ShuffleExchange' && node.kind !== 'BroadcastExchange') return;
    const id = ids.get(node)!;
    if (store.has(id)) return;
    const childParts = await runStage(node.child, tc, collect);
    if (node.kind === 'BroadcastExchange') store.put(id, [childParts.flat()]);
    else store.put(id, shufflePartitions(node.partitioning, outputOf(node.child), childParts, ctx));
  };
  await prepare(plan);
  return runStage(plan, tc, consume);
}

/** All output batches in partition order. */
export async function executeCollect(plan: PhysicalPlan, ctx: EvalContext): Promise<Batch[]> {
  return (await executePlan(plan, ctx)).flat();
}
