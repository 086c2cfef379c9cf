// The join driver shared by HashJoin and NestedLoopJoin: the build side is held whole, the other side
// streams; candidate pairs are filtered by the extra condition, then each JoinType shapes the output.

import type { Batch, DataType } from '@flint/common';
import type { AttributeRef, BuildSide, Expr, JoinType } from '@flint/planner';
import { compileExpression } from '../eval/compile.js';
import { gather, selectionOf } from '../eval/vectors.js';
import type { EvalContext } from '../functions/kernel.js';

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
  const cols = leftBatch.columns.map((c) => gather(c, leftIdx, n));
  for (const c of rightBatch.columns) cols.push(gather(c, rightIdx, n));
  return { numRows: n, columns: cols };
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
  const cond =
    spec.condition === null
      ? null
      : compileExpression(spec.condition, [...spec.leftOutput, ...spec.rightOutput], ctx);
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
      const pb = pairBatch(s, si.subarray(0, count), bi.subarray(0, count), count);
      const sel = selectionOf(cond(pb), count);
      si = Int32Array.from(sel, (k) => si[k]!);
      bi = Int32Array.from(sel, (k) => bi[k]!);
      count = sel.length;
    } else {
      si = si.subarray(0, count);
      bi = bi.subarray(0, count);
    }
    for (let k = 0; k < count; k++) buildMatched[bi[k]!] = 1;
    const streamMatched = new Uint8Array(n);
    for (let k = 0; k < count; k++) streamMatched[si[k]!] = 1;

    if (!bothSides) {
      if (buildIsLeft) continue; // semi/anti over the built left side: emitted at the end
      const keep: number[] = [];
      const want = joinType === 'LeftSemi' ? 1 : 0;
      for (let i = 0; i < n; i++) if (streamMatched[i] === want) keep.push(i);
      if (keep.length > 0) yield { numRows: keep.length, columns: s.columns.map((c) => gather(c, keep)) };
      continue;
    }
    if (count > 0) yield pairBatch(s, si, bi, count);
    if (streamKeepsUnmatched) {
      const un: number[] = [];
      for (let i = 0; i < n; i++) if (streamMatched[i] === 0) un.push(i);
      if (un.length > 0) {
        const sIdx = Int32Array.from(un);
        const none = new Int32Array(un.length).fill(-1);
        yield buildIsLeft
          ? assemble(build.numRows > 0 ? build : nullBatch(leftTypes), none, s, sIdx, un.length)
          : assemble(s, sIdx, build.numRows > 0 ? build : nullBatch(rightTypes), none, un.length);
      }
    }
  }

  if (!bothSides) {
    if (!buildIsLeft) return;
    const want = joinType === 'LeftSemi' ? 1 : 0;
    const keep: number[] = [];
    for (let i = 0; i < build.numRows; i++) if (buildMatched[i] === want) keep.push(i);
    if (keep.length > 0) yield { numRows: keep.length, columns: build.columns.map((c) => gather(c, keep)) };
    return;
  }
  if (buildKeepsUnmatched) {
    const un: number[] = [];
    for (let i = 0; i < build.numRows; i++) if (buildMatched[i] === 0) un.push(i);
    if (un.length > 0) {
      const bIdx = Int32Array.from(un);
      const none = new Int32Array(un.length).fill(-1);
      yield buildIsLeft
        ? assemble(build, bIdx, nullBatch(rightTypes), none, un.length)
        : assemble(nullBatch(leftTypes), none, build, bIdx, un.length);
    }
  }
}
