// The output attributes of every physical node, in column order.

import { assertNever } from '@flint/common';
import { dataTypeOf, nullableOf, type AttributeRef, type NamedExpr, type PhysicalPlan } from '@flint/planner';

/** The attribute a named expression produces. */
export function toAttribute(e: NamedExpr): AttributeRef {
  if (e.kind === 'AttributeReference') return e;
  return {
    kind: 'AttributeReference',
    id: e.id,
    name: e.name,
    dataType: dataTypeOf(e.child),
    nullable: nullableOf(e.child),
    qualifier: e.qualifier ?? [],
  };
}

export function outputOf(plan: PhysicalPlan): readonly AttributeRef[] {
  switch (plan.kind) {
    case 'LocalTableScan':
    case 'RangeExec':
    case 'FileSourceScan':
    case 'InMemoryTableScan':
    case 'HashAggregate':
    case 'HashJoin':
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
      return outputOf(plan.child);
    case 'WindowExec':
      return [...outputOf(plan.child), ...plan.windowExprs.map(toAttribute)];
    case 'GenerateExec':
      return [...outputOf(plan.child), ...plan.generatorOutput];
    default:
      return assertNever(plan, 'physical plan');
  }
}
