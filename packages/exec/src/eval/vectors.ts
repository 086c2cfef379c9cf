// Vector building blocks shared by the evaluator and the operators: broadcast, gather, concat, null masks.

import { Buffer } from 'node:buffer';
import {
  allocValues,
  dictionaryVector,
  packedVector,
  type Batch,
  type PackedChars,
  type ColumnValues,
  type DataType,
  type Value,
  type Vector,
} from '@flint/common';
import { noteLatin1 } from '../cluster/wire-batches.js';
import { takeArray, type ArrayRecycler } from './array-recycler.js';

/** Index-assignable view of any ColumnValues storage. */
export type Store = { [i: number]: any; length: number };

export function store(v: Vector): Store {
  return v.values as unknown as Store;
}

// Vectors made by `broadcast` (literals): kernels may read their first row as a scalar.
const constants = new WeakSet<Vector>();

/** Whether `v` came from `broadcast`, so every row equals row 0. */
export function isConstantVector(v: Vector): boolean {
  return constants.has(v);
}

/** A vector of `n` rows all equal to `value` (NULL when value is null). */
export function broadcast(type: DataType, value: Value, n: number): Vector {
  const v = broadcastValues(type, value, n);
  constants.add(v);
  return v;
}

/**
 * A constant vector of n rows from `widest`, one of at least n made by `broadcast`: itself, or a view
 * of its first n rows (a copy where its values are not a typed array).
 */
export function constantRows(widest: Vector, value: Value, n: number): Vector {
  if (widest.length === n) return widest;
  const values = widest.values;
  if (!ArrayBuffer.isView(values)) return broadcast(widest.type, value, n);
  const v: Vector = {
    type: widest.type,
    length: n,
    values: (values as unknown as { subarray(a: number, b: number): ColumnValues }).subarray(0, n),
    nulls: widest.nulls === null ? null : widest.nulls.subarray(0, n),
  };
  constants.add(v);
  return v;
}

function broadcastValues(type: DataType, value: Value, n: number): Vector {
  const values = allocValues(type, n) as unknown as Store;
  if (value === null || type.kind === 'null') {
    return { type, length: n, values: values as unknown as ColumnValues, nulls: new Uint8Array(n).fill(1) };
  }
  let x: unknown = type.kind === 'boolean' ? (value ? 1 : 0) : value;
  // A literal may carry a JS number for a bigint-stored type (long, timestamp, small decimal).
  if (values instanceof BigInt64Array && typeof x === 'number') x = BigInt(x);
  if (ArrayBuffer.isView(values) && typeof (values as { fill?: unknown }).fill === 'function') {
    (values as unknown as { fill(x: unknown): void }).fill(x);
  } else {
    for (let i = 0; i < n; i++) values[i] = x;
  }
  return { type, length: n, values: values as unknown as ColumnValues, nulls: null };
}

export function allNull(type: DataType, n: number): Vector {
  return broadcast(type, null, n);
}

export function isNullAt(v: Vector, i: number): boolean {
  return v.nulls !== null && v.nulls[i] === 1;
}

/** Union of two null masks (a row is NULL when either input is). */
export function unionNulls(a: Uint8Array | null, b: Uint8Array | null, n: number): Uint8Array | null {
  if (a === null) return b === null ? null : b.slice(0, n);
  if (b === null) return a.slice(0, n);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = a[i]! | b[i]!;
  return out;
}

/** Drops an all-zero null mask. */
export function normalizeNulls(nulls: Uint8Array | null): Uint8Array | null {
  if (nulls === null) return null;
  for (let i = 0; i < nulls.length; i++) if (nulls[i] === 1) return nulls;
  return null;
}

export function makeVector(
  type: DataType,
  values: ColumnValues | Store,
  nulls: Uint8Array | null,
  length?: number,
): Vector {
  return {
    type,
    length: length ?? (values as Store).length,
    values: values as ColumnValues,
    nulls: normalizeNulls(nulls),
  };
}

