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
  /** The dictionary the codes index (null for an int column's values less `base`). */
  readonly dictionary: readonly string[] | null;
}

/** Ids of combinations of codes kept from batch to batch (see codedKeyIds). */
export interface KeptCombinations {
  readonly columns: readonly ColumnCodes[];
  /** Per combination: its id, or -1 when not looked up yet (or absent from the table). */
  readonly ids: Int32Array;
}

/**
 * The codes of a dictionary column, or of an int column whose values span a range below `limit`
 * (numbered as `kept` numbers them when its range holds this batch's, so kept ids still apply).
 */
function columnCodes(
  k: Vector,
  numRows: number,
  limit: number,
  kept: ColumnCodes | undefined,
): ColumnCodes | null {
  if (k.dictionary !== undefined) {
    const dictionary = k.dictionary.values;
    return { codes: k.dictionary.codes, base: 0, size: dictionary.length + 1, dictionary };
  }
  const values = k.values;
  if (!(values instanceof Int32Array)) return null;
  const range = valueRange(values, k.nulls, numRows, limit);
  if (range === null) return null;
  const [min, max] = range;
  const inKept =
    kept !== undefined && kept.dictionary === null && kept.base <= min && max <= kept.base + kept.size - 2;
  if (inKept || (kept?.dictionary === null && min > max)) return { ...kept!, codes: values };
  return { codes: values, base: min > max ? 0 : min, size: min > max ? 1 : max - min + 2, dictionary: null };
}

/**
 * The least and greatest of an int column's non-NULL rows (min > max when there are none); null as
 * soon as they are `limit` or more apart.
 */
function valueRange(
  values: Int32Array,
  nulls: Uint8Array | null,
  numRows: number,
  limit: number,
): [number, number] | null {
  let min = 2 ** 31;
  let max = -(2 ** 31);
  for (let i = 0; i < numRows; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    const x = values[i]!;
    if (x < min) min = x;
    if (x > max) max = x;
    if (max - min >= limit) return null;
  }
  return [min, max];
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
  keep: { combinations: KeptCombinations | null } | null = null,
): Int32Array | null {
  const limit = Math.min(MAX_COMBINATIONS, numRows >> 2);
  let combinations = 1;
  const columns: ColumnCodes[] = [];
  const kept = keep?.combinations ?? null;
  for (const [i, k] of keys.entries()) {
    const c = columnCodes(k, numRows, Math.floor(limit / combinations), kept?.columns[i]);
    if (c === null) return null;
    combinations *= c.size;
    if (combinations > limit) return null;
    columns.push(c);
  }
  // Columns coded as before (the same dictionaries, ints within the same range) number their
  // combinations the same way: the ids found in earlier batches are kept, as keptKeyIds keeps one
  // column's.
  const same =
    kept !== null &&
    columns.every((col, c) => {
      const k = kept.columns[c]!;
      return col.dictionary === k.dictionary && col.base === k.base && col.size === k.size;
    });
  const idOf = same ? kept.ids : new Int32Array(combinations).fill(-1);
  if (keep !== null) keep.combinations = { columns, ids: idOf };
  // out[i] = the row's combination: the sum of each column's code (NULL: its last code) times the
  // product of the sizes of the columns before it. The last column's pass also notes the first row
  // of each combination, in row order.
  const firstRows: number[] = [];
  let scale = 1;
  for (let c = 0; c < keys.length; c++) {
    const last = c === keys.length - 1;
    addCodes(columns[c]!, keys[c]!.nulls, scale, c === 0, last ? idOf : null, firstRows, out, numRows);
    scale *= columns[c]!.size;
  }
  if (firstRows.length > 0) {
    const ids = lookUpRows(keys, firstRows, lookUp);
    // (-1 where a find did not find the key: looked up again in a later batch.)
    firstRows.forEach((row, r) => (idOf[out[row]!] = ids[r]!));
  }
  idsOfCombinations(out, idOf, numRows);
  return out;
}

// The row loops of codedKeyIds and keptIdsOf are functions of their own (docs/architecture.md on row
// loops): code after them in the same function deoptimized on every batch.

/**
 * Adds column `col`'s codes times `scale` to each row's combination in `out` (the first column sets
 * it). The last column passes `idOf`: a combination not looked up yet (-1) is marked -2 and its row
 * noted in `firstRows`.
 */
