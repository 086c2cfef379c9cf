// RewritePredicateSubquery: [NOT] EXISTS and [NOT] IN subqueries that are conjuncts of a filter become
// semi and anti joins. Correlated predicates inside the subquery (t.a = outer.a) are pulled up into
// the join condition.
//   Filter (a IN (SELECT b FROM s)) t      -> Join LeftSemi t s ON a = b
//   Filter (NOT EXISTS (... WHERE s.k = t.k)) t -> Join LeftAnti t s ON s.k = t.k
// NOT IN is null-aware: a row whose value compares as NULL with any subquery value is dropped.

import type { Expr } from '../../expr.js';
import type { LogicalPlan } from '../../logical-plan.js';
import { NO_HINT } from '../../logical-plan.js';
import type { OptimizerContext, Rule } from '../rule.js';
import { andAll, splitConjuncts, transformUp } from '../plan-transform.js';
import { decorrelate, dedupSubqueryOutput, freeOuterAttrs } from './subquery-correlation.js';

function rewriteConjunct(c: Expr, child: LogicalPlan, ctx: OptimizerContext): LogicalPlan | null {
  const negated = c.kind === 'Not';
  const e = negated ? c.child : c;
  if (e.kind !== 'Exists' && e.kind !== 'InSubquery') return null;
  const d = decorrelate(e.plan);
  // Correlation left inside (e.g. through a nested subquery) is evaluated at run time instead.
  if (!d || freeOuterAttrs(d.plan).length > 0) return null;
  // The subquery's own IN / EXISTS conjuncts become joins too (TPC-H Q20 nests one in another).
  const inner = rewritePredicateSubquery.apply(d.plan, ctx);
  const { plan: sub, predicates, output } = dedupSubqueryOutput(child, inner, d.predicates, ctx);
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
