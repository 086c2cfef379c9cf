// Correlation helpers shared by the subquery rewrites and the session's run-time subquery evaluation:
// which outer columns a subquery plan really reads (looking into nested subqueries too), and binding
// those columns to values.

import type { AttributeRef, Expr, ExprId } from '../../expr.js';
import type { LogicalPlan } from '../../logical-plan.js';
import { outputOf } from '../../plan-output.js';
import { planChildren, planExpressions } from '../../analyzer/resolve-expr.js';
import { mapChildren } from '../../parser-bridge/ast-to-plan.js';
import { mapPlanExpressions, transformExprUp, transformUp } from '../plan-transform.js';

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
