// A decoder of our own for the common case of Parquet columns: a flat (top-level, non-repeated) primitive
// column whose pages use PLAIN or dictionary encoding, with snappy, gzip, brotli or no compression. It
// decodes a whole column chunk straight into the engine's typed arrays (no Arrow, no IPC copy, dictionary
// values decoded once and gathered by index); other columns go through parquet-wasm. The hot paths: the
// chunks of a row group come with one read into a pooled buffer, snappy pages decompress into reused
// scratch (or are used in place when stored as one literal), dictionary indices are unpacked and gathered
// by code generated per bit width, and PLAIN values with no NULLs are one byte copy.

import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import * as zlib from 'node:zlib';
import type { FileHandle } from 'node:fs/promises';
import { type DataType, type Vector, allocValues } from '@flint/common';
import type { SchemaElement } from 'hyparquet';
import { isAscii } from 'node:buffer';
import { decodeUtf8 } from '../util/utf8.js';
import { snappyDecompressInto, snappySingleLiteral } from './parquet-snappy.js';
import { type ThriftStruct, type ThriftValue, decodeThriftStructAt } from './parquet-thrift.js';

const zstdDecompressSync = (zlib as { zstdDecompressSync?: (b: Uint8Array) => Buffer }).zstdDecompressSync;

// Parquet enum values (parquet.thrift).
const CODEC_UNCOMPRESSED = 0;
const CODEC_SNAPPY = 1;
const CODEC_GZIP = 2;
const CODEC_BROTLI = 4;
const CODEC_ZSTD = 6;
const ENC_PLAIN = 0;
const ENC_PLAIN_DICTIONARY = 2;
const ENC_RLE = 3;
const ENC_BIT_PACKED = 4;
const ENC_RLE_DICTIONARY = 8;
const PAGE_DATA = 0;
const PAGE_INDEX = 1;
const PAGE_DICTIONARY = 2;
const PAGE_DATA_V2 = 3;

function num(v: ThriftValue | undefined): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

function sub(v: ThriftValue | undefined): ThriftStruct | undefined {
  return v !== undefined && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)
    ? (v as ThriftStruct)
    : undefined;
}

function corrupt(what: string): Error {
  return new Error(`Corrupted Parquet column chunk: ${what}`);
}

/** Whether this decoder handles a column of Parquet element `el` read as Spark type `type`. */
export function canDecodeFlat(el: SchemaElement, md: ThriftStruct, type: DataType): boolean {
  if (el.repetition_type === 'REPEATED' || el.num_children !== undefined) return false;
  const codec = num(md[4]);
  if (
    codec !== CODEC_UNCOMPRESSED &&
    codec !== CODEC_SNAPPY &&
    codec !== CODEC_GZIP &&
    codec !== CODEC_BROTLI &&
    !(codec === CODEC_ZSTD && zstdDecompressSync !== undefined)
  )
    return false;
  const encs = md[2];
  if (!Array.isArray(encs)) return false;
  for (const e of encs) {
    if (
      e !== ENC_PLAIN &&
      e !== ENC_PLAIN_DICTIONARY &&
      e !== ENC_RLE_DICTIONARY &&
      e !== ENC_RLE &&
      e !== ENC_BIT_PACKED
    )
      return false;
  }
  const unsigned =
    (el.logical_type?.type === 'INTEGER' && !el.logical_type.isSigned) ||
    (el.converted_type?.startsWith('UINT_') ?? false);
  if (unsigned) return false;
  switch (type.kind) {
    case 'boolean':
      return el.type === 'BOOLEAN';
    case 'byte':
    case 'short':
    case 'integer':
    case 'date':
      return el.type === 'INT32';
    case 'long':
      return el.type === 'INT64';
    case 'float':
      return el.type === 'FLOAT';
    case 'double':
      return el.type === 'DOUBLE';
    case 'timestamp':
    case 'timestamp_ntz': {
      if (el.type === 'INT96') return true;
      if (el.type !== 'INT64') return false;
      const lt = el.logical_type;
      return !(lt?.type === 'TIMESTAMP' && lt.unit === 'NANOS');
    }
    case 'decimal':
      return (
        el.type === 'INT32' ||
        el.type === 'INT64' ||
        el.type === 'FIXED_LEN_BYTE_ARRAY' ||
        el.type === 'BYTE_ARRAY'
      );
    case 'string':
    case 'binary':
      return el.type === 'BYTE_ARRAY' || (el.type === 'FIXED_LEN_BYTE_ARRAY' && type.kind === 'binary');
    default:
      return false;
  }
}

/** Whether this platform stores typed-array elements little-endian (Parquet's byte order). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

// A bit-packed run is copied into this aligned scratch (with a spare word at the end) so that every value
// is read with at most two aligned 32-bit loads and no per-byte loop. Decoding is synchronous, so one
// module-wide scratch is safe.
let packedWords = new Uint32Array(4096);
let packedBytes = new Uint8Array(packedWords.buffer);

/** Copies buf[pos, pos + bytes) to the start of the packed-words scratch and returns the scratch. */
function loadPacked(buf: Uint8Array, pos: number, bytes: number): Uint32Array {
  let words = packedWords;
  let bytesView = packedBytes;
  if (bytesView.length < bytes + 8) {
    words = new Uint32Array((bytes >> 2) + 1024);
    bytesView = new Uint8Array(words.buffer);
    // Kept for the next runs unless huge (then this run has a buffer of its own).
    if (bytesView.length <= 16 * 1024 * 1024) {
      packedWords = words;
      packedBytes = bytesView;
    }
  }
  if (LITTLE_ENDIAN) bytesView.set(buf.subarray(pos, pos + bytes));
  else {
    const count = (bytes + 3) >> 2;
    for (let k = 0; k < count; k++) {
      const b = pos + 4 * k;
      words[k] =
        ((buf[b] ?? 0) | ((buf[b + 1] ?? 0) << 8) | ((buf[b + 2] ?? 0) << 16) | ((buf[b + 3] ?? 0) << 24)) >>>
        0;
    }
  }
  return words;
}

