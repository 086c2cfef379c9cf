// PushDownPredicates: moves filter conjuncts toward the scans.
//   Filter c (Project [a AS b] x) -> Project [a AS b] (Filter c[b := a] x)
//   Filter (l.k = 1 AND r.v > 2) (Join l r) -> Join (Filter l.k = 1 l) (Filter r.v > 2 r)   (inner)
//   Filter (k > 1) (Aggregate [k] ...) -> Aggregate [k] (Filter (k > 1) ...)
//   Filter c (SubqueryAlias t x) -> SubqueryAlias t (Filter c x)
// Only deterministic conjuncts move; what cannot move stays above.

import type { Expr } from '../../expr.js';
import type { LogicalPlan } from '../../logical-plan.js';
import { outputOf } from '../../plan-output.js';
import type { Rule } from '../rule.js';
import {
  andAll,
  hasSubquery,
  isDeterministic,
  referencedIds,
  splitConjuncts,
  transformDown,
  transformExprUp,
} from '../plan-transform.js';

function subsetOf(ids: Set<number>, plan: LogicalPlan): boolean {
  const out = new Set(outputOf(plan).map((a) => a.id));
  for (const id of ids) if (!out.has(id)) return false;
  return true;
}

function filterOver(cond: Expr | null, child: LogicalPlan): LogicalPlan {
  return cond ? { kind: 'Filter', condition: cond, child } : child;
}

function pushThroughJoin(
  conjuncts: Expr[],
  join: Extract<LogicalPlan, { kind: 'Join' }>,
): LogicalPlan | null {
  const { left, right, joinType } = join;
  const toLeft: Expr[] = [];
  const toRight: Expr[] = [];
  const stay: Expr[] = [];
  const canLeft =
    joinType === 'Inner' ||
    joinType === 'Cross' ||
    joinType === 'LeftOuter' ||
    joinType === 'LeftSemi' ||
    joinType === 'LeftAnti';
  const canRight = joinType === 'Inner' || joinType === 'Cross' || joinType === 'RightOuter';
  const toJoin: Expr[] = [];
  const inner = joinType === 'Inner' || joinType === 'Cross';
  const both = (ids: Set<number>) => {
    const out = new Set([...outputOf(left), ...outputOf(right)].map((a) => a.id));
    for (const id of ids) if (!out.has(id)) return false;
    return true;
  };
  for (const c of conjuncts) {
    const ids = referencedIds(c);
    // A subquery predicate goes down to the side whose columns it reads (as Spark's: it then becomes
    // a semi or anti join there, before the other joins), never into a join condition.
    const subquery = hasSubquery(c);
    if (!isDeterministic(c)) stay.push(c);
    else if (canLeft && ids.size > 0 && subsetOf(ids, left)) toLeft.push(c);
    else if (canRight && ids.size > 0 && subsetOf(ids, right)) toRight.push(c);
    else if (subquery) stay.push(c);
    // A predicate over both sides of an inner join is part of the join's condition.
    else if (inner && ids.size > 0 && both(ids)) toJoin.push(c);
    else stay.push(c);
  }
  if (toLeft.length === 0 && toRight.length === 0 && toJoin.length === 0) return null;
  const condition = andAll([...(join.condition ? [join.condition] : []), ...toJoin]);
  const newJoin: LogicalPlan = {
    ...join,
    joinType: inner && condition ? 'Inner' : joinType,
    condition,
    left: filterOver(andAll(toLeft), left),
    right: filterOver(andAll(toRight), right),
  };
  return filterOver(andAll(stay), newJoin);
}

/** Inner-join conditions that touch one side only are filters on that side. */
function pushJoinCondition(join: Extract<LogicalPlan, { kind: 'Join' }>): LogicalPlan {
  if (!join.condition) return join;
  const jt = join.joinType;
  const leftOk = jt === 'Inner' || jt === 'Cross' || jt === 'RightOuter' || jt === 'LeftSemi';
  const rightOk =
    jt === 'Inner' || jt === 'Cross' || jt === 'LeftOuter' || jt === 'LeftSemi' || jt === 'LeftAnti';
  const toLeft: Expr[] = [];
  const toRight: Expr[] = [];
  const stay: Expr[] = [];
  for (const c of splitConjuncts(join.condition)) {
    const ids = referencedIds(c);
    if (!isDeterministic(c) || hasSubquery(c) || ids.size === 0) stay.push(c);
    else if (leftOk && subsetOf(ids, join.left)) toLeft.push(c);
    else if (rightOk && subsetOf(ids, join.right)) toRight.push(c);
    else stay.push(c);
  }
  if (toLeft.length === 0 && toRight.length === 0) return join;
  return {
    ...join,
    left: filterOver(andAll(toLeft), join.left),
    right: filterOver(andAll(toRight), join.right),
    condition: andAll(stay),
  };
}

export const pushDownPredicates: Rule = {
  name: 'PushDownPredicates',
  apply(plan) {
    return transformDown(plan, (p) => {
      if (p.kind === 'Join') return pushJoinCondition(p);
      if (p.kind !== 'Filter') return p;
      const child = p.child;
      const conjuncts = splitConjuncts(p.condition);
      switch (child.kind) {
        case 'SubqueryAlias':
          return { ...child, child: { kind: 'Filter', condition: p.condition, child: child.child } };
        case 'Project': {
          if (!child.projectList.every((e) => isDeterministic(e))) return p;
          if (hasSubquery(p.condition)) return p;
          const aliases = new Map<number, Expr>();
          for (const e of child.projectList) if (e.kind === 'Alias') aliases.set(e.id, e.child);
          // Do not push through a project that computes window or aggregate values.
          for (const v of aliases.values())
            if (v.kind === 'WindowExpression' || v.kind === 'AggregateExpression') return p;
          const cond = transformExprUp(p.condition, (x) =>
            x.kind === 'AttributeReference' && aliases.has(x.id) ? aliases.get(x.id)! : x,
          );
          return { ...child, child: { kind: 'Filter', condition: cond, child: child.child } };
        }
        case 'Join':
          return pushThroughJoin(conjuncts, child) ?? p;
        case 'Aggregate': {
          const groupIds = new Set<number>();
          for (const g of child.groupingExprs) if (g.kind === 'AttributeReference') groupIds.add(g.id);
          const outIds = new Map<number, number>();
          for (const e of child.aggregateExprs) {
            if (e.kind === 'AttributeReference' && groupIds.has(e.id)) outIds.set(e.id, e.id);
          }
          if (child.groupingExprs.length === 0) return p;
          const down: Expr[] = [];
          const stay: Expr[] = [];
          for (const c of conjuncts) {
            const ids = referencedIds(c);
            if (
              isDeterministic(c) &&
              !hasSubquery(c) &&
              ids.size > 0 &&
              [...ids].every((id) => outIds.has(id))
            )
              down.push(c);
            else stay.push(c);
          }
          if (down.length === 0) return p;
          return filterOver(andAll(stay), { ...child, child: filterOver(andAll(down), child.child) });
        }
        case 'Union': {
          if (!isDeterministic(p.condition) || hasSubquery(p.condition)) return p;
          const first = outputOf(child);
          return {
            ...child,
            children: child.children.map((c) => {
              const out = outputOf(c);
              const map = new Map(first.map((a, i) => [a.id, out[i]!]));
              return {
                kind: 'Filter',
                condition: transformExprUp(p.condition, (x) =>
                  x.kind === 'AttributeReference' && map.has(x.id) ? map.get(x.id)! : x,
                ),
                child: c,
              };
            }),
          };
        }
        default:
          return p;
      }
    });
  },
};
