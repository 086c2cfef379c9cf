// The contract between the expression evaluator and the built-in function library: scalar kernels
// are looked up by the ScalarFunction's `name`, aggregate implementations by the AggregateExpression's.

import type { Vector } from '@flint/common';
import type { Expr } from '@flint/planner';
import type { ArrayRecycler } from '../eval/array-recycler.js';

/** Per-query settings a kernel may need. */
export interface EvalContext {
  /** Session time zone (IANA name), e.g. 'America/Los_Angeles'. */
  readonly timeZone: string;
  /** spark.sql.ansi.enabled */
  readonly ansi: boolean;
  /** Start of the query in microseconds since the epoch: current_timestamp()/now() return it. */
  readonly queryStartMicros: bigint;
  /** Other session settings by Spark key. */
  readonly conf: ReadonlyMap<string, string>;
  /** Index of the partition the task runs (rand(seed) seeds with seed + partitionIndex); 0 when absent. */
  readonly partitionIndex?: number;
  /** The file the task's scan is reading (input_file_name()); set per task by the scheduler. */
  readonly inputFile?: { name: string };
  /** The query's memory budget (../memory-budget.ts), shared by its tasks on every thread. */
  readonly memoryBudget?: { readonly shared: SharedArrayBuffer; readonly limit: number };
  /**
   * Where arithmetic takes its result arrays: set (never sent to a worker) only when compiling the
   * evaluators of an operator whose batches are given back when done (ArrayRecycler).
   */
  readonly recycler?: ArrayRecycler;
}

export type ScalarFunctionExpr = Extract<Expr, { kind: 'ScalarFunction' }>;
export type AggregateExpr = Extract<Expr, { kind: 'AggregateExpression' }>;

/** Evaluates a scalar function over already-evaluated argument vectors of `numRows` rows. */
export type ScalarKernel = (
  args: readonly Vector[],
  expr: ScalarFunctionExpr,
  ctx: EvalContext,
  numRows: number,
) => Vector;

/** The grouped state of one aggregate call: one slot per group id, grown on demand. */
export interface AggregateState {
  /**
   * Adds input rows: row i goes to group groupIds[i]; rows with mask[i] === 0 are skipped (FILTER).
   * `numGroups`, when the caller knows it (a hash aggregate's table size), bounds the ids: every id
   * is below it, and the state need not scan the ids for their largest.
   */
  update(
    groupIds: Int32Array,
    args: readonly Vector[],
    numRows: number,
    mask: Uint8Array | null,
    numGroups?: number,
  ): void;
  /** Merges partial buffers (as produced by `buffers`) into the groups; `numGroups` as for update. */
  merge(groupIds: Int32Array, buffers: readonly Vector[], numRows: number, numGroups?: number): void;
  /** The partial buffers of groups 0..numGroups-1, typed as the planner's aggBufferAttributes. */
  buffers(numGroups: number): Vector[];
  /** Final values of groups 0..numGroups-1. */
  evaluate(numGroups: number): Vector;
  /** Approximate bytes held by the group states, where the state keeps count (memory accounting). */
  readonly byteSize?: number;
  /**
   * For a state whose update adds each row's number to its group's sum and counts the row (avg over
   * doubles): what update would add into, ready for groups 0..numGroups-1, when this batch's input
   * has no NULLs and no mask applies; else null. The caller then adds the rows in update's order
   * itself, several such states in one pass over the group ids (sumAndCountRows).
   */
  sumAndCountTarget?(
    args: readonly Vector[],
    numRows: number,
    mask: Uint8Array | null,
    numGroups: number,
  ): SumAndCountTarget | null;
}

/** Rows' numbers to add to their groups' sums, and the counts to add them to (AggregateState.sumAndCountTarget). */
export interface SumAndCountTarget {
  readonly values: Int32Array | Float64Array;
  readonly sum: Float64Array;
  readonly counts: Float64Array;
}

export interface AggregateImpl {
  createState(expr: AggregateExpr, ctx: EvalContext): AggregateState;
}
