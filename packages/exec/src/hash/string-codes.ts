// The string keys of a KeyTable column numbered in a dictionary of their own, so that grouped keys
// that repeat come out as a dictionary column (H2O q10: 10^7 groups whose id3 has 10^5 values). As a
// string per row, each task's output was joined into one string to cross to the driver and cut back
// into a string per row there, and the driver's collections of those strings ran beside the workers.

import { dictionaryVector, type DataType, type Vector } from '@flint/common';
import { grown } from '../functions/aggregate-typed.js';
import { codeHash, dictionaryHashes } from './dictionary-hashes.js';
import { hashString } from './hash-kernels.js';

/** Keys coded before how they code is judged (the share from plain rows, the share of distinct values). */
const CHECK_KEYS = 1024;
/** Coding stops when the distinct values are more than this share of the keys: they will not repeat enough. */
const MAX_DISTINCT_SHARE = 0.5;
/** Coding stops when more than this share of the keys came from plain rows (each hashes its string). */
const MAX_PLAIN_SHARE = 0.25;
/** Coding stops when the code maps of the dictionaries read hold more entries than this. */
const MAX_MAPPED_CODES = 1 << 22;
/** A dictionary column is made when the keys are at least this many times its values. */
const MIN_REPEATS = 4;

export interface StringCodes {
  /** Whether keys are still being coded (add does nothing once coding was given up). */
  readonly coding: boolean;
  /**
   * Codes key `id`, whose value is row i of v (a string column; NULL rows code as ''). A plain (not
   * dictionary) row's hashString is rowHashes[i].
   */
  add(v: Vector, i: number, id: number, rowHashes: Int32Array): void;
  /**
   * Keys 0..size-1 as a dictionary column, or null: coding was given up, or the keys repeat too little
   * for a dictionary to pay.
   */
  vector(type: DataType, size: number, nulls: Uint8Array | null): Vector | null;
  byteSize(): number;
}

/**
 * StringCodes as a class: an object of closures per key store had its loops compiled again for each
 * store once V8 dropped the last one's code (see ColumnKeyStore).
 */
class KeyStringCodes implements StringCodes {
  private codes: Int32Array | null = new Int32Array(16);
  // The distinct values, found by hash: slots hold code + 1 (0 empty), load at most 1/2.
  private readonly values: string[] = [];
  private valueHashes: Int32Array = new Int32Array(16);
  private slots: Int32Array = new Int32Array(64);
  private mask = 63;
  // Per input dictionary, the codes here of its codes (-1: not met yet); the latest one at hand.
  private readonly mapped = new Map<readonly string[], Int32Array>();
  private mappedCodes = 0;
  private lastDictionary: readonly string[] | null = null;
  private lastMap: Int32Array = new Int32Array(0);
  private added = 0;
  private plain = 0;

  get coding(): boolean {
    return this.codes !== null;
  }

  add(v: Vector, i: number, id: number, rowHashes: Int32Array): void {
    if (this.codes === null) return;
    const codes = (this.codes = grown(this.codes, id + 1, (k) => new Int32Array(k)));
    this.added++;
    if (this.added >= CHECK_KEYS && this.values.length > this.added * MAX_DISTINCT_SHARE)
      return this.giveUp();
    const d = v.dictionary;
    if (v.nulls !== null && v.nulls[i] === 1) {
      codes[id] = this.code('', hashString(''));
      return;
    }
    if (d === undefined) {
      this.plain++;
      if (this.added >= CHECK_KEYS && this.plain > this.added * MAX_PLAIN_SHARE) return this.giveUp();
      codes[id] = this.code((v.values as string[])[i]!, rowHashes[i]!);
      return;
    }
    const m = this.mapOf(d.values);
    if (m === null) return this.giveUp();
    const c = d.codes[i]!;
    let here = m[c]!;
    if (here === -1) {
      // (The key table hashed the row's value already: the hash is kept with its dictionary.)
      const h = codeHash(dictionaryHashes(d.values, 0), d.values, c);
      m[c] = here = this.code(d.values[c]!, h);
    }
    codes[id] = here;
  }

  vector(type: DataType, size: number, nulls: Uint8Array | null): Vector | null {
    const codes = this.codes;
    if (codes === null || this.values.length * MIN_REPEATS > size) return null;
    return dictionaryVector(type, nulls, this.values.slice(), codes.slice(0, size), size);
  }

  byteSize(): number {
    return this.codes === null
      ? 0
      : this.codes.byteLength + this.slots.byteLength + this.mappedCodes * 4 + this.values.length * 20;
  }

  private place(h: number, c: number): void {
    const slots = this.slots;
    const mask = this.mask;
    let s = h & mask;
    while (slots[s] !== 0) s = (s + 1) & mask;
    slots[s] = c + 1;
  }

  private code(x: string, h: number): number {
    const values = this.values;
    for (let s = h & this.mask; ; s = (s + 1) & this.mask) {
      const c = this.slots[s]! - 1;
      if (c === -1) break;
      if (this.valueHashes[c] === h && values[c] === x) return c;
    }
    const c = values.length;
    values.push(x);
    this.valueHashes = grown(this.valueHashes, c + 1, (k) => new Int32Array(k));
    this.valueHashes[c] = h;
    if (2 * values.length > this.slots.length) {
      this.slots = new Int32Array(2 * this.slots.length);
      this.mask = this.slots.length - 1;
      for (let k = 0; k < values.length; k++) this.place(this.valueHashes[k]!, k);
    } else this.place(h, c);
    return c;
  }

  private mapOf(dictionary: readonly string[]): Int32Array | null {
    if (dictionary === this.lastDictionary) return this.lastMap;
    let m = this.mapped.get(dictionary);
    if (m === undefined) {
      this.mappedCodes += dictionary.length;
      if (this.mappedCodes > MAX_MAPPED_CODES) return null;
      m = new Int32Array(dictionary.length).fill(-1);
      this.mapped.set(dictionary, m);
    }
    this.lastDictionary = dictionary;
    this.lastMap = m;
    return m;
  }

  private giveUp(): void {
    this.codes = null;
    this.mapped.clear();
    this.values.length = 0;
    this.slots = this.valueHashes = this.lastMap = new Int32Array(0);
    this.lastDictionary = null;
  }
}

export function createStringCodes(): StringCodes {
  return new KeyStringCodes();
}
