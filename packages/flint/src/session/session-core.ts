// The session core: analyze → optimize → physical plan → execute, with the catalog and the SQL
// configuration of one session. SQL statements are dispatched to ./commands.ts.

import {
  FlintError,
  T,
  formatQueryContext,
  getValue,
  parseBooleanConf,
  parseBytes,
  packPartition,
  type Batch,
  type StoredBatch,
  type StructType,
  type Value,
} from '@flint/common';
import {
  analyze,
  astExprToExpr,
  logicalPlanString,
  newCatalog,
  optimize,
  outputOf,
  physicalPlanString,
  planChildren,
  planPhysical,
  transformUpWithSubqueries,
  type Catalog,
  type CatalogEntry,
  type Expr,
  type FileFormatName,
  type LogicalPlan,
  type PhysicalPlan,
} from '@flint/planner';
import {
  balancedPartitions,
  compileExpression,
  executeCollect,
  executePlan,
  executeStages,
  createMemoryBudget,
  shareCachedPartitions,
  splitsFilesOnly,
  type EvalContext,
  type ExecuteOptions,
  type SparkListener,
} from '@flint/exec';
import { parseExpression, parseTableIdentifier } from '@flint/sql';
import { totalmem } from 'node:os';
import type { ExplainMode, QueryResult, RuntimeConfig, SessionState, WriteSpec } from './session-state.js';
import { newRuntimeConfig } from './runtime-config.js';
import { fileFormatOf } from '@flint/io';
import { runStatement } from './commands.js';
import { writeFiles } from './write-files.js';
import { insertIntoTable, saveAsTable, type SaveAsTableSpec } from './table-commands.js';
import { fileRelation, selectPartitions, type FileRelationContext } from './file-relation.js';
import { evaluateSubqueries } from './subquery-eval.js';
import { expandLateralJoins, hasLateralJoin } from './lateral-eval.js';

/** A query may hold 60% of the machine's memory in blocking operators unless spark.flint.query.maxMemory says. */
const DEFAULT_QUERY_MEMORY = String(Math.floor(totalmem() * 0.6));

/** ExprIds are unique in the process, so that plans may move between sessions that share tables. */
let exprIdCounter = 0;
export function nextExprId(): number {
  return ++exprIdCounter;
}

const EMPTY_BATCH: Batch = { numRows: 1, columns: [] };

export function schemaOf(plan: LogicalPlan): StructType {
  return T.struct(outputOf(plan).map((a) => T.field(a.name, a.dataType, a.nullable)));
}

export class SessionCore implements SessionState {
  readonly catalog: Catalog;
  readonly conf: RuntimeConfig;
  /** Plans marked for caching → their partitions once computed (null until the first action). */
  private readonly cached = new Map<LogicalPlan, Promise<readonly (readonly StoredBatch[])[]> | null>();
  /** The SQL text each plan from sql() came from, to show where a runtime error happened. */
  private readonly sqlText = new WeakMap<LogicalPlan, string>();

  /** SparkListeners hearing this session's jobs (shared with sessions made by newSession, as Spark's). */
  readonly listeners: SparkListener[];

  constructor(
    tables: Map<string, CatalogEntry> = new Map(),
    conf: RuntimeConfig = newRuntimeConfig(),
    listeners: SparkListener[] = [],
  ) {
    this.catalog = newCatalog(tables);
    this.conf = conf;
    this.listeners = listeners;
  }

  /** The AbortSignal of the action or statement running now: its jobs (subqueries too) stop with it. */
  private signal: AbortSignal | undefined = undefined;

  /** How the scheduler runs this session's jobs: spark.master from the conf, listeners, the signal. */
  private execOptions(): ExecuteOptions {
    return { listeners: this.listeners, ...(this.signal ? { signal: this.signal } : {}) };
  }

  nextExprId(): number {
    return nextExprId();
  }

  get ansi(): boolean {
    return parseBooleanConf(this.conf.get('spark.sql.ansi.enabled', 'true'));
  }

  get timeZone(): string {
    return this.conf.get('spark.sql.session.timeZone', 'UTC');
  }

  /** The start of the query being run: current_timestamp() and friends give it, folded or not. */
  private queryStart: bigint | null = null;

  evalContext(queryStartMicros = this.queryStart ?? BigInt(Date.now()) * 1000n): EvalContext {
    return { timeZone: this.timeZone, ansi: this.ansi, queryStartMicros, conf: this.conf.getAll() };
  }

  /** The eval context of a query to execute: with a memory budget of its own, which its tasks share. */
  private queryContext(): EvalContext {
    const limit = parseBytes(this.conf.get('spark.flint.query.maxMemory', DEFAULT_QUERY_MEMORY));
    return { ...this.evalContext(), memoryBudget: { shared: createMemoryBudget(limit).shared, limit } };
  }

