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
