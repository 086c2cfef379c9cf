// Spark's EnsureRequirements, applied as each node is planned: a node's required child distribution
// gets a ShuffleExchange only when the child's output partitioning does not already satisfy it, so an
// aggregate on the join keys above a shuffled join, or a join of aggregates on their grouping keys,
// shuffles nothing again.

import { assertNever } from '@flint/common';
import type { AttributeRef, Expr, NamedExpr, SortOrder } from '../expr.js';
import type { Partitioning, PhysicalPlan } from '../physical-plan.js';
import { semanticEquals } from '../analyzer/analyzer.js';
import { toAttribute } from '../plan-output.js';

const SINGLE: Partitioning = { kind: 'SinglePartition' };

/**
 * What is known of how a node's rows are spread: every partitioning listed holds at once (Spark's
 * PartitioningCollection: an inner join's output is clustered by its left keys and by its right keys).
 * An empty list means nothing is known.
 */
export function outputPartitionings(plan: PhysicalPlan): readonly Partitioning[] {
  switch (plan.kind) {
    case 'LocalTableScan':
    case 'RangeExec':
    case 'FileSourceScan':
    case 'InMemoryTableScan':
    case 'UnionExec':
    case 'ExpandExec':
    case 'BroadcastExchange':
    case 'UnionLoopExec':
    case 'UnionLoopRefExec':
      return [];
    case 'TakeOrderedAndProject':
      return plan.perPartition === true ? outputPartitionings(plan.child) : [SINGLE];
    case 'GlobalLimit':
      return [SINGLE];
    case 'ShuffleExchange':
      return [plan.partitioning];
    case 'CoalesceExec':
      return plan.numPartitions === 1 ? [SINGLE] : [];
    case 'FilterExec':
    case 'SortExec':
    case 'LocalLimit':
    case 'WindowExec':
    case 'WindowGroupLimitExec':
    case 'GenerateExec':
      return outputPartitionings(plan.child);
    case 'ProjectExec':
      return project(outputPartitionings(plan.child), plan.projectList, plan.projectList.map(toAttribute));
    case 'HashAggregate':
      return plan.mode === 'Partial'
        ? project(outputPartitionings(plan.child), plan.groupingExprs, plan.output)
        : project(outputPartitionings(plan.child), plan.resultExprs, plan.output);
    case 'HashJoin':
      if (plan.strategy === 'BroadcastHashJoin') {
        // The streamed side's rows keep their partitions; the broadcast side adds nothing.
        const streamIsLeft = plan.buildSide === 'BuildRight';
        const keepsStream =
          plan.joinType === 'Inner' ||
          plan.joinType === 'Cross' ||
          (streamIsLeft
            ? plan.joinType === 'LeftOuter' || plan.joinType === 'LeftSemi' || plan.joinType === 'LeftAnti'
            : plan.joinType === 'RightOuter');
        return keepsStream ? outputPartitionings(streamIsLeft ? plan.left : plan.right) : [];
      }
      return coPartitionedJoin(plan);
    case 'SortMergeJoin':
      return coPartitionedJoin(plan);
    case 'NestedLoopJoin': {
      if (plan.strategy === 'CartesianProduct') return [];
      const streamIsLeft = plan.buildSide === 'BuildRight';
      const keepsStream =
        plan.joinType === 'Inner' ||
        plan.joinType === 'Cross' ||
        (streamIsLeft
          ? plan.joinType === 'LeftOuter' || plan.joinType === 'LeftSemi' || plan.joinType === 'LeftAnti'
          : plan.joinType === 'RightOuter');
      const stream = streamIsLeft ? plan.left : plan.right;
      return keepsStream && stream.kind !== 'BroadcastExchange' ? outputPartitionings(stream) : [];
    }
    default:
      return assertNever(plan, 'physical plan');
  }
}

