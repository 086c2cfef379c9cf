// The analyzer: resolves relations through the catalog, columns to attributes with ExprIds, stars,
// functions, aggregates (GROUP BY, HAVING, ORDER BY over aggregates), window expressions, set
// operations and subqueries. Plans already analyzed (from earlier DataFrames) are kept as they are.

import { FlintError, T, dataTypeEquals, type DataType, type Value } from '@flint/common';
import type { AttributeRef, Expr, NamedExpr, SortOrder } from '../expr.js';
import { dataTypeOf } from '../expr-type.js';
import { NO_HINT, type LogicalPlan } from '../logical-plan.js';
import { lookupRelation, tableNotFound, type Catalog } from '../catalog.js';
import { outputOf, toAttribute } from '../plan-output.js';
import { mapChildren } from '../parser-bridge/ast-to-plan.js';
import { castTo, findWiderCommonType, ordinalWord } from '../types/index.js';
import {
  exprSql,
  expandStar,
  resolveExpr,
  scopeOf,
  type AnalyzerConf,
  type AnalyzerContext,
  type Scope,
} from './resolve-expr.js';
import { resolveName } from './name-resolution.js';
import { rewritePivot, rewriteUnpivot, type PivotCtx } from './resolve-pivot.js';
import { lookupFunction } from '../functions/index.js';
import {
  extractGenerator,
  generatorOutput as generatorOutputOf,
  generatorTable,
} from './extract-generator.js';
import type { FunctionResolutionContext } from '../functions/function-def.js';
import {
  checkRecursiveReferences,
  invalidRecursiveReferencePlace,
  recursionCasts,
  recursiveReferenceUnderAggregate,
  referencesName,
  splitRecursiveCte,
} from './resolve-recursive-cte.js';

export interface AnalyzerOptions {
  readonly catalog: Catalog;
  readonly conf: AnalyzerConf & { readonly all: ReadonlyMap<string, string> };
  nextExprId(): number;
  evalConstant(e: Expr): Value;
}

/** Plans the analyzer produced: analyzing them again returns them unchanged. */
const analyzed = new WeakSet<LogicalPlan>();

export function isAnalyzed(plan: LogicalPlan): boolean {
  return analyzed.has(plan);
}

export function markAnalyzed(plan: LogicalPlan): LogicalPlan {
  analyzed.add(plan);
  return plan;
}

interface Env {
  readonly ctes: ReadonlyMap<string, LogicalPlan>;
  readonly outer: Scope | null;
}

export function analyze(plan: LogicalPlan, options: AnalyzerOptions): LogicalPlan {
  const functionCtx: FunctionResolutionContext = {
    ansi: options.conf.ansi,
    timeZone: options.conf.timeZone,
    nextExprId: options.nextExprId,
    conf: options.conf.all,
    currentDatabase: options.catalog.currentDatabase,
    exprSql: (e: Expr) => exprSql(e, ctx),
  } as FunctionResolutionContext;
  const ctx: AnalyzerContext & { catalog: Catalog; envStack: Env[] } = {
    conf: options.conf,
    functionCtx,
    nextExprId: options.nextExprId,
    evalConstant: options.evalConstant,
    catalog: options.catalog,
    envStack: [],
    resolveSubquery(sub: LogicalPlan, outer: Scope): LogicalPlan {
      const env = ctx.envStack[ctx.envStack.length - 1] ?? { ctes: new Map(), outer: null };
      return resolvePlan(sub, ctx, { ctes: env.ctes, outer });
    },
  };
  return resolvePlan(plan, ctx, { ctes: new Map(), outer: null });
}

type Ctx = AnalyzerContext & { catalog: Catalog; envStack: Env[] };

function resolvePlan(plan: LogicalPlan, ctx: Ctx, env: Env): LogicalPlan {
  if (analyzed.has(plan)) return plan;
  ctx.envStack.push(env);
  try {
    return markAnalyzed(resolveNode(plan, ctx, env));
  } finally {
    ctx.envStack.pop();
  }
}

function scopeFor(child: LogicalPlan, env: Env, allowAggregates = false, allowWindows = false): Scope {
  return scopeOf(outputOf(child), env.outer, allowAggregates, allowWindows);
}

function alias(child: Expr, name: string, ctx: AnalyzerContext): NamedExpr {
  return { kind: 'Alias', child, name, id: ctx.nextExprId() };
}

function resolveNode(plan: LogicalPlan, ctx: Ctx, env: Env): LogicalPlan {
  const child = (p: LogicalPlan) => resolvePlan(p, ctx, env);
  switch (plan.kind) {
    case 'LocalRelation':
    case 'Range':
    case 'LogicalRelation':
    case 'OneRowRelation':
    case 'InMemoryRelation':
      return plan;
    case 'UnresolvedRelation':
      return resolveRelation(plan.nameParts, ctx, env);
    case 'SubqueryAlias':
      return { ...plan, child: child(plan.child) };
    case 'UnresolvedColumnAliases': {
      const c = child(plan.child);
      const out = outputOf(c);
      const tvf =
        plan.child.kind === 'SubqueryAlias' && plan.child.child.kind === 'UnresolvedTableFunction'
          ? plan.child.child.name
          : null;
      if (out.length !== plan.names.length && tvf !== null) {
        throw new FlintError(
          'NUM_TABLE_VALUE_ALIASES_MISMATCH',
          `[NUM_TABLE_VALUE_ALIASES_MISMATCH] Failed to analyze the provided table-valued function \`${tvf}\`: the number of aliases ${plan.names.length} does not match the number of output columns ${out.length}. SQLSTATE: 42826`,
          { funcName: `\`${tvf}\``, aliasesNum: String(plan.names.length), outColsNum: String(out.length) },
          null,
          '42826',
        );
      }
      if (out.length !== plan.names.length) {
        throw new FlintError(
          'ASSIGNMENT_ARITY_MISMATCH',
          `[ASSIGNMENT_ARITY_MISMATCH] Number of column aliases does not match number of columns. Number of column aliases: ${plan.names.length}; number of columns: ${out.length}.`,
          { numTarget: String(plan.names.length), numExpr: String(out.length) },
          null,
          '42802',
        );
      }
      const project: LogicalPlan = {
        kind: 'Project',
        projectList: out.map((a, i) => alias(a, plan.names[i]!, ctx)),
        child: c.kind === 'SubqueryAlias' ? c.child : c,
      };
      return c.kind === 'SubqueryAlias'
        ? { kind: 'SubqueryAlias', alias: c.alias, child: markAnalyzed(project) }
        : project;
    }
    case 'UnresolvedInlineTable':
      return resolveInlineTable(plan, ctx, env);
    case 'UnresolvedTableFunction':
      return resolveTableFunction(plan, ctx, env);
    case 'Project':
      return resolveProject(plan.projectList as readonly Expr[], child(plan.child), ctx, env);
    case 'Filter': {
      const c = child(plan.child);
      const cond = resolveExpr(plan.condition, scopeFor(c, env, false, false), ctx);
      return { kind: 'Filter', condition: booleanCondition(cond, ctx), child: c };
    }
    case 'Aggregate':
      return resolveAggregate(
        plan.groupingExprs,
        plan.aggregateExprs as readonly Expr[],
        child(plan.child),
        ctx,
        env,
      );
    case 'UnresolvedGroupingSets':
      return resolveGroupingSets(plan, ctx, env);
    case 'UnresolvedHaving':
      return resolveHaving(plan.condition, child(plan.child), ctx, env);
    case 'UnresolvedPivot':
      return resolvePlan(rewritePivot(plan, child(plan.child), pivotCtx(ctx, env)), ctx, env);
    case 'UnresolvedUnpivot':
      return rewriteUnpivot(plan, child(plan.child), pivotCtx(ctx, env));
    case 'Sort':
      return resolveSort(plan, child(plan.child), ctx, env);
    case 'Limit': {
      const c = child(plan.child);
      if (!plan.limitExpr && !plan.offsetExpr) return { ...plan, child: c };
      const limit = plan.limitExpr ? foldLimit(plan.limitExpr, 'limit', ctx, env) : plan.limit;
      const offset = plan.offsetExpr ? foldLimit(plan.offsetExpr, 'offset', ctx, env) : plan.offset;
      return { kind: 'Limit', limit, offset, child: c };
    }
    case 'Distinct':
      return { kind: 'Distinct', child: child(plan.child) };
    case 'Deduplicate':
      return { ...plan, child: child(plan.child) };
    case 'Repartition': {
      const c = child(plan.child);
      return {
        ...plan,
        partitionExprs: plan.partitionExprs.map((e) => resolveExpr(e, scopeFor(c, env), ctx)),
        child: c,
      };
    }
    case 'Join': {
      const left = child(plan.left);
      // LATERAL: the right side sees the left side's columns as outer references.
      const rightPlan = plan.lateral
        ? resolvePlan(plan.right, ctx, { ctes: env.ctes, outer: scopeOf(outputOf(left), env.outer) })
        : child(plan.right);
      const right = dedupRight(left, rightPlan, ctx);
      const scope = scopeOf([...outputOf(left), ...outputOf(right)], env.outer);
      const condition = plan.condition
        ? booleanCondition(resolveExpr(plan.condition, scope, ctx), ctx)
        : null;
      return { ...plan, left, right, condition };
    }
    case 'UnresolvedUsingJoin':
      return resolveUsingJoin(plan, ctx, env);
    case 'Union':
      return resolveUnion(plan, ctx, env);
    case 'Intersect':
    case 'Except': {
      const [left, right] = coerceSetOperands(child(plan.left), child(plan.right), plan.kind, ctx);
      return { ...plan, left, right: dedupRight(left, right, ctx) };
    }
    case 'Window':
    case 'Expand':
      return { ...plan, child: child(plan.child) } as LogicalPlan;
    case 'Generate':
      return resolveGenerate(plan, child(plan.child), ctx, env);
    case 'UnionLoop':
    case 'UnionLoopRef':
      return plan;
    case 'WithCTE': {
      const ctes = new Map(env.ctes);
      for (const cte of plan.ctes) {
        if (plan.recursive && referencesName(cte.plan, cte.name)) {
          ctes.set(cte.name.toLowerCase(), resolveRecursiveCte(cte, ctx, { ctes, outer: env.outer }));
          continue;
        }
        let p = resolvePlan(cte.plan, ctx, { ctes, outer: env.outer });
        if (cte.columns)
          p = resolvePlan({ kind: 'UnresolvedColumnAliases', names: cte.columns, child: p }, ctx, env);
        ctes.set(cte.name.toLowerCase(), p);
      }
      return resolvePlan(plan.child, ctx, { ctes, outer: env.outer });
    }
  }
}

