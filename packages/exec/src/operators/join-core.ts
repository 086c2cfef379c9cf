// The join driver shared by HashJoin and NestedLoopJoin: the build side is held whole, the other side
// streams; candidate pairs are filtered by the extra condition, then each JoinType shapes the output.

import type { Batch, DataType, Vector } from '@flint/common';
import type { AttributeRef, BuildSide, Expr, JoinType } from '@flint/planner';
import { compileExpression, referencedPositions } from '../eval/compile.js';
import { gather, selectionOf } from '../eval/vectors.js';
import type { EvalContext } from '../functions/kernel.js';
import { comparePairs, pairComparison, type PairComparison } from './pair-comparison.js';

/** Candidate pairs for a stream batch: parallel arrays of stream and build row indexes. */
export interface Pairs {
  readonly stream: Int32Array;
  readonly build: Int32Array;
  readonly count: number;
}

export interface JoinSpec {
  readonly joinType: JoinType;
  readonly buildSide: BuildSide;
  readonly condition: Expr | null;
  readonly leftOutput: readonly AttributeRef[];
  readonly rightOutput: readonly AttributeRef[];
}

/** Output rows: left columns at leftIdx then right columns at rightIdx (-1 = NULL row). */
function assemble(
  leftBatch: Batch,
  leftIdx: Int32Array,
  rightBatch: Batch,
  rightIdx: Int32Array,
  n: number,
): Batch {
  return {
    numRows: n,
    columns: [...columnsAt(leftBatch, leftIdx, n), ...columnsAt(rightBatch, rightIdx, n)],
  };
}

/**
 * The batch's columns at rows idx[0..n). When those are all its rows in order (a streamed row that
 * met exactly one build row, as in a join to a table's primary key) the columns are used as they are.
 */
function columnsAt(b: Batch, idx: Int32Array, n: number): Vector[] {
  let identity = n === b.numRows;
  for (let i = 0; identity && i < n; i++) identity = idx[i] === i;
  return identity ? [...b.columns] : b.columns.map((c) => gather(c, idx, n));
}

/** A join's extra condition, compiled over the left then right columns, with the columns it reads. */
export interface JoinCondition {
  readonly evaluate: (b: Batch) => Vector;
  /** Positions in left ++ right it reads; null when unknown (all are gathered). */
  readonly positions: readonly number[] | null;
  /** The condition as a left column compared with a right one, tested without gathering; or null. */
  readonly comparison: PairComparison | null;
}

export function compileJoinCondition(
  condition: Expr | null,
  leftOutput: readonly AttributeRef[],
  rightOutput: readonly AttributeRef[],
  ctx: EvalContext,
): JoinCondition | null {
  if (condition === null) return null;
  const both = [...leftOutput, ...rightOutput];
  return {
    evaluate: compileExpression(condition, both, ctx),
    positions: referencedPositions(condition, both),
    comparison: pairComparison(condition, leftOutput, rightOutput),
  };
}

/**
 * The key-matching pairs (rows li of `left`, ri of `right`) that pass the condition. Only the columns
 * the condition reads are gathered for them (the evaluator reads no others); callers gather the
 * output columns once, for the survivors.
 */
export function passingPairs(
  cond: JoinCondition,
  left: Batch,
  li: Int32Array,
  right: Batch,
  ri: Int32Array,
  n: number,
): { li: Int32Array; ri: Int32Array; n: number } {
  if (cond.comparison !== null) {
    const keep = new Int32Array(n);
    const k = comparePairs(cond.comparison, left, li, right, ri, n, keep);
    return k === n ? { li: li.subarray(0, n), ri: ri.subarray(0, n), n } : pairsAt(li, ri, keep, k);
  }
  const reads = (p: number): boolean => cond.positions === null || cond.positions.includes(p);
  const nLeft = left.columns.length;
  const pairs: Batch = {
    numRows: n,
    columns: [
      ...left.columns.map((c, p) => (reads(p) ? gather(c, li, n) : c)),
      ...right.columns.map((c, p) => (reads(nLeft + p) ? gather(c, ri, n) : c)),
    ],
  };
  const sel = selectionOf(cond.evaluate(pairs), n);
  if (sel.length === n) return { li: li.subarray(0, n), ri: ri.subarray(0, n), n };
  return pairsAt(li, ri, sel, sel.length);
}

/** The pairs at positions sel[0..count). */
function pairsAt(
  li: Int32Array,
  ri: Int32Array,
  sel: Int32Array,
  count: number,
): { li: Int32Array; ri: Int32Array; n: number } {
  const kl = new Int32Array(count);
  const kr = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    kl[k] = li[sel[k]!]!;
    kr[k] = ri[sel[k]!]!;
  }
  return { li: kl, ri: kr, n: count };
}

/**
 * Rows r in [0, n) where flags[r] === want, ascending, or with `order` in its order (order[s] the row
 * at position s: a sort-merge join's sorted output). Out of the joins' generators (V8 may run a row
 * loop in a generator's body unoptimised), each loop a function of its own (docs/architecture.md).
 */
export function rowsWhere(
  flags: Uint8Array,
  want: number,
  n: number,
  order: Int32Array | null = null,
): Int32Array {
  const out = new Int32Array(countWhere(flags, want, n));
  writeRowsWhere(flags, want, n, order, out);
  return out;
}

