// SQL PIVOT and UNPIVOT: PIVOT becomes an Aggregate over the columns it does not use, with one
// aggregate per (value, aggregate) guarded by `if(col <=> value, x, null)`; UNPIVOT becomes an Expand
// with one projection per unpivoted column (set), then a null filter unless INCLUDE NULLS.

import { castToString, FlintError, T, type DataType, type Value } from '@flint/common';
import type { AttributeRef, Expr, NamedExpr } from '../expr.js';
import { dataTypeOf } from '../expr-type.js';
import type { LogicalPlan } from '../logical-plan.js';
import { outputOf } from '../plan-output.js';
import { mapChildren } from '../parser-bridge/ast-to-plan.js';
import { lookupFunction } from '../functions/index.js';
import { isFoldable } from '../functions/string-support.js';
import { castTo, findWiderCommonType } from '../types/index.js';
import type { AnalyzerContext } from './resolve-expr.js';

/** What the rewrite needs from the analyzer (passed in to avoid an import cycle). */
export interface PivotCtx {
  readonly ctx: AnalyzerContext;
  /** Resolves `e` over the output of the resolved plan `child`. */
  readonly resolveIn: (e: Expr, child: LogicalPlan) => Expr;
  /** Resolves a plan in the current environment. */
  readonly analyze: (p: LogicalPlan) => LogicalPlan;
  readonly markAnalyzed: (p: LogicalPlan) => LogicalPlan;
}

type UnresolvedPivot = Extract<LogicalPlan, { kind: 'UnresolvedPivot' }>;
type UnresolvedUnpivot = Extract<LogicalPlan, { kind: 'UnresolvedUnpivot' }>;

function isAggregateCall(e: Expr): boolean {
  return e.kind === 'UnresolvedFunction' && lookupFunction(e.name.join('.'))?.kind === 'aggregate';
}

function containsAggregate(e: Expr): boolean {
  if (isAggregateCall(e)) return true;
  let found = false;
  mapChildren(e, (c) => {
    if (!found && containsAggregate(c)) found = true;
    return c;
  });
  return found;
}

/** An aggregate call with another aggregate call inside its arguments. */
function nestedAggregate(e: Expr): boolean {
  if (isAggregateCall(e) && e.kind === 'UnresolvedFunction') return e.args.some(containsAggregate);
  let found = false;
  mapChildren(e, (c) => {
    if (!found && nestedAggregate(c)) found = true;
    return c;
  });
  return found;
}

function collectAttrIds(e: Expr, out: Set<number>): void {
  if (e.kind === 'AttributeReference') out.add(e.id);
  mapChildren(e, (c) => {
    collectAttrIds(c, out);
    return c;
  });
}

function hasMap(t: DataType): boolean {
  switch (t.kind) {
    case 'map':
      return true;
    case 'array':
      return hasMap(t.elementType);
    case 'struct':
      return t.fields.some((f) => hasMap(f.dataType));
    default:
      return false;
  }
}

function lit(value: Value, dataType: DataType): Expr {
  return { kind: 'Literal', value, dataType };
}

/** The pivot value's text in column names: CAST(value AS STRING), `null` for NULL. */
function valueName(v: Expr, pc: PivotCtx): string {
  const value = pc.ctx.evalConstant(v);
  if (value === null || value === undefined) return 'null';
  return castToString(value, dataTypeOf(v), { timeZone: pc.ctx.conf.timeZone }) ?? 'null';
}

