// The SQL abstract syntax tree: what the parser builds from text and the planner turns into an
// unresolved logical plan. Plain immutable data; every node carries its place in the text so that
// errors can point at it.

import type { DataType, Value } from '@flint/common';

/** Where a node stands in the statement text: 0-based offsets (stop inclusive), 1-based line and column. */
export interface Origin {
  readonly start: number;
  readonly stop: number;
  readonly line: number;
  readonly column: number;
}

interface Node {
  readonly origin?: Origin;
}

// ---------------------------------------------------------------- expressions

export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | 'DIV'
  | '||'
  | '&'
  | '|'
  | '^'
  /** Shifts (Spark 4): shiftleft, shiftright, shiftrightunsigned. */
  | '<<'
  | '>>'
  | '>>>'
  | '='
  | '=='
  | '<=>'
  | '!='
  | '<>'
  | '<'
  | '<='
  | '>'
  | '>='
  | 'AND'
  | 'OR';

export type UnaryOp = '-' | '+' | '~' | 'NOT';

export interface SortItem extends Node {
  readonly expr: AstExpr;
  readonly direction: 'ASC' | 'DESC';
  /** Absent when the text does not say: ASC puts NULLs first, DESC last (Spark's default). */
  readonly nulls?: 'FIRST' | 'LAST';
}

export type FrameBound =
  | { readonly kind: 'UnboundedPreceding' }
  | { readonly kind: 'UnboundedFollowing' }
  | { readonly kind: 'CurrentRow' }
  | { readonly kind: 'Preceding'; readonly offset: AstExpr }
  | { readonly kind: 'Following'; readonly offset: AstExpr };

export interface WindowFrame {
  readonly type: 'ROWS' | 'RANGE';
  readonly start: FrameBound;
  readonly end: FrameBound;
}

export interface WindowSpec extends Node {
  /** `OVER w` or `OVER (w ORDER BY ...)`: a window named in the WINDOW clause. */
  readonly baseName?: string;
  readonly partitionBy: readonly AstExpr[];
  readonly orderBy: readonly SortItem[];
  readonly frame?: WindowFrame;
}

