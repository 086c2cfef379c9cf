// Run-time evaluation of the subquery expressions the optimizer left in a plan. An uncorrelated one
// runs once and becomes a literal (an IN list for IN). A correlated one runs once per distinct value of
// the outer columns it reads (its "domain", taken from the operator's input), with those columns bound
// to the values, and becomes CASE WHEN key = v1 THEN r1 ... END. The optimizer rewrites the common
// shapes into joins first; this covers every other shape with the same answers (memoized apply).

import { FlintError, T, type Value } from '@flint/common';
import {
  bindOuterReferences,
  freeOuterAttrs,
  isSubqueryExpr,
  mapPlanExpressions,
  outputOf,
  planChildren,
  planExpressions,
  transformExprUp,
  withChildren,
  type AttributeRef,
  type Expr,
  type LogicalPlan,
  type SubqueryExpr,
} from '@flint/planner';

export interface SubqueryRunner {
  /** Optimizes, evaluates the subqueries of, plans and runs `plan`, returning its rows. */
  run(plan: LogicalPlan): Promise<Value[][]>;
  /** spark.sql.optimizer.decorrelateExistsSubqueryLegacyIncorrectCountHandling.enabled */
  readonly legacyExistsCountBug?: boolean;
}

function tooManyRows(): FlintError {
  return new FlintError(
    'SCALAR_SUBQUERY_TOO_MANY_ROWS',
    '[SCALAR_SUBQUERY_TOO_MANY_ROWS] More than one row returned by a subquery used as an expression. SQLSTATE: 21000',
    {},
    null,
    '21000',
  );
}

function unsupported(): FlintError {
  return new FlintError(
    'UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.UNSUPPORTED_CORRELATED_SCALAR_SUBQUERY',
    `[UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.UNSUPPORTED_CORRELATED_SCALAR_SUBQUERY] Correlated subqueries in this position are not supported yet. SQLSTATE: 0A000`,
    { treeNode: '' },
    null,
    '0A000',
  );
}

const TRUE: Expr = { kind: 'Literal', value: true, dataType: T.boolean };
const FALSE: Expr = { kind: 'Literal', value: false, dataType: T.boolean };

/** The expression standing for `sub` once its (bound) plan produced `rows`. */
function resultExpr(sub: SubqueryExpr, rows: Value[][]): Expr {
  switch (sub.kind) {
    case 'ScalarSubquery':
      if (rows.length > 1) throw tooManyRows();
      return { kind: 'Literal', value: rows[0]?.[0] ?? null, dataType: sub.dataType };
    case 'Exists':
      return rows.length > 0 ? TRUE : FALSE;
    case 'InSubquery': {
      if (rows.length === 0) return FALSE;
      const out = outputOf(sub.plan);
      const lit = (r: Value[], i: number): Expr => ({
        kind: 'Literal',
        value: r[i] ?? null,
        dataType: out[i]!.dataType,
      });
      if (sub.values.length === 1)
        return { kind: 'In', value: sub.values[0]!, list: rows.map((r) => lit(r, 0)) };
      // (a, b) IN rows: some row equal in every column; NULL when no row is unequal in a column but one compares NULL.
      const perRow = rows.map((r) =>
        sub.values
          .map((v, i): Expr => ({ kind: 'Comparison', op: 'EqualTo', left: v, right: lit(r, i) }))
          .reduce((a, b) => ({ kind: 'And', left: a, right: b })),
      );
      return perRow.reduce((a, b) => ({ kind: 'Or', left: a, right: b }));
    }
  }
}

function resultType(sub: SubqueryExpr) {
  return sub.kind === 'ScalarSubquery' ? sub.dataType : T.boolean;
}

function keyCondition(keys: readonly AttributeRef[], values: readonly Value[]): Expr {
  return keys
    .map((k, i): Expr => {
      const v = values[i] ?? null;
      return v === null
        ? { kind: 'IsNull', child: k }
        : {
            kind: 'Comparison',
            op: 'EqualTo',
            left: k,
            right: { kind: 'Literal', value: v, dataType: k.dataType },
          };
    })
    .reduce((a, b) => ({ kind: 'And', left: a, right: b }));
}

