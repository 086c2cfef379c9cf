// RewriteCorrelatedScalarSubquery: a correlated scalar subquery over an aggregate becomes the same
// aggregate grouped by the correlated columns, left-outer-joined to the outer query on them — one pass
// over the subquery's input instead of one per outer key.
//   Filter (x < (SELECT avg(s.v) FROM s WHERE s.k = outer.k)) t
//     -> Project t.* (Filter (x < a) (Join LeftOuter t (Aggregate [s.k] [s.k, avg(s.v) AS a] s) ON s.k = t.k))
// Only equality correlation is rewritten (other predicates would change what each group aggregates), and
// only aggregates that give NULL over no rows: a missing group then reads NULL through the outer join,
// as the subquery would. The others (count...) stay with the run-time evaluation. An uncorrelated
// subquery of one global aggregate in a HAVING is crossed with the aggregation (rewriteUncorrelated).

import type { AttributeRef, Expr, NamedExpr } from '../../expr.js';
import type { LogicalPlan } from '../../logical-plan.js';
import { NO_HINT } from '../../logical-plan.js';
import { outputOf } from '../../plan-output.js';
import type { OptimizerContext, Rule } from '../rule.js';
import {
  andAll,
  mapPlanExpressions,
  referencedIds,
  transformExprUp,
  transformUp,
} from '../plan-transform.js';
import { decorrelate, dedupSubqueryOutput, freeOuterAttrs } from './subquery-correlation.js';

type ScalarSubquery = Extract<Expr, { kind: 'ScalarSubquery' }>;

/** Aggregates whose value over no rows is NULL. */
const NULL_ON_EMPTY = new Set(['sum', 'avg', 'mean', 'min', 'max', 'first', 'last', 'any_value']);

/** True when the expression is NULL whenever every aggregate in it is NULL. */
function nullOnEmpty(e: Expr): boolean {
  switch (e.kind) {
    case 'AggregateExpression':
      return NULL_ON_EMPTY.has(e.name) && e.filter === null;
    case 'Alias':
    case 'Cast':
    case 'UnaryMinus':
    case 'UnaryPositive':
      return nullOnEmpty(e.child);
    case 'Arithmetic':
      // NULL op anything is NULL; one side may be a constant.
      return (
        (nullOnEmpty(e.left) && isConstant(e.right)) ||
        (nullOnEmpty(e.right) && isConstant(e.left)) ||
        (nullOnEmpty(e.left) && nullOnEmpty(e.right))
      );
    default:
      return false;
  }
}

function isConstant(e: Expr): boolean {
  return e.kind === 'Literal' || (e.kind === 'Cast' && isConstant(e.child));
}

/** The subquery's aggregate, under any aliases. */
function aggregateOf(plan: LogicalPlan): Extract<LogicalPlan, { kind: 'Aggregate' }> | null {
  if (plan.kind === 'SubqueryAlias') return aggregateOf(plan.child);
  return plan.kind === 'Aggregate' ? plan : null;
}

interface Rewritten {
  /** The aggregate grouped by the correlated columns, joined to the outer plan. */
  readonly join: LogicalPlan;
  readonly value: AttributeRef;
}

/** Whether the plan gives exactly one row: a global aggregate, under aliases and projections. */
function isOneRowAggregate(plan: LogicalPlan): boolean {
  if (plan.kind === 'SubqueryAlias' || plan.kind === 'Project') return isOneRowAggregate(plan.child);
  return plan.kind === 'Aggregate' && plan.groupingExprs.length === 0;
}

/**
 * An uncorrelated subquery of one global aggregate in a HAVING (a Filter over an aggregation), as a
 * cross join to its one row: the query then runs as one job, the subquery's stages beside the
 * aggregation's, where the subquery ran first as a job of its own (TPC-H Q11's threshold, which the
 * DataFrame version writes as such a join: 1.5x as fast). Only there: a literal compared in a filter
 * over a scan is worth more (it narrows the scan's rows in place; Q22).
 */
