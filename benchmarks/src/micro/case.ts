// The shape of a micro-benchmark: a case is one piece of work done by Flint and by its baselines, each a
// timed `run` plus an untimed `check` of its last output, so the suite can prove they did equal work.

import type { SparkSession } from 'flint';
import type { Duck } from './duck.js';

export type Engine = 'flint' | 'js' | 'duckdb';

export interface Variant {
  readonly engine: Engine;
  /** How this engine does the work, e.g. `compileExpression`, `Map loop`, `SQL`. */
  readonly label: string;
  /** The timed work; returns what `check` summarises. */
  readonly run: () => unknown;
  /** A summary of `run`'s output (count, sums, first rows) that must equal the Flint variant's. */
  readonly check: (output: unknown) => string | Promise<string>;
}

export interface MicroCase {
  /** The section: `csv`, `parquet`, `expression`, `aggregate`, `join`, `sort`. */
  readonly group: string;
  readonly name: string;
  /** What `amount` counts per run: throughput is amount / median time. */
  readonly unit: 'MB' | 'rows';
  readonly amount: number;
  /** The Flint variant first; the baselines after it. */
  readonly variants: readonly Variant[];
}

/** Input sizes of one run. */
export interface Sizes {
  /** Rows of the expression, aggregation, probe and sort inputs. */
  readonly rows: number;
  /** Rows of the join's build side. */
  readonly buildRows: number;
  /** Size of the generated CSV in bytes. */
  readonly csvBytes: number;
  /** Rows of lineitem to keep for the Parquet case (undefined: the whole file). */
  readonly parquetRows: number | undefined;
}

export interface MicroContext {
  readonly sizes: Sizes;
  readonly spark: SparkSession;
  /** Null when DuckDB is not installed: its variants are left out. */
  readonly duck: Duck | null;
  /** Where generated files are kept between runs. */
  readonly cacheDir: string;
  readonly lineitemPath: string;
}

export interface PreparedGroup {
  readonly cases: readonly MicroCase[];
  /** Lines printed under the group's table (e.g. the join strategy Flint chose). */
  readonly notes: readonly string[];
}

/** A section of the suite: builds its data (untimed) and returns its cases. */
export interface CaseGroup {
  readonly name: string;
  /** Case names, known before `prepare` so `--filter` can skip a group without building its data. */
  readonly caseNames: readonly string[];
  prepare(ctx: MicroContext): Promise<PreparedGroup>;
}
