// Spark's JoinSelection: picks BroadcastHashJoin, ShuffledHashJoin, SortMergeJoin, CartesianProduct or
// BroadcastNestedLoopJoin for a logical Join, hints first, then by estimated sizes, in Spark 4's order.

import type { DataType } from '@flint/common';
import type { Expr, SortOrder } from '../expr.js';
import { dataTypeOf } from '../expr-type.js';
import type { JoinHint, JoinType, LogicalPlan } from '../logical-plan.js';
import type { BuildSide, PhysicalPlan } from '../physical-plan.js';
import { outputOf } from '../plan-output.js';
import { andAll, referencedIds, splitConjuncts } from '../optimizer/plan-transform.js';
import { ensureAllTuples, ensureCoPartitioned, ensureOrdering } from './ensure-requirements.js';
import { estimateSize } from './size-estimation.js';
import { semanticEquals } from '../analyzer/analyzer.js';

export interface JoinSelectionContext {
  readonly shufflePartitions: number;
  /** spark.sql.autoBroadcastJoinThreshold in bytes; -1 disables broadcast joins. */
  readonly autoBroadcastJoinThreshold: number;
  /** spark.sql.join.preferSortMergeJoin (default true). */
  readonly preferSortMergeJoin?: boolean;
  /** spark.sql.join.forceApplyShuffledHashJoin (a testing conf of Spark's; default false). */
  readonly forceApplyShuffledHashJoin?: boolean;
  /** spark.sql.optimizeNullAwareAntiJoin (default true). */
  readonly optimizeNullAwareAntiJoin?: boolean;
}

export interface EquiKeys {
  readonly leftKeys: Expr[];
  readonly rightKeys: Expr[];
  readonly nullSafe: boolean[];
  /** The conjuncts that are not key equalities (the join's extra condition). */
  readonly rest: Expr[];
}

/** Spark's ExtractEquiJoinKeys: `l = r` / `l <=> r` conjuncts with one side over each child. */
export function extractEquiKeys(condition: Expr | null, left: LogicalPlan, right: LogicalPlan): EquiKeys {
  const lids = new Set(outputOf(left).map((a) => a.id));
  const rids = new Set(outputOf(right).map((a) => a.id));
  const within = (e: Expr, ids: Set<number>) => {
    const r = referencedIds(e);
    return r.size > 0 && [...r].every((id) => ids.has(id));
  };
  const keys: EquiKeys = { leftKeys: [], rightKeys: [], nullSafe: [], rest: [] };
  for (const c of condition ? splitConjuncts(condition) : []) {
    if (c.kind === 'Comparison' && (c.op === 'EqualTo' || c.op === 'EqualNullSafe')) {
      if (within(c.left, lids) && within(c.right, rids)) {
        keys.leftKeys.push(c.left);
        keys.rightKeys.push(c.right);
        keys.nullSafe.push(c.op === 'EqualNullSafe');
        continue;
      }
      if (within(c.left, rids) && within(c.right, lids)) {
        keys.leftKeys.push(c.right);
        keys.rightKeys.push(c.left);
        keys.nullSafe.push(c.op === 'EqualNullSafe');
        continue;
      }
    }
    keys.rest.push(c);
  }
  return keys;
}

/**
 * Spark's ExtractSingleColumnNullAwareAntiJoin: a left anti join on `a = b OR isnull(a = b)` alone
 * (`a NOT IN (SELECT b ...)`, a from the left side, b from the right), as its one key pair.
 */
export function nullAwareAntiKeys(
  joinType: JoinType,
  condition: Expr | null,
  left: LogicalPlan,
  right: LogicalPlan,
): { readonly leftKey: Expr; readonly rightKey: Expr } | null {
  if (joinType !== 'LeftAnti' || condition?.kind !== 'Or') return null;
  const eq = condition.left;
  const isNull = condition.right;
  if (eq.kind !== 'Comparison' || eq.op !== 'EqualTo') return null;
  if (isNull.kind !== 'IsNull' || !semanticEquals(isNull.child, eq)) return null;
  const keys = extractEquiKeys(eq, left, right);
  return keys.leftKeys.length === 1 ? { leftKey: keys.leftKeys[0]!, rightKey: keys.rightKeys[0]! } : null;
}

