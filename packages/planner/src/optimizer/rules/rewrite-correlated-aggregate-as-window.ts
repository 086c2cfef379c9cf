// RewriteCorrelatedAggregateAsWindow (Flint's; Spark keeps the join): a correlated scalar subquery
// that RewriteCorrelatedScalarSubquery made a left outer join to an aggregate of the same relation the
// query joins on that key becomes a window over the query's own rows, so the relation is read once.
//   Join LeftOuter (p.k = k') (Join Inner (l.k = p.k) l p) (Aggregate [k'] [k', avg(q')] l')
//     -> Project [..., p.k AS k', w AS avg] (Window [avg(l.q) OVER (PARTITION BY p.k)] (Join Inner ...))
// TPC-H Q17: `l_quantity < (SELECT 0.2 * avg(l_quantity) FROM lineitem WHERE l_partkey = p_partkey)`
// averaged each chosen part's lines in a second pass over lineitem; the window averages the lines
// the query's join already kept (its DataFrame version is written so).
// Sound when each window partition holds exactly the rows the subquery aggregates, up to repeats: the
// aggregated relation and the query's copy of it are the same unfiltered scan (l and l' read the same
// columns of one relation, with no filter on either), the query joins that copy to the rest (p) by
// one key equality and conditions on p alone (p's rows only repeat or drop whole keys), and the
// aggregates ignore repeats (avg, min, max). Every query row then finds its key's group, as the outer
// join would.

import type { AttributeRef, Expr, NamedExpr } from '../../expr.js';
import type { LogicalPlan } from '../../logical-plan.js';
import { outputOf } from '../../plan-output.js';
import { mapChildren } from '../../parser-bridge/ast-to-plan.js';
import type { OptimizerContext, Rule } from '../rule.js';
import { referencedIds, splitConjuncts, transformUp } from '../plan-transform.js';
import { unfilteredScanColumns } from './inject-runtime-filter.js';

type Join = Extract<LogicalPlan, { kind: 'Join' }>;

/** Aggregates whose value over rows repeated any number of times is their value over the rows. */
const REPEAT_INSENSITIVE = new Set(['avg', 'min', 'max']);

/** The query side's inner join under its projections, and what those projections pass through. */
function innerJoinUnder(p: LogicalPlan): Join | null {
  if (p.kind === 'Project' || p.kind === 'SubqueryAlias') return innerJoinUnder(p.child);
  return p.kind === 'Join' && p.joinType === 'Inner' && p.condition !== null ? p : null;
}

/** `a = b` between attributes: the pair, else null. */
function equality(e: Expr): [AttributeRef, AttributeRef] | null {
  if (e.kind !== 'Comparison' || e.op !== 'EqualTo') return null;
  return e.left.kind === 'AttributeReference' && e.right.kind === 'AttributeReference'
    ? [e.left, e.right]
    : null;
}

