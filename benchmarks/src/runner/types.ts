// The contract between the benchmark runner and the engines it times. Every suite (TPC-H, H2O) names
// its tables and queries; every engine adapter opens a session over those tables and answers the
// queries it can express. Results come back as plain rows so that any engine can be checked against
// the reference answers or against another engine.

/** `parquet`: queries read the files each time. `memory`: tables are loaded first and only queries are timed. */
export type Mode = 'parquet' | 'memory';

export type SuiteName = 'tpch' | 'h2o-groupby' | 'h2o-join';

/**
 * One result value, normalised across engines: integers and decimals as `number` (decimals may lose
 * digits beyond double precision, which the comparison tolerates), dates as `YYYY-MM-DD` strings,
 * strings as they are, SQL NULL as `null`.
 */
export type Cell = string | number | boolean | null;

export interface ResultSet {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

/**
 * A query's answer as the engine holds it when the query has run (DuckDB's materialized result, a
 * collected Polars frame, Flint's collected batches): the timer stops here. Turning it into cells for
 * the check is not timed — for answers of millions of rows (H2O) that would time the conversion
 * instead of the engine.
 */
export interface QueryOutput {
  readonly rowCount: number;
  toResultSet(): Promise<ResultSet>;
}

/** A table of the suite: its name as the queries use it and the Parquet files that hold it. */
export interface SuiteTable {
  readonly name: string;
  readonly files: readonly string[];
}

export interface EngineOptions {
  readonly suite: SuiteName;
  readonly tables: readonly SuiteTable[];
  readonly mode: Mode;
  /** Threads the engine may use; every engine of a run gets the same number. */
  readonly threads: number;
}

/** An open engine over a suite's tables. `load()` is timed separately from the queries. */
export interface EngineSession {
  /** Memory mode: loads every table (Flint `cache()`, DuckDB tables, Polars collected frames). Parquet mode: registers the files. */
  load(): Promise<void>;
  /** The query, or undefined when this engine (or this variant) has no version of it. */
  query(id: string): (() => Promise<QueryOutput>) | undefined;
  close(): Promise<void>;
}

/**
 * An engine as the runner lists it: `flint-sql`, `flint-df`, `duckdb`, `polars`, `arquero`.
 * `open` loads the peer library lazily and throws `EngineUnavailable` when it is not installed.
 */
export interface EngineAdapter {
  readonly name: string;
  /** Human name of the engine and its version, for the report (e.g. `DuckDB 1.5.6`). */
  describe(): Promise<string>;
  open(options: EngineOptions): Promise<EngineSession>;
}

/** Thrown by `open` when a peer library cannot be loaded; the runner reports the engine as skipped. */
export class EngineUnavailable extends Error {
  constructor(engine: string, cause: unknown) {
    super(`${engine} is not available: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'EngineUnavailable';
  }
}
