// PushLeftSemiLeftAntiThroughJoin (Spark's rule): a semi or anti join over an inner or outer join
// whose condition reads only one side of that join (and the semi join's right side) moves down to
// that side, so it thins the side before the join rather than the join's output.
//   Join LeftSemi (Join Inner a b) r ON b.k = r.k   ->   Join Inner a (Join LeftSemi b r ON b.k = r.k)
// Sound because it keeps or drops each row of the side by that row's values alone. An outer join's
// null-extended rows are not the side's rows: the semi join moves only to its preserved side. The
// DataFrame form of TPC-H Q18 joins customer to orders before its semi join to the large orders, and
// shuffled all 1.5M joined rows with their names to keep 57.

import type { Expr } from '../../expr.js';
import type { LogicalPlan } from '../../logical-plan.js';
import { outputIds } from '../../plan-output.js';
import type { Rule } from '../rule.js';
import {
  hasSubquery,
  isDeterministic,
  referencedIds,
  splitConjuncts,
  transformExprUp,
  transformUp,
} from '../plan-transform.js';

type Join = Extract<LogicalPlan, { kind: 'Join' }>;

/** Which side of `below` the semi or anti join on `condition` against `right` can move to. */
function direction(below: Join, right: LogicalPlan, condition: Expr | null): 'left' | 'right' | null {
  const t = below.joinType;
  const toLeft = t === 'Inner' || t === 'Cross' || t === 'LeftOuter';
  const toRight = t === 'Inner' || t === 'Cross' || t === 'RightOuter';
  if (condition === null) return toLeft ? 'left' : toRight ? 'right' : null;
  const leftIds = outputIds(below.left);
  const rightIds = outputIds(below.right);
  const rIds = outputIds(right);
  const within = (e: Expr, side: Set<number>) =>
    [...referencedIds(e)].every((id) => side.has(id) || rIds.has(id));
  const conjuncts = splitConjuncts(condition);
  if (toLeft && conjuncts.every((c) => within(c, leftIds))) return 'left';
  if (toRight && conjuncts.every((c) => within(c, rightIds))) return 'right';
  return null;
}

/**
 * The semi or anti join moved below a projection of deterministic expressions (Spark's
 * PushDownLeftSemiAntiJoin), its condition reading the projected expressions in place of their
 * aliases; null when it cannot move.
 */
function throughProject(p: Join): LogicalPlan | null {
  const project = p.left;
  if (project.kind !== 'Project' || !project.projectList.every(isDeterministic)) return null;
  const aliased = new Map<number, Expr>();
  for (const e of project.projectList) if (e.kind === 'Alias') aliased.set(e.id, e.child);
  const condition =
    p.condition === null
      ? null
      : transformExprUp(p.condition, (e) => (e.kind === 'AttributeReference' ? (aliased.get(e.id) ?? e) : e));
  return { ...project, child: { ...p, left: project.child, condition } };
}

/** Whether a join is under `p` past projections and subquery aliases. */
function leadsToJoin(p: LogicalPlan): boolean {
  if (p.kind === 'Join') return true;
  return (p.kind === 'Project' || p.kind === 'SubqueryAlias') && leadsToJoin(p.child);
}

export const pushLeftSemiAntiThroughJoin: Rule = {
  name: 'PushLeftSemiLeftAntiThroughJoin',
  apply(plan) {
    return transformUp(plan, (p) => {
      if (p.kind !== 'Join' || (p.joinType !== 'LeftSemi' && p.joinType !== 'LeftAnti')) return p;
      if (p.runtimeFilter === true || p.lateral === true) return p;
      if (p.condition !== null && (!isDeterministic(p.condition) || hasSubquery(p.condition))) return p;
      // Through a projection or a subquery alias only when a join is below to move through next.
      const under = p.left;
      if ((under.kind === 'Project' || under.kind === 'SubqueryAlias') && leadsToJoin(under.child)) {
        if (under.kind === 'SubqueryAlias') return { ...under, child: { ...p, left: under.child } };
        return throughProject(p) ?? p;
      }
      const below = p.left;
      if (below.kind !== 'Join' || below.lateral === true) return p;
      // A hinted join keeps its children as the hint names them.
      if (below.hint.leftHint !== undefined || below.hint.rightHint !== undefined) return p;
      const to = direction(below, p.right, p.condition);
      if (to === null) return p;
      const moved: LogicalPlan = { ...p, left: to === 'left' ? below.left : below.right };
      return to === 'left' ? { ...below, left: moved } : { ...below, right: moved };
    });
  },
};
