// PushSelectiveJoinDown (Flint's; Spark without statistics keeps ReorderJoin's order): an inner join
// with a small, selectively filtered relation (a dimension: `nation WHERE n_name = 'FRANCE'`) moves
// down an inner-join chain to the relation its condition reads, so the rows it drops are dropped
// before the joins between, not after them.
//   Join Inner (Join Inner a b ON a.k = b.k) d ON a.j = d.j
//     -> Project [a, b, d] (Join Inner (Join Inner a d ON a.j = d.j) b ON a.k = b.k)
// Sound because inner joins reorder freely when every condition stays above the relations it reads.
// TPC-H Q7 joined 1.8M lineitem rows to orders and customers before keeping the 8% of French and
// German suppliers; Q21 joins its lineitem rows to orders before keeping one nation's suppliers.
// The dimension must fit the broadcast threshold (its join stays a broadcast wherever it goes) and
// have a filter Spark would call selective, or be a join of such a relation and other scans.

import type { Expr } from '../../expr.js';
import type { LogicalPlan } from '../../logical-plan.js';
import { NO_HINT } from '../../logical-plan.js';
import { outputIds, outputOf } from '../../plan-output.js';
import { fitsBroadcastThreshold } from '../../physical/join-selection.js';
import { estimateSize } from '../../physical/size-estimation.js';
import type { Rule } from '../rule.js';
import {
  andAll,
  hasSubquery,
  isDeterministic,
  referencedIds,
  splitConjuncts,
  transformUp,
  withOutputOf,
} from '../plan-transform.js';
import { bytes, isLikelySelective, isScanChain } from './inject-runtime-filter.js';

const MB = 1024 * 1024;

type Join = Extract<LogicalPlan, { kind: 'Join' }>;

function isPlainInner(p: LogicalPlan): p is Join {
  return (
    p.kind === 'Join' &&
    p.joinType === 'Inner' &&
    p.hint.leftHint === undefined &&
    p.hint.rightHint === undefined &&
    p.lateral !== true &&
    p.runtimeFilter !== true
  );
}

/** A scan chain with a selective filter, or a join of such dimensions and scan chains made here. */
function isSelectiveDimension(p: LogicalPlan): boolean {
  return hasSelectiveFilter(p) && onlyScansAndDimensionJoins(p);
}

/** Scan chains, and joins of them this rule made (sized as their sides added: see dimensionJoin). */
function onlyScansAndDimensionJoins(p: LogicalPlan): boolean {
  if (isScanChain(p)) return true;
  if (p.kind === 'Project' || p.kind === 'SubqueryAlias') return onlyScansAndDimensionJoins(p.child);
  return (
    isPlainInner(p) &&
    p.dimensionJoin === true &&
    onlyScansAndDimensionJoins(p.left) &&
    onlyScansAndDimensionJoins(p.right)
  );
}

/**
 * The plan as a dimension, or null. A join written over two scan chains, one of them selective (a
 * DataFrame's `nation.filter(...).join(customer, ...)`), becomes one, marked as this rule's own.
 */
function asDimension(p: LogicalPlan): LogicalPlan | null {
  if (isSelectiveDimension(p)) return p;
  if (p.kind === 'Project' || p.kind === 'SubqueryAlias') {
    const child = asDimension(p.child);
    return child === null ? null : { ...p, child };
  }
  if (!isPlainInner(p) || p.condition === null || !isScanChain(p.left) || !isScanChain(p.right)) return null;
  return hasSelectiveFilter(p) ? { ...p, dimensionJoin: true } : null;
}

function hasSelectiveFilter(p: LogicalPlan): boolean {
  switch (p.kind) {
    case 'Filter':
      return (isDeterministic(p.condition) && isLikelySelective(p.condition)) || hasSelectiveFilter(p.child);
    case 'Project':
    case 'SubqueryAlias':
      return hasSelectiveFilter(p.child);
    case 'Join':
      return hasSelectiveFilter(p.left) || hasSelectiveFilter(p.right);
    default:
      return false;
  }
}

/**
 * `x` joined to `dimension` on `condition`, the join placed on the deepest relation of x's inner-join
 * chain that holds every column the condition reads from x; null when x is no such chain or the
 * columns come from both sides of its top join. The output holds x's and the dimension's columns,
 * not necessarily in that order.
 */