  /** Evaluates a resolved expression without input columns. */
  evalConstant(e: Expr): Value {
    const vec = compileExpression(e, [], this.evalContext())(EMPTY_BATCH);
    return getValue(vec, 0);
  }

  analyze(plan: LogicalPlan): LogicalPlan {
    // Constants evaluated while analyzing (inline tables) see one current time, as a query does.
    const outer = this.queryStart;
    this.queryStart ??= BigInt(Date.now()) * 1000n;
    try {
      return analyze(plan, {
        catalog: this.catalog,
        conf: {
          ansi: this.ansi,
          caseSensitive: parseBooleanConf(this.conf.get('spark.sql.caseSensitive', 'false')),
          timeZone: this.timeZone,
          all: this.conf.getAll(),
        },
        nextExprId,
        evalConstant: (e) => this.evalConstant(e),
      });
    } finally {
      this.queryStart = outer;
    }
  }

  optimize(plan: LogicalPlan): LogicalPlan {
    const excluded = (this.conf.get('spark.sql.optimizer.excludedRules') ?? '')
      .split(',')
      .map((s) => s.trim().split('.').pop()!)
      .filter((s) => s.length > 0);
    return optimize(plan, {
      evalConstant: (e) => this.evalConstant(e),
      nextExprId,
      conf: this.conf.getAll(),
      excludedRules: new Set(excluded),
    });
  }

  physicalPlan(optimized: LogicalPlan): PhysicalPlan {
    return planPhysical(optimized, {
      shufflePartitions: Number(this.conf.get('spark.sql.shuffle.partitions', '200')),
      autoBroadcastJoinThreshold: parseBytes(
        this.conf.get('spark.sql.autoBroadcastJoinThreshold', '10485760'),
      ),
      preferSortMergeJoin: this.conf.get('spark.sql.join.preferSortMergeJoin', 'true') !== 'false',
      forceApplyShuffledHashJoin:
        this.conf.get('spark.sql.join.forceApplyShuffledHashJoin', 'false') === 'true',
      optimizeNullAwareAntiJoin: this.conf.get('spark.sql.optimizeNullAwareAntiJoin', 'true') !== 'false',
      defaultParallelism: 2,
      windowGroupLimitThreshold: Number(
        this.conf.get('spark.sql.optimizer.windowGroupLimitThreshold', '1000'),
      ),
      files: {
        maxPartitionBytes: parseBytes(this.conf.get('spark.sql.files.maxPartitionBytes', '128m')),
        openCostInBytes: parseBytes(this.conf.get('spark.sql.files.openCostInBytes', '4m')),
        minPartitionNum: Number(this.conf.get('spark.sql.files.minPartitionNum', '2')),
      },
      isSplitable: (source, path) => fileFormatOf(source.format).isSplitable(source.options, path),
      selectPartitions: selectPartitions(this.evalContext()),
      nextExprId,
    });
  }

  async execute(plan: LogicalPlan, signal?: AbortSignal): Promise<QueryResult> {
    const outer = this.queryStart;
    const outerSignal = this.signal;
    this.queryStart ??= BigInt(Date.now()) * 1000n;
    this.signal = signal ?? outerSignal;
    try {
      return await this.run(plan, this.signal);
    } catch (err) {
      const text = this.sqlTextOf(plan);
      throw text === undefined ? err : withSqlText(err, text);
    } finally {
      this.queryStart = outer;
      this.signal = outerSignal;
    }
  }

  /** The SQL text of the statement a plan (or the plan it was derived from, e.g. by show()) came from. */
  private sqlTextOf(plan: LogicalPlan): string | undefined {
    const direct = this.sqlText.get(plan);
    if (direct !== undefined) return direct;
    for (const child of planChildren(plan)) {
      const text = this.sqlTextOf(child);
      if (text !== undefined) return text;
    }
    return undefined;
  }

  private async run(plan: LogicalPlan, signal?: AbortSignal): Promise<QueryResult> {
    signal?.throwIfAborted();
    const ctx = this.queryContext();
    const options = { ...this.execOptions(), ...(signal ? { signal } : {}) };
    const batches = await executeCollect(await this.prepare(plan, ctx), ctx, options);
    return { schema: schemaOf(plan), batches };
  }

  /** Cache, LATERAL expansion, optimization and subqueries, then the physical plan. */
  private async prepare(plan: LogicalPlan, ctx: EvalContext): Promise<PhysicalPlan> {
    const withCache = await this.expandLateral(await this.useCache(plan), ctx);
    const optimized = this.optimize(withCache);
    const ready = await this.evaluateSubqueries(optimized, ctx);
    return this.physicalPlan(ready);
  }