/** Rewrites PIVOT into an unresolved Aggregate over the resolved `child`. */
export function rewritePivot(plan: UnresolvedPivot, child: LogicalPlan, pc: PivotCtx): LogicalPlan {
  const cols = plan.pivotColumns.map((c) => pc.resolveIn(c, child));
  for (const a of plan.aggregates) {
    if (!containsAggregate(a)) {
      const r = pc.resolveIn(a.kind === 'Alias' ? a.child : a, child);
      const ids = new Set<number>();
      collectAttrIds(r, ids);
      const attr = outputOf(child).find((x) => ids.has(x.id));
      const sql = attr ? [...attr.qualifier, attr.name].join('.').toLowerCase() : '';
      throw new FlintError(
        '_LEGACY_ERROR_TEMP_1006',
        `Aggregate expression required for pivot, but '${sql}' did not appear in any aggregate function.`,
        { sql },
      );
    }
  }
  if (plan.aggregates.some(nestedAggregate)) {
    throw new FlintError(
      'NESTED_AGGREGATE_FUNCTION',
      '[NESTED_AGGREGATE_FUNCTION] It is not allowed to use an aggregate function in the argument of another aggregate function. Please use the inner aggregate function in a sub-query. SQLSTATE: 42607',
      {},
      null,
      '42607',
    );
  }
  const named = (e: Expr): Expr => (e.kind === 'Alias' ? e : { kind: 'UnresolvedAlias', child: e });
  // Resolving the aggregates alone gives their names, their columns and nested-aggregate errors.
  const probe = pc.analyze({
    kind: 'Aggregate',
    groupingExprs: [],
    aggregateExprs: plan.aggregates.map(named) as NamedExpr[],
    child,
  });
  if (probe.kind !== 'Aggregate') throw new Error('pivot probe is not an Aggregate');
  const aggNames = outputOf(probe).map((a) => a.name);
  const used = new Set<number>();
  for (const e of probe.aggregateExprs) collectAttrIds(e, used);
  for (const c of cols) collectAttrIds(c, used);

  const pivotType: DataType =
    cols.length === 1
      ? dataTypeOf(cols[0]!)
      : ({
          kind: 'struct',
          fields: cols.map((c, i) => ({
            name: c.kind === 'AttributeReference' ? c.name : `col${i + 1}`,
            dataType: dataTypeOf(c),
            nullable: true,
            metadata: {},
          })),
        } as unknown as DataType);
  if (hasMap(pivotType)) {
    const colName =
      cols.length === 1 && cols[0]!.kind === 'AttributeReference'
        ? `\`${cols[0]!.name}\``
        : `\`named_struct(${cols.map((c) => (c.kind === 'AttributeReference' ? `'${c.name}', ${c.name}` : '')).join(', ')})\``;
    throw new FlintError(
      'INCOMPARABLE_PIVOT_COLUMN',
      `[INCOMPARABLE_PIVOT_COLUMN] Invalid pivot column ${colName}. Pivot columns must be comparable. SQLSTATE: 42818`,
      { columnName: colName },
      null,
      '42818',
    );
  }

  const conds: { cond: Expr; name: string }[] = plan.pivotValues.map((pv) => {
    const v = pc.resolveIn(pv.expr, child);
    if (!isFoldable(v)) {
      throw new FlintError(
        'NON_LITERAL_PIVOT_VALUES',
        `[NON_LITERAL_PIVOT_VALUES] Literal expressions required for pivot values, found "${v.kind === 'AttributeReference' ? v.name : 'expression'}". SQLSTATE: 42K08`,
        { expression: `"${v.kind === 'AttributeReference' ? v.name : 'expression'}"` },
        null,
        '42K08',
      );
    }
    let parts: Expr[];
    if (cols.length === 1) parts = [v];
    else {
      const args = v.kind === 'ScalarFunction' && v.args.length === cols.length ? v.args : null;
      if (args === null || dataTypeOf(v).kind !== 'struct') {
        const vt = dataTypeOf(v);
        const value = valueName(v, pc);
        throw new FlintError(
          'PIVOT_VALUE_DATA_TYPE_MISMATCH',
          `[PIVOT_VALUE_DATA_TYPE_MISMATCH] Invalid pivot value '${value}': value data type ${vt.kind} does not match pivot column data type struct. SQLSTATE: 42K09`,
          { value, valueType: vt.kind, pivotType: 'struct' },
          null,
          '42K09',
        );
      }
      parts = [...args];
    }
    let cond: Expr | null = null;
    cols.forEach((c, i) => {
      const eq: Expr = {
        kind: 'Comparison',
        op: 'EqualNullSafe',
        left: c,
        right: castTo(parts[i]!, dataTypeOf(c), pc.ctx.conf.ansi),
      } as Expr;
      cond = cond === null ? eq : { kind: 'And', left: cond, right: eq };
    });
    return { cond: cond!, name: pv.alias ?? valueName(v, pc) };
  });

  const grouping: AttributeRef[] = outputOf(child).filter((a) => !used.has(a.id));
  const out: Expr[] = [...grouping];
  for (const { cond, name } of conds) {
    const guard = (x: Expr): Expr =>
      ({
        kind: 'UnresolvedFunction',
        name: ['if'],
        args: [cond, x, lit(null, T.null)],
        distinct: false,
      }) as unknown as Expr;
    const rewrite = (e: Expr): Expr => {
      if (e.kind === 'UnresolvedFunction' && isAggregateCall(e)) {
        const fname = e.name.join('.').toLowerCase();
        const args = e.args.map((a) => (a.kind === 'UnresolvedStar' ? lit(1, T.int) : a));
        if ((fname === 'first' || fname === 'last') && args.length >= 1)
          return { ...e, args: [guard(args[0]!), lit(true, T.boolean)] };
        return { ...e, args: args.map(guard) };
      }
      return mapChildren(e, rewrite);
    };
    plan.aggregates.forEach((a, i) => {
      const body = a.kind === 'Alias' ? a.child : a;
      const colName = plan.aggregates.length === 1 ? name : `${name}_${aggNames[i] ?? ''}`;
      out.push({ kind: 'Alias', child: rewrite(body), name: colName, id: pc.ctx.nextExprId() });
    });
  }
  return {
    kind: 'Aggregate',
    groupingExprs: grouping,
    aggregateExprs: out as NamedExpr[],
    child,
  };
}

