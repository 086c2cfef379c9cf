// Key ids for rows whose key columns are all dictionary strings (a cached table's columns of few values,
// TPC-H's l_returnflag and l_linestatus): each row's codes make one small number, each number seen in
// the batch is looked up in the table once, and the rows take their ids from those. Hashing and
// comparing a string per row and column was a third of TPC-H Q1's time.

import type { Vector } from '@flint/common';

/**
 * Most code combinations (NULL counting as one more code per column) looked up this way; a batch
 * must also have at least four rows per combination.
 */
const MAX_COMBINATIONS = 1 << 16;

/** Looks up (or adds) plain key columns, as KeyTable's own path does. */
type LookUp = (keys: readonly Vector[], numRows: number, out: Int32Array) => Int32Array;

/**
 * Ids of rows 0..numRows-1 into `out`, looking up each distinct combination of codes once with
 * `lookUp` (on one representative row, in order of first appearance, so ids are given as row by row);
 * null when a key column has no dictionary or the combinations are too many to pay off.
 */
export function dictionaryKeyIds(
  keys: readonly Vector[],
  numRows: number,
  out: Int32Array,
  lookUp: LookUp,
): Int32Array | null {
  let combinations = 1;
  for (const k of keys) {
    if (k.dictionary === undefined) return null;
    combinations *= k.dictionary.values.length + 1;
    if (combinations > MAX_COMBINATIONS || combinations > numRows >> 2) return null;
  }
  // out[i] = the row's combination: the sum of each column's code (NULL: the dictionary's size) times
  // the product of the sizes of the columns before it. The last column's pass also notes the first row
  // of each combination, in row order.
  const idOf = new Int32Array(combinations).fill(-1);
  const firstRows: number[] = [];
  let scale = 1;
  for (let c = 0; c < keys.length; c++) {
    const k = keys[c]!;
    const { values, codes } = k.dictionary!;
    const nulls = k.nulls;
    const nullCode = values.length;
    const last = c === keys.length - 1;
    for (let i = 0; i < numRows; i++) {
      const code = nulls !== null && nulls[i] === 1 ? nullCode : codes[i]!;
      const combination = (c === 0 ? 0 : out[i]!) + code * scale;
      out[i] = combination;
      if (last && idOf[combination] === -1) {
        idOf[combination] = -2;
        firstRows.push(i);
      }
    }
    scale *= nullCode + 1;
  }
  const representatives = keys.map((k) => plainRows(k, firstRows));
  const ids = lookUp(representatives, firstRows.length, new Int32Array(firstRows.length));
  firstRows.forEach((row, r) => (idOf[out[row]!] = ids[r]!));
  for (let i = 0; i < numRows; i++) out[i] = idOf[out[i]!]!;
  return out;
}

/** The rows of a dictionary column as a plain string vector. */
function plainRows(k: Vector, rows: readonly number[]): Vector {
  const { values, codes } = k.dictionary!;
  const nulls = k.nulls === null ? null : Uint8Array.from(rows, (i) => k.nulls![i]!);
  return {
    type: k.type,
    length: rows.length,
    values: rows.map((i) => values[codes[i]!] ?? ''),
    nulls: nulls !== null && nulls.includes(1) ? nulls : null,
  };
}
