// ReorderJoin: a chain of inner and cross joins under filters is rebuilt so that, from the first
// relation on, each join takes the first remaining relation that a condition connects to what is
// already joined — Spark's order without statistics. `FROM part, supplier, lineitem WHERE ...`
// then never starts with a cartesian product of part and supplier.
//   Filter (a.k = c.k AND b.j = c.j) (Join Cross (Join Cross a b) c)
//     -> Join Inner (Join Inner a c ON a.k = c.k) b ON b.j = c.j

import type { Expr } from '../../expr.js';
import type { JoinType, LogicalPlan } from '../../logical-plan.js';
import { NO_HINT } from '../../logical-plan.js';
import { outputIds } from '../../plan-output.js';
import type { Rule } from '../rule.js';
import {
  andAll,
  hasSubquery,
  isDeterministic,
  referencedIds,
  splitConjuncts,
  transformDown,
  withOutputOf,
} from '../plan-transform.js';

type InnerLike = Extract<JoinType, 'Inner' | 'Cross'>;

/** A relation of an inner-join chain, and how it was joined to the ones before it. */
export interface Item {
  readonly plan: LogicalPlan;
  readonly joinType: InnerLike;
}

function isInnerLike(t: JoinType): t is InnerLike {
  return t === 'Inner' || t === 'Cross';
}

function hasHint(p: Extract<LogicalPlan, { kind: 'Join' }>): boolean {
  return p.hint.leftHint !== undefined || p.hint.rightHint !== undefined;
}

/** Spark's ExtractFiltersAndInnerJoins: the relations of a left-deep inner-join chain and every condition over them. */
export function flatten(plan: LogicalPlan, parentType: InnerLike): { items: Item[]; conditions: Expr[] } {
  if (plan.kind === 'Join' && isInnerLike(plan.joinType) && !hasHint(plan)) {
    const left = flatten(plan.left, plan.joinType);
    return {
      items: [...left.items, { plan: plan.right, joinType: plan.joinType }],
      conditions: [...left.conditions, ...(plan.condition ? splitConjuncts(plan.condition) : [])],
    };
  }
  if (
    plan.kind === 'Filter' &&
    isDeterministic(plan.condition) &&
    plan.child.kind === 'Join' &&
    isInnerLike(plan.child.joinType) &&
    !hasHint(plan.child)
  ) {
    const inner = flatten(plan.child, parentType);
    return { items: inner.items, conditions: [...inner.conditions, ...splitConjuncts(plan.condition)] };
  }
  return { items: [{ plan, joinType: parentType }], conditions: [] };
}

export function within(ids: ReadonlySet<number>, available: ReadonlySet<number>): boolean {
  for (const id of ids) if (!available.has(id)) return false;
  return true;
}

/** Spark's canEvaluateWithinJoin, for what this engine keeps in a join condition. */
function canEvaluateWithinJoin(e: Expr): boolean {
  return isDeterministic(e) && !hasSubquery(e);
}

/** A join that got a condition is an inner join, whatever comma or CROSS JOIN it came from. */
function join(
  left: LogicalPlan,
  right: LogicalPlan,
  joinType: InnerLike,
  conditions: readonly Expr[],
): LogicalPlan {
  const condition = andAll(conditions);
  return { kind: 'Join', left, right, joinType: condition ? 'Inner' : joinType, condition, hint: NO_HINT };
}

/** Spark's createOrderedJoin. */
export function orderedJoin(items: readonly Item[], conditions: readonly Expr[]): LogicalPlan {
  if (items.length === 2) {
    const [a, b] = items as [Item, Item];
    const inJoin = conditions.filter(canEvaluateWithinJoin);
    const others = conditions.filter((c) => !canEvaluateWithinJoin(c));
    const joinType = a.joinType === 'Inner' && b.joinType === 'Inner' ? 'Inner' : 'Cross';
    const joined = join(a.plan, b.plan, joinType, inJoin);
    return others.length > 0 ? { kind: 'Filter', condition: andAll(others)!, child: joined } : joined;
  }
  const [left, ...rest] = items as [Item, ...Item[]];
  const leftIds = outputIds(left.plan);
  // The first relation that a condition links to `left` (a condition of one side alone does not count).
  const linked = rest.find((item) => {
    const itemIds = outputIds(item.plan);
    const both = new Set([...leftIds, ...itemIds]);
    return conditions.some((c) => {
      const refs = referencedIds(c);
      if (refs.size === 0) return false;
      return !within(refs, leftIds) && !within(refs, itemIds) && within(refs, both);
    });
  });
  const right = linked ?? rest[0]!;
  const joinedIds = new Set([...leftIds, ...outputIds(right.plan)]);
  const now = conditions.filter((c) => within(referencedIds(c), joinedIds) && canEvaluateWithinJoin(c));
  const later = conditions.filter((c) => !now.includes(c));
  const joined = join(left.plan, right.plan, right.joinType, now);
  return orderedJoin([{ plan: joined, joinType: 'Inner' }, ...rest.filter((r) => r !== right)], later);
}

export const reorderJoin: Rule = {
  name: 'ReorderJoin',
  apply(plan) {
    // Top-down, as Spark: the whole chain is ordered at its top; its (already ordered) sub-chains keep their order.
    return transformDown(plan, (p) => {
      if (p.kind !== 'Filter' && p.kind !== 'Join') return p;
      if (p.kind === 'Filter' && p.child.kind !== 'Join') return p;
      const { items, conditions } = flatten(p, 'Inner');
      if (items.length <= 2 || conditions.length === 0) return p;
      return withOutputOf(p, orderedJoin(items, conditions));
    });
  },
};
