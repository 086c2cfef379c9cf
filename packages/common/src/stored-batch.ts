// Batches kept in memory for a long time (cached tables): a string column whose values are nearly all
// different is packed into one string and row offsets, one of few distinct values is kept as those
// values and one code per row. Held as one JS string per row, a cached table's comments, names and
// addresses were millions of heap objects that every full garbage collection marks again, and even
// a column of few values (its rows decoded from Parquet as separate strings, or a pointer per row to
// shared ones) cost a pointer per row to mark: a cached TPC-H SF 1 lineitem made each full collection
// take a second. Each query's fresh typed arrays trigger such collections (V8 counts their bytes as
// external memory), on the thread that schedules tasks and on V8's helper threads, which compete with
// the workers for the cores. A scan unpacks only the columns it reads.

import {
  dictionaryVector,
  packedChars,
  packedOffsets,
  packedVector,
  rebasedOffsets,
  stringAt,
  charRangeEquals,
  hashCharRange,
  type Batch,
  type PackedChars,
  type Vector,
} from './batch.js';
import type { DataType } from './data-type.js';

export interface PackedStrings {
  readonly type: DataType;
  readonly length: number;
  readonly nulls: Uint8Array | null;
  /** The rows' strings one after another; row i is chars.substring(offsets[i], offsets[i + 1]). */
  readonly chars: string;
  readonly offsets: Int32Array;
}

/** A string column of few distinct values: row i is dictionary[codes[i]] (NULL rows: code 0). */
export interface DictionaryStrings {
  readonly type: DataType;
  readonly length: number;
  readonly nulls: Uint8Array | null;
  readonly dictionary: readonly string[];
  readonly codes: Int32Array;
}

export type StoredColumn = Vector | PackedStrings | DictionaryStrings;

export interface StoredBatch {
  readonly numRows: number;
  readonly columns: readonly StoredColumn[];
}

export function isPackedStrings(c: StoredColumn): c is PackedStrings {
  return 'chars' in c;
}

export function isDictionaryStrings(c: StoredColumn): c is DictionaryStrings {
  return 'codes' in c;
}

// Rows looked at to tell a column of few values (kept as a dictionary) from one of mostly distinct
// values (packed).
const SAMPLE_ROWS = 1024;
const DISTINCT_SHARE = 0.5;
// Under this many rows a column stays as it is; a packed string must stay below V8's string length limit.
const MIN_ROWS = 256;
const MAX_CHARS = 1 << 28;

/** Whether most of a sample of the column's strings are different (packing then saves one object per row). */
export function mostlyDistinct(v: Vector): boolean {
  const step = Math.max(1, Math.floor(v.length / SAMPLE_ROWS));
  const seen = new Set<string>();
  let sampled = 0;
  for (let i = 0; i < v.length; i += step) {
    seen.add(stringAt(v, i));
    sampled++;
  }
  return seen.size > sampled * DISTINCT_SHARE;
}

/** A string column as one string and row offsets; null when the rows' total length is too long. */
export function packStrings(v: Vector): PackedStrings | null {
  if (v.packed?.contiguous === true) return packedStringsOf(v, v.packed);
  const strings = v.values as string[];
  const offsets = new Int32Array(v.length + 1);
  const total = rowOffsets(strings, v.length, offsets);
  if (total > MAX_CHARS) return null;
  const chars = strings.length === v.length ? strings.join('') : strings.slice(0, v.length).join('');
  return { type: v.type, length: v.length, nulls: v.nulls, chars, offsets };
}

/** A vector over contiguous packed characters as PackedStrings: its own rows' characters, offsets from 0. */
function packedStringsOf(v: Vector, p: PackedChars): PackedStrings {
  const n = v.length;
  const bounds = packedOffsets(p, n);
  const from = bounds[0]!;
  const to = bounds[n]!;
  const chars = from === 0 && to === p.chars.length ? p.chars : p.chars.substring(from, to);
  return { type: v.type, length: n, nulls: v.nulls, chars, offsets: rebasedOffsets(bounds) };
}