export type AstExpr =
  /** A literal whose type the parser knows: 1 (int), 2147483648 (bigint), 1L, 1S, 1Y, 1.5 (decimal(2,1)),
   *  1e3 (double), 1D, 1F, 2.5BD, 'x' (string), true, NULL. Decimal values are unscaled bigints. */
  | (Node & { readonly kind: 'Literal'; readonly dataType: DataType; readonly value: Value })
  /** DATE '2020-01-01', TIMESTAMP '...', TIMESTAMP_NTZ '...', TIMESTAMP_LTZ '...', X'0A0B' (the text as written). */
  | (Node & {
      readonly kind: 'TypedLiteral';
      readonly typeName: 'DATE' | 'TIMESTAMP' | 'TIMESTAMP_NTZ' | 'TIMESTAMP_LTZ' | 'TIME' | 'BINARY';
      readonly text: string;
    })
  /** INTERVAL '1' DAY, INTERVAL 1 YEAR 2 MONTHS, INTERVAL '1-2' YEAR TO MONTH, INTERVAL '1 day 2 hours'.
   *  `to` is set for the `unit TO unit` form. Units are upper case, singular (YEAR, MONTH, WEEK, DAY, HOUR,
   *  MINUTE, SECOND, MILLISECOND, MICROSECOND); a part with no unit holds a whole interval string. */
  | (Node & {
      readonly kind: 'IntervalLiteral';
      readonly parts: readonly { readonly value: string; readonly unit?: string; readonly to?: string }[];
    })
  /** a, t.a, db.t.a, s.field: the analyzer decides what the parts mean. Quoted parts are unquoted here. */
  | (Node & { readonly kind: 'Column'; readonly nameParts: readonly string[] })
  /** `*` or `t.*` in a select list or function argument. */
  | (Node & {
      readonly kind: 'Star';
      readonly target?: readonly string[];
      /** `* EXCEPT (a, s.f)`: the columns (name paths) to leave out. */
      readonly except?: readonly (readonly string[])[];
    })
  | (Node & { readonly kind: 'Unary'; readonly op: UnaryOp; readonly operand: AstExpr })
  | (Node & {
      readonly kind: 'Binary';
      readonly op: BinaryOp;
      readonly left: AstExpr;
      readonly right: AstExpr;
    })
  /** A function call. `name` is the name as written, possibly qualified. `count(*)` has isStar set and no
   *  args. `over` is a window spec; `filter` is FILTER (WHERE ...); `orderWithin` is WITHIN GROUP (ORDER BY). */
  | (Node & {
      readonly kind: 'Call';
      readonly name: readonly string[];
      readonly args: readonly AstExpr[];
      readonly distinct: boolean;
      readonly isStar: boolean;
      readonly filter?: AstExpr;
      readonly over?: WindowSpec;
      readonly ignoreNulls?: boolean;
      readonly orderWithin?: readonly SortItem[];
      /** `struct(a AS x, b)`: the alias of each argument written with AS, null where none. */
      readonly argNames?: readonly (string | null)[];
    })
  /** CAST(x AS t), x::t (mode 'cast'), TRY_CAST(x AS t) (mode 'try'). */
  | (Node & {
      readonly kind: 'Cast';
      readonly expr: AstExpr;
      readonly targetType: DataType;
      readonly mode: 'cast' | 'try';
      /** The target type as written (e.g. 'INT', 'VARCHAR(10)'), for error messages and names. */
      readonly typeText: string;
    })
  | (Node & {
      readonly kind: 'Case';
      readonly operand?: AstExpr;
      readonly branches: readonly { readonly when: AstExpr; readonly then: AstExpr }[];
      readonly else?: AstExpr;
    })
  | (Node & {
      readonly kind: 'In';
      readonly expr: AstExpr;
      readonly list: readonly AstExpr[];
      readonly negated: boolean;
    })
  /** (a, b) IN (SELECT ...): `exprs` has one element for the plain form. */
  | (Node & {
      readonly kind: 'InSubquery';
      readonly exprs: readonly AstExpr[];
      readonly query: Query;
      readonly negated: boolean;
    })
  | (Node & { readonly kind: 'Exists'; readonly query: Query; readonly negated: boolean })
  | (Node & { readonly kind: 'ScalarSubquery'; readonly query: Query })
  | (Node & {
      readonly kind: 'Between';
      readonly expr: AstExpr;
      readonly low: AstExpr;
      readonly high: AstExpr;
      readonly negated: boolean;
    })
  /** LIKE / ILIKE / RLIKE (REGEXP). `quantifier` is set for LIKE ANY|ALL|SOME (p1, p2...), with `patterns`. */
  | (Node & {
      readonly kind: 'Like';
      readonly op: 'LIKE' | 'ILIKE' | 'RLIKE';
      readonly expr: AstExpr;
      readonly pattern?: AstExpr;
      readonly escape?: string;
      readonly negated: boolean;
      readonly quantifier?: 'ANY' | 'ALL' | 'SOME';
      readonly patterns?: readonly AstExpr[];
    })
  | (Node & { readonly kind: 'IsNull'; readonly expr: AstExpr; readonly negated: boolean })
  /** IS [NOT] TRUE | FALSE | UNKNOWN */
  | (Node & {
      readonly kind: 'IsBoolean';
      readonly expr: AstExpr;
      readonly value: boolean | null;
      readonly negated: boolean;
    })
  | (Node & {
      readonly kind: 'IsDistinctFrom';
      readonly left: AstExpr;
      readonly right: AstExpr;
      readonly negated: boolean;
    })
  /** a[i], m['k'] */
  | (Node & { readonly kind: 'Subscript'; readonly expr: AstExpr; readonly index: AstExpr })
  /** (expr).name for a field of a struct-valued expression that is not a plain column path. */
  | (Node & { readonly kind: 'FieldAccess'; readonly expr: AstExpr; readonly field: string })
  /** x -> x + 1, (x, y) -> x + y */
  | (Node & { readonly kind: 'Lambda'; readonly params: readonly string[]; readonly body: AstExpr })
  /** EXTRACT(YEAR FROM x); `field` as written, upper-cased. */
  | (Node & { readonly kind: 'Extract'; readonly field: string; readonly source: AstExpr })
  /** (a, b) as a row value, e.g. on the left of IN. */
  | (Node & {
      readonly kind: 'Tuple';
      readonly items: readonly AstExpr[];
      /** `(1 AS a, 2 AS b)`: field names written with AS, null where none (a named struct). */
      readonly names?: readonly (string | null)[];
    })
  /** A named parameter marker `:name` or positional `?` (kept for EXECUTE IMMEDIATE). */
  | (Node & { readonly kind: 'Parameter'; readonly name?: string; readonly position?: number });