/** Position after the header read by the last runHeader call (avoids allocating a result pair). */
let headerEnd = 0;

/** Reads the ULEB128 run header at `pos` and returns it; the position after it is left in headerEnd. */
function runHeader(buf: Uint8Array, pos: number, end: number): number {
  let header = 0;
  let shift = 0;
  for (;;) {
    if (pos >= end) throw corrupt('RLE header ends early');
    const b = buf[pos++]!;
    header += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) break;
    shift += 7;
    if (shift > 35) throw corrupt('RLE header too long');
  }
  headerEnd = pos;
  return header;
}

/** The little-endian value of an RLE run (byteWidth bytes at pos). */
function runValue(buf: Uint8Array, pos: number, byteWidth: number, end: number): number {
  if (pos + byteWidth > end) throw corrupt('RLE run ends early');
  let v = 0;
  for (let k = 0; k < byteWidth; k++) v |= buf[pos + k]! << (8 * k);
  return v;
}

/** Reads the RLE / bit-packed hybrid encoding of `count` values of `bitWidth` bits into `out`. */
function readHybrid(
  buf: Uint8Array,
  pos: number,
  end: number,
  bitWidth: number,
  count: number,
  out: Int32Array,
): void {
  let n = 0;
  const byteWidth = (bitWidth + 7) >> 3;
  while (n < count) {
    const header = runHeader(buf, pos, end);
    pos = headerEnd;
    if ((header & 1) === 0) {
      // RLE run: one value repeated.
      const stop = Math.min(count, n + Math.floor(header / 2));
      out.fill(runValue(buf, pos, byteWidth, end), n, stop);
      pos += byteWidth;
      n = stop;
    } else {
      // Bit-packed groups of 8 values, least significant bit first.
      const groups = Math.floor(header / 2);
      const bytes = groups * bitWidth;
      if (pos + bytes > end) throw corrupt('bit-packed run ends early');
      const stop = Math.min(count, n + groups * 8);
      if (bitWidth === 0) out.fill(0, n, stop);
      else gatherFor(unpackers, bitWidth, false)(loadPacked(buf, pos, bytes), n, stop, out, out);
      n = stop;
      pos += bytes;
    }
  }
}

/** 32-bit words per value when dictionary values can be copied as they are into `out` (1 or 2), else 0. */
function fixedWords(dict: Plain, out: Vector['values']): 0 | 1 | 2 {
  if (
    (dict.kind === 'i32' && out instanceof Int32Array) ||
    (dict.kind === 'f32' && out instanceof Float32Array)
  )
    return 1;
  if ((dict.kind === 'i64' || dict.kind === 'i96') && out instanceof BigInt64Array) return 2;
  if (dict.kind === 'f64' && out instanceof Float64Array) return 2;
  return 0;
}

/**
 * Gathers out[n..stop) = dict[index] for the bit-packed indices loaded into `w` (value n at bit 0);
 * false when an index is outside the dictionary.
 */
type Gather<A> = (w: Uint32Array, n: number, stop: number, dict: A, out: A) => boolean;

// One gather function per bit width and value size, generated on first use: 32 values (= bitWidth
// words) per loop turn with every shift a constant, which runs about three times faster than a loop
// computing each value's word and shift (what parquet-mr and Arrow do with their generated unpackers).
// The source text holds only numbers derived from the bit width, an integer checked to be in 1..32;
// nothing read from the file's values reaches it.
const gathers32: (Gather<Int32Array> | undefined)[] = [];
const gathers64: (Gather<BigInt64Array> | undefined)[] = [];
/** The same without a dictionary: out[n..stop) = the unpacked values themselves (`dict` unused). */
const unpackers: (Gather<Int32Array> | undefined)[] = [];

function gatherSource(bitWidth: number, withDict: boolean): string {
  const mask = bitWidth === 32 ? -1 : (1 << bitWidth) - 1;
  const lines = [
    withDict ? 'const size = dict.length;' : '',
    'let k = 0;',
    'const full = n + ((stop - n) & ~31);',
    `for (; n < full; n += 32, k += ${bitWidth}) {`,
  ];
  for (let i = 0; i < 32; i++) {
    const bit = i * bitWidth;
    const word = bit >>> 5;
    const shift = bit & 31;
    let e = shift === 0 ? `w[k + ${word}]` : `(w[k + ${word}] >>> ${shift})`;
    if (shift + bitWidth > 32) e = `(${e} | (w[k + ${word + 1}] << ${32 - shift}))`;
    if (withDict)
      lines.push(
        `  const j${i} = ${e} & ${mask};`,
        `  if (j${i} >>> 0 >= size) return false;`,
        `  out[n + ${i}] = dict[j${i}];`,
      );
    else lines.push(`  out[n + ${i}] = ${e} & ${mask};`);
  }
  lines.push(
    '}',
    // The last values (fewer than 32): each value's word and shift computed.
    `for (let bit = k * 32; n < stop; n++, bit += ${bitWidth}) {`,
    '  const q = bit >>> 5;',
    '  const s = bit & 31;',
    `  const j = ((w[q] >>> s) | ((w[q + 1] << 1) << (31 - s))) & ${mask};`,
    withDict ? '  if (j >>> 0 >= size) return false;' : '',
    withDict ? '  out[n] = dict[j];' : '  out[n] = j;',
    '}',
    'return true;',
  );
  return lines.join('\n');
}

