// The shape of a built-in function's definition: how a call is type-checked and resolved into an
// Expr. The function library registers one FunctionDef per name (see ./index.ts).

import type { DataType } from '@flint/common';
import type { Origin } from '@flint/sql';
import type { Expr, ExprId } from '../expr.js';

export interface FunctionResolutionContext {
  /** spark.sql.ansi.enabled */
  readonly ansi: boolean;
  /** Session time zone. */
  readonly timeZone: string;
  /** Fresh ExprIds (for AggregateExpression.resultId, lambda variables...). */
  nextExprId(): ExprId;
  readonly conf: ReadonlyMap<string, string>;
  /** The catalog's current database (current_database()); 'default' when not given. */
  readonly currentDatabase?: string;
  /** Spark's SQL text of a resolved expression (toPrettySQL), for `sqlExpr` in error messages. Optional. */
  readonly exprSql?: (e: Expr) => string;
}

export interface CallInfo {
  readonly distinct: boolean;
  /** count(*) */
  readonly isStar: boolean;
  /** FILTER (WHERE ...), resolved. */
  readonly filter: Expr | null;
  readonly ignoreNulls: boolean;
  readonly origin?: Origin;
  /** The function name as called (lower case), when it was an alias: some functions print it (`ceiling(a)`). */
  readonly name?: string;
  /** ORDER BY of WITHIN GROUP (listagg, percentile_cont...), resolved. */
  readonly orderWithin?: readonly Expr[];
}

export interface FunctionDef {
  /** Spark's canonical lower-case name. */
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly kind: 'scalar' | 'aggregate' | 'window' | 'generator';
  /**
   * Type-checks resolved arguments (inserting implicit casts as Spark's ANSI coercion does) and returns
   * the resolved expression: usually a ScalarFunction / AggregateExpression / WindowFunction, but a
   * function may also become another node (e.g. `if` -> CaseWhen, `isnull` -> IsNull). Throws
   * FlintError (WRONG_NUM_ARGS.*, DATATYPE_MISMATCH.*) on bad calls.
   */
  resolve(args: readonly Expr[], call: CallInfo, ctx: FunctionResolutionContext): Expr;
  /**
   * Spark's SQL text of a resolved call, for generated column names, given the SQL text of each
   * argument (implicit casts already stripped). Absent: `name(arg1, arg2)`.
   */
  prettySql?(expr: Expr, argSql: readonly string[]): string;
  /**
   * Higher-order functions: the parameter types of the lambda at argument `lambdaIndex`, given the
   * other (resolved) arguments. Absent: element (and index) of an array first argument, key and value of a map.
   */
  lambdaParamTypes?(args: readonly Expr[], lambdaIndex: number): readonly DataType[];
}
