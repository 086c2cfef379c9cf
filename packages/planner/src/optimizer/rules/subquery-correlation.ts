// Correlation helpers shared by the subquery rewrites and the session's run-time subquery evaluation:
// which outer columns a subquery plan really reads (looking into nested subqueries too), and binding
// those columns to values.

import type { AttributeRef, Expr, ExprId, NamedExpr } from '../../expr.js';
import type { LogicalPlan } from '../../logical-plan.js';
import { outputOf, toAttribute } from '../../plan-output.js';
import { planChildren, planExpressions } from '../../analyzer/resolve-expr.js';
import { mapChildren } from '../../parser-bridge/ast-to-plan.js';
import type { OptimizerContext } from '../rule.js';
import {
  andAll,
  mapPlanExpressions,
  splitConjuncts,
  transformExprUp,
  transformUp,
} from '../plan-transform.js';

export type SubqueryExpr = Extract<Expr, { kind: 'ScalarSubquery' | 'Exists' | 'InSubquery' }>;

export function isSubqueryExpr(e: Expr): e is SubqueryExpr {
  return e.kind === 'ScalarSubquery' || e.kind === 'Exists' || e.kind === 'InSubquery';
}

function visitExprDeep(e: Expr, onOuter: (a: AttributeRef) => void, onPlan: (p: LogicalPlan) => void): void {
  if (e.kind === 'OuterReference') {
    onOuter(e.attr);
    return;
  }
  if (isSubqueryExpr(e)) onPlan(e.plan);
  mapChildren(e, (c) => (visitExprDeep(c, onOuter, onPlan), c));
}

function visitPlanDeep(plan: LogicalPlan, onOuter: (a: AttributeRef) => void, produced: Set<ExprId>): void {
  if (plan.kind !== 'OneRowRelation' && !plan.kind.startsWith('Unresolved') && plan.kind !== 'WithCTE') {
    for (const a of outputOf(plan)) produced.add(a.id);
  }
  const onPlan = (p: LogicalPlan) => visitPlanDeep(p, onOuter, produced);
  for (const e of planExpressions(plan)) visitExprDeep(e, onOuter, onPlan);
  for (const c of planChildren(plan)) visitPlanDeep(c, onOuter, produced);
}

/**
 * The columns of enclosing queries that `plan` reads, including through nested subqueries, minus the
 * ones a nested subquery takes from `plan` itself.
 */
export function freeOuterAttrs(plan: LogicalPlan): AttributeRef[] {
  const refs = new Map<ExprId, AttributeRef>();
  const produced = new Set<ExprId>();
  visitPlanDeep(plan, (a) => refs.set(a.id, a), produced);
  return [...refs.values()].filter((a) => !produced.has(a.id));
}

/** The columns of the enclosing query a subquery expression reads (its own values included for IN). */
export function subqueryFreeAttrs(e: SubqueryExpr): AttributeRef[] {
  return freeOuterAttrs(e.plan);
}

/** True when an expression (not looking into subquery plans) holds an OuterReference. */
export function hasOuterReference(e: Expr): boolean {
  let found = false;
  transformExprUp(e, (x) => {
    if (x.kind === 'OuterReference') found = true;
    return x;
  });
  return found;
}

/** Replaces outer references to the given ids, anywhere in the plan and its nested subqueries. */
export function bindOuterReferences(plan: LogicalPlan, values: ReadonlyMap<ExprId, Expr>): LogicalPlan {
  const rewrite = (e: Expr): Expr =>
    transformExprUp(e, (x) => {
      if (x.kind === 'OuterReference') return values.get(x.attr.id) ?? x;
      if (isSubqueryExpr(x)) {
        const p = bindOuterReferences(x.plan, values);
        return p === x.plan
          ? x
          : { ...x, plan: p, outerAttrs: x.outerAttrs.filter((a) => !values.has(a.id)) };
      }
      return x;
    });
  return transformUp(plan, (p) => mapPlanExpressions(p, rewrite));
}