function asWindow(j: Join, ctx: OptimizerContext): LogicalPlan | null {
  const agg = j.right;
  if (j.joinType !== 'LeftOuter' || agg.kind !== 'Aggregate' || agg.groupingExprs.length !== 1) return null;
  const group = agg.groupingExprs[0]!;
  const aggColumns = unfilteredScanColumns(agg.child);
  if (group.kind !== 'AttributeReference' || aggColumns === null) return null;
  const outerKeyPair = j.condition === null ? null : equality(j.condition);
  if (outerKeyPair === null) return null;
  const outerKey =
    outerKeyPair[0].id === group.id
      ? outerKeyPair[1]
      : outerKeyPair[1].id === group.id
        ? outerKeyPair[0]
        : null;
  const leftOutput = outputOf(j.left);
  if (outerKey === null || !leftOutput.some((a) => a.id === outerKey.id)) return null;

  // The query's join of its copy of the relation (`scan`) to the rest, on one key equality.
  const inner = innerJoinUnder(j.left);
  if (inner === null) return null;
  const sides = [inner.left, inner.right].map((s) => ({
    plan: s,
    columns: unfilteredScanColumns(s),
    ids: new Set(outputOf(s).map((a) => a.id)),
  }));
  const scan = sides.find(
    (s) => s.columns !== null && [...s.columns.values()].includes(aggColumns.get(group.id)!),
  );
  if (scan === undefined) return null;
  const rest = sides.find((s) => s !== scan)!;
  const conjuncts = splitConjuncts(inner.condition!);
  const keyEqualities = conjuncts.filter((c) => {
    const pair = equality(c);
    return pair !== null && pair.some((a) => scan.ids.has(a.id)) && pair.some((a) => rest.ids.has(a.id));
  });
  if (keyEqualities.length !== 1) return null;
  const [x, y] = equality(keyEqualities[0]!)!;
  const scanKey = scan.ids.has(x.id) ? x : y;
  const restKey = scanKey === x ? y : x;
  if (scan.columns!.get(scanKey.id) !== aggColumns.get(group.id)) return null;
  // Other conditions may read the rest alone: they drop or repeat whole keys, never some of a key's rows.
  if (conjuncts.some((c) => c !== keyEqualities[0] && [...referencedIds(c)].some((id) => !rest.ids.has(id))))
    return null;
  // The outer join's key is the key on either side of that equality (the same value on every row).
  if (outerKey.id !== scanKey.id && outerKey.id !== restKey.id) return null;

  // Each aggregate, repeat-insensitive over one column of the relation the query side still outputs.
  const byScanColumn = new Map<number, AttributeRef>();
  const passed = unfilteredScanColumns(stripToJoin(j.left, inner, scan.plan));
  for (const a of leftOutput) {
    const base = passed?.get(a.id);
    if (base !== undefined) byScanColumn.set(base, a);
  }
  const windowExprs: NamedExpr[] = [];
  let ok = true;
  const toWindow = (e: Expr): Expr => {
    if (!ok) return e;
    if (e.kind === 'AggregateExpression') {
      const arg = e.args[0];
      const column =
        arg?.kind === 'AttributeReference' ? byScanColumn.get(aggColumns.get(arg.id) ?? -1) : undefined;
      if (
        e.distinct ||
        e.filter !== null ||
        e.args.length !== 1 ||
        !REPEAT_INSENSITIVE.has(e.name) ||
        column === undefined
      ) {
        ok = false;
        return e;
      }
      const id = ctx.nextExprId();
      windowExprs.push({
        kind: 'Alias',
        name: `_w${id}`,
        id,
        child: {
          kind: 'WindowExpression',
          function: { ...e, args: [column], resultId: ctx.nextExprId() },
          partitionSpec: [outerKey],
          orderSpec: [],
          frame: {
            frameType: 'RowFrame',
            lower: { kind: 'UnboundedPreceding' },
            upper: { kind: 'UnboundedFollowing' },
          },
        },
      });
      const w = windowExprs[windowExprs.length - 1]!;
      return {
        kind: 'AttributeReference',
        id: w.id,
        name: w.name,
        dataType: e.dataType,
        nullable: true,
        qualifier: [],
      };
    }
    return mapChildren(e, toWindow);
  };
  const results: NamedExpr[] = agg.aggregateExprs.map((e) => {
    if (e.kind === 'AttributeReference')
      return e.id === group.id
        ? { kind: 'Alias', child: outerKey, name: e.name, id: e.id }
        : ((ok = false), e);
    return e.kind === 'Alias' ? { ...e, child: toWindow(e.child) } : ((ok = false), e);
  });
  if (!ok || windowExprs.length === 0) return null;
  return {
    kind: 'Project',
    projectList: [...leftOutput, ...results],
    child: { kind: 'Window', windowExprs, partitionSpec: [outerKey], orderSpec: [], child: j.left },
  };
}

/**
 * The query side with its inner join replaced by the scan side alone: the projections over the join,
 * traced down to the scan's columns (unfilteredScanColumns reads them as a relation under projections).
 */
function stripToJoin(p: LogicalPlan, join: Join, scan: LogicalPlan): LogicalPlan {
  if (p === join) return scan;
  if (p.kind === 'Project' || p.kind === 'SubqueryAlias')
    return { ...p, child: stripToJoin(p.child, join, scan) };
  return p;
}

export const rewriteCorrelatedAggregateAsWindow: Rule = {
  name: 'RewriteCorrelatedAggregateAsWindow',
  apply(plan, ctx) {
    return transformUp(plan, (p) => (p.kind === 'Join' ? (asWindow(p, ctx) ?? p) : p));
  },
};
