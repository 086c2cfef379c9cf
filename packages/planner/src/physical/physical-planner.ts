// The physical planner: Spark's strategies for each logical node, with exchanges placed where a
// node needs its input distributed (EnsureRequirements): aggregates shuffle by their keys between a
// partial and a final step, joins shuffle both sides by the join keys or broadcast the small side,
// global sorts and limits gather into one partition.

import { FlintError, T, type DataType } from '@flint/common';
import type { AttributeRef, Expr, NamedExpr, SortOrder } from '../expr.js';
import type { JoinType, LogicalPlan } from '../logical-plan.js';
import type { BuildSide, Partitioning, PhysicalPlan } from '../physical-plan.js';
import { outputOf, toAttribute } from '../plan-output.js';
import { aggregateBufferTypes } from '../functions/index.js';
import { referencedIds, splitConjuncts, andAll, transformExprUp } from '../optimizer/plan-transform.js';
import { semanticEquals } from '../analyzer/analyzer.js';
import { planFileSourceScan, type FileScanContext, type FilesSource } from './file-source-strategy.js';

/** A file relation, seen through aliases (which the physical plan drops). */
function fileRelationBelow(
  plan: LogicalPlan,
): (Extract<LogicalPlan, { kind: 'LogicalRelation' }> & { source: FilesSource }) | null {
  if (plan.kind === 'SubqueryAlias') return fileRelationBelow(plan.child);
  if (plan.kind !== 'LogicalRelation' || plan.source.kind !== 'Files') return null;
  return plan as Extract<LogicalPlan, { kind: 'LogicalRelation' }> & { source: FilesSource };
}

export interface PhysicalPlanningContext extends FileScanContext {
  readonly shufflePartitions: number;
  /** spark.sql.autoBroadcastJoinThreshold in bytes; -1 disables broadcast joins. */
  readonly autoBroadcastJoinThreshold: number;
  /** Partitions of a Range without numSlices (Spark's default parallelism). */
  readonly defaultParallelism: number;
  nextExprId(): number;
}

type AggExpr = Extract<Expr, { kind: 'AggregateExpression' }>;

