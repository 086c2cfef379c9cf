// CheckSubqueryCorrelation: Spark's analysis errors for correlated subqueries it cannot run, raised
// before anything executes. The plan is returned unchanged.
//   outer reference inside a subquery's Aggregate          -> CORRELATED_REFERENCE
//   outer reference under the null side of an outer join  -> ACCESSING_OUTER_QUERY_COLUMN_IS_NOT_ALLOWED
//   subquery in a join condition reading both join sides  -> UNSUPPORTED_CORRELATED_EXPRESSION_IN_JOIN_CONDITION
//   scalar subquery grouping by non-correlated columns    -> NON_CORRELATED_COLUMNS_IN_GROUP_BY (without single join)
//   map-typed outer reference indexed by an inner column  -> UNSUPPORTED_CORRELATED_REFERENCE_DATA_TYPE

import { FlintError } from '@flint/common';
import type { Expr } from '../../expr.js';
import type { LogicalPlan } from '../../logical-plan.js';
import { outputOf } from '../../plan-output.js';
import { planChildren, planExpressions } from '../../analyzer/resolve-expr.js';
import { mapChildren } from '../../parser-bridge/ast-to-plan.js';
import { exprString } from '../../explain.js';
import type { Rule } from '../rule.js';
import { referencedIds, splitConjuncts } from '../plan-transform.js';
import {
  freeOuterAttrs,
  hasOuterReference,
  isSubqueryExpr,
  type SubqueryExpr,
} from './subquery-correlation.js';

type Conf = ReadonlyMap<string, string> | undefined;

function fail(sub: string, message: string, params: Record<string, string>): never {
  const cls = `UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.${sub}`;
  throw new FlintError(
    cls,
    `[${cls}] Unsupported subquery expression: ${message} SQLSTATE: 0A000`,
    params,
    null,
    '0A000',
  );
}

function flag(conf: Conf, key: string, dflt: boolean): boolean {
  const v = conf?.get(key);
  return v === undefined ? dflt : v.trim().toLowerCase() === 'true';
}

function quoted(es: readonly Expr[]): string {
  return es.map((e) => `"${exprString(e)}"`).join(',');
}

function subtreeHasOuter(plan: LogicalPlan): boolean {
  return planExpressions(plan).some(hasOuterReference) || planChildren(plan).some(subtreeHasOuter);
}

/** Inner sides of correlated equalities (inner = outer) in the filters under `plan`. */
function correlatedInnerSides(plan: LogicalPlan, into: Expr[] = []): Expr[] {
  if (plan.kind === 'Filter') {
    for (const c of splitConjuncts(plan.condition)) {
      if (c.kind !== 'Comparison' || c.op !== 'EqualTo') continue;
      const lo = hasOuterReference(c.left);
      const ro = hasOuterReference(c.right);
      if (lo && !ro && referencedIds(c.right).size > 0) into.push(c.right);
      if (ro && !lo && referencedIds(c.left).size > 0) into.push(c.left);
    }
  }
  for (const c of planChildren(plan)) correlatedInnerSides(c, into);
  return into;
}

function sameExpr(a: Expr, b: Expr): boolean {
  return exprString(a) === exprString(b);
}

function checkScalarGroupBy(plan: LogicalPlan): void {
  let p = plan;
  while (p.kind === 'Project' || p.kind === 'Filter' || p.kind === 'SubqueryAlias' || p.kind === 'Sort')
    p = p.child;
  if (p.kind !== 'Aggregate' || p.groupingExprs.length === 0) return;
  const inner = correlatedInnerSides(p.child);
  const innerIds = new Set<number>();
  for (const e of inner) if (e.kind === 'AttributeReference') innerIds.add(e.id);
  const invalid: string[] = [];
  for (const g of p.groupingExprs) {
    if (inner.some((e) => sameExpr(e, g))) continue;
    const names = new Map<number, string>();
    const collect = (x: Expr): Expr => {
      if (x.kind === 'AttributeReference' && !innerIds.has(x.id)) names.set(x.id, x.name);
      return mapChildren(x, collect);
    };
    collect(g);
    invalid.push(...names.values());
  }
  if (invalid.length > 0) {
    fail(
      'NON_CORRELATED_COLUMNS_IN_GROUP_BY',
      `A GROUP BY clause in a scalar correlated subquery cannot contain non-correlated columns: ${invalid.join(',')}.`,
      { value: invalid.join(',') },
    );
  }
}

