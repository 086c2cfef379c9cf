// WITH RECURSIVE: turns a CTE whose definition reads its own name into a UnionLoop (Spark 4.1's
// recursive CTEs). The anchor is resolved first to fix the column types; the recursion is then resolved
// with the CTE's name bound to a UnionLoopRef (the previous iteration's rows) and cast to those types.

import { FlintError, dataTypeEquals } from '@flint/common';
import type { AttributeRef, Expr } from '../expr.js';
import { dataTypeOf } from '../expr-type.js';
import type { LogicalPlan } from '../logical-plan.js';
import { outputOf } from '../plan-output.js';
import { mapChildren } from '../parser-bridge/ast-to-plan.js';
import { castTo, findWiderCommonType, typeSql } from '../types/index.js';
import { planChildren, planExpressions } from './resolve-expr.js';

function invalidRecursiveCte(): FlintError {
  return new FlintError(
    'INVALID_RECURSIVE_CTE',
    '[INVALID_RECURSIVE_CTE] Invalid recursive definition found. Recursive queries must contain an UNION or an UNION ALL statement with 2 children. The first child needs to be the anchor term without any recursive references. SQLSTATE: 42836',
    {},
    null,
    '42836',
  );
}

function invalidPlace(): FlintError {
  return new FlintError(
    'INVALID_RECURSIVE_REFERENCE.PLACE',
    '[INVALID_RECURSIVE_REFERENCE.PLACE] Invalid recursive reference found inside WITH RECURSIVE clause. Recursive references cannot be used on the right side of left outer/semi/anti joins, on the left side of right outer joins, in full outer joins, in aggregates, and in subquery expressions. SQLSTATE: 42836',
    {},
    null,
    '42836',
  );
}

function unionNotSupported(): FlintError {
  return new FlintError(
    'UNION_NOT_SUPPORTED_IN_RECURSIVE_CTE',
    '[UNION_NOT_SUPPORTED_IN_RECURSIVE_CTE] The UNION operator is not yet supported within recursive common table expressions (WITH clauses that refer to themselves, directly or indirectly). Please use UNION ALL instead. SQLSTATE: 42836',
    {},
    null,
    '42836',
  );
}

/** Subquery plans held by an (unresolved or resolved) expression tree. */
function subqueryPlans(e: Expr, out: LogicalPlan[]): void {
  if ('plan' in e && e.plan) out.push(e.plan as LogicalPlan);
  mapChildren(e, (c) => {
    subqueryPlans(c, out);
    return c;
  });
}

function exprSubplans(plan: LogicalPlan): LogicalPlan[] {
  const out: LogicalPlan[] = [];
  for (const e of planExpressions(plan)) subqueryPlans(e, out);
  if (plan.kind === 'UnresolvedHaving') subqueryPlans(plan.condition, out);
  return out;
}

/** True when the unresolved `plan` reads the relation `name` (not shadowed by an inner WITH). */
export function referencesName(plan: LogicalPlan, name: string): boolean {
  const lower = name.toLowerCase();
  const visit = (p: LogicalPlan): boolean => {
    if (p.kind === 'UnresolvedRelation')
      return p.nameParts.length === 1 && p.nameParts[0]!.toLowerCase() === lower;
    if (p.kind === 'WithCTE') {
      for (const c of p.ctes) {
        if (c.name.toLowerCase() === lower) {
          // A recursive inner WITH binds the name inside its own definition too.
          return !p.recursive && visit(c.plan);
        }
        if (visit(c.plan)) return true;
      }
      return visit(p.child);
    }
    return planChildren(p).some(visit) || exprSubplans(p).some(visit);
  };
  return visit(plan);
}

/** Splits a recursive CTE body into its anchor and its recursive term, as Spark requires them. */
export function splitRecursiveCte(
  plan: LogicalPlan,
  name: string,
): { anchor: LogicalPlan; recursion: LogicalPlan } {
  if (plan.kind === 'WithCTE') {
    // WITH inner AS (...) anchor UNION ALL recursion: the inner CTEs may not read the recursive one.
    if (plan.ctes.some((c) => referencesName(c.plan, name))) throw invalidRecursiveCte();
    const inner = splitRecursiveCte(plan.child, name);
    return { anchor: { ...plan, child: inner.anchor }, recursion: { ...plan, child: inner.recursion } };
  }
  if (plan.kind === 'Distinct' && plan.child.kind === 'Union' && plan.child.children.length === 2) {
    if (referencesName(plan.child.children[1]!, name)) throw unionNotSupported();
    throw invalidRecursiveCte();
  }
  if (plan.kind !== 'Union' || plan.byName || plan.children.length < 2) throw invalidRecursiveCte();
  const anchors = plan.children.slice(0, -1);
  const recursion = plan.children[plan.children.length - 1]!;
  if (anchors.some((a) => referencesName(a, name)) || !referencesName(recursion, name))
    throw invalidRecursiveCte();
  const anchor: LogicalPlan = anchors.length === 1 ? anchors[0]! : { ...plan, children: anchors };
  return { anchor, recursion };
}

