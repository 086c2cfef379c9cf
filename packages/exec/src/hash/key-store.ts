// The distinct values of one key column of a KeyTable, in typed storage grown by doubling, with the
// column's hashing and equality (Spark grouping equality: NULL = NULL, NaN = NaN, -0.0 = 0.0).

import {
  allocValues,
  dataTypeEquals,
  getValue,
  InternalError,
  type DataType,
  type Value,
  type Vector,
} from '@flint/common';
import { int32View, sampledMeanLength, type Store } from '../eval/vectors.js';
import { encodeOne } from '../operators/row-key.js';
import { combineHash, fmix32, hashDouble, hashLongHalves, hashString, NULL_HASH } from './hash-kernels.js';
import { codeHash, dictionaryHashes } from './dictionary-hashes.js';
import { createStringCodes, type StringCodes } from './string-codes.js';

/** How a column's keys are stored and compared. */
export type KeyStoreKind = 'int' | 'long' | 'double' | 'string' | 'generic';

export interface KeyStore {
  readonly kind: KeyStoreKind;
  readonly type: DataType;
  /** int: the values; long: two 32-bit halves per value (little-endian view of the stored longs). */
  i32: Int32Array;
  /** double: the normalized values (-0.0 stored as 0.0). */
  f64: Float64Array;
  /** string: the values ('' where NULL); generic: the values' exact encodings. */
  strs: string[];
  /** long: the 32-bit halves of the vector last hashed (what rows are compared and appended from). */
  hashedWords: Int32Array;
  /** 1 where the stored key is NULL. */
  nulls: Uint8Array;
  /** Number of keys stored. */
  count: number;
  /** Writes (first column) or folds in (later columns) the hashes of rows 0..n-1 of v. */
  hashInto(v: Vector, n: number, h: Int32Array, first: boolean): void;
  /**
   * generic: row i of the vector last hashed has stored key id's exact encoding (NULL included). Keys
   * of the other kinds are compared by the key table itself (`comparisonFor` in key-table.ts).
   */
  encodingEquals(i: number, id: number): boolean;
  /** generic: rows i and j of the vector last hashed have the same exact encoding. */
  encodingsEqual(i: number, j: number): boolean;
  /**
   * Stores rows rows[0..n-1] of v (the vector last hashed) as keys count..count+n-1: a column at a
   * time, so that a composite key's new keys are not stored a row and a column at a time through a
   * call per store (H2O q10's six columns: a quarter of inserting its mostly new keys).
   */
  appendRows(v: Vector, rows: Int32Array, n: number): void;
  /** Makes room for `count` keys in all (no growth by doubling until then). */
  reserve(count: number): void;
  toVector(size: number): Vector;
  byteSize(): number;
}

export function storeKindOf(t: DataType): KeyStoreKind {
  switch (t.kind) {
    case 'boolean':
    case 'byte':
    case 'short':
    case 'integer':
    case 'date':
    case 'year_month_interval':
      return 'int';
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz':
    case 'time':
    case 'day_time_interval':
      return 'long';
    case 'decimal':
      return t.precision <= 18 ? 'long' : 'generic';
    case 'float':
    case 'double':
      return 'double';
    case 'string':
      return 'string';
    default:
      return 'generic';
  }
}

/** Whether two key columns of these types can share a KeyTable column without conversion. */
export function sameKeyStorage(a: DataType, b: DataType): boolean {
  const k = storeKindOf(a);
  if (k !== storeKindOf(b)) return false;
  if (k === 'generic') return dataTypeEquals(a, b, true);
  if (a.kind === 'decimal' || b.kind === 'decimal')
    return a.kind === 'decimal' && b.kind === 'decimal' && a.scale === b.scale;
  return true;
}

/**
 * Row i of a string key column, read through its dictionary when it has one (not decoding it all); a
 * packed column's rows are cut once, as a table hashes, compares and keeps most of them.
 */
export function stringKeyAt(v: Vector, i: number): string {
  const d = v.dictionary;
  return d !== undefined ? d.values[d.codes[i]!]! : (v.values as string[])[i]!;
}

function put(h: Int32Array, i: number, c: number, first: boolean): void {
  h[i] = first ? c : combineHash(h[i]!, c);
}

/**
 * A key column's stored keys. A class, not an object of closures: its methods' optimized code is
 * shared by every store of a thread, where each store's closures were compiled again once V8 had
 * dropped the code of the last ones (it keeps a closure's code only while one of them lives).
 */
