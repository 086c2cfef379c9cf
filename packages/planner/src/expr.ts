// Expressions: one union for unresolved (from the parser or the DataFrame API) and resolved forms.
// After analysis, a tree holds no Unresolved* node; every column is an AttributeReference naming its
// producer by ExprId, and every node's type is known (see `dataTypeOf`).

import type { DataType, Value } from '@flint/common';
import type { Origin } from '@flint/sql';
import type { LogicalPlan } from './logical-plan.js';

export type ExprId = number;

/** Spark's EvalMode: ANSI raises errors (overflow, invalid cast); LEGACY returns NULL or wraps; TRY returns NULL. */
export type EvalMode = 'ANSI' | 'LEGACY' | 'TRY';

export type SortDirection = 'Ascending' | 'Descending';
export type NullOrdering = 'NullsFirst' | 'NullsLast';

export type FrameBoundary =
  | { readonly kind: 'UnboundedPreceding' }
  | { readonly kind: 'UnboundedFollowing' }
  | { readonly kind: 'CurrentRow' }
  /** ROWS: a row count; RANGE: a value of the order key's type (an Expr that folds to a literal). */
  | { readonly kind: 'Offset'; readonly value: Expr };

export interface WindowFrameSpec {
  readonly frameType: 'RowFrame' | 'RangeFrame';
  readonly lower: FrameBoundary;
  readonly upper: FrameBoundary;
}

export type ArithmeticOp =
  'Add' | 'Subtract' | 'Multiply' | 'Divide' | 'IntegralDivide' | 'Remainder' | 'Pmod';
export type ComparisonOp =
  'EqualTo' | 'EqualNullSafe' | 'LessThan' | 'LessThanOrEqual' | 'GreaterThan' | 'GreaterThanOrEqual';
export type BitwiseOp = 'BitwiseAnd' | 'BitwiseOr' | 'BitwiseXor';

/** The SQL symbol of each operator, as Spark prints it in generated names and messages. */
export const ARITH_SYMBOL: Readonly<Record<ArithmeticOp, string>> = {
  Add: '+',
  Subtract: '-',
  Multiply: '*',
  Divide: '/',
  IntegralDivide: 'div',
  Remainder: '%',
  Pmod: 'pmod',
};
export const CMP_SYMBOL: Readonly<Record<ComparisonOp, string>> = {
  EqualTo: '=',
  EqualNullSafe: '<=>',
  LessThan: '<',
  LessThanOrEqual: '<=',
  GreaterThan: '>',
  GreaterThanOrEqual: '>=',
};
export const BITWISE_SYMBOL: Readonly<Record<BitwiseOp, string>> = {
  BitwiseAnd: '&',
  BitwiseOr: '|',
  BitwiseXor: '^',
};

interface ExprBase {
  /** Where the expression came from in SQL text, for error messages. */
  readonly origin?: Origin;
}

