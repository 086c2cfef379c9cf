// Broadcast data in shared memory: every typed array copied once into a SharedArrayBuffer and string
// columns as UTF-8 bytes + offsets there too (columns of few distinct values as a dictionary of them
// + one code per row), so each task message carries references, not copies, and each worker decodes
// a broadcast once per job.

import { Buffer } from 'node:buffer';
import {
  dictionaryEncode,
  isDictionaryStrings,
  isPackedStrings,
  mostlyDistinct,
  packColumn,
  unpackColumn,
  type Batch,
  type ColumnValues,
  type DataType,
  type DictionaryStrings,
  type PackedStrings,
  type StoredBatch,
  type StoredColumn,
  type Vector,
} from '@flint/common';
import { inSharedBuffer, noteLatin1 } from './wire-batches.js';

export type SharedVector =
  | {
      readonly type: DataType;
      readonly length: number;
      readonly nulls: Uint8Array | null;
      readonly values: ColumnValues;
      readonly utf8?: undefined;
      readonly codes?: undefined;
    }
  | {
      readonly type: DataType;
      readonly length: number;
      readonly nulls: Uint8Array | null;
      readonly utf8: Utf8Strings;
      /**
       * Mostly distinct ASCII strings, packed where they came from: the bytes are the characters, and
       * a worker decodes them in one call and keeps them packed too (known when shared, not scanned
       * again by every task that reads them).
       */
      readonly packedAscii?: boolean;
      readonly codes?: undefined;
    }
  | {
      readonly type: DataType;
      readonly length: number;
      readonly nulls: Uint8Array | null;
      /** The distinct values; row i is dictionary[codes[i]]. */
      readonly dictionary: Utf8Strings;
      readonly codes: Int32Array;
      readonly utf8?: undefined;
    };

interface Utf8Strings {
  readonly bytes: Uint8Array;
  readonly offsets: Int32Array;
}

export interface SharedBatch {
  readonly numRows: number;
  readonly columns: readonly SharedVector[];
}

type TypedArray = Exclude<ColumnValues, unknown[]> & ArrayBufferView & { length: number };

// A dictionary shared by the batches of a cached partition is encoded once, and decoded once per
// worker (10^5 strings of H2O's id3 in each of 76 batches).
const encodedDictionaries = new WeakMap<readonly string[], Utf8Strings>();
const decodedDictionaries = new WeakMap<SharedArrayBuffer | ArrayBuffer, string[]>();

function shareDictionary(v: DictionaryStrings): SharedVector {
  let dictionary = encodedDictionaries.get(v.dictionary);
  if (dictionary === undefined) {
    dictionary = toUtf8(v.dictionary, v.dictionary.length);
    encodedDictionaries.set(v.dictionary, dictionary);
  }
  return {
    type: v.type,
    length: v.length,
    nulls: v.nulls === null ? null : inSharedBuffer(v.nulls, v.length),
    dictionary,
    codes: inSharedBuffer(v.codes, v.length),
  };
}

function shareVector(v: StoredColumn): SharedVector {
  if (isDictionaryStrings(v)) return shareDictionary(v);
  if (!isPackedStrings(v) && v.dictionary !== undefined) return shareVector(packColumn(v));
  if (isPackedStrings(v)) {
    const bytes = Buffer.byteLength(v.chars, 'utf8');
    // ASCII: the characters are the bytes and the offsets stay as they are.
    if (bytes !== v.chars.length) {
      const nulls = v.nulls === null ? null : inSharedBuffer(v.nulls, v.length);
      const utf8 = toUtf8(unpackColumn(v).values as string[], v.length);
      return { type: v.type, length: v.length, nulls, utf8 };
    }
    const sab = new SharedArrayBuffer(Math.max(1, bytes));
    Buffer.from(sab).write(v.chars, 0, 'latin1');
    return {
      type: v.type,
      length: v.length,
      nulls: v.nulls === null ? null : inSharedBuffer(v.nulls, v.length),
      utf8: { bytes: new Uint8Array(sab, 0, bytes), offsets: inSharedBuffer(v.offsets, v.length + 1) },
      packedAscii: true,
    };
  }
  const nulls = v.nulls === null ? null : inSharedBuffer(v.nulls, v.length);
  if (ArrayBuffer.isView(v.values)) {
    return {
      type: v.type,
      length: v.length,
      values: inSharedBuffer(v.values as TypedArray, v.length),
      nulls,
    };
  }
  if (v.type.kind === 'string') {
    const strings = v.values as string[];
    // A broadcast's column (or a cached one too short to pack) may have few distinct values or many.
    const encoded = mostlyDistinct(v) ? null : dictionaryEncode(v);
    return encoded === null
      ? { type: v.type, length: v.length, nulls, utf8: toUtf8(strings, v.length) }
      : shareDictionary(encoded);
  }
  // Nested and other object columns are cloned with each message.
  return { type: v.type, length: v.length, values: v.values, nulls };
}