/**
 * Rows of `v` at `idx`; an index of -1 yields NULL (used by outer joins). Typed values go into arrays
 * from `recycler` when given (see ArrayRecycler).
 */
export function gather(
  v: Vector,
  idx: Int32Array | readonly number[],
  count = idx.length,
  recycler?: ArrayRecycler,
): Vector {
  let nulls = gatherNulls(v.nulls, idx, count);
  const d = v.dictionary;
  if (d !== undefined) {
    const codes = gatherI32(d.codes, idx, count, takeArray(recycler, Int32Array, count));
    if (nulls === null && sawNegative) nulls = gatherNulls(new Uint8Array(0), idx, count);
    sawNegative = false;
    return dictionaryVector(v.type, nulls, d.values, codes);
  }
  const p = v.packed;
  if (p !== undefined) {
    // The gathered rows' bounds: no string is cut until something reads the values.
    const starts = gatherI32(p.starts, idx, count, new Int32Array(count));
    const ends = gatherI32(p.ends, idx, count, new Int32Array(count));
    if (nulls === null && sawNegative) nulls = gatherNulls(new Uint8Array(0), idx, count);
    sawNegative = false;
    return packedVector(v.type, nulls, { chars: p.chars, starts, ends, contiguous: false }, count);
  }
  const src = v.values;
  let out: ColumnValues;
  // One loop per storage class keeps each copy loop monomorphic (no per-element BigInt for 64-bit words).
  if (src instanceof Float64Array) out = gatherF64(src, idx, count, takeArray(recycler, Float64Array, count));
  else if (src instanceof BigInt64Array)
    out = gatherI64(src, idx, count, takeArray(recycler, BigInt64Array, count));
  else if (src instanceof Int32Array)
    out = gatherI32(src, idx, count, takeArray(recycler, Int32Array, count));
  else if (src instanceof Uint8Array) out = gatherU8(src, idx, count, takeArray(recycler, Uint8Array, count));
  else if (ArrayBuffer.isView(src)) {
    const o = allocValues(v.type, count) as unknown as Store;
    const s = src as unknown as Store;
    for (let i = 0; i < count; i++) {
      const j = idx[i]!;
      if (j >= 0) o[i] = s[j];
      else sawNegative = true;
    }
    out = o as unknown as ColumnValues;
  } else out = gatherArray(v, src as unknown[], idx, count, nulls);
  if (nulls === null && sawNegative) nulls = gatherNulls(new Uint8Array(0), idx, count);
  sawNegative = false;
  return { type: v.type, length: count, values: out, nulls };
}

// Set by the copy loops when an index is -1, so a column without nulls needs no extra pass for them.
let sawNegative = false;

/** The gathered null mask (a negative index is NULL); null when no gathered row is NULL. */
function gatherNulls(
  srcNulls: Uint8Array | null,
  idx: Int32Array | readonly number[],
  count: number,
): Uint8Array | null {
  if (srcNulls === null) return null;
  let out: Uint8Array | null = null;
  for (let i = 0; i < count; i++) {
    const j = idx[i]!;
    if (j < 0 || srcNulls[j] === 1) {
      out ??= new Uint8Array(count);
      out[i] = 1;
    }
  }
  return out;
}

function gatherF64(
  src: Float64Array,
  idx: Int32Array | readonly number[],
  count: number,
  out: Float64Array,
): Float64Array {
  for (let i = 0; i < count; i++) {
    const j = idx[i]!;
    if (j >= 0) out[i] = src[j]!;
    else {
      out[i] = 0; // (a recycled array holds old values)
      sawNegative = true;
    }
  }
  return out;
}

/**
 * 64-bit values copied as they are: optimized code moves a BigInt64Array element to another without
 * making a BigInt, and one 8-byte copy per row beat two 4-byte ones (TPC-H Q1's filter, 1.5x).
 */