/** Rewrites UNPIVOT into an Expand (plus a Filter dropping all-null rows unless INCLUDE NULLS). */
export function rewriteUnpivot(plan: UnresolvedUnpivot, child: LogicalPlan, pc: PivotCtx): LogicalPlan {
  const sets = plan.columns.map((c) => ({
    exprs: c.exprs.map((e) => pc.resolveIn(e, child)),
    alias: c.alias,
  }));
  const used = new Set<number>();
  for (const s of sets) for (const e of s.exprs) collectAttrIds(e, used);
  const ids = outputOf(child).filter((a) => !used.has(a.id));
  const width = plan.valueColumns.length;
  for (const s of sets) {
    if (s.exprs.length !== width) {
      throw new FlintError(
        'UNPIVOT_VALUE_SIZE_MISMATCH',
        `[UNPIVOT_VALUE_SIZE_MISMATCH] All unpivot value columns must have the same size as there are value column names (${width}). SQLSTATE: 428C4`,
        { names: String(width) },
        null,
        '428C4',
      );
    }
  }
  const types = plan.valueColumns.map((_, j) => {
    const ts = sets.map((s) => dataTypeOf(s.exprs[j]!));
    const t = findWiderCommonType(ts);
    if (t === null) {
      throw new FlintError(
        'UNPIVOT_VALUE_DATA_TYPE_MISMATCH',
        `[UNPIVOT_VALUE_DATA_TYPE_MISMATCH] Unpivot value columns must share a least common type, some types do not. SQLSTATE: 42K09`,
        { types: ts.map((x) => x.kind).join(', ') },
        null,
        '42K09',
      );
    }
    return t;
  });
  const exprName = (e: Expr): string => (e.kind === 'AttributeReference' ? e.name : 'col');
  const projections = sets.map((s) => [
    ...ids,
    lit(s.alias ?? s.exprs.map(exprName).join('_'), T.string),
    ...s.exprs.map((e, j) => castTo(e, types[j]!, pc.ctx.conf.ansi)),
  ]);
  const fresh = (
    name: string,
    dataType: DataType,
    nullable: boolean,
    qualifier: readonly string[],
  ): AttributeRef => ({
    kind: 'AttributeReference',
    id: pc.ctx.nextExprId(),
    name,
    dataType,
    nullable,
    qualifier,
  });
  const valueAttrs = plan.valueColumns.map((n, j) =>
    fresh(
      n,
      types[j]!,
      sets.some((s) => s.exprs[j]!.kind !== 'AttributeReference' || (s.exprs[j] as AttributeRef).nullable),
      [],
    ),
  );
  const output = [
    ...ids.map((a) => fresh(a.name, a.dataType, a.nullable, a.qualifier)),
    fresh(plan.nameColumn, T.string, false, []),
    ...valueAttrs,
  ];
  const expand = pc.markAnalyzed({ kind: 'Expand', projections, output, child });
  if (plan.includeNulls) return expand;
  let cond: Expr | null = null;
  for (const a of valueAttrs) {
    const nn: Expr = { kind: 'IsNotNull', child: a };
    cond = cond === null ? nn : { kind: 'Or', left: cond, right: nn };
  }
  return cond === null ? expand : { kind: 'Filter', condition: cond, child: expand };
}