export function planPhysical(plan: LogicalPlan, ctx: PhysicalPlanningContext): PhysicalPlan {
  const p = (x: LogicalPlan) => planPhysical(x, ctx);
  switch (plan.kind) {
    case 'LocalRelation':
      return { kind: 'LocalTableScan', output: plan.output, rows: plan.rows };
    case 'OneRowRelation':
      return { kind: 'LocalTableScan', output: [], rows: [[]] };
    case 'Range':
      return {
        kind: 'RangeExec',
        output: plan.output,
        start: plan.start,
        end: plan.end,
        step: plan.step,
        numSlices: plan.numSlices ?? ctx.defaultParallelism,
      };
    case 'LogicalRelation': {
      const src = plan.source;
      if (src.kind === 'Memory') {
        return {
          kind: 'InMemoryTableScan',
          output: plan.output,
          source: src,
          columnIndexes: plan.output.map((a) => src.schema.fields.findIndex((f) => f.name === a.name)),
          ...(plan.tableName ? { tableName: plan.tableName } : {}),
        };
      }
      return planFileSourceScan(plan.output, src, [], plan.tableName, ctx).scan;
    }
    case 'InMemoryRelation':
      return p(plan.child);
    case 'SubqueryAlias':
      return p(plan.child);
    case 'Project':
      return { kind: 'ProjectExec', projectList: plan.projectList, child: p(plan.child) };
    case 'Filter': {
      const relation = fileRelationBelow(plan.child);
      if (relation !== null) {
        const { scan, postScanFilter } = planFileSourceScan(
          relation.output,
          relation.source,
          splitConjuncts(plan.condition),
          relation.tableName,
          ctx,
        );
        return postScanFilter === null
          ? scan
          : { kind: 'FilterExec', condition: postScanFilter, child: scan };
      }
      return { kind: 'FilterExec', condition: plan.condition, child: p(plan.child) };
    }
    case 'Aggregate':
      return planAggregate(plan.groupingExprs, plan.aggregateExprs, p(plan.child), ctx);
    case 'Distinct': {
      const out = outputOf(plan.child);
      return planAggregate(out, out, p(plan.child), ctx);
    }
    case 'Deduplicate': {
      // The first row of each key (Spark's ReplaceDeduplicateWithAggregate).
      const out = outputOf(plan.child);
      const keyIds = new Set(plan.keys.map((k) => k.id));
      const list: NamedExpr[] = out.map((a) =>
        keyIds.has(a.id)
          ? a
          : {
              kind: 'Alias',
              child: {
                kind: 'AggregateExpression',
                name: 'first',
                args: [a],
                distinct: false,
                filter: null,
                dataType: a.dataType,
                nullable: true,
                resultId: ctx.nextExprId(),
                ignoreNulls: false,
              },
              name: a.name,
              id: a.id,
            },
      );
      return planAggregate(plan.keys, list, p(plan.child), ctx);
    }
    case 'Join':
      return planJoin(plan, p(plan.left), p(plan.right), ctx);
    case 'Sort': {
      const child = p(plan.child);
      if (!plan.global) return { kind: 'SortExec', order: plan.order, global: false, child };
      return { kind: 'SortExec', order: plan.order, global: true, child: single(child) };
    }
    case 'Limit': {
      const child = plan.child;
      // LIMIT ALL: nothing to cut; a recursive CTE below stops checking its row limit.
      if (plan.limit === null && plan.offset === 0) return pushLimitIntoLoops(p(child), Infinity);
      const total = plan.limit === null ? null : plan.limit + plan.offset;
      if (child.kind === 'Sort' && child.global && total !== null) {
        const out = outputOf(child);
        return {
          kind: 'TakeOrderedAndProject',
          limit: plan.limit!,
          offset: plan.offset,
          order: child.order,
          projectList: out,
          child: p(child.child),
        };
      }
      if (child.kind === 'Project' && child.child.kind === 'Sort' && child.child.global && total !== null) {
        return {
          kind: 'TakeOrderedAndProject',
          limit: plan.limit!,
          offset: plan.offset,
          order: child.child.order,
          projectList: child.projectList,
          child: p(child.child.child),
        };
      }
      const c = total === null ? p(child) : pushLimitIntoLoops(p(child), total);
      const local: PhysicalPlan = total === null ? c : { kind: 'LocalLimit', limit: total, child: c };
      return { kind: 'GlobalLimit', limit: plan.limit, offset: plan.offset, child: single(local) };
    }
    case 'Union': {
      const out = outputOf(plan);
      return { kind: 'UnionExec', output: out, children: plan.children.map(p) };
    }
    case 'Intersect':
    case 'Except': {
      if (plan.isAll) return planSetOperationAll(plan, ctx);
      const left = outputOf(plan.left);
      const right = outputOf(plan.right);
      const join: LogicalPlan = {
        kind: 'Join',
        left: { kind: 'Distinct', child: plan.left },
        right: plan.right,
        joinType: plan.kind === 'Intersect' ? 'LeftSemi' : 'LeftAnti',
        condition: andAll(
          left.map(
            (l, i) => ({ kind: 'Comparison', op: 'EqualNullSafe', left: l, right: right[i]! }) as Expr,
          ),
        ),
        hint: {},
      };
      return planPhysical(join, ctx);
    }
    case 'Window': {
      const child = p(plan.child);
      const dist: PhysicalPlan =
        plan.partitionSpec.length === 0
          ? single(child)
          : { kind: 'ShuffleExchange', partitioning: hash(plan.partitionSpec, ctx), child };
      const sortOrder: SortOrder[] = [
        ...plan.partitionSpec.map(
          (e) =>
            ({
              kind: 'SortOrder',
              child: e,
              direction: 'Ascending',
              nullOrdering: 'NullsFirst',
            }) as SortOrder,
        ),
        ...plan.orderSpec,
      ];
      return {
        kind: 'WindowExec',
        windowExprs: plan.windowExprs,
        partitionSpec: plan.partitionSpec,
        orderSpec: plan.orderSpec,
        child: { kind: 'SortExec', order: sortOrder, global: false, child: dist },
      };
    }
    case 'Expand':
      return { kind: 'ExpandExec', projections: plan.projections, output: plan.output, child: p(plan.child) };
    case 'Generate':
      return {
        kind: 'GenerateExec',
        generator: plan.generator,
        outer: plan.outer,
        generatorOutput: plan.generatorOutput,
        child: p(plan.child),
      };
    case 'Repartition': {
      const child = p(plan.child);
      if (!plan.shuffle) return { kind: 'CoalesceExec', numPartitions: plan.numPartitions ?? 1, child };
      const n = plan.numPartitions ?? ctx.shufflePartitions;
      const partitioning: Partitioning =
        plan.partitionExprs.length > 0
          ? { kind: 'HashPartitioning', exprs: plan.partitionExprs, numPartitions: n }
          : { kind: 'RoundRobinPartitioning', numPartitions: n };
      return { kind: 'ShuffleExchange', partitioning, child };
    }
    case 'WithCTE':
      return p(plan.child);
    case 'UnionLoop':
      return {
        kind: 'UnionLoopExec',
        loopId: plan.loopId,
        anchor: p(plan.anchor),
        recursion: p(plan.recursion),
        output: plan.output,
        levelLimit: plan.levelLimit,
        rowLimit: plan.rowLimit,
        limit: plan.limit,
      };
    case 'UnionLoopRef':
      return { kind: 'UnionLoopRefExec', loopId: plan.loopId, output: plan.output };
    case 'UnresolvedRelation':
    case 'UnresolvedInlineTable':
    case 'UnresolvedTableFunction':
    case 'UnresolvedColumnAliases':
    case 'UnresolvedGroupingSets':
    case 'UnresolvedHaving':
    case 'UnresolvedPivot':
    case 'UnresolvedUnpivot':
    case 'UnresolvedUsingJoin':
      throw new FlintError(
        'INTERNAL_ERROR',
        `[INTERNAL_ERROR] Cannot plan unresolved ${plan.kind}.`,
        {},
        null,
        'XX000',
      );
  }
}

