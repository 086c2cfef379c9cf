// A minimal Thrift compact-protocol codec for Parquet footers and page headers: decoding keeps binary
// values as raw bytes (hyparquet converts statistics to lossy JS values) and remembers each field's wire
// type, so that a decoded footer can be edited and encoded again.

/** A decoded Thrift struct: field id -> value (binary stays Uint8Array, i64 becomes a number). */
export type ThriftStruct = { readonly [field: number]: ThriftValue };
export type ThriftValue = boolean | number | Uint8Array | ThriftStruct | ThriftValue[];

/** Wire types of a decoded struct's fields, and of a decoded list's elements. */
const structTypes = new WeakMap<object, Record<number, number>>();
const listTypes = new WeakMap<object, number>();

interface Reader {
  readonly bytes: Uint8Array;
  pos: number;
}

function byteAt(r: Reader): number {
  const b = r.bytes[r.pos++];
  if (b === undefined) throw new Error('Parquet footer is truncated');
  return b;
}

function varint(r: Reader): number {
  let result = 0;
  let mul = 1;
  for (;;) {
    const b = byteAt(r);
    result += (b & 0x7f) * mul;
    if ((b & 0x80) === 0) return result;
    mul *= 128;
    if (mul > 2 ** 70) throw new Error('Parquet footer has an invalid varint');
  }
}

function zigzag(r: Reader): number {
  const n = varint(r);
  // Zigzag without 32-bit bit operations, so i64 values up to 2^53 stay exact.
  return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
}

function readValue(r: Reader, type: number, depth: number): ThriftValue {
  if (depth > 64) throw new Error('Parquet footer is nested too deeply');
  switch (type) {
    case 1:
      return true;
    case 2:
      return false;
    case 3: {
      const b = byteAt(r);
      return b > 127 ? b - 256 : b;
    }
    case 4:
    case 5:
    case 6:
      return zigzag(r);
    case 7: {
      if (r.pos + 8 > r.bytes.length) throw new Error('Parquet footer is truncated');
      const v = new DataView(r.bytes.buffer, r.bytes.byteOffset + r.pos, 8).getFloat64(0, true);
      r.pos += 8;
      return v;
    }
    case 8: {
      const len = varint(r);
      if (r.pos + len > r.bytes.length) throw new Error('Parquet footer is truncated');
      const v = r.bytes.subarray(r.pos, r.pos + len);
      r.pos += len;
      return v;
    }
    case 9:
    case 10: {
      const h = byteAt(r);
      let size = h >> 4;
      const elemType = h & 0x0f;
      if (size === 15) size = varint(r);
      if (size > r.bytes.length) throw new Error('Parquet footer has an invalid list size');
      const out: ThriftValue[] = [];
      listTypes.set(out, elemType);
      for (let i = 0; i < size; i++) {
        // Booleans inside lists are one byte each.
        if (elemType === 1 || elemType === 2) out.push(byteAt(r) === 1);
        else out.push(readValue(r, elemType, depth + 1));
      }
      return out;
    }
    case 11: {
      const size = varint(r);
      if (size === 0) return [];
      const kv = byteAt(r);
      const out: ThriftValue[] = [];
      for (let i = 0; i < size; i++) {
        out.push(readValue(r, kv >> 4, depth + 1));
        out.push(readValue(r, kv & 0x0f, depth + 1));
      }
      return out;
    }
    case 12:
      return readStruct(r, depth + 1);
    default:
      throw new Error(`Parquet footer has an invalid Thrift type ${type}`);
  }
}

function readStruct(r: Reader, depth: number): ThriftStruct {
  const out: Record<number, ThriftValue> = {};
  const types: Record<number, number> = {};
  structTypes.set(out, types);
  let last = 0;
  for (;;) {
    const h = byteAt(r);
    const type = h & 0x0f;
    if (type === 0) return out;
    const delta = h >> 4;
    const id = delta === 0 ? zigzag(r) : last + delta;
    last = id;
    types[id] = type === 2 ? 1 : type;
    out[id] = readValue(r, type, depth);
  }
}