  /** Runs an analyzed plan and hands each final partition's stream of batches to `consume`. */
  async executeEach<R>(
    plan: LogicalPlan,
    consume: (partition: number, batches: AsyncIterable<Batch>) => Promise<R>,
  ): Promise<R[]> {
    const outer = this.queryStart;
    this.queryStart ??= BigInt(Date.now()) * 1000n;
    try {
      const ctx = this.queryContext();
      return await executeStages(await this.prepare(plan, ctx), ctx, consume, undefined, this.execOptions());
    } catch (err) {
      const text = this.sqlTextOf(plan);
      throw text === undefined ? err : withSqlText(err, text);
    } finally {
      this.queryStart = outer;
    }
  }

  /** Writes the rows of an analyzed plan as files (./write-files.ts). */
  writeFiles(plan: LogicalPlan, spec: WriteSpec): Promise<void> {
    return writeFiles(this, plan, spec);
  }

  saveAsTable(plan: LogicalPlan, name: string, spec: SaveAsTableSpec): Promise<void> {
    return saveAsTable(this, plan, name, spec);
  }

  insertInto(plan: LogicalPlan, name: string, overwrite: boolean): Promise<void> {
    return insertIntoTable(this, plan, name, overwrite);
  }

  /** Correlated LATERAL joins run their right side per distinct left key first (./lateral-eval.ts). */
  private async expandLateral(plan: LogicalPlan, ctx: EvalContext): Promise<LogicalPlan> {
    if (!hasLateralJoin(plan)) return plan;
    return expandLateralJoins(plan, {
      nextExprId,
      run: (p) => this.collectRows(p, ctx),
    });
  }

  /** Subqueries left in expressions run first and become literals, IN lists or per-key CASE (./subquery-eval.ts). */
  private async evaluateSubqueries(plan: LogicalPlan, ctx: EvalContext): Promise<LogicalPlan> {
    const legacy = this.conf.get(
      'spark.sql.optimizer.decorrelateExistsSubqueryLegacyIncorrectCountHandling.enabled',
      'false',
    );
    return evaluateSubqueries(plan, {
      legacyExistsCountBug: parseBooleanConf(legacy),
      // A subquery's plan sits in an expression, out of reach of the query's own preparation.
      run: (p) => this.collectRows(p, ctx),
    });
  }

  /** A subquery's or LATERAL side's rows: prepared (cache, LATERAL, subqueries) as a query is. */
  private async collectRows(plan: LogicalPlan, ctx: EvalContext): Promise<Value[][]> {
    const batches = await executeCollect(await this.prepare(plan, ctx), ctx, this.execOptions());
    const rows: Value[][] = [];
    for (const b of batches)
      for (let i = 0; i < b.numRows; i++) rows.push(b.columns.map((c) => getValue(c, i)));
    return rows;
  }

  /**
   * Replaces cached subtrees with their materialised partitions (an InMemoryRelation's data), computing
   * each on first use, in subquery plans too; `except` is the cached plan being computed itself.
   */
  private async useCache(plan: LogicalPlan, except?: LogicalPlan): Promise<LogicalPlan> {
    if (this.cached.size === 0) return plan;
    const hits: LogicalPlan[] = [];
    transformUpWithSubqueries(plan, (p) => {
      if (p !== except && this.cached.has(p) && !hits.includes(p)) hits.push(p);
      return p;
    });
    const data = new Map<LogicalPlan, readonly (readonly StoredBatch[])[]>();
    for (const hit of hits) data.set(hit, await this.materialize(hit));
    return transformUpWithSubqueries(plan, (p) => {
      const partitions = data.get(p);
      if (!partitions) return p;
      return {
        kind: 'LogicalRelation',
        source: {
          kind: 'Memory',
          schema: schemaOf(p),
          partitions,
          attributeIds: outputOf(p).map((a) => a.id),
        },
        output: outputOf(p),
      };
    });
  }

  /** The cached partitions of a plan marked for caching, computed once (concurrent actions share it). */
  private materialize(plan: LogicalPlan): Promise<readonly (readonly StoredBatch[])[]> {
    const known = this.cached.get(plan);
    if (known) return known;
    const computing = (async () => {
      const ctx = this.queryContext();
      const inner = await this.useCache(plan, plan);
      const ready = await this.evaluateSubqueries(this.optimize(inner), ctx);
      const physical = this.physicalPlan(ready);
      const partitions = await executePlan(physical, ctx, undefined, this.execOptions());
      // A file scan's splits are cut again to equal rows: each query's tasks over them then finish together.
      const even = splitsFilesOnly(physical) ? balancedPartitions(partitions) : partitions;
      // Kept for long: mostly-distinct string columns packed, others as dictionaries (see StoredBatch).
      const stored = even.map(packPartition);
      shareCachedPartitions(stored, this.conf.get('spark.master'));
      return stored;
    })();
    this.cached.set(plan, computing);
    // A failed computation is forgotten, so that the next action tries again.
    computing.catch(() => {
      if (this.cached.get(plan) === computing) this.cached.set(plan, null);
    });
    return computing;
  }