function gatherFor<A>(table: (Gather<A> | undefined)[], bitWidth: number, withDict = true): Gather<A> {
  if (!Number.isInteger(bitWidth) || bitWidth < 1 || bitWidth > 32) throw corrupt('bit width out of range');
  let g = table[bitWidth];
  if (g === undefined) {
    // Each table gets its own function objects, so every load and store site sees one array kind.
    g = new Function('w', 'n', 'stop', 'dict', 'out', gatherSource(bitWidth, withDict)) as Gather<A>;
    table[bitWidth] = g;
  }
  return g;
}

/**
 * Decodes `count` dictionary indices (RLE / bit-packed hybrid) and writes the indexed dictionary values
 * to out[first, first + count): an RLE run becomes a fill. `dict` and `out` are both 32-bit or both
 * 64-bit integer views of the values, so floats are copied bit for bit.
 */
function gatherHybrid(
  buf: Uint8Array,
  pos: number,
  end: number,
  bitWidth: number,
  count: number,
  dict: Int32Array | BigInt64Array,
  out: Int32Array | BigInt64Array,
  first: number,
): void {
  const size = dict.length;
  const byteWidth = (bitWidth + 7) >> 3;
  let n = first;
  const last = first + count;
  while (n < last) {
    const header = runHeader(buf, pos, end);
    pos = headerEnd;
    if ((header & 1) === 0) {
      const stop = Math.min(last, n + Math.floor(header / 2));
      const j = runValue(buf, pos, byteWidth, end);
      pos += byteWidth;
      if (n === stop) continue;
      if (j >>> 0 >= size) throw corrupt('dictionary index out of range');
      if (out instanceof BigInt64Array) out.fill((dict as BigInt64Array)[j]!, n, stop);
      else out.fill((dict as Int32Array)[j]!, n, stop);
      n = stop;
    } else {
      const groups = Math.floor(header / 2);
      const bytes = groups * bitWidth;
      if (pos + bytes > end) throw corrupt('bit-packed run ends early');
      const stop = Math.min(last, n + groups * 8);
      let ok = true;
      if (bitWidth === 0) {
        if (size === 0) throw corrupt('dictionary index out of range');
        if (out instanceof BigInt64Array) out.fill((dict as BigInt64Array)[0]!, n, stop);
        else out.fill((dict as Int32Array)[0]!, n, stop);
      } else {
        const w = loadPacked(buf, pos, bytes);
        if (out instanceof BigInt64Array)
          ok = gatherFor(gathers64, bitWidth)(w, n, stop, dict as BigInt64Array, out);
        else ok = gatherFor(gathers32, bitWidth)(w, n, stop, dict as Int32Array, out);
      }
      if (!ok) throw corrupt('dictionary index out of range');
      n = stop;
      pos += bytes;
    }
  }
}

/** Whether 1-bit definition levels buf[pos, end) start with one RLE run of `n` ones (no NULL in the page). */
function allDefined(buf: Uint8Array, pos: number, end: number, n: number): boolean {
  let header = 0;
  let shift = 0;
  for (;;) {
    if (pos >= end) return false;
    const b = buf[pos++]!;
    header += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) break;
    shift += 7;
    if (shift > 35) return false;
  }
  return header % 2 === 0 && header / 2 >= n && pos < end && buf[pos] === 1;
}

/** The decoded values of one page or dictionary, before nulls are spread out. */
type Plain =
  | { kind: 'i32'; v: Int32Array }
  | { kind: 'i64'; v: BigInt64Array }
  | { kind: 'f32'; v: Float32Array }
  | { kind: 'f64'; v: Float64Array }
  | { kind: 'bool'; v: Uint8Array }
  | { kind: 'bytes'; buf: Uint8Array; starts: Int32Array; ends: Int32Array }
  | { kind: 'i96'; v: BigInt64Array };

/** buf[pos, pos + bytes) as a buffer whose offset `off` suits 8-byte typed-array views (copied when misaligned). */
function aligned(buf: Uint8Array, pos: number, bytes: number): { b: ArrayBufferLike; off: number } {
  const at = buf.byteOffset + pos;
  if (at % 8 === 0) return { b: buf.buffer, off: at };
  return { b: buf.slice(pos, pos + bytes).buffer, off: 0 };
}

