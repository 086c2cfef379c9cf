// Broadcast data in shared memory: every typed array copied once into a SharedArrayBuffer and string
// columns as UTF-8 bytes + offsets there too, so each task message carries references, not copies,
// and each worker decodes a broadcast once per job.

import { Buffer } from 'node:buffer';
import {
  isPackedStrings,
  unpackColumn,
  type Batch,
  type ColumnValues,
  type DataType,
  type PackedStrings,
  type StoredBatch,
  type StoredColumn,
  type Vector,
} from '@flint/common';

export type SharedVector =
  | {
      readonly type: DataType;
      readonly length: number;
      readonly nulls: Uint8Array | null;
      readonly values: ColumnValues;
      readonly utf8?: undefined;
    }
  | {
      readonly type: DataType;
      readonly length: number;
      readonly nulls: Uint8Array | null;
      readonly utf8: { readonly bytes: Uint8Array; readonly offsets: Int32Array };
      /** Mostly distinct strings, packed where they came from (a worker keeps them packed too). */
      readonly packed?: boolean;
    };

export interface SharedBatch {
  readonly numRows: number;
  readonly columns: readonly SharedVector[];
}

type TypedArray = Exclude<ColumnValues, unknown[]> & ArrayBufferView & { length: number };

function shareTyped<T extends ArrayBufferView & { length: number }>(a: T, length: number): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const bytesPer = a.byteLength / Math.max(1, a.length);
  const Ctor = a.constructor as new (b: SharedArrayBuffer) => T & { set(x: T): void };
  const out = new Ctor(new SharedArrayBuffer(Math.ceil(length * bytesPer) || 8));
  out.set((a as unknown as { subarray(s: number, e: number): T }).subarray(0, length));
  return out;
}

function shareVector(v: StoredColumn): SharedVector {
  if (isPackedStrings(v)) {
    const bytes = Buffer.byteLength(v.chars, 'utf8');
    // ASCII: the characters are the bytes and the offsets stay as they are.
    if (bytes !== v.chars.length) return { ...(shareVector(unpackColumn(v)) as SharedUtf8), packed: true };
    const sab = new SharedArrayBuffer(Math.max(1, bytes));
    Buffer.from(sab).write(v.chars, 0, 'latin1');
    return {
      type: v.type,
      length: v.length,
      nulls: v.nulls === null ? null : shareTyped(v.nulls, v.length),
      utf8: { bytes: new Uint8Array(sab, 0, bytes), offsets: shareTyped(v.offsets, v.length + 1) },
      packed: true,
    };
  }
  const nulls = v.nulls === null ? null : shareTyped(v.nulls, v.length);
  if (ArrayBuffer.isView(v.values)) {
    return { type: v.type, length: v.length, nulls, values: shareTyped(v.values as TypedArray, v.length) };
  }
  if (v.type.kind === 'string') {
    const strings = v.values as string[];
    const offsets = new Int32Array(new SharedArrayBuffer(4 * (v.length + 1)));
    let total = 0;
    for (let i = 0; i < v.length; i++) {
      total += Buffer.byteLength(strings[i] ?? '', 'utf8');
      offsets[i + 1] = total;
    }
    const sab = new SharedArrayBuffer(Math.max(1, total));
    const buf = Buffer.from(sab);
    for (let i = 0; i < v.length; i++) buf.write(strings[i] ?? '', offsets[i]!, 'utf8');
    return { type: v.type, length: v.length, nulls, utf8: { bytes: new Uint8Array(sab, 0, total), offsets } };
  }
  // Nested and other object columns are cloned with each message.
  return { type: v.type, length: v.length, nulls, values: v.values };
}

type SharedUtf8 = Extract<SharedVector, { utf8: object }>;

export function toSharedBatches(batches: readonly StoredBatch[]): SharedBatch[] {
  return batches.map((b) => ({ numRows: b.numRows, columns: b.columns.map(shareVector) }));
}

export function fromSharedBatches(shared: readonly SharedBatch[]): Batch[] {
  return shared.map((b) => ({
    numRows: b.numRows,
    columns: b.columns.map((c): Vector => {
      if (c.utf8 === undefined) return { type: c.type, length: c.length, nulls: c.nulls, values: c.values };
      const buf = Buffer.from(c.utf8.bytes.buffer, c.utf8.bytes.byteOffset, c.utf8.bytes.byteLength);
      const offsets = c.utf8.offsets;
      const out = new Array<string>(c.length);
      for (let i = 0; i < c.length; i++) out[i] = buf.toString('utf8', offsets[i]!, offsets[i + 1]!);
      return { type: c.type, length: c.length, nulls: c.nulls, values: out };
    }),
  }));
}

/**
 * One column of a kept in-memory block, decoded once by a worker: numbers as views of the shared
 * memory; ASCII strings decoded with one call, then kept packed when mostly distinct, else cut into
 * rows whose equal values share one string object (so a worker's copy of a cached table is not one
 * heap object per row either).
 */
export function fromSharedColumn(c: SharedVector): StoredColumn {
  if (c.utf8 === undefined) return { type: c.type, length: c.length, nulls: c.nulls, values: c.values };
  const { bytes, offsets } = c.utf8;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Array<string>(c.length);
  if (isAscii(bytes)) {
    const chars = buf.toString('latin1');
    const packed: PackedStrings = { type: c.type, length: c.length, nulls: c.nulls, chars, offsets };
    if (c.packed === true) return packed;
    const interned = new Map<string, string>();
    for (let i = 0; i < c.length; i++) {
      const s = chars.substring(offsets[i]!, offsets[i + 1]!);
      let shared = interned.get(s);
      if (shared === undefined) interned.set(s, (shared = s));
      out[i] = shared;
    }
  } else {
    for (let i = 0; i < c.length; i++) out[i] = buf.toString('utf8', offsets[i]!, offsets[i + 1]!);
  }
  return { type: c.type, length: c.length, nulls: c.nulls, values: out };
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) return false;
  return true;
}
