// SortMergeJoin: both inputs sorted by their keys (ascending, NULLS FIRST) within co-partitioned
// partitions; a merge walks the two sides and pairs each run of equal left keys with the run of equal
// right keys. NULL keys never match unless the key is null-safe (<=>); the extra condition filters pairs.
// A side whose rows come through a local Sort is sorted here as a permutation of row indexes: only
// the key columns are put in sorted order, and the output gathers its rows once from the unsorted input
// (a Sort would copy every column into order, then the join would copy them again).

import { assertNever, type Batch, type Vector } from '@flint/common';
import type { AttributeRef, JoinType, PhysicalPlan, SortOrder } from '@flint/planner';
import { rowComparator } from '../eval/comparison.js';
import { compileExpression } from '../eval/compile.js';
import { compileJoinCondition, passingPairs, rowsWhere } from './join-core.js';
import { pairTest } from './pair-comparison.js';
import {
  allNull,
  concatBatches,
  EXACT_HIGH,
  gather,
  gatherBatch,
  int32View,
  TWO_32,
  type Store,
} from '../eval/vectors.js';
import { keyFilterOf, nullKeyRows } from '../hash/key-filter.js';
import { sameKeyStorage } from '../hash/key-store.js';
import { compileOrder, sortIndices } from './sort-util.js';
import { BATCH_SIZE, collectBatches, type TaskContext } from './task-context.js';

type Node = Extract<PhysicalPlan, { kind: 'SortMergeJoin' }>;

/** One side of the join: its rows, already sorted (`order` null) or to be sorted by `order`. */
export interface MergeJoinSide {
  readonly output: readonly AttributeRef[];
  readonly rows: AsyncIterable<Batch>;
  readonly order: readonly SortOrder[] | null;
}

/** Compares row i of `a` with row j of `b` over all key columns, NULL first and NULL = NULL. */
type KeyCompare = (i: number, j: number) => number;

/** Same-width decimals, or not decimals at all: unscaled values compare directly. */
function sameScale(x: Vector, y: Vector): boolean {
  return x.type.kind !== 'decimal' || (y.type.kind === 'decimal' && x.type.scale === y.type.scale);
}

/**
 * Compares stored values of two columns without allocating: 64-bit values through their Int32 halves
 * (signed high word, then unsigned low word), numbers directly (NaN last and equal to itself, -0 = 0);
 * other storage through Spark's row comparator.
 */
function valueComparator(x: Vector, y: Vector): (i: number, j: number) => number {
  const xv = x.values;
  const yv = y.values;
  if (xv instanceof BigInt64Array && yv instanceof BigInt64Array && sameScale(x, y)) {
    const x32 = int32View(xv);
    const y32 = int32View(yv);
    return (i, j) => {
      const a = x32[2 * i + 1]!;
      const b = y32[2 * j + 1]!;
      if (a !== b) return a < b ? -1 : 1;
      const c = x32[2 * i]! >>> 0;
      const d = y32[2 * j]! >>> 0;
      return c < d ? -1 : c > d ? 1 : 0;
    };
  }
  const intLike = (v: unknown) =>
    v instanceof Int32Array || v instanceof Int16Array || v instanceof Int8Array;
  if (intLike(xv) && intLike(yv)) {
    const xa = xv as Int32Array;
    const ya = yv as Int32Array;
    return (i, j) => xa[i]! - ya[j]!;
  }
  if (xv instanceof Float64Array && yv instanceof Float64Array) {
    return (i, j) => {
      const a = xv[i]!;
      const b = yv[j]!;
      if (a < b) return -1;
      if (a > b) return 1;
      if (a === b) return 0;
      return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
    };
  }
  const cmp = rowComparator(x.type, y.type);
  const xs = xv as unknown as Store;
  const ys = yv as unknown as Store;
  return (i, j) => cmp(xs, i, ys, j);
}

function keyComparator(a: readonly Vector[], b: readonly Vector[]): KeyCompare {
  const parts = a.map((x, c) => {
    const y = b[c]!;
    const cmp = valueComparator(x, y);
    const xAllNull = x.type.kind === 'null';
    const yAllNull = y.type.kind === 'null';
    const xn = x.nulls;
    const yn = y.nulls;
    return (i: number, j: number): number => {
      const ni = xAllNull || (xn !== null && xn[i] === 1);
      const nj = yAllNull || (yn !== null && yn[j] === 1);
      if (ni || nj) return ni && nj ? 0 : ni ? -1 : 1;
      return cmp(i, j);
    };
  });
  if (parts.length === 1) return parts[0]!;
  return (i, j) => {
    for (let c = 0; c < parts.length; c++) {
      const r = parts[c]!(i, j);
      if (r !== 0) return r;
    }
    return 0;
  };
}

