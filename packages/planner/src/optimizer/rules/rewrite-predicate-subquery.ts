// RewritePredicateSubquery: [NOT] EXISTS and [NOT] IN subqueries that are conjuncts of a filter become
// semi and anti joins. Correlated predicates inside the subquery (t.a = outer.a) are pulled up into
// the join condition.
//   Filter (a IN (SELECT b FROM s)) t      -> Join LeftSemi t s ON a = b
//   Filter (NOT EXISTS (... WHERE s.k = t.k)) t -> Join LeftAnti t s ON s.k = t.k
// NOT IN is null-aware: a row whose value compares as NULL with any subquery value is dropped.

import type { AttributeRef, Expr, NamedExpr } from '../../expr.js';
import type { LogicalPlan } from '../../logical-plan.js';
import { NO_HINT } from '../../logical-plan.js';
import { outputOf, toAttribute } from '../../plan-output.js';
import type { OptimizerContext, Rule } from '../rule.js';
import { andAll, splitConjuncts, transformExprUp, transformUp } from '../plan-transform.js';
import { freeOuterAttrs } from './subquery-correlation.js';

function hasOuter(e: Expr): boolean {
  let found = false;
  transformExprUp(e, (x) => {
    if (x.kind === 'OuterReference') found = true;
    return x;
  });
  return found;
}

function stripOuter(e: Expr): Expr {
  return transformExprUp(e, (x) => (x.kind === 'OuterReference' ? x.attr : x));
}

/** Removes correlated conjuncts from the subquery; null when the correlation is out of reach. */
function decorrelate(plan: LogicalPlan): { plan: LogicalPlan; predicates: Expr[] } | null {
  switch (plan.kind) {
    case 'Filter': {
      const inner = decorrelate(plan.child);
      if (!inner) return null;
      const keep: Expr[] = [];
      const pulled: Expr[] = [...inner.predicates];
      for (const c of splitConjuncts(plan.condition))
        (hasOuter(c) ? pulled : keep).push(hasOuter(c) ? stripOuter(c) : c);
      const cond = andAll(keep);
      return {
        plan: cond ? { ...plan, condition: cond, child: inner.plan } : inner.plan,
        predicates: pulled,
      };
    }
    case 'Project': {
      if (plan.projectList.some(hasOuter)) return null;
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
    if (exprs.some(hasOuter)) found = true;
    return p;
  });
  return found;
}

/** A subquery plan reading the same relation as the outer query gets fresh ids on its output. */
function dedup(
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

function rewriteConjunct(c: Expr, child: LogicalPlan, ctx: OptimizerContext): LogicalPlan | null {
  const negated = c.kind === 'Not';
  const e = negated ? c.child : c;
  if (e.kind !== 'Exists' && e.kind !== 'InSubquery') return null;
  const d = decorrelate(e.plan);
  // Correlation left inside (e.g. through a nested subquery) is evaluated at run time instead.
  if (!d || freeOuterAttrs(d.plan).length > 0) return null;
  const { plan: sub, predicates, output } = dedup(child, d.plan, d.predicates, ctx);
  const conds: Expr[] = [...predicates];
  if (e.kind === 'InSubquery') {
    e.values.forEach((v, i) => {
      const eq: Expr = { kind: 'Comparison', op: 'EqualTo', left: v, right: output[i]! };
      conds.push(negated ? { kind: 'Or', left: eq, right: { kind: 'IsNull', child: eq } } : eq);
    });
  }
  return {
    kind: 'Join',
    left: child,
    right: sub,
    joinType: negated ? 'LeftAnti' : 'LeftSemi',
    condition: andAll(conds),
    hint: NO_HINT,
  };
}

export const rewritePredicateSubquery: Rule = {
  name: 'RewritePredicateSubquery',
  apply(plan, ctx) {
    return transformUp(plan, (p) => {
      if (p.kind !== 'Filter') return p;
      let child = p.child;
      const rest: Expr[] = [];
      let changed = false;
      for (const c of splitConjuncts(p.condition)) {
        const joined = rewriteConjunct(c, child, ctx);
        if (joined) {
          child = joined;
          changed = true;
        } else rest.push(c);
      }
      if (!changed) return p;
      const cond = andAll(rest);
      return cond ? { kind: 'Filter', condition: cond, child } : child;
    });
  },
};
