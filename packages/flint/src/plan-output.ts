// The output attributes of an analyzed LogicalPlan (what a DataFrame's schema, columns and `df.col()`
// are read from).

import { assertNever, InternalError, T, type StructType } from '@flint/common';
import { dataTypeOf, nullableOf, type AttributeRef, type LogicalPlan, type NamedExpr } from '@flint/planner';

export function toAttribute(e: NamedExpr): AttributeRef {
  if (e.kind === 'AttributeReference') return e;
  if (e.kind === 'Alias') {
    return {
      kind: 'AttributeReference',
      id: e.id,
      name: e.name,
      dataType: dataTypeOf(e.child),
      nullable: nullableOf(e.child),
      qualifier: e.qualifier ?? [],
    };
  }
  throw new InternalError(`output of unresolved ${(e as { kind: string }).kind}`);
}

const nullable = (a: AttributeRef): AttributeRef => (a.nullable ? a : { ...a, nullable: true });

export function planOutput(plan: LogicalPlan): readonly AttributeRef[] {
  switch (plan.kind) {
    case 'LocalRelation':
    case 'Range':
    case 'LogicalRelation':
    case 'InMemoryRelation':
    case 'Expand':
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
      return planOutput(plan.child);
    case 'Join': {
      const l = planOutput(plan.left);
      const r = planOutput(plan.right);
      switch (plan.joinType) {
        case 'Inner':
        case 'Cross':
          return [...l, ...r];
        case 'LeftOuter':
          return [...l, ...r.map(nullable)];
        case 'RightOuter':
          return [...l.map(nullable), ...r];
        case 'FullOuter':
          return [...l.map(nullable), ...r.map(nullable)];
        case 'LeftSemi':
        case 'LeftAnti':
          return l;
        default:
          return assertNever(plan.joinType, 'join type');
      }
    }
    case 'Union': {
      const outs = plan.children.map(planOutput);
      const first = outs[0] ?? [];
      return first.map((a, i) => (outs.some((o) => o[i]?.nullable === true) ? nullable(a) : a));
    }
    case 'Intersect':
      // Spark: a column of INTERSECT is nullable only when it is on both sides.
      return planOutput(plan.left).map((a, i) =>
        a.nullable && planOutput(plan.right)[i]?.nullable === false ? { ...a, nullable: false } : a,
      );
    case 'Except':
      return planOutput(plan.left);
    case 'Window':
      return [...planOutput(plan.child), ...plan.windowExprs.map(toAttribute)];
    case 'Generate':
      return [...planOutput(plan.child), ...plan.generatorOutput];
    case 'SubqueryAlias':
      return planOutput(plan.child).map((a) => ({ ...a, qualifier: plan.alias }));
    case 'UnresolvedRelation':
    case 'UnresolvedInlineTable':
    case 'UnresolvedTableFunction':
    case 'UnresolvedColumnAliases':
    case 'UnresolvedGroupingSets':
    case 'UnresolvedHaving':
    case 'UnresolvedUsingJoin':
      throw new InternalError(`output of unresolved plan ${plan.kind}`);
    default:
      return assertNever(plan, 'logical plan');
  }
}

export function schemaOf(output: readonly AttributeRef[]): StructType {
  return T.struct(output.map((a) => ({ name: a.name, dataType: a.dataType, nullable: a.nullable })));
}
