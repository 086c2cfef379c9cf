// Plain data shared by the planner (which lists files and cuts them into splits), the executor (which
// reads them) and the formats of @flint/io: Spark's FileStatus, PartitionedFile, FilePartition and
// data-source Filter. Everything here is serialisable, so a plan can be sent to a worker as it is.

import type { Value } from './batch.js';

/** One data file as listed. */
export interface FileStatus {
  /** Absolute local path. */
  readonly path: string;
  readonly size: number;
  readonly modificationTime: number;
}

/** The files of one Hive-style partition folder (`k1=v1/k2=v2/`), with its partition values. */
export interface PartitionDirectory {
  /** One value per field of the relation's partition schema (engine representation). */
  readonly values: readonly Value[];
  readonly files: readonly FileStatus[];
}

/**
 * A byte range of one file read by one task. Line formats read the lines that start inside the range;
 * Parquet reads the row groups whose midpoint falls inside it (Spark's rule for both).
 */
export interface PartitionedFile {
  readonly path: string;
  readonly start: number;
  readonly length: number;
  /** Size of the whole file. */
  readonly fileSize: number;
  readonly modificationTime: number;
  /** Values of the partition columns for this file (one per partition-schema field). */
  readonly partitionValues: readonly Value[];
}

/** The splits one task of a file scan reads, in order. */
export interface FilePartition {
  readonly index: number;
  readonly files: readonly PartitionedFile[];
}

/**
 * A filter a source may use to skip data (Spark's org.apache.spark.sql.sources.Filter), on a column
 * of the data schema by name (nested fields as `a.b`). Values are in the engine's representation for
 * the column's type (days for DATE, microseconds for TIMESTAMP...).
 */
export type SourceFilter =
  | { readonly kind: 'EqualTo'; readonly column: string; readonly value: Value }
  | { readonly kind: 'EqualNullSafe'; readonly column: string; readonly value: Value }
  | { readonly kind: 'GreaterThan'; readonly column: string; readonly value: Value }
  | { readonly kind: 'GreaterThanOrEqual'; readonly column: string; readonly value: Value }
  | { readonly kind: 'LessThan'; readonly column: string; readonly value: Value }
  | { readonly kind: 'LessThanOrEqual'; readonly column: string; readonly value: Value }
  | { readonly kind: 'In'; readonly column: string; readonly values: readonly Value[] }
  | { readonly kind: 'IsNull'; readonly column: string }
  | { readonly kind: 'IsNotNull'; readonly column: string }
  | { readonly kind: 'StringStartsWith'; readonly column: string; readonly value: string }
  | { readonly kind: 'StringEndsWith'; readonly column: string; readonly value: string }
  | { readonly kind: 'StringContains'; readonly column: string; readonly value: string }
  | { readonly kind: 'And'; readonly left: SourceFilter; readonly right: SourceFilter }
  | { readonly kind: 'Or'; readonly left: SourceFilter; readonly right: SourceFilter }
  | { readonly kind: 'Not'; readonly child: SourceFilter };

/** Spark's FilePartition.maxSplitBytes: splits small enough to give every core work, never tiny. */
export function maxSplitBytes(
  files: readonly FileStatus[],
  conf: {
    readonly maxPartitionBytes: number;
    readonly openCostInBytes: number;
    readonly minPartitionNum: number;
  },
): number {
  const totalBytes = files.reduce((s, f) => s + f.size + conf.openCostInBytes, 0);
  const bytesPerCore = totalBytes / Math.max(1, conf.minPartitionNum);
  return Math.min(conf.maxPartitionBytes, Math.max(conf.openCostInBytes, bytesPerCore));
}

/** Cuts one file into byte ranges of at most `maxBytes` (one range if the format cannot split it). */
export function splitFile(
  file: FileStatus,
  partitionValues: readonly Value[],
  maxBytes: number,
  splitable: boolean,
): PartitionedFile[] {
  const base = {
    path: file.path,
    fileSize: file.size,
    modificationTime: file.modificationTime,
    partitionValues,
  };
  if (!splitable || file.size <= maxBytes) return [{ ...base, start: 0, length: file.size }];
  const out: PartitionedFile[] = [];
  for (let start = 0; start < file.size; start += maxBytes)
    out.push({ ...base, start, length: Math.min(maxBytes, file.size - start) });
  return out;
}

/**
 * Spark's FilePartition.getFilePartitions: splits largest first, packed into tasks of up to
 * `maxBytes`, each file costing `openCostInBytes` more than its length.
 */
export function packFilePartitions(
  splits: readonly PartitionedFile[],
  maxBytes: number,
  openCostInBytes: number,
): FilePartition[] {
  const sorted = [...splits].sort((a, b) => b.length - a.length);
  const out: FilePartition[] = [];
  let current: PartitionedFile[] = [];
  let size = 0;
  const close = (): void => {
    if (current.length > 0) out.push({ index: out.length, files: current });
    current = [];
    size = 0;
  };
  for (const s of sorted) {
    if (size + s.length > maxBytes) close();
    size += s.length + openCostInBytes;
    current.push(s);
  }
  close();
  return out;
}
