// Batches as they cross threads. Typed arrays go as they are (their buffers moved); a string column
// goes packed, as one string and an Int32Array of offsets (PackedStrings): cloning a single string and cutting it
// with substring costs about a third of cloning each string (500k strings: 105 ms vs 268 ms; UTF-8
// bytes as Arrow IPC holds them cost more still, 317 ms, for the encode and decode). An array<double>
// column (percentile's partial buffers) goes flattened into one Float64Array: cloning 10^4 arrays of
// 500 numbers took 560 ms. A dictionary column goes as its values and codes (one clone of its values for
// every partition of a shuffle block that shares them).

import { Buffer } from 'node:buffer';
import {
  dictionaryVector,
  isDictionaryStrings,
  isPackedStrings,
  packColumn,
  packedChars,
  packedOffsets,
  packedVector,
  packStrings,
  rebasedOffsets,
  unpackColumn,
  type Batch,
  type DataType,
  type StoredBatch,
  type StoredColumn,
  type Value,
  type Vector,
} from '@flint/common';
import { normalizeNulls } from '../eval/vectors.js';

/** An array<double> column flattened: row i's elements are elements[offsets[i]..offsets[i + 1]). */
export interface PackedDoubleArrays {
  readonly type: DataType;
  readonly length: number;
  readonly nulls: Uint8Array | null;
  readonly elements: Float64Array;
  /** 1 where an element is NULL; null when none is. */
  readonly elementNulls: Uint8Array | null;
  readonly offsets: Int32Array;
}

/**
 * A string column of Latin-1 characters in shared memory (ASCII when encoded here from a string; a
 * shuffle's copied packed rows may hold any Latin-1): row i is bytes offsets[i]..offsets[i + 1] of
 * `latin1`'s buffer (the offsets a view of shared memory too). A map task's packed string columns
 * leave it so: the driver holds and forwards references to its memory, no string of its own (held as
 * strings there, each query's map outputs were copied by the driver's collector, ~60 ms of TPC-H Q10's
 * driver thread), and the task that reads them decodes its rows' characters in one call.
 */
export interface Latin1Strings {
  readonly type: DataType;
  readonly length: number;
  readonly nulls: Uint8Array | null;
  readonly latin1: Uint8Array;
  readonly offsets: Int32Array;
}

export type WireColumn = StoredColumn | PackedDoubleArrays | Latin1Strings;

export interface WireBatch {
  readonly numRows: number;
  readonly columns: readonly WireColumn[];
}

/**
 * Below this many rows a column is cloned as it is. Not much more: a map task's output is one batch
 * per shuffle partition, 200 by default, often of a few hundred rows (TPC-H Q10's, with 256 here,
 * crossed as 10^5 strings a task, 20-60 ms of cloning each).
 */
const MIN_ROWS = 16;

export function isPackedDoubleArrays(c: WireColumn): c is PackedDoubleArrays {
  return 'elements' in c;
}

export function isLatin1Strings(c: WireColumn): c is Latin1Strings {
  return 'latin1' in c;
}

/**
 * The ASCII bytes in shared memory of the characters that packed rows whose bounds are in this shared
 * buffer index (null: not all ASCII), by that buffer: written once for all the map output's parts.
 */
const latin1ByOffsets = new WeakMap<ArrayBufferLike, Uint8Array | null>();

/** Notes the shared ASCII bytes `chars` was decoded from (a cached block's), offsets in `offsets`. */
export function noteLatin1(offsets: Int32Array, bytes: Uint8Array): void {
  if (offsets.buffer instanceof SharedArrayBuffer) latin1ByOffsets.set(offsets.buffer, bytes);
}

