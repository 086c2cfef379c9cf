// A join condition that compares a left column with a right one (TPC-H Q21's
// l2.l_suppkey <> l1.l_suppkey, for its EXISTS and NOT EXISTS) tested on the pairs' row indexes:
// no gathered columns and no boolean vector. Evaluating it through gathered pairs was a third of Q21.

import type { Batch, DataType } from '@flint/common';
import type { AttributeRef, ComparisonOp, Expr } from '@flint/planner';
import { flipComparison, outcomes } from '../eval/comparison.js';
import { int32View } from '../eval/vectors.js';

export interface PairComparison {
  /**
   * `left[leftColumn] op right[rightColumn]`, or its negation when `negated` (NOT a = b); the columns
   * by position in their own side's output.
   */
  readonly op: ComparisonOp;
  readonly negated: boolean;
  readonly leftColumn: number;
  readonly rightColumn: number;
  /** The columns' storage: Int32Array, or BigInt64Array read as 32-bit words. */
  readonly wide: boolean;
}

/** 32-bit ints and dates; 64-bit longs and decimals of at most 18 digits (unscaled, one scale). */
function storage(t: DataType): 'narrow' | 'wide' | null {
  switch (t.kind) {
    case 'integer':
    case 'date':
      return 'narrow';
    case 'long':
      return 'wide';
    case 'decimal':
      return t.precision <= 18 ? 'wide' : null;
    default:
      return null;
  }
}

const sameType = (a: DataType, b: DataType): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The condition as a comparison of a left column with a right one of the same type, or null. */
export function pairComparison(
  condition: Expr,
  leftOutput: readonly AttributeRef[],
  rightOutput: readonly AttributeRef[],
): PairComparison | null {
  const negated = condition.kind === 'Not';
  const c = condition.kind === 'Not' ? condition.child : condition;
  if (c.kind !== 'Comparison' || c.op === 'EqualNullSafe' || (negated && c.op !== 'EqualTo')) return null;
  const { left: a, right: b } = c;
  if (a.kind !== 'AttributeReference' || b.kind !== 'AttributeReference') return null;
  if (!sameType(a.dataType, b.dataType)) return null;
  const kind = storage(a.dataType);
  if (kind === null) return null;
  const inLeft = (id: number) => leftOutput.findIndex((x) => x.id === id);
  const inRight = (id: number) => rightOutput.findIndex((x) => x.id === id);
  const wide = kind === 'wide';
  if (inLeft(a.id) >= 0 && inRight(b.id) >= 0 && inRight(a.id) < 0 && inLeft(b.id) < 0)
    return { op: c.op, negated, leftColumn: inLeft(a.id), rightColumn: inRight(b.id), wide };
  if (inLeft(b.id) >= 0 && inRight(a.id) >= 0 && inRight(b.id) < 0 && inLeft(a.id) < 0)
    return { op: flipComparison(c.op), negated, leftColumn: inLeft(b.id), rightColumn: inRight(a.id), wide };
  return null;
}

/** Whether row i of `left` and row j of `right` pass the comparison (NULL on either side does not). */
export type PairTest = (i: number, j: number) => boolean;

export function pairTest(cmp: PairComparison, left: Batch, right: Batch): PairTest {
  const lv = left.columns[cmp.leftColumn]!;
  const rv = right.columns[cmp.rightColumn]!;
  const ln = lv.nulls;
  const rn = rv.nulls;
  // Indexed by the sign of left - right, plus one.
  const table = cmp.negated ? outcomes(cmp.op).map((x) => 1 - x) : outcomes(cmp.op);
  if (cmp.wide) {
    const lw = int32View(lv.values as BigInt64Array);
    const rw = int32View(rv.values as BigInt64Array);
    return (i, j) => {
      if ((ln !== null && ln[i] === 1) || (rn !== null && rn[j] === 1)) return false;
      const hl = lw[2 * i + 1]!;
      const hr = rw[2 * j + 1]!;
      const ll = lw[2 * i]! >>> 0;
      const lr = rw[2 * j]! >>> 0;
      // The sign of the 64-bit difference: the high words (signed), then the low words (unsigned).
      const sign = hl !== hr ? (hl < hr ? -1 : 1) : ll !== lr ? (ll < lr ? -1 : 1) : 0;
      return table[sign + 1] === 1;
    };
  }
  const lx = lv.values as Int32Array;
  const rx = rv.values as Int32Array;
  return (i, j) => {
    if ((ln !== null && ln[i] === 1) || (rn !== null && rn[j] === 1)) return false;
    const x = lx[i]!;
    const y = rx[j]!;
    return table[(x > y ? 1 : 0) - (x < y ? 1 : 0) + 1] === 1;
  };
}

/** Writes to `keep` the pairs k < n (rows li[k] of left, ri[k] of right) that pass; returns how many. */
export function comparePairs(
  cmp: PairComparison,
  left: Batch,
  li: Int32Array,
  right: Batch,
  ri: Int32Array,
  n: number,
  keep: Int32Array,
): number {
  const test = pairTest(cmp, left, right);
  let k = 0;
  for (let p = 0; p < n; p++) if (test(li[p]!, ri[p]!)) keep[k++] = p;
  return k;
}
