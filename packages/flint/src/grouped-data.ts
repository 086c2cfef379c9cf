// GroupedData: what df.groupBy(...) returns; agg(...), count(), sum(), avg(), min(), max() build the
// Aggregate (grouping columns first, as spark.sql.retainGroupColumns).

import { FlintError, isNumeric, T } from '@flint/common';
import type { Expr, NamedExpr } from '@flint/planner';
import { Column } from './column.js';
import { alias, asNamed, fn, literal } from './exprs.js';
import type { DataFrame } from './dataframe.js';

/** Spark's RelationalGroupedDataset.strToExpr: the function names accepted by agg({col: fn}). */
function aggByName(fnName: string, column: string, df: DataFrame): Expr {
  const input: Expr =
    column === '*' ? { kind: 'UnresolvedStar', target: null } : { kind: 'UnresolvedAttribute', nameParts: [column] };
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

export class GroupedData {
  constructor(
    private readonly df: DataFrame,
    private readonly groupingExprs: readonly Expr[],
  ) {}

  private aggregate(aggExprs: readonly Expr[]): DataFrame {
    const list: NamedExpr[] = [...this.groupingExprs, ...aggExprs].map((e) => asNamed(this.df.bind(e)));
    return this.df.derive({ kind: 'Aggregate', groupingExprs: this.groupingExprs, aggregateExprs: list, child: this.df.plan });
  }

  /** agg(sum('a'), max('b')) or agg({ a: 'sum', b: 'max' }). */
  agg(...exprs: (Column | Readonly<Record<string, string>>)[]): DataFrame {
    const out: Expr[] = [];
    for (const e of exprs) {
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
