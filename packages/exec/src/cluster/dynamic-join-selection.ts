// Join strategies switched at run time (Spark's adaptive execution: DynamicJoinSelection, and the
// re-planning that turns a sort merge join into a broadcast hash join). Once the map stages below a
// stage are done, the bytes of every shuffle partition are known. A sort merge join over two shuffles
// then becomes a hash join when a side it can build is small enough: that side as a whole is within
// spark.sql.adaptive.autoBroadcastJoinThreshold (Spark broadcasts it), or each of its partitions is
// within spark.sql.adaptive.maxShuffledHashJoinLocalMapThreshold and it is no larger than the other
// side (Spark builds a hash map per partition). Either way the rows already sit in co-partitioned shuffles, so the join runs as a
// shuffled hash join over them: neither side is sorted.
//
// Flint's default for the per-partition threshold is 64 MB where Spark's is 0 (off): Spark sorts at a
// few nanoseconds a row, while a sort here costs more than building a hash table of the smaller side.
//
// A merge join the user asked for (a MERGE hint) stays one, as Spark keeps a user's hint. A merge
// join's rows come out in key order, and the planner leaves out the sort under a merge join above it
// on the same keys (ensureOrdering, through projections, filters and limits): such a join stays a
// merge join too. No other operator relies on the order of its input without sorting it.

import { parseBytes } from '@flint/common';
import {
  buildSideOf,
  canBuildBroadcastLeft,
  canBuildBroadcastRight,
  canBuildShuffledHashJoinLeft,
  canBuildShuffledHashJoinRight,
  type PhysicalPlan,
} from '@flint/planner';
import { exchangeIds, planChildren } from '../operators/task-context.js';
import { batchBytes } from './task-metrics.js';
import type { WireBatch } from './wire-batches.js';
import { withChildren, type StageSpec } from './stage-graph.js';

type SortMergeJoin = Extract<PhysicalPlan, { kind: 'SortMergeJoin' }>;

/** Spark's default is 0; see above. */
const DEFAULT_LOCAL_MAP_THRESHOLD = '64m';

interface Thresholds {
  /** Largest side, in bytes, built as a whole (Spark's adaptive broadcast threshold; -1: none). */
  readonly broadcast: number;
  /** Largest shuffle partition of a side built per partition (0: none). */
  readonly localMap: number;
}

function thresholdsOf(conf: ReadonlyMap<string, string>): Thresholds | null {
  if ((conf.get('spark.sql.adaptive.enabled') ?? 'true').trim().toLowerCase() === 'false') return null;
  const broadcast = parseBytes(
    conf.get('spark.sql.adaptive.autoBroadcastJoinThreshold') ??
      conf.get('spark.sql.autoBroadcastJoinThreshold') ??
      '10m',
  );
  const localMap = parseBytes(
    conf.get('spark.sql.adaptive.maxShuffledHashJoinLocalMapThreshold') ?? DEFAULT_LOCAL_MAP_THRESHOLD,
  );
  const advisory = parseBytes(conf.get('spark.sql.adaptive.advisoryPartitionSizeInBytes') ?? '64m');
  // Spark's condition: a per-partition threshold under the advisory size is not applied.
  return { broadcast, localMap: localMap >= advisory ? localMap : 0 };
}

interface Sizes {
  readonly total: number;
  readonly largest: number;
}

/** Whether the planner's ordering of a node's rows passes through it to its parent (outputOrderings). */
function passesOrdering(node: PhysicalPlan): boolean {
  return node.kind === 'ProjectExec' || node.kind === 'FilterExec' || node.kind === 'LocalLimit';
}

/** A side of a merge join without its local sort (the sort the join asked for). */
function unsorted(side: PhysicalPlan): PhysicalPlan {
  return side.kind === 'SortExec' && !side.global ? side.child : side;
}

/**
 * The shuffle stub whose rows a side passes on through projections and filters only (so its
 * shuffle's bytes bound the side's), or null.
 */
function shuffleBelow(side: PhysicalPlan): Extract<PhysicalPlan, { kind: 'ShuffleExchange' }> | null {
  if (side.kind === 'ShuffleExchange') return side;
  return side.kind === 'ProjectExec' || side.kind === 'FilterExec' ? shuffleBelow(side.child) : null;
}

