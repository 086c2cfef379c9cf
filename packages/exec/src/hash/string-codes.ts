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

export function createStringCodes(): StringCodes {
  let codes: Int32Array | null = new Int32Array(16);
  // The distinct values, found by hash: slots hold code + 1 (0 empty), load at most 1/2.
  const values: string[] = [];
  let valueHashes = new Int32Array(16);
  let slots = new Int32Array(64);
  let mask = 63;
  // Per input dictionary, the codes here of its codes (-1: not met yet); the latest one at hand.
  const mapped = new Map<readonly string[], Int32Array>();
  let mappedCodes = 0;
  let lastDictionary: readonly string[] | null = null;
  let lastMap: Int32Array = new Int32Array(0);
  let added = 0;
  let plain = 0;

  const place = (h: number, c: number): void => {
    let s = h & mask;
    while (slots[s] !== 0) s = (s + 1) & mask;
    slots[s] = c + 1;
  };
  const code = (x: string, h: number): number => {
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const c = slots[s]! - 1;
      if (c === -1) break;
      if (valueHashes[c] === h && values[c] === x) return c;
    }
    const c = values.length;
    values.push(x);
    valueHashes = grown(valueHashes, c + 1, (k) => new Int32Array(k));
    valueHashes[c] = h;
    if (2 * values.length > slots.length) {
      slots = new Int32Array(2 * slots.length);
      mask = slots.length - 1;
      for (let k = 0; k < values.length; k++) place(valueHashes[k]!, k);
    } else place(h, c);
    return c;
  };
  const mapOf = (dictionary: readonly string[]): Int32Array | null => {
    if (dictionary === lastDictionary) return lastMap;
    let m = mapped.get(dictionary);
    if (m === undefined) {
      mappedCodes += dictionary.length;
      if (mappedCodes > MAX_MAPPED_CODES) return null;
      m = new Int32Array(dictionary.length).fill(-1);
      mapped.set(dictionary, m);
    }
    lastDictionary = dictionary;
    lastMap = m;
    return m;
  };
  const giveUp = (): void => {
    codes = null;
    mapped.clear();
    values.length = 0;
    slots = valueHashes = lastMap = new Int32Array(0);
    lastDictionary = null;
  };

  return {
    get coding() {
      return codes !== null;
    },
    add(v, i, id, rowHashes) {
      if (codes === null) return;
      codes = grown(codes, id + 1, (k) => new Int32Array(k));
      added++;
      if (added >= CHECK_KEYS && values.length > added * MAX_DISTINCT_SHARE) return giveUp();
      const d = v.dictionary;
      if (v.nulls !== null && v.nulls[i] === 1) {
        codes[id] = code('', hashString(''));
        return;
      }
      if (d === undefined) {
        plain++;
        if (added >= CHECK_KEYS && plain > added * MAX_PLAIN_SHARE) return giveUp();
        codes[id] = code((v.values as string[])[i]!, rowHashes[i]!);
        return;
      }
      const m = mapOf(d.values);
      if (m === null) return giveUp();
      const c = d.codes[i]!;
      let here = m[c]!;
      if (here === -1) {
        // (The key table hashed the row's value already: the hash is kept with its dictionary.)
        const h = codeHash(dictionaryHashes(d.values, 0), d.values, c);
        m[c] = here = code(d.values[c]!, h);
      }
      codes[id] = here;
    },
    vector(type, size, nulls) {
      if (codes === null || values.length * MIN_REPEATS > size) return null;
      return dictionaryVector(type, nulls, values.slice(), codes.slice(0, size), size);
    },
    byteSize: () =>
      codes === null ? 0 : codes.byteLength + slots.byteLength + mappedCodes * 4 + values.length * 20,
  };
}