function pushInto(
  x: LogicalPlan,
  dimension: LogicalPlan,
  condition: Expr,
  read: Set<number>,
  threshold: number,
): LogicalPlan | null {
  if (x.kind === 'Project' && x.projectList.every((e) => e.kind === 'AttributeReference')) {
    // A projection of columns (column pruning's, or this rule's reordering): through it, keeping the
    // dimension's columns.
    const below = pushInto(x.child, dimension, condition, read, threshold);
    return below === null
      ? null
      : { ...x, projectList: [...x.projectList, ...outputOf(dimension)], child: below };
  }
  if (!isPlainInner(x)) return null;
  const within = (side: LogicalPlan) => {
    const sideIds = outputIds(side);
    return [...read].every((id) => sideIds.has(id));
  };
  const sink = (side: LogicalPlan): LogicalPlan =>
    pushInto(side, dimension, condition, read, threshold) ?? {
      kind: 'Join',
      left: side,
      right: dimension,
      joinType: 'Inner',
      condition,
      hint: NO_HINT,
      dimensionJoin: true,
    };
  // A side that became a dimension (a relation with the dimension joined to it) may move on down
  // the rest of the chain; a left side does not move (the join above it already tried its right).
  if (within(x.left)) return { ...x, left: sink(x.left) };
  if (within(x.right)) return pushSelective({ ...x, right: sink(x.right) }, threshold);
  return null;
}

/**
 * The join with its dimension side moved down, or the join itself. When the whole condition cannot
 * move (TPC-H Q7's `n1.n_name = 'FRANCE' AND n2.n_name = 'GERMANY' OR ...` reads another dimension),
 * its equalities of a dimension column and another column move with the dimension and the rest is
 * a filter above the joins.
 */
function pushSelective(p: Join, threshold: number): LogicalPlan {
  if (!isPlainInner(p) || p.condition === null) return p;
  if (!isDeterministic(p.condition) || hasSubquery(p.condition)) return p;
  const dimension = asDimension(p.right);
  if (dimension === null || !fitsBroadcastThreshold(estimateSize(dimension), threshold)) return p;
  const dimensionIds = outputIds(dimension);
  const outside = (e: Expr) => [...referencedIds(e)].filter((id) => !dimensionIds.has(id));
  const attempt = (condition: Expr): LogicalPlan | null => {
    const read = new Set(outside(condition));
    return read.size === 0 ? null : pushInto(p.left, dimension, condition, read, threshold);
  };
  let pushed = attempt(p.condition);
  if (pushed === null) {
    const conjuncts = splitConjuncts(p.condition);
    const keys = conjuncts.filter((c) => isKeyEquality(c, dimensionIds));
    const rest = conjuncts.filter((c) => !keys.includes(c));
    const below = keys.length > 0 && rest.length > 0 ? attempt(andAll(keys)!) : null;
    if (below === null) return p;
    pushed = { kind: 'Filter', condition: andAll(rest)!, child: below };
  }
  return withOutputOf(p, pushed);
}

/** `a = b` with one side reading only the dimension's columns and the other none of them. */
function isKeyEquality(c: Expr, dimensionIds: ReadonlySet<number>): boolean {
  if (c.kind !== 'Comparison' || c.op !== 'EqualTo') return false;
  const side = (e: Expr) => {
    const refs = [...referencedIds(e)];
    if (refs.length === 0) return 'none';
    if (refs.every((id) => dimensionIds.has(id))) return 'dimension';
    return refs.some((id) => dimensionIds.has(id)) ? 'both' : 'other';
  };
  const l = side(c.left);
  const r = side(c.right);
  return (l === 'dimension' && r === 'other') || (l === 'other' && r === 'dimension');
}

/**
 * An inner join of a dimension and a scan chain on a key equality, written in that order (a
 * DataFrame's `region.filter(...).join(nation, ...).join(supplier, ...)`), as a dimension join this
 * rule makes (sized as its sides added) when that fits the broadcast threshold: sized as Spark's
 * product of its sides, TPC-H Q2's European suppliers were sort-merge joined to partsupp, where the
 * SQL text's order, dimensions pushed down, broadcast them.
 */
function asWrittenDimension(p: Join, threshold: number): Join {
  if (!isPlainInner(p) || p.condition === null || p.dimensionJoin === true) return p;
  if (!isDeterministic(p.condition) || hasSubquery(p.condition)) return p;
  const dimensionSide = (d: LogicalPlan, other: LogicalPlan): boolean =>
    isSelectiveDimension(d) &&
    isScanChain(other) &&
    splitConjuncts(p.condition!).some((c) => isKeyEquality(c, outputIds(d)));
  if (!dimensionSide(p.left, p.right) && !dimensionSide(p.right, p.left)) return p;
  const size = estimateSize(p.left) + estimateSize(p.right);
  return fitsBroadcastThreshold(size, threshold) ? { ...p, dimensionJoin: true } : p;
}

export const pushSelectiveJoinDown: Rule = {
  name: 'PushSelectiveJoinDown',
  apply(plan, ctx) {
    const threshold = bytes(ctx.conf, 'spark.sql.autoBroadcastJoinThreshold', 10 * MB);
    return transformUp(plan, (p) => {
      if (p.kind !== 'Join') return p;
      const pushed = pushSelective(p, threshold);
      return pushed.kind === 'Join' ? asWrittenDimension(pushed, threshold) : pushed;
    });
  },
};