function gatherI64(
  src: BigInt64Array,
  idx: Int32Array | readonly number[],
  count: number,
  out: BigInt64Array,
): BigInt64Array {
  for (let i = 0; i < count; i++) {
    const j = idx[i]!;
    if (j >= 0) out[i] = src[j]!;
    else {
      out[i] = 0n; // (a recycled array holds old values)
      sawNegative = true;
    }
  }
  return out;
}

function gatherI32(
  src: Int32Array,
  idx: Int32Array | readonly number[],
  count: number,
  out: Int32Array,
): Int32Array {
  for (let i = 0; i < count; i++) {
    const j = idx[i]!;
    if (j >= 0) out[i] = src[j]!;
    else {
      out[i] = 0; // (a recycled array holds old values)
      sawNegative = true;
    }
  }
  return out;
}

function gatherU8(
  src: Uint8Array,
  idx: Int32Array | readonly number[],
  count: number,
  out: Uint8Array,
): Uint8Array {
  for (let i = 0; i < count; i++) {
    const j = idx[i]!;
    if (j >= 0) out[i] = src[j]!;
    else {
      out[i] = 0; // (a recycled array holds old values)
      sawNegative = true;
    }
  }
  return out;
}

/** Plain-array storage (strings, wide decimals, nested values): NULL rows get the type's filler. */
function gatherArray(
  v: Vector,
  src: unknown[],
  idx: Int32Array | readonly number[],
  count: number,
  nulls: Uint8Array | null,
): ColumnValues {
  const filler = (allocValues(v.type, 1) as unknown as Store)[0] as unknown;
  const out = new Array<unknown>(count);
  for (let i = 0; i < count; i++) {
    const j = idx[i]!;
    if (j < 0) sawNegative = true;
    out[i] = j < 0 || (nulls !== null && nulls[i] === 1) ? filler : src[j];
  }
  return out as ColumnValues;
}

/** Where the rows of a map task's batches go when split into parts (shuffle partitions). */
export interface RowPlacement {
  readonly parts: number;
  /** Part k's rows are positions starts[k]..starts[k + 1] of all the parts' rows. */
  readonly starts: Int32Array;
  /** pids[b][i]: the part of row i of batch b. */
  readonly pids: readonly Int32Array[];
  /** dests[b][i]: the position of row i of batch b among all the parts' rows (each part in order). */
  readonly dests: readonly Int32Array[];
}

/**
 * The placement of rows by part ids `pids[b][i]` in [0, parts). Worked out once for all the columns:
 * a scatter that bumps a cursor per part for every column and row waits on that cursor's last write
 * (a million longs into 200 parts: 10.7 ns a row, 3.8 with their positions given, which cost 3.3
 * once).
 */
export function placeRows(pids: readonly Int32Array[], parts: number): RowPlacement {
  const starts = new Int32Array(parts + 1);
  for (const pid of pids) for (let i = 0; i < pid.length; i++) starts[pid[i]! + 1]!++;
  for (let k = 0; k < parts; k++) starts[k + 1]! += starts[k]!;
  const cursor = starts.slice(0, parts);
  const dests = pids.map((pid) => {
    const dest = new Int32Array(pid.length);
    for (let i = 0; i < pid.length; i++) dest[i] = cursor[pid[i]!]!++;
    return dest;
  });
  return { parts, starts, pids, dests };
}

/**
 * Rows of `sources` split into the parts of `placement` (row i of source b to its position
 * dests[b][i]): scatterRows, each part a view of its range (partRows), null for an empty part.
 */
export function scatterToParts(
  type: DataType,
  sources: readonly Vector[],
  placement: RowPlacement,
): (Vector | null)[] {
  const whole = scatterRows(type, sources, placement);
  const { parts, starts } = placement;
  const out = new Array<Vector | null>(parts);
  for (let k = 0; k < parts; k++) {
    const from = starts[k]!;
    const to = starts[k + 1]!;
    out[k] = from === to ? null : partRows(whole, from, to);
  }
  return out;
}

