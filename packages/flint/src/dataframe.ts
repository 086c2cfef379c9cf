// DataFrame: an analyzed logical plan plus the session that runs it, with PySpark's transformations
// (each builds an unresolved node over the analyzed plan and analyzes it at once, so mistakes surface
// where they are made, as in Spark) and actions (async: they run the plan).

import {
  FlintError,
  T,
  batchToRows,
  batchesToTable,
  renderForShow,
  showString,
  simpleString,
  treeString,
  type Batch,
  type StructType,
} from '@flint/common';
import type { Table } from 'apache-arrow';
import {
  outputOf,
  type AttributeRef,
  type Expr,
  type JoinHint,
  type JoinType,
  type LogicalPlan,
  type NamedExpr,
  type SortOrder,
} from '@flint/planner';
import { ensureActiveSessionState, parseNamedExpression } from './active-session.js';
import { Column, nameExpr, type ColumnOrName } from './column.js';
import {
  alias,
  asNamed,
  assignAliasIds,
  fn,
  literal,
  mapChildren,
  parseAttributeName,
  sortOrder,
  toSortOrder,
} from './exprs.js';
import { GroupedData } from './grouped-data.js';
import { parseJoinType } from './join-type.js';
import { DataFrameNaFunctions, type FillValue } from './na-functions.js';
import { rowsFromBatches, type Row } from './row.js';
import type { ExplainMode, SessionState } from './session/session-state.js';
import { DataFrameWriter } from './writer.js';

type HintName = NonNullable<JoinHint['leftHint']>;
type Cols = (ColumnOrName | readonly ColumnOrName[])[];

function flatten<X>(xs: readonly (X | readonly X[])[]): X[] {
  return xs.flatMap((x) => (Array.isArray(x) ? (x as X[]) : [x as X]));
}

function hintOf(name: string): HintName | null {
  switch (name.toLowerCase()) {
    case 'broadcast':
    case 'broadcastjoin':
    case 'mapjoin':
      return 'BROADCAST';
    case 'merge':
    case 'shuffle_merge':
    case 'mergejoin':
      return 'MERGE';
    case 'shuffle_hash':
      return 'SHUFFLE_HASH';
    case 'shuffle_replicate_nl':
      return 'SHUFFLE_REPLICATE_NL';
    default:
      // Spark ignores hints it does not know (with a warning in the log).
      return null;
  }
}

/** True when `plan` reaches `base` through single-child nodes only. */
function unaryOver(plan: LogicalPlan, base: LogicalPlan): boolean {
  let p: LogicalPlan = plan;
  for (;;) {
    if (p === base) return true;
    if (!('child' in p) || p.kind === 'WithCTE') return false;
    p = p.child;
  }
}