class ColumnKeyStore implements KeyStore {
  readonly kind: KeyStoreKind;
  i32: Int32Array;
  f64: Float64Array;
  strs: string[] = [];
  hashedWords: Int32Array = new Int32Array(0);
  nulls: Uint8Array;
  count = 0;
  private cap = 16;
  private big: BigInt64Array;
  /** generic: the encodings of the rows of the vector last hashed. */
  private enc: string[] = [];
  /** generic: the stored row values. */
  private readonly values: Value[] = [];
  /** string: the keys' codes in a dictionary, for a dictionary column out when they repeat. */
  private readonly stringCodes: StringCodes | null;
  /** string: the hashes of the plain rows of the vector last hashed, while stringCodes is coding. */
  private rowHashes: Int32Array = new Int32Array(0);

  constructor(readonly type: DataType) {
    const kind = storeKindOf(type);
    this.kind = kind;
    this.big = kind === 'long' ? new BigInt64Array(this.cap) : new BigInt64Array(0);
    this.i32 =
      kind === 'int' ? new Int32Array(this.cap) : kind === 'long' ? int32View(this.big) : new Int32Array(0);
    this.f64 = kind === 'double' ? new Float64Array(this.cap) : new Float64Array(0);
    this.nulls = new Uint8Array(this.cap);
    this.stringCodes = kind === 'string' ? createStringCodes() : null;
  }

  hashInto(v: Vector, n: number, h: Int32Array, first: boolean): void {
    const nulls = v.nulls;
    switch (this.kind) {
      case 'int': {
        const vals = v.values as Int32Array;
        for (let i = 0; i < n; i++)
          put(h, i, nulls !== null && nulls[i] === 1 ? NULL_HASH : fmix32(vals[i]! | 0), first);
        return;
      }
      case 'long': {
        const w = int32View(v.values as BigInt64Array);
        this.hashedWords = w;
        for (let i = 0; i < n; i++)
          put(
            h,
            i,
            nulls !== null && nulls[i] === 1 ? NULL_HASH : hashLongHalves(w[2 * i]!, w[2 * i + 1]!),
            first,
          );
        return;
      }
      case 'double': {
        const vals = v.values as Float64Array;
        for (let i = 0; i < n; i++)
          put(h, i, nulls !== null && nulls[i] === 1 ? NULL_HASH : hashDouble(vals[i]!), first);
        return;
      }
      case 'string': {
        const dictionary = v.dictionary;
        if (dictionary !== undefined) {
          // A dictionary column hashes each of its values once (its strings are not even made).
          const { values, codes } = dictionary;
          const d = dictionaryHashes(values, n);
          for (let i = 0; i < n; i++)
            put(h, i, nulls !== null && nulls[i] === 1 ? NULL_HASH : codeHash(d, values, codes[i]!), first);
          return;
        }
        // Each row's own hash is kept for the codes of the rows that become keys (hashing a long
        // string again was most of coding it: TPC-H Q10's comments and addresses).
        const coding = this.stringCodes!.coding;
        if (coding && this.rowHashes.length < n)
          this.rowHashes = new Int32Array(Math.max(n, 2 * this.rowHashes.length));
        const own = this.rowHashes;
        // Runs of one value (few-valued columns, clustered rows) hash once: equal values read from
        // a dictionary are one string object, so the test is a pointer comparison.
        let prev: string | undefined;
        let prevHash = 0;
        for (let i = 0; i < n; i++) {
          if (nulls !== null && nulls[i] === 1) {
            put(h, i, NULL_HASH, first);
            continue;
          }
          const x = stringKeyAt(v, i);
          if (x !== prev) {
            prev = x;
            prevHash = hashString(x);
          }
          put(h, i, prevHash, first);
          if (coding) own[i] = prevHash;
        }
        return;
      }
      case 'generic': {
        this.enc = new Array<string>(n);
        for (let i = 0; i < n; i++) {
          const e = encodeOne(v, i);
          this.enc[i] = e;
          put(h, i, hashString(e), first);
        }
        return;
      }
    }
  }

  encodingEquals(i: number, id: number): boolean {
    if (this.kind !== 'generic') throw new InternalError(`KeyStore: ${this.kind} keys have no encodings`);
    return this.enc[i] === this.strs[id];
  }

  encodingsEqual(i: number, j: number): boolean {
    if (this.kind !== 'generic') throw new InternalError(`KeyStore: ${this.kind} keys have no encodings`);
    return this.enc[i] === this.enc[j];
  }

  reserve(count: number): void {
    if (count > this.cap) this.grow(count);
  }