/** Decodes the FileMetaData struct serialized in `bytes` (the footer without its length and magic). */
export function decodeThriftStruct(bytes: Uint8Array): ThriftStruct {
  return readStruct({ bytes, pos: 0 }, 0);
}

/** Decodes one struct starting at `pos`; returns it and the position after it (for page headers). */
export function decodeThriftStructAt(bytes: Uint8Array, pos: number): { value: ThriftStruct; end: number } {
  const r = { bytes, pos };
  const value = readStruct(r, 0);
  return { value, end: r.pos };
}

/** A copy of decoded struct `s` with some fields replaced (same wire type) or removed (undefined). */
export function withFields(s: ThriftStruct, changes: Record<number, ThriftValue | undefined>): ThriftStruct {
  const out: Record<number, ThriftValue> = { ...s };
  const types = { ...(structTypes.get(s) ?? {}) };
  for (const [k, v] of Object.entries(changes)) {
    const id = Number(k);
    if (v === undefined) {
      delete out[id];
      delete types[id];
    } else {
      out[id] = v;
      types[id] ??= typeof v === 'number' ? 6 : Array.isArray(v) ? 9 : v instanceof Uint8Array ? 8 : 12;
    }
  }
  structTypes.set(out, types);
  return out;
}

/** A list value that encodes with the element type of `like`. */
export function listLike(like: ThriftValue[], items: ThriftValue[]): ThriftValue[] {
  const t = listTypes.get(like);
  if (t !== undefined) listTypes.set(items, t);
  return items;
}

class Writer {
  buf = new Uint8Array(1024);
  pos = 0;
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }
  varint(n: number): void {
    this.ensure(10);
    while (n >= 128) {
      this.buf[this.pos++] = (n % 128) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buf[this.pos++] = n;
  }
  zigzag(n: number): void {
    this.varint(n >= 0 ? n * 2 : -n * 2 - 1);
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
}

function writeValue(w: Writer, type: number, v: ThriftValue): void {
  switch (type) {
    case 1:
    case 2:
      return;
    case 3:
      w.byte((v as number) & 0xff);
      return;
    case 4:
    case 5:
    case 6:
      w.zigzag(v as number);
      return;
    case 7: {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, v as number, true);
      w.bytes(b);
      return;
    }
    case 8:
      w.varint((v as Uint8Array).length);
      w.bytes(v as Uint8Array);
      return;
    case 9:
    case 10: {
      const items = v as ThriftValue[];
      const et = listTypes.get(items) ?? 12;
      if (items.length < 15) w.byte((items.length << 4) | et);
      else {
        w.byte(0xf0 | et);
        w.varint(items.length);
      }
      for (const x of items) {
        if (et === 1 || et === 2) w.byte(x === true ? 1 : 2);
        else writeValue(w, et, x);
      }
      return;
    }
    case 12:
      writeStruct(w, v as ThriftStruct);
      return;
    default:
      throw new Error(`cannot encode Thrift type ${type}`);
  }
}

function writeStruct(w: Writer, s: ThriftStruct): void {
  const types = structTypes.get(s) ?? {};
  let last = 0;
  const ids = Object.keys(s)
    .map(Number)
    .sort((a, b) => a - b);
  for (const id of ids) {
    const v = s[id]!;
    let type = types[id] ?? 12;
    if (type === 1 || type === 2) type = v === true ? 1 : 2;
    if (type === 11) throw new Error('cannot encode Thrift maps');
    const delta = id - last;
    if (delta > 0 && delta <= 15) w.byte((delta << 4) | type);
    else {
      w.byte(type);
      w.zigzag(id);
    }
    writeValue(w, type, v);
    last = id;
  }
  w.byte(0);
}

/** Encodes a struct decoded by decodeThriftStruct (possibly edited with withFields). */
export function encodeThriftStruct(s: ThriftStruct): Uint8Array {
  const w = new Writer();
  writeStruct(w, s);
  return w.buf.slice(0, w.pos);
}