function rewriteUncorrelated(s: ScalarSubquery, outer: LogicalPlan, ctx: OptimizerContext): Rewritten | null {
  if (outer.kind !== 'Aggregate' || !isOneRowAggregate(s.plan) || freeOuterAttrs(s.plan).length > 0)
    return null;
  if (outputOf(s.plan).length !== 1) return null;
  const { plan: right, output } = dedupSubqueryOutput(outer, s.plan, [], ctx);
  return {
    join: { kind: 'Join', left: outer, right, joinType: 'Cross', condition: null, hint: NO_HINT },
    value: output[0]!,
  };
}

function rewriteOne(s: ScalarSubquery, outer: LogicalPlan, ctx: OptimizerContext): Rewritten | null {
  if (s.outerAttrs.length === 0) return rewriteUncorrelated(s, outer, ctx);
  const agg = aggregateOf(s.plan);
  if (!agg || agg.groupingExprs.length > 0 || agg.aggregateExprs.length !== 1) return null;
  const result = agg.aggregateExprs[0]!;
  if (!nullOnEmpty(result)) return null;
  const d = decorrelate(agg.child);
  if (!d || d.predicates.length === 0 || freeOuterAttrs(d.plan).length > 0) return null;

  // Each pulled predicate must be inner = outer; the inner sides become the grouping keys.
  const outerIds = new Set(outputOf(outer).map((a) => a.id));
  const innerIds = new Set(outputOf(d.plan).map((a) => a.id));
  const keys: AttributeRef[] = [];
  for (const p of d.predicates) {
    if (p.kind !== 'Comparison' || p.op !== 'EqualTo') return null;
    const sides = [p.left, p.right];
    const inner = sides.find((x) => x.kind === 'AttributeReference' && innerIds.has(x.id));
    const other = sides.find((x) => x !== inner);
    if (!inner || inner.kind !== 'AttributeReference' || !other) return null;
    if (![...referencedIds(other)].every((id) => outerIds.has(id))) return null;
    if (!keys.some((k) => k.id === inner.id)) keys.push(inner);
  }

  const grouped: LogicalPlan = {
    kind: 'Aggregate',
    groupingExprs: keys,
    aggregateExprs: [...keys, result],
    child: d.plan,
  };
  const { plan: right, predicates, output } = dedupSubqueryOutput(outer, grouped, d.predicates, ctx);
  return {
    join: {
      kind: 'Join',
      left: outer,
      right,
      joinType: 'LeftOuter',
      condition: andAll(predicates),
      hint: NO_HINT,
    },
    value: output[output.length - 1]!,
  };
}

/** Rewrites the correlated scalar subqueries of one Filter or Project; null when there is none to rewrite. */
function rewriteNode(p: LogicalPlan, ctx: OptimizerContext): LogicalPlan | null {
  if (p.kind !== 'Filter' && p.kind !== 'Project') return null;
  let child = p.child;
  const replaced = new Map<ScalarSubquery, AttributeRef>();
  const collect = (e: Expr): Expr =>
    transformExprUp(e, (x) => {
      if (x.kind !== 'ScalarSubquery' || replaced.has(x)) return x;
      const r = rewriteOne(x, child, ctx);
      if (r) {
        child = r.join;
        replaced.set(x, r.value);
      }
      return x;
    });
  mapPlanExpressions(p, collect);
  if (replaced.size === 0) return null;
  const substitute = (e: Expr): Expr =>
    transformExprUp(e, (x) => (x.kind === 'ScalarSubquery' ? (replaced.get(x) ?? x) : x));
  const rewritten = mapPlanExpressions({ ...p, child } as LogicalPlan, substitute);
  if (p.kind === 'Project') return rewritten;
  // The join added columns: project the filter's own output back.
  const projectList: NamedExpr[] = outputOf(p).map((a) => a);
  return { kind: 'Project', projectList, child: rewritten };
}

export const rewriteCorrelatedScalarSubquery: Rule = {
  name: 'RewriteCorrelatedScalarSubquery',
  apply(plan, ctx) {
    return transformUp(plan, (p) => rewriteNode(p, ctx) ?? p);
  },
};
