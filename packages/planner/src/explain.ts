// explain(): Spark's tree rendering of logical and physical plans, attributes shown as name#id.

import { assertNever, catalogString } from '@flint/common';
import type { Expr } from './expr.js';
import type { FileFormatName, LogicalPlan } from './logical-plan.js';
import { sourceFilterString } from './physical/translate-filter.js';
import type { PhysicalPlan } from './physical-plan.js';
import { planChildren } from './analyzer/resolve-expr.js';
import { prettySql } from './analyzer/pretty-sql.js';
import { transformExprUp } from './optimizer/plan-transform.js';
import { outputOf } from './plan-output.js';

/** An expression with attributes as name#id, as Spark prints them in plans. */
export function exprString(e: Expr, timeZone = 'UTC'): string {
  const tagged = transformExprUp(e, (x) =>
    x.kind === 'AttributeReference' ? { ...x, name: `${x.name}#${x.id}` } : x,
  );
  if (tagged.kind === 'Alias')
    return `${prettySql(tagged.child, { timeZone })} AS ${tagged.name}#${tagged.id}`;
  return prettySql(tagged, { timeZone });
}

function list(es: readonly Expr[]): string {
  return `[${es.map((e) => exprString(e)).join(', ')}]`;
}

function logicalLine(p: LogicalPlan): string {
  switch (p.kind) {
    case 'Project':
      return `Project ${list(p.projectList)}`;
    case 'Filter':
      return `Filter ${exprString(p.condition)}`;
    case 'Aggregate':
      return `Aggregate ${list(p.groupingExprs)}, ${list(p.aggregateExprs)}`;
    case 'Join':
      return `Join ${p.joinType}${p.condition ? `, ${exprString(p.condition)}` : ''}`;
    case 'Sort':
      return `Sort ${list(p.order)}, ${p.global}`;
    case 'Limit':
      return p.offset > 0 ? `Limit ${p.limit ?? 'ALL'} Offset ${p.offset}` : `GlobalLimit ${p.limit}`;
    case 'LocalRelation':
      return `LocalRelation ${list(p.output)}`;
    case 'Range':
      return `Range (${p.start}, ${p.end}, step=${p.step}, splits=${p.numSlices ?? 'None'})`;
    case 'LogicalRelation':
      return p.source.kind === 'Files'
        ? `Relation ${p.tableName ? `spark_catalog.default.${p.tableName}` : ''}[${p.output.map((a) => exprString(a)).join(',')}] ${p.source.format}`
        : `LocalRelation ${list(p.output)}`;
    case 'OneRowRelation':
      return 'OneRowRelation';
    case 'SubqueryAlias':
      return `SubqueryAlias ${p.alias.join('.')}`;
    case 'Union':
      return `Union false, false`;
    case 'Intersect':
      return `Intersect ${p.isAll ? 'All ' : ''}false`;
    case 'Except':
      return `Except ${p.isAll ? 'All ' : ''}false`;
    case 'Distinct':
      return 'Distinct';
    case 'Deduplicate':
      return `Deduplicate ${list(p.keys)}`;
    case 'Window':
      return `Window ${list(p.windowExprs)}, ${list(p.partitionSpec)}, ${list(p.orderSpec)}`;
    case 'Expand':
      return `Expand ${list(p.output)}`;
    case 'Generate':
      return `Generate ${exprString(p.generator)}, ${p.outer}, ${list(p.generatorOutput)}`;
    case 'Repartition':
      return `Repartition ${p.numPartitions ?? ''}, ${p.shuffle}`;
    case 'InMemoryRelation':
      return `InMemoryRelation ${list(p.output)}`;
    case 'WithCTE':
      return 'WithCTE';
    case 'UnionLoop':
      return `UnionLoop ${p.loopId}${p.limit !== null ? `, ${p.limit}` : ''}`;
    case 'UnionLoopRef':
      return `UnionLoopRef ${p.loopId}, ${list(p.output)}`;
    case 'UnresolvedRelation':
      return `'UnresolvedRelation [${p.nameParts.join(', ')}]`;
    case 'UnresolvedInlineTable':
      return `'UnresolvedInlineTable [${p.names.join(', ')}]`;
    case 'UnresolvedTableFunction':
      return `'UnresolvedTableValuedFunction ${p.name}`;
    case 'UnresolvedColumnAliases':
      return `'UnresolvedSubqueryColumnAliases [${p.names.join(', ')}]`;
    case 'UnresolvedGroupingSets':
      return `'Aggregate [groupingsets]`;
    case 'UnresolvedHaving':
      return `'UnresolvedHaving ${exprString(p.condition)}`;
    case 'UnresolvedPivot':
      return `'Pivot`;
    case 'UnresolvedUnpivot':
      return `'Unpivot`;
    case 'UnresolvedUsingJoin':
      return `'Join UsingJoin(${p.joinType}, [${(p.usingColumns ?? []).join(', ')}])`;
    default:
      return assertNever(p, 'logical plan');
  }
}

