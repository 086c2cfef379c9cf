// The Polars peer engine (nodejs-polars) for the benchmark runner: lazy scans of the suite's Parquet
// files or frames loaded in memory, the TPC-H queries and H2O questions as lazy plans, results as cells.
//
// nodejs-polars is loaded with a dynamic import inside `open` so that it reads POLARS_MAX_THREADS (set by
// the runner in this engine's child process) when it starts, and so that a missing library only skips
// this engine. Decimal columns are cast to Float64 on scan (see tpch/polars-queries.ts for why).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { DataFrame, LazyDataFrame, Series } from 'nodejs-polars';
import { H2O_GROUPBY_POLARS, H2O_JOIN_POLARS, type PolarsQuestion } from '../h2o/polars-questions.js';
import {
  EngineUnavailable,
  type Cell,
  type EngineAdapter,
  type EngineOptions,
  type EngineSession,
  type QueryOutput,
  type ResultSet,
  type SuiteName,
  type SuiteTable,
} from '../runner/types.js';
import { TPCH_POLARS_QUERIES, type Polars, type PolarsQuery } from '../tpch/polars-queries.js';
import { queryNumber } from '../runner/query-id.js';

const ENGINE_NAME = 'polars';

/** Loads nodejs-polars and its native binary, or throws `EngineUnavailable`. */
async function loadPolars(threads: number): Promise<Polars> {
  // Polars sizes its thread pool from this variable when it loads. The runner sets it in the engine's
  // child process; outside the runner (tests, scripts) the session's thread count stands in.
  process.env['POLARS_MAX_THREADS'] ??= String(threads);
  try {
    const module = await import('nodejs-polars');
    return module.default;
  } catch (error) {
    throw new EngineUnavailable(ENGINE_NAME, error);
  }
}

/** The nodejs-polars version from its package.json, read without loading the native library. */
function polarsVersion(): string {
  const require = createRequire(import.meta.url);
  // The main entry is bin/index.js; package.json sits one folder above.
  const packageDir = dirname(dirname(require.resolve('nodejs-polars')));
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version?: unknown;
  };
  return String(manifest.version);
}

/** The question of a suite for an id such as `q1`, `q01`, `Q1` or `1`; undefined when there is none. */
export function polarsQuery(suite: SuiteName, id: string): PolarsQuery | PolarsQuestion | undefined {
  const number = queryNumber(id);
  if (number === null) return undefined;
  switch (suite) {
    case 'tpch':
      return TPCH_POLARS_QUERIES.get(number);
    case 'h2o-groupby':
      return H2O_GROUPBY_POLARS.get(number);
    case 'h2o-join':
      return H2O_JOIN_POLARS.get(number);
  }
}

/** A lazy scan over all files of a table, with every Decimal column cast to Float64. */
async function scanTable(pl: Polars, table: SuiteTable): Promise<LazyDataFrame> {
  if (table.files.length === 0) throw new Error(`table ${table.name} has no files`);
  const scans = table.files.map((file) => pl.scanParquet(file));
  // No rechunk: it would copy every scanned column on each query; memory mode rechunks once after loading.
  const scan =
    scans.length === 1 ? scans[0]! : pl.concat(scans, { how: 'vertical', rechunk: false, parallel: true });
  // An empty collect reads only the footer and tells which columns are decimals.
  const empty = await scan.head(0).collect();
  const decimals = empty.getColumns().filter((column) => column.dtype.variant === 'Decimal');
  if (decimals.length === 0) return scan;
  return scan.withColumns(...decimals.map((column) => pl.col(column.name).cast(pl.Float64)));
}

const NUMERIC_TYPES = new Set([
  'Int8',
  'Int16',
  'Int32',
  'Int64',
  'UInt8',
  'UInt16',
  'UInt32',
  'UInt64',
  'Float32',
  'Float64',
]);
const MS_PER_DAY = 86_400_000;

