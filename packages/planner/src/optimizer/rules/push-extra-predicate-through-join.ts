// PushExtraPredicateThroughJoin: a join condition over both sides may still imply a filter on one side,
// which then runs before the join. As Spark, from each conjunct that reads both sides, the parts that
// read one side alone are kept (an AND keeps what it can, an OR only when both branches give one):
//   Join (n1.name = 'FRANCE' AND n2.name = 'GERMANY' OR n1.name = 'GERMANY' AND n2.name = 'FRANCE')
//     -> Join (Filter (n1.name = 'FRANCE' OR n1.name = 'GERMANY') n1) (Filter (...) n2), same condition
// The condition stays as it is. Spark marks a join once processed; here the rule runs once, in its own
// batch, and the predicates it adds are pushed further by the next operator-optimization batch.

import type { Expr } from '../../expr.js';
import type { JoinType } from '../../logical-plan.js';
import { outputOf } from '../../plan-output.js';
import type { Rule } from '../rule.js';
import {
  andAll,
  hasSubquery,
  isDeterministic,
  referencedIds,
  splitConjuncts,
  transformUp,
} from '../plan-transform.js';

function within(ids: ReadonlySet<number>, available: ReadonlySet<number>): boolean {
  for (const id of ids) if (!available.has(id)) return false;
  return true;
}

/** Spark's extractPredicatesWithinOutputSet: what `e` implies about the columns in `available`. */
function implied(e: Expr, available: ReadonlySet<number>): Expr | null {
  if (e.kind === 'And') {
    const l = implied(e.left, available);
    const r = implied(e.right, available);
    return l !== null && r !== null ? { kind: 'And', left: l, right: r } : (l ?? r);
  }
  if (e.kind === 'Or') {
    const l = implied(e.left, available);
    const r = implied(e.right, available);
    return l !== null && r !== null ? { kind: 'Or', left: l, right: r } : null;
  }
  return within(referencedIds(e), available) ? e : null;
}

/** The sides a join type lets a filter be pushed to: rows the join keeps unmatched must not be filtered. */
function pushableSides(t: JoinType): { left: boolean; right: boolean } {
  switch (t) {
    case 'Inner':
    case 'Cross':
    case 'LeftSemi':
      return { left: true, right: true };
    case 'RightOuter':
      return { left: true, right: false };
    case 'LeftOuter':
    case 'LeftAnti':
      return { left: false, right: true };
    case 'FullOuter':
      return { left: false, right: false };
  }
}

export const pushExtraPredicateThroughJoin: Rule = {
  name: 'PushExtraPredicateThroughJoin',
  apply(plan) {
    return transformUp(plan, (p) => {
      if (p.kind !== 'Join' || p.condition === null) return p;
      const sides = pushableSides(p.joinType);
      if (!sides.left && !sides.right) return p;
      const leftIds = new Set(outputOf(p.left).map((a) => a.id));
      const rightIds = new Set(outputOf(p.right).map((a) => a.id));
      const bothSides = splitConjuncts(p.condition).filter((c) => {
        if (!isDeterministic(c) || hasSubquery(c)) return false;
        const ids = referencedIds(c);
        return ids.size > 0 && !within(ids, leftIds) && !within(ids, rightIds);
      });
      const extract = (ids: ReadonlySet<number>): Expr | null =>
        andAll(bothSides.map((c) => implied(c, ids)).filter((e): e is Expr => e !== null));
      const toLeft = sides.left ? extract(leftIds) : null;
      const toRight = sides.right ? extract(rightIds) : null;
      if (toLeft === null && toRight === null) return p;
      return {
        ...p,
        left: toLeft === null ? p.left : { kind: 'Filter', condition: toLeft, child: p.left },
        right: toRight === null ? p.right : { kind: 'Filter', condition: toRight, child: p.right },
      };
    });
  },
};
