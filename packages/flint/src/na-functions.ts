// DataFrameNaFunctions (df.na): fill and drop of missing values with Spark's rules: fill only touches
// columns whose type matches the value (numbers → numeric columns, strings → string columns, booleans
// → boolean columns; NaN counts as missing in float/double columns); drop keeps rows with at least
// `thresh` non-null, non-NaN values among the chosen columns.

import { FlintError, isNumeric, T, type DataType } from '@flint/common';
import type { AttributeRef, Expr, NamedExpr } from '@flint/planner';
import { Column } from './column.js';
import { fn, literal, literalOf, PENDING_TYPE } from './exprs.js';
import type { DataFrame } from './dataframe.js';

export type FillValue = number | bigint | string | boolean;
export type ReplaceValue = number | bigint | string | boolean | null;

function typeMatches(v: FillValue, t: DataType): boolean {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return isNumeric(t);
    case 'string':
      return t.kind === 'string';
    case 'boolean':
      return t.kind === 'boolean';
    default:
      return false;
  }
}

function isFloating(t: DataType): boolean {
  return t.kind === 'double' || t.kind === 'float';
}

function fillValueLiteral(v: unknown): Expr {
  if (typeof v === 'number') {
    // Spark fills with a Long or a Double value.
    return Number.isInteger(v) ? literal(BigInt(v), T.long) : literal(v, T.double);
  }
  if (typeof v === 'bigint' || typeof v === 'string' || typeof v === 'boolean') return literalOf(v);
  throw new FlintError('UNSUPPORTED_FEATURE', `Unsupported value type ${typeof v} (${String(v)}).`, {
    value: String(v),
  });
}

export class DataFrameNaFunctions {
  constructor(private readonly df: DataFrame) {}

  private subsetAttrs(subset: string | readonly string[] | null | undefined): readonly AttributeRef[] {
    if (subset === undefined || subset === null) return this.df.output;
    const names = typeof subset === 'string' ? [subset] : subset;
    return names.map((n) => this.df.resolveAttribute(n));
  }

  /** coalesce(col, CAST(value AS col type)) AS col; NaN also replaced in float/double columns. */
  private fillCol(a: AttributeRef, value: unknown): NamedExpr {
    const colValue: Expr = isFloating(a.dataType) ? fn('nanvl', [a, literal(null, T.null)]) : a;
    const cast: Expr = {
      kind: 'Cast',
      child: fillValueLiteral(value),
      dataType: a.dataType,
      evalMode: 'ANSI',
      userSpecified: false,
    };
    return {
      kind: 'Alias',
      child: fn('coalesce', [colValue, cast]),
      name: a.name,
      id: this.df.state.nextExprId(),
    };
  }

  /** fill(0), fill('x', ['a', 'b']), fill({ a: 0, b: 'x' }). */
  fill(
    value: FillValue | Readonly<Record<string, FillValue>>,
    subset?: string | readonly string[] | null,
  ): DataFrame {
    const out = this.df.output;
    let list: NamedExpr[];
    if (typeof value === 'object' && value !== null) {
      const targets = new Map<number, unknown>();
      for (const [name, v] of Object.entries(value)) targets.set(this.df.resolveAttribute(name).id, v);
      list = out.map((a) => (targets.has(a.id) ? this.fillCol(a, targets.get(a.id)) : a));
    } else {
      const ids = new Set(this.subsetAttrs(subset).map((a) => a.id));
      list = out.map((a) => (ids.has(a.id) && typeMatches(value, a.dataType) ? this.fillCol(a, value) : a));
    }
    return this.df.derive({ kind: 'Project', projectList: list, child: this.df.plan });
  }