/** The analyzer hooks PIVOT / UNPIVOT rewriting needs (./resolve-pivot.ts). */
function pivotCtx(ctx: Ctx, env: Env): PivotCtx {
  return {
    ctx,
    resolveIn: (e, c) => resolveExpr(e, scopeFor(c, env), ctx),
    analyze: (p) => resolvePlan(p, ctx, env),
    markAnalyzed,
  };
}

/** A self-referencing CTE of WITH RECURSIVE as a UnionLoop (./resolve-recursive-cte.ts). */
function resolveRecursiveCte(
  cte: Extract<LogicalPlan, { kind: 'WithCTE' }>['ctes'][number],
  ctx: Ctx,
  env: Env,
): LogicalPlan {
  const { anchor, recursion } = splitRecursiveCte(cte.plan, cte.name);
  let a = resolvePlan(anchor, ctx, env);
  if (cte.columns)
    a = resolvePlan({ kind: 'UnresolvedColumnAliases', names: cte.columns, child: a }, ctx, env);
  const anchorOut = outputOf(a);
  const loopId = ctx.nextExprId();
  const fresh = (nullable: (i: number) => boolean): AttributeRef[] =>
    anchorOut.map((x, i) => ({
      kind: 'AttributeReference',
      id: ctx.nextExprId(),
      name: x.name,
      dataType: x.dataType,
      nullable: nullable(i),
      qualifier: [],
    }));
  const ref = markAnalyzed({ kind: 'UnionLoopRef', loopId, output: fresh(() => true) });
  const recCtes = new Map(env.ctes);
  recCtes.set(cte.name.toLowerCase(), ref);
  let r: LogicalPlan;
  try {
    r = resolvePlan(recursion, ctx, { ctes: recCtes, outer: env.outer });
  } catch (e) {
    if (recursiveReferenceUnderAggregate(recursion, cte.name)) throw invalidRecursiveReferencePlace();
    throw e;
  }
  checkRecursiveReferences(r, loopId);
  const casts = recursionCasts(anchorOut, r, ctx.conf.ansi);
  if (casts)
    r = markAnalyzed({
      kind: 'Project',
      projectList: casts.map((e, i) => alias(e, anchorOut[i]!.name, ctx)),
      child: r,
    });
  const recOut = outputOf(r);
  const conf = (key: string, dflt: number): number => {
    const v = Number(ctx.functionCtx.conf?.get(key) ?? dflt);
    return Number.isFinite(v) ? v : dflt;
  };
  return markAnalyzed({
    kind: 'UnionLoop',
    loopId,
    anchor: a,
    recursion: r,
    output: fresh((i) => anchorOut[i]!.nullable || recOut[i]!.nullable),
    levelLimit: cte.maxRecursionLevel ?? conf('spark.sql.cteRecursionLevelLimit', 100),
    rowLimit: conf('spark.sql.cteRecursionRowLimit', 1000000),
    limit: null,
  });
}

/** HAVING also takes a numeric condition, cast to boolean (non-zero is true), as Spark does. */
function havingCondition(cond: Expr, ctx: AnalyzerContext): Expr {
  const t = dataTypeOf(cond);
  if (
    t.kind === 'byte' ||
    t.kind === 'short' ||
    t.kind === 'integer' ||
    t.kind === 'long' ||
    t.kind === 'float' ||
    t.kind === 'double' ||
    t.kind === 'decimal'
  ) {
    return castTo(cond, T.boolean, ctx.conf.ansi);
  }
  return booleanCondition(cond, ctx);
}

/** A LIMIT or OFFSET expression: a foldable integer, not NULL, not negative. */
function foldLimit(e: Expr, name: 'limit' | 'offset', ctx: Ctx, env: Env): number {
  const r = resolveExpr(e, scopeOf([], env.outer), ctx);
  const sql = exprSql(r, ctx);
  const fail = (sub: string, text: string, extra: Record<string, string> = {}): FlintError =>
    new FlintError(
      `INVALID_LIMIT_LIKE_EXPRESSION.${sub}`,
      `[INVALID_LIMIT_LIKE_EXPRESSION.${sub}] The ${name} like expression "${sql}" is invalid. ${text}`,
      { name, expr: `"${sql}"`, ...extra },
      null,
      '42K0E',
    );
  const t = dataTypeOf(r);
  if (t.kind !== 'integer' && t.kind !== 'short' && t.kind !== 'byte') {
    throw fail(
      'DATA_TYPE',
      `The ${name} expression must be integer type, but got "${t.kind.toUpperCase()}".`,
      { dataType: `"${t.kind.toUpperCase()}"` },
    );
  }
  if (containsNonDeterministicOrColumn(r))
    throw fail('IS_UNFOLDABLE', `The ${name} expression must evaluate to a constant value.`);
  const v = ctx.evalConstant(r);
  if (v === null) throw fail('IS_NULL', `The evaluated ${name} expression must not be null.`);
  const n = Number(v);
  if (n < 0)
    throw fail('IS_NEGATIVE', `The ${name} expression must be equal to or greater than 0, but got ${n}.`, {
      v: String(n),
    });
  return n;
}

