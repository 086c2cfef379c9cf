// UnionLoopExec: a recursive CTE. Runs the anchor, then the recursion over the previous iteration's rows
// (bound by loopId for its UnionLoopRefExec leaves) until an iteration yields nothing, a pushed-in limit
// is reached, or Spark's level / row limits fail the query. Rows stream out iteration by iteration, so a
// limit above stops the loop early.

import { FlintError, type Batch } from '@flint/common';
import type { PhysicalPlan } from '@flint/planner';
import { sliceBatch } from '../eval/vectors.js';
import type { TaskContext } from './task-context.js';

type Node = Extract<PhysicalPlan, { kind: 'UnionLoopExec' }>;

/** Runs a whole sub-plan (its own stages) with these loop inputs bound; all output batches. */
export type RunSubPlan = (
  plan: PhysicalPlan,
  loopInputs: ReadonlyMap<number, readonly Batch[]>,
) => Promise<Batch[]>;

function levelLimitExceeded(levelLimit: number): FlintError {
  return new FlintError(
    'RECURSION_LEVEL_LIMIT_EXCEEDED',
    `[RECURSION_LEVEL_LIMIT_EXCEEDED] Recursion level limit ${levelLimit} reached but query has not exhausted, try increasing it like 'WITH RECURSIVE t(col) MAX RECURSION LEVEL 200'. SQLSTATE: 42836`,
    { levelLimit: String(levelLimit) },
    null,
    '42836',
  );
}

function rowLimitExceeded(rowLimit: number): FlintError {
  return new FlintError(
    'RECURSION_ROW_LIMIT_EXCEEDED',
    `[RECURSION_ROW_LIMIT_EXCEEDED] Recursion row limit ${rowLimit} reached but query has not exhausted, try setting a larger LIMIT value when querying the CTE relation. SQLSTATE: 42836`,
    { rowLimit: String(rowLimit) },
    null,
    '42836',
  );
}

function rowCount(batches: readonly Batch[]): number {
  return batches.reduce((s, b) => s + b.numRows, 0);
}

/** The first `n` rows of `batches`. */
function take(batches: readonly Batch[], n: number): Batch[] {
  const out: Batch[] = [];
  let left = n;
  for (const b of batches) {
    if (left <= 0) break;
    out.push(b.numRows <= left ? b : sliceBatch(b, 0, left));
    left -= b.numRows;
  }
  return out;
}

export async function* unionLoopExec(node: Node, tc: TaskContext, run: RunSubPlan): AsyncIterable<Batch> {
  const inherited = tc.loopInputs ?? new Map<number, readonly Batch[]>();
  const limit = node.limit;
  let prev = (await run(node.anchor, inherited)).filter((b) => b.numRows > 0);
  let total = 0;
  let level = 1;
  for (;;) {
    const n = rowCount(prev);
    if (limit !== null && total + n >= limit) {
      yield* take(prev, limit - total);
      return;
    }
    total += n;
    if (limit === null && node.rowLimit !== -1 && total > node.rowLimit)
      throw rowLimitExceeded(node.rowLimit);
    yield* prev;
    if (n === 0) return;
    if (node.levelLimit !== -1 && level > node.levelLimit) throw levelLimitExceeded(node.levelLimit);
    const inputs = new Map(inherited);
    inputs.set(node.loopId, prev);
    prev = (await run(node.recursion, inputs)).filter((b) => b.numRows > 0);
    level++;
  }
}
