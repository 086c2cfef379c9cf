// Spark's DataSourceStrategy.translateFilter: a predicate over a scan's data columns as a source
// Filter the format can use to skip data. Predicates it cannot express stay only in the Filter above.

import { castToString, type DataType, type SourceFilter, type StructType, type Value } from '@flint/common';
import type { ComparisonOp, Expr } from '../expr.js';

const FLIPPED: Record<ComparisonOp, ComparisonOp> = {
  EqualTo: 'EqualTo',
  EqualNullSafe: 'EqualNullSafe',
  LessThan: 'GreaterThan',
  LessThanOrEqual: 'GreaterThanOrEqual',
  GreaterThan: 'LessThan',
  GreaterThanOrEqual: 'LessThanOrEqual',
};

/** The column a filter may name: a plain attribute of the scan's data columns. */
function columnOf(e: Expr, dataColumns: ReadonlySet<number>): string | null {
  return e.kind === 'AttributeReference' && dataColumns.has(e.id) ? e.name : null;
}

function literalOf(e: Expr): { value: Value } | null {
  return e.kind === 'Literal' ? { value: e.value } : null;
}

export function translateFilter(e: Expr, dataColumns: ReadonlySet<number>): SourceFilter | null {
  switch (e.kind) {
    case 'Comparison': {
      const lc = columnOf(e.left, dataColumns);
      const rl = literalOf(e.right);
      if (lc !== null && rl !== null) return comparison(e.op, lc, rl.value);
      const rc = columnOf(e.right, dataColumns);
      const ll = literalOf(e.left);
      if (rc !== null && ll !== null) return comparison(FLIPPED[e.op], rc, ll.value);
      return null;
    }
    case 'IsNull':
    case 'IsNotNull': {
      const c = columnOf(e.child, dataColumns);
      return c === null ? null : { kind: e.kind, column: c };
    }
    case 'In': {
      const c = columnOf(e.value, dataColumns);
      if (c === null || !e.list.every((x) => x.kind === 'Literal')) return null;
      return { kind: 'In', column: c, values: e.list.map((x) => (x as { value: Value }).value) };
    }
    case 'ScalarFunction': {
      const kind =
        e.name === 'startswith'
          ? 'StringStartsWith'
          : e.name === 'endswith'
            ? 'StringEndsWith'
            : e.name === 'contains'
              ? 'StringContains'
              : null;
      if (kind === null || e.args.length !== 2) return null;
      const c = columnOf(e.args[0]!, dataColumns);
      const v = literalOf(e.args[1]!);
      if (c === null || v === null || typeof v.value !== 'string') return null;
      return { kind, column: c, value: v.value };
    }
    case 'And': {
      // Under Not or Or a half-translated And would change the meaning, so both sides must translate.
      const l = translateFilter(e.left, dataColumns);
      const r = translateFilter(e.right, dataColumns);
      return l !== null && r !== null ? { kind: 'And', left: l, right: r } : null;
    }
    case 'Or': {
      const l = translateFilter(e.left, dataColumns);
      const r = translateFilter(e.right, dataColumns);
      return l !== null && r !== null ? { kind: 'Or', left: l, right: r } : null;
    }
    case 'Not': {
      const c = translateFilter(e.child, dataColumns);
      return c === null ? null : { kind: 'Not', child: c };
    }
    default:
      return null;
  }
}

function comparison(op: ComparisonOp, column: string, value: Value): SourceFilter | null {
  // `a = NULL` is never true; Spark does not push it (the optimizer folds it away anyway).
  if (value === null && op !== 'EqualNullSafe') return null;
  return { kind: op, column, value };
}

/** Spark's Filter.toString, as explain prints PushedFilters; values render by their column's type. */
export function sourceFilterString(f: SourceFilter, schema: StructType): string {
  const value = (column: string, v: Value): string => {
    const type: DataType | undefined = schema.fields.find((x) => x.name === column)?.dataType;
    if (v === null) return 'null';
    return type === undefined ? String(v) : (castToString(v, type, { timeZone: 'UTC' }) ?? 'null');
  };
  switch (f.kind) {
    case 'EqualTo':
    case 'EqualNullSafe':
    case 'GreaterThan':
    case 'GreaterThanOrEqual':
    case 'LessThan':
    case 'LessThanOrEqual':
      return `${f.kind}(${f.column},${value(f.column, f.value)})`;
    case 'StringStartsWith':
    case 'StringEndsWith':
    case 'StringContains':
      return `${f.kind}(${f.column},${f.value})`;
    case 'In':
      return `In(${f.column}, [${f.values.map((v) => value(f.column, v)).join(',')}])`;
    case 'IsNull':
    case 'IsNotNull':
      return `${f.kind}(${f.column})`;
    case 'And':
    case 'Or':
      return `${f.kind}(${sourceFilterString(f.left, schema)},${sourceFilterString(f.right, schema)})`;
    case 'Not':
      return `Not(${sourceFilterString(f.child, schema)})`;
  }
}