/** A key column as exact doubles (ints, or 64-bit values below 2^53), null when it has NULLs or other storage. */
function asDoubles(v: Vector): Float64Array | null {
  const xs = v.values;
  if (v.nulls !== null || v.type.kind === 'null') return null;
  if (xs instanceof Int32Array || xs instanceof Int16Array || xs instanceof Int8Array)
    return Float64Array.from(xs);
  if (!(xs instanceof BigInt64Array)) return null;
  const w = int32View(xs);
  const n = xs.length;
  const out = new Float64Array(n);
  // exactLongAt's test folded into one flag, with no exit from the loop: 2.9 ns a key, 4.6 with it
  // (8.1 and 17.5 before the loop is optimized, which a join's first keys are).
  let inexact = 0;
  for (let i = 0; i < n; i++) {
    const hi = w[2 * i + 1]!;
    inexact |= hi >= EXACT_HIGH || hi < -EXACT_HIGH ? 1 : 0;
    out[i] = hi * TWO_32 + (w[2 * i]! >>> 0);
  }
  return inexact === 0 ? out : null;
}

/**
 * The merge's three comparisons over one key column without NULLs held as exact doubles on both sides
 * (same storage, same decimal scale): plain number comparisons, where the general comparators go
 * through a closure per column and its NULL tests for every step of the merge. The merge asks
 * sameLeft and sameRight only whether keys are equal (0).
 */
function numericKeys(
  lk: readonly Vector[],
  rk: readonly Vector[],
): { cross: KeyCompare; sameLeft: KeyCompare; sameRight: KeyCompare } | null {
  if (lk.length !== 1) return null;
  const x = lk[0]!;
  const y = rk[0]!;
  if (!sameScale(x, y) || x.values instanceof BigInt64Array !== y.values instanceof BigInt64Array)
    return null;
  const a = asDoubles(x);
  const b = a === null ? null : asDoubles(y);
  if (a === null || b === null) return null;
  return {
    cross: (i, j) => (a[i]! < b[j]! ? -1 : a[i]! > b[j]! ? 1 : 0),
    sameLeft: (i, j) => (a[i] === a[j] ? 0 : 1),
    sameRight: (i, j) => (b[i] === b[j] ? 0 : 1),
  };
}

/** Growable pair buffer: parallel left and right row indexes. */
class PairBuffer {
  left = new Int32Array(1024);
  right = new Int32Array(1024);
  count = 0;
  push(l: number, r: number): void {
    if (this.count === this.left.length) {
      const nl = new Int32Array(this.count * 2);
      nl.set(this.left);
      this.left = nl;
      const nr = new Int32Array(this.count * 2);
      nr.set(this.right);
      this.right = nr;
    }
    this.left[this.count] = l;
    this.right[this.count++] = r;
  }
}