function booleanCondition(cond: Expr, ctx: AnalyzerContext): Expr {
  const t = dataTypeOf(cond);
  if (t.kind === 'boolean') return cond;
  if (t.kind === 'null') return castTo(cond, T.boolean, ctx.conf.ansi);
  const sql = exprSql(cond, ctx);
  throw new FlintError(
    'DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN',
    `[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN] Cannot resolve "${sql}" due to data type mismatch: Filter expression "${sql}" of type "${t.kind.toUpperCase()}" is not a boolean. SQLSTATE: 42K09`,
    { sqlExpr: `"${sql}"`, filter: `"${sql}"`, type: `"${t.kind.toUpperCase()}"` },
    null,
    '42K09',
  );
}

// ---------------------------------------------------------------- relations

function freshOutput(plan: LogicalPlan, ctx: AnalyzerContext): LogicalPlan {
  // A new instance of a relation: the same rows under new ExprIds (a view used twice in one query).
  const out = outputOf(plan);
  return markAnalyzed({ kind: 'Project', projectList: out.map((a) => alias(a, a.name, ctx)), child: plan });
}

function resolveRelation(nameParts: readonly string[], ctx: Ctx, env: Env): LogicalPlan {
  if (nameParts.length === 1) {
    const cte = env.ctes.get(nameParts[0]!.toLowerCase());
    if (cte) return { kind: 'SubqueryAlias', alias: [nameParts[0]!], child: freshOutput(cte, ctx) };
  }
  const entry = lookupRelation(ctx.catalog, nameParts);
  if (!entry) throw tableNotFound(nameParts);
  const qualifier = entry.kind === 'TEMP_VIEW' ? [entry.name] : ['spark_catalog', 'default', entry.name];
  // Views made by SQL are kept unresolved, so that each use sees the tables as they are now.
  const plan = resolvePlan(entry.plan, ctx, { ctes: new Map(), outer: null });
  return { kind: 'SubqueryAlias', alias: qualifier, child: freshOutput(plan, ctx) };
}

/** When the right side of a join produces attributes the left also has (a self-join), re-instance it. */
function dedupRight(left: LogicalPlan, right: LogicalPlan, ctx: AnalyzerContext): LogicalPlan {
  const leftIds = new Set(outputOf(left).map((a) => a.id));
  if (!outputOf(right).some((a) => leftIds.has(a.id))) return right;
  const fresh = freshOutput(right, ctx);
  if (right.kind === 'SubqueryAlias')
    return markAnalyzed({ kind: 'SubqueryAlias', alias: right.alias, child: fresh });
  return fresh;
}

function resolveInlineTable(
  plan: Extract<LogicalPlan, { kind: 'UnresolvedInlineTable' }>,
  ctx: Ctx,
  env: Env,
): LogicalPlan {
  const width = plan.names.length;
  const scope = scopeOf([], env.outer);
  const rows = plan.rows.map((row) => {
    if (row.length !== width) {
      throw new FlintError(
        'INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH',
        `[INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH] Invalid inline table. Inline table expected ${width} columns but found ${row.length} columns in row 0. SQLSTATE: 42000`,
        { expectedNumCols: String(width), actualNumCols: String(row.length), rowIndex: '0' },
        null,
        '42000',
      );
    }
    return row.map((e) => resolveExpr(e, scope, ctx));
  });
  const types: DataType[] = [];
  for (let c = 0; c < width; c++) {
    const t = findWiderCommonType(rows.map((r) => dataTypeOf(r[c]!)));
    if (!t) {
      throw new FlintError(
        'INVALID_INLINE_TABLE.INCOMPATIBLE_TYPES_IN_INLINE_TABLE',
        `[INVALID_INLINE_TABLE.INCOMPATIBLE_TYPES_IN_INLINE_TABLE] Invalid inline table. Found incompatible types in the column \`${plan.names[c]}\` for inline table. SQLSTATE: 42000`,
        { colName: `\`${plan.names[c]}\`` },
        null,
        '42000',
      );
    }
    types.push(t);
  }
  const values = rows.map((r) =>
    r.map((e, c) => {
      if (containsNonDeterministicOrColumn(e)) {
        throw new FlintError(
          'INVALID_INLINE_TABLE.CANNOT_EVALUATE_EXPRESSION_IN_INLINE_TABLE',
          `[INVALID_INLINE_TABLE.CANNOT_EVALUATE_EXPRESSION_IN_INLINE_TABLE] Invalid inline table. Cannot evaluate the expression "${exprSql(e, ctx)}" in inline table definition. SQLSTATE: 42000`,
          { expr: `"${exprSql(e, ctx)}"` },
          null,
          '42000',
        );
      }
      return ctx.evalConstant(castTo(e, types[c]!, ctx.conf.ansi));
    }),
  );
  const output: AttributeRef[] = plan.names.map((name, c) => ({
    kind: 'AttributeReference',
    id: ctx.nextExprId(),
    name,
    dataType: types[c]!,
    nullable: values.some((r) => r[c] === null),
    qualifier: [],
  }));
  return { kind: 'LocalRelation', output, rows: values };
}

function containsNonDeterministicOrColumn(e: Expr): boolean {
  let found = false;
  const visit = (x: Expr): Expr => {
    if (
      x.kind === 'AttributeReference' ||
      x.kind === 'OuterReference' ||
      x.kind === 'AggregateExpression' ||
      x.kind === 'ScalarSubquery'
    )
      found = true;
    else mapChildren(x, visit);
    return x;
  };
  visit(e);
  return found;
}

function resolveTableFunction(
  plan: Extract<LogicalPlan, { kind: 'UnresolvedTableFunction' }>,
  ctx: Ctx,
  env: Env,
): LogicalPlan {
  const name = plan.name.toLowerCase();
  if (name === 'range') {
    // Arguments are bigint (a decimal 4.0 is 4), as Spark's Range casts them.
    const args = plan.args.map((a) =>
      ctx.evalConstant(castTo(resolveExpr(a, scopeOf([], env.outer), ctx), T.long, ctx.conf.ansi)),
    );
    const nums = args.map((v) => (typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)))));
    let start = 0n;
    let end = 0n;
    let step = 1n;
    let numSlices: number | null = null;
    if (nums.length === 1) end = nums[0]!;
    else if (nums.length >= 2) {
      start = nums[0]!;
      end = nums[1]!;
      if (nums.length >= 3) step = nums[2]!;
      if (nums.length >= 4) numSlices = Number(nums[3]!);
    }
    if (step === 0n) {
      throw new FlintError(
        'FAILED_FUNCTION_CALL',
        'requirement failed: step (0) cannot be 0',
        {},
        null,
        '38000',
      );
    }
    const output: AttributeRef[] = [
      {
        kind: 'AttributeReference',
        id: ctx.nextExprId(),
        name: 'id',
        dataType: T.long,
        nullable: false,
        qualifier: [],
      },
    ];
    return { kind: 'Range', start, end, step, numSlices, output };
  }
  if (lookupFunction(name)?.kind === 'generator') {
    const call: Expr = {
      kind: 'UnresolvedFunction',
      name: [plan.name],
      args: plan.args,
      distinct: false,
      isStar: false,
      filter: null,
      ignoreNulls: false,
    };
    return generatorTable(resolveExpr(call, scopeOf([], env.outer), ctx), ctx.nextExprId, (e) =>
      exprSql(e, ctx),
    );
  }
  throw new FlintError(
    'UNRESOLVABLE_TABLE_VALUED_FUNCTION',
    `[UNRESOLVABLE_TABLE_VALUED_FUNCTION] Could not resolve \`${plan.name}\` to a table-valued function. SQLSTATE: 42883`,
    { name: `\`${plan.name}\`` },
    null,
    '42883',
  );
}