export function stripOuter(e: Expr): Expr {
  return transformExprUp(e, (x) => (x.kind === 'OuterReference' ? x.attr : x));
}

/** Removes correlated conjuncts from the subquery; null when the correlation is out of reach. */
export function decorrelate(plan: LogicalPlan): { plan: LogicalPlan; predicates: Expr[] } | null {
  switch (plan.kind) {
    case 'Filter': {
      const inner = decorrelate(plan.child);
      if (!inner) return null;
      const keep: Expr[] = [];
      const pulled: Expr[] = [...inner.predicates];
      for (const c of splitConjuncts(plan.condition))
        (hasOuterReference(c) ? pulled : keep).push(hasOuterReference(c) ? stripOuter(c) : c);
      const cond = andAll(keep);
      return {
        plan: cond ? { ...plan, condition: cond, child: inner.plan } : inner.plan,
        predicates: pulled,
      };
    }
    case 'Project': {
      if (plan.projectList.some(hasOuterReference)) return null;
      const inner = decorrelate(plan.child);
      if (!inner) return null;
      if (inner.predicates.length === 0)
        return { plan: inner.plan === plan.child ? plan : { ...plan, child: inner.plan }, predicates: [] };
      // The pulled predicates read columns of the child: keep them in the projection.
      const have = new Set(plan.projectList.map((e) => e.id));
      const childOut = outputOf(inner.plan);
      const extra: NamedExpr[] = [];
      for (const p of inner.predicates) {
        transformExprUp(p, (x) => {
          if (x.kind === 'AttributeReference' && !have.has(x.id) && childOut.some((a) => a.id === x.id)) {
            have.add(x.id);
            extra.push(x);
          }
          return x;
        });
      }
      return {
        plan: { ...plan, projectList: [...plan.projectList, ...extra], child: inner.plan },
        predicates: inner.predicates,
      };
    }
    case 'SubqueryAlias': {
      const inner = decorrelate(plan.child);
      if (!inner) return null;
      return {
        plan: inner.plan === plan.child ? plan : { ...plan, child: inner.plan },
        predicates: inner.predicates,
      };
    }
    default:
      return containsOuter(plan) ? null : { plan, predicates: [] };
  }
}

function containsOuter(plan: LogicalPlan): boolean {
  let found = false;
  transformUp(plan, (p) => {
    if (found) return p;
    const exprs: Expr[] = [];
    if (p.kind === 'Filter') exprs.push(p.condition);
    if (p.kind === 'Project') exprs.push(...p.projectList);
    if (p.kind === 'Aggregate') exprs.push(...p.groupingExprs, ...p.aggregateExprs);
    if (p.kind === 'Join' && p.condition) exprs.push(p.condition);
    if (exprs.some(hasOuterReference)) found = true;
    return p;
  });
  return found;
}

/** A subquery plan reading the same relation as the outer query gets fresh ids on its output. */
export function dedupSubqueryOutput(
  outer: LogicalPlan,
  sub: LogicalPlan,
  predicates: Expr[],
  ctx: OptimizerContext,
): { plan: LogicalPlan; predicates: Expr[]; output: readonly AttributeRef[] } {
  const outerIds = new Set(outputOf(outer).map((a) => a.id));
  const out = outputOf(sub);
  if (!out.some((a) => outerIds.has(a.id))) return { plan: sub, predicates, output: out };
  const mapping = new Map<number, AttributeRef>();
  const list = out.map((a) => {
    const alias: NamedExpr = { kind: 'Alias', child: a, name: a.name, id: ctx.nextExprId() };
    mapping.set(a.id, toAttribute(alias));
    return alias;
  });
  // Predicates referring to subquery columns must now use the fresh ids; outer columns keep theirs.
  const remap = (e: Expr) =>
    transformExprUp(e, (x) =>
      x.kind === 'AttributeReference' && mapping.has(x.id) ? mapping.get(x.id)! : x,
    );
  return {
    plan: { kind: 'Project', projectList: list, child: sub },
    predicates: predicates.map(remap),
    output: list.map(toAttribute),
  };
}
