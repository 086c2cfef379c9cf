// Cuts a physical plan into stages at its exchanges (Spark's DAGScheduler): one map stage per
// ShuffleExchange / BroadcastExchange child, and the result stage on top. In each stage's fragment the
// exchanges below are stubs: the exchange node kept (its partitioning, its output) over an empty child,
// so the fragment is small and runNode reads the exchange's materialised output instead.

import type { PhysicalPlan } from '@flint/planner';
import { outputOf } from '../plan-output.js';
import { numPartitionsOf } from '../operators/run-node.js';
import { exchangeIds, planChildren } from '../operators/task-context.js';

type Exchange = Extract<PhysicalPlan, { kind: 'ShuffleExchange' | 'BroadcastExchange' }>;

/**
 * A coalesced task's input split back into runs of the shuffle partitions it joined: for each exchange
 * the stage reads, the index of the batch where each run starts in the task's batches, then the end.
 * The task runs its fragment once per run that has rows, so that sorts, join builds and aggregation
 * tables stay the size of a few shuffle partitions (and in the caches), rather than of the whole
 * coalesced range: sorting TPC-H's 1.8e6-row ranges of order keys cost 40-70 ns a row, hash tables of
 * 1.5e6 keys a cache miss per probe.
 */
export type SubPartitions = readonly (readonly [exchangeId: number, starts: readonly number[]])[];

export interface StageSpec {
  /** Position in the job, bottom-up: parents come first; the result stage is last. */
  readonly index: number;
  /** The exchange this stage feeds (null for the result stage) and its id in the query plan. */
  readonly exchange: Exchange | null;
  readonly exchangeId: number | null;
  /** What the stage's tasks run, exchanges below it stubbed. */
  readonly fragment: PhysicalPlan;
  /** Query-plan ids of the fragment's exchange stubs, in the fragment's pre-order (see exchangeIds). */
  readonly fragmentExchangeIds: readonly number[];
  /** Indexes of the stages whose output this one reads. */
  readonly parents: readonly number[];
  readonly numTasks: number;
  /**
   * A recursive CTE runs its loop through the scheduler itself and reads the previous iteration's rows
   * from the calling thread: a stage with either stays there.
   */
  readonly onDriver: boolean;
  /**
   * Per task of a coalesced stage, its shuffle partitions to run one at a time (see SubPartitions);
   * null for a task that runs its range whole.
   */
  readonly subPartitions?: readonly (SubPartitions | null)[];
}

/** A copy of `node` with other children (the same object when they are the same). */
export function withChildren(node: PhysicalPlan, children: readonly PhysicalPlan[]): PhysicalPlan {
  const old = planChildren(node);
  if (old.length === children.length && old.every((c, i) => c === children[i])) return node;
  if ('children' in node) return { ...node, children: [...children] } as PhysicalPlan;
  if ('left' in node && 'right' in node)
    return { ...node, left: children[0]!, right: children[1]! } as PhysicalPlan;
  return { ...node, child: children[0]! } as PhysicalPlan;
}

function stub(e: Exchange): Exchange {
  const child: PhysicalPlan = { kind: 'LocalTableScan', output: outputOf(e.child), rows: [] };
  return { ...e, child };
}

/**
 * Spark's TakeOrderedAndProjectExec: over a child of several partitions, each partition's top rows
 * first (in parallel tasks), then one partition gathers those and keeps the top of them. The planned
 * node alone would read every partition of its child in a single task.
 */
export function splitTakeOrdered(plan: PhysicalPlan): PhysicalPlan {
  // A recursive CTE's body runs again and again on the driver: left as planned.
  if (plan.kind === 'UnionLoopExec') return plan;
  const children = planChildren(plan).map(splitTakeOrdered);
  const node = withChildren(plan, children);
  if (node.kind !== 'TakeOrderedAndProject' || node.perPartition === true) return node;
  if (numPartitionsOf(node.child) <= 1) return node;
  const local: PhysicalPlan = {
    ...node,
    limit: node.limit + node.offset,
    offset: 0,
    projectList: outputOf(node.child),
    perPartition: true,
  };
  return {
    ...node,
    child: { kind: 'ShuffleExchange', partitioning: { kind: 'SinglePartition' }, child: local },
  };
}

/**
 * A broadcast of columns of a shuffle's rows (a runtime filter's keys, ./shuffle-runtime-filter.ts):
 * its stage runs no task, as the shuffle's map outputs are its rows. The positions of the columns
 * kept, or null for any other stage.
 */
export function broadcastOfShuffle(exchange: Exchange | null, fragment: PhysicalPlan): number[] | null {
  if (exchange?.kind !== 'BroadcastExchange' || fragment.kind !== 'ProjectExec') return null;
  const shuffle = fragment.child;
  if (shuffle.kind !== 'ShuffleExchange') return null;
  const output = outputOf(shuffle);
  const columns = fragment.projectList.map((e) =>
    e.kind === 'AttributeReference' ? output.findIndex((a) => a.id === e.id) : -1,
  );
  return columns.every((i) => i >= 0) ? columns : null;
}

export function buildStages(plan: PhysicalPlan): StageSpec[] {
  const ids = exchangeIds(plan);
  const stages: StageSpec[] = [];
  const stageOfExchange = new Map<number, number>();

  const cut = (root: PhysicalPlan, exchange: Exchange | null): number => {
    const parents: number[] = [];
    const fragmentIds: number[] = [];
    let onDriver = false;
    const walk = (node: PhysicalPlan): PhysicalPlan => {
      if (node.kind === 'ShuffleExchange' || node.kind === 'BroadcastExchange') {
        const id = ids.get(node)!;
        let s = stageOfExchange.get(id);
        if (s === undefined) {
          s = cut(node.child, node);
          stageOfExchange.set(id, s);
        }
        if (!parents.includes(s)) parents.push(s);
        fragmentIds.push(id);
        return stub(node);
      }
      if (node.kind === 'UnionLoopExec' || node.kind === 'UnionLoopRefExec') onDriver = true;
      return withChildren(node, planChildren(node).map(walk));
    };
    const fragment = walk(root);
    const index = stages.length;
    stages.push({
      index,
      exchange,
      exchangeId: exchange === null ? null : ids.get(exchange)!,
      fragment,
      fragmentExchangeIds: fragmentIds,
      parents,
      numTasks: broadcastOfShuffle(exchange, fragment) === null ? numPartitionsOf(fragment) : 0,
      onDriver,
    });
    return index;
  };
  cut(plan, null);
  return stages;
}

/** The fragment's exchange stubs → query-plan ids (its exchanges in pre-order, as the stage lists them). */
export function fragmentExchangeIdMap(
  fragment: PhysicalPlan,
  global: readonly number[],
): Map<PhysicalPlan, number> {
  const out = new Map<PhysicalPlan, number>();
  for (const [node, i] of exchangeIds(fragment)) out.set(node, global[i]!);
  return out;
}
