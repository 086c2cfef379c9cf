// The physical plan: what the executor runs. Plain data, structured-clone safe, so that a fragment can
// travel to a worker as it is. Expressions are resolved `Expr`s; a node reads its child's columns by
// matching AttributeReference ids against the child's `output` (the executor binds them to positions).

import type { FilePartition, SourceFilter, StructType, Value } from '@flint/common';
import type { AttributeRef, Expr, NamedExpr, SortOrder } from './expr.js';
import type { DataSource, JoinType } from './logical-plan.js';

/** The window functions a WindowGroupLimit ranks by. */
export type RankLikeFunction = 'row_number' | 'rank' | 'dense_rank';

/** How a node's output rows are spread over partitions (Spark's Partitioning). */
export type Partitioning =
  | { readonly kind: 'UnknownPartitioning'; readonly numPartitions: number }
  | { readonly kind: 'SinglePartition' }
  | { readonly kind: 'HashPartitioning'; readonly exprs: readonly Expr[]; readonly numPartitions: number }
  | { readonly kind: 'RoundRobinPartitioning'; readonly numPartitions: number }
  | {
      readonly kind: 'RangePartitioning';
      readonly order: readonly SortOrder[];
      readonly numPartitions: number;
    };

export type AggregateMode = 'Partial' | 'Final' | 'Complete';
export type BuildSide = 'BuildLeft' | 'BuildRight';