function addCodes(
  col: ColumnCodes,
  nulls: Uint8Array | null,
  scale: number,
  first: boolean,
  idOf: Int32Array | null,
  firstRows: number[],
  out: Int32Array,
  numRows: number,
): void {
  const { codes, base } = col;
  const nullCode = col.size - 1;
  for (let i = 0; i < numRows; i++) {
    const code = nulls !== null && nulls[i] === 1 ? nullCode : codes[i]! - base;
    const combination = (first ? 0 : out[i]!) + code * scale;
    out[i] = combination;
    if (idOf !== null && idOf[combination] === -1) {
      idOf[combination] = -2;
      firstRows.push(i);
    }
  }
}

/**
 * The ids of rows without NULLs whose codes are all in range and looked up already (after a table's
 * first batches, nearly always): one load a row and no branch on it, any miss (a negative id, or
 * -1 for a code out of range) seen once at the end: the ids OR-ed together, negative then, and `out`
 * is rewritten by the caller. (The caller tests it: a test after the loop, with no type feedback when
 * V8 compiled the loop mid-way, deoptimized there; docs/architecture.md on row loops.)
 */
function idsOfKnownCodes(
  codes: Int32Array,
  ids: Int32Array,
  base: number,
  nullCode: number,
  out: Int32Array,
  numRows: number,
): number {
  let missed = 0;
  for (let i = 0; i < numRows; i++) {
    const code = (codes[i]! - base) >>> 0;
    const id = code < nullCode ? ids[code]! : -1;
    out[i] = id;
    missed |= id;
  }
  return missed;
}

/** Each row's combination in `out` replaced by its id. */
function idsOfCombinations(out: Int32Array, idOf: Int32Array, numRows: number): void {
  for (let i = 0; i < numRows; i++) out[i] = idOf[out[i]!]!;
}

/** Each waiting row of `out` (-3 - code) given its code's id. */
function idsOfWaiting(out: Int32Array, ids: Int32Array, numRows: number): void {
  for (let i = 0; i < numRows; i++) if (out[i]! < 0) out[i] = ids[-3 - out[i]!]!;
}

/** The ids of the keys at `rows` (one row of each code or combination new to the batch). */
function lookUpRows(keys: readonly Vector[], rows: readonly number[], lookUp: LookUp): Int32Array {
  return lookUp(
    keys.map((k) => plainRows(k, rows)),
    rows.length,
    new Int32Array(rows.length),
  );
}

/** The rows of a key column as a plain vector (a dictionary's as strings), to look up. */
function plainRows(k: Vector, rows: readonly number[]): Vector {
  if (k.dictionary === undefined) return gather(k, rows);
  const { values, codes } = k.dictionary;
  const nulls = k.nulls === null ? null : Uint8Array.from(rows, (i) => k.nulls![i]!);
  return {
    type: k.type,
    length: rows.length,
    values: rows.map((i) => values[codes[i]!] ?? ''),
    nulls: nulls !== null && nulls.includes(1) ? nulls : null,
  };
}

/** Most codes (dictionary values, or ints of a range) whose ids a table keeps (keptKeyIds). */
const MAX_KEPT_CODES = 1 << 22;
/** Int keys are kept when their range is at most this, or at most four times a batch's rows. */
const MIN_KEPT_INT_RANGE = 1 << 16;

/**
 * The ids of one key column's codes, kept from batch to batch: a dictionary's codes while the batches
 * share it (a cached partition's do), or an int column's values less `base` while they stay within
 * a range of a few times a batch (H2O's id6, 10^5 values). Per code, then one more for NULL: the
 * id, or -1 when not looked up yet (or absent from the table).
 */
export interface KeptIds {
  /** The dictionary the codes index; null for int keys. */
  readonly values: readonly string[] | null;
  readonly base: number;
  readonly ids: Int32Array;
}

/** The widest range of int keys kept alongside a batch of `numRows` rows. */
function keptIntRangeLimit(numRows: number): number {
  return Math.min(MAX_KEPT_CODES, Math.max(MIN_KEPT_INT_RANGE, 4 * numRows));
}

/** The kept ids for an int column whose rows span [min, max]: `kept` grown to cover it, or null. */
function keptInts(kept: KeptIds | null, min: number, max: number, numRows: number): KeptIds | null {
  const old = kept !== null && kept.values === null ? kept : null;
  if (old !== null && old.base <= min && max - old.base < old.ids.length - 1) return old;
  const lo = old === null ? min : Math.min(old.base, min);
  const hi = old === null ? max : Math.max(old.base + old.ids.length - 2, max);
  const range = hi - lo + 1;
  if (range > keptIntRangeLimit(numRows)) return null;
  const ids = new Int32Array(range + 1).fill(-1);
  if (old !== null) {
    ids.set(old.ids.subarray(0, old.ids.length - 1), old.base - lo);
    ids[range] = old.ids[old.ids.length - 1]!;
  }
  return { values: null, base: lo, ids };
}