/**
 * Spark pushes a LIMIT into the UnionLoop below it (through projections and UNION ALL): the loop then
 * stops once it has that many rows, and its row limit no longer applies.
 */
function pushLimitIntoLoops(plan: PhysicalPlan, limit: number): PhysicalPlan {
  switch (plan.kind) {
    case 'UnionLoopExec':
      if (limit === Infinity) return plan.rowLimit === -1 ? plan : { ...plan, rowLimit: -1 };
      return plan.limit !== null && plan.limit <= limit ? plan : { ...plan, limit };
    case 'ProjectExec':
    case 'LocalLimit': {
      const child = pushLimitIntoLoops(
        plan.child,
        plan.kind === 'LocalLimit' ? Math.min(limit, plan.limit) : limit,
      );
      return child === plan.child ? plan : { ...plan, child };
    }
    case 'UnionExec': {
      const children = plan.children.map((c) => pushLimitIntoLoops(c, limit));
      return children.every((c, i) => c === plan.children[i]) ? plan : { ...plan, children };
    }
    default:
      return plan;
  }
}

function single(child: PhysicalPlan): PhysicalPlan {
  return { kind: 'ShuffleExchange', partitioning: { kind: 'SinglePartition' }, child };
}

function hash(exprs: readonly Expr[], ctx: PhysicalPlanningContext): Partitioning {
  return { kind: 'HashPartitioning', exprs, numPartitions: ctx.shufflePartitions };
}

/** Collects the distinct AggregateExpressions of the output list (by semantics), first seen first. */
function collectAggregates(list: readonly Expr[]): AggExpr[] {
  const found: AggExpr[] = [];
  const visit = (e: Expr): Expr =>
    transformExprUp(e, (x) => {
      if (
        x.kind === 'AggregateExpression' &&
        !found.some((f) => f.resultId === x.resultId || semanticEquals(f, x))
      )
        found.push(x);
      return x;
    });
  list.forEach(visit);
  return found;
}

