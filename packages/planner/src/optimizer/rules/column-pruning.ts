// ColumnPruning: every node keeps only the columns someone above reads; a file scan then reads only
// those columns, a scan of cached rows passes on only those.
//   Project [a] (Project [a, b, c + 1 AS d] (Relation [a, b, c])) -> Project [a] (Project [a] (Relation [a]))

import type { AttributeRef, Expr } from '../../expr.js';
import type { LogicalPlan } from '../../logical-plan.js';
import { outputOf } from '../../plan-output.js';
import { planChildren, planExpressions } from '../../analyzer/resolve-expr.js';
import type { Rule } from '../rule.js';
import { isDeterministic, referencedIds, withChildren } from '../plan-transform.js';

function prune(plan: LogicalPlan, required: Set<number>): LogicalPlan {
  switch (plan.kind) {
    case 'Project': {
      const kept = plan.projectList.filter((e) => required.has(e.id) || !isDeterministic(e));
      const list = kept.length > 0 ? kept : plan.projectList.slice(0, 1);
      const need = new Set<number>();
      list.forEach((e) => referencedIds(e, need));
      const child = prune(plan.child, need);
      if (list.length === plan.projectList.length && child === plan.child) return plan;
      return { ...plan, projectList: list, child };
    }
    case 'LogicalRelation': {
      // In-memory rows only when their columns can be found by id (a cache keeps its plan's ids).
      if (plan.source.kind === 'Memory' && plan.source.attributeIds === undefined) return plan;
      const kept = plan.output.filter((a) => required.has(a.id));
      const output: readonly AttributeRef[] = kept.length > 0 ? kept : plan.output.slice(0, 1);
      return output.length === plan.output.length ? plan : { ...plan, output };
    }
    case 'Aggregate': {
      const need = new Set<number>();
      plan.groupingExprs.forEach((e) => referencedIds(e, need));
      plan.aggregateExprs.forEach((e) => referencedIds(e, need));
      const child = prunedChild(plan.child, need);
      return child === plan.child ? plan : { ...plan, child };
    }
    case 'Union': {
      // Positional: keep every column (pruning would need all children to agree).
      const children = plan.children.map((c) => prune(c, new Set(outputOf(c).map((a) => a.id))));
      return withChildren(plan, children);
    }
    case 'Intersect':
    case 'Except':
    case 'Distinct':
    case 'Deduplicate':
    case 'Expand': {
      const children = planChildren(plan).map((c) => prune(c, new Set(outputOf(c).map((a) => a.id))));
      return withChildren(plan, children);
    }
    default: {
      const need = new Set(required);
      planExpressions(plan).forEach((e: Expr) => referencedIds(e, need));
      if (plan.kind === 'Join') {
        return withChildren(plan, [prunedChild(plan.left, need), prunedChild(plan.right, need)]);
      }
      if (
        plan.kind === 'Window' ||
        plan.kind === 'Generate' ||
        plan.kind === 'Sort' ||
        plan.kind === 'Filter' ||
        plan.kind === 'Limit' ||
        plan.kind === 'SubqueryAlias' ||
        plan.kind === 'Repartition'
      ) {
        const children = planChildren(plan).map((c) => prune(c, need));
        return withChildren(plan, children);
      }
      return plan;
    }
  }
}

/**
 * Spark's prunedChild: a join or aggregate input that would still pass on columns nobody reads gets a
 * Project keeping only the read ones, so that join after join does not carry (and copy) every key
 * and column of the tables joined before.
 */
function prunedChild(child: LogicalPlan, required: Set<number>): LogicalPlan {
  const pruned = prune(child, required);
  const out = outputOf(pruned);
  const kept = out.filter((a) => required.has(a.id));
  if (kept.length === out.length || kept.length === 0) return pruned;
  return { kind: 'Project', projectList: kept, child: pruned };
}

export const columnPruning: Rule = {
  name: 'ColumnPruning',
  apply(plan) {
    return prune(plan, new Set(outputOf(plan).map((a) => a.id)));
  },
};