/** A shuffled join's output: rows stay in their side's partition; NULL-padded rows break it. */
function coPartitionedJoin(
  plan: Extract<PhysicalPlan, { kind: 'HashJoin' | 'SortMergeJoin' }>,
): readonly Partitioning[] {
  switch (plan.joinType) {
    case 'Inner':
    case 'Cross':
      return [...outputPartitionings(plan.left), ...outputPartitionings(plan.right)];
    case 'LeftOuter':
    case 'LeftSemi':
    case 'LeftAnti':
      return outputPartitionings(plan.left);
    case 'RightOuter':
      return outputPartitionings(plan.right);
    case 'FullOuter':
      return [];
  }
}

/**
 * The partitionings seen through a list of named expressions (a Project, an aggregate's keys or results):
 * a hash expression survives when the output has it as a column, under its own id or an alias.
 */
function project(
  parts: readonly Partitioning[],
  list: readonly NamedExpr[],
  output: readonly AttributeRef[],
): Partitioning[] {
  const out: Partitioning[] = [];
  const outIds = new Set(output.map((a) => a.id));
  const mapExpr = (e: Expr): Expr | null => {
    if (e.kind === 'AttributeReference' && outIds.has(e.id)) return e;
    for (let i = 0; i < list.length; i++) {
      const n = list[i]!;
      if (n.kind === 'Alias' && semanticEquals(n.child, e)) return output[i] ?? toAttribute(n);
    }
    return null;
  };
  for (const p of parts) {
    if (p.kind === 'SinglePartition') out.push(p);
    else if (p.kind === 'HashPartitioning') {
      const exprs: Expr[] = [];
      for (const e of p.exprs) {
        const m = mapExpr(e);
        if (m === null) break;
        exprs.push(m);
      }
      if (exprs.length === p.exprs.length) out.push({ ...p, exprs });
    }
  }
  return out;
}

/** Spark's HashPartitioning.satisfies(ClusteredDistribution): every hash expression is a clustering key. */
function satisfiesClustered(p: Partitioning, keys: readonly Expr[]): boolean {
  if (p.kind === 'SinglePartition') return true;
  if (p.kind !== 'HashPartitioning' || p.exprs.length === 0) return false;
  return p.exprs.every((e) => keys.some((k) => semanticEquals(k, e)));
}

/** The child clustered by `keys` (a hash shuffle into `numPartitions` unless it already is). */
export function ensureClustered(
  child: PhysicalPlan,
  keys: readonly Expr[],
  numPartitions: number,
): PhysicalPlan {
  if (keys.length === 0) return ensureAllTuples(child);
  if (outputPartitionings(child).some((p) => satisfiesClustered(p, keys))) return child;
  return {
    kind: 'ShuffleExchange',
    partitioning: { kind: 'HashPartitioning', exprs: keys, numPartitions },
    child,
  };
}

/** The child in one partition (Spark's AllTuples). */
export function ensureAllTuples(child: PhysicalPlan): PhysicalPlan {
  if (outputPartitionings(child).some((p) => p.kind === 'SinglePartition')) return child;
  return { kind: 'ShuffleExchange', partitioning: SINGLE, child };
}

/** The positions in `keys` of a hash partitioning's expressions, or null when one is not a key. */
function keyPositions(p: Partitioning, keys: readonly Expr[]): number[] | null {
  if (p.kind !== 'HashPartitioning' || p.exprs.length === 0) return null;
  const pos: number[] = [];
  for (const e of p.exprs) {
    const i = keys.findIndex((k) => semanticEquals(k, e));
    if (i < 0) return null;
    pos.push(i);
  }
  return pos;
}

/**
 * Both sides of a shuffled join clustered the same way: equal key values in the same partition number.
 * Sides already hash-partitioned on the keys at the same positions stay as they are; when only one is,
 * the other is shuffled to match it (Spark's ShuffleSpec reuse); else both are shuffled by all keys.
 */