  /**
   * Drops rows with missing values: how 'any' (a NULL or NaN in any of the columns) or 'all' (in all of
   * them); thresh overrides how: keep rows with at least thresh non-null, non-NaN values.
   */
  drop(
    how: 'any' | 'all' = 'any',
    thresh?: number | null,
    subset?: string | readonly string[] | null,
  ): DataFrame {
    if (how !== 'any' && how !== 'all') {
      throw new FlintError('INVALID_PARAMETER_VALUE', `how ('${String(how)}') should be 'any' or 'all'`, {
        how: String(how),
      });
    }
    const attrs = this.subsetAttrs(subset);
    const minNonNulls = thresh ?? (how === 'any' ? attrs.length : 1);
    const present = (a: AttributeRef): Expr => {
      const notNull: Expr = { kind: 'IsNotNull', child: a };
      return isFloating(a.dataType)
        ? { kind: 'And', left: notNull, right: { kind: 'Not', child: fn('isnan', [a]) } }
        : notNull;
    };
    let condition: Expr;
    if (minNonNulls <= 0) {
      return this.df;
    } else if (minNonNulls > attrs.length) {
      condition = literal(false, T.boolean);
    } else if (minNonNulls === attrs.length) {
      condition = attrs.map(present).reduce((l, r) => ({ kind: 'And', left: l, right: r }));
    } else if (minNonNulls === 1) {
      condition = attrs.map(present).reduce((l, r) => ({ kind: 'Or', left: l, right: r }));
    } else {
      // Spark's AtLeastNNonNulls as a sum of 0/1 indicators.
      const indicator = (a: AttributeRef): Expr => ({
        kind: 'CaseWhen',
        branches: [{ condition: present(a), value: literal(1, T.int) }],
        elseValue: literal(0, T.int),
        dataType: PENDING_TYPE,
      });
      const total = attrs.map(indicator).reduce((l, r) => ({
        kind: 'Arithmetic',
        op: 'Add',
        left: l,
        right: r,
        dataType: PENDING_TYPE,
        evalMode: 'ANSI',
      }));
      condition = new Column(total).geq(minNonNulls).expr;
    }
    return this.df.derive({ kind: 'Filter', condition, child: this.df.plan });
  }

  /**
   * Replaces values: replace(1, 2), replace([1, 2], [3, 4]), replace({ a: 'b' }) or a Map. Only columns
   * of the type of the first key are touched (numbers: numeric columns, compared as doubles; strings;
   * booleans), as Spark's na.replace.
   */
  replace(
    toReplace:
      | ReplaceValue
      | readonly ReplaceValue[]
      | Readonly<Record<string, ReplaceValue>>
      | ReadonlyMap<ReplaceValue, ReplaceValue>,
    value?: ReplaceValue | readonly ReplaceValue[],
    subset?: string | readonly string[] | null,
  ): DataFrame {
    let pairs: [ReplaceValue, ReplaceValue][];
    if (toReplace instanceof Map) pairs = [...(toReplace as ReadonlyMap<ReplaceValue, ReplaceValue>)];
    else if (Array.isArray(toReplace)) {
      const keys = toReplace as readonly ReplaceValue[];
      const vals = Array.isArray(value)
        ? (value as readonly ReplaceValue[])
        : keys.map(() => value as ReplaceValue);
      if (vals.length !== keys.length) {
        throw new FlintError(
          'LENGTH_SHOULD_BE_THE_SAME',
          `[LENGTH_SHOULD_BE_THE_SAME] to_replace and value should be of the same length, got ${keys.length} and ${vals.length}.`,
          {
            arg1: 'to_replace',
            arg2: 'value',
            arg1_length: String(keys.length),
            arg2_length: String(vals.length),
          },
        );
      }
      pairs = keys.map((k, i) => [k, vals[i] ?? null]);
    } else if (typeof toReplace === 'object' && toReplace !== null) {
      pairs = Object.entries(toReplace as Record<string, ReplaceValue>);
    } else {
      pairs = [[toReplace as ReplaceValue, (value ?? null) as ReplaceValue]];
    }
    const first = pairs[0];
    if (first === undefined) return this.df;
    const k0 = first[0];
    const target =
      typeof k0 === 'number' || typeof k0 === 'bigint'
        ? 'numeric'
        : typeof k0 === 'boolean'
          ? 'boolean'
          : 'string';
    const lit = (v: ReplaceValue, numeric: boolean): Expr =>
      v === null ? literal(null, T.null) : numeric ? literal(Number(v), T.double) : literalOf(v);
    const names =
      subset === undefined || subset === null ? null : typeof subset === 'string' ? [subset] : subset;
    const list: NamedExpr[] = this.df.output.map((a) => {
      const selected = names === null || names.some((n) => this.df.nameEquals(a.name, n));
      const typeOk = target === 'numeric' ? isNumeric(a.dataType) : a.dataType.kind === target;
      if (!selected || !typeOk) return a;
      const numeric = target === 'numeric';
      const branches = pairs.map(([k, v]) => ({
        condition: { kind: 'Comparison', op: 'EqualTo', left: a, right: lit(k, numeric) } as Expr,
        value: {
          kind: 'Cast',
          child: lit(v, numeric && typeof v !== 'string' && typeof v !== 'boolean'),
          dataType: a.dataType,
          evalMode: 'ANSI',
          userSpecified: false,
        } as Expr,
      }));
      return {
        kind: 'Alias',
        child: { kind: 'CaseWhen', branches, elseValue: a, dataType: PENDING_TYPE },
        name: a.name,
        id: this.df.state.nextExprId(),
      };
    });
    return this.df.derive({ kind: 'Project', projectList: list, child: this.df.plan });
  }
}