/**
 * Rows of `sources` in the order of `placement`'s parts (row i of source b at position dests[b][i]),
 * every column written once, as one vector. A typed column (a dictionary's codes, packed strings'
 * bounds) goes into one array in a SharedArrayBuffer, so that a part is a view of its range
 * (partRows): map output then crosses threads to the driver and on to the tasks that read it without
 * a copy (cloning a view of shared memory shares it). Other columns go into one plain array.
 */
export function scatterRows(type: DataType, sources: readonly Vector[], placement: RowPlacement): Vector {
  const { parts, starts, dests } = placement;
  // Dictionary columns over one dictionary (a cached partition's) move their codes only.
  const dictionary = sources[0]?.dictionary?.values;
  if (dictionary !== undefined && sources.every((v) => v.dictionary?.values === dictionary)) {
    // (Not a spread of the vector: that would read, and so decode, its values.)
    const codes = sources.map((v): Vector => ({
      type: { kind: 'integer' },
      length: v.length,
      values: v.dictionary!.codes,
      nulls: v.nulls,
    }));
    const c = scatterRows({ kind: 'integer' }, codes, placement);
    return dictionaryVector(type, c.nulls, dictionary, c.values as Int32Array);
  }
  const total = starts[parts]!;
  const nulls = scatteredNulls(sources, dests, total);
  if (type.kind === 'string') {
    const packed = packedRows(type, sources, dests, total, nulls);
    if (packed !== null) return packed;
  }
  // Wide decimals may be held in BigInt64Arrays (the exact-double kernels' results, exact sums) or
  // as bigints: the rows keep the 64-bit form only when every source has it.
  const words64 = sources.length > 0 && sources.every((v) => v.values instanceof BigInt64Array);
  const plain = words64 ? new BigInt64Array(0) : allocValues(type, 0);
  const whole = ArrayBuffer.isView(plain)
    ? (sharedLike(plain as unknown as TypedArray, total) as unknown as Store)
    : (allocValues(type, total) as unknown as Store);
  sources.forEach((v, b) => {
    const dest = dests[b]!;
    const n = v.length;
    const src = v.values;
    if (src instanceof BigInt64Array && whole instanceof BigInt64Array) {
      // Element to element: optimized code makes no BigInt (as gatherI64).
      for (let i = 0; i < n; i++) whole[dest[i]!] = src[i]!;
    } else if (src instanceof Float64Array && whole instanceof Float64Array) {
      for (let i = 0; i < n; i++) whole[dest[i]!] = src[i]!;
    } else if (src instanceof Int32Array && whole instanceof Int32Array) {
      for (let i = 0; i < n; i++) whole[dest[i]!] = src[i]!;
    } else {
      const s = src as unknown as Store;
      for (let i = 0; i < n; i++) whole[dest[i]!] = s[i];
    }
  });
  return { type, length: total, values: whole as unknown as ColumnValues, nulls };
}

/** The NULL flags of the scattered rows (in shared memory), null when no source has any. */
function scatteredNulls(
  sources: readonly Vector[],
  dests: readonly Int32Array[],
  total: number,
): Uint8Array | null {
  let nulls: Uint8Array | null = null;
  sources.forEach((v, b) => {
    const dest = dests[b]!;
    const vn = v.nulls;
    if (vn === null) return;
    nulls ??= sharedLike(new Uint8Array(0), total);
    for (let i = 0; i < v.length; i++) if (vn[i] === 1) nulls[dest[i]!] = 1;
  });
  return nulls;
}

/**
 * Rows from..to-1 of a vector, without copying its typed arrays (views of their ranges; a plain
 * array's range is copied); the vector itself when that is all of it.
 */
export function partRows(v: Vector, from: number, to: number): Vector {
  return from === 0 && to === v.length ? v : vectorRows(v, from, to, false);
}