/** Distinct tuples of `keys` over the node's inputs (a cross product when keys come from several inputs). */
async function domainOf(
  keys: readonly AttributeRef[],
  inputs: readonly LogicalPlan[],
  runner: SubqueryRunner,
): Promise<Value[][]> {
  const positions = new Map<number, number>(keys.map((k, i) => [k.id, i]));
  let tuples: Value[][] = [new Array<Value>(keys.length).fill(null)];
  const covered = new Set<number>();
  for (const input of inputs) {
    const out = outputOf(input);
    const mine = out.filter((a) => positions.has(a.id) && !covered.has(a.id));
    if (mine.length === 0) continue;
    mine.forEach((a) => covered.add(a.id));
    const rows = await runner.run({
      kind: 'Distinct',
      child: { kind: 'Project', projectList: mine, child: input },
    });
    const next: Value[][] = [];
    for (const t of tuples)
      for (const r of rows) {
        const c = [...t];
        mine.forEach((a, i) => (c[positions.get(a.id)!] = r[i] ?? null));
        next.push(c);
      }
    tuples = next;
  }
  if (covered.size !== keys.length) throw unsupported();
  return tuples;
}

async function evaluateOne(
  sub: SubqueryExpr,
  inputs: readonly LogicalPlan[],
  runner: SubqueryRunner,
): Promise<Expr> {
  const free = freeOuterAttrs(sub.plan);
  if (free.length === 0) return resultExpr(sub, await runner.run(sub.plan));
  // Key attributes as the inputs produce them (nullability of the input, not of the reference).
  const inputAttrs = new Map<number, AttributeRef>();
  for (const i of inputs) for (const a of outputOf(i)) inputAttrs.set(a.id, a);
  const keys = free.map((a) => inputAttrs.get(a.id) ?? a);
  const domain = await domainOf(keys, inputs, runner);
  const legacyInput =
    runner.legacyExistsCountBug === true && sub.kind !== 'ScalarSubquery'
      ? globalAggregateInput(sub.plan)
      : null;
  const branches: { condition: Expr; value: Expr }[] = [];
  for (const tuple of domain) {
    const bound = new Map<number, Expr>(
      keys.map((k, i) => [k.id, { kind: 'Literal', value: tuple[i] ?? null, dataType: k.dataType }]),
    );
    // Legacy: a global aggregate over no correlated rows gives no row at all (Spark 3's count bug).
    const empty =
      legacyInput !== null && (await runner.run(bindOuterReferences(legacyInput, bound))).length === 0;
    const rows = empty ? [] : await runner.run(bindOuterReferences(sub.plan, bound));
    branches.push({ condition: keyCondition(keys, tuple), value: resultExpr(sub, rows) });
  }
  const dataType = resultType(sub);
  if (branches.length === 0) return { kind: 'Literal', value: null, dataType };
  return { kind: 'CaseWhen', branches, elseValue: { kind: 'Literal', value: null, dataType }, dataType };
}

/** The input of a global aggregate at the top of an EXISTS / IN plan, when correlation sits under it. */
function globalAggregateInput(plan: LogicalPlan): LogicalPlan | null {
  let p = plan;
  while (p.kind === 'Project' || p.kind === 'Filter' || p.kind === 'SubqueryAlias') p = p.child;
  if (p.kind !== 'Aggregate' || p.groupingExprs.length > 0) return null;
  return freeOuterAttrs(p.child).length > 0 ? p.child : null;
}

/** Replaces every subquery expression of `plan` (bottom-up, so inputs are subquery-free first). */
export async function evaluateSubqueries(plan: LogicalPlan, runner: SubqueryRunner): Promise<LogicalPlan> {
  const children: LogicalPlan[] = [];
  for (const c of planChildren(plan)) children.push(await evaluateSubqueries(c, runner));
  const node = withChildren(plan, children);
  const pending: SubqueryExpr[] = [];
  for (const e of planExpressions(node))
    transformExprUp(e, (x) => {
      if (isSubqueryExpr(x)) pending.push(x);
      return x;
    });
  if (pending.length === 0) return node;
  const inputs = node.kind === 'WithCTE' ? [] : children;
  const results = new Map<Expr, Expr>();
  for (const sub of pending) if (!results.has(sub)) results.set(sub, await evaluateOne(sub, inputs, runner));
  return mapPlanExpressions(node, (e) => transformExprUp(e, (x) => results.get(x) ?? x));
}
