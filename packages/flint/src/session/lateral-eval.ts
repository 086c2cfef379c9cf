// Run-time evaluation of LATERAL joins: the right side runs once per distinct value of the left-side
// columns it reads, with those bound to the values; the results, tagged with their key, become an
// in-memory relation joined back to the left side on the key (null-safe) and the original condition.

import type { Value } from '@flint/common';
import {
  andAll,
  bindOuterReferences,
  decorrelate,
  freeOuterAttrs,
  outputOf,
  planChildren,
  withChildren,
  type AttributeRef,
  type Expr,
  type LogicalPlan,
} from '@flint/planner';

/**
 * A lateral join whose right side reads the left only in filter conjuncts (Spark's decorrelation):
 * those conjuncts join the join condition and the right side runs once, as a plain inner or left
 * outer join. Null when the correlation is elsewhere (an aggregate, a projection, ...), or the
 * right side shares column ids with the left.
 */
function decorrelatedJoin(node: Extract<LogicalPlan, { kind: 'Join' }>): LogicalPlan | null {
  if (node.joinType !== 'Inner' && node.joinType !== 'Cross' && node.joinType !== 'LeftOuter') return null;
  const d = decorrelate(node.right);
  if (d === null || d.predicates.length === 0 || freeOuterAttrs(d.plan).length > 0) return null;
  const leftOut = outputOf(node.left);
  const leftIds = new Set(leftOut.map((a) => a.id));
  if (outputOf(d.plan).some((a) => leftIds.has(a.id))) return null;
  const condition = andAll([...(node.condition === null ? [] : [node.condition]), ...d.predicates]);
  const joinType = node.joinType === 'LeftOuter' ? 'LeftOuter' : 'Inner';
  const { lateral: _lateral, ...plain } = node;
  const join: LogicalPlan = { ...plain, right: d.plan, joinType, condition };
  return { kind: 'Project', projectList: [...leftOut, ...outputOf(node.right)], child: join };
}

export interface LateralRunner {
  /** Optimizes, plans and runs `plan`, returning its rows. */
  run(plan: LogicalPlan): Promise<Value[][]>;
  nextExprId(): number;
}

/** True when some Join of `plan` is lateral and its right side reads columns of its left side. */
export function hasLateralJoin(plan: LogicalPlan): boolean {
  if (plan.kind === 'Join' && plan.lateral === true) return true;
  return planChildren(plan).some(hasLateralJoin);
}

/** Replaces every correlated lateral join of `plan` (bottom-up) by a join with materialised rows. */
export async function expandLateralJoins(plan: LogicalPlan, runner: LateralRunner): Promise<LogicalPlan> {
  if (!hasLateralJoin(plan)) return plan;
  const children: LogicalPlan[] = [];
  for (const c of planChildren(plan)) children.push(await expandLateralJoins(c, runner));
  const node = withChildren(plan, children);
  if (node.kind !== 'Join' || node.lateral !== true) return node;
  const joined = decorrelatedJoin(node);
  if (joined !== null) return joined;
  const leftOut = outputOf(node.left);
  const leftIds = new Map(leftOut.map((a) => [a.id, a]));
  const keys = freeOuterAttrs(node.right)
    .map((a) => leftIds.get(a.id))
    .filter((a): a is AttributeRef => a !== undefined);
  if (keys.length === 0) return node;
  const domain = await runner.run({
    kind: 'Distinct',
    child: { kind: 'Project', projectList: keys, child: node.left },
  });
  const rightOut = outputOf(node.right);
  const rows: Value[][] = [];
  for (const tuple of domain) {
    const bound = new Map<number, Expr>(
      keys.map((k, i) => [k.id, { kind: 'Literal', value: tuple[i] ?? null, dataType: k.dataType }]),
    );
    for (const r of await runner.run(bindOuterReferences(node.right, bound))) rows.push([...tuple, ...r]);
  }
  const keyCopies: AttributeRef[] = keys.map((k) => ({
    kind: 'AttributeReference',
    id: runner.nextExprId(),
    name: k.name,
    dataType: k.dataType,
    nullable: true,
    qualifier: [],
  }));
  const local: LogicalPlan = { kind: 'LocalRelation', output: [...keyCopies, ...rightOut], rows };
  let cond: Expr | null = node.condition;
  keys.forEach((k, i) => {
    const eq: Expr = { kind: 'Comparison', op: 'EqualNullSafe', left: k, right: keyCopies[i]! };
    cond = cond === null ? eq : { kind: 'And', left: eq, right: cond };
  });
  const joinType = node.joinType === 'Cross' ? 'Inner' : node.joinType;
  const join: LogicalPlan = {
    kind: 'Join',
    left: node.left,
    right: local,
    joinType,
    condition: cond,
    hint: node.hint,
  };
  const keep = joinType === 'LeftSemi' || joinType === 'LeftAnti' ? leftOut : [...leftOut, ...rightOut];
  return { kind: 'Project', projectList: keep, child: join };
}