function quoted(parts: readonly string[]): string {
  return parts.map((p) => '`' + p.replace(/`/g, '``') + '`').join('.');
}

export interface OrderByOptions {
  /** PySpark's `ascending`: one flag for all columns or one per column. */
  readonly ascending: boolean | readonly boolean[];
}

export class DataFrame {
  private outputCache: readonly AttributeRef[] | null = null;

  /**
   * @param state the session that analyzes and runs plans
   * @param plan an analyzed plan
   * @param joinHint a join strategy hint for joins this DataFrame takes part in (`broadcast(df)`)
   */
  constructor(
    readonly state: SessionState,
    readonly plan: LogicalPlan,
    readonly joinHint: HintName | null = null,
  ) {
    ensureActiveSessionState(state);
  }

  // ---- plumbing shared with GroupedData and DataFrameNaFunctions

  /** @internal A DataFrame over `unresolved`, analyzed now. */
  derive(unresolved: LogicalPlan): DataFrame {
    // A join hint stays through unary operators (select, filter, ...), as Spark's EliminateResolvedHint
    // finds a hint below them; a join consumes it.
    const keepHint = this.joinHint !== null && unaryOver(unresolved, this.plan);
    return new DataFrame(this.state, this.state.analyze(unresolved), keepHint ? this.joinHint : null);
  }

  /** @internal Gives aliases made outside the session their ExprIds. */
  bind(e: Expr): Expr {
    return assignAliasIds(e, () => this.state.nextExprId());
  }

  /** @internal The analyzed output attributes. */
  get output(): readonly AttributeRef[] {
    this.outputCache ??= outputOf(this.plan);
    return this.outputCache;
  }

  /** @internal Name equality under spark.sql.caseSensitive (off by default). */
  nameEquals(a: string, b: string): boolean {
    const cs = this.state.conf.get('spark.sql.caseSensitive', 'false').toLowerCase() === 'true';
    return cs ? a === b : a.toLowerCase() === b.toLowerCase();
  }

  /** @internal The output attribute a (possibly qualified) name resolves to; errors as Spark's resolve. */
  resolveAttribute(name: string): AttributeRef {
    const e = this.resolveName(parseAttributeName(name));
    if (e.kind === 'AttributeReference') return e;
    throw new FlintError(
      'UNSUPPORTED_FEATURE',
      `[UNSUPPORTED_FEATURE] The feature is not supported: nested column ${quoted(parseAttributeName(name))} here. SQLSTATE: 0A000`,
      {},
      null,
      '0A000',
    );
  }

  private resolveName(parts: readonly string[]): Expr {
    const out = this.output;
    const last = parts[parts.length - 1]!;
    const matches = out.filter((a) => {
      if (!this.nameEquals(a.name, last)) return false;
      if (parts.length === 1) return true;
      const q = parts.slice(0, -1);
      if (q.length > a.qualifier.length) return false;
      const tail = a.qualifier.slice(a.qualifier.length - q.length);
      return q.every((p, i) => this.nameEquals(p, tail[i]!));
    });
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) {
      const names = matches.map((m) => quoted([...m.qualifier, m.name])).join(', ');
      throw new FlintError(
        'AMBIGUOUS_REFERENCE',
        `[AMBIGUOUS_REFERENCE] Reference ${quoted(parts)} is ambiguous, could be: [${names}]. SQLSTATE: 42704`,
        { name: quoted(parts), referenceNames: `[${names}]` },
        null,
        '42704',
      );
    }
    // Not a plain column: let the analyzer resolve it (nested fields) or raise Spark's error.
    const probe = this.state.analyze({
      kind: 'Project',
      projectList: [asNamed({ kind: 'UnresolvedAttribute', nameParts: parts })],
      child: this.plan,
    });
    if (probe.kind === 'Project' && probe.projectList.length === 1) {
      const ne = probe.projectList[0]!;
      return ne.kind === 'Alias' ? ne.child : ne;
    }
    return { kind: 'UnresolvedAttribute', nameParts: parts };
  }

  private namedList(cols: Cols): NamedExpr[] {
    return flatten(cols).map((c) => this.named(this.bind(nameExpr(c))));
  }

  /**
   * A select item as Spark's Column.named makes it: a top-level cast of a column keeps the column's
   * name (`col('age').cast('int')` is named `age`, not `CAST(age AS INT)`); others as `asNamed`.
   */
  private named(e: Expr): NamedExpr {
    if (e.kind !== 'Cast') return asNamed(e);
    let inner: Expr = e;
    while (inner.kind === 'Cast') inner = inner.child;
    let name: string | null = null;
    if (inner.kind === 'AttributeReference' || inner.kind === 'Alias') name = inner.name;
    else if (inner.kind === 'UnresolvedAttribute') {
      name = inner.nameParts[inner.nameParts.length - 1] ?? null;
      try {
        const r = this.resolveName(inner.nameParts);
        if (r.kind === 'AttributeReference') name = r.name;
      } catch (err) {
        // The analyzer reports the unresolved column when the projection is analyzed.
        if (!(err instanceof FlintError)) throw err;
      }
    }
    return name === null ? asNamed(e) : { kind: 'Alias', child: e, name, id: this.state.nextExprId() };
  }

  // ---- schema

  get schema(): StructType {
    return T.struct(this.output.map((a) => ({ name: a.name, dataType: a.dataType, nullable: a.nullable })));
  }
  get columns(): string[] {
    return this.output.map((a) => a.name);
  }
  /** [name, type] pairs with Spark's simple type names ('int', 'bigint', 'decimal(10,2)'...). */
  get dtypes(): [string, string][] {
    return this.output.map((a) => [a.name, simpleString(a.dataType)]);
  }

  /** The column `name` of this DataFrame, bound to its attribute (disambiguates self-joins). */
  col(name: string): Column {
    if (name === '*')
      return new Column({ kind: 'UnresolvedStar', target: null, ofColumns: this.output.map((a) => a.id) });
    const parts = parseAttributeName(name);
    if (parts.length > 1 && parts[parts.length - 1] === '*')
      return new Column({ kind: 'UnresolvedStar', target: parts.slice(0, -1) });
    return new Column(this.resolveName(parts));
  }

  // ---- projections and filters

  select(...cols: Cols): DataFrame {
    return this.derive({ kind: 'Project', projectList: this.namedList(cols), child: this.plan });
  }

  selectExpr(...exprs: (string | readonly string[])[]): DataFrame {
    const list = flatten(exprs).map((s) => this.named(this.bind(parseNamedExpression(this.state, s))));
    return this.derive({ kind: 'Project', projectList: list, child: this.plan });
  }

  filter(condition: Column | string): DataFrame {
    const e = this.bind(
      typeof condition === 'string' ? this.state.parseExpression(condition) : condition.expr,
    );
    return this.derive(this.withMissingReferences([e], (child) => ({ kind: 'Filter', condition: e, child })));
  }

  /**
   * Spark's ResolveMissingReferences for columns bound with `df.col()`: `df.select('name').where(df.col('age')
   * .gt(30))` names an attribute the projection dropped. As Spark, the projection is widened with the
   * missing attributes below the new node and a projection on top restores the original columns.
   */
  private withMissingReferences(
    exprs: readonly Expr[],
    build: (child: LogicalPlan) => LogicalPlan,
  ): LogicalPlan {
    const have = new Set(this.output.map((a) => a.id));
    const missing = new Map<number, AttributeRef>();
    const visit = (x: Expr): Expr => {
      if (x.kind === 'AttributeReference' && !have.has(x.id)) missing.set(x.id, x);
      return mapChildren(x, visit);
    };
    exprs.forEach(visit);
    const p = this.plan;
    if (missing.size === 0 || p.kind !== 'Project') return build(p);
    const below = new Map(outputOf(p.child).map((a) => [a.id, a]));
    const extra = [...missing.keys()].map((id) => below.get(id));
    if (extra.some((a) => a === undefined)) return build(p);
    const widened: LogicalPlan = { ...p, projectList: [...p.projectList, ...(extra as AttributeRef[])] };
    return { kind: 'Project', projectList: this.output, child: build(widened) };
  }
  where(condition: Column | string): DataFrame {
    return this.filter(condition);
  }

  withColumn(name: string, col: Column): DataFrame {
    return this.withColumns({ [name]: col });
  }

  /** Adds or replaces columns; a replaced column keeps its position, new ones go last. */
  withColumns(colsMap: Readonly<Record<string, Column>> | ReadonlyMap<string, Column>): DataFrame {
    const entries: [string, Column][] =
      colsMap instanceof Map ? [...colsMap] : Object.entries(colsMap as Record<string, Column>);
    for (const [, c] of entries) {
      // PySpark's check: a plain value here is a mistake (lit() it), not a literal.
      if (!(c instanceof Column)) {
        const t = c === null ? 'NoneType' : typeof c;
        throw new FlintError('NOT_COLUMN', `[NOT_COLUMN] Argument \`col\` should be a Column, got ${t}.`, {
          arg_name: 'col',
          arg_type: t,
        });
      }
    }
    for (let i = 0; i < entries.length; i++) {
      for (let j = 0; j < i; j++) {
        if (this.nameEquals(entries[i]![0], entries[j]![0])) {
          const n = '`' + entries[i]![0] + '`';
          throw new FlintError(
            'COLUMN_ALREADY_EXISTS',
            `[COLUMN_ALREADY_EXISTS] The column ${n} already exists. Choose another name or rename the existing column. SQLSTATE: 42711`,
            { columnName: n },
            null,
            '42711',
          );
        }
      }
    }
    const out = this.output;
    const list: NamedExpr[] = out.map((a) => {
      const hit = entries.find(([n]) => this.nameEquals(a.name, n));
      return hit === undefined ? a : asNamed(this.bind(alias(hit[1].expr, hit[0])));
    });
    for (const [n, c] of entries) {
      if (!out.some((a) => this.nameEquals(a.name, n))) list.push(asNamed(this.bind(alias(c.expr, n))));
    }
    return this.derive({ kind: 'Project', projectList: list, child: this.plan });
  }

  withColumnRenamed(existing: string, newName: string): DataFrame {
    return this.withColumnsRenamed({ [existing]: newName });
  }

  /** Renames columns by name; names not present are ignored (as Spark). */
  withColumnsRenamed(colsMap: Readonly<Record<string, string>> | ReadonlyMap<string, string>): DataFrame {
    const entries: [string, string][] =
      colsMap instanceof Map ? [...colsMap] : Object.entries(colsMap as Record<string, string>);
    const out = this.output;
    let names = out.map((a) => a.name);
    for (const [from, to] of entries) names = names.map((n) => (this.nameEquals(n, from) ? to : n));
    if (names.every((n, i) => n === out[i]!.name)) return this;
    const list: NamedExpr[] = out.map((a, i) =>
      names[i] === a.name ? a : { kind: 'Alias', child: a, name: names[i]!, id: this.state.nextExprId() },
    );
    return this.derive({ kind: 'Project', projectList: list, child: this.plan });
  }

  /** Drops columns by top-level name or by Column; unknown names are ignored (as Spark). */
  drop(...cols: Cols): DataFrame {
    const items = flatten(cols);
    const ids = new Set<number>();
    for (const c of items) {
      if (typeof c === 'string') {
        for (const a of this.output) if (this.nameEquals(a.name, c)) ids.add(a.id);
      } else {
        const e = c.expr;
        if (e.kind === 'AttributeReference') ids.add(e.id);
        else if (e.kind === 'UnresolvedAttribute') {
          try {
            const r = this.resolveName(e.nameParts);
            if (r.kind === 'AttributeReference') ids.add(r.id);
          } catch (err) {
            // Spark ignores a dropped column that does not resolve.
            if (!(err instanceof FlintError)) throw err;
          }
        }
      }
    }
    const remaining = this.output.filter((a) => !ids.has(a.id));
    if (remaining.length === this.output.length) return this;
    return this.derive({ kind: 'Project', projectList: remaining, child: this.plan });
  }

  /** A DataFrame whose columns are known by `name` as qualifier (`df.alias('t')` then `col('t.a')`). */
  alias(name: string): DataFrame {
    return this.derive({ kind: 'SubqueryAlias', alias: [name], child: this.plan });
  }
  as(name: string): DataFrame {
    return this.alias(name);
  }

  /** Renames all columns positionally. */
  toDF(...names: string[]): DataFrame {
    const out = this.output;
    if (names.length !== out.length) {
      throw new FlintError(
        'UNSUPPORTED_FEATURE',
        `The number of columns doesn't match.\nOld column names (${out.length}): ${out.map((a) => a.name).join(', ')}\nNew column names (${names.length}): ${names.join(', ')}`,
        {},
      );
    }
    return this.derive({
      kind: 'Project',
      projectList: out.map((a, i) =>
        a.name === names[i] ? a : { kind: 'Alias', child: a, name: names[i]!, id: this.state.nextExprId() },
      ),
      child: this.plan,
    });
  }

  // ---- joins

  /**
   * Joins with `other`. `on`: column name(s) for an equi-join that keeps one copy of each key (Spark's
   * USING join: keys first, then the rest of the left, then the rest of the right; a full outer join's
   * key is coalesce(left, right)), or a join condition Column. `how`: Spark's join type strings.
   */
  join(
    other: DataFrame,
    on?: string | readonly string[] | Column | readonly Column[] | null,
    how: string = 'inner',
  ): DataFrame {
    const joinType: JoinType = parseJoinType(how);
    const hint: JoinHint = {
      ...(this.joinHint !== null ? { leftHint: this.joinHint } : {}),
      ...(other.joinHint !== null ? { rightHint: other.joinHint } : {}),
    };
    if (on === undefined || on === null) {
      return this.derive({
        kind: 'Join',
        left: this.plan,
        right: other.plan,
        joinType,
        condition: null,
        hint,
      });
    }
    if (typeof on === 'string' || (Array.isArray(on) && on.every((x) => typeof x === 'string'))) {
      const usingColumns = typeof on === 'string' ? [on] : (on as readonly string[]);
      return this.derive({
        kind: 'UnresolvedUsingJoin',
        left: this.plan,
        right: other.plan,
        joinType,
        usingColumns,
        hint,
      });
    }
    const conds = (Array.isArray(on) ? (on as readonly Column[]) : [on as Column]).map((c) =>
      this.bind(c.expr),
    );
    const condition = conds.reduce<Expr | null>(
      (acc, c) => (acc === null ? c : { kind: 'And', left: acc, right: c }),
      null,
    );
    return this.derive({ kind: 'Join', left: this.plan, right: other.plan, joinType, condition, hint });
  }

  crossJoin(other: DataFrame): DataFrame {
    return this.join(other, null, 'cross');
  }

  // ---- aggregation

  groupBy(...cols: Cols): GroupedData {
    return new GroupedData(
      this,
      flatten(cols).map((c) => this.bind(nameExpr(c))),
    );
  }
  groupby(...cols: Cols): GroupedData {
    return this.groupBy(...cols);
  }

  /** Aggregates the whole DataFrame: `df.agg(max('a'))` or `df.agg({ a: 'max' })`. */
  agg(...exprs: (Column | readonly Column[] | Readonly<Record<string, string>>)[]): DataFrame {
    return this.groupBy().agg(...exprs);
  }

  // ---- ordering and slicing

  orderBy(...args: (ColumnOrName | readonly ColumnOrName[] | OrderByOptions)[]): DataFrame {
    let options: OrderByOptions | null = null;
    const lastArg = args[args.length - 1];
    if (
      lastArg !== undefined &&
      typeof lastArg === 'object' &&
      !(lastArg instanceof Column) &&
      !Array.isArray(lastArg)
    ) {
      options = lastArg as OrderByOptions;
      args = args.slice(0, -1);
    }
    const cols = flatten(args as Cols);
    const order: SortOrder[] = cols.map((c, i) => {
      const e = this.bind(nameExpr(c));
      if (options === null) return toSortOrder(e);
      const asc = Array.isArray(options.ascending)
        ? ((options.ascending as boolean[])[i] ?? true)
        : (options.ascending as boolean);
      return sortOrder(e, asc ? 'Ascending' : 'Descending');
    });
    return this.derive(
      this.withMissingReferences(order, (child) => ({ kind: 'Sort', order, global: true, child })),
    );
  }
  sort(...args: (ColumnOrName | readonly ColumnOrName[] | OrderByOptions)[]): DataFrame {
    return this.orderBy(...args);
  }
  /** Sorts within each partition (no shuffle). */
  sortWithinPartitions(...cols: Cols): DataFrame {
    const order = flatten(cols).map((c) => toSortOrder(this.bind(nameExpr(c))));
    return this.derive({ kind: 'Sort', order, global: false, child: this.plan });
  }

  limit(n: number): DataFrame {
    return this.derive({ kind: 'Limit', limit: n, offset: 0, child: this.plan });
  }
  offset(n: number): DataFrame {
    return this.derive({ kind: 'Limit', limit: null, offset: n, child: this.plan });
  }

  distinct(): DataFrame {
    return this.derive({ kind: 'Distinct', child: this.plan });
  }

  /** Keeps the first row of each key (all columns when no subset is given). */
  dropDuplicates(subset?: readonly string[] | null): DataFrame {
    const out = this.output;
    if (subset === undefined || subset === null)
      return this.derive({ kind: 'Deduplicate', keys: out, child: this.plan });
    const keys: AttributeRef[] = [];
    for (const name of subset) {
      const hits = out.filter((a) => this.nameEquals(a.name, name));
      if (hits.length === 0) {
        const fields = out.map((a) => a.name).join(', ');
        throw new FlintError(
          'UNRESOLVED_COLUMN_AMONG_FIELD_NAMES',
          `[UNRESOLVED_COLUMN_AMONG_FIELD_NAMES] Cannot resolve column name "${name}" among (${fields}). SQLSTATE: 42703`,
          { colName: name, fieldNames: fields },
          null,
          '42703',
        );
      }
      for (const h of hits) if (!keys.some((k) => k.id === h.id)) keys.push(h);
    }
    return this.derive({ kind: 'Deduplicate', keys, child: this.plan });
  }
  drop_duplicates(subset?: readonly string[] | null): DataFrame {
    return this.dropDuplicates(subset);
  }

  // ---- set operations

  /** UNION ALL by position (Spark's union keeps duplicates). */
  union(other: DataFrame): DataFrame {
    return this.derive({
      kind: 'Union',
      children: [this.plan, other.plan],
      byName: false,
      allowMissingColumns: false,
    });
  }
  unionAll(other: DataFrame): DataFrame {
    return this.union(other);
  }
  unionByName(other: DataFrame, allowMissingColumns = false): DataFrame {
    return this.derive({
      kind: 'Union',
      children: [this.plan, other.plan],
      byName: true,
      allowMissingColumns,
    });
  }
  intersect(other: DataFrame): DataFrame {
    return this.derive({ kind: 'Intersect', left: this.plan, right: other.plan, isAll: false });
  }
  intersectAll(other: DataFrame): DataFrame {
    return this.derive({ kind: 'Intersect', left: this.plan, right: other.plan, isAll: true });
  }
  /** EXCEPT DISTINCT. */
  subtract(other: DataFrame): DataFrame {
    return this.derive({ kind: 'Except', left: this.plan, right: other.plan, isAll: false });
  }
  exceptAll(other: DataFrame): DataFrame {
    return this.derive({ kind: 'Except', left: this.plan, right: other.plan, isAll: true });
  }

  // ---- writing

  /** The writer of this DataFrame's rows (`df.write.mode('overwrite').parquet(path)`). */
  get write(): DataFrameWriter {
    return new DataFrameWriter(this.state, this.plan);
  }

  // ---- missing values

  get na(): DataFrameNaFunctions {
    return new DataFrameNaFunctions(this);
  }
  dropna(
    how: 'any' | 'all' = 'any',
    thresh?: number | null,
    subset?: string | readonly string[] | null,
  ): DataFrame {
    return this.na.drop(how, thresh, subset);
  }
  fillna(
    value: FillValue | Readonly<Record<string, FillValue>>,
    subset?: string | readonly string[] | null,
  ): DataFrame {
    return this.na.fill(value, subset);
  }

  /** df.replace: see DataFrameNaFunctions.replace. */
  replace(
    toReplace: Parameters<DataFrameNaFunctions['replace']>[0],
    value?: Parameters<DataFrameNaFunctions['replace']>[1],
    subset?: string | readonly string[] | null,
  ): DataFrame {
    return this.na.replace(toReplace, value, subset);
  }

  /** Applies `f` to this DataFrame (for chaining user functions). */
  transform<A extends unknown[]>(f: (df: DataFrame, ...args: A) => DataFrame, ...args: A): DataFrame {
    return f(this, ...args);
  }

  /** PySpark's repr: DataFrame[id: int, name: string]. */
  toString(): string {
    return `DataFrame[${this.dtypes.map(([n, t]) => `${n}: ${t}`).join(', ')}]`;
  }

  // ---- partitioning, caching, hints

  /** repartition(n), repartition(n, ...cols) or repartition(...cols): a shuffle. */
  repartition(numOrCol: number | ColumnOrName, ...cols: ColumnOrName[]): DataFrame {
    const n = typeof numOrCol === 'number' ? numOrCol : null;
    const exprs = (typeof numOrCol === 'number' ? cols : [numOrCol, ...cols]).map((c) =>
      this.bind(nameExpr(c)),
    );
    return this.derive({
      kind: 'Repartition',
      numPartitions: n,
      partitionExprs: exprs,
      shuffle: true,
      child: this.plan,
    });
  }
  /** Fewer partitions without a shuffle. */
  coalesce(numPartitions: number): DataFrame {
    return this.derive({
      kind: 'Repartition',
      numPartitions,
      partitionExprs: [],
      shuffle: false,
      child: this.plan,
    });
  }

  cache(): DataFrame {
    this.state.cache(this.plan);
    return this;
  }
  /** Any storage level keeps the partitions in memory as Arrow-like batches (`_storageLevel` is accepted for PySpark's signature). */
  persist(_storageLevel?: string): DataFrame {
    return this.cache();
  }
  /** PySpark's `df.is_cached`. */
  get isCached(): boolean {
    return this.state.isCached(this.plan);
  }
  unpersist(): DataFrame {
    this.state.uncache(this.plan);
    return this;
  }

  /** A join strategy hint: 'broadcast', 'merge', 'shuffle_hash', 'shuffle_replicate_nl'. */
  hint(name: string): DataFrame {
    const h = hintOf(name);
    return h === null ? this : new DataFrame(this.state, this.plan, h);
  }

  // ---- views and explain

  createOrReplaceTempView(name: string): void {
    this.state.createTempView(name, this.plan, true);
  }
  createTempView(name: string): void {
    this.state.createTempView(name, this.plan, false);
  }

  /** Prints the plans: explain(), explain(true), explain('formatted'). */
  explain(extended?: boolean | ExplainMode): void {
    process.stdout.write(this.explainString(extended) + '\n');
  }
  /** @internal The text explain() prints. */
  explainString(extended?: boolean | ExplainMode): string {
    const mode: ExplainMode =
      extended === true ? 'extended' : extended === undefined || extended === false ? 'simple' : extended;
    return this.state.explainString(this.plan, mode);
  }

  // ---- actions

  async collectBatches(options?: ActionOptions | AbortSignal): Promise<Batch[]> {
    const r = await this.state.execute(this.plan, signalOf(options));
    return [...r.batches];
  }

  /** All rows; `{ signal }` cancels the query (the promise rejects with an AbortError). */
  async collect(options?: ActionOptions | AbortSignal): Promise<Row[]> {
    const r = await this.state.execute(this.plan, signalOf(options));
    return rowsFromBatches(this.schema, r.batches);
  }

  async count(options?: ActionOptions): Promise<number> {
    const agg = this.derive({
      kind: 'Aggregate',
      groupingExprs: [],
      aggregateExprs: [asNamed(this.bind(alias(fn('count', [literal(1, T.int)]), 'count')))],
      child: this.plan,
    });
    const r = await this.state.execute(agg.plan, signalOf(options));
    const v = r.batches.flatMap(batchToRows)[0]?.[0] ?? 0;
    return Number(v as number | bigint);
  }

  async take(n: number, options?: ActionOptions): Promise<Row[]> {
    return this.limit(n).collect(options);
  }

  /** head() is the first row or null; head(n) the first n rows. */
  head(): Promise<Row | null>;
  head(n: number): Promise<Row[]>;
  async head(n?: number): Promise<Row | Row[] | null> {
    if (n === undefined) return (await this.take(1))[0] ?? null;
    return this.take(n);
  }

  async first(): Promise<Row | null> {
    return (await this.take(1))[0] ?? null;
  }

  async isEmpty(): Promise<boolean> {
    return (await this.take(1)).length === 0;
  }

  /** The text show() prints. */
  async showString(
    n = 20,
    truncate: boolean | number = true,
    vertical = false,
    options?: ActionOptions,
  ): Promise<string> {
    const numRows = Math.max(0, Math.floor(n));
    const width = truncate === true ? 20 : truncate === false ? 0 : Math.floor(truncate);
    // One row more than shown tells whether to print the "only showing top n rows" footer.
    const r = await this.state.execute(this.limit(numRows + 1).plan, signalOf(options));
    const types = this.output.map((a) => a.dataType);
    const ctx = { timeZone: this.timeZone() };
    const cells: string[][] = [];
    for (const b of r.batches) {
      for (const row of batchToRows(b)) cells.push(row.map((v, i) => renderForShow(v, types[i]!, ctx)));
    }
    return showString(
      this.columns,
      cells.slice(0, numRows),
      numRows,
      width,
      vertical,
      cells.length > numRows,
    );
  }

  private timeZone(): string {
    return this.state.conf.get(
      'spark.sql.session.timeZone',
      Intl.DateTimeFormat().resolvedOptions().timeZone,
    );
  }

  /** Prints the schema as a tree (Spark's printSchema). */
  printSchema(level?: number): void {
    process.stdout.write(this.schemaString(level));
  }
  /** @internal The text printSchema() prints. */
  schemaString(level?: number): string {
    return level === undefined ? treeString(this.schema) : treeString(this.schema, level);
  }

  /** The rows as an Apache Arrow Table. */
  async toArrow(options?: ActionOptions | AbortSignal): Promise<Table> {
    const r = await this.state.execute(this.plan, signalOf(options));
    return batchesToTable(r.batches, this.schema);
  }

  /** Prints the first n rows as Spark's show() does. */
  async show(
    n = 20,
    truncate: boolean | number = true,
    vertical = false,
    options?: ActionOptions,
  ): Promise<void> {
    // Spark prints showString with println, hence the extra line break.
    process.stdout.write((await this.showString(n, truncate, vertical, options)) + '\n');
  }
}

/** Options of an action: `signal` cancels the query it runs. */
export interface ActionOptions {
  readonly signal?: AbortSignal;
}

function signalOf(options: ActionOptions | AbortSignal | undefined): AbortSignal | undefined {
  if (options === undefined) return undefined;
  return options instanceof AbortSignal ? options : options.signal;
}
