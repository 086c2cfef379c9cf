// Batches kept in memory for a long time (cached tables): a string column whose values are nearly all
// different is packed into one string and row offsets. Held as one JS string per row, a cached table's
// comments, names and addresses were millions of heap objects that every full garbage collection
// marks again; each query's fresh typed arrays trigger such collections (V8 counts their bytes as
// external memory), which made queries over a large cache up to twice as slow. A scan unpacks only
// the columns it reads.

import type { Batch, Vector } from './batch.js';
import type { DataType } from './data-type.js';

export interface PackedStrings {
  readonly type: DataType;
  readonly length: number;
  readonly nulls: Uint8Array | null;
  /** The rows' strings one after another; row i is chars.substring(offsets[i], offsets[i + 1]). */
  readonly chars: string;
  readonly offsets: Int32Array;
}

export type StoredColumn = Vector | PackedStrings;

export interface StoredBatch {
  readonly numRows: number;
  readonly columns: readonly StoredColumn[];
}

export function isPackedStrings(c: StoredColumn): c is PackedStrings {
  return 'chars' in c;
}

// Rows looked at to tell a column of few values (kept as it is: its strings are shared objects
// already) from one of mostly distinct values (packed).
const SAMPLE_ROWS = 1024;
const DISTINCT_SHARE = 0.5;
// Under this many rows a column stays as it is; a packed string must stay below V8's string length limit.
const MIN_ROWS = 256;
const MAX_CHARS = 1 << 28;

/** Whether most of a sample of the strings are different (packing then saves one object per row). */
export function mostlyDistinct(strings: readonly string[], length: number): boolean {
  const step = Math.max(1, Math.floor(length / SAMPLE_ROWS));
  const seen = new Set<string>();
  let sampled = 0;
  for (let i = 0; i < length; i += step) {
    seen.add(strings[i] ?? '');
    sampled++;
  }
  return seen.size > sampled * DISTINCT_SHARE;
}

/** A string column as one string and row offsets; null when the rows' total length is too long. */
export function packStrings(v: Vector): PackedStrings | null {
  const strings = v.values as string[];
  const offsets = new Int32Array(v.length + 1);
  let total = 0;
  for (let i = 0; i < v.length; i++) {
    total += (strings[i] ?? '').length;
    offsets[i + 1] = total;
  }
  if (total > MAX_CHARS) return null;
  const chars = strings.length === v.length ? strings.join('') : strings.slice(0, v.length).join('');
  return { type: v.type, length: v.length, nulls: v.nulls, chars, offsets };
}

/** The column packed when it is a long string column of mostly distinct values, else as it is. */
export function packColumn(v: Vector): StoredColumn {
  if (v.type.kind !== 'string' || v.length < MIN_ROWS) return v;
  if (!mostlyDistinct(v.values as string[], v.length)) return v;
  return packStrings(v) ?? v;
}

export function packBatch(b: Batch): StoredBatch {
  return { numRows: b.numRows, columns: b.columns.map(packColumn) };
}

/** The column as a Vector (a packed one cut into its rows' strings). */
export function unpackColumn(c: StoredColumn): Vector {
  if (!isPackedStrings(c)) return c;
  const { chars, offsets } = c;
  const out = new Array<string>(c.length);
  for (let i = 0; i < c.length; i++) out[i] = chars.substring(offsets[i]!, offsets[i + 1]!);
  return { type: c.type, length: c.length, nulls: c.nulls, values: out };
}

export function unpackBatch(b: StoredBatch): Batch {
  return b.columns.some(isPackedStrings)
    ? { numRows: b.numRows, columns: b.columns.map(unpackColumn) }
    : (b as Batch);
}