export async function* sortMergeJoin(
  node: Node,
  leftSide: MergeJoinSide,
  rightSide: MergeJoinSide,
  tc: TaskContext,
): AsyncIterable<Batch> {
  const ctx = tc.eval;
  const joinType = node.joinType;
  const leftOutput = leftSide.output;
  const rightOutput = rightSide.output;
  let left = concatBatches(
    leftOutput.map((a) => a.dataType),
    await collectBatches(leftSide.rows, tc),
  );
  let right = concatBatches(
    rightOutput.map((a) => a.dataType),
    await collectBatches(rightSide.rows, tc),
  );
  const leftKeyEvals = node.leftKeys.map((k) => compileExpression(k, leftOutput, ctx));
  const rightKeyEvals = node.rightKeys.map((k) => compileExpression(k, rightOutput, ctx));
  const keysOf = (side: 'left' | 'right', rows: Batch): Vector[] =>
    (side === 'left' ? leftKeyEvals : rightKeyEvals).map((f) => f(rows));
  // A side to be sorted here, much larger than the other, first keeps only the rows whose keys the
  // other side holds, when its rows that match nothing are not output: TPC-H Q18 joins the 399
  // lineitem rows of its 57 large orders, and sorted all 6M to find them.
  if (
    rightSide.order !== null &&
    right.numRows >= PREFILTER_RATIO * left.numRows &&
    dropsUnmatched('right', joinType)
  )
    right = withPartnerKeys(right, keysOf('right', right), keysOf('left', left), node.nullSafe);
  else if (
    leftSide.order !== null &&
    left.numRows >= PREFILTER_RATIO * right.numRows &&
    dropsUnmatched('left', joinType)
  )
    left = withPartnerKeys(left, keysOf('left', left), keysOf('right', right), node.nullSafe);
  const nl = left.numRows;
  const nr = right.numRows;
  // Row order of each side: sorted position -> row (the identity when the input came sorted).
  const leftOrder = sortedOrder(left, leftSide, tc);
  const rightOrder = sortedOrder(right, rightSide, tc);
  // Indexed by row, not by sorted position.
  const leftMatched = new Uint8Array(nl);
  const rightMatched = new Uint8Array(nr);
  const existence = joinType === 'LeftSemi' || joinType === 'LeftAnti';
  const cond = compileJoinCondition(node.condition, leftOutput, rightOutput, ctx);

  const assemble = (li: Int32Array, ri: Int32Array, n: number): Batch => ({
    numRows: n,
    columns: [...left.columns.map((c) => gather(c, li, n)), ...right.columns.map((c) => gather(c, ri, n))],
  });

  /** Filters a chunk of key-matching pairs by the condition, records matches, returns the output rows. */
  const flush = (buf: PairBuffer): Batch | null => {
    let n = buf.count;
    buf.count = 0;
    if (n === 0) return null;
    let li: Int32Array = toRows(buf.left, n, leftOrder);
    let ri: Int32Array = toRows(buf.right, n, rightOrder);
    if (cond !== null) ({ li, ri, n } = passingPairs(cond, left, li, right, ri, n));
    for (let k = 0; k < n; k++) {
      leftMatched[li[k]!] = 1;
      rightMatched[ri[k]!] = 1;
    }
    return existence || n === 0 ? null : assemble(li, ri, n);
  };

  if (nl > 0 && nr > 0) {
    // The merge compares keys by sorted position.
    const inOrder = (v: Vector, order: Int32Array | null) =>
      order === null ? v : gather(v, order, order.length);
    const lk = keysOf('left', left).map((v) => inOrder(v, leftOrder));
    const rk = keysOf('right', right).map((v) => inOrder(v, rightOrder));
    const numeric = numericKeys(lk, rk);
    const cross = numeric?.cross ?? keyComparator(lk, rk);
    const sameLeft = numeric?.sameLeft ?? keyComparator(lk, lk);
    const sameRight = numeric?.sameRight ?? keyComparator(rk, rk);
    // A run whose key is NULL in a column compared with `=` matches nothing.
    const nullKeyAt = (i: number): boolean => {
      for (let c = 0; c < lk.length; c++) {
        if (node.nullSafe[c] === true) continue;
        const v = lk[c]!;
        if (v.type.kind === 'null' || (v.nulls !== null && v.nulls[i] === 1)) return true;
      }
      return false;
    };
    // Semi and anti joins without a condition only need to know which left rows have a partner; with
    // a comparison of a left and a right column, which have one that passes it (the first one found).
    const markOnly = existence && cond === null;
    const test = existence && cond?.comparison ? pairTest(cond.comparison, left, right) : null;
    const buf = new PairBuffer();
    // Where the merge stands: the next rows of each side, and the run of equal keys being paired
    // (rows i..runEndLeft-1 with j..runEndRight-1) from left row `resume` on, -1 when none is.
    let i = 0;
    let j = 0;
    let resume = -1;
    let runEndLeft = 0;
    let runEndRight = 0;
    /**
     * Merges until the pair buffer holds a batch (false) or the sides are done (true). (A function of
     * its own: V8 runs a row loop in a generator's body unoptimised.)
     */
    const mergeSome = (): boolean => {
      let ii = i;
      let jj = j;
      for (;;) {
        if (resume >= 0) {
          for (let a = resume; a < runEndLeft; a++) {
            // A semi or anti join is done with a left row once a pair of it passed the condition.
            if (existence && leftMatched[leftOrder === null ? a : leftOrder[a]!] === 1) continue;
            for (let b = jj; b < runEndRight; b++) buf.push(a, b);
            if (buf.count >= BATCH_SIZE) {
              resume = a + 1;
              i = ii;
              j = jj;
              return false;
            }
          }
          resume = -1;
          ii = runEndLeft;
          jj = runEndRight;
          continue;
        }
        if (ii >= nl || jj >= nr) break;
        const c = cross(ii, jj);
        if (c < 0) {
          ii++;
          continue;
        }
        if (c > 0) {
          jj++;
          continue;
        }
        let ie = ii + 1;
        while (ie < nl && sameLeft(ii, ie) === 0) ie++;
        let je = jj + 1;
        while (je < nr && sameRight(jj, je) === 0) je++;
        if (!nullKeyAt(ii)) {
          if (markOnly) {
            for (let a = ii; a < ie; a++) leftMatched[leftOrder === null ? a : leftOrder[a]!] = 1;
          } else if (test !== null) {
            for (let a = ii; a < ie; a++) {
              const l = leftOrder === null ? a : leftOrder[a]!;
              for (let b = jj; b < je; b++) {
                if (test(l, rightOrder === null ? b : rightOrder[b]!)) {
                  leftMatched[l] = 1;
                  break;
                }
              }
            }
          } else {
            resume = ii;
            runEndLeft = ie;
            runEndRight = je;
            continue;
          }
        }
        ii = ie;
        jj = je;
      }
      i = ii;
      j = jj;
      return true;
    };
    while (!mergeSome()) {
      const out = flush(buf);
      if (out !== null && out.numRows > 0) yield out;
    }
    const out = flush(buf);
    if (out !== null && out.numRows > 0) yield out;
  }

  // Rows of one side (where `flags` equals `want`), in chunks, with the other side's columns NULL.
  function* unmatched(
    side: 'left' | 'right',
    flags: Uint8Array,
    want: number,
    padded: boolean,
  ): Iterable<Batch> {
    const src = side === 'left' ? left : right;
    const order = side === 'left' ? leftOrder : rightOrder;
    // In sorted order, as a merge join's output is.
    const idx = rowsWhere(flags, want, flags.length, order);
    const count = idx.length;
    for (let s = 0; s < count; s += BATCH_SIZE) {
      const part = idx.subarray(s, Math.min(count, s + BATCH_SIZE));
      const n = part.length;
      const cols = src.columns.map((c) => gather(c, part, n));
      if (!padded) yield { numRows: n, columns: cols };
      else {
        const nullCols = (side === 'left' ? rightOutput : leftOutput).map((a) => allNull(a.dataType, n));
        yield { numRows: n, columns: side === 'left' ? [...cols, ...nullCols] : [...nullCols, ...cols] };
      }
    }
  }

  switch (joinType) {
    case 'LeftSemi':
      yield* unmatched('left', leftMatched, 1, false);
      return;
    case 'LeftAnti':
      yield* unmatched('left', leftMatched, 0, false);
      return;
    case 'LeftOuter':
      yield* unmatched('left', leftMatched, 0, true);
      return;
    case 'RightOuter':
      yield* unmatched('right', rightMatched, 0, true);
      return;
    case 'FullOuter':
      yield* unmatched('left', leftMatched, 0, true);
      yield* unmatched('right', rightMatched, 0, true);
      return;
    case 'Inner':
    case 'Cross':
      return;
    default:
      assertNever(joinType, 'join type');
  }
}