export type PhysicalPlan =
  | {
      readonly kind: 'LocalTableScan';
      readonly output: readonly AttributeRef[];
      readonly rows: readonly (readonly Value[])[];
    }
  | {
      readonly kind: 'RangeExec';
      readonly output: readonly AttributeRef[];
      readonly start: bigint;
      readonly end: bigint;
      readonly step: bigint;
      readonly numSlices: number;
    }
  | {
      readonly kind: 'FileSourceScan';
      readonly output: readonly AttributeRef[];
      readonly source: Extract<DataSource, { kind: 'Files' }>;
      /** The data columns to read from the files (partition columns come from the split). */
      readonly requiredSchema: StructType;
      /** Filters on partition columns only, applied by choosing the partition folders to read. */
      readonly partitionFilters: readonly Expr[];
      /** The other filters, kept in a Filter above the scan. */
      readonly dataFilters: readonly Expr[];
      /** dataFilters the format may use to skip data (never to drop single rows). */
      readonly pushedFilters: readonly SourceFilter[];
      /** The splits each task reads. */
      readonly filePartitions: readonly FilePartition[];
      readonly tableName?: string;
    }
  | {
      readonly kind: 'InMemoryTableScan';
      readonly output: readonly AttributeRef[];
      readonly source: Extract<DataSource, { kind: 'Memory' }>;
      /** Column positions in the source schema, one per output attribute. */
      readonly columnIndexes: readonly number[];
      readonly tableName?: string;
    }
  | { readonly kind: 'ProjectExec'; readonly projectList: readonly NamedExpr[]; readonly child: PhysicalPlan }
  | { readonly kind: 'FilterExec'; readonly condition: Expr; readonly child: PhysicalPlan }
  | {
      readonly kind: 'HashAggregate';
      readonly mode: AggregateMode;
      readonly groupingExprs: readonly NamedExpr[];
      /** The AggregateExpressions computed, each identified by its resultId. */
      readonly aggregateExprs: readonly Extract<Expr, { kind: 'AggregateExpression' }>[];
      /** Partial: buffer attributes that this node outputs after the grouping columns (one set per aggregate,
       *  as `aggBufferAttributes` below). Final/Complete: the output expressions over grouping attributes and
       *  AggregateExpression results (referenced as AttributeReferences with id = resultId). */
      readonly resultExprs: readonly NamedExpr[];
      readonly aggBufferAttributes: readonly AttributeRef[];
      readonly output: readonly AttributeRef[];
      readonly child: PhysicalPlan;
    }
  | {
      readonly kind: 'HashJoin';
      /** Spark's BroadcastHashJoin when the build side comes from a BroadcastExchange, else ShuffledHashJoin. */
      readonly strategy: 'BroadcastHashJoin' | 'ShuffledHashJoin';
      readonly leftKeys: readonly Expr[];
      readonly rightKeys: readonly Expr[];
      /** Null-safe key equality (<=>) per key. */
      readonly nullSafe: readonly boolean[];
      readonly joinType: JoinType;
      readonly buildSide: BuildSide;
      readonly condition: Expr | null;
      readonly output: readonly AttributeRef[];
      readonly left: PhysicalPlan;
      readonly right: PhysicalPlan;
      /** An optional semi join (the logical Join's runtimeFilter): may pass the streamed rows through. */
      readonly runtimeFilter?: boolean;
      /**
       * Spark's null-aware anti join (`NOT IN` over one column, broadcast): no row when a build key is
       * NULL, every row when there is no build row, else the rows whose key is not NULL and not built.
       */
      readonly nullAwareAnti?: boolean;
    }
  /**
   * Spark's SortMergeJoin: both children are clustered by the keys (co-partitioned) and sorted by them
   * within each partition; a merge pairs the runs of equal keys.
   */
  | {
      readonly kind: 'SortMergeJoin';
      readonly leftKeys: readonly Expr[];
      readonly rightKeys: readonly Expr[];
      /** Null-safe key equality (<=>) per key. */
      readonly nullSafe: readonly boolean[];
      readonly joinType: JoinType;
      readonly condition: Expr | null;
      readonly output: readonly AttributeRef[];
      readonly left: PhysicalPlan;
      readonly right: PhysicalPlan;
      /** Chosen for a MERGE hint: adaptive execution keeps it a merge join, as Spark keeps user hints. */
      readonly hinted?: boolean;
    }
  | {
      readonly kind: 'NestedLoopJoin';
      /** Spark's BroadcastNestedLoopJoin or CartesianProduct. */
      readonly strategy: 'BroadcastNestedLoopJoin' | 'CartesianProduct';
      readonly joinType: JoinType;
      readonly buildSide: BuildSide;
      readonly condition: Expr | null;
      readonly output: readonly AttributeRef[];
      readonly left: PhysicalPlan;
      readonly right: PhysicalPlan;
    }
  | {
      readonly kind: 'SortExec';
      readonly order: readonly SortOrder[];
      readonly global: boolean;
      readonly child: PhysicalPlan;
    }
  | {
      readonly kind: 'TakeOrderedAndProject';
      readonly limit: number;
      readonly offset: number;
      readonly order: readonly SortOrder[];
      readonly projectList: readonly NamedExpr[];
      readonly child: PhysicalPlan;
      /** Each partition's own top rows (the executor's first step, Spark's mapPartitions(takeOrdered)):
       *  as many partitions as the child. Otherwise the top rows of all of them, in one partition. */
      readonly perPartition?: boolean;
    }
  /** Per partition: keep the first `limit` rows. */
  | { readonly kind: 'LocalLimit'; readonly limit: number; readonly child: PhysicalPlan }
  /** Over a single partition: skip `offset` rows, then keep `limit` (null = all). */
  | {
      readonly kind: 'GlobalLimit';
      readonly limit: number | null;
      readonly offset: number;
      readonly child: PhysicalPlan;
    }
  | {
      readonly kind: 'UnionExec';
      readonly output: readonly AttributeRef[];
      readonly children: readonly PhysicalPlan[];
    }
  | {
      /**
       * Spark's WindowGroupLimitExec: keeps the rows whose rank-like value within their partition is at
       * most `limit` (Partial: each map task before the shuffle; Final: after it, below the Window).
       * Its rows are sorted by partitionSpec ++ orderSpec, except a Partial row_number limit's, which
       * keeps each group's first rows as they come (`limitsUnsortedRows`).
       */
      readonly kind: 'WindowGroupLimitExec';
      readonly partitionSpec: readonly Expr[];
      readonly orderSpec: readonly SortOrder[];
      readonly rankLikeFunction: RankLikeFunction;
      readonly limit: number;
      readonly mode: 'Partial' | 'Final';
      readonly child: PhysicalPlan;
    }
  | {
      readonly kind: 'WindowExec';
      readonly windowExprs: readonly NamedExpr[];
      readonly partitionSpec: readonly Expr[];
      readonly orderSpec: readonly SortOrder[];
      readonly child: PhysicalPlan;
    }
  | {
      readonly kind: 'ExpandExec';
      readonly projections: readonly (readonly Expr[])[];
      readonly output: readonly AttributeRef[];
      readonly child: PhysicalPlan;
    }
  | {
      readonly kind: 'GenerateExec';
      readonly generator: Expr;
      readonly outer: boolean;
      readonly generatorOutput: readonly AttributeRef[];
      readonly child: PhysicalPlan;
    }
  | {
      readonly kind: 'ShuffleExchange';
      readonly partitioning: Partitioning;
      readonly child: PhysicalPlan;
      /** Spark's ShuffleOrigin: a user's repartition (by number, or by columns alone) or, absent, one
       *  EnsureRequirements added. Adaptive execution keeps a repartition's number of partitions. */
      readonly origin?: 'REPARTITION_BY_NUM' | 'REPARTITION_BY_COL';
    }
  | { readonly kind: 'BroadcastExchange'; readonly child: PhysicalPlan }
  /** Merge all partitions of the child into one without a shuffle (coalesce(1)). */
  | { readonly kind: 'CoalesceExec'; readonly numPartitions: number; readonly child: PhysicalPlan }
  /**
   * A recursive CTE (Spark's UnionLoopExec), one output partition: runs `anchor`, then `recursion` again
   * and again with the previous iteration's rows bound to its UnionLoopRefExec of the same loopId, until an
   * iteration yields nothing or `limit` rows were produced. Both sub-plans are whole plans the executor
   * schedules on their own (they are not stages of the enclosing plan).
   */
  | {
      readonly kind: 'UnionLoopExec';
      readonly loopId: number;
      readonly anchor: PhysicalPlan;
      readonly recursion: PhysicalPlan;
      readonly output: readonly AttributeRef[];
      /** Iterations allowed (-1 = no limit); RECURSION_LEVEL_LIMIT_EXCEEDED past it. */
      readonly levelLimit: number;
      /** Rows allowed when no limit was pushed in (-1 = no limit); RECURSION_ROW_LIMIT_EXCEEDED past it. */
      readonly rowLimit: number;
      readonly limit: number | null;
    }
  /** The previous iteration's rows of the enclosing UnionLoopExec with this loopId (one partition). */
  | { readonly kind: 'UnionLoopRefExec'; readonly loopId: number; readonly output: readonly AttributeRef[] };

export type PhysicalPlanKind = PhysicalPlan['kind'];
