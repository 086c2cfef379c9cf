// A decoder of our own for the common case of Parquet columns: a flat (top-level, non-repeated) primitive
// column whose pages use PLAIN or dictionary encoding, with snappy, gzip, brotli or no compression. It
// decodes a whole column chunk straight into the engine's typed arrays (no Arrow, no IPC copy, dictionary
// values decoded once and gathered by index); other columns go through parquet-wasm.

import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import * as zlib from 'node:zlib';
import type { FileHandle } from 'node:fs/promises';
import { type DataType, type Vector, allocValues } from '@flint/common';
import type { SchemaElement } from 'hyparquet';
import { decodeUtf8 } from '../util/utf8.js';
import { snappyDecompress } from './parquet-snappy.js';
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
  const mask = bitWidth === 32 ? -1 : (1 << bitWidth) - 1;
  while (n < count) {
    if (pos >= end) throw corrupt('RLE data ends early');
    // ULEB128 header.
    let header = 0;
    let shift = 0;
    for (;;) {
      const b = buf[pos++];
      if (b === undefined || pos > end) throw corrupt('RLE header ends early');
      header += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) break;
      shift += 7;
      if (shift > 35) throw corrupt('RLE header too long');
    }
    if ((header & 1) === 0) {
      // RLE run: one value repeated.
      const run = Math.floor(header / 2);
      let v = 0;
      for (let k = 0; k < byteWidth; k++) v |= (buf[pos + k] ?? 0) << (8 * k);
      pos += byteWidth;
      const stop = Math.min(count, n + run);
      out.fill(v, n, stop);
      n = stop;
    } else {
      // Bit-packed groups of 8 values, least significant bit first.
      const groups = Math.floor(header / 2);
      const total = groups * 8;
      const bytes = groups * bitWidth;
      if (pos + bytes > end) throw corrupt('bit-packed run ends early');
      if (bitWidth === 0) {
        const stop = Math.min(count, n + total);
        out.fill(0, n, stop);
        n = stop;
        continue;
      }
      const stop = Math.min(count, n + total);
      if (bitWidth <= 24) {
        // Bit accumulator: fewer than 8 bits wait in `acc` between values, so 32 bits never overflow.
        let acc = 0;
        let bits = 0;
        let p = pos;
        for (; n < stop; n++) {
          while (bits < bitWidth) {
            acc |= buf[p++]! << bits;
            bits += 8;
          }
          out[n] = acc & mask;
          acc >>>= bitWidth;
          bits -= bitWidth;
        }
      } else {
        let bitPos = pos * 8;
        for (; n < stop; n++) {
          const byte = bitPos >> 3;
          const off = bitPos & 7;
          // Up to 32 bits spanning 5 bytes.
          let v =
            (buf[byte]! | (buf[byte + 1]! << 8) | (buf[byte + 2]! << 16) | (buf[byte + 3]! << 24)) >>> off;
          if (off + bitWidth > 32) v |= buf[byte + 4]! << (32 - off);
          out[n] = v & mask;
          bitPos += bitWidth;
        }
      }
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
 * Decodes `count` dictionary indices (RLE / bit-packed hybrid, bitWidth <= 24) and writes the indexed
 * dictionary values (`words` 32-bit words each) to `out`: an RLE run becomes a fill.
 */
function gatherHybrid(
  buf: Uint8Array,
  pos: number,
  end: number,
  bitWidth: number,
  count: number,
  dict: Int32Array,
  out: Int32Array,
  words: 1 | 2,
): void {
  const size = dict.length / words;
  const mask = (1 << bitWidth) - 1;
  const byteWidth = (bitWidth + 7) >> 3;
  let n = 0;
  while (n < count) {
    if (pos >= end) throw corrupt('RLE data ends early');
    let header = 0;
    let shift = 0;
    for (;;) {
      const b = buf[pos++];
      if (b === undefined || pos > end) throw corrupt('RLE header ends early');
      header += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) break;
      shift += 7;
      if (shift > 35) throw corrupt('RLE header too long');
    }
    if ((header & 1) === 0) {
      const stop = Math.min(count, n + Math.floor(header / 2));
      let j = 0;
      for (let k = 0; k < byteWidth; k++) j |= (buf[pos + k] ?? 0) << (8 * k);
      pos += byteWidth;
      if (n === stop) continue;
      if (j >= size) throw corrupt('dictionary index out of range');
      if (words === 1) out.fill(dict[j]!, n, stop);
      else {
        const lo = dict[j * 2]!;
        const hi = dict[j * 2 + 1]!;
        for (let r = n * 2; r < stop * 2; r += 2) {
          out[r] = lo;
          out[r + 1] = hi;
        }
      }
      n = stop;
    } else {
      const groups = Math.floor(header / 2);
      const bytes = groups * bitWidth;
      if (pos + bytes > end) throw corrupt('bit-packed run ends early');
      const stop = Math.min(count, n + groups * 8);
      let acc = 0;
      let bits = 0;
      let q = pos;
      if (words === 1) {
        for (; n < stop; n++) {
          while (bits < bitWidth) {
            acc |= buf[q++]! << bits;
            bits += 8;
          }
          const j = acc & mask;
          acc >>>= bitWidth;
          bits -= bitWidth;
          if (j >= size) throw corrupt('dictionary index out of range');
          out[n] = dict[j]!;
        }
      } else {
        for (; n < stop; n++) {
          while (bits < bitWidth) {
            acc |= buf[q++]! << bits;
            bits += 8;
          }
          const j = acc & mask;
          acc >>>= bitWidth;
          bits -= bitWidth;
          if (j >= size) throw corrupt('dictionary index out of range');
          out[n * 2] = dict[j * 2]!;
          out[n * 2 + 1] = dict[j * 2 + 1]!;
        }
      }
      pos += bytes;
    }
  }
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
    let max = 0;
    for (let k = 0; k < count; k++) if (idx[k]! > max) max = idx[k]!;
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
          for (let j = 0; j < starts.length; j++) dict[j] = decodeUtf8(buf, starts[j]!, ends[j]!);
          for (let k = 0; k < count; k++) o[at(k)] = dict[idx[k]!]!;
        } else for (let k = 0; k < count; k++) o[at(k)] = decodeUtf8(buf, starts[k]!, ends[k]!);
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

