// BooleanSimplification (the part that matters for joins): conjuncts common to both sides of an OR
// are factored out, so that a join key repeated in every branch becomes a real join condition.
//   (a AND b) OR (a AND c) -> a AND (b OR c)
//   (a AND b) OR a         -> a
// TPC-H Q19 repeats `p_partkey = l_partkey` in each branch; without this it is a cartesian product.

import type { Expr } from '../../expr.js';
import { semanticEquals } from '../../analyzer/analyzer.js';
import type { Rule } from '../rule.js';
import {
  andAll,
  isDeterministic,
  mapPlanExpressions,
  splitConjuncts,
  transformExprUp,
  transformUp,
} from '../plan-transform.js';

function factorOr(e: Expr): Expr {
  if (e.kind !== 'Or' || !isDeterministic(e)) return e;
  const lhs = splitConjuncts(e.left);
  const rhs = splitConjuncts(e.right);
  const common = lhs.filter((l) => rhs.some((r) => semanticEquals(l, r)));
  if (common.length === 0) return e;
  const isCommon = (x: Expr): boolean => common.some((c) => semanticEquals(c, x));
  const leftRest = andAll(lhs.filter((x) => !isCommon(x)));
  const rightRest = andAll(rhs.filter((x) => !isCommon(x)));
  // One side is implied by the common part alone: (a AND b) OR a is a.
  if (leftRest === null || rightRest === null) return andAll(common)!;
  return andAll([...common, { kind: 'Or', left: leftRest, right: rightRest }])!;
}

export const booleanSimplification: Rule = {
  name: 'BooleanSimplification',
  apply(plan) {
    return transformUp(plan, (p) => mapPlanExpressions(p, (e) => transformExprUp(e, factorOr)));
  },
};