/** Spark's canBroadcastBySize: an estimated size within spark.sql.autoBroadcastJoinThreshold (-1: never). */
export function fitsBroadcastThreshold(bytes: number, threshold: number): boolean {
  return threshold >= 0 && bytes >= 0 && bytes <= threshold;
}

function isInnerLike(t: JoinType): boolean {
  return t === 'Inner' || t === 'Cross';
}

/** A broadcast hash join can build the left side (Spark's canBuildBroadcastLeft). */
export function canBuildBroadcastLeft(t: JoinType): boolean {
  return isInnerLike(t) || t === 'RightOuter';
}

/** A broadcast hash join can build the right side (Spark's canBuildBroadcastRight). */
export function canBuildBroadcastRight(t: JoinType): boolean {
  return isInnerLike(t) || t === 'LeftOuter' || t === 'LeftSemi' || t === 'LeftAnti';
}

/** A shuffled hash join can build the left side (Spark 4's canBuildShuffledHashJoinLeft). */
export function canBuildShuffledHashJoinLeft(t: JoinType): boolean {
  return isInnerLike(t) || t === 'LeftOuter' || t === 'FullOuter' || t === 'RightOuter';
}

/** A shuffled hash join can build the right side (Spark 4's canBuildShuffledHashJoinRight). */
export function canBuildShuffledHashJoinRight(t: JoinType): boolean {
  return (
    isInnerLike(t) ||
    t === 'LeftOuter' ||
    t === 'FullOuter' ||
    t === 'RightOuter' ||
    t === 'LeftSemi' ||
    t === 'LeftAnti'
  );
}

/** Spark's RowOrdering.isOrderable for a key type. */
function isOrderable(t: DataType): boolean {
  switch (t.kind) {
    case 'map':
    case 'calendar_interval':
      return false;
    case 'array':
      return isOrderable(t.elementType);
    case 'struct':
      return t.fields.every((f) => isOrderable(f.dataType));
    default:
      return true;
  }
}

type Hinted = NonNullable<JoinHint['leftHint']>;

export interface Sizes {
  readonly left: number;
  readonly right: number;
}

/** Spark's getSmallerSide: the right side unless the left is strictly smaller. */
function smallerSide(s: Sizes): BuildSide {
  return s.right <= s.left ? 'BuildRight' : 'BuildLeft';
}

/** The side to build among those allowed: the smaller when both are (Spark's getBuildSide). */
export function buildSideOf(canLeft: boolean, canRight: boolean, s: Sizes): BuildSide | null {
  if (canLeft && canRight) return smallerSide(s);
  if (canLeft) return 'BuildLeft';
  if (canRight) return 'BuildRight';
  return null;
}

type LogicalJoin = Extract<LogicalPlan, { kind: 'Join' }>;