/**
 * The stage with its sort merge joins over small enough shuffles turned into shuffled hash joins
 * (the same object when none is). `shuffles` holds each exchange's output partitions, not yet
 * coalesced.
 */
export function selectJoinsAtRuntime(
  s: StageSpec,
  shuffles: ReadonlyMap<number, readonly (readonly WireBatch[])[]>,
  conf: ReadonlyMap<string, string>,
): StageSpec {
  const t = thresholdsOf(conf);
  if (t === null) return s;
  const positions = exchangeIds(s.fragment);
  /** Total and largest partition bytes of a stubbed shuffle, null when its output is not known. */
  const sizesOf = (stub: PhysicalPlan): Sizes | null => {
    const parts = shuffles.get(s.fragmentExchangeIds[positions.get(stub)!]!);
    if (parts === undefined) return null;
    let total = 0;
    let largest = 0;
    for (const part of parts) {
      let bytes = 0;
      for (const b of part) bytes += batchBytes(b);
      total += bytes;
      largest = Math.max(largest, bytes);
    }
    return { total, largest };
  };
  const hashJoinOf = (j: SortMergeJoin): PhysicalPlan | null => {
    if (j.hinted === true) return null;
    const left = unsorted(j.left);
    const right = unsorted(j.right);
    // A side's bytes are known when it reads a shuffle through projections and filters; the other
    // side may be anything (rows of a key are in one partition on both sides either way).
    const leftShuffle = shuffleBelow(left);
    const rightShuffle = shuffleBelow(right);
    const leftSizes = leftShuffle === null ? null : sizesOf(leftShuffle);
    const rightSizes = rightShuffle === null ? null : sizesOf(rightShuffle);
    const totals = { left: leftSizes?.total ?? Infinity, right: rightSizes?.total ?? Infinity };
    const fitsBroadcast = (x: Sizes | null) => x !== null && t.broadcast >= 0 && x.total <= t.broadcast;
    // Per partition, as Spark's shuffled hash join, when the side is also no larger than the other
    // (Spark's muchSmaller asks for a third; our sorts cost more): building the larger side of a
    // join cost more than merging both (TPC-H Q21's semi join over all of lineitem).
    const fitsLocalMap = (x: Sizes | null, other: Sizes | null) =>
      x !== null && other !== null && t.localMap > 0 && x.largest <= t.localMap && x.total <= other.total;
    const buildSide =
      buildSideOf(
        canBuildBroadcastLeft(j.joinType) && fitsBroadcast(leftSizes),
        canBuildBroadcastRight(j.joinType) && fitsBroadcast(rightSizes),
        totals,
      ) ??
      buildSideOf(
        canBuildShuffledHashJoinLeft(j.joinType) && fitsLocalMap(leftSizes, rightSizes),
        canBuildShuffledHashJoinRight(j.joinType) && fitsLocalMap(rightSizes, leftSizes),
        totals,
      );
    if (buildSide === null) return null;
    return {
      kind: 'HashJoin',
      strategy: 'ShuffledHashJoin',
      leftKeys: j.leftKeys,
      rightKeys: j.rightKeys,
      nullSafe: j.nullSafe,
      joinType: j.joinType,
      buildSide,
      condition: j.condition,
      output: j.output,
      left,
      right,
    };
  };
  // `free`: nothing above the node relies on the order of its rows. A join switched here frees a
  // merge join below it.
  const rewrite = (node: PhysicalPlan, free: boolean): PhysicalPlan => {
    if (node.kind === 'ShuffleExchange' || node.kind === 'BroadcastExchange') return node;
    const switched = node.kind === 'SortMergeJoin' && free ? (hashJoinOf(node) ?? node) : node;
    const childrenFree = switched.kind !== 'SortMergeJoin' && (free || !passesOrdering(switched));
    return withChildren(
      switched,
      planChildren(switched).map((c) => rewrite(c, childrenFree)),
    );
  };
  const fragment = rewrite(s.fragment, true);
  return fragment === s.fragment ? s : { ...s, fragment };
}