/**
 * A string column's scattered rows (scatterRows) as a packed vector over one string of all of them,
 * their bounds one array in shared memory: each part then crosses threads as its range of one set of
 * ASCII bytes (wire-batches' Latin1Strings), no string per part made. Null past the longest string
 * V8 makes.
 */
function packedRows(
  type: DataType,
  sources: readonly Vector[],
  dests: readonly Int32Array[],
  total: number,
  nulls: Uint8Array | null,
): Vector | null {
  const bounds = sharedLike(new Int32Array(0), total + 1);
  const copied = sources.every((v) => v.packed !== undefined)
    ? copiedLatin1(sources, dests, bounds)
    : undefined;
  // (Text past Latin-1 is cut and joined: joinedStrings writes every bound again.)
  const all = copied === undefined ? joinedStrings(sources, dests, bounds) : copied;
  if (all === null) return null;
  const rows = {
    chars: all,
    starts: bounds.subarray(0, total),
    ends: bounds.subarray(1, total + 1),
    contiguous: true,
  };
  return packedVector(type, normalizeNulls(nulls), rows, total);
}

/** The longest packed string made (V8's limit is 2^29 - 24 characters). */
const MAX_PACKED_CHARS = 1 << 28;

/**
 * The rows of `sources` (row i of source b at dests[b][i]) as one string, their bounds written into
 * `bounds`: each row cut from its source and the rows joined. Null past MAX_PACKED_CHARS.
 */
function joinedStrings(
  sources: readonly Vector[],
  dests: readonly Int32Array[],
  bounds: Int32Array,
): string | null {
  const total = bounds.length - 1;
  const strings = new Array<string>(total);
  sources.forEach((v, b) => {
    placeStrings(v.values as readonly (string | null | undefined)[], v.nulls, dests[b]!, strings, v.length);
  });
  let chars = 0;
  for (let i = 0; i < total; i++) {
    chars += strings[i]!.length;
    bounds[i + 1] = chars;
  }
  return chars > MAX_PACKED_CHARS ? null : strings.join('');
}

/**
 * joinedStrings for packed sources of Latin-1 characters: each row's characters copied straight into
 * bytes in shared memory and decoded in one call, the bytes noted as the rows' wire form (see
 * noteLatin1). No string is made per row: cut and joined, TPC-H Q10's wide customer rows made a
 * string for each of ~10^5 rows and columns a shuffle, most of its writers' scavenges. Null past
 * MAX_PACKED_CHARS (the lengths are the rows' whatever their characters); undefined at a character
 * past Latin-1.
 */
function copiedLatin1(
  sources: readonly Vector[],
  dests: readonly Int32Array[],
  bounds: Int32Array,
): string | null | undefined {
  const total = bounds.length - 1;
  // Each row's length at its destination, then the running sum.
  sources.forEach((v, b) => {
    const { starts, ends } = v.packed!;
    rowLengthsTo(starts, ends, v.nulls, dests[b]!, bounds, v.length);
  });
  for (let i = 0; i < total; i++) bounds[i + 1]! += bounds[i]!;
  const chars = bounds[total]!;
  if (chars > MAX_PACKED_CHARS) return null;
  const bytes = new Uint8Array(new SharedArrayBuffer(Math.max(1, chars)));
  for (let b = 0; b < sources.length; b++) {
    const v = sources[b]!;
    if (!copyLatin1Rows(v.packed!, v.nulls, dests[b]!, bounds, bytes, v.length)) return undefined;
  }
  noteLatin1(bounds, bytes);
  return Buffer.from(bytes.buffer, 0, chars).toString('latin1');
}

/** bounds[dest[i] + 1] = the length of packed row i (0 where NULL). */
function rowLengthsTo(
  starts: Int32Array,
  ends: Int32Array,
  nulls: Uint8Array | null,
  dest: Int32Array,
  bounds: Int32Array,
  n: number,
): void {
  for (let i = 0; i < n; i++)
    bounds[dest[i]! + 1] = nulls !== null && nulls[i] === 1 ? 0 : ends[i]! - starts[i]!;
}