// Special call syntaxes become plain Calls with Spark's function name:
//   TRIM([BOTH|LEADING|TRAILING] [chars] FROM s) -> trim/ltrim/rtrim(s [, chars])
//   SUBSTRING(s FROM a [FOR b]) -> substring(s, a [, b]); POSITION(a IN b) -> position(a, b)
//   OVERLAY(a PLACING b FROM c [FOR d]) -> overlay(a, b, c [, d])
//   CURRENT_DATE / CURRENT_TIMESTAMP / CURRENT_USER without parentheses -> Call with no args.

// ---------------------------------------------------------------- relations (FROM)

export interface TableAlias {
  readonly name: string;
  readonly columns?: readonly string[];
}

export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'LEFT_SEMI' | 'LEFT_ANTI' | 'CROSS';

export type Relation =
  /** A table or view, possibly qualified; also `parquet.\`path\`` (name ['parquet', 'path']). */
  | (Node & { readonly kind: 'TableRef'; readonly name: readonly string[]; readonly alias?: TableAlias })
  | (Node & { readonly kind: 'SubqueryRef'; readonly query: Query; readonly alias?: TableAlias })
  | (Node & {
      readonly kind: 'InlineTable';
      readonly rows: readonly (readonly AstExpr[])[];
      readonly alias?: TableAlias;
    })
  | (Node & {
      readonly kind: 'Join';
      readonly joinType: JoinType;
      readonly natural: boolean;
      readonly left: Relation;
      readonly right: Relation;
      readonly condition?: AstExpr;
      readonly using?: readonly string[];
      /** JOIN LATERAL (subquery) */
      readonly lateral?: boolean;
    })
  /** range(10), explode(array(1, 2)) AS t(x) in FROM. */
  | (Node & {
      readonly kind: 'TableFunction';
      readonly name: string;
      readonly args: readonly AstExpr[];
      readonly alias?: TableAlias;
    })
  /** FROM t PIVOT (agg(x) [AS a], ... FOR col | (c1, c2) IN (v [AS n], ...)) [AS alias] */
  | (Node & {
      readonly kind: 'Pivot';
      readonly child: Relation;
      readonly aggregates: readonly { readonly expr: AstExpr; readonly alias?: string }[];
      readonly columns: readonly AstExpr[];
      readonly values: readonly { readonly expr: AstExpr; readonly alias?: string }[];
      readonly alias?: TableAlias;
    })
  /** FROM t UNPIVOT [INCLUDE|EXCLUDE NULLS] (v | (v1, v2) FOR name IN (c [AS a] | (c1, c2) [AS a], ...)) */
  | (Node & {
      readonly kind: 'Unpivot';
      readonly child: Relation;
      readonly includeNulls: boolean;
      readonly valueColumns: readonly string[];
      readonly nameColumn: string;
      readonly columns: readonly {
        readonly names: readonly (readonly string[])[];
        readonly alias?: string;
      }[];
      readonly alias?: TableAlias;
    })
  /** FROM t LATERAL VIEW [OUTER] explode(x) tbl AS c1, c2 */
  | (Node & {
      readonly kind: 'LateralView';
      readonly child: Relation;
      readonly fn: AstExpr;
      readonly outer: boolean;
      readonly tableAlias?: string;
      readonly columnAliases: readonly string[];
    });

// ---------------------------------------------------------------- queries