function planAggregate(
  groupingExprs: readonly Expr[],
  aggregateExprs: readonly NamedExpr[],
  child: PhysicalPlan,
  ctx: PhysicalPlanningContext,
): PhysicalPlan {
  // Grouping keys become named columns; result expressions refer to them and to aggregate results by id.
  const groupingNamed: NamedExpr[] = groupingExprs.map((g) =>
    g.kind === 'AttributeReference'
      ? g
      : ({ kind: 'Alias', child: g, name: 'group', id: ctx.nextExprId() } as NamedExpr),
  );
  const groupingAttrs = groupingNamed.map(toAttribute);
  const aggs = collectAggregates(aggregateExprs);
  const resultAttr = (a: AggExpr): AttributeRef => ({
    kind: 'AttributeReference',
    id: a.resultId,
    name: a.name,
    dataType: a.dataType,
    nullable: a.nullable,
    qualifier: [],
  });
  const rewrite = (e: Expr): Expr =>
    transformExprUp(e, (x) => {
      if (x.kind === 'AggregateExpression') {
        const f = aggs.find((a) => a.resultId === x.resultId || semanticEquals(a, x))!;
        return resultAttr(f);
      }
      const gi = groupingExprs.findIndex((g) => g.kind !== 'AttributeReference' && semanticEquals(g, x));
      if (gi >= 0) return groupingAttrs[gi]!;
      return x;
    });
  const resultExprs = aggregateExprs.map((e) => {
    if (e.kind === 'AttributeReference') return e;
    return { ...e, child: rewrite(e.child) } as NamedExpr;
  });
  const output = resultExprs.map(toAttribute);
  const keysPartitioning = (keys: readonly Expr[]): Partitioning =>
    keys.length === 0 ? { kind: 'SinglePartition' } : hash(keys, ctx);
  if (aggs.some((a) => a.distinct)) {
    // Distinct aggregates see every input row of a group in one task.
    return {
      kind: 'HashAggregate',
      mode: 'Complete',
      groupingExprs: groupingNamed,
      aggregateExprs: aggs,
      resultExprs,
      aggBufferAttributes: [],
      output,
      child: { kind: 'ShuffleExchange', partitioning: keysPartitioning(groupingExprs), child },
    };
  }
  const aggBufferAttributes: AttributeRef[] = aggs.flatMap((a) =>
    aggregateBufferTypes(a).map((t: DataType, i: number) => ({
      kind: 'AttributeReference' as const,
      id: ctx.nextExprId(),
      name: `${a.name}_buf${i}`,
      dataType: t,
      nullable: true,
      qualifier: [],
    })),
  );
  const partial: PhysicalPlan = {
    kind: 'HashAggregate',
    mode: 'Partial',
    groupingExprs: groupingNamed,
    aggregateExprs: aggs,
    resultExprs: [...groupingAttrs, ...aggBufferAttributes],
    aggBufferAttributes,
    output: [...groupingAttrs, ...aggBufferAttributes],
    child,
  };
  return {
    kind: 'HashAggregate',
    mode: 'Final',
    groupingExprs: groupingAttrs,
    aggregateExprs: aggs,
    resultExprs,
    aggBufferAttributes,
    output,
    child: { kind: 'ShuffleExchange', partitioning: keysPartitioning(groupingAttrs), child: partial },
  };
}

// ---------------------------------------------------------------- joins

interface EquiKeys {
  readonly leftKeys: Expr[];
  readonly rightKeys: Expr[];
  readonly nullSafe: boolean[];
  readonly rest: Expr[];
}

function extractEquiKeys(condition: Expr | null, left: LogicalPlan, right: LogicalPlan): EquiKeys {
  const lids = new Set(outputOf(left).map((a) => a.id));
  const rids = new Set(outputOf(right).map((a) => a.id));
  const within = (e: Expr, ids: Set<number>) => {
    const r = referencedIds(e);
    return r.size > 0 && [...r].every((id) => ids.has(id));
  };
  const keys: EquiKeys = { leftKeys: [], rightKeys: [], nullSafe: [], rest: [] };
  for (const c of condition ? splitConjuncts(condition) : []) {
    if (c.kind === 'Comparison' && (c.op === 'EqualTo' || c.op === 'EqualNullSafe')) {
      if (within(c.left, lids) && within(c.right, rids)) {
        keys.leftKeys.push(c.left);
        keys.rightKeys.push(c.right);
        keys.nullSafe.push(c.op === 'EqualNullSafe');
        continue;
      }
      if (within(c.left, rids) && within(c.right, lids)) {
        keys.leftKeys.push(c.right);
        keys.rightKeys.push(c.left);
        keys.nullSafe.push(c.op === 'EqualNullSafe');
        continue;
      }
    }
    keys.rest.push(c);
  }
  return keys;
}