const FORMAT_NAMES: Record<FileFormatName, string> = {
  csv: 'CSV',
  json: 'JSON',
  parquet: 'Parquet',
  text: 'Text',
};

function physicalChildren(p: PhysicalPlan): readonly PhysicalPlan[] {
  switch (p.kind) {
    case 'LocalTableScan':
    case 'RangeExec':
    case 'FileSourceScan':
    case 'InMemoryTableScan':
      return [];
    case 'HashJoin':
    case 'SortMergeJoin':
    case 'NestedLoopJoin':
      return [p.left, p.right];
    case 'UnionExec':
      return p.children;
    case 'UnionLoopExec':
      return [p.anchor, p.recursion];
    case 'UnionLoopRefExec':
      return [];
    default:
      return [p.child];
  }
}

function physicalLine(p: PhysicalPlan): string {
  switch (p.kind) {
    case 'LocalTableScan':
      return `LocalTableScan ${list(p.output)}`;
    case 'RangeExec':
      return `Range (${p.start}, ${p.end}, step=${p.step}, splits=${p.numSlices})`;
    case 'FileSourceScan': {
      const src = p.source;
      const fmt = FORMAT_NAMES[src.format];
      const filters = (es: readonly Expr[]) => es.map((f) => exprString(f)).join(', ');
      const pushed = p.pushedFilters.map((f) => sourceFilterString(f, src.dataSchema)).join(', ');
      const schema = `struct<${p.requiredSchema.fields.map((f) => `${f.name}:${catalogString(f.dataType)}`).join(',')}>`;
      const roots = src.paths.map((x) => (x.startsWith('file:') ? x : `file:${x}`));
      const location = `InMemoryFileIndex(${roots.length} paths)[${roots.join(', ')}]`;
      const table = p.tableName ? `spark_catalog.default.${p.tableName}` : '';
      return `FileScan ${src.format} ${table}[${p.output.map((a) => exprString(a)).join(',')}] Batched: ${src.format === 'parquet'}, DataFilters: [${filters(p.dataFilters)}], Format: ${fmt}, Location: ${location}, PartitionFilters: [${filters(p.partitionFilters)}], PushedFilters: [${pushed}], ReadSchema: ${schema}`;
    }
    case 'InMemoryTableScan':
      return `Scan ${p.tableName ?? 'ExistingRDD'}${list(p.output)}`;
    case 'ProjectExec':
      return `Project ${list(p.projectList)}`;
    case 'UnionLoopExec':
      return `UnionLoop ${p.loopId}${p.limit !== null ? `, ${p.limit}` : ''}`;
    case 'UnionLoopRefExec':
      return `UnionLoopRef ${p.loopId}, ${list(p.output)}`;
    case 'FilterExec':
      return `Filter ${exprString(p.condition)}`;
    case 'HashAggregate':
      return `HashAggregate(keys=${list(p.groupingExprs)}, functions=${list(p.aggregateExprs.map((a) => (p.mode === 'Partial' ? { ...a } : a)))})`;
    case 'HashJoin':
      return `${p.strategy} ${list(p.leftKeys)}, ${list(p.rightKeys)}, ${p.joinType}, ${p.buildSide}${p.condition ? `, ${exprString(p.condition)}` : ''}${p.nullAwareAnti === true ? ', true' : ''}`;
    case 'SortMergeJoin':
      return `SortMergeJoin ${list(p.leftKeys)}, ${list(p.rightKeys)}, ${p.joinType}${p.condition ? `, ${exprString(p.condition)}` : ''}`;
    case 'NestedLoopJoin':
      // Spark's CartesianProduct prints only its condition (it has no build side or join type to show).
      if (p.strategy === 'CartesianProduct')
        return `CartesianProduct${p.condition ? ` ${exprString(p.condition)}` : ''}`;
      return `${p.strategy} ${p.buildSide}, ${p.joinType}${p.condition ? `, ${exprString(p.condition)}` : ''}`;
    case 'SortExec':
      return `Sort ${list(p.order)}, ${p.global}, 0`;
    case 'TakeOrderedAndProject':
      return `TakeOrderedAndProject(limit=${p.limit}, orderBy=${list(p.order)}, output=${list(p.projectList)})`;
    case 'LocalLimit':
      return `LocalLimit ${p.limit}`;
    case 'GlobalLimit':
      return `GlobalLimit ${p.limit ?? -1}, ${p.offset}`;
    case 'UnionExec':
      return 'Union';
    case 'WindowGroupLimitExec':
      return `WindowGroupLimit ${list(p.partitionSpec)}, ${list(p.orderSpec)}, ${p.rankLikeFunction}(), ${p.limit}, ${p.mode}`;
    case 'WindowExec':
      return `Window ${list(p.windowExprs)}, ${list(p.partitionSpec)}, ${list(p.orderSpec)}`;
    case 'ExpandExec':
      return `Expand ${list(p.output)}`;
    case 'GenerateExec':
      return `Generate ${exprString(p.generator)}, ${list(p.generatorOutput)}`;
    case 'ShuffleExchange': {
      const part = p.partitioning;
      const text =
        part.kind === 'SinglePartition'
          ? 'SinglePartition'
          : part.kind === 'HashPartitioning'
            ? `hashpartitioning(${part.exprs.map((e) => exprString(e)).join(', ')}, ${part.numPartitions})`
            : part.kind === 'RangePartitioning'
              ? `rangepartitioning(${part.order.map((e) => exprString(e)).join(', ')}, ${part.numPartitions})`
              : part.kind === 'RoundRobinPartitioning'
                ? `RoundRobinPartitioning(${part.numPartitions})`
                : `UnknownPartitioning(${part.numPartitions})`;
      return `Exchange ${text}, ${p.origin ?? 'ENSURE_REQUIREMENTS'}`;
    }
    case 'BroadcastExchange':
      return 'BroadcastExchange HashedRelationBroadcastMode';
    case 'CoalesceExec':
      return `Coalesce ${p.numPartitions}`;
    default:
      return assertNever(p, 'physical plan');
  }
}

function tree<P>(root: P, line: (p: P) => string, children: (p: P) => readonly P[]): string {
  const out: string[] = [];
  const walk = (p: P, prefix: string, childPrefix: string) => {
    out.push(prefix + line(p));
    const cs = children(p);
    cs.forEach((c, i) => {
      const last = i === cs.length - 1;
      walk(c, childPrefix + (last ? '+- ' : ':- '), childPrefix + (last ? '   ' : ':  '));
    });
  };
  walk(root, '', '');
  return out.join('\n');
}

export function logicalPlanString(plan: LogicalPlan): string {
  return tree(plan, logicalLine, planChildren);
}

export function physicalPlanString(plan: PhysicalPlan): string {
  return tree(plan, physicalLine, physicalChildren);
}

export function analyzedHeader(plan: LogicalPlan): string {
  return outputOf(plan)
    .map(
      (a) =>
        `${a.name}: ${a.dataType.kind === 'integer' ? 'int' : a.dataType.kind === 'long' ? 'bigint' : a.dataType.kind}`,
    )
    .join(', ');
}
