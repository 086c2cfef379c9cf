// The output attributes of a logical plan node, derived from the tree (never stored twice).

import { assertNever, InternalError } from '@flint/common';
import type { AttributeRef, Expr, NamedExpr } from './expr.js';
import { dataTypeOf, nullableOf } from './expr-type.js';
import type { LogicalPlan } from './logical-plan.js';

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

export function withNullability(attrs: readonly AttributeRef[], nullable: boolean): AttributeRef[] {
  return attrs.map((a) => (nullable && !a.nullable ? { ...a, nullable: true } : a));
}

/** The ids of a plan's output columns. */
export function outputIds(plan: LogicalPlan): Set<number> {
  return new Set(outputOf(plan).map((a) => a.id));
}

/** Outputs already derived: plans are immutable, and rules ask for the same nodes' outputs again and again. */
const outputs = new WeakMap<LogicalPlan, readonly AttributeRef[]>();

export function outputOf(plan: LogicalPlan): readonly AttributeRef[] {
  let out = outputs.get(plan);
  if (out === undefined) {
    out = derivedOutput(plan);
    outputs.set(plan, out);
  }
  return out;
}

function derivedOutput(plan: LogicalPlan): readonly AttributeRef[] {
  switch (plan.kind) {
    case 'LocalRelation':
    case 'Range':
    case 'LogicalRelation':
    case 'Expand':
    case 'InMemoryRelation':
    case 'UnionLoop':
    case 'UnionLoopRef':
      return plan.output;
    case 'OneRowRelation':
      return [];
    case 'Project':
      return plan.projectList.map(toAttribute);
    case 'Aggregate':
      return plan.aggregateExprs.map(toAttribute);
    case 'Filter':
    case 'Sort':
    case 'Limit':
    case 'Distinct':
    case 'Deduplicate':
    case 'Repartition':
    case 'WithCTE':
      return outputOf(plan.child);
    case 'Join': {
      const l = outputOf(plan.left);
      const r = outputOf(plan.right);
      switch (plan.joinType) {
        case 'LeftSemi':
        case 'LeftAnti':
          return l;
        case 'LeftOuter':
          return [...l, ...withNullability(r, true)];
        case 'RightOuter':
          return [...withNullability(l, true), ...r];
        case 'FullOuter':
          return [...withNullability(l, true), ...withNullability(r, true)];
        case 'Inner':
        case 'Cross':
          return [...l, ...r];
        default:
          return assertNever(plan.joinType, 'join type');
      }
    }
    case 'Union': {
      const first = outputOf(plan.children[0]!);
      const rest = plan.children.slice(1).map(outputOf);
      return first.map((a, i) => {
        const nullable = a.nullable || rest.some((o) => o[i]?.nullable === true);
        return nullable === a.nullable ? a : { ...a, nullable };
      });
    }
    case 'Intersect':
      return outputOf(plan.left).map((a, i) => {
        const r = outputOf(plan.right)[i];
        return a.nullable && r && !r.nullable ? { ...a, nullable: false } : a;
      });
    case 'Except':
      return outputOf(plan.left);
    case 'Window':
      return [...outputOf(plan.child), ...plan.windowExprs.map(toAttribute)];
    case 'Generate':
      return [...outputOf(plan.child), ...plan.generatorOutput];
    case 'SubqueryAlias':
      return outputOf(plan.child).map((a) => ({ ...a, qualifier: plan.alias }));
    case 'UnresolvedRelation':
    case 'UnresolvedInlineTable':
    case 'UnresolvedTableFunction':
    case 'UnresolvedColumnAliases':
    case 'UnresolvedGroupingSets':
    case 'UnresolvedHaving':
    case 'UnresolvedPivot':
    case 'UnresolvedUnpivot':
    case 'UnresolvedUsingJoin':
      throw new InternalError(`outputOf on unresolved ${plan.kind}`);
    default:
      return assertNever(plan, 'logical plan');
  }
}

/** True when an expression tree holds no unresolved node. */
export function isResolvedExpr(e: Expr): boolean {
  return !e.kind.startsWith('Unresolved');
}
