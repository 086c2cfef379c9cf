// The logical plan: Spark's node names, plain immutable data. The parser (through the planner's
// AST conversion) and the DataFrame API both build the unresolved form; the analyzer resolves it.

import type { DataType, PartitionDirectory, StoredBatch, StructType, Value } from '@flint/common';
import type { AttributeRef, Expr, NamedExpr, SortOrder } from './expr.js';

export type JoinType = 'Inner' | 'LeftOuter' | 'RightOuter' | 'FullOuter' | 'LeftSemi' | 'LeftAnti' | 'Cross';

export type FileFormatName = 'csv' | 'json' | 'parquet' | 'text';

/** A source of rows the engine reads: a file set or in-memory data. */
export type DataSource =
  | {
      readonly kind: 'Files';
      readonly format: FileFormatName;
      /** The paths as given (explain's Location). */
      readonly paths: readonly string[];
      readonly options: Readonly<Record<string, string>>;
      /** Columns stored in the files. */
      readonly dataSchema: StructType;
      /** Columns taken from `key=value` folder names. */
      readonly partitionSchema: StructType;
      /** The relation's columns: dataSchema's, then partitionSchema's. */
      readonly schema: StructType;
      /** The listing, grouped by partition folder (one group without values when not partitioned). */
      readonly partitions: readonly PartitionDirectory[];
    }
  /** Rows held in memory (createDataFrame, cached plans), by partition: a scan has one task per partition. */
  | {
      readonly kind: 'Memory';
      readonly schema: StructType;
      /** Cached tables keep mostly-distinct string columns packed (see StoredBatch). */
      readonly partitions: readonly (readonly StoredBatch[])[];
      /** The attribute ids of the schema's columns, when the rows are a plan's output (a cache): a
       *  pruned relation finds its columns by id, as names may repeat. Without them, by name. */
      readonly attributeIds?: readonly number[];
    };

/** The positions in a Memory source's schema of the columns a relation over it outputs. */
export function memoryColumnIndexes(
  source: Extract<DataSource, { kind: 'Memory' }>,
  output: readonly AttributeRef[],
): number[] {
  const ids = source.attributeIds;
  return output.map((a) =>
    ids !== undefined ? ids.indexOf(a.id) : source.schema.fields.findIndex((f) => f.name === a.name),
  );
}