/** Packed row i's characters into bytes from bounds[dest[i]]; false at a character past Latin-1. */
function copyLatin1Rows(
  { chars, starts, ends }: PackedChars,
  nulls: Uint8Array | null,
  dest: Int32Array,
  bounds: Int32Array,
  bytes: Uint8Array,
  n: number,
): boolean {
  for (let i = 0; i < n; i++) {
    if (nulls !== null && nulls[i] === 1) continue;
    let at = bounds[dest[i]!]!;
    const end = ends[i]!;
    for (let k = starts[i]!; k < end; k++) {
      const c = chars.charCodeAt(k);
      if (c > 255) return false;
      bytes[at++] = c;
    }
  }
  return true;
}

/** Row i of `values` to out[dest[i]] ('' where NULL). */
function placeStrings(
  values: readonly (string | null | undefined)[],
  nulls: Uint8Array | null,
  dest: Int32Array,
  out: string[],
  n: number,
): void {
  for (let i = 0; i < n; i++) out[dest[i]!] = nulls !== null && nulls[i] === 1 ? '' : (values[i] ?? '');
}

type TypedArray = Exclude<ColumnValues, readonly unknown[]> & {
  subarray(from: number, to: number): TypedArray;
};

/** A zeroed typed array of `like`'s kind and `length` elements, over a SharedArrayBuffer. */
function sharedLike<T extends ArrayBufferView>(like: T, length: number): T {
  const Ctor = like.constructor as new (buffer: SharedArrayBuffer) => T;
  const bytes = (like as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  return new Ctor(new SharedArrayBuffer(length * bytes));
}

export function gatherBatch(
  b: Batch,
  idx: Int32Array | readonly number[],
  count = idx.length,
  recycler?: ArrayRecycler,
): Batch {
  return { numRows: count, columns: b.columns.map((c) => gather(c, idx, count, recycler)) };
}

/**
 * Like gatherBatch, but gathers only the columns at `positions` (null: all); the others stay as they
 * are (with the wrong length), for an evaluator known to read only those columns.
 */
export function gatherColumns(
  b: Batch,
  idx: Int32Array | readonly number[],
  positions: readonly number[] | null,
  count = idx.length,
): Batch {
  if (positions === null) return gatherBatch(b, idx, count);
  const columns = b.columns.slice();
  for (const p of positions) {
    const c = columns[p];
    if (c !== undefined) columns[p] = gather(c, idx, count);
  }
  return { numRows: count, columns };
}

/** Rows where mask[i] === 1 and not NULL (a filter's selection). */
export function selectionOf(mask: Vector, n: number): Int32Array {
  const vals = mask.values as Uint8Array;
  const nulls = mask.nulls;
  const sel = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) if (vals[i] === 1 && (nulls === null || nulls[i] === 0)) sel[k++] = i;
  return sel.subarray(0, k);
}

export function sliceVector(v: Vector, start: number, end: number): Vector {
  return vectorRows(v, start, end, true);
}

/** Rows from..to-1 of a vector, its typed arrays copied or (`copy` false) views of their ranges. */
function vectorRows(v: Vector, from: number, to: number, copy: boolean): Vector {
  type Ranged<T> = { slice(a: number, b: number): T; subarray?(a: number, b: number): T };
  const range = <T>(a: Ranged<T>): T =>
    copy || a.subarray === undefined ? a.slice(from, to) : a.subarray(from, to);
  const nulls = v.nulls === null ? null : normalizeNulls(range(v.nulls));
  const d = v.dictionary;
  if (d !== undefined) return dictionaryVector(v.type, nulls, d.values, range(d.codes));
  const p = v.packed;
  if (p !== undefined) {
    const rows = { ...p, starts: p.starts.subarray(from, to), ends: p.ends.subarray(from, to) };
    return packedVector(v.type, nulls, rows, to - from);
  }
  return {
    type: v.type,
    length: to - from,
    values: range(v.values as unknown as Ranged<ColumnValues>),
    nulls,
  };
}