function countWhere(flags: Uint8Array, want: number, n: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (flags[i] === want) k++;
  return k;
}

function writeRowsWhere(
  flags: Uint8Array,
  want: number,
  n: number,
  order: Int32Array | null,
  out: Int32Array,
): void {
  let k = 0;
  for (let s = 0; s < n; s++) {
    const r = order === null ? s : order[s]!;
    if (flags[r] === want) out[k++] = r;
  }
}

function batchAt(b: Batch, idx: Int32Array): Batch {
  return { numRows: idx.length, columns: columnsAt(b, idx, idx.length) };
}

/** flags[rows[k]] = 1 for k < count. (Out of runJoin's async generator body, where loops run unoptimised.) */
function markRows(flags: Uint8Array, rows: Int32Array, count: number): void {
  for (let k = 0; k < count; k++) flags[rows[k]!] = 1;
}

/**
 * Runs the join. `candidates(streamBatch)` yields the key-matching pairs (all pairs for a nested loop).
 * Left/right in the output follow the plan, whichever side is built.
 */
export async function* runJoin(
  spec: JoinSpec,
  build: Batch,
  stream: AsyncIterable<Batch>,
  candidates: (s: Batch) => Pairs,
  ctx: EvalContext,
): AsyncIterable<Batch> {
  const { joinType, buildSide } = spec;
  const buildIsLeft = buildSide === 'BuildLeft';
  const bothSides = joinType !== 'LeftSemi' && joinType !== 'LeftAnti';
  const cond = compileJoinCondition(spec.condition, spec.leftOutput, spec.rightOutput, ctx);
  const buildMatched = new Uint8Array(build.numRows);
  const leftTypes = spec.leftOutput.map((a) => a.dataType);
  const rightTypes = spec.rightOutput.map((a) => a.dataType);
  const nullBatch = (types: readonly DataType[]): Batch => ({
    numRows: 0,
    columns: types.map((t) => ({ type: t, length: 0, values: [], nulls: null })),
  });
  // Rows of the left/right side in output order given stream/build positions.
  const pairBatch = (s: Batch, si: Int32Array, bi: Int32Array, n: number): Batch =>
    buildIsLeft ? assemble(build, bi, s, si, n) : assemble(s, si, build, bi, n);

  const streamKeepsUnmatched =
    (joinType === 'LeftOuter' && !buildIsLeft) ||
    (joinType === 'RightOuter' && buildIsLeft) ||
    joinType === 'FullOuter';
  const buildKeepsUnmatched =
    (joinType === 'LeftOuter' && buildIsLeft) ||
    (joinType === 'RightOuter' && !buildIsLeft) ||
    joinType === 'FullOuter';

  for await (const s of stream) {
    const n = s.numRows;
    if (n === 0) continue;
    let { stream: si, build: bi, count } = candidates(s);
    if (cond !== null && count > 0) {
      if (buildIsLeft) {
        const kept = passingPairs(cond, build, bi, s, si, count);
        bi = kept.li;
        si = kept.ri;
        count = kept.n;
      } else {
        const kept = passingPairs(cond, s, si, build, bi, count);
        si = kept.li;
        bi = kept.ri;
        count = kept.n;
      }
    } else {
      si = si.subarray(0, count);
      bi = bi.subarray(0, count);
    }
    // Which rows met a partner, only where unmatched rows are kept or the join is semi/anti.
    if (buildKeepsUnmatched || (!bothSides && buildIsLeft)) markRows(buildMatched, bi, count);
    const streamMatched = streamKeepsUnmatched || !bothSides ? new Uint8Array(n) : null;
    if (streamMatched !== null) markRows(streamMatched, si, count);

    if (streamMatched === null) {
      if (count > 0) yield pairBatch(s, si, bi, count);
      continue;
    }
    if (!bothSides) {
      if (buildIsLeft) continue; // semi/anti over the built left side: emitted at the end
      const keep = rowsWhere(streamMatched, joinType === 'LeftSemi' ? 1 : 0, n);
      if (keep.length === n) yield s;
      else if (keep.length > 0) yield batchAt(s, keep);
      continue;
    }
    if (count > 0) yield pairBatch(s, si, bi, count);
    if (streamKeepsUnmatched) {
      const sIdx = rowsWhere(streamMatched, 0, n);
      if (sIdx.length > 0) {
        const un = sIdx;
        const none = new Int32Array(un.length).fill(-1);
        yield buildIsLeft
          ? assemble(build.numRows > 0 ? build : nullBatch(leftTypes), none, s, sIdx, un.length)
          : assemble(s, sIdx, build.numRows > 0 ? build : nullBatch(rightTypes), none, un.length);
      }
    }
  }

  if (!bothSides) {
    if (!buildIsLeft) return;
    const keep = rowsWhere(buildMatched, joinType === 'LeftSemi' ? 1 : 0, build.numRows);
    if (keep.length > 0) yield batchAt(build, keep);
    return;
  }
  if (buildKeepsUnmatched) {
    const bIdx = rowsWhere(buildMatched, 0, build.numRows);
    if (bIdx.length > 0) {
      const un = bIdx;
      const none = new Int32Array(un.length).fill(-1);
      yield buildIsLeft
        ? assemble(build, bIdx, nullBatch(rightTypes), none, un.length)
        : assemble(nullBatch(leftTypes), none, build, bIdx, un.length);
    }
  }
}