export type LogicalPlan =
  | {
      readonly kind: 'LocalRelation';
      readonly output: readonly AttributeRef[];
      readonly rows: readonly (readonly Value[])[];
    }
  | {
      readonly kind: 'Range';
      readonly start: bigint;
      readonly end: bigint;
      readonly step: bigint;
      readonly numSlices: number | null;
      readonly output: readonly AttributeRef[];
    }
  | {
      readonly kind: 'LogicalRelation';
      readonly source: DataSource;
      readonly output: readonly AttributeRef[];
      readonly tableName?: string;
    }
  | { readonly kind: 'OneRowRelation' }
  | { readonly kind: 'Project'; readonly projectList: readonly NamedExpr[]; readonly child: LogicalPlan }
  | { readonly kind: 'Filter'; readonly condition: Expr; readonly child: LogicalPlan }
  | {
      readonly kind: 'Aggregate';
      readonly groupingExprs: readonly Expr[];
      /** Output columns: grouping attributes and expressions over AggregateExpressions. */
      readonly aggregateExprs: readonly NamedExpr[];
      readonly child: LogicalPlan;
    }
  | {
      readonly kind: 'Join';
      readonly left: LogicalPlan;
      readonly right: LogicalPlan;
      readonly joinType: JoinType;
      readonly condition: Expr | null;
      readonly hint: JoinHint;
      /** JOIN LATERAL / `, LATERAL (...)`: the right side may read the left side's columns (OuterReference). */
      readonly lateral?: boolean;
      /**
       * A semi join InjectRuntimeFilter added: it only drops rows a join above drops anyway, so running
       * it is optional (execution may pass its left rows through unprobed).
       */
      readonly runtimeFilter?: boolean;
      /**
       * A join PushSelectiveJoinDown made of a relation and a small, selectively filtered one: sized
       * as both sides added rather than multiplied, so it stays a broadcast where its relation was one.
       */
      readonly dimensionJoin?: boolean;
    }
  | {
      readonly kind: 'Sort';
      readonly order: readonly SortOrder[];
      readonly global: boolean;
      readonly child: LogicalPlan;
    }
  /** LIMIT n [OFFSET m] */
  | {
      readonly kind: 'Limit';
      readonly limit: number | null;
      readonly offset: number;
      readonly child: LogicalPlan;
      /** Before analysis: LIMIT / OFFSET expressions that are not plain literals, folded by the analyzer. */
      readonly limitExpr?: Expr;
      readonly offsetExpr?: Expr;
    }
  | { readonly kind: 'Distinct'; readonly child: LogicalPlan }
  | { readonly kind: 'Deduplicate'; readonly keys: readonly AttributeRef[]; readonly child: LogicalPlan }
  | {
      readonly kind: 'Union';
      readonly children: readonly LogicalPlan[];
      readonly byName: boolean;
      readonly allowMissingColumns: boolean;
    }
  | {
      readonly kind: 'Intersect';
      readonly left: LogicalPlan;
      readonly right: LogicalPlan;
      readonly isAll: boolean;
    }
  | {
      readonly kind: 'Except';
      readonly left: LogicalPlan;
      readonly right: LogicalPlan;
      readonly isAll: boolean;
    }
  /** Window expressions computed over the child; output = child output + windowExprs. */
  | {
      readonly kind: 'Window';
      readonly windowExprs: readonly NamedExpr[];
      readonly partitionSpec: readonly Expr[];
      readonly orderSpec: readonly SortOrder[];
      readonly child: LogicalPlan;
    }
  /** One output row per input row per projection list (grouping sets). */
  | {
      readonly kind: 'Expand';
      readonly projections: readonly (readonly Expr[])[];
      readonly output: readonly AttributeRef[];
      readonly child: LogicalPlan;
    }
  /** explode / posexplode / inline / stack ... */
  | {
      readonly kind: 'Generate';
      readonly generator: Expr;
      readonly outer: boolean;
      readonly generatorOutput: readonly AttributeRef[];
      readonly child: LogicalPlan;
    }
  /** A named relation boundary (table, view, alias); output attributes re-qualified with `alias`. */
  | { readonly kind: 'SubqueryAlias'; readonly alias: readonly string[]; readonly child: LogicalPlan }
  | {
      readonly kind: 'Repartition';
      readonly numPartitions: number | null;
      readonly partitionExprs: readonly Expr[];
      readonly shuffle: boolean;
      readonly child: LogicalPlan;
    }
  /** Cached data standing in for the plan it was computed from. */
  | {
      readonly kind: 'InMemoryRelation';
      readonly cacheId: number;
      readonly output: readonly AttributeRef[];
      readonly child: LogicalPlan;
    }
  /**
   * A recursive CTE (Spark's UnionLoop): the anchor's rows, then the recursion re-run over the previous
   * iteration's rows (read through UnionLoopRef with the same loopId) until it yields none. Output is
   * positional: anchor, recursion and `output` line up column by column.
   */
  | {
      readonly kind: 'UnionLoop';
      readonly loopId: number;
      readonly anchor: LogicalPlan;
      readonly recursion: LogicalPlan;
      readonly output: readonly AttributeRef[];
      /** MAX RECURSION LEVEL n, else spark.sql.cteRecursionLevelLimit (-1 = none). */
      readonly levelLimit: number;
      /** spark.sql.cteRecursionRowLimit (-1 = none); not checked when a LIMIT was pushed in. */
      readonly rowLimit: number;
      /** A LIMIT above the loop pushed into it: iterations stop once this many rows were produced. */
      readonly limit: number | null;
    }
  /** The previous iteration's rows of the UnionLoop with this loopId (a leaf inside its recursion). */
  | { readonly kind: 'UnionLoopRef'; readonly loopId: number; readonly output: readonly AttributeRef[] }
  // ---- unresolved: only before analysis
  | { readonly kind: 'UnresolvedRelation'; readonly nameParts: readonly string[] }
  | {
      readonly kind: 'UnresolvedInlineTable';
      readonly names: readonly string[];
      readonly rows: readonly (readonly Expr[])[];
    }
  | { readonly kind: 'UnresolvedTableFunction'; readonly name: string; readonly args: readonly Expr[] }
  /** SELECT ... WITH columns aliases: t(a, b) */
  | {
      readonly kind: 'UnresolvedColumnAliases';
      readonly names: readonly string[];
      readonly child: LogicalPlan;
    }
  /** GROUP BY with grouping sets before expansion. */
  | {
      readonly kind: 'UnresolvedGroupingSets';
      readonly sets: readonly (readonly Expr[])[];
      readonly groupingExprs: readonly Expr[];
      readonly aggregateExprs: readonly Expr[];
      readonly child: LogicalPlan;
    }
  | { readonly kind: 'UnresolvedHaving'; readonly condition: Expr; readonly child: LogicalPlan }
  /** SQL PIVOT: rewritten by the analyzer into an Aggregate (analyzer/resolve-pivot.ts). */
  | {
      readonly kind: 'UnresolvedPivot';
      readonly aggregates: readonly Expr[];
      readonly pivotColumns: readonly Expr[];
      readonly pivotValues: readonly { readonly expr: Expr; readonly alias: string | null }[];
      readonly child: LogicalPlan;
    }
  /** SQL UNPIVOT: rewritten by the analyzer into an Expand (analyzer/resolve-pivot.ts). */
  | {
      readonly kind: 'UnresolvedUnpivot';
      readonly includeNulls: boolean;
      readonly valueColumns: readonly string[];
      readonly nameColumn: string;
      readonly columns: readonly { readonly exprs: readonly Expr[]; readonly alias: string | null }[];
      readonly child: LogicalPlan;
    }
  /** JOIN ... USING (cols) or NATURAL JOIN (usingColumns null): resolved into a Join plus a Project. */
  | {
      readonly kind: 'UnresolvedUsingJoin';
      readonly left: LogicalPlan;
      readonly right: LogicalPlan;
      readonly joinType: JoinType;
      readonly usingColumns: readonly string[] | null;
      readonly hint: JoinHint;
    }
  | {
      readonly kind: 'WithCTE';
      readonly ctes: readonly {
        readonly name: string;
        readonly columns: readonly string[] | null;
        readonly plan: LogicalPlan;
        readonly maxRecursionLevel?: number;
      }[];
      readonly recursive: boolean;
      readonly child: LogicalPlan;
    };

export interface JoinHint {
  readonly leftHint?: 'BROADCAST' | 'MERGE' | 'SHUFFLE_HASH' | 'SHUFFLE_REPLICATE_NL';
  readonly rightHint?: 'BROADCAST' | 'MERGE' | 'SHUFFLE_HASH' | 'SHUFFLE_REPLICATE_NL';
}

export const NO_HINT: JoinHint = {};

export type LogicalPlanKind = LogicalPlan['kind'];

export type { DataType };