function resolveGenerate(
  plan: Extract<LogicalPlan, { kind: 'Generate' }>,
  c: LogicalPlan,
  ctx: Ctx,
  env: Env,
): LogicalPlan {
  const generator = resolveExpr(plan.generator, scopeFor(c, env), ctx);
  if (plan.generatorOutput.some((a) => a.id >= 0)) return { ...plan, generator, child: c };
  const generatorOutput = generatorOutputOf(
    generator,
    plan.generatorOutput.map((a) => a.name).filter((n) => n !== ''),
    plan.generatorOutput[0]?.qualifier ?? [],
    ctx.nextExprId,
    exprSql(generator, ctx),
  );
  return { ...plan, generator, generatorOutput, child: c };
}

// ---------------------------------------------------------------- projections, aggregates, windows

function expandProjectList(list: readonly Expr[], scope: Scope, ctx: AnalyzerContext): NamedExpr[] {
  const out: NamedExpr[] = [];
  for (const item of list) {
    if (item.kind === 'UnresolvedStar') {
      out.push(...expandStar(item, scope, ctx));
      continue;
    }
    const e = resolveExpr(item, scope, ctx);
    out.push(toNamed(e, item, ctx));
  }
  return out;
}

function toNamed(e: Expr, original: Expr, ctx: AnalyzerContext): NamedExpr {
  if (e.kind === 'Alias' || e.kind === 'AttributeReference') return e;
  if (e.kind === 'OuterReference') return alias(e, e.attr.name, ctx);
  // A nested-field reference (a.b.c) is named after its last field, as Spark does.
  if (
    original.kind === 'UnresolvedAttribute' &&
    original.nameParts.length > 1 &&
    e.kind === 'ScalarFunction' &&
    e.name === 'get_struct_field'
  ) {
    return alias(e, String(e.options?.['name'] ?? original.nameParts[original.nameParts.length - 1]), ctx);
  }
  return alias(e, exprSql(e, ctx), ctx);
}

function containsKind(e: Expr, kinds: ReadonlySet<string>, stopAtWindows = false): boolean {
  if (kinds.has(e.kind)) return true;
  if (stopAtWindows && e.kind === 'WindowExpression') return false;
  let found = false;
  mapChildren(e, (c) => {
    if (!found && containsKind(c, kinds, stopAtWindows)) found = true;
    return c;
  });
  return found;
}

const AGG = new Set(['AggregateExpression']);
const WINDOW = new Set(['WindowExpression']);

function resolveProject(list: readonly Expr[], c: LogicalPlan, ctx: Ctx, env: Env): LogicalPlan {
  const scope = scopeFor(c, env, true, true);
  const named = expandProjectList(list, scope, ctx);
  const generated = extractGenerator(named, c, ctx.nextExprId, (e) => exprSql(e, ctx));
  if (generated) return generated;
  if (named.some((e) => containsKind(e, AGG, true))) {
    // SELECT with aggregates and no GROUP BY: a global aggregate.
    return buildAggregate([], named, c, ctx);
  }
  if (named.some((e) => containsKind(e, WINDOW))) return extractWindows(named, c, ctx);
  return { kind: 'Project', projectList: named, child: c };
}

function resolveAggregate(
  groupingExprs: readonly Expr[],
  aggList: readonly Expr[],
  c: LogicalPlan,
  ctx: Ctx,
  env: Env,
): LogicalPlan {
  const scope = scopeFor(c, env, true, true);
  const named = expandProjectList(aggList, scope, ctx);
  let grouping: Expr[];
  if (
    groupingExprs.length === 1 &&
    groupingExprs[0]!.kind === 'UnresolvedStar' &&
    groupingExprs[0]!.target?.[0] === '__group_by_all__'
  ) {
    // GROUP BY ALL: every select item without an aggregate.
    grouping = named.filter((e) => !containsKind(e, AGG)).map((e) => (e.kind === 'Alias' ? e.child : e));
  } else {
    grouping = groupingExprs.map((g) => resolveGroupingExpr(g, named, aggList, c, ctx, env));
  }
  return buildAggregate(grouping, named, c, ctx);
}

function resolveGroupingExpr(
  g: Expr,
  named: readonly NamedExpr[],
  aggList: readonly Expr[],
  c: LogicalPlan,
  ctx: Ctx,
  env: Env,
): Expr {
  // GROUP BY 1: a select item by position (unless spark.sql.groupByOrdinal is false).
  if (
    g.kind === 'Literal' &&
    typeof g.value === 'number' &&
    g.dataType.kind === 'integer' &&
    ctx.functionCtx.conf.get('spark.sql.groupByOrdinal') !== 'false'
  ) {
    if (aggList.some((a) => a.kind === 'UnresolvedStar')) {
      throw new FlintError(
        'STAR_GROUP_BY_POS',
        '[STAR_GROUP_BY_POS] Star (*) is not allowed in a select list when GROUP BY an ordinal position is used. SQLSTATE: 0A000',
        {},
        null,
        '0A000',
      );
    }
    const item = named[g.value - 1];
    if (!item) {
      throw new FlintError(
        'GROUP_BY_POS_OUT_OF_RANGE',
        `[GROUP_BY_POS_OUT_OF_RANGE] GROUP BY position ${g.value} is not in select list (valid range is [1, ${named.length}]). SQLSTATE: 42805`,
        { index: String(g.value), size: String(named.length) },
        null,
        '42805',
      );
    }
    if (containsKind(item, AGG)) {
      throw new FlintError(
        'GROUP_BY_POS_AGGREGATE',
        `[GROUP_BY_POS_AGGREGATE] GROUP BY ${g.value} refers to an expression ${exprSql(item, ctx)} that contains an aggregate function. Aggregate functions are not allowed in GROUP BY. SQLSTATE: 42903`,
        { index: String(g.value), aggExpr: exprSql(item, ctx) },
        null,
        '42903',
      );
    }
    return item.kind === 'Alias' ? item.child : item;
  }
  try {
    return resolveExpr(g, scopeFor(c, env, false, false), ctx);
  } catch (err) {
    // GROUP BY a select alias (spark.sql.groupByAliases).
    if (g.kind === 'UnresolvedAttribute' && g.nameParts.length === 1) {
      const idx = aggList.findIndex(
        (a) => a.kind === 'Alias' && a.name.toLowerCase() === g.nameParts[0]!.toLowerCase(),
      );
      const item = named[idx];
      if (idx >= 0 && item && item.kind === 'Alias' && !containsKind(item, AGG)) return item.child;
    }
    throw err;
  }
}

/** Semantic equality of resolved expressions (ignoring aliases' names and origins). */
export function semanticEquals(a: Expr, b: Expr): boolean {
  return canonical(a) === canonical(b);
}

const canonicalCache = new WeakMap<Expr, string>();
function canonical(e: Expr): string {
  let s = canonicalCache.get(e);
  if (s === undefined) {
    s = JSON.stringify(e, function (this: { kind?: string }, k, v) {
      if (k === 'origin' || k === 'qualifier' || k === 'resultId') return undefined;
      // An attribute is its id; the name it is read under does not matter.
      if (k === 'name' && this.kind === 'AttributeReference') return undefined;
      if (k === 'nullable') return undefined;
      return typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? Array.from(v) : v;
    });
    canonicalCache.set(e, s);
  }
  return s;
}

/**
 * Builds Aggregate(grouping, outputs) and, when the outputs hold window expressions, the Window
 * nodes above it. Non-aggregated columns outside the grouping keys are MISSING_AGGREGATION.
 */