export interface SelectItem extends Node {
  readonly expr: AstExpr;
  readonly alias?: string;
  /** AS (a, b) for a generator in the select list. */
  readonly aliases?: readonly string[];
}

/** One hint of a SELECT's hint comment: its name and its parameters as written (names or literals). */
export interface SelectHint {
  readonly name: string;
  readonly parameters: readonly string[];
}

export type GroupBy =
  | { readonly kind: 'Exprs'; readonly exprs: readonly AstExpr[] }
  | { readonly kind: 'All' }
  | { readonly kind: 'Rollup'; readonly exprs: readonly AstExpr[] }
  | { readonly kind: 'Cube'; readonly exprs: readonly AstExpr[] }
  | { readonly kind: 'GroupingSets'; readonly sets: readonly (readonly AstExpr[])[] }
  /** GROUP BY a, ROLLUP(b), CUBE(c) ... mixed; each element one of the above. */
  | { readonly kind: 'Mixed'; readonly parts: readonly GroupBy[] };

export type QueryBody =
  | (Node & {
      readonly kind: 'Select';
      readonly distinct: boolean;
      readonly items: readonly SelectItem[];
      /** null for SELECT without FROM. Several comma-separated relations become CROSS joins. */
      readonly from: Relation | null;
      readonly where?: AstExpr;
      readonly groupBy?: GroupBy;
      readonly having?: AstExpr;
      readonly windows?: readonly { readonly name: string; readonly spec: WindowSpec }[];
      readonly qualify?: AstExpr;
      /** Hints from a hint comment (slash-star-plus) right after SELECT, e.g. BROADCAST(t). */
      readonly hints?: readonly SelectHint[];
    })
  | (Node & {
      readonly kind: 'SetOperation';
      readonly op: 'UNION' | 'INTERSECT' | 'EXCEPT';
      readonly all: boolean;
      /** UNION BY NAME (Spark 4) */
      readonly byName?: boolean;
      readonly left: QueryBody;
      readonly right: QueryBody;
    })
  /** VALUES (1, 2), (3, 4) as a whole query. */
  | (Node & {
      readonly kind: 'Values';
      readonly rows: readonly (readonly AstExpr[])[];
      readonly alias?: TableAlias;
    })
  /** TABLE t */
  | (Node & { readonly kind: 'Table'; readonly name: readonly string[] })
  /** A parenthesised query with its own WITH / ORDER BY / LIMIT. */
  | (Node & { readonly kind: 'Nested'; readonly query: Query });

export interface Cte extends Node {
  readonly name: string;
  readonly columns?: readonly string[];
  readonly query: Query;
  /** WITH RECURSIVE r MAX RECURSION LEVEL n AS (...) */
  readonly maxRecursionLevel?: number;
}

export interface Query extends Node {
  readonly kind: 'Query';
  readonly with?: { readonly recursive: boolean; readonly ctes: readonly Cte[] };
  readonly body: QueryBody;
  readonly orderBy?: readonly SortItem[];
  /** SORT BY (per-partition sort) */
  readonly sortBy?: readonly SortItem[];
  readonly distributeBy?: readonly AstExpr[];
  readonly clusterBy?: readonly AstExpr[];
  /** LIMIT ALL leaves this out (and sets `limitAll`). */
  readonly limit?: AstExpr;
  /** LIMIT ALL: no limit, but a recursive CTE below no longer checks its row limit (Spark 4.1). */
  readonly limitAll?: true;
  readonly offset?: AstExpr;
}

// ---------------------------------------------------------------- statements

export interface ColumnDef extends Node {
  readonly name: string;
  readonly dataType: DataType;
  readonly nullable: boolean;
  readonly comment?: string;
  readonly default?: AstExpr;
}