  cache(plan: LogicalPlan): void {
    if (!this.cached.has(plan)) this.cached.set(plan, null);
  }

  /** Marks a plan cached and computes its partitions now (CACHE TABLE without LAZY). */
  async cacheNow(plan: LogicalPlan): Promise<void> {
    this.cache(plan);
    await this.materialize(plan);
  }

  uncache(plan: LogicalPlan): void {
    this.cached.delete(plan);
  }

  clearCache(): void {
    this.cached.clear();
  }

  /** Whether the plan is cached; `throughAlias`: or the plan a table's alias and view projection wrap. */
  isCached(plan: LogicalPlan, throughAlias = false): boolean {
    if (this.cached.has(plan)) return true;
    if (!throughAlias || (plan.kind !== 'SubqueryAlias' && plan.kind !== 'Project')) return false;
    return this.isCached(plan.child, true);
  }

  explainString(plan: LogicalPlan, mode: ExplainMode): string {
    const optimized = this.optimize(plan);
    const physical = physicalPlanString(this.physicalPlan(optimized));
    if (mode === 'simple') return `== Physical Plan ==\n${physical}\n`;
    return [
      '== Parsed Logical Plan ==',
      logicalPlanString(plan),
      '',
      '== Analyzed Logical Plan ==',
      outputOf(plan)
        .map((a) => `${a.name}: ${a.dataType.kind}`)
        .join(', '),
      logicalPlanString(plan),
      '',
      '== Optimized Logical Plan ==',
      logicalPlanString(optimized),
      '',
      '== Physical Plan ==',
      physical,
      '',
    ].join('\n');
  }

  async sql(text: string, signal?: AbortSignal): Promise<LogicalPlan> {
    const outerSignal = this.signal;
    this.signal = signal ?? outerSignal;
    try {
      signal?.throwIfAborted();
      const plan = await runStatement(this, text);
      this.sqlText.set(plan, text);
      return plan;
    } catch (err) {
      throw withSqlText(err, text);
    } finally {
      this.signal = outerSignal;
    }
  }

  parseExpression(text: string): Expr {
    return astExprToExpr(parseExpression(text));
  }

  parseTableName(text: string): string[] {
    return [...parseTableIdentifier(text)];
  }

  table(name: string): LogicalPlan {
    return this.analyze({ kind: 'UnresolvedRelation', nameParts: this.parseTableName(name) });
  }

  createTempView(name: string, plan: LogicalPlan, replace: boolean): void {
    const key = name.toLowerCase();
    if (!replace && this.catalog.tempViews.has(key)) {
      throw new FlintError(
        'TEMP_TABLE_OR_VIEW_ALREADY_EXISTS',
        `[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create the temporary view \`${name}\` because it already exists. SQLSTATE: 42P07`,
        { relationName: `\`${name}\`` },
        null,
        '42P07',
      );
    }
    this.catalog.tempViews.set(key, { name, kind: 'TEMP_VIEW', plan });
  }

  dropTempView(name: string): boolean {
    return this.catalog.tempViews.delete(name.toLowerCase());
  }

  listTables(): readonly { name: string; isTemporary: boolean }[] {
    return [
      ...[...this.catalog.tables.values()].map((t) => ({ name: t.name, isTemporary: false })),
      ...[...this.catalog.tempViews.values()].map((t) => ({ name: t.name, isTemporary: true })),
    ].sort((a, b) => a.name.localeCompare(b.name));
  }

  async fileRelation(
    format: FileFormatName,
    paths: readonly string[],
    options: Readonly<Record<string, string>>,
    schema: StructType | null,
  ): Promise<LogicalPlan> {
    return this.analyze(await fileRelation(this.fileRelationContext(), format, paths, options, schema));
  }

  fileRelationContext(): FileRelationContext {
    return { nextExprId, timeZone: this.timeZone, conf: (k, d) => this.conf.get(k, d) };
  }
}

/**
 * Completes the query context of an error raised for a node of `text` (analysis and execution only
 * know offsets) and appends Spark's `== SQL (line, position) ==` block to the message.
 */
export function withSqlText(err: unknown, text: string): unknown {
  if (!(err instanceof FlintError) || err.queryContext === null || err.queryContext.sqlText !== '')
    return err;
  const q = err.queryContext;
  if (q.stop >= text.length) return err;
  const context = { ...q, sqlText: text, fragment: text.slice(q.start, q.stop + 1) };
  const block = formatQueryContext(context);
  return new FlintError(
    err.errorClass,
    `${err.message}\n${block}`,
    err.messageParameters,
    context,
    err.sqlState,
  );
}