  appendRows(v: Vector, rows: Int32Array, n: number): void {
    const first = this.count;
    while (first + n > this.cap) this.grow(2 * this.cap);
    const nulls = v.nulls;
    const stored = this.nulls;
    if (nulls !== null) for (let k = 0; k < n; k++) stored[first + k] = nulls[rows[k]!] === 1 ? 1 : 0;
    switch (this.kind) {
      case 'int': {
        const vals = v.values as Int32Array;
        const out = this.i32;
        for (let k = 0; k < n; k++) {
          const i = rows[k]!;
          out[first + k] = nulls !== null && nulls[i] === 1 ? 0 : vals[i]! | 0;
        }
        break;
      }
      case 'long': {
        const w = this.hashedWords;
        const out = this.i32;
        for (let k = 0; k < n; k++) {
          const i = rows[k]!;
          const id = first + k;
          const isNull = nulls !== null && nulls[i] === 1;
          out[2 * id] = isNull ? 0 : w[2 * i]!;
          out[2 * id + 1] = isNull ? 0 : w[2 * i + 1]!;
        }
        break;
      }
      case 'double': {
        const vals = v.values as Float64Array;
        const out = this.f64;
        for (let k = 0; k < n; k++) {
          const i = rows[k]!;
          const x = nulls !== null && nulls[i] === 1 ? 0 : vals[i]!;
          out[first + k] = x === 0 ? 0 : x;
        }
        break;
      }
      case 'string': {
        const strs = this.strs;
        // (A string's length is not read here: that would load every key's string, at a cache
        // miss each once they are many; byteSize samples them.)
        for (let k = 0; k < n; k++) {
          const i = rows[k]!;
          strs.push(nulls !== null && nulls[i] === 1 ? '' : stringKeyAt(v, i));
        }
        for (let k = 0; k < n; k++) this.stringCodes!.add(v, rows[k]!, first + k, this.rowHashes);
        break;
      }
      case 'generic':
        for (let k = 0; k < n; k++) {
          this.strs.push(this.enc[rows[k]!]!);
          this.values.push(getValue(v, rows[k]!));
        }
        break;
    }
    this.count = first + n;
  }

  toVector(size: number): Vector {
    let anyNull = false;
    for (let id = 0; id < size; id++) if (this.nulls[id] === 1) anyNull = true;
    const nulls = anyNull ? this.nulls.slice(0, size) : null;
    switch (this.kind) {
      case 'long':
        return { type: this.type, length: size, values: this.big.slice(0, size), nulls };
      case 'string':
        return (
          this.stringCodes!.vector(this.type, size, nulls) ?? {
            type: this.type,
            length: size,
            values: this.strs.slice(0, size),
            nulls,
          }
        );
      case 'generic': {
        const out = allocValues(this.type, size) as unknown as Store;
        for (let id = 0; id < size; id++) if (this.nulls[id] !== 1) out[id] = this.values[id];
        return { type: this.type, length: size, values: out as unknown as Vector['values'], nulls };
      }
      case 'int':
      case 'double': {
        const src = this.kind === 'int' ? this.i32 : this.f64;
        const out = allocValues(this.type, size) as unknown as Store;
        for (let id = 0; id < size; id++) out[id] = src[id];
        return { type: this.type, length: size, values: out as unknown as Vector['values'], nulls };
      }
    }
  }

  byteSize(): number {
    const fixed =
      this.cap * (1 + (this.kind === 'long' || this.kind === 'double' ? 8 : this.kind === 'int' ? 4 : 0));
    if (this.kind !== 'string' && this.kind !== 'generic') return fixed;
    const strings =
      this.count * ((this.kind === 'generic' ? 32 : 16) + 2 * sampledMeanLength(this.strs, this.count));
    return fixed + strings + (this.stringCodes?.byteSize() ?? 0);
  }

  private grow(newCap: number): void {
    this.cap = newCap;
    const nulls = new Uint8Array(this.cap);
    nulls.set(this.nulls);
    this.nulls = nulls;
    if (this.kind === 'int') {
      const a = new Int32Array(this.cap);
      a.set(this.i32);
      this.i32 = a;
    } else if (this.kind === 'long') {
      const a = new BigInt64Array(this.cap);
      a.set(this.big);
      this.big = a;
      this.i32 = int32View(this.big);
    } else if (this.kind === 'double') {
      const a = new Float64Array(this.cap);
      a.set(this.f64);
      this.f64 = a;
    }
  }
}

export function createKeyStore(type: DataType): KeyStore {
  return new ColumnKeyStore(type);
}
