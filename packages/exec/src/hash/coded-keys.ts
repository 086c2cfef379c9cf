// Key ids for rows whose key columns all have few values that make small codes: dictionary strings (a
// cached table's columns of few values, TPC-H's l_returnflag and l_linestatus) and ints within a small
// range (H2O's id4 and id5, 1..100). Each row's codes make one small number, each number seen in the
// batch is looked up in the table once, and the rows take their ids from those. Hashing and comparing
// a string per row and column was a third of TPC-H Q1's time; probing an int a row, a quarter of H2O q4's.

import type { Vector } from '@flint/common';
import { gather } from '../eval/vectors.js';

/**
 * Most code combinations (NULL counting as one more code per column) looked up this way; a batch
 * must also have at least four rows per combination.
 */
const MAX_COMBINATIONS = 1 << 16;

/** Looks up (or adds) plain key columns, as KeyTable's own path does. */
type LookUp = (keys: readonly Vector[], numRows: number, out: Int32Array) => Int32Array;

/** A key column's codes: row i's is `codes[i] - base` (NULL: `size - 1`), below `size`. */
interface ColumnCodes {
  readonly codes: Int32Array;
  readonly base: number;
  readonly size: number;
}

/** The codes of a dictionary column, or of an int column whose values span a range below `limit`. */
function columnCodes(k: Vector, numRows: number, limit: number): ColumnCodes | null {
  if (k.dictionary !== undefined) {
    return { codes: k.dictionary.codes, base: 0, size: k.dictionary.values.length + 1 };
  }
  const values = k.values;
  if (!(values instanceof Int32Array)) return null;
  const nulls = k.nulls;
  let min = 2 ** 31;
  let max = -(2 ** 31);
  for (let i = 0; i < numRows; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    const x = values[i]!;
    if (x < min) min = x;
    if (x > max) max = x;
    if (max - min >= limit) return null;
  }
  return { codes: values, base: min > max ? 0 : min, size: min > max ? 1 : max - min + 2 };
}

/**
 * Ids of rows 0..numRows-1 into `out`, looking up each distinct combination of codes once with
 * `lookUp` (on one representative row, in order of first appearance, so ids are given as row by row);
 * null when a key column has no codes or the combinations are too many to pay off.
 */
export function codedKeyIds(
  keys: readonly Vector[],
  numRows: number,
  out: Int32Array,
  lookUp: LookUp,
): Int32Array | null {
  const limit = Math.min(MAX_COMBINATIONS, numRows >> 2);
  let combinations = 1;
  const columns: ColumnCodes[] = [];
  for (const k of keys) {
    const c = columnCodes(k, numRows, Math.floor(limit / combinations));
    if (c === null) return null;
    combinations *= c.size;
    if (combinations > limit) return null;
    columns.push(c);
  }
  // out[i] = the row's combination: the sum of each column's code (NULL: its last code) times the
  // product of the sizes of the columns before it. The last column's pass also notes the first row
  // of each combination, in row order.
  const idOf = new Int32Array(combinations).fill(-1);
  const firstRows: number[] = [];
  let scale = 1;
  for (let c = 0; c < keys.length; c++) {
    const { codes, base, size } = columns[c]!;
    const nulls = keys[c]!.nulls;
    const nullCode = size - 1;
    const last = c === keys.length - 1;
    for (let i = 0; i < numRows; i++) {
      const code = nulls !== null && nulls[i] === 1 ? nullCode : codes[i]! - base;
      const combination = (c === 0 ? 0 : out[i]!) + code * scale;
      out[i] = combination;
      if (last && idOf[combination] === -1) {
        idOf[combination] = -2;
        firstRows.push(i);
      }
    }
    scale *= size;
  }
  const representatives = keys.map((k) =>
    k.dictionary !== undefined ? plainRows(k, firstRows) : gather(k, firstRows),
  );
  const ids = lookUp(representatives, firstRows.length, new Int32Array(firstRows.length));
  firstRows.forEach((row, r) => (idOf[out[row]!] = ids[r]!));
  for (let i = 0; i < numRows; i++) out[i] = idOf[out[i]!]!;
  return out;
}

/** The rows of a dictionary column as a plain string vector. */
export function plainRows(k: Vector, rows: readonly number[]): Vector {
  const { values, codes } = k.dictionary!;
  const nulls = k.nulls === null ? null : Uint8Array.from(rows, (i) => k.nulls![i]!);
  return {
    type: k.type,
    length: rows.length,
    values: rows.map((i) => values[codes[i]!] ?? ''),
    nulls: nulls !== null && nulls.includes(1) ? nulls : null,
  };
}

/** Most values of a dictionary whose codes' ids a table keeps (dictionaryIds). */
const MAX_KEPT_DICTIONARY = 1 << 22;

/**
 * The ids of one dictionary column's codes, kept from batch to batch while the batches share the
 * dictionary (a cached partition's do): -1 for a code not looked up yet, or absent from the table.
 */
export interface DictionaryIds {
  readonly values: readonly string[];
  /** Per code, then one more for NULL. */
  readonly ids: Int32Array;
}

/**
 * Ids of rows 0..numRows-1 of a single dictionary key column into `out`, each code looked up with
 * `lookUp` only the first time a batch has it (NULL as one more code); null when the dictionary is
 * too large to keep ids for. `kept` is what the table remembers of the dictionary it last saw.
 */
export function dictionaryIds(
  k: Vector,
  numRows: number,
  out: Int32Array,
  kept: DictionaryIds | null,
  lookUp: LookUp,
): DictionaryIds | null {
  const d = k.dictionary;
  if (d === undefined || d.values.length > MAX_KEPT_DICTIONARY) return null;
  const known =
    kept !== null && kept.values === d.values
      ? kept
      : { values: d.values, ids: new Int32Array(d.values.length + 1).fill(-1) };
  const ids = known.ids;
  const nullCode = d.values.length;
  const nulls = k.nulls;
  const codes = d.codes;
  const firstRows: number[] = [];
  for (let i = 0; i < numRows; i++) {
    const code = nulls !== null && nulls[i] === 1 ? nullCode : codes[i]!;
    out[i] = code;
    // -2: to be looked up in this batch.
    if (ids[code] === -1) {
      ids[code] = -2;
      firstRows.push(i);
    }
  }
  if (firstRows.length > 0) {
    const found = lookUp([plainRows(k, firstRows)], firstRows.length, new Int32Array(firstRows.length));
    firstRows.forEach((row, r) => (ids[out[row]!] = found[r]!));
  }
  for (let i = 0; i < numRows; i++) out[i] = ids[out[i]!]!;
  return known;
}
