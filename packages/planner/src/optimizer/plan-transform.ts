// Generic plan traversal helpers: rebuild a node with new children or expressions, keeping the same
// object when nothing changed.

import type { Expr, NamedExpr, SortOrder } from '../expr.js';
import type { LogicalPlan } from '../logical-plan.js';
import { planChildren } from '../analyzer/resolve-expr.js';
import { mapChildren, mapSame } from '../parser-bridge/ast-to-plan.js';
import { outputOf } from '../plan-output.js';

export function withChildren(plan: LogicalPlan, children: readonly LogicalPlan[]): LogicalPlan {
  const old = planChildren(plan);
  if (old.length === children.length && old.every((c, i) => c === children[i])) return plan;
  switch (plan.kind) {
    case 'Join':
    case 'Intersect':
    case 'Except':
    case 'UnresolvedUsingJoin':
      return { ...plan, left: children[0]!, right: children[1]! };
    case 'Union':
      return { ...plan, children };
    case 'WithCTE':
      return plan;
    case 'UnionLoop':
      return { ...plan, anchor: children[0]!, recursion: children[1]! };
    default:
      if ('child' in plan) return { ...plan, child: children[0]! } as LogicalPlan;
      return plan;
  }
}

/**
 * `rewritten` with the output columns of `original` in their order: as it is when they already are,
 * else under a Project of them (a rule that reorders joins must not change a plan's schema).
 */
export function withOutputOf(original: LogicalPlan, rewritten: LogicalPlan): LogicalPlan {
  const before = outputOf(original);
  const after = outputOf(rewritten);
  const same = before.length === after.length && before.every((a, i) => a.id === after[i]!.id);
  return same ? rewritten : { kind: 'Project', projectList: [...before], child: rewritten };
}

/** Applies `f` bottom-up to every node. */
export function transformUp(plan: LogicalPlan, f: (p: LogicalPlan) => LogicalPlan): LogicalPlan {
  const children = planChildren(plan).map((c) => transformUp(c, f));
  return f(withChildren(plan, children));
}

/** Applies `f` top-down: `f` first, then into the children of its result. */
export function transformDown(plan: LogicalPlan, f: (p: LogicalPlan) => LogicalPlan): LogicalPlan {
  const p = f(plan);
  const children = planChildren(p).map((c) => transformDown(c, f));
  return withChildren(p, children);
}

/**
 * transformUp that also goes into the plans of subquery expressions (scalar, IN, EXISTS), as Spark's
 * CacheManager does when it puts cached data in place: a subquery reading a cached table reads the cache.
 */
export function transformUpWithSubqueries(
  plan: LogicalPlan,
  f: (p: LogicalPlan) => LogicalPlan,
): LogicalPlan {
  const intoSubqueries = (e: Expr): Expr =>
    transformExprUp(e, (x) => {
      if (x.kind !== 'ScalarSubquery' && x.kind !== 'Exists' && x.kind !== 'InSubquery') return x;
      const inner = transformUpWithSubqueries(x.plan, f);
      return inner === x.plan ? x : { ...x, plan: inner };
    });
  return transformUp(plan, (p) => f(mapPlanExpressions(p, intoSubqueries)));
}

/** Applies `f` bottom-up to every expression node of `e`. */
export function transformExprUp(e: Expr, f: (x: Expr) => Expr): Expr {
  return f(mapChildren(e, (c) => transformExprUp(c, f)));
}

/** Rewrites the expressions of one plan node (the same node when `f` changed none). */
export function mapPlanExpressions(plan: LogicalPlan, f: (e: Expr) => Expr): LogicalPlan {
  const named = (e: NamedExpr): NamedExpr => f(e) as NamedExpr;
  const order = (o: SortOrder): SortOrder => f(o) as SortOrder;
  switch (plan.kind) {
    case 'Project': {
      const projectList = mapSame(plan.projectList, named);
      return projectList === plan.projectList ? plan : { ...plan, projectList };
    }
    case 'Filter': {
      const condition = f(plan.condition);
      return condition === plan.condition ? plan : { ...plan, condition };
    }
    case 'Aggregate': {
      const groupingExprs = mapSame(plan.groupingExprs, f);
      const aggregateExprs = mapSame(plan.aggregateExprs, named);
      return groupingExprs === plan.groupingExprs && aggregateExprs === plan.aggregateExprs
        ? plan
        : { ...plan, groupingExprs, aggregateExprs };
    }
    case 'Join': {
      const condition = plan.condition ? f(plan.condition) : null;
      return condition === plan.condition ? plan : { ...plan, condition };
    }
    case 'Sort': {
      const sorted = mapSame(plan.order, order);
      return sorted === plan.order ? plan : { ...plan, order: sorted };
    }
    case 'Window': {
      const windowExprs = mapSame(plan.windowExprs, named);
      const partitionSpec = mapSame(plan.partitionSpec, f);
      const orderSpec = mapSame(plan.orderSpec, order);
      return windowExprs === plan.windowExprs &&
        partitionSpec === plan.partitionSpec &&
        orderSpec === plan.orderSpec
        ? plan
        : { ...plan, windowExprs, partitionSpec, orderSpec };
    }
    default:
      return plan;
  }
}

export function splitConjuncts(e: Expr): Expr[] {
  return e.kind === 'And' ? [...splitConjuncts(e.left), ...splitConjuncts(e.right)] : [e];
}

export function splitDisjuncts(e: Expr): Expr[] {
  return e.kind === 'Or' ? [...splitDisjuncts(e.left), ...splitDisjuncts(e.right)] : [e];
}

export function andAll(es: readonly Expr[]): Expr | null {
  if (es.length === 0) return null;
  return es.reduce((a, b) => ({ kind: 'And', left: a, right: b }));
}

/** The ExprIds of the attributes an expression reads. */
export function referencedIds(e: Expr, into: Set<number> = new Set()): Set<number> {
  if (e.kind === 'AttributeReference') into.add(e.id);
  else if (e.kind === 'ScalarSubquery' || e.kind === 'Exists' || e.kind === 'InSubquery') {
    for (const a of e.outerAttrs) into.add(a.id);
    if (e.kind === 'InSubquery') e.values.forEach((v) => referencedIds(v, into));
  } else mapChildren(e, (c) => (referencedIds(c, into), c));
  return into;
}

/** Whether `e` holds a subquery expression (not looking into the subquery's plan). */
export function hasSubquery(e: Expr): boolean {
  let found = false;
  transformExprUp(e, (x) => {
    if (x.kind === 'ScalarSubquery' || x.kind === 'Exists' || x.kind === 'InSubquery') found = true;
    return x;
  });
  return found;
}

/** Whether evaluating `e` twice may give different answers (rand, uuid...), or it has side effects. */
export function isDeterministic(e: Expr): boolean {
  if (e.kind === 'ScalarFunction' && NON_DETERMINISTIC.has(e.name)) return false;
  let ok = true;
  mapChildren(e, (c) => {
    if (ok && !isDeterministic(c)) ok = false;
    return c;
  });
  return ok;
}

const NON_DETERMINISTIC = new Set([
  'rand',
  'random',
  'randn',
  'randstr',
  'uuid',
  'shuffle',
  'monotonically_increasing_id',
  'spark_partition_id',
  'input_file_name',
  'current_timestamp',
  'now',
  'raise_error',
  'assert_true',
]);