/** Decodes `count` PLAIN values of the column's physical type from buf[pos, end). */
function decodePlain(el: SchemaElement, buf: Uint8Array, pos: number, end: number, count: number): Plain {
  switch (el.type) {
    case 'INT32':
    case 'FLOAT': {
      if (pos + count * 4 > end) throw corrupt('PLAIN values end early');
      const { b, off } = aligned(buf, pos, count * 4);
      return el.type === 'INT32'
        ? { kind: 'i32', v: new Int32Array(b, off, count) }
        : { kind: 'f32', v: new Float32Array(b, off, count) };
    }
    case 'INT64':
    case 'DOUBLE': {
      if (pos + count * 8 > end) throw corrupt('PLAIN values end early');
      const { b, off } = aligned(buf, pos, count * 8);
      return el.type === 'INT64'
        ? { kind: 'i64', v: new BigInt64Array(b, off, count) }
        : { kind: 'f64', v: new Float64Array(b, off, count) };
    }
    case 'INT96': {
      if (pos + count * 12 > end) throw corrupt('PLAIN values end early');
      const out = new BigInt64Array(count);
      const dv = new DataView(buf.buffer, buf.byteOffset + pos, count * 12);
      for (let i = 0; i < count; i++) {
        // 8 bytes of nanoseconds in the day, then 4 bytes of Julian day.
        const nanos = dv.getBigInt64(i * 12, true);
        const julian = dv.getInt32(i * 12 + 8, true);
        out[i] = BigInt(julian - 2440588) * 86_400_000_000n + nanos / 1000n;
      }
      return { kind: 'i96', v: out };
    }
    case 'BOOLEAN': {
      if (pos + Math.ceil(count / 8) > end) throw corrupt('PLAIN booleans end early');
      const out = new Uint8Array(count);
      for (let i = 0; i < count; i++) out[i] = (buf[pos + (i >> 3)]! >> (i & 7)) & 1;
      return { kind: 'bool', v: out };
    }
    case 'BYTE_ARRAY': {
      const starts = new Int32Array(count);
      const ends = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        if (pos + 4 > end) throw corrupt('PLAIN byte array ends early');
        const len = buf[pos]! | (buf[pos + 1]! << 8) | (buf[pos + 2]! << 16) | (buf[pos + 3]! << 24);
        pos += 4;
        if (len < 0 || pos + len > end) throw corrupt('PLAIN byte array length out of range');
        starts[i] = pos;
        ends[i] = pos + len;
        pos += len;
      }
      return { kind: 'bytes', buf, starts, ends };
    }
    case 'FIXED_LEN_BYTE_ARRAY': {
      const w = el.type_length ?? 0;
      if (w <= 0 || pos + count * w > end) throw corrupt('PLAIN fixed-length values end early');
      const starts = new Int32Array(count);
      const ends = new Int32Array(count);
      for (let i = 0; i < count; i++) {
        starts[i] = pos + i * w;
        ends[i] = pos + (i + 1) * w;
      }
      return { kind: 'bytes', buf, starts, ends };
    }
    default:
      throw corrupt(`unsupported physical type ${String(el.type)}`);
  }
}

/** Output column being filled: values at row positions, nulls set as found. */
interface Sink {
  readonly type: DataType;
  readonly values: Vector['values'];
  nulls: Uint8Array | null;
  readonly rows: number;
  /** For timestamps stored in milliseconds. */
  readonly millis: boolean;
}

/** A decimal's unscaled value stored as big-endian two's complement bytes buf[s, e). */
function bigEndian(buf: Uint8Array, s: number, e: number): bigint {
  if (e - s <= 6) {
    let v = 0;
    for (let i = s; i < e; i++) v = v * 256 + buf[i]!;
    if (e > s && buf[s]! & 0x80) v -= 2 ** (8 * (e - s));
    return BigInt(v);
  }
  let v = 0n;
  for (let i = s; i < e; i++) v = (v << 8n) | BigInt(buf[i]!);
  if (e > s && buf[s]! & 0x80) v -= 1n << BigInt(8 * (e - s));
  return v;
}

/**
 * Stores decoded values: value k of `src` (or src[idx[k]] with a dictionary) goes to row rows[k] of the
 * sink, where rows lists the non-null rows (or is null for consecutive rows from `first`).
 */
function store(
  sink: Sink,
  src: Plain,
  idx: Int32Array | null,
  count: number,
  first: number,
  rows: Int32Array | null,
): void {
  const t = sink.type;
  const at = (k: number): number => (rows === null ? first + k : rows[k]!);
  const pick = (k: number): number => (idx === null ? k : idx[k]!);
  if (idx !== null) {
    const size = src.kind === 'bytes' ? src.starts.length : src.v.length;
    // Unsigned, so that a negative index (a corrupt 32-bit one) is out of range too.
    let max = 0;
    for (let k = 0; k < count; k++) if (idx[k]! >>> 0 > max) max = idx[k]! >>> 0;
    if (max >= size) throw corrupt('dictionary index out of range');
  }
  // Fast paths: dictionary indices into consecutive rows.
  if (idx !== null && rows === null) {
    const out = sink.values;
    if (src.kind === 'i32' && out instanceof Int32Array) {
      const v = src.v;
      for (let k = 0; k < count; k++) out[first + k] = v[idx[k]!]!;
      return;
    }
    if ((src.kind === 'i64' || src.kind === 'i96') && out instanceof BigInt64Array && !sink.millis) {
      const o32 = new Int32Array(out.buffer, out.byteOffset + first * 8, count * 2);
      const s32 = new Int32Array(src.v.buffer, src.v.byteOffset, src.v.length * 2);
      for (let k = 0, r = 0; k < count; k++, r += 2) {
        const j = idx[k]! * 2;
        o32[r] = s32[j]!;
        o32[r + 1] = s32[j + 1]!;
      }
      return;
    }
  }
  switch (src.kind) {
    case 'i32': {
      const v = src.v;
      if (t.kind === 'decimal') {
        const out = sink.values;
        if (out instanceof BigInt64Array) {
          // Sign-extend 32-bit unscaled values into 64-bit slots without creating BigInts.
          const o32 = new Int32Array(out.buffer, out.byteOffset, out.length * 2);
          for (let k = 0; k < count; k++) {
            const x = v[pick(k)]!;
            const r = at(k) * 2;
            o32[r] = x;
            o32[r + 1] = x < 0 ? -1 : 0;
          }
        } else for (let k = 0; k < count; k++) (out as bigint[])[at(k)] = BigInt(v[pick(k)]!);
        return;
      }
      const out = sink.values as Int32Array | Int16Array | Int8Array;
      if (idx === null && rows === null && out instanceof Int32Array) out.set(v.subarray(0, count), first);
      else for (let k = 0; k < count; k++) out[at(k)] = v[pick(k)]!;
      return;
    }
    case 'i64':
    case 'i96': {
      const v = src.v;
      const out = sink.values;
      if (sink.millis) {
        const o = out as BigInt64Array;
        for (let k = 0; k < count; k++) o[at(k)] = v[pick(k)]! * 1000n;
        return;
      }
      if (out instanceof BigInt64Array) {
        if (idx === null && rows === null) {
          out.set(v.subarray(0, count), first);
          return;
        }
        // Copy 64-bit values as 32-bit word pairs: no BigInt per value.
        const o32 = new Int32Array(out.buffer, out.byteOffset, out.length * 2);
        const s32 = new Int32Array(v.buffer, v.byteOffset, v.length * 2);
        for (let k = 0; k < count; k++) {
          const s = pick(k) * 2;
          const r = at(k) * 2;
          o32[r] = s32[s]!;
          o32[r + 1] = s32[s + 1]!;
        }
        return;
      }
      for (let k = 0; k < count; k++) (out as bigint[])[at(k)] = v[pick(k)]!;
      return;
    }
    case 'f32':
    case 'f64':
    case 'bool': {
      const v = src.v;
      const out = sink.values as Float32Array | Float64Array | Uint8Array;
      if (idx === null && rows === null) out.set(v.subarray(0, count) as never, first);
      else for (let k = 0; k < count; k++) out[at(k)] = v[pick(k)]!;
      return;
    }
    case 'bytes': {
      const { buf, starts, ends } = src;
      const out = sink.values;
      if (t.kind === 'string') {
        const o = out as string[];
        if (idx !== null) {
          // Decode each dictionary string once.
          const dict = new Array<string>(starts.length);
          decodeStrings(buf, starts, ends, starts.length, (j, v) => (dict[j] = v));
          for (let k = 0; k < count; k++) o[at(k)] = dict[idx[k]!]!;
        } else decodeStrings(buf, starts, ends, count, (k, v) => (o[at(k)] = v));
      } else if (t.kind === 'binary') {
        const o = out as Uint8Array[];
        for (let k = 0; k < count; k++) {
          const j = pick(k);
          o[at(k)] = buf.slice(starts[j]!, ends[j]!);
        }
      } else if (t.kind === 'decimal') {
        if (out instanceof BigInt64Array) {
          for (let k = 0; k < count; k++) {
            const j = pick(k);
            out[at(k)] = bigEndian(buf, starts[j]!, ends[j]!);
          }
        } else {
          for (let k = 0; k < count; k++) {
            const j = pick(k);
            (out as bigint[])[at(k)] = bigEndian(buf, starts[j]!, ends[j]!);
          }
        }
      } else throw corrupt(`cannot read bytes as ${t.kind}`);
      return;
    }
  }
}