/** A side this many times the other's rows or more is filtered by the other's keys before its sort. */
const PREFILTER_RATIO = 4;

/** Whether the join drops the rows of this side that match no row of the other. */
function dropsUnmatched(side: 'left' | 'right', t: JoinType): boolean {
  switch (t) {
    case 'Inner':
    case 'Cross':
    case 'LeftSemi':
      return true;
    case 'LeftAnti':
    case 'LeftOuter':
      return side === 'right';
    case 'RightOuter':
      return side === 'left';
    case 'FullOuter':
      return false;
    default:
      return assertNever(t, 'join type');
  }
}

/**
 * The rows of `rows` whose keys (`keys`) are among `otherKeys`, in order; `rows` as it is when a key
 * is null-safe or stored differently on the two sides. A NULL key (not null-safe) matches nothing.
 */
function withPartnerKeys(
  rows: Batch,
  keys: readonly Vector[],
  otherKeys: readonly Vector[],
  nullSafe: readonly boolean[],
): Batch {
  if (nullSafe.some((x) => x) || keys.some((k, c) => !sameKeyStorage(k.type, otherKeys[c]!.type)))
    return rows;
  const m = otherKeys[0]?.length ?? 0;
  if (m === 0) return gatherBatch(rows, new Int32Array(0), 0);
  const select = keyFilterOf(
    otherKeys,
    nullKeyRows(otherKeys, nullSafe, m),
    m,
    otherKeys.map((k) => k.type),
    true,
  );
  const n = rows.numRows;
  const kept = new Int32Array(n);
  const count = select(keys, n, nullKeyRows(keys, nullSafe, n), kept);
  return count === n ? rows : gatherBatch(rows, kept, count);
}

/** The side's rows in key order (null: already in order). */
function sortedOrder(rows: Batch, side: MergeJoinSide, tc: TaskContext): Int32Array | null {
  if (side.order === null || rows.numRows === 0) return null;
  return sortIndices(rows, compileOrder(side.order, side.output, tc.eval));
}

/** Sorted positions 0..n-1 of a pair buffer as row indexes (in place: the buffer is refilled after). */
function toRows(positions: Int32Array, n: number, order: Int32Array | null): Int32Array {
  const out = positions.subarray(0, n);
  if (order !== null) for (let k = 0; k < n; k++) out[k] = order[out[k]!]!;
  return out;
}
