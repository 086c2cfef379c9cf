// The physical planner: Spark's strategies for each logical node, with exchanges placed where a
// node needs its input distributed and does not have it yet (ensure-requirements.ts): aggregates
// cluster by their keys between a partial and a final step, joins are chosen by join-selection.ts,
// global sorts and limits gather into one partition.

import { FlintError, T, type DataType } from '@flint/common';
import type { AttributeRef, Expr, NamedExpr, SortOrder } from '../expr.js';
import { memoryColumnIndexes, type LogicalPlan } from '../logical-plan.js';
import type { Partitioning, PhysicalPlan } from '../physical-plan.js';
import { outputOf, toAttribute } from '../plan-output.js';
import { aggregateBufferTypes } from '../functions/index.js';
import { splitConjuncts, andAll, transformExprUp } from '../optimizer/plan-transform.js';
import { windowGroupLimitOf, type WindowGroupLimit } from './window-group-limit.js';
import { semanticEquals } from '../analyzer/analyzer.js';
import { planFileSourceScan, type FileScanContext, type FilesSource } from './file-source-strategy.js';
import { ensureAllTuples, ensureClustered } from './ensure-requirements.js';
import { planJoin, type JoinSelectionContext } from './join-selection.js';

export { estimateSize } from './size-estimation.js';

/** A file relation, seen through aliases (which the physical plan drops). */
function fileRelationBelow(
  plan: LogicalPlan,
): (Extract<LogicalPlan, { kind: 'LogicalRelation' }> & { source: FilesSource }) | null {
  if (plan.kind === 'SubqueryAlias') return fileRelationBelow(plan.child);
  if (plan.kind !== 'LogicalRelation' || plan.source.kind !== 'Files') return null;
  return plan as Extract<LogicalPlan, { kind: 'LogicalRelation' }> & { source: FilesSource };
}

export interface PhysicalPlanningContext extends FileScanContext, JoinSelectionContext {
  /** spark.sql.optimizer.windowGroupLimitThreshold (default 1000; -1 off). */
  readonly windowGroupLimitThreshold?: number;
  /** Partitions of a Range without numSlices (Spark's default parallelism). */
  readonly defaultParallelism: number;
  nextExprId(): number;
}

type AggExpr = Extract<Expr, { kind: 'AggregateExpression' }>;

/** A window's partition keys as sort orders (ascending, NULLs first): how its rows are sorted. */
export function windowPartitionOrder(partitionSpec: readonly Expr[]): SortOrder[] {
  return partitionSpec.map((child) => ({
    kind: 'SortOrder',
    child,
    direction: 'Ascending',
    nullOrdering: 'NullsFirst',
  }));
}

/**
 * Whether a WindowGroupLimit takes its rows unsorted: a map task's row_number limit keeps each
 * group's first rows in a hash table (unlike Spark, which sorts the map side first). Rank and
 * dense_rank limits, and every Final one, read rows sorted by partitionSpec ++ orderSpec.
 */
export function limitsUnsortedRows(
  limit: Pick<Extract<PhysicalPlan, { kind: 'WindowGroupLimitExec' }>, 'mode' | 'rankLikeFunction'>,
): boolean {
  return limit.mode === 'Partial' && limit.rankLikeFunction === 'row_number';
}

/**
 * A Window over its partitions sorted by partitionSpec ++ orderSpec. With a group limit (Spark's
 * WindowGroupLimit), each map task first keeps only the rows within the limit, and so does each
 * reducer after the shuffle; the Final limit's output is still in window order.
 */
function planWindow(
  plan: Extract<LogicalPlan, { kind: 'Window' }>,
  groupLimit: WindowGroupLimit | null,
  ctx: PhysicalPlanningContext,
): PhysicalPlan {
  const sortOrder: SortOrder[] = [...windowPartitionOrder(plan.partitionSpec), ...plan.orderSpec];
  const sorted = (child: PhysicalPlan): PhysicalPlan => ({
    kind: 'SortExec',
    order: sortOrder,
    global: false,
    child,
  });
  const limited = (g: WindowGroupLimit, mode: 'Partial' | 'Final', child: PhysicalPlan): PhysicalPlan => ({
    kind: 'WindowGroupLimitExec',
    partitionSpec: plan.partitionSpec,
    orderSpec: plan.orderSpec,
    rankLikeFunction: g.rankLikeFunction,
    limit: g.limit,
    mode,
    child: limitsUnsortedRows({ mode, rankLikeFunction: g.rankLikeFunction }) ? child : sorted(child),
  });
  const child = planPhysical(plan.child, ctx);
  const mapSide = groupLimit === null ? child : limited(groupLimit, 'Partial', child);
  const clustered = ensureClustered(mapSide, plan.partitionSpec, ctx.shufflePartitions);
  return {
    kind: 'WindowExec',
    windowExprs: plan.windowExprs,
    partitionSpec: plan.partitionSpec,
    orderSpec: plan.orderSpec,
    child: groupLimit === null ? sorted(clustered) : limited(groupLimit, 'Final', clustered),
  };
}

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
          columnIndexes: memoryColumnIndexes(src, plan.output),
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
      if (plan.child.kind === 'Window') {
        const limit = windowGroupLimitOf(plan.condition, plan.child, ctx.windowGroupLimitThreshold ?? 1000);
        if (limit !== null)
          return { kind: 'FilterExec', condition: plan.condition, child: planWindow(plan.child, limit, ctx) };
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
      return { kind: 'SortExec', order: plan.order, global: true, child: ensureAllTuples(child) };
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
      return { kind: 'GlobalLimit', limit: plan.limit, offset: plan.offset, child: ensureAllTuples(local) };
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
    case 'Window':
      return planWindow(plan, null, ctx);
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
      const origin = plan.numPartitions === null ? 'REPARTITION_BY_COL' : 'REPARTITION_BY_NUM';
      return { kind: 'ShuffleExchange', partitioning, child, origin };
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
  const clustered = ensureClustered(child, groupingExprs, ctx.shufflePartitions);
  // Distinct aggregates see every input row of a group in one task. So does any aggregate whose child
  // is already partitioned by a subset of the grouping keys (a join on one of them): Spark then plans a
  // partial and a final aggregation with no exchange between, the final one grouping the partial's
  // output again in the same task; one aggregation does.
  if (aggs.some((a) => a.distinct) || (groupingExprs.length > 0 && clustered === child)) {
    return {
      kind: 'HashAggregate',
      mode: 'Complete',
      groupingExprs: groupingNamed,
      aggregateExprs: aggs,
      resultExprs,
      aggBufferAttributes: [],
      output,
      child: clustered,
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
    child: ensureClustered(partial, groupingAttrs, ctx.shufflePartitions),
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