/** A rough size of a plan's output in bytes, for broadcast decisions; Infinity when unknown. */
export function estimateSize(plan: LogicalPlan): number {
  switch (plan.kind) {
    case 'LocalRelation':
      return plan.rows.length * Math.max(1, plan.output.length) * 8;
    case 'OneRowRelation':
      return 8;
    case 'Range': {
      const n = plan.step > 0n ? (plan.end - plan.start) / plan.step : (plan.start - plan.end) / -plan.step;
      return Number(n < 0n ? 0n : n) * 8;
    }
    case 'LogicalRelation':
      if (plan.source.kind === 'Memory')
        return (
          plan.source.partitions.reduce((s, part) => s + part.reduce((t, b) => t + b.numRows, 0), 0) *
          Math.max(1, plan.output.length) *
          8
        );
      {
        // The files' size, scaled to the columns read (Spark scales sizes by row width the same way).
        const bytes = plan.source.partitions.reduce((s, d) => s + d.files.reduce((t, f) => t + f.size, 0), 0);
        return (bytes * plan.output.length) / Math.max(1, plan.source.schema.fields.length);
      }
    case 'Project':
    case 'Filter':
    case 'Sort':
    case 'SubqueryAlias':
    case 'Distinct':
    case 'Deduplicate':
    case 'Window':
    case 'Repartition':
    case 'InMemoryRelation':
    case 'WithCTE':
      return estimateSize(plan.child);
    case 'Limit':
      return Math.min(estimateSize(plan.child), (plan.limit ?? Infinity) * 64);
    case 'Aggregate':
      return estimateSize(plan.child);
    case 'Union':
      return plan.children.reduce((s, c) => s + estimateSize(c), 0);
    case 'Join': {
      const l = estimateSize(plan.left);
      const r = estimateSize(plan.right);
      return plan.joinType === 'LeftSemi' || plan.joinType === 'LeftAnti' ? l : l * Math.max(1, r / 8);
    }
    default:
      return Infinity;
  }
}

function canBuildRight(t: JoinType): boolean {
  return t === 'Inner' || t === 'Cross' || t === 'LeftOuter' || t === 'LeftSemi' || t === 'LeftAnti';
}

function canBuildLeft(t: JoinType): boolean {
  return t === 'Inner' || t === 'Cross' || t === 'RightOuter';
}

function planJoin(
  plan: Extract<LogicalPlan, { kind: 'Join' }>,
  left: PhysicalPlan,
  right: PhysicalPlan,
  ctx: PhysicalPlanningContext,
): PhysicalPlan {
  const keys = extractEquiKeys(plan.condition, plan.left, plan.right);
  const output = outputOf(plan);
  const threshold = ctx.autoBroadcastJoinThreshold;
  const hint = plan.hint;
  const leftSmall = hint.leftHint === 'BROADCAST' || (threshold >= 0 && estimateSize(plan.left) <= threshold);
  const rightSmall =
    hint.rightHint === 'BROADCAST' || (threshold >= 0 && estimateSize(plan.right) <= threshold);
  const rest = andAll(keys.rest);
  if (keys.leftKeys.length > 0) {
    let buildSide: BuildSide | null = null;
    if (rightSmall && canBuildRight(plan.joinType)) buildSide = 'BuildRight';
    else if (leftSmall && canBuildLeft(plan.joinType)) buildSide = 'BuildLeft';
    if (buildSide) {
      return {
        kind: 'HashJoin',
        strategy: 'BroadcastHashJoin',
        leftKeys: keys.leftKeys,
        rightKeys: keys.rightKeys,
        nullSafe: keys.nullSafe,
        joinType: plan.joinType,
        buildSide,
        condition: rest,
        output,
        left: buildSide === 'BuildLeft' ? { kind: 'BroadcastExchange', child: left } : left,
        right: buildSide === 'BuildRight' ? { kind: 'BroadcastExchange', child: right } : right,
      };
    }
    return {
      kind: 'HashJoin',
      strategy: 'ShuffledHashJoin',
      leftKeys: keys.leftKeys,
      rightKeys: keys.rightKeys,
      nullSafe: keys.nullSafe,
      joinType: plan.joinType,
      buildSide: canBuildRight(plan.joinType) || plan.joinType === 'FullOuter' ? 'BuildRight' : 'BuildLeft',
      condition: rest,
      output,
      left: { kind: 'ShuffleExchange', partitioning: hash(keys.leftKeys, ctx), child: left },
      right: { kind: 'ShuffleExchange', partitioning: hash(keys.rightKeys, ctx), child: right },
    };
  }
  // No equality keys: a nested loop join over a broadcast side.
  const buildSide: BuildSide =
    canBuildRight(plan.joinType) || plan.joinType === 'FullOuter' ? 'BuildRight' : 'BuildLeft';
  const fullOuter = plan.joinType === 'FullOuter';
  return {
    kind: 'NestedLoopJoin',
    strategy: 'BroadcastNestedLoopJoin',
    joinType: plan.joinType,
    buildSide,
    condition: plan.condition,
    output,
    left: fullOuter
      ? single(left)
      : buildSide === 'BuildLeft'
        ? { kind: 'BroadcastExchange', child: left }
        : left,
    right: fullOuter
      ? single(right)
      : buildSide === 'BuildRight'
        ? { kind: 'BroadcastExchange', child: right }
        : right,
  };
}