/** A contiguous packed column over shared bounds as Latin1Strings; null when not ASCII (or not so). */
function latin1Column(c: Vector): Latin1Strings | null {
  const p = c.packed!;
  const bounds = p.starts.buffer;
  if (!p.contiguous || !(bounds instanceof SharedArrayBuffer)) return null;
  let bytes = latin1ByOffsets.get(bounds);
  if (bytes === undefined) {
    // (UTF-8 as long as the characters: every one is ASCII, one byte in Latin-1 too.)
    const ascii = Buffer.byteLength(p.chars, 'utf8') === p.chars.length;
    bytes = ascii ? new Uint8Array(new SharedArrayBuffer(Math.max(1, p.chars.length))) : null;
    if (bytes !== null) Buffer.from(bytes.buffer, 0, p.chars.length).write(p.chars, 0, 'latin1');
    latin1ByOffsets.set(bounds, bytes);
  }
  if (bytes === null) return null;
  const offsets = packedOffsets(p, c.length);
  const nulls =
    c.nulls === null || c.nulls.buffer instanceof SharedArrayBuffer ? c.nulls : c.nulls.slice(0, c.length);
  return { type: c.type, length: c.length, nulls, latin1: bytes, offsets };
}

/** Latin1Strings as a packed vector over the characters of its rows, decoded in one call. */
function fromLatin1(c: Latin1Strings): Vector {
  const { latin1, offsets } = c;
  const n = c.length;
  const from = offsets[0]!;
  const chars = Buffer.from(latin1.buffer, latin1.byteOffset + from, offsets[n]! - from).toString('latin1');
  return packedVector(c.type, c.nulls, packedChars(chars, rebasedOffsets(offsets), n), n);
}

const isDoubleArray = (t: DataType): boolean => t.kind === 'array' && t.elementType.kind === 'double';

/** Whether a wire column is still a plain vector (not yet packed for crossing). */
export function isVector(c: WireColumn): c is Vector {
  return !isPackedDoubleArrays(c) && !isLatin1Strings(c) && !isPackedStrings(c) && !isDictionaryStrings(c);
}

/**
 * The batch as it crosses threads: each plain column compacted (compactColumn) and packed; columns
 * already packed (a batch that came from another thread and goes on to a third) stay as they are.
 * `shared`: a worker's result, whose large typed arrays go into shared memory (inSharedMemory).
 */
export function toWire(b: WireBatch, shared = false): WireBatch {
  let changed = false;
  const columns = b.columns.map((c): WireColumn => {
    if (!isVector(c)) return c;
    let w = (shared && c.packed !== undefined ? latin1Column(c) : null) ?? wireColumn(compactColumn(c));
    if (shared && !isLatin1Strings(w)) w = inSharedMemory(w);
    if (w !== c) changed = true;
    return w;
  });
  return changed ? { numRows: b.numRows, columns } : b;
}

/**
 * Typed arrays at least this large leave a worker in shared memory: cloned to the driver as
 * references, not copied (a cache load's whole tables were a second copy on the driver, beside the
 * worker's own until its next collection, and the cache's shared blocks then a third).
 */
const SHARED_MIN_BYTES = 1 << 16;

/** `a` in shared memory when it is large (the same array when it is there already or small). */
function sharedIfLarge<T extends ArrayBufferView & { length: number }>(a: T): T {
  return a.byteLength >= SHARED_MIN_BYTES ? inSharedBuffer(a, a.length) : a;
}

/** The first `length` elements of `a` in a SharedArrayBuffer (`a` itself when it already is in one). */
export function inSharedBuffer<T extends ArrayBufferView & { length: number }>(a: T, length: number): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const bytesPer = a.byteLength / Math.max(1, a.length);
  const Ctor = a.constructor as new (b: SharedArrayBuffer) => T & { set(x: T): void };
  const out = new Ctor(new SharedArrayBuffer(Math.ceil(length * bytesPer) || 8));
  out.set((a as unknown as { subarray(s: number, e: number): T }).subarray(0, length));
  return out;
}

function inSharedMemory(c: Exclude<WireColumn, Latin1Strings>): WireColumn {
  const nulls = c.nulls === null ? null : sharedIfLarge(c.nulls);
  if (isPackedDoubleArrays(c)) {
    const elementNulls = c.elementNulls === null ? null : sharedIfLarge(c.elementNulls);
    return {
      ...c,
      nulls,
      elements: sharedIfLarge(c.elements),
      elementNulls,
      offsets: sharedIfLarge(c.offsets),
    };
  }
  if (isPackedStrings(c)) return { ...c, nulls, offsets: sharedIfLarge(c.offsets) };
  if (isDictionaryStrings(c)) return { ...c, nulls, codes: sharedIfLarge(c.codes) };
  const v = c.values;
  const values = ArrayBuffer.isView(v) ? sharedIfLarge(v as unknown as Uint8Array) : v;
  return values === v && nulls === c.nulls ? c : { ...c, nulls, values: values as typeof v };
}