/** Day number since 1970-01-01 as `YYYY-MM-DD`. */
function isoDay(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * A column of a collected frame as normalised cells. Series.toArray crosses into the native library once
 * per value (about a microsecond each, which dominates large results), so columns without nulls go
 * through typed arrays (numbers, dates as day numbers); strings and columns with nulls use toArray.
 */
function columnCells(pl: Polars, column: Series): Cell[] {
  const variant: string = column.dtype.variant;
  const length = column.length;
  const cells = new Array<Cell>(length);
  if (column.nullCount() === 0 && length > 0) {
    if (NUMERIC_TYPES.has(variant) || variant === 'Decimal' || variant === 'Date') {
      const source =
        variant === 'Decimal' ? column.cast(pl.Float64) : variant === 'Date' ? column.cast(pl.Int32) : column;
      const values = source.toTypedArray() as ArrayLike<number | bigint>;
      if (variant === 'Date') {
        const names = new Map<number, string>();
        for (let i = 0; i < length; i++) {
          const day = values[i] as number;
          let name = names.get(day);
          if (name === undefined) names.set(day, (name = isoDay(day)));
          cells[i] = name;
        }
      } else {
        for (let i = 0; i < length; i++) cells[i] = Number(values[i]);
      }
      return cells;
    }
  }
  let values: unknown[];
  if (variant === 'Date' || variant === 'Datetime') values = column.cast(pl.Utf8).toArray();
  else if (variant === 'Decimal') values = column.cast(pl.Float64).toArray();
  else values = column.toArray();
  for (let i = 0; i < length; i++) {
    const value = values[i];
    if (value === null || value === undefined) cells[i] = null;
    else if (typeof value === 'bigint') cells[i] = Number(value);
    else if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean')
      cells[i] = value;
    else cells[i] = String(value);
  }
  return cells;
}

/** A collected frame as a `ResultSet` (columns in the frame's order). */
export function toResultSet(pl: Polars, frame: DataFrame): ResultSet {
  const series = frame.getColumns();
  const columns = series.map((column) => column.name);
  const cellColumns = series.map((column) => columnCells(pl, column));
  // `height` is a call into the native library: read it once.
  const height = frame.height;
  const rows: Cell[][] = new Array<Cell[]>(height);
  for (let r = 0; r < height; r++) {
    const row = new Array<Cell>(cellColumns.length);
    for (let c = 0; c < cellColumns.length; c++) row[c] = cellColumns[c]![r] ?? null;
    rows[r] = row;
  }
  return { columns, rows };
}

class PolarsSession implements EngineSession {
  /** Memory mode: the loaded tables; parquet mode: empty. */
  private readonly frames = new Map<string, DataFrame>();
  /** Lazy scans, built once: building them reads the files' footers. */
  private readonly scans = new Map<string, LazyDataFrame>();

  constructor(
    private readonly pl: Polars,
    private readonly options: EngineOptions,
  ) {}

  async load(): Promise<void> {
    for (const table of this.options.tables) this.scans.set(table.name, await scanTable(this.pl, table));
    if (this.options.mode !== 'memory') return;
    for (const table of this.options.tables) {
      const frame = await this.scans.get(table.name)!.collect();
      // One contiguous chunk per column, as a table loaded once and queried many times should be.
      this.frames.set(table.name, frame.rechunk());
    }
  }

  private table(name: string): LazyDataFrame {
    const frame = this.frames.get(name);
    if (frame) return frame.lazy();
    const scan = this.scans.get(name);
    if (!scan) throw new Error(`polars: unknown table '${name}' (load() not called, or not in the suite)`);
    return scan;
  }

  query(id: string): (() => Promise<QueryOutput>) | undefined {
    const plan = polarsQuery(this.options.suite, id);
    if (!plan) return undefined;
    return async () => {
      const frame = await plan(this.pl, (name) => this.table(name)).collect();
      return { rowCount: frame.height, toResultSet: () => Promise.resolve(toResultSet(this.pl, frame)) };
    };
  }

  async close(): Promise<void> {
    this.frames.clear();
    this.scans.clear();
  }
}

export const adapter: EngineAdapter = {
  name: ENGINE_NAME,
  async describe(): Promise<string> {
    try {
      return `Polars ${polarsVersion()}`;
    } catch (error) {
      throw new EngineUnavailable(ENGINE_NAME, error);
    }
  },
  async open(options: EngineOptions): Promise<EngineSession> {
    const pl = await loadPolars(options.threads);
    return new PolarsSession(pl, options);
  },
};

export default adapter;