export function sliceBatch(b: Batch, start: number, end: number): Batch {
  const s = Math.max(0, Math.min(start, b.numRows));
  const e = Math.max(s, Math.min(end, b.numRows));
  if (s === 0 && e === b.numRows) return b;
  return { numRows: e - s, columns: b.columns.map((c) => sliceVector(c, s, e)) };
}

export function concatVectors(type: DataType, parts: readonly Vector[]): Vector {
  if (parts.length === 1) return parts[0]!;
  if (parts.length > 0 && parts.every((p) => p.dictionary !== undefined) && fewDictionaryValues(parts))
    return concatDictionaries(type, parts);
  let n = 0;
  for (const p of parts) n += p.length;
  // Wide decimals held as 64-bit words (exact sums, the exact-double kernels' results) stay so: as
  // bigints they would make an object a row, and cross threads one by one (TPC-H Q10's partial sums).
  const words64 = parts.length > 0 && parts.every((p) => p.values instanceof BigInt64Array);
  const out = (words64 ? new BigInt64Array(n) : allocValues(type, n)) as unknown as Store;
  let nulls: Uint8Array | null = null;
  let off = 0;
  for (const p of parts) {
    const src = p.values as unknown as Store;
    if (ArrayBuffer.isView(out) && ArrayBuffer.isView(src)) {
      (out as unknown as { set(a: unknown, o: number): void }).set(src, off);
    } else {
      for (let i = 0; i < p.length; i++) out[off + i] = src[i];
    }
    if (p.nulls !== null) {
      nulls ??= new Uint8Array(n);
      nulls.set(p.nulls.subarray(0, p.length), off);
    }
    off += p.length;
  }
  return { type, length: n, values: out as unknown as ColumnValues, nulls };
}

/**
 * Whether dictionary columns' lists of values (each list counted once) hold at most as many values
 * as the columns have rows: merging the lists then costs no more than decoding the rows would.
 */
export function fewDictionaryValues(parts: readonly Vector[]): boolean {
  const lists = new Set<readonly string[]>();
  let values = 0;
  let rows = 0;
  for (const p of parts) {
    rows += p.length;
    const list = p.dictionary!.values;
    if (!lists.has(list)) values += list.length;
    lists.add(list);
  }
  return values <= rows;
}

/**
 * Dictionary columns put together as one dictionary column (decoding them would make a string per
 * row): parts over one list of values keep it; parts over different lists (shuffle blocks each bring
 * their own copy) share a list of their values merged, each part's codes mapped into it.
 */
function concatDictionaries(type: DataType, parts: readonly Vector[]): Vector {
  let n = 0;
  for (const p of parts) n += p.length;
  const first = parts[0]!.dictionary!.values;
  const shared = parts.every((p) => p.dictionary!.values === first);
  const values: string[] = shared ? (first as string[]) : [];
  const index = new Map<string, number>();
  const codes = new Int32Array(n);
  let nulls: Uint8Array | null = null;
  let off = 0;
  for (const p of parts) {
    const d = p.dictionary!;
    if (shared) codes.set(d.codes.subarray(0, p.length), off);
    else {
      const mapped = new Int32Array(d.values.length);
      d.values.forEach((x, c) => {
        let code = index.get(x);
        if (code === undefined) {
          code = values.length;
          index.set(x, code);
          values.push(x);
        }
        mapped[c] = code;
      });
      mapCodes(d.codes, mapped, codes, off, p.length);
    }
    if (p.nulls !== null) {
      nulls ??= new Uint8Array(n);
      nulls.set(p.nulls.subarray(0, p.length), off);
    }
    off += p.length;
  }
  return dictionaryVector(type, nulls, values, codes, n);
}

/** out[off + i] = mapped[codes[i]] for i < n. */
function mapCodes(codes: Int32Array, mapped: Int32Array, out: Int32Array, off: number, n: number): void {
  for (let i = 0; i < n; i++) out[off + i] = mapped[codes[i]!]!;
}

