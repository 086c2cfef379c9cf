// hashString of a dictionary column's values, kept with the dictionary and each worked out the first
// time a row has it: a shuffle's blocks each bring a copy of theirs, which may be larger than the
// block's rows (H2O q10's id3, 10^5 values in blocks of 24k rows).

import { hashString } from './hash-kernels.js';

export interface DictionaryHashes {
  readonly hashes: Int32Array;
  /** 0 where the value's hash is not worked out yet; null once all are. */
  readonly done: Uint8Array | null;
}

const hashesOfDictionary = new WeakMap<readonly string[], DictionaryHashes>();

/** The hashes of a dictionary's values; worked out whole at once when there are no more than `rows`. */
export function dictionaryHashes(values: readonly string[], rows: number): DictionaryHashes {
  let d = hashesOfDictionary.get(values);
  if (d === undefined) {
    const whole = values.length <= rows;
    d = {
      hashes: whole ? Int32Array.from(values, hashString) : new Int32Array(values.length),
      done: whole ? null : new Uint8Array(values.length),
    };
    hashesOfDictionary.set(values, d);
  }
  return d;
}

/** The hash of value `code` of a dictionary whose hashes `d` are (worked out now if not yet). */
export function codeHash(d: DictionaryHashes, values: readonly string[], code: number): number {
  const done = d.done;
  if (done !== null && done[code] === 0) {
    d.hashes[code] = hashString(values[code]!);
    done[code] = 1;
  }
  return d.hashes[code]!;
}