const AGGREGATES = new Set([
  'max',
  'min',
  'sum',
  'count',
  'avg',
  'mean',
  'count_if',
  'first',
  'last',
  'any_value',
  'collect_list',
  'collect_set',
  'bool_and',
  'bool_or',
  'every',
  'some',
  'any',
  'stddev',
  'variance',
]);

function hasAggregateCall(e: Expr): boolean {
  if (e.kind === 'UnresolvedFunction' && AGGREGATES.has(e.name[e.name.length - 1]!.toLowerCase()))
    return true;
  let found = false;
  mapChildren(e, (c) => {
    if (!found && hasAggregateCall(c)) found = true;
    return c;
  });
  return found;
}

/**
 * The unresolved recursion reads `name` under an aggregate (GROUP BY or aggregate calls): Spark reports
 * that place before the columns above it fail to resolve (their names come from the aggregate).
 */
export function recursiveReferenceUnderAggregate(recursion: LogicalPlan, name: string): boolean {
  const visit = (p: LogicalPlan): boolean => {
    const agg =
      p.kind === 'Aggregate' ||
      p.kind === 'UnresolvedGroupingSets' ||
      (p.kind === 'Project' && p.projectList.some(hasAggregateCall));
    if (agg && referencesName(p, name)) return true;
    return planChildren(p).some(visit) || exprSubplans(p).some(visit);
  };
  return visit(recursion);
}

/** INVALID_RECURSIVE_REFERENCE.PLACE */
export { invalidPlace as invalidRecursiveReferencePlace };

/**
 * Checks where the resolved recursion reads the loop: not under an aggregate, window, sort or limit,
 * not on the null-supplying or filtering side of an outer/semi/anti join, not in a full outer join.
 */
export function checkRecursiveReferences(recursion: LogicalPlan, loopId: number): void {
  const visit = (p: LogicalPlan, forbidden: boolean): void => {
    if (p.kind === 'UnionLoopRef') {
      if (p.loopId === loopId && forbidden) throw invalidPlace();
      return;
    }
    let bad = forbidden;
    if (
      p.kind === 'Aggregate' ||
      p.kind === 'Window' ||
      p.kind === 'Sort' ||
      p.kind === 'Distinct' ||
      p.kind === 'Deduplicate'
    )
      bad = true;
    for (const s of exprSubplans(p)) visit(s, bad);
    if (p.kind === 'Join') {
      const t = p.joinType;
      visit(p.left, bad || t === 'RightOuter' || t === 'FullOuter');
      visit(p.right, bad || t === 'LeftOuter' || t === 'FullOuter' || t === 'LeftSemi' || t === 'LeftAnti');
      return;
    }
    for (const c of planChildren(p)) visit(c, bad);
  };
  visit(recursion, false);
}

/** The recursion's columns cast to the anchor's types; a type the anchor's cannot hold fails as in Spark. */
export function recursionCasts(
  anchorOut: readonly AttributeRef[],
  recursion: LogicalPlan,
  ansi: boolean,
): Expr[] | null {
  const recOut = outputOf(recursion);
  if (recOut.length !== anchorOut.length) {
    throw new FlintError(
      'NUM_COLUMNS_MISMATCH',
      `[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with the same number of columns, but the first input has ${anchorOut.length} columns and the second input has ${recOut.length} columns. SQLSTATE: 42826`,
      {
        operator: 'UNION',
        firstNumColumns: String(anchorOut.length),
        invalidOrdinalNum: 'second',
        invalidNumColumns: String(recOut.length),
      },
      null,
      '42826',
    );
  }
  let changed = false;
  const exprs = recOut.map((r, i): Expr => {
    const a = anchorOut[i]!;
    const rt = dataTypeOf(r);
    if (dataTypeEquals(rt, a.dataType)) return r;
    const w = findWiderCommonType([a.dataType, rt]);
    if (!w || !dataTypeEquals(w, a.dataType)) {
      const left = `"${typeSql(a.dataType)}"`;
      const right = `"${typeSql(rt)}"`;
      throw new FlintError(
        'CANNOT_MERGE_INCOMPATIBLE_DATA_TYPE',
        `[CANNOT_MERGE_INCOMPATIBLE_DATA_TYPE] Failed to merge incompatible data types ${left} and ${right}. SQLSTATE: 42825`,
        { left, right },
        null,
        '42825',
      );
    }
    changed = true;
    return castTo(r, a.dataType, ansi);
  });
  return changed ? exprs : null;
}
