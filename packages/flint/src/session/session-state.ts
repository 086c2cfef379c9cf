// The contract between the public API (DataFrame, Column, reader...) and the session core that
// parses, analyzes, optimizes, plans and executes. The API builds LogicalPlans; the core runs them.

import type { Batch, StructType } from '@flint/common';
import type { Expr, FileFormatName, LogicalPlan } from '@flint/planner';

/** What DataFrameWriter.save asks for. */
export interface WriteSpec {
  readonly format: FileFormatName;
  readonly path: string;
  readonly mode: 'errorifexists' | 'append' | 'overwrite' | 'ignore';
  readonly options: Readonly<Record<string, string>>;
  /** Partition column names, in partitionBy order. */
  readonly partitionBy: readonly string[];
}

export interface QueryResult {
  readonly schema: StructType;
  readonly batches: readonly Batch[];
}

export type ExplainMode = 'simple' | 'extended' | 'formatted' | 'cost' | 'codegen';

export interface RuntimeConfig {
  get(key: string): string | undefined;
  get(key: string, defaultValue: string): string;
  set(key: string, value: string | number | boolean): void;
  unset(key: string): void;
  getAll(): ReadonlyMap<string, string>;
}

export interface SessionState {
  readonly conf: RuntimeConfig;
  /** A fresh ExprId. */
  nextExprId(): number;
  /**
   * Resolves a plan whose nodes may mix resolved subtrees (from earlier DataFrames) and unresolved
   * nodes on top. Throws FlintError (UNRESOLVED_COLUMN..., TABLE_OR_VIEW_NOT_FOUND...).
   */
  analyze(plan: LogicalPlan): LogicalPlan;
  /** Optimizes, plans and runs an analyzed plan. */
  execute(plan: LogicalPlan, signal?: AbortSignal): Promise<QueryResult>;
  explainString(plan: LogicalPlan, mode: ExplainMode): string;
  /**
   * Parses and runs one SQL statement. Commands run now (`signal` cancels them); a query returns its
   * analyzed plan unexecuted.
   */
  sql(text: string, signal?: AbortSignal): Promise<LogicalPlan>;
  /** Parses a SQL expression into an unresolved Expr (for expr(), selectExpr, filter(string)). */
  parseExpression(text: string): Expr;
  /** Parses a table name such as 'db.t' into parts. */
  parseTableName(text: string): string[];
  /** The analyzed plan of a table or view (throws TABLE_OR_VIEW_NOT_FOUND). */
  table(name: string): LogicalPlan;
  createTempView(name: string, plan: LogicalPlan, replace: boolean): void;
  dropTempView(name: string): boolean;
  listTables(): readonly { name: string; isTemporary: boolean }[];
  /** Schema inference for the reader; `schema` skips inference. */
  fileRelation(
    format: FileFormatName,
    paths: readonly string[],
    options: Readonly<Record<string, string>>,
    schema: StructType | null,
  ): Promise<LogicalPlan>;
  /** Writes the rows of an analyzed plan as files at a path (DataFrameWriter.save). */
  writeFiles(plan: LogicalPlan, spec: WriteSpec): Promise<void>;
  /** DataFrameWriter.saveAsTable; `spec.format` null: the existing table's or the default format. */
  saveAsTable(
    plan: LogicalPlan,
    name: string,
    spec: Omit<WriteSpec, 'path' | 'format'> & { readonly format: string | null },
  ): Promise<void>;
  /** DataFrameWriter.insertInto: by position into an existing table. */
  insertInto(plan: LogicalPlan, name: string, overwrite: boolean): Promise<void>;
  /** Marks a plan to be cached; later plans containing it read the cache. */
  cache(plan: LogicalPlan): void;
  /** Marks a plan to be cached and computes it now (CACHE TABLE without LAZY). */
  cacheNow(plan: LogicalPlan): Promise<void>;
  uncache(plan: LogicalPlan): void;
  /** Drops every cached plan (CLEAR CACHE, spark.catalog.clearCache()). */
  clearCache(): void;
  isCached(plan: LogicalPlan, throughAlias?: boolean): boolean;
}
