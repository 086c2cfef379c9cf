// Join strategies switched at run time (Spark's adaptive execution: DynamicJoinSelection, and the
// re-planning that turns a sort merge join into a broadcast hash join). Once the map stages below a
// stage are done, the bytes of every shuffle partition are known. A sort merge join over two shuffles
// then becomes a hash join when a side it can build is small enough: that side as a whole is within
// spark.sql.adaptive.autoBroadcastJoinThreshold (Spark broadcasts it), or each of its partitions is
// within spark.sql.adaptive.maxShuffledHashJoinLocalMapThreshold (Spark builds a hash map per
// partition). Either way the rows already sit in co-partitioned shuffles, so the join runs as a
// shuffled hash join over them: neither side is sorted.
//
// Flint's default for the per-partition threshold is 64 MB where Spark's is 0 (off): Spark sorts at a
// few nanoseconds a row, while a sort here costs more than building a hash table of the smaller side.
//
// A merge join the user asked for (a MERGE hint) stays one, as Spark keeps a user's hint. A merge
// join's rows come out in key order, and the planner leaves out the sort under a merge join above it
// on the same keys (ensureOrdering, through projections, filters and limits): such a join stays a
// merge join too. No other operator relies on the order of its input without sorting it.

import { parseBytes, type Batch } from '@flint/common';
import {
  canBuildBroadcastLeft,
  canBuildBroadcastRight,
  canBuildShuffledHashJoinLeft,
  canBuildShuffledHashJoinRight,
  type BuildSide,
  type PhysicalPlan,
} from '@flint/planner';
import { exchangeIds, planChildren } from '../operators/task-context.js';
import { batchBytes } from './task-metrics.js';
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

/** Whether the planner's ordering of a node's rows passes through it to its parent (outputOrderings). */
function passesOrdering(node: PhysicalPlan): boolean {
  return node.kind === 'ProjectExec' || node.kind === 'FilterExec' || node.kind === 'LocalLimit';
}

/** The stub below a local sort by the join's keys, when that is all a side of the join is. */
function sortedShuffle(side: PhysicalPlan): Extract<PhysicalPlan, { kind: 'ShuffleExchange' }> | null {
  return side.kind === 'SortExec' && !side.global && side.child.kind === 'ShuffleExchange'
    ? side.child
    : null;
}

/** Spark's getSmallerSide over the sides that may be built. */
function buildSideOf(canLeft: boolean, canRight: boolean, left: number, right: number): BuildSide | null {
  if (canLeft && canRight) return right <= left ? 'BuildRight' : 'BuildLeft';
  if (canLeft) return 'BuildLeft';
  if (canRight) return 'BuildRight';
  return null;
}

/**
 * The stage with its sort merge joins over small enough shuffles turned into shuffled hash joins
 * (the same object when none is). `shuffles` holds each exchange's output partitions, not yet
 * coalesced.
 */
export function selectJoinsAtRuntime(
  s: StageSpec,
  shuffles: ReadonlyMap<number, readonly (readonly Batch[])[]>,
  conf: ReadonlyMap<string, string>,
): StageSpec {
  const t = thresholdsOf(conf);
  if (t === null) return s;
  const positions = exchangeIds(s.fragment);
  /** Total and largest partition bytes of a stubbed shuffle, null when its output is not known. */
  const sizesOf = (stub: PhysicalPlan): { total: number; largest: number } | null => {
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
    const leftStub = sortedShuffle(j.left);
    const rightStub = sortedShuffle(j.right);
    if (leftStub === null || rightStub === null) return null;
    const left = sizesOf(leftStub);
    const right = sizesOf(rightStub);
    if (left === null || right === null) return null;
    const fitsBroadcast = (x: { total: number }) => t.broadcast >= 0 && x.total <= t.broadcast;
    const fitsLocalMap = (x: { largest: number }) => t.localMap > 0 && x.largest <= t.localMap;
    const buildSide =
      buildSideOf(
        canBuildBroadcastLeft(j.joinType) && fitsBroadcast(left),
        canBuildBroadcastRight(j.joinType) && fitsBroadcast(right),
        left.total,
        right.total,
      ) ??
      buildSideOf(
        canBuildShuffledHashJoinLeft(j.joinType) && fitsLocalMap(left),
        canBuildShuffledHashJoinRight(j.joinType) && fitsLocalMap(right),
        left.total,
        right.total,
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
      left: leftStub,
      right: rightStub,
    };
  };
  // `free`: nothing above the node relies on the order of its rows.
  const rewrite = (node: PhysicalPlan, free: boolean): PhysicalPlan => {
    if (node.kind === 'ShuffleExchange' || node.kind === 'BroadcastExchange') return node;
    const childrenFree = node.kind !== 'SortMergeJoin' && (free || !passesOrdering(node));
    const next = withChildren(
      node,
      planChildren(node).map((c) => rewrite(c, childrenFree)),
    );
    return next.kind === 'SortMergeJoin' && free ? (hashJoinOf(next) ?? next) : next;
  };
  const fragment = rewrite(s.fragment, true);
  return fragment === s.fragment ? s : { ...s, fragment };
}