/**
 * The strings buf[starts[k], ends[k]) for k < count. When the bytes they span (their PLAIN length
 * prefixes included, which are ASCII for values under 128 bytes) are all ASCII, the span is decoded once
 * and each value is a substring of it: one native decode instead of one per value, and substrings share
 * the decoded text. Otherwise each value is decoded on its own.
 */
function decodeStrings(
  buf: Uint8Array,
  starts: Int32Array,
  ends: Int32Array,
  count: number,
  put: (k: number, value: string) => void,
): void {
  if (count === 0) return;
  const from = starts[0]!;
  const to = ends[count - 1]!;
  if (to >= from && isAscii(buf.subarray(from, to))) {
    const text = asciiDecoder.decode(buf.subarray(from, to));
    for (let k = 0; k < count; k++) put(k, text.substring(starts[k]! - from, ends[k]! - from));
    return;
  }
  for (let k = 0; k < count; k++) put(k, decodeUtf8(buf, starts[k]!, ends[k]!));
}

const asciiDecoder = new TextDecoder();

/** Bytes per value when PLAIN values of `el` are stored in the sink exactly as in the page, else 0. */
function plainCopyWidth(el: SchemaElement, sink: Sink): 0 | 4 | 8 {
  if (!LITTLE_ENDIAN || sink.millis) return 0;
  const out = sink.values;
  if (
    (el.type === 'INT32' && out instanceof Int32Array) ||
    (el.type === 'FLOAT' && out instanceof Float32Array)
  )
    return 4;
  if (
    (el.type === 'INT64' && out instanceof BigInt64Array) ||
    (el.type === 'DOUBLE' && out instanceof Float64Array)
  )
    return 8;
  return 0;
}

type FixedOut = Int32Array | Float32Array | BigInt64Array | Float64Array;

/**
 * out[row + k] = the next value of `src` (src[idx[c]] with a dictionary) for each k < n whose definition
 * level is maxDef; other rows are left as they are (NULL). `src` and `out` have the same element size;
 * they are viewed as integers so that floats move bit for bit.
 */
function spread(
  src: FixedOut,
  idx: Int32Array | null,
  defs: Int32Array,
  maxDef: number,
  n: number,
  out: FixedOut,
  row: number,
): void {
  if (src.BYTES_PER_ELEMENT === 8) {
    const s = new BigInt64Array(src.buffer, src.byteOffset, src.length);
    const o = new BigInt64Array(out.buffer, out.byteOffset + row * 8, n);
    spread64(s, idx, defs, maxDef, n, o);
  } else {
    const s = new Int32Array(src.buffer, src.byteOffset, src.length);
    const o = new Int32Array(out.buffer, out.byteOffset + row * 4, n);
    spread32(s, idx, defs, maxDef, n, o);
  }
}

function spread32(
  s: Int32Array,
  idx: Int32Array | null,
  defs: Int32Array,
  maxDef: number,
  n: number,
  o: Int32Array,
): void {
  let c = 0;
  if (idx === null) {
    for (let k = 0; k < n; k++) if (defs[k] === maxDef) o[k] = s[c++]!;
  } else for (let k = 0; k < n; k++) if (defs[k] === maxDef) o[k] = s[idx[c++]!]!;
}