/**
 * offsets[i + 1]: the length of rows 0..i together; returns the total. (A function of its own, as
 * docs/architecture.md asks of row loops: after the loop in packStrings, V8 deoptimized every column.)
 */
function rowOffsets(strings: readonly (string | undefined)[], n: number, offsets: Int32Array): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += (strings[i] ?? '').length;
    offsets[i + 1] = total;
  }
  return total;
}

/**
 * A string column as its distinct values and one code per row; null when more than a quarter of the
 * rows are distinct (the sample missed them: the column is packed instead).
 */
export function dictionaryEncode(v: Vector): DictionaryStrings | null {
  const dictionary: string[] = [];
  const codes = encodeInto(v, new Map(), dictionary, Math.max(16, v.length >> 2));
  return codes === null ? null : { type: v.type, length: v.length, nulls: v.nulls, dictionary, codes };
}

/**
 * The codes of a string column's rows, adding its new values to `dictionary` (and `index`); null
 * when the dictionary would pass `limit` values.
 */
function encodeInto(
  v: Vector,
  index: Map<string, number>,
  dictionary: string[],
  limit: number,
): Int32Array | null {
  if (v.packed !== undefined) return encodePackedInto(v.packed, v.length, index, dictionary, limit);
  const codes = new Int32Array(v.length);
  let last: string | undefined;
  let lastCode = 0;
  for (let i = 0; i < v.length; i++) {
    const x = stringAt(v, i);
    // Runs of one value (sorted or clustered data) skip the lookup.
    if (x !== last) {
      let code = index.get(x);
      if (code === undefined) {
        if (dictionary.length === limit) return null;
        code = dictionary.length;
        index.set(x, code);
        dictionary.push(x);
      }
      last = x;
      lastCode = code;
    }
    codes[i] = lastCode;
  }
  return codes;
}

/**
 * encodeInto for packed rows, which are looked up by a hash of their characters, compared with the
 * dictionary's values where the hash matches: a string is made only for a value first seen here (a
 * cached lineitem's flags and modes made a string for each of their 6M rows, 450 MB of garbage that
 * a full collection then met in the middle of a query).
 */
function encodePackedInto(
  { chars, starts, ends }: PackedChars,
  n: number,
  index: Map<string, number>,
  dictionary: string[],
  limit: number,
): Int32Array | null {
  const codes = new Int32Array(n);
  // The codes of the values met here by the hash of their characters (a few values: no collisions
  // to speak of, and those compared away).
  const byHash = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const from = starts[i]!;
    const to = ends[i]!;
    const h = hashCharRange(chars, from, to);
    let candidates = byHash.get(h);
    let code = -1;
    if (candidates !== undefined)
      for (const k of candidates) if (charRangeEquals(chars, from, to, dictionary[k]!)) code = k;
    if (code < 0) {
      const x = chars.substring(from, to);
      code = index.get(x) ?? -1;
      if (code < 0) {
        if (dictionary.length === limit) return null;
        code = dictionary.length;
        index.set(x, code);
        dictionary.push(x);
      }
      if (candidates === undefined) byHash.set(h, (candidates = []));
      candidates.push(code);
    }
    codes[i] = code;
  }
  return codes;
}

/**
 * A long string column packed when its values are mostly distinct, as a dictionary when they are
 * few (or already are); other columns as they are.
 */
export function packColumn(v: Vector): StoredColumn {
  // Already a dictionary (what a scan of a cached column gives): kept so, whatever its length.
  const d = v.dictionary;
  if (d !== undefined) {
    const codes = d.codes.length === v.length ? d.codes : d.codes.slice(0, v.length);
    return { type: v.type, length: v.length, nulls: v.nulls, dictionary: d.values, codes };
  }
  if (v.type.kind !== 'string' || v.length < MIN_ROWS) return v;
  if (!mostlyDistinct(v)) return dictionaryEncode(v) ?? packStrings(v) ?? v;
  return packStrings(v) ?? v;
}

export function packBatch(b: Batch): StoredBatch {
  return { numRows: b.numRows, columns: b.columns.map(packColumn) };
}