export function concatBatches(types: readonly DataType[], batches: readonly Batch[]): Batch {
  const nonEmpty = batches.filter((b) => b.numRows > 0);
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  let n = 0;
  for (const b of nonEmpty) n += b.numRows;
  return {
    numRows: n,
    columns: types.map((t, c) =>
      concatVectors(
        t,
        nonEmpty.map((b) => b.columns[c]!),
      ),
    ),
  };
}

export function emptyBatch(types: readonly DataType[]): Batch {
  return {
    numRows: 0,
    columns: types.map((t) => ({ type: t, length: 0, values: allocValues(t, 0), nulls: null })),
  };
}

/** Writes `src` rows into `dst` at positions `idx` (CASE WHEN result assembly). */
export function scatterInto(dst: Store, dstNulls: Uint8Array, src: Vector, idx: Int32Array): void {
  const s = src.values as unknown as Store;
  const sn = src.nulls;
  for (let i = 0; i < idx.length; i++) {
    const j = idx[i]!;
    if (sn !== null && sn[i] === 1) dstNulls[j] = 1;
    else {
      dst[j] = s[i];
      dstNulls[j] = 0;
    }
  }
}

/**
 * The mean length of values[0..count) (strings, binary values; a missing one counts as 0) from at most
 * 64 of them, evenly spaced: sizes of long columns and key stores estimated without reading every value.
 */
export function sampledMeanLength(
  values: readonly ({ readonly length: number } | undefined)[],
  count = values.length,
): number {
  return sampledMean(count, (i) => values[i]?.length ?? 0);
}

/** The mean of lengthOf(i) over at most 64 evenly spaced rows i of 0..count-1 (0 for none). */
function sampledMean(count: number, lengthOf: (i: number) => number): number {
  const step = Math.max(1, Math.floor(count / 64));
  let sum = 0;
  let k = 0;
  for (let i = 0; i < count; i += step, k++) sum += lengthOf(i);
  return k === 0 ? 0 : sum / k;
}

/**
 * A packed vector as a plain one over its values (cut now), for loops that read rows one at a time:
 * through the lazy getter each read was a call. Other vectors as they are.
 */
export function withPlainValues(v: Vector): Vector {
  return v.packed === undefined ? v : { type: v.type, length: v.length, values: v.values, nulls: v.nulls };
}

/** The mean length of packed rows 0..count-1, as sampledMeanLength samples them. */
export function packedMeanLength({ starts, ends }: PackedChars, count: number): number {
  return sampledMean(count, (i) => ends[i]! - starts[i]!);
}

/** The 32-bit halves of a 64-bit column (low word first): read and copied without a BigInt per value. */
export function int32View(a: BigInt64Array | Float64Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length * 2);
}

export const TWO_32 = 4294967296;
/** High words within this bound make longs below 2^53 in magnitude. */
export const EXACT_HIGH = 1 << 21;

/**
 * Long i of a 32-bit halves view as a double, NaN when the long is 2^53 or more in magnitude (a
 * double would not hold it exactly).
 */
export function exactLongAt(w: Int32Array, i: number): number {
  const hi = w[2 * i + 1]!;
  return hi >= EXACT_HIGH || hi < -EXACT_HIGH ? NaN : hi * TWO_32 + (w[2 * i]! >>> 0);
}

const INV32 = 1 / 4294967296;

/**
 * Writes an integer-valued double x (|x| < 2^63) as the long at index i of a 32-bit halves view:
 * ToInt32 gives x modulo 2^32, and x less that word (unsigned) is an exact multiple of 2^32. No
 * division or floor.
 */
export function writeLongHalves(w: Int32Array, i: number, x: number): void {
  const lo = x | 0;
  w[2 * i] = lo;
  w[2 * i + 1] = (x - (lo >>> 0)) * INV32;
}