/**
 * Ids of rows 0..numRows-1 of a single key column into `out`, each code looked up with `lookUp` only
 * the first time a batch has it (NULL as one more code, so ids are given in order of first appearance
 * as row by row); null when the column has no codes to keep (not a dictionary or an int column, or too
 * many). `kept` is what the table remembers from earlier batches; the result is what it keeps next.
 */
export function keptKeyIds(
  k: Vector,
  numRows: number,
  out: Int32Array,
  kept: KeptIds | null,
  lookUp: LookUp,
): KeptIds | null {
  const d = k.dictionary;
  const nulls = k.nulls;
  let known: KeptIds | null;
  let codes: Int32Array;
  if (d !== undefined) {
    if (d.values.length > MAX_KEPT_CODES) return null;
    known =
      kept !== null && kept.values === d.values
        ? kept
        : { values: d.values, base: 0, ids: new Int32Array(d.values.length + 1).fill(-1) };
    codes = d.codes;
  } else if (k.values instanceof Int32Array) {
    codes = k.values;
    // Ints within the kept range (the usual case after the first batches) need no scan of their own.
    if (kept !== null && kept.values === null && keptIdsOf(k, codes, numRows, out, kept, lookUp)) return kept;
    // A batch whose own range is too wide cannot be kept (a kept range covers it).
    const range = valueRange(codes, nulls, numRows, keptIntRangeLimit(numRows));
    if (range === null) return null;
    const [min, max] = range;
    known =
      min > max
        ? (kept ?? { values: null, base: 0, ids: Int32Array.of(-1, -1) })
        : keptInts(kept, min, max, numRows);
    if (known === null) return null;
  } else return null;
  keptIdsOf(k, codes, numRows, out, known, lookUp);
  return known;
}

/**
 * The ids of a key column's rows by their codes (`codes[i] - known.base`, NULL the last code) into
 * `out`, codes not seen yet looked up once each, in order of first appearance. False, with nothing
 * changed in `known`, when an int row falls outside its range.
 */
function keptIdsOf(
  k: Vector,
  codes: Int32Array,
  numRows: number,
  out: Int32Array,
  known: KeptIds,
  lookUp: LookUp,
): boolean {
  const { ids } = known;
  const firstRows: number[] = [];
  const found = knownIds(codes, k.nulls, known, firstRows, out, numRows);
  if (found === -1) return false;
  if (found === 1) return true;
  const looked = lookUpRows([k], firstRows, lookUp);
  firstRows.forEach((row, r) => (ids[-3 - out[row]!] = looked[r]!));
  idsOfWaiting(out, ids, numRows);
  return true;
}

/**
 * keptIdsOf's pass over the rows: 1 when every row's id is known (in `out`), 0 when some wait (as
 * -3 - code, their first rows in `firstRows`), -1 when an int row falls outside the range (nothing
 * changed in `known`).
 */
function knownIds(
  codes: Int32Array,
  nulls: Uint8Array | null,
  known: KeptIds,
  firstRows: number[],
  out: Int32Array,
  numRows: number,
): number {
  const { ids, base } = known;
  const nullCode = ids.length - 1;
  if (nulls === null && idsOfKnownCodes(codes, ids, base, nullCode, out, numRows) >= 0) return 1;
  let pending = false;
  for (let i = 0; i < numRows; i++) {
    let code = nullCode;
    if (nulls === null || nulls[i] !== 1) {
      code = codes[i]! - base;
      if (code < 0 || code >= nullCode) {
        // (Only ints can; the marks made so far are undone.)
        for (const row of firstRows) ids[-3 - out[row]!] = -1;
        return -1;
      }
    }
    const id = ids[code]!;
    if (id >= 0) {
      out[i] = id;
      continue;
    }
    // -1: not seen yet, looked up in this batch (-2 from then on); the row's code waits as -3 - code.
    if (id === -1) {
      ids[code] = -2;
      firstRows.push(i);
    }
    out[i] = -3 - code;
    pending = true;
  }
  return pending ? 0 : 1;
}