function wireColumn(c: Vector): WireColumn {
  // A dictionary column crosses as its values and codes (a clone of the vector would decode it), a
  // packed one as its own rows' characters (a clone would cut them, and take all the characters).
  if (c.dictionary !== undefined) return packColumn(c);
  if (c.packed !== undefined)
    return packStrings(c) ?? { type: c.type, length: c.length, values: c.values, nulls: c.nulls };
  if (c.length < MIN_ROWS) return c;
  if (c.type.kind === 'string') return packStrings(c) ?? c;
  return isDoubleArray(c.type) ? packDoubleArrays(c) : c;
}

/** The batch with every column compacted (compactColumn); the same batch when none changes. */
export function compactBatch(b: Batch): Batch {
  const columns = b.columns.map(compactColumn);
  return columns.every((c, i) => c === b.columns[i]) ? b : { numRows: b.numRows, columns };
}

/**
 * The column with typed arrays that view part of a larger buffer copied: a clone would copy the whole
 * buffer (and moving it would take it from every other view). A dictionary column stays one, its
 * codes so copied.
 */
function compactColumn(c: Vector): Vector {
  // A view of shared memory is cloned as the view (the memory is shared, not copied).
  const tight = (a: ArrayBufferView & { length: number }): boolean =>
    a.buffer instanceof SharedArrayBuffer ||
    (a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && a.length === c.length);
  let nulls = c.nulls;
  if (nulls !== null && !tight(nulls)) nulls = nulls.slice(0, c.length);
  // (Packed characters cross as their rows' part: see wireColumn.)
  if (c.packed !== undefined) return nulls === c.nulls ? c : packedVector(c.type, nulls, c.packed, c.length);
  const d = c.dictionary;
  if (d !== undefined) {
    if (tight(d.codes) && nulls === c.nulls) return c;
    const codes = tight(d.codes) ? d.codes : d.codes.slice(0, c.length);
    return dictionaryVector(c.type, nulls, d.values, codes, c.length);
  }
  const v = c.values;
  let values = v;
  if (ArrayBuffer.isView(v) && !tight(v as unknown as ArrayBufferView & { length: number })) {
    values = (v as Uint8Array).slice(0, c.length);
  }
  if (values === v && nulls === c.nulls) return c;
  return { type: c.type, length: c.length, values, nulls };
}

function packDoubleArrays(c: Vector): PackedDoubleArrays {
  const rows = c.values as (readonly Value[] | null)[];
  const offsets = new Int32Array(c.length + 1);
  for (let i = 0; i < c.length; i++) {
    const row = c.nulls !== null && c.nulls[i] === 1 ? null : rows[i];
    offsets[i + 1] = offsets[i]! + (row?.length ?? 0);
  }
  const elements = new Float64Array(offsets[c.length]!);
  let elementNulls: Uint8Array | null = null;
  for (let i = 0; i < c.length; i++) {
    const row = c.nulls !== null && c.nulls[i] === 1 ? null : rows[i];
    if (row === null || row === undefined) continue;
    const at = offsets[i]!;
    for (let k = 0; k < row.length; k++) {
      const x = row[k];
      if (x === null || x === undefined) {
        elementNulls ??= new Uint8Array(elements.length);
        elementNulls[at + k] = 1;
      } else elements[at + k] = x as number;
    }
  }
  return { type: c.type, length: c.length, nulls: c.nulls, elements, elementNulls, offsets };
}

function unpackDoubleArrays(c: PackedDoubleArrays): Vector {
  const { elements, elementNulls, offsets } = c;
  const rows = new Array<Value[] | null>(c.length);
  for (let i = 0; i < c.length; i++) {
    if (c.nulls !== null && c.nulls[i] === 1) {
      rows[i] = null;
      continue;
    }
    const from = offsets[i]!;
    const row = new Array<Value>(offsets[i + 1]! - from);
    for (let k = 0; k < row.length; k++) row[k] = elementNulls?.[from + k] === 1 ? null : elements[from + k]!;
    rows[i] = row;
  }
  return { type: c.type, length: c.length, values: rows, nulls: c.nulls };
}

