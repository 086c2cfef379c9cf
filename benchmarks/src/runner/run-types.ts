// The runner's own records: the task a child process runs, the messages it sends back, and the
// JSON-ready result of a whole run that the reports are rendered from.

import type { Checksum } from './compare.js';
import type { EngineOptions, Mode, ResultSet } from './types.js';

/** How an answer is checked: row by row (TPC-H) or as a checksum of measure columns (H2O). */
export type CheckKind = 'rows' | 'checksum';

/** What the parent asks an engine child to do. */
export interface EngineTask {
  readonly engine: string;
  readonly options: EngineOptions;
  readonly queryIds: readonly string[];
  /** Timed runs per query. */
  readonly runs: number;
  /** One untimed run first (its result is the one checked). */
  readonly warmup: boolean;
  readonly checkKind: CheckKind;
}

/** How a query's execution ended in the engine (before its answer is checked). */
export type ExecStatus = 'ok' | 'error' | 'timeout' | 'crashed' | 'unsupported';

/** One query on one engine, as the child measured it. */
export interface QueryExecution {
  readonly id: string;
  readonly status: ExecStatus;
  readonly message?: string;
  /** Seconds of each timed run. */
  readonly seconds: readonly number[];
  readonly warmupSeconds?: number;
  /** Highest process RSS (bytes) during the warm-up and timed runs. */
  readonly peakRssBytes?: number;
  /** The first run's answer: whole for `rows`, summed for `checksum`. */
  readonly result?: ResultSet;
  readonly checksum?: Checksum;
}

/** Child → parent. */
export type ChildMessage =
  | { readonly type: 'engine'; readonly description: string }
  | { readonly type: 'unavailable'; readonly message: string }
  | { readonly type: 'fatal'; readonly message: string }
  | { readonly type: 'loaded'; readonly seconds: number; readonly peakRssBytes: number }
  | { readonly type: 'run-start'; readonly id: string }
  | { readonly type: 'query'; readonly execution: QueryExecution }
  | { readonly type: 'done' };

/** The verdict on an answer. `agrees`/`differs` are against DuckDB's answer of the same run (no answer file). */
export type CheckStatus = 'correct' | 'wrong' | 'agrees' | 'differs' | 'unchecked';

export interface QueryRecord {
  readonly id: string;
  readonly status: ExecStatus;
  readonly check: CheckStatus | null;
  /** The error, or why the answer is wrong. */
  readonly message?: string;
  readonly seconds: readonly number[];
  readonly median: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly warmupSeconds?: number;
  readonly peakRssBytes?: number;
}

export interface EngineRecord {
  readonly engine: string;
  /** Name and version, e.g. `DuckDB v1.5.0`. */
  readonly description: string;
  /** Set when the engine could not run at all (library missing, session failed to open). */
  readonly skipped?: string;
  readonly loadSeconds?: number;
  readonly loadPeakRssBytes?: number;
  readonly queries: readonly QueryRecord[];
}

export interface TableInfo {
  readonly name: string;
  readonly files: number;
  readonly rows: number | null;
  readonly bytes: number;
}

export interface DataInfo {
  /** `tpch sf1`, `h2o groupby n=1e7`. */
  readonly label: string;
  readonly sf?: number;
  readonly n?: number;
  readonly source: string;
  readonly tables: readonly TableInfo[];
  /** Seconds spent generating the data in this run (absent when it came from the cache or a folder). */
  readonly generationSeconds?: number;
}

/** One suite at one size in one mode, every engine. */
export interface SectionRun {
  readonly mode: Mode;
  readonly data: DataInfo;
  /** Where answers were checked against: `answer files <dir>`, `duckdb`, or `none`. */
  readonly reference: string;
  readonly runs: number;
  /** Times the engines ran the section in turn, when more than once (their runs pooled per query). */
  readonly rounds?: number;
  readonly warmup: boolean;
  readonly engines: readonly EngineRecord[];
}

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly totalMemoryBytes: number;
  readonly node: string;
  readonly os: string;
  readonly commit?: string;
}

export interface SuiteRun {
  /** `tpch`, `h2o-groupby`, `h2o-join`. */
  readonly suite: string;
  readonly startedAt: string;
  readonly command: string;
  readonly machine: MachineInfo;
  readonly threads: number;
  readonly timeoutSeconds: number;
  readonly sections: readonly SectionRun[];
}