function buildAggregate(
  grouping: readonly Expr[],
  named: readonly NamedExpr[],
  c: LogicalPlan,
  ctx: Ctx,
): LogicalPlan {
  const hasWindows = named.some((e) => containsKind(e, WINDOW));
  if (!hasWindows) {
    named.forEach((e) => checkAggregated(e, grouping, ctx));
    return { kind: 'Aggregate', groupingExprs: grouping, aggregateExprs: named, child: c };
  }
  // Split: aggregate-level values go into the Aggregate (hidden), windows are computed above it.
  const aggOutputs: NamedExpr[] = [];
  const extract = (e: Expr): Expr => {
    if (e.kind === 'AggregateExpression' || grouping.some((g) => semanticEquals(g, e))) {
      const existing = aggOutputs.find((o) => o.kind === 'Alias' && semanticEquals(o.child, e));
      if (existing) return toAttribute(existing);
      if (e.kind === 'AttributeReference') {
        if (!aggOutputs.some((o) => o.kind === 'AttributeReference' && o.id === e.id)) aggOutputs.push(e);
        return e;
      }
      const a = alias(e, exprSql(e, ctx), ctx);
      aggOutputs.push(a);
      return toAttribute(a);
    }
    if (e.kind === 'WindowExpression') {
      const fn = e.function;
      const newFn: Expr =
        fn.kind === 'AggregateExpression'
          ? { ...fn, args: fn.args.map(extract), filter: fn.filter ? extract(fn.filter) : null }
          : mapChildren(fn, extract);
      return {
        ...e,
        function: newFn,
        partitionSpec: e.partitionSpec.map(extract),
        orderSpec: e.orderSpec.map((o) => ({ ...o, child: extract(o.child) })),
      };
    }
    return mapChildren(e, extract);
  };
  const rewritten = named.map((e) => extract(e) as NamedExpr);
  aggOutputs.forEach((e) => checkAggregated(e, grouping, ctx));
  const agg = markAnalyzed({
    kind: 'Aggregate',
    groupingExprs: grouping,
    aggregateExprs: aggOutputs,
    child: c,
  });
  return extractWindows(rewritten, agg, ctx);
}

function checkAggregated(e: Expr, grouping: readonly Expr[], ctx: AnalyzerContext): void {
  const visit = (x: Expr): Expr => {
    if (x.kind === 'AggregateExpression' || x.kind === 'Literal' || x.kind === 'OuterReference') return x;
    if (x.kind === 'ScalarSubquery' || x.kind === 'Exists' || x.kind === 'InSubquery') return x;
    if (grouping.some((g) => semanticEquals(g, x))) return x;
    if (x.kind === 'AttributeReference') {
      const sql = exprSql(x, ctx);
      if (grouping.length === 0) {
        throw new FlintError(
          'MISSING_GROUP_BY',
          `[MISSING_GROUP_BY] The query does not include a GROUP BY clause. Add GROUP BY or turn it into the window functions using OVER clauses. SQLSTATE: 42803`,
          {},
          null,
          '42803',
        );
      }
      throw new FlintError(
        'MISSING_AGGREGATION',
        `[MISSING_AGGREGATION] The non-aggregating expression "${sql}" is based on columns which are not participating in the GROUP BY clause. Add the columns or the expression to the GROUP BY, aggregate the expression, or use "any_value(${sql})" if you do not care which of the values within a group is returned. SQLSTATE: 42803`,
        { expression: `"${sql}"`, expressionAnyValue: `"any_value(${sql})"` },
        null,
        '42803',
      );
    }
    return mapChildren(x, visit);
  };
  visit(e.kind === 'Alias' ? e.child : e);
}

/** Pulls window expressions out of a projection into Window nodes (one per distinct spec). */
function extractWindows(named: readonly NamedExpr[], c: LogicalPlan, ctx: AnalyzerContext): LogicalPlan {
  type WindowExpr = Extract<Expr, { kind: 'WindowExpression' }>;
  const groups: { partitionSpec: readonly Expr[]; orderSpec: readonly SortOrder[]; exprs: NamedExpr[] }[] =
    [];
  // Window expressions with the same partitioning and ordering are computed by one Window node.
  const groupFor = (w: WindowExpr) => {
    let g = groups.find(
      (x) =>
        x.partitionSpec.length === w.partitionSpec.length &&
        x.orderSpec.length === w.orderSpec.length &&
        x.partitionSpec.every((p, i) => semanticEquals(p, w.partitionSpec[i]!)) &&
        x.orderSpec.every((o, i) => semanticEquals(o, w.orderSpec[i]!)),
    );
    if (!g) {
      g = { partitionSpec: w.partitionSpec, orderSpec: w.orderSpec, exprs: [] };
      groups.push(g);
    }
    return g;
  };
  const replace = (e: Expr): Expr => {
    if (e.kind === 'WindowExpression') {
      const w = e as WindowExpr;
      const g = groupFor(w);
      const a = alias(w, exprSql(w, ctx), ctx);
      g.exprs.push(a);
      return toAttribute(a);
    }
    return mapChildren(e, replace);
  };
  const projectList = named.map((e) => {
    if (e.kind === 'Alias' && e.child.kind === 'WindowExpression') {
      const w = e.child;
      const g = groupFor(w);
      g.exprs.push(e);
      return toAttribute(e);
    }
    return replace(e) as NamedExpr;
  });
  let plan = c;
  for (const g of groups) {
    plan = markAnalyzed({
      kind: 'Window',
      windowExprs: g.exprs,
      partitionSpec: g.partitionSpec,
      orderSpec: g.orderSpec,
      child: plan,
    });
  }
  return { kind: 'Project', projectList, child: plan };
}

function resolveGroupingSets(
  plan: Extract<LogicalPlan, { kind: 'UnresolvedGroupingSets' }>,
  ctx: Ctx,
  env: Env,
): LogicalPlan {
  const c = resolvePlan(plan.child, ctx, env);
  const childOut = outputOf(c);
  const gid: AttributeRef = {
    kind: 'AttributeReference',
    id: ctx.nextExprId(),
    name: 'spark_grouping_id',
    dataType: T.long,
    nullable: false,
    qualifier: [],
  };
  // `grouping__id` is Hive's name for the grouping id, still accepted by Spark.
  const gidAlias: AttributeRef = { ...gid, name: 'grouping__id' };
  const named = expandProjectList(
    plan.aggregateExprs,
    scopeOf([...childOut, gidAlias], env.outer, true, true),
    ctx,
  );
  // Grouping expressions may be select ordinals (ROLLUP(1, 2)) or aliases, as in a plain GROUP BY.
  const resolveKey = (g: Expr): Expr => resolveGroupingExpr(g, named, plan.aggregateExprs, c, ctx, env);
  const grouping: Expr[] = [];
  for (const g of plan.groupingExprs.map(resolveKey))
    if (!grouping.some((x) => semanticEquals(x, g))) grouping.push(g);
  const sets = plan.sets.map((s) => s.map(resolveKey));
  // Expand: each input row once per grouping set, with the keys outside the set NULL, plus the grouping id.
  const groupAttrs: AttributeRef[] = grouping.map((g) => ({
    kind: 'AttributeReference',
    id: ctx.nextExprId(),
    name: g.kind === 'AttributeReference' ? g.name : exprSql(g, ctx),
    dataType: dataTypeOf(g),
    nullable: true,
    qualifier: [],
  }));
  const n = grouping.length;
  const masks = sets.map((set) => {
    let mask = 0n;
    grouping.forEach((g, i) => {
      if (!set.some((s) => semanticEquals(s, g))) mask |= 1n << BigInt(n - 1 - i);
    });
    return mask;
  });
  // Repeated grouping sets each produce their rows (Spark's _gen_grouping_pos keeps them apart).
  const pos: AttributeRef | null =
    new Set(masks).size !== masks.length
      ? {
          kind: 'AttributeReference',
          id: ctx.nextExprId(),
          name: '_gen_grouping_pos',
          dataType: T.int,
          nullable: false,
          qualifier: [],
        }
      : null;
  const projections = masks.map((mask, si) => {
    const keys = grouping.map((g, i) =>
      (mask >> BigInt(n - 1 - i)) & 1n
        ? ({ kind: 'Literal', value: null, dataType: dataTypeOf(g) } as Expr)
        : g,
    );
    const tail: Expr[] = [{ kind: 'Literal', value: mask, dataType: T.long }];
    if (pos) tail.push({ kind: 'Literal', value: si, dataType: T.int });
    return [...childOut, ...keys, ...tail];
  });
  const expand = markAnalyzed({
    kind: 'Expand',
    projections,
    output: [...childOut, ...groupAttrs, gid, ...(pos ? [pos] : [])],
    child: c,
  });
  // Aggregate list: grouping expressions map to the expanded key columns; grouping()/grouping_id() use gid.
  const rewrite = (e: Expr): Expr => {
    const idx = grouping.findIndex((g) => semanticEquals(g, e));
    if (idx >= 0) return groupAttrs[idx]!;
    if (e.kind === 'AggregateExpression') return e;
    const fn = rewriteGroupingFunction(e, grouping, gid, ctx);
    if (fn) return fn;
    return mapChildren(e, rewrite);
  };
  const aggExprs = named.map((e) => {
    const r = rewrite(e.kind === 'Alias' ? e.child : e);
    if (e.kind === 'Alias') return { ...e, child: r };
    if (r === e) return e;
    // A grouping column selected as is keeps its name and id, now read from the expanded key.
    return { kind: 'Alias', child: r, name: e.name, id: e.id } as NamedExpr;
  }) as NamedExpr[];
  const result = buildAggregate([...groupAttrs, gid, ...(pos ? [pos] : [])], aggExprs, expand, ctx);
  const found = findAggregate(result);
  if (found)
    groupingSetKeys.set(found.agg, {
      originals: [...grouping, gidAlias],
      keys: [...groupAttrs, gidAlias],
      input: childOut,
      grouping,
      gid,
    });
  return result;
}

