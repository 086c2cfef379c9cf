// The output attributes of every physical node, in column order.

import { assertNever } from '@flint/common';
import { toAttribute, type AttributeRef, type PhysicalPlan } from '@flint/planner';

export { toAttribute };

export function outputOf(plan: PhysicalPlan): readonly AttributeRef[] {
  switch (plan.kind) {
    case 'LocalTableScan':
    case 'RangeExec':
    case 'FileSourceScan':
    case 'InMemoryTableScan':
    case 'HashAggregate':
    case 'HashJoin':
    case 'SortMergeJoin':
    case 'NestedLoopJoin':
    case 'UnionExec':
    case 'ExpandExec':
    case 'UnionLoopExec':
    case 'UnionLoopRefExec':
      return plan.output;
    case 'ProjectExec':
    case 'TakeOrderedAndProject':
      return plan.projectList.map(toAttribute);
    case 'FilterExec':
    case 'SortExec':
    case 'LocalLimit':
    case 'GlobalLimit':
    case 'ShuffleExchange':
    case 'BroadcastExchange':
    case 'CoalesceExec':
    case 'WindowGroupLimitExec':
      return outputOf(plan.child);
    case 'WindowExec':
      return [...outputOf(plan.child), ...plan.windowExprs.map(toAttribute)];
    case 'GenerateExec':
      return [...outputOf(plan.child), ...plan.generatorOutput];
    default:
      return assertNever(plan, 'physical plan');
  }
}

/**
 * The id in a projection's or aggregation's input of its output attribute `id`, where that is a column
 * passed on (projected, or grouped by), perhaps renamed; null for a computed one.
 */
export function inputIdOf(
  node: Extract<PhysicalPlan, { kind: 'ProjectExec' | 'HashAggregate' }>,
  id: number,
): number | null {
  const e = (node.kind === 'ProjectExec' ? node.projectList : node.groupingExprs).find((x) => x.id === id);
  if (e?.kind === 'AttributeReference') return e.id;
  return e?.kind === 'Alias' && e.child.kind === 'AttributeReference' ? e.child.id : null;
}