function spread64(
  s: BigInt64Array,
  idx: Int32Array | null,
  defs: Int32Array,
  maxDef: number,
  n: number,
  o: BigInt64Array,
): void {
  let c = 0;
  if (idx === null) {
    for (let k = 0; k < n; k++) if (defs[k] === maxDef) o[k] = s[c++]!;
  } else for (let k = 0; k < n; k++) if (defs[k] === maxDef) o[k] = s[idx[c++]!]!;
}

/** A Buffer as a plain Uint8Array (whose slice() copies, so binary values do not pin the page). */
function plainBytes(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

// Snappy pages decompress into reused scratch buffers (with spare bytes after the end for the
// decompressor's whole-word copies): slot 0 for data pages, slot 1 for the dictionary page, which must
// live while the chunk's data pages are decoded. Decoding after the chunk's read is synchronous and no
// page view outlives its chunk's decoding (values are copied into the output vectors), so one module-wide
// pair is safe.
const pageScratch: Uint8Array[] = [new Uint8Array(0), new Uint8Array(0)];

function scratchPage(slot: 0 | 1, size: number): Uint8Array {
  let b = pageScratch[slot]!;
  if (b.length < size + 16) {
    // 8-aligned (a fresh buffer), so PLAIN values in it can be viewed as typed arrays. A huge page
    // gets a buffer of its own, so the scratch never pins more than MAX_POOLED_BYTES.
    b = new Uint8Array(Math.max(size + 16, Math.min(b.length * 2, MAX_POOLED_BYTES)));
    if (b.length <= MAX_POOLED_BYTES) pageScratch[slot] = b;
  }
  return b;
}

function decompress(codec: number, data: Uint8Array, uncompressedSize: number, slot: 0 | 1): Uint8Array {
  switch (codec) {
    case CODEC_UNCOMPRESSED:
      return data;
    case CODEC_SNAPPY: {
      // Snappy expands at most ~21x: a larger claim is corrupt (and must not allocate gigabytes).
      if (uncompressedSize > data.length * 32 + 1024) throw corrupt('page size out of range');
      // Incompressible pages are stored as one literal: use the bytes where they are.
      const whole = snappySingleLiteral(data);
      if (whole !== null) {
        if (whole.length !== uncompressedSize) throw corrupt('page size');
        return whole;
      }
      const out = scratchPage(slot, uncompressedSize);
      snappyDecompressInto(data, out, uncompressedSize);
      return out.subarray(0, uncompressedSize);
    }
    case CODEC_GZIP:
      return plainBytes(gunzipSync(data));
    case CODEC_BROTLI:
      return plainBytes(brotliDecompressSync(data));
    case CODEC_ZSTD:
      if (zstdDecompressSync !== undefined) return plainBytes(zstdDecompressSync(data));
      throw corrupt('zstd is not available');
    default:
      throw corrupt(`unsupported codec ${codec}`);
  }
}

/** Byte range of a column chunk from its ColumnMetaData `md`, checked against the file size. */
function chunkSpan(md: ThriftStruct, fileSize: number): { start: number; size: number } {
  const data = num(md[9]);
  const size = num(md[7]);
  const dictOff = num(md[11]);
  if (data === undefined || size === undefined) throw corrupt('no data page offset or size');
  // Some writers store dictionary_page_offset = 0 when there is no dictionary.
  const start = dictOff !== undefined && dictOff > 0 && dictOff < data ? dictOff : data;
  if (start < 4 || start + size > fileSize || size < 0)
    throw corrupt(`chunk spans bytes ${start}..${start + size}`);
  return { start, size };
}

/** One flat column chunk to decode: its schema element, ColumnMetaData and Spark type. */
export interface FlatChunk {
  readonly el: SchemaElement;
  readonly md: ThriftStruct;
  readonly type: DataType;
}

/** Chunks closer than this are read with one read (the gap is read and ignored). */
const MAX_READ_GAP = 256 * 1024;
const MAX_READ_SPAN = 64 * 1024 * 1024;

/**
 * Decodes the column chunks `chunks` of one row group (`rows` rows) of flat columns into Vectors (in
 * the order given). Neighbouring chunks are fetched with one read into a pooled buffer.
 */
export async function readFlatColumnChunks(
  fh: FileHandle,
  fileSize: number,
  chunks: readonly FlatChunk[],
  rows: number,
): Promise<Vector[]> {
  const spans = chunks.map((c, k) => ({ k, ...chunkSpan(c.md, fileSize) })).sort((x, y) => x.start - y.start);
  const out = new Array<Vector>(chunks.length);
  let i = 0;
  while (i < spans.length) {
    // Grow the read while the next chunk starts close to the end of this one.
    const first = spans[i]!;
    let end = first.start + first.size;
    let j = i + 1;
    for (; j < spans.length; j++) {
      const s = spans[j]!;
      const e = Math.max(end, s.start + s.size);
      if (s.start > end + MAX_READ_GAP || e - first.start > MAX_READ_SPAN) break;
      end = e;
    }
    const size = end - first.start;
    const buffer = takeChunkBuffer(size);
    try {
      const bytes = buffer.subarray(0, size);
      const { bytesRead } = await fh.read(bytes, 0, size, first.start);
      if (bytesRead !== size) throw corrupt('unexpected end of file');
      for (let q = i; q < j; q++) {
        const s = spans[q]!;
        const c = chunks[s.k]!;
        const at = s.start - first.start;
        out[s.k] = decodeFlatColumnChunk(
          bytes.subarray(at, at + s.size),
          c.el,
          num(c.md[4]) ?? CODEC_UNCOMPRESSED,
          c.type,
          rows,
        );
      }
    } finally {
      giveChunkBuffer(buffer);
    }
    i = j;
  }
  return out;
}

/**
 * Decodes the column chunk with metadata `md` (ColumnMetaData) of a flat column into a Vector of
 * `rows` values of Spark type `type`.
 */
export async function readFlatColumnChunk(
  fh: FileHandle,
  fileSize: number,
  el: SchemaElement,
  md: ThriftStruct,
  type: DataType,
  rows: number,
): Promise<Vector> {
  return (await readFlatColumnChunks(fh, fileSize, [{ el, md, type }], rows))[0]!;
}

// Column chunk bytes are read into pooled buffers: nothing decoded keeps a view of them (values are
// copied out), and a buffer is taken for the whole read-and-decode, so concurrent reads (two scans
// interleaved in one thread) never share one.
const chunkPool: Uint8Array[] = [];
const CHUNK_POOL_SIZE = 4;
/** Larger buffers (huge row groups) are not kept: the pool pins at most 4 x 16 MB. */
const MAX_POOLED_BYTES = 16 * 1024 * 1024;

function takeChunkBuffer(size: number): Uint8Array {
  // Best fit: the smallest pooled buffer that holds the chunk.
  let best = -1;
  for (let i = 0; i < chunkPool.length; i++) {
    const b = chunkPool[i]!;
    if (b.length >= size && (best < 0 || b.length < chunkPool[best]!.length)) best = i;
  }
  if (best >= 0) return chunkPool.splice(best, 1)[0]!;
  // Round up so that chunks of similar sizes (the same column in the next row group) reuse it.
  return new Uint8Array(Math.max(64 * 1024, Math.ceil((size * 1.25) / 4096) * 4096));
}

function giveChunkBuffer(b: Uint8Array): void {
  // Keep the largest few (a huge one-off chunk is not kept, so the pool stays bounded).
  if (b.length > MAX_POOLED_BYTES) return;
  chunkPool.push(b);
  if (chunkPool.length > CHUNK_POOL_SIZE) {
    chunkPool.sort((x, y) => y.length - x.length);
    chunkPool.pop();
  }
}

/** Decodes the pages of one column chunk (its bytes in `chunk`) into a Vector of `rows` values. */
function decodeFlatColumnChunk(
  chunk: Uint8Array,
  el: SchemaElement,
  codec: number,
  type: DataType,
  rows: number,
): Vector {
  const size = chunk.length;
  const lt = el.logical_type;
  const millis =
    el.type === 'INT64' &&
    (type.kind === 'timestamp' || type.kind === 'timestamp_ntz') &&
    (el.converted_type === 'TIMESTAMP_MILLIS' || (lt?.type === 'TIMESTAMP' && lt.unit === 'MILLIS'));
  const sink: Sink = { type, values: allocValues(type, rows), nulls: null, rows, millis };
  const maxDef = el.repetition_type === 'OPTIONAL' ? 1 : 0;
  let dict: Plain | null = null;
  let row = 0;
  let pos = 0;
  let defs = new Int32Array(0);
  let idx = new Int32Array(0);
  while (row < rows) {
    if (pos >= size) throw corrupt(`${rows - row} values missing`);
    const { value: ph, end } = decodeThriftStructAt(chunk, pos);
    const ptype = num(ph[1]);
    const usize = num(ph[2]);
    const csize = num(ph[3]);
    if (ptype === undefined || usize === undefined || csize === undefined || usize < 0 || csize < 0)
      throw corrupt('invalid page header');
    const body = end;
    if (body + csize > size) throw corrupt('page extends past the column chunk');
    pos = body + csize;
    if (ptype === PAGE_INDEX) continue;
    if (ptype === PAGE_DICTIONARY) {
      const dh = sub(ph[7]);
      const n = num(dh?.[1]) ?? 0;
      const page = decompress(codec, chunk.subarray(body, body + csize), usize, 1);
      if (n < 0 || n > page.length * 8) throw corrupt('dictionary size');
      dict = decodePlain(el, page, 0, page.length, n);
      continue;
    }
    let n: number;
    let encoding: number;
    let page: Uint8Array;
    let p = 0;
    let nulls = 0;
    let defEnd = 0;
    if (ptype === PAGE_DATA) {
      const h = sub(ph[5]);
      n = num(h?.[1]) ?? -1;
      encoding = num(h?.[2]) ?? -1;
      if (n < 0 || row + n > rows) throw corrupt('page value count');
      page = decompress(codec, chunk.subarray(body, body + csize), usize, 0);
      if (maxDef > 0 && num(h?.[3]) === ENC_BIT_PACKED) {
        // The deprecated BIT_PACKED level encoding: no length prefix, most significant bit first.
        const len = Math.ceil(n / 8);
        if (len > page.length) throw corrupt('definition levels missing');
        if (defs.length < n) defs = new Int32Array(n);
        for (let k = 0; k < n; k++) defs[k] = (page[k >> 3]! >> (7 - (k & 7))) & 1;
        p = len;
        defEnd = 1;
      } else if (maxDef > 0) {
        if (page.length < 4) throw corrupt('definition levels missing');
        const len = page[0]! | (page[1]! << 8) | (page[2]! << 16) | (page[3]! << 24);
        if (len < 0 || 4 + len > page.length) throw corrupt('definition levels length');
        p = 4 + len;
        if (!allDefined(page, 4, 4 + len, n)) {
          if (defs.length < n) defs = new Int32Array(n);
          readHybrid(page, 4, 4 + len, 1, n, defs);
          defEnd = 1;
        }
      }
    } else if (ptype === PAGE_DATA_V2) {
      const h = sub(ph[8]);
      n = num(h?.[1]) ?? -1;
      encoding = num(h?.[4]) ?? -1;
      if (n < 0 || row + n > rows) throw corrupt('page value count');
      const defLen = num(h?.[5]) ?? 0;
      const repLen = num(h?.[6]) ?? 0;
      const compressed = h?.[7] !== false;
      if (defLen < 0 || repLen < 0 || defLen + repLen > csize) throw corrupt('level lengths');
      const levels = chunk.subarray(body, body + repLen + defLen);
      const rest = chunk.subarray(body + repLen + defLen, body + csize);
      page =
        compressed && codec !== CODEC_UNCOMPRESSED
          ? decompress(codec, rest, usize - repLen - defLen, 0)
          : rest;
      if (maxDef > 0) {
        if (!allDefined(levels, repLen, repLen + defLen, n)) {
          if (defs.length < n) defs = new Int32Array(n);
          readHybrid(levels, repLen, repLen + defLen, 1, n, defs);
          defEnd = 1;
        }
      }
    } else throw corrupt(`unknown page type ${ptype}`);
    if (n < 0 || row + n > rows) throw corrupt('page value count');
    // Rows of this page that hold values (null when all do).
    let present: Int32Array | null = null;
    let count = n;
    if (defEnd > 0) {
      let defined = 0;
      for (let k = 0; k < n; k++) defined += defs[k] === maxDef ? 1 : 0;
      nulls = n - defined;
      if (nulls > 0) {
        const nl = (sink.nulls ??= new Uint8Array(rows));
        // Branch-free: every row is written at slot c, which only advances past rows with a value
        // (so one spare slot at the end).
        const pr = new Int32Array(defined + 1);
        let c = 0;
        for (let k = 0; k < n; k++) {
          const d = defs[k] === maxDef ? 1 : 0;
          nl[row + k] = 1 - d;
          pr[c] = row + k;
          c += d;
        }
        present = pr;
        count = defined;
      }
    }
    const copyWidth = encoding === ENC_PLAIN && present === null ? plainCopyWidth(el, sink) : 0;
    if (copyWidth > 0) {
      // PLAIN values with no NULLs in the output's own layout: one byte copy, whatever the alignment.
      const bytes = count * copyWidth;
      if (p + bytes > page.length) throw corrupt('PLAIN values end early');
      const o = sink.values as Int32Array | Float32Array | BigInt64Array | Float64Array;
      new Uint8Array(o.buffer, o.byteOffset + row * copyWidth, bytes).set(page.subarray(p, p + bytes));
    } else if (encoding === ENC_PLAIN && present !== null && plainCopyWidth(el, sink) > 0) {
      // PLAIN fixed-width values with NULLs: spread along the definition levels.
      const v = decodePlain(el, page, p, page.length, count);
      if (v.kind === 'i32' || v.kind === 'f32' || v.kind === 'i64' || v.kind === 'f64')
        spread(v.v, null, defs, maxDef, n, sink.values as FixedOut, row);
      else store(sink, v, null, count, row, present);
    } else if (encoding === ENC_PLAIN) {
      store(sink, decodePlain(el, page, p, page.length, count), null, count, row, present);
    } else if (encoding === ENC_RLE_DICTIONARY || encoding === ENC_PLAIN_DICTIONARY) {
      if (dict === null) throw corrupt('dictionary page missing');
      if (count > 0) {
        const bw = page[p];
        if (bw === undefined || bw > 32) throw corrupt('dictionary index bit width');
        const out = sink.values;
        const words = present === null && !sink.millis ? fixedWords(dict, out) : 0;
        if (words !== 0 && dict.kind !== 'bytes') {
          // No NULLs and fixed-width values: decode indices and gather in one pass, over integer views
          // of the same bytes (so floats move bit for bit).
          const o = out as Int32Array | BigInt64Array | Float32Array | Float64Array;
          const d = dict.v;
          if (words === 1)
            gatherHybrid(
              page,
              p + 1,
              page.length,
              bw,
              count,
              new Int32Array(d.buffer, d.byteOffset, d.length),
              new Int32Array(o.buffer, o.byteOffset, o.length),
              row,
            );
          else
            gatherHybrid(
              page,
              p + 1,
              page.length,
              bw,
              count,
              new BigInt64Array(d.buffer, d.byteOffset, d.length),
              new BigInt64Array(o.buffer, o.byteOffset, o.length),
              row,
            );
        } else {
          if (idx.length < count) idx = new Int32Array(count);
          readHybrid(page, p + 1, page.length, bw, count, idx);
          if (present !== null && !sink.millis && dict.kind !== 'bytes' && fixedWords(dict, out) !== 0) {
            // Fixed-width dictionary values with NULLs: spread along the definition levels.
            let max = 0;
            for (let k = 0; k < count; k++) if (idx[k]! >>> 0 > max) max = idx[k]! >>> 0;
            if (max >= dict.v.length) throw corrupt('dictionary index out of range');
            spread(dict.v as FixedOut, idx, defs, maxDef, n, out as FixedOut, row);
          } else store(sink, dict, idx, count, row, present);
        }
      }
    } else if (encoding === ENC_RLE && el.type === 'BOOLEAN') {
      const len = page[p]! | (page[p + 1]! << 8) | (page[p + 2]! << 16) | (page[p + 3]! << 24);
      const vals = new Int32Array(count);
      readHybrid(page, p + 4, p + 4 + len, 1, count, vals);
      store(sink, { kind: 'bool', v: Uint8Array.from(vals) }, null, count, row, present);
    } else throw corrupt(`unsupported encoding ${encoding}`);
    row += n;
  }
  return { type, length: rows, values: sink.values, nulls: sink.nulls };
}