export type Statement =
  | (Node & { readonly kind: 'QueryStatement'; readonly query: Query })
  | (Node & {
      readonly kind: 'CreateView';
      readonly name: readonly string[];
      readonly replace: boolean;
      readonly temporary: boolean;
      readonly global: boolean;
      readonly ifNotExists: boolean;
      readonly columns?: readonly { readonly name: string; readonly comment?: string }[];
      readonly query: Query;
      /** The query's text, kept for DESCRIBE and SHOW CREATE. */
      readonly queryText: string;
    })
  /** CREATE TEMPORARY VIEW v USING parquet OPTIONS (path '...') */
  | (Node & {
      readonly kind: 'CreateTempViewUsing';
      readonly name: readonly string[];
      readonly replace: boolean;
      readonly global: boolean;
      readonly columns?: readonly ColumnDef[];
      readonly provider: string;
      readonly options: Readonly<Record<string, string>>;
    })
  | (Node & {
      readonly kind: 'CreateTable';
      readonly name: readonly string[];
      readonly replace: boolean;
      readonly ifNotExists: boolean;
      readonly external: boolean;
      readonly columns?: readonly ColumnDef[];
      readonly provider?: string;
      readonly options: Readonly<Record<string, string>>;
      readonly partitionBy?: readonly string[];
      readonly location?: string;
      readonly comment?: string;
      readonly properties?: Readonly<Record<string, string>>;
      readonly asSelect?: Query;
    })
  | (Node & {
      readonly kind: 'InsertInto';
      readonly table: readonly string[];
      readonly overwrite: boolean;
      readonly columns?: readonly string[];
      /** BY NAME */
      readonly byName?: boolean;
      readonly partition?: readonly { readonly name: string; readonly value?: AstExpr }[];
      readonly ifNotExists?: boolean;
      readonly query: Query;
    })
  | (Node & {
      readonly kind: 'DropTable';
      readonly name: readonly string[];
      readonly ifExists: boolean;
      readonly isView: boolean;
      readonly purge?: boolean;
    })
  | (Node & { readonly kind: 'TruncateTable'; readonly name: readonly string[] })
  /** SET; SET key; SET key = value; SET -v. `key` and `value` are the raw text. */
  | (Node & { readonly kind: 'SetConfig'; readonly key?: string; readonly value?: string })
  | (Node & { readonly kind: 'ResetConfig'; readonly key?: string })
  | (Node & {
      readonly kind: 'Explain';
      readonly mode: 'SIMPLE' | 'EXTENDED' | 'FORMATTED' | 'CODEGEN' | 'COST';
      readonly statement: Statement;
    })
  | (Node & { readonly kind: 'ShowTables'; readonly database?: string; readonly pattern?: string })
  | (Node & { readonly kind: 'ShowColumns'; readonly table: readonly string[] })
  | (Node & { readonly kind: 'ShowFunctions'; readonly pattern?: string })
  | (Node & { readonly kind: 'ShowDatabases'; readonly pattern?: string })
  | (Node & {
      readonly kind: 'DescribeTable';
      readonly table: readonly string[];
      readonly extended: boolean;
      readonly column?: readonly string[];
    })
  | (Node & { readonly kind: 'DescribeQuery'; readonly query: Query })
  | (Node & { readonly kind: 'DescribeFunction'; readonly name: string; readonly extended: boolean })
  | (Node & {
      readonly kind: 'CacheTable';
      readonly name: readonly string[];
      readonly lazy: boolean;
      readonly options: Readonly<Record<string, string>>;
      readonly query?: Query;
    })
  | (Node & { readonly kind: 'UncacheTable'; readonly name: readonly string[]; readonly ifExists: boolean })
  | (Node & { readonly kind: 'ClearCache' })
  | (Node & { readonly kind: 'UseDatabase'; readonly name: string })
  | (Node & {
      readonly kind: 'CreateDatabase';
      readonly name: string;
      readonly ifNotExists: boolean;
    })
  | (Node & {
      readonly kind: 'DropDatabase';
      readonly name: string;
      readonly ifExists: boolean;
      readonly cascade: boolean;
    })
  /** EXECUTE IMMEDIATE 'sql' [USING args] */
  | (Node & {
      readonly kind: 'ExecuteImmediate';
      readonly sql: AstExpr;
      readonly args: readonly { readonly expr: AstExpr; readonly name?: string }[];
      /** INTO var1, var2 */
      readonly into?: readonly string[];
    });

export type StatementKind = Statement['kind'];