export type Expr =
  // ---- leaves
  | (ExprBase & { readonly kind: 'Literal'; readonly value: Value; readonly dataType: DataType })
  | (ExprBase & {
      readonly kind: 'AttributeReference';
      readonly id: ExprId;
      readonly name: string;
      readonly dataType: DataType;
      readonly nullable: boolean;
      /** The relation alias path the attribute is known by (e.g. ['t']), for name resolution only. */
      readonly qualifier: readonly string[];
    })
  /** A column of an enclosing query, inside a correlated subquery. */
  | (ExprBase & { readonly kind: 'OuterReference'; readonly attr: AttributeRef })
  // ---- naming
  | (ExprBase & {
      readonly kind: 'Alias';
      readonly child: Expr;
      readonly name: string;
      readonly id: ExprId;
      readonly qualifier?: readonly string[];
      /** `gen(...) AS (a, b)`: the column names of a generator in a select list. */
      readonly multiNames?: readonly string[];
    })
  // ---- operators
  | (ExprBase & {
      readonly kind: 'Cast';
      readonly child: Expr;
      readonly dataType: DataType;
      readonly evalMode: EvalMode;
      /** Written by the user (CAST, ::, .cast()); implicit casts from type coercion are left out of names. */
      readonly userSpecified: boolean;
    })
  | (ExprBase & {
      readonly kind: 'Arithmetic';
      readonly op: ArithmeticOp;
      readonly left: Expr;
      readonly right: Expr;
      readonly dataType: DataType;
      readonly evalMode: EvalMode;
    })
  | (ExprBase & { readonly kind: 'UnaryMinus'; readonly child: Expr; readonly evalMode: EvalMode })
  | (ExprBase & { readonly kind: 'UnaryPositive'; readonly child: Expr })
  | (ExprBase & {
      readonly kind: 'Comparison';
      readonly op: ComparisonOp;
      readonly left: Expr;
      readonly right: Expr;
    })
  | (ExprBase & { readonly kind: 'And'; readonly left: Expr; readonly right: Expr })
  | (ExprBase & { readonly kind: 'Or'; readonly left: Expr; readonly right: Expr })
  | (ExprBase & { readonly kind: 'Not'; readonly child: Expr })
  | (ExprBase & {
      readonly kind: 'Bitwise';
      readonly op: BitwiseOp;
      readonly left: Expr;
      readonly right: Expr;
    })
  | (ExprBase & { readonly kind: 'BitwiseNot'; readonly child: Expr })
  | (ExprBase & { readonly kind: 'IsNull'; readonly child: Expr })
  | (ExprBase & { readonly kind: 'IsNotNull'; readonly child: Expr })
  /** CASE WHEN c1 THEN v1 ... ELSE e END (the operand form is rewritten to equalities). `if` is one branch. */
  | (ExprBase & {
      readonly kind: 'CaseWhen';
      readonly branches: readonly { readonly condition: Expr; readonly value: Expr }[];
      readonly elseValue: Expr | null;
      readonly dataType: DataType;
      /**
       * The function call this CASE was resolved from (if, coalesce, nvl, nvl2, nullif, nanvl...), for
       * Spark's generated names: print `lookupFunction(display.name).prettySql(e, display.args.map(sql))`.
       */
      readonly display?: { readonly name: string; readonly args: readonly Expr[] };
    })
  | (ExprBase & { readonly kind: 'In'; readonly value: Expr; readonly list: readonly Expr[] })
  /** A built-in scalar function, evaluated by the kernel registered under `name` (Spark's lower-case name). */
  | (ExprBase & {
      readonly kind: 'ScalarFunction';
      readonly name: string;
      readonly args: readonly Expr[];
      readonly dataType: DataType;
      readonly nullable: boolean;
      /** Extra constant arguments the kernel needs (time zone, format, eval mode...). */
      readonly options?: Readonly<Record<string, Value>>;
    })
  // ---- aggregates and windows
  /** An aggregate call; inside an Aggregate's expressions or a WindowExpression. */
  | (ExprBase & {
      readonly kind: 'AggregateExpression';
      readonly name: string;
      readonly args: readonly Expr[];
      readonly distinct: boolean;
      readonly filter: Expr | null;
      readonly dataType: DataType;
      readonly nullable: boolean;
      /** Unique per aggregate call, so that a planned aggregate can be referenced from result expressions. */
      readonly resultId: ExprId;
      readonly ignoreNulls?: boolean;
      /** Constant parameters: percentile, separator... */
      readonly options?: Readonly<Record<string, Value>>;
    })
  /** row_number, rank, dense_rank, percent_rank, cume_dist, ntile, lag, lead, nth_value, first_value... */
  | (ExprBase & {
      readonly kind: 'WindowFunction';
      readonly name: string;
      readonly args: readonly Expr[];
      readonly dataType: DataType;
      readonly nullable: boolean;
      readonly ignoreNulls: boolean;
    })
  | (ExprBase & {
      readonly kind: 'WindowExpression';
      /** An AggregateExpression or a WindowFunction. */
      readonly function: Expr;
      readonly partitionSpec: readonly Expr[];
      readonly orderSpec: readonly SortOrder[];
      readonly frame: WindowFrameSpec;
    })
  | SortOrder
  // ---- subqueries (rewritten to joins by the optimizer, or evaluated once when uncorrelated)
  | (ExprBase & {
      readonly kind: 'ScalarSubquery';
      readonly plan: LogicalPlan;
      readonly id: ExprId;
      readonly dataType: DataType;
      readonly outerAttrs: readonly AttributeRef[];
    })
  | (ExprBase & {
      readonly kind: 'InSubquery';
      readonly values: readonly Expr[];
      readonly plan: LogicalPlan;
      readonly outerAttrs: readonly AttributeRef[];
    })
  | (ExprBase & {
      readonly kind: 'Exists';
      readonly plan: LogicalPlan;
      readonly outerAttrs: readonly AttributeRef[];
    })
  // ---- higher-order functions
  | (ExprBase & {
      readonly kind: 'LambdaFunction';
      readonly params: readonly LambdaVariable[];
      readonly body: Expr;
    })
  | LambdaVariable
  // ---- unresolved forms: only before analysis
  | (ExprBase & { readonly kind: 'UnresolvedAttribute'; readonly nameParts: readonly string[] })
  | (ExprBase & {
      readonly kind: 'UnresolvedStar';
      readonly target: readonly string[] | null;
      /** `* EXCEPT (a, s.f)`: columns, or nested struct fields, left out of the expansion. */
      readonly except?: readonly (readonly string[])[];
      /** `df.col('*')`: only that DataFrame's own columns, by id, even over a join (Spark's ResolvedStar). */
      readonly ofColumns?: readonly ExprId[];
    })
  | (ExprBase & {
      readonly kind: 'UnresolvedFunction';
      readonly name: readonly string[];
      readonly args: readonly Expr[];
      readonly distinct: boolean;
      readonly isStar: boolean;
      readonly filter: Expr | null;
      readonly ignoreNulls: boolean;
      readonly orderWithin?: readonly SortOrder[];
    })
  /** An expression the user did not name: the analyzer names it (Spark's generated names). */
  | (ExprBase & { readonly kind: 'UnresolvedAlias'; readonly child: Expr })
  | (ExprBase & {
      readonly kind: 'UnresolvedWindowExpression';
      readonly function: Expr;
      readonly partitionSpec: readonly Expr[];
      readonly orderSpec: readonly SortOrder[];
      readonly frame: WindowFrameSpec | null;
      readonly windowName?: string;
    })
  /** a[i], m[k], s.f on an expression */
  | (ExprBase & { readonly kind: 'UnresolvedExtractValue'; readonly child: Expr; readonly extraction: Expr })
  /** A value that only exists while the analyzer is working (e.g. a typed literal waiting for the time zone). */
  | (ExprBase & { readonly kind: 'UnresolvedTypedLiteral'; readonly typeName: string; readonly text: string })
  | (ExprBase & {
      readonly kind: 'UnresolvedSubquery';
      readonly subqueryKind: 'Scalar' | 'Exists';
      readonly plan: LogicalPlan;
    })
  | (ExprBase & {
      readonly kind: 'UnresolvedInSubquery';
      readonly values: readonly Expr[];
      readonly plan: LogicalPlan;
    })
  /** A positional reference in GROUP BY / ORDER BY (1-based), before resolution. */
  | (ExprBase & { readonly kind: 'UnresolvedOrdinal'; readonly ordinal: number });

export type AttributeRef = Extract<Expr, { kind: 'AttributeReference' }>;
export type AliasExpr = Extract<Expr, { kind: 'Alias' }>;
export type LiteralExpr = Extract<Expr, { kind: 'Literal' }>;

export interface SortOrder extends ExprBase {
  readonly kind: 'SortOrder';
  readonly child: Expr;
  readonly direction: SortDirection;
  readonly nullOrdering: NullOrdering;
}

export interface LambdaVariable extends ExprBase {
  readonly kind: 'LambdaVariable';
  readonly name: string;
  readonly id: ExprId;
  readonly dataType: DataType;
  readonly nullable: boolean;
}

/** A named output column: an attribute passed through or an aliased expression. */
export type NamedExpr = AttributeRef | AliasExpr;

export type ExprKind = Expr['kind'];