function containsGroupingFunction(e: Expr): boolean {
  if (e.kind === 'ScalarFunction' && (e.name === 'grouping' || e.name === 'grouping_id')) return true;
  let found = false;
  mapChildren(e, (c) => {
    if (!found && containsGroupingFunction(c)) found = true;
    return c;
  });
  return found;
}

/** `col#id` lists as Spark prints attributes in GROUPING_COLUMN_MISMATCH and friends. */
function attrList(es: readonly Expr[], ctx: Ctx): string {
  return es.map((e) => (e.kind === 'AttributeReference' ? `${e.name}#${e.id}` : exprSql(e, ctx))).join(',');
}

/**
 * grouping(c) is bit (n-1-i) of the grouping id, cast to tinyint; grouping_id() and grouping_id of
 * all grouping columns in order is the id itself. Other arguments are Spark's mismatch errors.
 * Returns null for any other expression.
 */
function rewriteGroupingFunction(
  e: Expr,
  grouping: readonly Expr[],
  gid: AttributeRef,
  ctx: Ctx,
): Expr | null {
  if (e.kind !== 'ScalarFunction' || (e.name !== 'grouping' && e.name !== 'grouping_id')) return null;
  const n = grouping.length;
  if (e.name === 'grouping_id') {
    const same =
      e.args.length === 0 || (e.args.length === n && e.args.every((a, i) => semanticEquals(a, grouping[i]!)));
    if (!same) {
      const groupingIdColumn = attrList(e.args, ctx);
      const groupByColumns = attrList(grouping, ctx);
      throw new FlintError(
        'GROUPING_ID_COLUMN_MISMATCH',
        `[GROUPING_ID_COLUMN_MISMATCH] Columns of grouping_id (${groupingIdColumn}) does not match grouping columns (${groupByColumns}). SQLSTATE: 42803`,
        { groupingIdColumn, groupByColumns },
        null,
        '42803',
      );
    }
    return gid;
  }
  const gi = grouping.findIndex((g) => semanticEquals(g, e.args[0]!));
  if (gi < 0) {
    const g = attrList(e.args, ctx);
    const groupingColumns = attrList(grouping, ctx);
    throw new FlintError(
      'GROUPING_COLUMN_MISMATCH',
      `[GROUPING_COLUMN_MISMATCH] Column of grouping (${g}) can't be found in grouping columns ${groupingColumns}. SQLSTATE: 42803`,
      { grouping: g, groupingColumns },
      null,
      '42803',
    );
  }
  return {
    kind: 'Cast',
    child: {
      kind: 'Bitwise',
      op: 'BitwiseAnd',
      left: {
        kind: 'ScalarFunction',
        name: 'shiftright',
        args: [gid, { kind: 'Literal', value: n - 1 - gi, dataType: T.int }],
        dataType: T.long,
        nullable: false,
      },
      right: { kind: 'Literal', value: 1n, dataType: T.long },
    },
    dataType: T.byte,
    evalMode: 'LEGACY',
    userSpecified: false,
  };
}

// ---------------------------------------------------------------- HAVING and ORDER BY

/** For an Aggregate over grouping sets: the grouping expressions as written and their expanded key columns. */
const groupingSetKeys = new WeakMap<
  LogicalPlan,
  {
    originals: readonly Expr[];
    keys: readonly AttributeRef[];
    input: readonly AttributeRef[];
    /** The grouping expressions and the grouping id, for grouping()/grouping_id() in HAVING/ORDER BY. */
    grouping: readonly Expr[];
    gid: AttributeRef;
  }
>();

function findAggregate(
  plan: LogicalPlan,
): { agg: Extract<LogicalPlan, { kind: 'Aggregate' }>; above: LogicalPlan[] } | null {
  const above: LogicalPlan[] = [];
  let p = plan;
  while (p.kind === 'Project' || p.kind === 'Window' || p.kind === 'Filter') {
    above.push(p);
    p = p.child;
  }
  return p.kind === 'Aggregate' ? { agg: p, above } : null;
}

/**
 * Resolves `cond` over an Aggregate: names may be select aliases (the aggregate's output) or input
 * columns; aggregate functions not already computed are added as hidden outputs.
 */
function resolveOverAggregate(
  exprs: readonly Expr[],
  agg: Extract<LogicalPlan, { kind: 'Aggregate' }>,
  ctx: Ctx,
  env: Env,
  inputFirst = false,
): { exprs: Expr[]; agg: Extract<LogicalPlan, { kind: 'Aggregate' }>; added: boolean } {
  const aggOut = outputOf(agg);
  const extra: NamedExpr[] = [];
  const sets = groupingSetKeys.get(agg);
  const inputAttrs = sets
    ? [...sets.input, ...sets.keys.filter((k) => k.name === 'grouping__id')]
    : outputOf(agg.child);
  // grouping(c) resolved over the select list names the output column: read it as the grouping key.
  const groupingArgsToInput = (e: Expr): Expr => {
    if (!sets || e.kind !== 'ScalarFunction' || (e.name !== 'grouping' && e.name !== 'grouping_id')) return e;
    const args = e.args.map((a) => {
      if (a.kind !== 'AttributeReference') return a;
      const item = agg.aggregateExprs.find((o) => o.id === a.id);
      const v = item && item.kind === 'Alias' ? item.child : a;
      const k = sets.keys.findIndex((key) => v.kind === 'AttributeReference' && key.id === v.id);
      return k >= 0 ? sets.originals[k]! : a;
    });
    return { ...e, args };
  };
  const mapToOutput = (e0: Expr): Expr => {
    const fn = sets ? rewriteGroupingFunction(groupingArgsToInput(e0), sets.grouping, sets.gid, ctx) : null;
    if (fn) return mapToOutput(fn);
    // ORDER BY over grouping sets: aggregates read the expanded keys, NULL outside their set (as Spark).
    if (sets && !inputFirst && e0.kind === 'AggregateExpression') {
      const toKeys = (x: Expr): Expr => {
        const k = sets.originals.findIndex((o) => semanticEquals(o, x));
        return k >= 0 ? sets.keys[k]! : mapChildren(x, toKeys);
      };
      const moved = mapChildren(e0, toKeys);
      if (!semanticEquals(moved, e0)) {
        const a = alias(moved, exprSql(e0, ctx), ctx);
        extra.push(a);
        return toAttribute(a);
      }
    }
    // Under grouping sets, an input column that is a grouping key means the expanded key column.
    const setIndex = sets ? sets.originals.findIndex((o) => semanticEquals(o, e0)) : -1;
    const e = setIndex >= 0 ? sets!.keys[setIndex]! : e0;
    if (e.kind === 'AttributeReference' && aggOut.some((a) => a.id === e.id)) return e;
    const all = [...agg.aggregateExprs, ...extra];
    for (const o of all) {
      const v = o.kind === 'Alias' ? o.child : o;
      if (semanticEquals(v, e)) return toAttribute(o);
    }
    if (e.kind === 'AggregateExpression' || agg.groupingExprs.some((g) => semanticEquals(g, e))) {
      const a = alias(e, exprSql(e, ctx), ctx);
      extra.push(a);
      return toAttribute(a);
    }
    if (e.kind === 'AttributeReference') {
      // An input column that is not a grouping key.
      checkAggregated(e, agg.groupingExprs, ctx);
    }
    return mapChildren(e, mapToOutput);
  };
  const outputScope = scopeOf(aggOut, env.outer, false, false);
  const inputScope = scopeOf(inputAttrs, env.outer, true, false);
  // HAVING reads the aggregate's input first (a grouping column beats a select alias of the same
  // name); ORDER BY reads the select list first.
  const [first, second] = inputFirst ? [inputScope, outputScope] : [outputScope, inputScope];
  const resolved = exprs.map((e) => {
    let r: Expr;
    try {
      r = resolveExpr(e, first, ctx);
    } catch (err) {
      if (!(err instanceof FlintError)) throw err;
      r = resolveExpr(e, second, ctx);
    }
    return mapToOutput(r);
  });
  if (extra.length === 0) return { exprs: resolved, agg, added: false };
  const widened = markAnalyzed({ ...agg, aggregateExprs: [...agg.aggregateExprs, ...extra] }) as Extract<
    LogicalPlan,
    { kind: 'Aggregate' }
  >;
  if (sets) groupingSetKeys.set(widened, sets);
  return {
    exprs: resolved,
    agg: widened,
    added: true,
  };
}