/** Plans a logical join over its already planned children. */
export function planJoin(
  plan: LogicalJoin,
  left: PhysicalPlan,
  right: PhysicalPlan,
  ctx: JoinSelectionContext,
): PhysicalPlan {
  const keys = extractEquiKeys(plan.condition, plan.left, plan.right);
  const output = outputOf(plan);
  const joinType = plan.joinType;
  const hint = plan.hint;
  const has = (side: 'left' | 'right', h: Hinted) => (side === 'left' ? hint.leftHint : hint.rightHint) === h;
  const hintEmpty = hint.leftHint === undefined && hint.rightHint === undefined;
  // Sizes are only estimated when a rule needs them (a file listing's sum is cheap, a cached table's
  // string columns less so: their bytes are remembered per column).
  let sizes: Sizes | null = null;
  const size = (): Sizes => (sizes ??= { left: estimateSize(plan.left), right: estimateSize(plan.right) });
  const threshold = ctx.autoBroadcastJoinThreshold;
  const canBroadcastBySize = (side: 'left' | 'right'): boolean =>
    fitsBroadcastThreshold(side === 'left' ? size().left : size().right, threshold);
  const shufflePartitions = Math.max(1, ctx.shufflePartitions);

  const broadcastHashJoin = (
    buildSide: BuildSide,
    on: EquiKeys = keys,
  ): Extract<PhysicalPlan, { kind: 'HashJoin' }> => ({
    kind: 'HashJoin',
    strategy: 'BroadcastHashJoin',
    leftKeys: on.leftKeys,
    rightKeys: on.rightKeys,
    nullSafe: on.nullSafe,
    joinType,
    buildSide,
    condition: andAll(on.rest),
    output,
    left: buildSide === 'BuildLeft' ? { kind: 'BroadcastExchange', child: left } : left,
    right: buildSide === 'BuildRight' ? { kind: 'BroadcastExchange', child: right } : right,
    ...(plan.runtimeFilter === true ? { runtimeFilter: true } : {}),
  });
  const shuffledHashJoin = (buildSide: BuildSide): PhysicalPlan => {
    const [l, r] = ensureCoPartitioned(left, right, keys.leftKeys, keys.rightKeys, shufflePartitions);
    return {
      kind: 'HashJoin',
      strategy: 'ShuffledHashJoin',
      leftKeys: keys.leftKeys,
      rightKeys: keys.rightKeys,
      nullSafe: keys.nullSafe,
      joinType,
      buildSide,
      condition: andAll(keys.rest),
      output,
      left: l,
      right: r,
    };
  };
  const sortMergeJoin = (hinted = false): PhysicalPlan => {
    const [l, r] = ensureCoPartitioned(left, right, keys.leftKeys, keys.rightKeys, shufflePartitions);
    const sorted = (child: PhysicalPlan, ks: readonly Expr[]): PhysicalPlan =>
      ensureOrdering(
        child,
        ks.map((k): SortOrder => ({
          kind: 'SortOrder',
          child: k,
          direction: 'Ascending',
          nullOrdering: 'NullsFirst',
        })),
      );
    return {
      kind: 'SortMergeJoin',
      leftKeys: keys.leftKeys,
      rightKeys: keys.rightKeys,
      nullSafe: keys.nullSafe,
      joinType,
      condition: andAll(keys.rest),
      output,
      left: sorted(l, keys.leftKeys),
      right: sorted(r, keys.rightKeys),
      ...(hinted ? { hinted: true } : {}),
    };
  };
  // The product takes the whole condition: it has no keys of its own to evaluate.
  const cartesianProduct = (): PhysicalPlan | null =>
    isInnerLike(joinType)
      ? {
          kind: 'NestedLoopJoin',
          strategy: 'CartesianProduct',
          joinType,
          buildSide: 'BuildRight',
          condition: plan.condition,
          output,
          left,
          right,
        }
      : null;
  const broadcastNestedLoopJoin = (buildSide: BuildSide): PhysicalPlan => {
    // The broadcast side's unmatched rows (outer, semi, anti) are known only after every streamed row
    // was seen, so such a join streams one partition.
    const buildIsLeft = buildSide === 'BuildLeft';
    const buildKeepsRows =
      joinType === 'FullOuter' ||
      (buildIsLeft
        ? joinType === 'LeftOuter' || joinType === 'LeftSemi' || joinType === 'LeftAnti'
        : joinType === 'RightOuter');
    const stream = (p: PhysicalPlan) => (buildKeepsRows ? ensureAllTuples(p) : p);
    return {
      kind: 'NestedLoopJoin',
      strategy: 'BroadcastNestedLoopJoin',
      joinType,
      buildSide,
      condition: plan.condition,
      output,
      left: buildIsLeft ? { kind: 'BroadcastExchange', child: left } : stream(left),
      right: buildIsLeft ? stream(right) : { kind: 'BroadcastExchange', child: right },
    };
  };

  // Spark plans a single-column NOT IN as a null-aware broadcast hash join when the subquery's side
  // may be broadcast (spark.sql.optimizeNullAwareAntiJoin), and no hint says otherwise.
  const nullAware = nullAwareAntiKeys(joinType, plan.condition, plan.left, plan.right);
  if (
    nullAware !== null &&
    hintEmpty &&
    ctx.optimizeNullAwareAntiJoin !== false &&
    canBroadcastBySize('right')
  ) {
    const on: EquiKeys = {
      leftKeys: [nullAware.leftKey],
      rightKeys: [nullAware.rightKey],
      nullSafe: [false],
      rest: [],
    };
    return { ...broadcastHashJoin('BuildRight', on), nullAwareAnti: true };
  }

  if (keys.leftKeys.length > 0) {
    const createBroadcastHashJoin = (onlyHints: boolean): PhysicalPlan | null => {
      const buildLeft = onlyHints ? has('left', 'BROADCAST') : canBroadcastBySize('left');
      const buildRight = onlyHints ? has('right', 'BROADCAST') : canBroadcastBySize('right');
      const side = buildSideOf(
        canBuildBroadcastLeft(joinType) && buildLeft,
        canBuildBroadcastRight(joinType) && buildRight,
        buildLeft && buildRight ? size() : { left: 0, right: 0 },
      );
      return side === null ? null : broadcastHashJoin(side);
    };
    const createShuffleHashJoin = (onlyHints: boolean): PhysicalPlan | null => {
      // Spark's canBuildLocalHashMapBySize and muchSmaller: the side fits a hash map per partition
      // and is at least three times smaller than the other.
      const bySize = (mine: number, other: number) =>
        ctx.preferSortMergeJoin === false && mine < threshold * shufflePartitions && mine * 3 <= other;
      const force = ctx.forceApplyShuffledHashJoin === true;
      const buildLeft = onlyHints ? has('left', 'SHUFFLE_HASH') : force || bySize(size().left, size().right);
      const buildRight = onlyHints
        ? has('right', 'SHUFFLE_HASH')
        : force || bySize(size().right, size().left);
      const side = buildSideOf(
        canBuildShuffledHashJoinLeft(joinType) && buildLeft,
        canBuildShuffledHashJoinRight(joinType) && buildRight,
        buildLeft && buildRight ? size() : { left: 0, right: 0 },
      );
      return side === null ? null : shuffledHashJoin(side);
    };
    const createSortMergeJoin = (hinted = false): PhysicalPlan | null =>
      keys.leftKeys.every((k) => isOrderable(dataTypeOf(k))) ? sortMergeJoin(hinted) : null;
    // A runtime filter stands for Spark's Bloom filter, which is always collected and sent to every
    // task: its build side is broadcast whatever its size (the join then tests streamed keys against
    // a bit set or a Bloom filter of the build keys, exec's hash/key-filter.ts).
    if (plan.runtimeFilter === true) return broadcastHashJoin('BuildRight');
    const withoutHint = (): PhysicalPlan =>
      createBroadcastHashJoin(false) ??
      createShuffleHashJoin(false) ??
      createSortMergeJoin() ??
      cartesianProduct() ??
      broadcastNestedLoopJoin(smallerSide(size()));
    if (hintEmpty) return withoutHint();
    return (
      createBroadcastHashJoin(true) ??
      (has('left', 'MERGE') || has('right', 'MERGE') ? createSortMergeJoin(true) : null) ??
      createShuffleHashJoin(true) ??
      (has('left', 'SHUFFLE_REPLICATE_NL') || has('right', 'SHUFFLE_REPLICATE_NL')
        ? cartesianProduct()
        : null) ??
      withoutHint()
    );
  }

  // No equality keys.
  const desiredBuildSide = (): BuildSide =>
    isInnerLike(joinType) || joinType === 'FullOuter'
      ? smallerSide(size())
      : canBuildBroadcastLeft(joinType)
        ? 'BuildLeft'
        : 'BuildRight';
  const createBroadcastNLJoin = (onlyHints: boolean): PhysicalPlan | null => {
    const buildLeft = onlyHints ? has('left', 'BROADCAST') : canBroadcastBySize('left');
    const buildRight = onlyHints ? has('right', 'BROADCAST') : canBroadcastBySize('right');
    if (buildLeft && buildRight) return broadcastNestedLoopJoin(desiredBuildSide());
    if (buildLeft) return broadcastNestedLoopJoin('BuildLeft');
    if (buildRight) return broadcastNestedLoopJoin('BuildRight');
    return null;
  };
  const withoutHint = (): PhysicalPlan =>
    createBroadcastNLJoin(false) ?? cartesianProduct() ?? broadcastNestedLoopJoin(desiredBuildSide());
  if (hintEmpty) return withoutHint();
  return (
    createBroadcastNLJoin(true) ??
    (has('left', 'SHUFFLE_REPLICATE_NL') || has('right', 'SHUFFLE_REPLICATE_NL')
      ? cartesianProduct()
      : null) ??
    withoutHint()
  );
}
