// The data-source contract: what a file format (CSV, Parquet, later JSON) must implement so the planner
// can infer a schema, cut files into splits and the executor can read one split as a stream of batches.

import type { Batch, StructType } from '@flint/common';
import type { SourceFilter } from './source-filter.js';
import type { DataSourceOptions } from './options.js';

/** One input file, as listed by `resolvePaths`. */
export interface FileInfo {
  /** Absolute local path. */
  readonly path: string;
  readonly size: number;
  readonly modificationTime: number;
}

/**
 * A unit of parallel reading. A byte range of one file for line formats; for Parquet, the row groups
 * whose first byte falls inside [start, start + length).
 */
export interface Split {
  readonly file: FileInfo;
  readonly start: number;
  readonly length: number;
  /** Parquet: the row-group indexes this split reads. */
  readonly rowGroups?: readonly number[];
}

/** Everything `readSplit` needs beyond the split itself. */
export interface ReadOptions {
  /** The full schema of the files (user-given or inferred); CSV maps columns by position in it. */
  readonly dataSchema: StructType;
  /** Format options as given by the user (keys case-insensitive, as in Spark). */
  readonly options: DataSourceOptions;
  /** Rows per batch (default 65536). */
  readonly batchSize?: number;
}

export interface FileFormat {
  /** Spark's short name: 'csv', 'parquet'. */
  readonly name: string;
  /** Infers the schema of all files together (Spark merges per file). */
  inferSchema(files: readonly FileInfo[], options: DataSourceOptions): Promise<StructType>;
  /** Cuts the files into splits. */
  listSplits(files: readonly FileInfo[], options: DataSourceOptions): Promise<Split[]>;
  /**
   * Reads one split, producing only `requiredSchema`'s columns (a subset of dataSchema's fields, by name,
   * in that order). Pushed filters are advisory: a format may use them to skip data, never to drop
   * single rows the caller would keep, so the caller still applies them.
   */
  readSplit(
    split: Split,
    requiredSchema: StructType,
    pushedFilters: readonly SourceFilter[] | undefined,
    options: ReadOptions,
  ): AsyncIterable<Batch>;
}

export const DEFAULT_BATCH_SIZE = 65536;