function resolveHaving(condition: Expr, c: LogicalPlan, ctx: Ctx, env: Env): LogicalPlan {
  let found = findAggregate(c);
  if (!found && c.kind === 'Project') {
    // HAVING without GROUP BY or aggregates: the select is a global aggregate.
    c.projectList.forEach((e) => checkAggregated(e, [], ctx));
    const agg = markAnalyzed({
      kind: 'Aggregate',
      groupingExprs: [],
      aggregateExprs: c.projectList,
      child: c.child,
    }) as Extract<LogicalPlan, { kind: 'Aggregate' }>;
    found = { agg, above: [] };
  }
  if (!found || found.above.length > 0) {
    const cond = resolveExpr(condition, scopeFor(c, env), ctx);
    return { kind: 'Filter', condition: booleanCondition(cond, ctx), child: c };
  }
  const r = resolveOverAggregate([condition], found.agg, ctx, env, true);
  const filter = markAnalyzed({ kind: 'Filter', condition: havingCondition(r.exprs[0]!, ctx), child: r.agg });
  if (!r.added) return filter;
  return { kind: 'Project', projectList: outputOf(found.agg) as AttributeRef[], child: filter };
}

function resolveSort(
  plan: Extract<LogicalPlan, { kind: 'Sort' }>,
  c: LogicalPlan,
  ctx: Ctx,
  env: Env,
): LogicalPlan {
  const out = outputOf(c);
  // ORDER BY ALL: every select-list column in order, unless a column is itself named `all`.
  const only = plan.order.length === 1 ? plan.order[0]! : null;
  if (
    only &&
    only.child.kind === 'UnresolvedAttribute' &&
    only.child.nameParts.length === 1 &&
    only.child.nameParts[0]!.toLowerCase() === 'all' &&
    !resolveName(['all'], out, ctx.conf.caseSensitive)
  ) {
    return { kind: 'Sort', order: out.map((a) => ({ ...only, child: a })), global: plan.global, child: c };
  }
  // ORDER BY 1: a select item by position.
  const order = plan.order.map((o) => {
    const x = o.child;
    if (x.kind === 'Literal' && typeof x.value === 'number' && x.dataType.kind === 'integer') {
      const attr = out[x.value - 1];
      if (!attr) {
        throw new FlintError(
          'ORDER_BY_POS_OUT_OF_RANGE',
          `[ORDER_BY_POS_OUT_OF_RANGE] ORDER BY position ${x.value} is not in select list (valid range is [1, ${out.length}]). SQLSTATE: 42805`,
          { index: String(x.value), size: String(out.length) },
          null,
          '42805',
        );
      }
      return { ...o, child: attr as Expr };
    }
    return o;
  });
  // Try the child's output first.
  try {
    const resolved = order.map((o) => resolveExpr(o, scopeOf(out, env.outer), ctx) as SortOrder);
    // grouping()/grouping_id() read the grouping id below the select list.
    if (resolved.some((o) => containsGroupingFunction(o))) {
      const retry = resolveSortMissing(order, c, ctx, env, plan.global);
      if (retry) return retry;
    }
    return { kind: 'Sort', order: resolved, global: plan.global, child: c };
  } catch (err) {
    if (!(err instanceof FlintError)) throw err;
    const retry = resolveSortMissing(order, c, ctx, env, plan.global);
    if (retry) return retry;
    throw err;
  }
}

/** ORDER BY on columns the select list dropped, or on aggregates: add them below, then project back. */
function resolveSortMissing(
  order: readonly SortOrder[],
  c: LogicalPlan,
  ctx: Ctx,
  env: Env,
  global: boolean,
): LogicalPlan | null {
  const out = outputOf(c) as AttributeRef[];
  const found = findAggregate(c);
  if (found && found.above.every((p) => p.kind === 'Project' || p.kind === 'Filter')) {
    const r = resolveOverAggregate(order, found.agg, ctx, env);
    const extraAttrs = outputOf(r.agg).filter((a) => !outputOf(found.agg).some((b) => b.id === a.id));
    // Rebuild the chain above the aggregate, passing the added columns through its projections.
    let base: LogicalPlan = r.agg;
    for (let i = found.above.length - 1; i >= 0; i--) {
      const p = found.above[i]!;
      if (p.kind === 'Project') {
        const inner = outputOf(base);
        const needed: NamedExpr[] = [];
        for (const o of r.exprs) {
          const visit = (e: Expr): Expr => {
            if (
              e.kind === 'AttributeReference' &&
              !p.projectList.some((x) => x.id === e.id) &&
              !needed.some((x) => x.id === e.id) &&
              inner.some((a) => a.id === e.id)
            )
              needed.push(e);
            return mapChildren(e, visit);
          };
          visit(o);
        }
        base = markAnalyzed({ ...p, projectList: [...p.projectList, ...needed], child: base });
      } else {
        base = markAnalyzed({ ...(p as Extract<LogicalPlan, { kind: 'Filter' }>), child: base });
      }
    }
    const sorted = markAnalyzed({ kind: 'Sort', order: r.exprs as SortOrder[], global, child: base });
    const grew = extraAttrs.length > 0 || outputOf(base).length !== out.length;
    return grew ? { kind: 'Project', projectList: out, child: sorted } : sorted;
  }
  if (c.kind === 'Project' || c.kind === 'Filter') {
    // Columns below the select list: widen the nearest projection, sort, then project back.
    let proj: LogicalPlan = c;
    const filters: Extract<LogicalPlan, { kind: 'Filter' }>[] = [];
    while (proj.kind === 'Filter') {
      filters.push(proj);
      proj = proj.child;
    }
    if (proj.kind !== 'Project') return null;
    const inner = outputOf(proj.child);
    const resolved = order.map(
      (o) => resolveExpr(o, scopeOf([...out, ...inner], env.outer), ctx) as SortOrder,
    );
    const missing: AttributeRef[] = [];
    const collect = (e: Expr): Expr => {
      if (
        e.kind === 'AttributeReference' &&
        !out.some((a) => a.id === e.id) &&
        !missing.some((m) => m.id === e.id)
      )
        missing.push(e);
      return mapChildren(e, collect);
    };
    resolved.forEach(collect);
    let widened: LogicalPlan = markAnalyzed({
      kind: 'Project',
      projectList: [...proj.projectList, ...missing],
      child: proj.child,
    });
    for (let i = filters.length - 1; i >= 0; i--) widened = markAnalyzed({ ...filters[i]!, child: widened });
    const sorted = markAnalyzed({ kind: 'Sort', order: resolved, global, child: widened });
    return { kind: 'Project', projectList: out, child: sorted };
  }
  return null;
}