/**
 * INTERSECT ALL / EXCEPT ALL: count each distinct row on both sides, then emit it as many times as the
 * operation says (Spark's RewriteIntersectAll / RewriteExceptAll, with a replicate_rows generator).
 */
function planSetOperationAll(
  plan: Extract<LogicalPlan, { kind: 'Intersect' | 'Except' }>,
  ctx: PhysicalPlanningContext,
): PhysicalPlan {
  const left = outputOf(plan.left);
  const right = outputOf(plan.right);
  const lit = (v: bigint): Expr => ({ kind: 'Literal', value: v, dataType: T.long });
  const tag = (
    child: LogicalPlan,
    out: readonly AttributeRef[],
    l: bigint,
    r: bigint,
    ids: number[],
  ): LogicalPlan => ({
    kind: 'Project',
    projectList: [
      ...out.map((a, i) => ({ kind: 'Alias', child: a, name: a.name, id: ids[i]! }) as NamedExpr),
      { kind: 'Alias', child: lit(l), name: 'vcol_l', id: ids[out.length]! },
      { kind: 'Alias', child: lit(r), name: 'vcol_r', id: ids[out.length + 1]! },
    ],
    child,
  });
  const ids = Array.from({ length: left.length + 2 }, () => ctx.nextExprId());
  const union: LogicalPlan = {
    kind: 'Union',
    children: [
      tag(plan.left, left, 1n, 0n, ids),
      tag(
        plan.right,
        right,
        0n,
        1n,
        Array.from({ length: left.length + 2 }, () => ctx.nextExprId()),
      ),
    ],
    byName: false,
    allowMissingColumns: false,
  };
  const unionOut = outputOf(union);
  const cols = unionOut.slice(0, left.length);
  const sum = (a: AttributeRef): Expr => ({
    kind: 'AggregateExpression',
    name: 'sum',
    args: [a],
    distinct: false,
    filter: null,
    dataType: T.long,
    nullable: true,
    resultId: ctx.nextExprId(),
  });
  const lc = {
    kind: 'Alias',
    child: sum(unionOut[left.length]!),
    name: 'lc',
    id: ctx.nextExprId(),
  } as NamedExpr;
  const rc = {
    kind: 'Alias',
    child: sum(unionOut[left.length + 1]!),
    name: 'rc',
    id: ctx.nextExprId(),
  } as NamedExpr;
  const agg: LogicalPlan = {
    kind: 'Aggregate',
    groupingExprs: cols,
    aggregateExprs: [...cols, lc, rc],
    child: union,
  };
  const lca = toAttribute(lc);
  const rca = toAttribute(rc);
  const zero = lit(0n);
  const times: Expr =
    plan.kind === 'Intersect'
      ? {
          kind: 'CaseWhen',
          branches: [
            { condition: { kind: 'Comparison', op: 'LessThan', left: lca, right: rca }, value: lca },
          ],
          elseValue: rca,
          dataType: T.long,
        }
      : { kind: 'Arithmetic', op: 'Subtract', left: lca, right: rca, dataType: T.long, evalMode: 'LEGACY' };
  const filtered: LogicalPlan = {
    kind: 'Filter',
    condition: { kind: 'Comparison', op: 'GreaterThan', left: times, right: zero },
    child: agg,
  };
  const genOut: AttributeRef[] = left.map((a) => ({ ...a, id: ctx.nextExprId(), qualifier: [] }));
  const generate: LogicalPlan = {
    kind: 'Generate',
    generator: {
      kind: 'ScalarFunction',
      name: 'replicate_rows',
      args: [times, ...cols],
      dataType: T.struct(left.map((a) => T.field(a.name, a.dataType, a.nullable))),
      nullable: false,
    },
    outer: false,
    generatorOutput: genOut,
    child: filtered,
  };
  const project: LogicalPlan = {
    kind: 'Project',
    projectList: left.map(
      (a, i) => ({ kind: 'Alias', child: genOut[i]!, name: a.name, id: a.id }) as NamedExpr,
    ),
    child: generate,
  };
  return planPhysical(project, ctx);
}