/** The first `count` strings (NULL rows as '') as UTF-8 bytes + offsets in shared memory. */
function toUtf8(strings: readonly (string | undefined)[], count: number): Utf8Strings {
  const offsets = new Int32Array(new SharedArrayBuffer(4 * (count + 1)));
  let total = 0;
  for (let i = 0; i < count; i++) {
    total += Buffer.byteLength(strings[i] ?? '', 'utf8');
    offsets[i + 1] = total;
  }
  const sab = new SharedArrayBuffer(Math.max(1, total));
  const buf = Buffer.from(sab);
  for (let i = 0; i < count; i++) buf.write(strings[i] ?? '', offsets[i]!, 'utf8');
  return { bytes: new Uint8Array(sab, 0, total), offsets };
}

/** The strings back from their UTF-8 form. */
function fromUtf8({ bytes, offsets }: Utf8Strings, count: number): string[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Array<string>(count);
  for (let i = 0; i < count; i++) out[i] = buf.toString('utf8', offsets[i]!, offsets[i + 1]!);
  return out;
}

/** A dictionary column as its decoded values and the shared codes. */
function fromDictionary(c: Extract<SharedVector, { codes: Int32Array }>): DictionaryStrings {
  const key = c.dictionary.offsets.buffer;
  let dictionary = decodedDictionaries.get(key);
  if (dictionary === undefined) {
    dictionary = fromUtf8(c.dictionary, c.dictionary.offsets.length - 1);
    decodedDictionaries.set(key, dictionary);
  }
  return { type: c.type, length: c.length, nulls: c.nulls, dictionary, codes: c.codes };
}

export function toSharedBatches(batches: readonly StoredBatch[]): SharedBatch[] {
  return batches.map((b) => ({ numRows: b.numRows, columns: b.columns.map(shareVector) }));
}

export function fromSharedBatches(shared: readonly SharedBatch[]): Batch[] {
  return shared.map((b) => ({
    numRows: b.numRows,
    columns: b.columns.map((c): Vector => {
      if (c.codes !== undefined) return unpackColumn(fromDictionary(c));
      if (c.utf8 === undefined) return { type: c.type, length: c.length, values: c.values, nulls: c.nulls };
      return { type: c.type, length: c.length, values: fromUtf8(c.utf8, c.length), nulls: c.nulls };
    }),
  }));
}

/**
 * One column of a kept in-memory block, decoded once by a worker: numbers as views of the shared
 * memory; packed ASCII strings decoded with one call and kept packed; dictionary columns as their
 * decoded values over the shared codes (so a worker's copy of a cached table is not one heap object,
 * or pointer, per row either).
 */
export function fromSharedColumn(c: SharedVector): StoredColumn {
  if (c.codes !== undefined) return fromDictionary(c);
  if (c.utf8 === undefined) return { type: c.type, length: c.length, values: c.values, nulls: c.nulls };
  const { bytes, offsets } = c.utf8;
  if (c.packedAscii === true) {
    const chars = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    // Rows of it crossing threads go as ranges of these bytes (no copy of them made).
    noteLatin1(offsets, bytes);
    const packed: PackedStrings = { type: c.type, length: c.length, nulls: c.nulls, chars, offsets };
    return packed;
  }
  return { type: c.type, length: c.length, values: fromUtf8(c.utf8, c.length), nulls: c.nulls };
}
