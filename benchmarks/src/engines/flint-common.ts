// What Flint's two benchmark engines (SQL and DataFrame API) share: a SparkSession over the suite's
// Parquet tables, memory-mode caching, and turning collected rows into the runner's plain cells.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type DataFrame, type DataType, SparkSession, rowsFromBatches } from 'flint';
import { repoRoot } from '../runner/paths.js';
import type { Cell, EngineOptions, QueryOutput, ResultSet } from '../runner/types.js';

export interface FlintHandle {
  readonly spark: SparkSession;
  /** One DataFrame per suite table, each also registered as a temporary view of the same name. */
  readonly tables: Record<string, DataFrame>;
}

/** Flint's version from its package.json (the report names every engine with its version). */
export function flintVersion(): string {
  try {
    const pkg = JSON.parse(
      readFileSync(path.join(repoRoot(), 'packages', 'flint', 'package.json'), 'utf8'),
    ) as {
      version?: string;
    };
    return pkg.version ?? '?';
  } catch {
    return '?';
  }
}

/**
 * A session with `spark.master = local[threads]` and one temp view per table over
 * `spark.read.parquet(...files)`. Nothing is read beyond the files' footers until a query runs.
 */
export async function openFlint(options: EngineOptions): Promise<FlintHandle> {
  SparkSession.getActiveSession()?.stop();
  const spark = SparkSession.builder()
    .appName(`flint-bench-${options.suite}`)
    .master(`local[${options.threads}]`)
    .getOrCreate();
  const tables: Record<string, DataFrame> = {};
  for (const table of options.tables) {
    const df = await spark.read.parquet(...table.files);
    df.createOrReplaceTempView(table.name);
    tables[table.name] = df;
  }
  return { spark, tables };
}

/**
 * Memory mode: marks every table cached and forces it with `count()`, so later queries (SQL over the
 * views or DataFrames derived from `tables`) read the materialised batches instead of the files.
 * The cache matches plans by identity, which is why the views and `tables` must be the same DataFrames.
 */
export async function cacheFlintTables(handle: FlintHandle): Promise<void> {
  for (const df of Object.values(handle.tables)) {
    df.cache();
    await df.count();
  }
}

function toCell(v: unknown, type: DataType | undefined): Cell {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'number':
    case 'boolean':
      return v;
    case 'bigint':
      return Number(v);
    case 'string':
      // Decimals arrive as exact strings; the runner compares numbers with a tolerance.
      return type?.kind === 'decimal' ? Number(v) : v;
    default:
      if (v instanceof Date) return v.toISOString();
      return String(v);
  }
}

/** Runs the DataFrame and gives its rows as cells: decimals and bigints as numbers, dates as YYYY-MM-DD. */
export async function toResultSet(df: DataFrame): Promise<ResultSet> {
  return (await runFlint(df)).toResultSet();
}

/** Runs the DataFrame to its collected batches (what is timed); Row objects are made only for the check. */
export async function runFlint(df: DataFrame): Promise<QueryOutput> {
  const batches = await df.collectBatches();
  const schema = df.schema;
  return {
    rowCount: batches.reduce((n, b) => n + b.numRows, 0),
    toResultSet: () => {
      const types = schema.fields.map((f) => f.dataType);
      return Promise.resolve({
        columns: schema.fields.map((f) => f.name),
        rows: rowsFromBatches(schema, batches).map((r) => r.toArray().map((v, c) => toCell(v, types[c]))),
      });
    },
  };
}