/**
 * Rows from..to-1 of a batch that crossed threads (a map output's partition, see SplitBatch): typed
 * arrays in shared memory as views of their ranges, shared again by every clone; others copied, as a
 * view would be cloned with its whole buffer (and a packed string with all its characters).
 */
export function wireRows(b: WireBatch, from: number, to: number): WireBatch {
  if (from === 0 && to === b.numRows) return b;
  return { numRows: to - from, columns: b.columns.map((c) => wireColumnRows(c, from, to)) };
}

function wireColumnRows(c: WireColumn, from: number, to: number): WireColumn {
  const length = to - from;
  const nulls = c.nulls === null ? null : normalizeNulls(rangeOf(c.nulls, from, to));
  if (isLatin1Strings(c)) return { ...c, length, nulls, offsets: rangeOf(c.offsets, from, to + 1) };
  if (isPackedDoubleArrays(c)) {
    const start = c.offsets[from]!;
    const end = c.offsets[to]!;
    const offsets = c.offsets.slice(from, to + 1);
    for (let i = 0; i <= length; i++) offsets[i]! -= start;
    const elements = c.elements.slice(start, end);
    const elementNulls = c.elementNulls === null ? null : c.elementNulls.slice(start, end);
    return { ...c, length, nulls, elements, elementNulls, offsets };
  }
  if (isDictionaryStrings(c)) return { ...c, length, nulls, codes: rangeOf(c.codes, from, to) };
  if (isPackedStrings(c)) {
    const start = c.offsets[from]!;
    const offsets = c.offsets.slice(from, to + 1);
    for (let i = 0; i <= length; i++) offsets[i]! -= start;
    return { ...c, length, nulls, chars: c.chars.substring(start, c.offsets[to]!), offsets };
  }
  // A map output's columns are plain vectors (toWire packs dictionaries and packed strings).
  const v = c.values as unknown as { slice(a: number, b: number): Vector['values'] };
  const values = ArrayBuffer.isView(v) ? rangeOf(v as unknown as Uint8Array, from, to) : v.slice(from, to);
  return { type: c.type, length, values: values as Vector['values'], nulls };
}

/** Elements from..to-1: a view when in shared memory, else a copy (see wireRows). */
function rangeOf<
  T extends ArrayBufferView & { subarray(a: number, b: number): T; slice(a: number, b: number): T },
>(a: T, from: number, to: number): T {
  return a.buffer instanceof SharedArrayBuffer ? a.subarray(from, to) : a.slice(from, to);
}

/** The batch with its packed columns cut back into rows, its plain vectors in the operators' shape. */
export function fromWire(b: WireBatch): Batch {
  return {
    numRows: b.numRows,
    columns: b.columns.map((c) =>
      isPackedDoubleArrays(c)
        ? unpackDoubleArrays(c)
        : isLatin1Strings(c)
          ? fromLatin1(c)
          : isVector(c)
            ? sameShapeVector(c)
            : unpackColumn(c),
    ),
  };
}

/**
 * A vector that crossed threads, made again as operators make theirs: a clone's objects have hidden
 * classes of their own, and every kernel reading vectors of both kinds then saw one more shape (its
 * optimized code deoptimized for each: TPC-H's joins gathered columns of both).
 */
function sameShapeVector(c: Vector): Vector {
  // (A dictionary or packed vector, held on this thread, stays: its values are decoded on demand.)
  if (c.dictionary !== undefined || c.packed !== undefined) return c;
  return { type: c.type, length: c.length, values: c.values, nulls: c.nulls };
}

/** The batch as held in memory: its array<double> columns unpacked, strings left packed. */
export function storedOf(b: WireBatch): StoredBatch {
  if (!b.columns.some((c) => isPackedDoubleArrays(c) || isLatin1Strings(c))) return b as StoredBatch;
  return {
    numRows: b.numRows,
    columns: b.columns.map((c) =>
      isPackedDoubleArrays(c) ? unpackDoubleArrays(c) : isLatin1Strings(c) ? packStrings(fromLatin1(c))! : c,
    ),
  };
}