export function ensureCoPartitioned(
  left: PhysicalPlan,
  right: PhysicalPlan,
  leftKeys: readonly Expr[],
  rightKeys: readonly Expr[],
  numPartitions: number,
): [PhysicalPlan, PhysicalPlan] {
  const lparts = outputPartitionings(left);
  const rparts = outputPartitionings(right);
  if (lparts.some((p) => p.kind === 'SinglePartition') && rparts.some((p) => p.kind === 'SinglePartition'))
    return [left, right];
  const shuffle = (child: PhysicalPlan, exprs: readonly Expr[], n: number): PhysicalPlan => ({
    kind: 'ShuffleExchange',
    partitioning: { kind: 'HashPartitioning', exprs, numPartitions: n },
    child,
  });
  let leftSpec: { pos: number[]; n: number } | null = null;
  let rightSpec: { pos: number[]; n: number } | null = null;
  for (const lp of lparts) {
    const pos = keyPositions(lp, leftKeys);
    if (pos === null || lp.kind !== 'HashPartitioning') continue;
    leftSpec ??= { pos, n: lp.numPartitions };
    for (const rp of rparts) {
      if (rp.kind !== 'HashPartitioning' || rp.numPartitions !== lp.numPartitions) continue;
      if (rp.exprs.length === pos.length && pos.every((i, j) => semanticEquals(rightKeys[i]!, rp.exprs[j]!)))
        return [left, right];
    }
  }
  for (const rp of rparts) {
    const pos = keyPositions(rp, rightKeys);
    if (pos !== null && rp.kind === 'HashPartitioning') {
      rightSpec = { pos, n: rp.numPartitions };
      break;
    }
  }
  // Reuse one side's partitioning only at the shuffle's usual width, so that parallelism is unchanged.
  if (leftSpec !== null && leftSpec.n === numPartitions)
    return [
      left,
      shuffle(
        right,
        leftSpec.pos.map((i) => rightKeys[i]!),
        leftSpec.n,
      ),
    ];
  if (rightSpec !== null && rightSpec.n === numPartitions)
    return [
      shuffle(
        left,
        rightSpec.pos.map((i) => leftKeys[i]!),
        rightSpec.n,
      ),
      right,
    ];
  return [shuffle(left, leftKeys, numPartitions), shuffle(right, rightKeys, numPartitions)];
}

/**
 * Orderings a node's rows are known to follow within each partition (alternatives: an inner merge join
 * is ordered by its left keys and equally by its right keys). Only what the operators really keep.
 */
export function outputOrderings(plan: PhysicalPlan): readonly (readonly SortOrder[])[] {
  switch (plan.kind) {
    case 'SortExec':
      return [plan.order];
    case 'FilterExec':
    case 'LocalLimit':
      return outputOrderings(plan.child);
    case 'ProjectExec': {
      const out = plan.projectList.map(toAttribute);
      const outIds = new Set(out.map((a) => a.id));
      return outputOrderings(plan.child).map((order) => {
        const kept: SortOrder[] = [];
        for (const o of order) {
          const e = o.child;
          let m: Expr | null = e.kind === 'AttributeReference' && outIds.has(e.id) ? e : null;
          if (m === null) {
            const i = plan.projectList.findIndex((n) => n.kind === 'Alias' && semanticEquals(n.child, e));
            if (i >= 0) m = out[i]!;
          }
          if (m === null) break;
          kept.push({ ...o, child: m });
        }
        return kept;
      });
    }
    case 'SortMergeJoin': {
      // Matched pairs come out in key order; rows padded with NULLs come last, so outer joins lose it.
      const asc = (k: Expr): SortOrder => ({
        kind: 'SortOrder',
        child: k,
        direction: 'Ascending',
        nullOrdering: 'NullsFirst',
      });
      switch (plan.joinType) {
        case 'Inner':
        case 'Cross':
          return [plan.leftKeys.map(asc), plan.rightKeys.map(asc)];
        case 'LeftSemi':
        case 'LeftAnti':
          return [plan.leftKeys.map(asc)];
        default:
          return [];
      }
    }
    default:
      return [];
  }
}

/** The child sorted by `order` within each partition, unless it already is (Spark's SortOrder.satisfies). */
export function ensureOrdering(child: PhysicalPlan, order: readonly SortOrder[]): PhysicalPlan {
  const satisfied = outputOrderings(child).some(
    (have) =>
      have.length >= order.length &&
      order.every((o, i) => {
        const h = have[i]!;
        return (
          h.direction === o.direction && h.nullOrdering === o.nullOrdering && semanticEquals(h.child, o.child)
        );
      }),
  );
  return satisfied ? child : { kind: 'SortExec', order, global: false, child };
}
