// Spark's FileSourceStrategy: a file relation and the filters right above it become a FileSourceScan.
// Filters on partition columns only choose the partition folders to read (and leave the plan); the
// others stay in a Filter above the scan and, where a source Filter can express them, are pushed to the
// format to skip data. The files of the chosen folders are cut into splits and packed into tasks.

import {
  T,
  maxSplitBytes,
  packFilePartitions,
  splitFile,
  type PartitionDirectory,
  type PartitionedFile,
  type SourceFilter,
} from '@flint/common';
import type { AttributeRef, Expr } from '../expr.js';
import type { DataSource } from '../logical-plan.js';
import type { PhysicalPlan } from '../physical-plan.js';
import { andAll, referencedIds } from '../optimizer/plan-transform.js';
import { translateFilter } from './translate-filter.js';

export type FilesSource = Extract<DataSource, { kind: 'Files' }>;

export interface FileScanContext {
  /** spark.sql.files.maxPartitionBytes, openCostInBytes and minPartitionNum (default parallelism). */
  readonly files: {
    readonly maxPartitionBytes: number;
    readonly openCostInBytes: number;
    readonly minPartitionNum: number;
  };
  /** Whether the file at `path` can be read in byte ranges (the format decides: options, codec). */
  isSplitable(source: FilesSource, path: string): boolean;
  /** Keeps the partition folders whose values satisfy all `filters` (evaluated by the caller's engine). */
  readonly selectPartitions?: (
    source: FilesSource,
    partitionColumns: readonly AttributeRef[],
    filters: readonly Expr[],
  ) => readonly PartitionDirectory[];
}

export function planFileSourceScan(
  output: readonly AttributeRef[],
  source: FilesSource,
  filters: readonly Expr[],
  tableName: string | undefined,
  ctx: FileScanContext,
): { scan: PhysicalPlan; postScanFilter: Expr | null } {
  const partitionNames = new Set(source.partitionSchema.fields.map((f) => f.name));
  const partitionAttrs = output.filter((a) => partitionNames.has(a.name));
  const partitionIds = new Set(partitionAttrs.map((a) => a.id));
  const dataIds = new Set(output.filter((a) => !partitionIds.has(a.id)).map((a) => a.id));
  const onlyPartitions = (e: Expr): boolean => {
    const refs = new Set<number>();
    referencedIds(e, refs);
    return refs.size > 0 && [...refs].every((id) => partitionIds.has(id));
  };
  const partitionFilters = filters.filter(onlyPartitions);
  const dataFilters = filters.filter((f) => !onlyPartitions(f));
  const pushedFilters = dataFilters
    .map((f) => translateFilter(f, dataIds))
    .filter((f): f is SourceFilter => f !== null);

  const selected =
    partitionFilters.length > 0 && ctx.selectPartitions
      ? ctx.selectPartitions(source, partitionAttrs, partitionFilters)
      : source.partitions;
  const files = selected.flatMap((d) => d.files);
  const maxBytes = maxSplitBytes(files, ctx.files);
  const splits: PartitionedFile[] = selected.flatMap((d) =>
    d.files.flatMap((f) => splitFile(f, d.values, maxBytes, ctx.isSplitable(source, f.path))),
  );
  const requiredSchema = T.struct(
    output
      .filter((a) => dataIds.has(a.id))
      .map((a) => source.dataSchema.fields.find((f) => f.name === a.name)!),
  );
  const scan: PhysicalPlan = {
    kind: 'FileSourceScan',
    output,
    source,
    requiredSchema,
    partitionFilters,
    dataFilters,
    pushedFilters,
    filePartitions: packFilePartitions(splits, maxBytes, ctx.files.openCostInBytes),
    ...(tableName ? { tableName } : {}),
  };
  // Partition filters are exact once the folders are chosen; without a chooser they stay above too.
  const remaining = ctx.selectPartitions ? dataFilters : filters;
  return { scan, postScanFilter: andAll(remaining) };
}