// ---------------------------------------------------------------- joins and set operations

function resolveUsingJoin(
  plan: Extract<LogicalPlan, { kind: 'UnresolvedUsingJoin' }>,
  ctx: Ctx,
  env: Env,
): LogicalPlan {
  const left = resolvePlan(plan.left, ctx, env);
  const right = dedupRight(left, resolvePlan(plan.right, ctx, env), ctx);
  const lo = outputOf(left);
  const ro = outputOf(right);
  const names =
    plan.usingColumns ??
    lo.filter((a) => ro.some((b) => b.name.toLowerCase() === a.name.toLowerCase())).map((a) => a.name);
  const pairs = names.map((n) => {
    const l = resolveName([n], lo, ctx.conf.caseSensitive);
    const r = resolveName([n], ro, ctx.conf.caseSensitive);
    if (!l || !r) {
      throw new FlintError(
        'UNRESOLVED_USING_COLUMN_FOR_JOIN',
        `[UNRESOLVED_USING_COLUMN_FOR_JOIN] USING column \`${n}\` cannot be resolved on the ${l ? 'right' : 'left'} side of the join. The ${l ? 'right' : 'left'}-side columns: [${(l ? ro : lo).map((a) => `\`${a.name}\``).join(', ')}]. SQLSTATE: 42703`,
        { colName: `\`${n}\``, side: l ? 'right' : 'left', suggestion: '' },
        null,
        '42703',
      );
    }
    return [l.attr, r.attr] as const;
  });
  let condition: Expr | null = null;
  for (const [l, r] of pairs) {
    const eq = resolveExpr(
      { kind: 'Comparison', op: 'EqualTo', left: l, right: r },
      scopeOf([...lo, ...ro]),
      ctx,
    );
    condition = condition ? { kind: 'And', left: condition, right: eq } : eq;
  }
  const join = markAnalyzed({
    kind: 'Join',
    left,
    right,
    joinType: plan.joinType,
    condition,
    hint: plan.hint ?? NO_HINT,
  });
  const joinOut = outputOf(join);
  const lkeys = new Set(pairs.map(([l]) => l.id));
  const rkeys = new Set(pairs.map(([, r]) => r.id));
  const attrIn = (a: AttributeRef) => joinOut.find((o) => o.id === a.id) ?? a;
  let keys: NamedExpr[];
  switch (plan.joinType) {
    case 'RightOuter':
      keys = pairs.map(([, r]) => attrIn(r));
      break;
    case 'FullOuter':
      keys = pairs.map(([l, r]) => {
        const coalesce: Expr = {
          kind: 'ScalarFunction',
          name: 'coalesce',
          args: [attrIn(l), attrIn(r)],
          dataType: l.dataType,
          nullable: l.nullable && r.nullable,
        };
        return { kind: 'Alias', child: coalesce, name: l.name, id: ctx.nextExprId() };
      });
      break;
    default:
      keys = pairs.map(([l]) => attrIn(l));
  }
  if (plan.joinType === 'LeftSemi' || plan.joinType === 'LeftAnti') {
    return {
      kind: 'Project',
      projectList: [...keys, ...joinOut.filter((a) => lo.some((l) => l.id === a.id) && !lkeys.has(a.id))],
      child: join,
    };
  }
  const rest = [
    ...joinOut.filter((a) => lo.some((l) => l.id === a.id) && !lkeys.has(a.id)),
    ...joinOut.filter((a) => ro.some((r) => r.id === a.id) && !rkeys.has(a.id)),
  ];
  return { kind: 'Project', projectList: [...keys, ...rest], child: join };
}

function numColumnsMismatch(operator: string, first: number, other: number, index: number): FlintError {
  return new FlintError(
    'NUM_COLUMNS_MISMATCH',
    `[NUM_COLUMNS_MISMATCH] ${operator} can only be performed on inputs with the same number of columns, but the first input has ${first} columns and the ${ordinalWord(index - 1)} input has ${other} columns. SQLSTATE: 42826`,
    {
      operator,
      firstNumColumns: String(first),
      invalidOrdinalNum: ordinalWord(index - 1),
      invalidNumColumns: String(other),
    },
    null,
    '42826',
  );
}

/** Casts the children of a set operation to the wider type of each column. */
function widenChildren(
  children: readonly LogicalPlan[],
  operator: string,
  ctx: AnalyzerContext,
): LogicalPlan[] {
  const outs = children.map(outputOf);
  const width = outs[0]!.length;
  outs.forEach((o, i) => {
    if (o.length !== width) throw numColumnsMismatch(operator, width, o.length, i + 1);
  });
  const types: DataType[] = [];
  for (let c = 0; c < width; c++) {
    const t = findWiderCommonType(outs.map((o) => o[c]!.dataType));
    if (!t) {
      throw new FlintError(
        'INCOMPATIBLE_COLUMN_TYPE',
        `[INCOMPATIBLE_COLUMN_TYPE] ${operator} can only be performed on tables with compatible column types. The ${ordinalWord(c)} column of the second table is "${outs[1]![c]!.dataType.kind.toUpperCase()}" type which is not compatible with "${outs[0]![c]!.dataType.kind.toUpperCase()}" at the same column of the first table. SQLSTATE: 42825`,
        {
          operator,
          columnOrdinalNumber: ordinalWord(c),
          tableOrdinalNumber: 'second',
          dataType1: '',
          dataType2: '',
          hint: '',
        },
        null,
        '42825',
      );
    }
    types.push(t);
  }
  return children.map((child, i) => {
    const out = outs[i]!;
    if (out.every((a, c) => dataTypeEquals(a.dataType, types[c]!, true))) return child;
    return markAnalyzed({
      kind: 'Project',
      projectList: out.map((a, c) =>
        dataTypeEquals(a.dataType, types[c]!, true)
          ? a
          : alias(castTo(a, types[c]!, ctx.conf.ansi), a.name, ctx),
      ),
      child,
    });
  });
}

function resolveUnion(plan: Extract<LogicalPlan, { kind: 'Union' }>, ctx: Ctx, env: Env): LogicalPlan {
  let children = plan.children.map((c) => resolvePlan(c, ctx, env));
  if (plan.byName) {
    const first = outputOf(children[0]!);
    children = children.map((c, i) => {
      if (i === 0) return c;
      const out = outputOf(c);
      const list: NamedExpr[] = first.map((f) => {
        const m = out.find((a) => a.name.toLowerCase() === f.name.toLowerCase());
        if (m) return m;
        if (plan.allowMissingColumns)
          return alias({ kind: 'Literal', value: null, dataType: f.dataType }, f.name, ctx);
        throw new FlintError(
          'UNRESOLVED_COLUMN.WITH_SUGGESTION',
          `[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name \`${f.name}\` cannot be resolved.`,
          { objectName: `\`${f.name}\``, proposal: out.map((a) => `\`${a.name}\``).join(', ') },
          null,
          '42703',
        );
      });
      return markAnalyzed({ kind: 'Project', projectList: list, child: c });
    });
  }
  return { ...plan, children: widenChildren(children, 'UNION', ctx), byName: false };
}

function coerceSetOperands(
  left: LogicalPlan,
  right: LogicalPlan,
  kind: 'Intersect' | 'Except',
  ctx: AnalyzerContext,
): [LogicalPlan, LogicalPlan] {
  const [l, r] = widenChildren([left, right], kind === 'Intersect' ? 'INTERSECT' : 'EXCEPT', ctx);
  return [l!, r!];
}