function checkMapOuterRefs(e: Expr, pullOut: boolean): void {
  const visit = (x: Expr): Expr => {
    if (
      x.kind === 'ScalarFunction' &&
      x.args.some((a) => a.kind === 'OuterReference' && a.attr.dataType.kind === 'map')
    ) {
      const outer = x.args.find((a) => a.kind === 'OuterReference')!;
      if (!pullOut || x.args.some((a) => referencedIds(a).size > 0)) {
        const name =
          outer.kind === 'OuterReference' ? [...outer.attr.qualifier, outer.attr.name].join('.') : '';
        fail(
          'UNSUPPORTED_CORRELATED_REFERENCE_DATA_TYPE',
          `Correlated column reference '${name}' cannot be map type.`,
          { dataType: 'map', expr: name },
        );
      }
    }
    return mapChildren(x, visit);
  };
  visit(e);
}

/** Checks the plan of one correlated subquery expression (nested ones are checked when reached). */
function checkSubqueryPlan(sub: SubqueryExpr, conf: Conf): void {
  if (freeOuterAttrs(sub.plan).length === 0) return;
  const pullOut = flag(conf, 'spark.sql.optimizer.pullOutNestedDataOuterRefExpressions.enabled', true);
  const walk = (p: LogicalPlan): void => {
    if (p.kind === 'Aggregate') {
      const bad = [...p.groupingExprs, ...p.aggregateExprs].filter(hasOuterReference);
      if (bad.length > 0) {
        fail(
          'CORRELATED_REFERENCE',
          `Expressions referencing the outer query are not supported outside of WHERE/HAVING clauses: ${quoted(bad)}.`,
          { sqlExprs: quoted(bad) },
        );
      }
    }
    if (p.kind === 'Join') {
      const nullSides =
        p.joinType === 'LeftOuter'
          ? [p.right]
          : p.joinType === 'RightOuter'
            ? [p.left]
            : p.joinType === 'FullOuter'
              ? [p.left, p.right]
              : [];
      for (const side of nullSides) {
        if (subtreeHasOuter(side)) {
          fail(
            'ACCESSING_OUTER_QUERY_COLUMN_IS_NOT_ALLOWED',
            'Accessing outer query column is not allowed in this location.',
            { treeNode: '' },
          );
        }
      }
    }
    if (p.kind === 'Filter') checkMapOuterRefs(p.condition, pullOut);
    planChildren(p).forEach(walk);
  };
  walk(sub.plan);
  if (
    sub.kind === 'ScalarSubquery' &&
    !flag(conf, 'spark.sql.optimizer.scalarSubqueryUseSingleJoin', true) &&
    !flag(conf, 'spark.sql.legacy.scalarSubqueryAllowGroupByNonEqualityCorrelatedPredicate', false)
  ) {
    checkScalarGroupBy(sub.plan);
  }
}

function collectSubqueries(e: Expr, into: SubqueryExpr[]): SubqueryExpr[] {
  if (isSubqueryExpr(e)) into.push(e);
  mapChildren(e, (c) => (collectSubqueries(c, into), c));
  return into;
}

function checkPlan(plan: LogicalPlan, conf: Conf): void {
  for (const e of planExpressions(plan)) {
    for (const sub of collectSubqueries(e, [])) {
      if (plan.kind === 'Join') {
        const free = freeOuterAttrs(sub.plan).map((a) => a.id);
        const left = new Set(outputOf(plan.left).map((a) => a.id));
        const right = new Set(outputOf(plan.right).map((a) => a.id));
        if (free.some((id) => left.has(id)) && free.some((id) => right.has(id))) {
          fail(
            'UNSUPPORTED_CORRELATED_EXPRESSION_IN_JOIN_CONDITION',
            `Correlated subqueries in the join predicate cannot reference both join inputs: ${exprString(sub)}.`,
            { subqueryExpression: exprString(sub) },
          );
        }
      }
      checkSubqueryPlan(sub, conf);
      checkPlan(sub.plan, conf);
    }
  }
  for (const c of planChildren(plan)) checkPlan(c, conf);
}

export const checkSubqueryCorrelation: Rule = {
  name: 'CheckSubqueryCorrelation',
  apply(plan, ctx) {
    checkPlan(plan, ctx.conf);
    return plan;
  },
};