// A partition's string column is tried as one dictionary for all its batches when a sample of this
// many of its rows repeats values (more than PARTITION_SAMPLE_REPEATS of them), and kept so when its
// distinct values are at most a quarter of its rows.
const PARTITION_SAMPLE_ROWS = 4096;
const PARTITION_SAMPLE_REPEATS = 0.01;

/**
 * A partition's batches kept for long: each string column of a moderate number of distinct values
 * (H2O's id3, 10^5 values in 10^7 rows, which a batch of 64k rows has half of) becomes one dictionary
 * shared by all the batches, so that consumers keyed by the dictionary (grouping tables) look each
 * value up once per partition; other columns as packBatch keeps them.
 */
export function packPartition(batches: readonly Batch[]): StoredBatch[] {
  if (batches.length < 2) return batches.map(packBatch);
  const columns = batches[0]!.columns.map((col, c) => {
    const column = batches.map((b) => b.columns[c]!);
    const shared = col.type.kind === 'string' && repeatsInSample(column) ? sharedDictionary(column) : null;
    return shared ?? column.map(packColumn);
  });
  return batches.map((b, k) => ({ numRows: b.numRows, columns: columns.map((column) => column[k]!) }));
}

/**
 * Whether a sample of the column's rows across its batches has repeated values, and its values seen
 * once and twice do not foretell more distinct values than a shared dictionary may hold (a quarter
 * of the rows, by Chao's estimate: seen + once^2 / (2 twice)). A column of comments repeats a few
 * short ones, yet encoding it read a quarter of its rows before giving up.
 */
function repeatsInSample(columns: readonly Vector[]): boolean {
  const rows = columns.reduce((n, v) => n + v.length, 0);
  const step = Math.max(1, Math.floor(rows / PARTITION_SAMPLE_ROWS));
  const counts = new Map<string, number>();
  let sampled = 0;
  let at = 0;
  for (const v of columns) {
    for (; at < v.length; at += step) {
      const x = stringAt(v, at);
      counts.set(x, (counts.get(x) ?? 0) + 1);
      sampled++;
    }
    at -= v.length;
  }
  if (sampled - counts.size <= sampled * PARTITION_SAMPLE_REPEATS) return false;
  let once = 0;
  let twice = 0;
  for (const c of counts.values()) {
    if (c === 1) once++;
    else if (c === 2) twice++;
  }
  const estimate = counts.size + (once * once) / (2 * Math.max(1, twice));
  return estimate <= rows >> 2;
}

/** The columns as dictionaries over one shared list of values; null past a quarter of the rows. */
function sharedDictionary(columns: readonly Vector[]): DictionaryStrings[] | null {
  const limit = columns.reduce((n, v) => n + v.length, 0) >> 2;
  const index = new Map<string, number>();
  const dictionary: string[] = [];
  const out: DictionaryStrings[] = [];
  for (const v of columns) {
    const codes = encodeInto(v, index, dictionary, limit);
    if (codes === null) return null;
    out.push({ type: v.type, length: v.length, nulls: v.nulls, dictionary, codes });
  }
  return out;
}

/**
 * The column as a Vector: a packed one over its packed characters (cut into its rows' strings when
 * read), a dictionary's kept as its codes.
 */
export function unpackColumn(c: StoredColumn): Vector {
  if (isDictionaryStrings(c)) return dictionaryVector(c.type, c.nulls, c.dictionary, c.codes, c.length);
  if (!isPackedStrings(c)) return c;
  return packedVector(c.type, c.nulls, packedChars(c.chars, c.offsets, c.length), c.length);
}

/** Whether the column is kept in a stored form (packed or a dictionary), not as a Vector. */
export function isEncodedColumn(c: StoredColumn): c is PackedStrings | DictionaryStrings {
  return isPackedStrings(c) || isDictionaryStrings(c);
}

export function unpackBatch(b: StoredBatch): Batch {
  return b.columns.some(isEncodedColumn)
    ? { numRows: b.numRows, columns: b.columns.map(unpackColumn) }
    : (b as Batch);
}