/** A Buffer as a plain Uint8Array (whose slice() copies, so binary values do not pin the page). */
function plainBytes(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

function decompress(codec: number, data: Uint8Array, uncompressedSize: number): Uint8Array {
  switch (codec) {
    case CODEC_UNCOMPRESSED:
      return data;
    case CODEC_SNAPPY: {
      // Snappy expands at most ~21x: a larger claim is corrupt (and must not allocate gigabytes).
      if (uncompressedSize > data.length * 32 + 1024) throw corrupt('page size out of range');
      const out = new Uint8Array(uncompressedSize);
      snappyDecompress(data, out);
      return out;
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
  const data = num(md[9]);
  const size = num(md[7]);
  const dictOff = num(md[11]);
  const codec = num(md[4]) ?? CODEC_UNCOMPRESSED;
  if (data === undefined || size === undefined) throw corrupt('no data page offset or size');
  const start = dictOff !== undefined && dictOff > 0 && dictOff < data ? dictOff : data;
  if (start < 4 || start + size > fileSize || size < 0)
    throw corrupt(`chunk spans bytes ${start}..${start + size}`);
  const chunk = new Uint8Array(size);
  const { bytesRead } = await fh.read(chunk, 0, size, start);
  if (bytesRead !== size) throw corrupt('unexpected end of file');
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
      const page = decompress(codec, chunk.subarray(body, body + csize), usize);
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
      page = decompress(codec, chunk.subarray(body, body + csize), usize);
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
        compressed && codec !== CODEC_UNCOMPRESSED ? decompress(codec, rest, usize - repLen - defLen) : rest;
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
      for (let k = 0; k < n; k++) if (defs[k] !== maxDef) nulls++;
      if (nulls > 0) {
        sink.nulls ??= new Uint8Array(rows);
        present = new Int32Array(n - nulls);
        let c = 0;
        for (let k = 0; k < n; k++) {
          if (defs[k] === maxDef) present[c++] = row + k;
          else sink.nulls[row + k] = 1;
        }
        count = n - nulls;
      }
    }
    if (encoding === ENC_PLAIN) {
      store(sink, decodePlain(el, page, p, page.length, count), null, count, row, present);
    } else if (encoding === ENC_RLE_DICTIONARY || encoding === ENC_PLAIN_DICTIONARY) {
      if (dict === null) throw corrupt('dictionary page missing');
      if (count > 0) {
        const bw = page[p];
        if (bw === undefined || bw > 32) throw corrupt('dictionary index bit width');
        const out = sink.values;
        const words = present === null && bw <= 24 && !sink.millis ? fixedWords(dict, out) : 0;
        if (words !== 0 && dict.kind !== 'bytes') {
          // No NULLs and fixed-width values: decode indices and gather in one pass.
          const o = out as Int32Array | BigInt64Array | Float32Array | Float64Array;
          gatherHybrid(
            page,
            p + 1,
            page.length,
            bw,
            count,
            new Int32Array(dict.v.buffer, dict.v.byteOffset, dict.v.length * words),
            new Int32Array(o.buffer, o.byteOffset + row * 4 * words, count * words),
            words,
          );
        } else {
          if (idx.length < count) idx = new Int32Array(count);
          readHybrid(page, p + 1, page.length, bw, count, idx);
          store(sink, dict, idx, count, row, present);
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
