// GroupedData: what df.groupBy(...) returns; agg(...), count(), sum(), avg(), min(), max() build the
// Aggregate (grouping columns first, as spark.sql.retainGroupColumns).

import { FlintError, isNumeric, T } from '@flint/common';
import { lookupFunction, outputOf, type Expr, type NamedExpr } from '@flint/planner';
import { Column, nameExpr, type ColumnOrName } from './column.js';
import { alias, asNamed, fn, literal, literalOf, transformUp } from './exprs.js';
import type { DataFrame } from './dataframe.js';

/** Spark's RelationalGroupedDataset.strToExpr: the function names accepted by agg({col: fn}). */
function aggByName(fnName: string, column: string, df: DataFrame): Expr {
  const input: Expr =
    column === '*'
      ? { kind: 'UnresolvedStar', target: null }
      : { kind: 'UnresolvedAttribute', nameParts: [column] };
  switch (fnName.toLowerCase()) {
    case 'avg':
    case 'average':
    case 'mean':
      return fn('avg', [input]);
    case 'stddev':
    case 'std':
      return fn('stddev', [input]);
    case 'count':
    case 'size':
      return input.kind === 'UnresolvedStar' ? fn('count', [literal(1, T.int)]) : fn('count', [input]);
    default:
      // Resolving the column first makes a bad column name fail like Spark's df.resolve.
      if (input.kind === 'UnresolvedAttribute') df.resolveAttribute(column);
      return fn(fnName, [input]);
  }
}

/** The text Spark gives a pivot value in output column names (CAST(value AS STRING), 'null' for NULL). */
function pivotValueName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) return String(BigInt(v));
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  if (v instanceof Date)
    return v
      .toISOString()
      .replace('T', ' ')
      .replace('Z', '')
      .replace(/\.000$/, '');
  return String(v);
}

interface Pivot {
  readonly column: Expr;
  readonly values: readonly unknown[];
}

/** `groupBy(col('a').alias('x'))` groups by `a` and outputs it as `x` (Spark's CleanupAliases on grouping). */
function withoutAlias(e: Expr): Expr {
  return e.kind === 'Alias' ? e.child : e;
}

export class GroupedData {
  constructor(
    private readonly df: DataFrame,
    private readonly groupingExprs: readonly Expr[],
    private readonly pivotSpec: Pivot | null = null,
  ) {}

  private aggregate(aggExprs: readonly Expr[]): DataFrame {
    const exprs = this.pivotSpec === null ? aggExprs : this.pivotAggregates(this.pivotSpec, aggExprs);
    const list: NamedExpr[] = [...this.groupingExprs, ...exprs].map((e) => asNamed(this.df.bind(e)));
    return this.df.derive({
      kind: 'Aggregate',
      groupingExprs: this.groupingExprs.map(withoutAlias),
      aggregateExprs: list,
      child: this.df.plan,
    });
  }

  /**
   * Spark's pivot without PivotFirst: for each value v and aggregate f(x), f(if(p <=> v, x, null)) named
   * `v` (one aggregate) or `v_<aggregate name>`; first/last then skip nulls.
   */
  private pivotAggregates(p: Pivot, aggExprs: readonly Expr[]): Expr[] {
    let names: string[] = [];
    if (aggExprs.length > 1) {
      const probe = this.df.state.analyze({
        kind: 'Aggregate',
        groupingExprs: this.groupingExprs.map(withoutAlias),
        aggregateExprs: aggExprs.map((e) => asNamed(this.df.bind(e))),
        child: this.df.plan,
      });
      names = outputOf(probe).map((a) => a.name);
    }
    const out: Expr[] = [];
    for (const v of p.values) {
      const value = literalOf(v);
      const cond: Expr = { kind: 'Comparison', op: 'EqualNullSafe', left: p.column, right: value };
      const guard = (x: Expr): Expr => fn('if', [cond, x, literal(null, T.null)]);
      aggExprs.forEach((e, i) => {
        const filtered = transformUp(e.kind === 'Alias' ? e.child : e, (x) => {
          if (x.kind !== 'UnresolvedFunction' || lookupFunction(x.name.join('.'))?.kind !== 'aggregate')
            return x;
          const fname = x.name.join('.').toLowerCase();
          if (fname === 'first' || fname === 'last')
            return { ...x, args: [guard(x.args[0]!), literal(true, T.boolean)] };
          return { ...x, args: x.args.map(guard) };
        });
        const name = aggExprs.length === 1 ? pivotValueName(v) : `${pivotValueName(v)}_${names[i] ?? ''}`;
        out.push(alias(filtered, name));
      });
    }
    return out;
  }

  /** One output column per value of `pivotCol` (values must be given) for each aggregate. */
  pivot(pivotCol: ColumnOrName, values: readonly unknown[]): GroupedData {
    if (this.pivotSpec !== null) {
      throw new FlintError(
        'REPEATED_CLAUSE',
        '[REPEATED_CLAUSE] The PIVOT clause may be used at most once per SUBQUERY operation. SQLSTATE: 42614',
        { clause: 'PIVOT', operation: 'SUBQUERY' },
        null,
        '42614',
      );
    }
    return new GroupedData(this.df, this.groupingExprs, { column: this.df.bind(nameExpr(pivotCol)), values });
  }

  /** agg(sum('a'), max('b')) or agg({ a: 'sum', b: 'max' }). */
  agg(...exprs: (Column | readonly Column[] | Readonly<Record<string, string>>)[]): DataFrame {
    const out: Expr[] = [];
    for (const e of exprs.flatMap((x) =>
      Array.isArray(x) ? (x as Column[]) : [x as Column | Readonly<Record<string, string>>],
    )) {
      if (e instanceof Column) out.push(e.expr);
      else for (const [c, f] of Object.entries(e)) out.push(aggByName(f, c, this.df));
    }
    return this.aggregate(out);
  }

  /** The number of rows per group, in a column named `count`. */
  count(): DataFrame {
    return this.aggregate([alias(fn('count', [literal(1, T.int)]), 'count')]);
  }

  private numeric(name: string, cols: readonly string[]): DataFrame {
    let attrs;
    if (cols.length === 0) {
      attrs = this.df.output.filter((a) => isNumeric(a.dataType));
    } else {
      attrs = cols.map((c) => {
        const a = this.df.resolveAttribute(c);
        if (!isNumeric(a.dataType)) {
          throw new FlintError(
            'UNSUPPORTED_FEATURE',
            `"${c}" is not a numeric column. Aggregation function can only be applied on a numeric column.`,
            { colName: c },
          );
        }
        return a;
      });
    }
    return this.aggregate(attrs.map((a) => fn(name, [a])));
  }

  sum(...cols: string[]): DataFrame {
    return this.numeric('sum', cols);
  }
  avg(...cols: string[]): DataFrame {
    return this.numeric('avg', cols);
  }
  mean(...cols: string[]): DataFrame {
    return this.numeric('avg', cols);
  }
  min(...cols: string[]): DataFrame {
    return this.numeric('min', cols);
  }
  max(...cols: string[]): DataFrame {
    return this.numeric('max', cols);
  }
}
