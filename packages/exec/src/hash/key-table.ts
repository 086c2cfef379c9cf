// KeyTable: an open-addressing hash table that gives each distinct key (a tuple of key column values)
// a dense id, for hash aggregation, DISTINCT and hash joins. Keys compare as Spark's grouping does.

import type { DataType, Vector } from '@flint/common';
import { int32View } from '../eval/vectors.js';
import { createKeyStore, type KeyStore } from './key-store.js';

export interface KeyTable {
  /** Number of distinct keys so far; ids are 0..size-1 in order of first appearance. */
  readonly size: number;
  /** Ids of rows 0..numRows-1 of these key columns, adding keys not seen before. */
  insert(keys: readonly Vector[], numRows: number, out?: Int32Array): Int32Array;
  /** Ids of the rows' keys, -1 where the key is absent (does not add). */
  find(keys: readonly Vector[], numRows: number, out?: Int32Array): Int32Array;
  /** The distinct keys as columns, row i = key id i. */
  keyColumns(): Vector[];
  /** Approximate bytes held (for memory accounting). */
  readonly byteSize: number;
}

const INITIAL_CAPACITY = 64;

export function createKeyTable(types: readonly DataType[]): KeyTable {
  const cols: KeyStore[] = types.map(createKeyStore);
  const ncols = cols.length;
  const single = ncols === 1 ? cols[0]! : null;
  // Slots hold a key id (-1 = empty) and that key's hash; load stays <= 0.5.
  let cap = INITIAL_CAPACITY;
  let mask = cap - 1;
  let slotIds = new Int32Array(cap).fill(-1);
  let slotHash = new Int32Array(cap);
  let idHash = new Int32Array(INITIAL_CAPACITY);
  let size = 0;
  // With one key column the NULL key lives outside the slots.
  let nullId = -1;
  let hashes = new Int32Array(1024);

  function rehash(): void {
    cap *= 2;
    mask = cap - 1;
    slotIds = new Int32Array(cap).fill(-1);
    slotHash = new Int32Array(cap);
    for (let id = 0; id < size; id++) {
      if (id === nullId) continue;
      const h = idHash[id]!;
      let slot = h & mask;
      while (slotIds[slot] !== -1) slot = (slot + 1) & mask;
      slotIds[slot] = id;
      slotHash[slot] = h;
    }
  }

  /** Stores row i as a new key; `slot` is the empty slot its probe ended on (-1: the NULL key). */
  function addKey(keys: readonly Vector[], i: number, h: number, slot: number): number {
    for (let c = 0; c < ncols; c++) cols[c]!.append(keys[c]!, i);
    const id = size++;
    if (id === idHash.length) {
      const a = new Int32Array(id * 2);
      a.set(idHash);
      idHash = a;
    }
    idHash[id] = h;
    if (slot < 0) {
      nullId = id;
      return id;
    }
    slotIds[slot] = id;
    slotHash[slot] = h;
    if (size * 2 > cap) rehash();
    return id;
  }

  function rowEquals(keys: readonly Vector[], i: number, id: number): boolean {
    for (let c = 0; c < ncols; c++) if (!cols[c]!.equals(keys[c]!, i, id)) return false;
    return true;
  }

  function probeComposite(keys: readonly Vector[], n: number, out: Int32Array, add: boolean): void {
    const hs = hashes;
    for (let i = 0; i < n; i++) {
      const h = hs[i]!;
      let slot = h & mask;
      let id = -1;
      for (;;) {
        const e = slotIds[slot]!;
        if (e === -1) {
          if (add) id = addKey(keys, i, h, slot);
          break;
        }
        if (slotHash[slot] === h && rowEquals(keys, i, e)) {
          id = e;
          break;
        }
        slot = (slot + 1) & mask;
      }
      out[i] = id;
    }
  }

  function nullKey(keys: readonly Vector[], i: number, add: boolean): number {
    return nullId === -1 && add ? addKey(keys, i, 0, -1) : nullId;
  }

  // One loop per single-column storage kind, so the key comparison is a plain typed-array read.
  function probeInt(keys: readonly Vector[], n: number, out: Int32Array, add: boolean): void {
    const st = single!;
    const v = keys[0]!;
    const vals = v.values as Int32Array;
    const nulls = v.nulls;
    const hs = hashes;
    let ids = slotIds;
    let m = mask;
    let ks = st.i32;
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) {
        out[i] = nullKey(keys, i, add);
        continue;
      }
      const x = vals[i]! | 0;
      const h = hs[i]!;
      let slot = h & m;
      let id = -1;
      for (;;) {
        const e = ids[slot]!;
        if (e === -1) {
          if (add) {
            id = addKey(keys, i, h, slot);
            ids = slotIds;
            m = mask;
            ks = st.i32;
          }
          break;
        }
        if (ks[e] === x) {
          id = e;
          break;
        }
        slot = (slot + 1) & m;
      }
      out[i] = id;
    }
  }

  function probeLong(keys: readonly Vector[], n: number, out: Int32Array, add: boolean): void {
    const st = single!;
    const v = keys[0]!;
    const w = int32View(v.values as BigInt64Array);
    const nulls = v.nulls;
    const hs = hashes;
    let ids = slotIds;
    let m = mask;
    let ks = st.i32;
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) {
        out[i] = nullKey(keys, i, add);
        continue;
      }
      const lo = w[2 * i]!;
      const hi = w[2 * i + 1]!;
      const h = hs[i]!;
      let slot = h & m;
      let id = -1;
      for (;;) {
        const e = ids[slot]!;
        if (e === -1) {
          if (add) {
            id = addKey(keys, i, h, slot);
            ids = slotIds;
            m = mask;
            ks = st.i32;
          }
          break;
        }
        if (ks[2 * e] === lo && ks[2 * e + 1] === hi) {
          id = e;
          break;
        }
        slot = (slot + 1) & m;
      }
      out[i] = id;
    }
  }

  function probeDouble(keys: readonly Vector[], n: number, out: Int32Array, add: boolean): void {
    const st = single!;
    const v = keys[0]!;
    const vals = v.values as Float64Array;
    const nulls = v.nulls;
    const hs = hashes;
    let ids = slotIds;
    let m = mask;
    let ks = st.f64;
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) {
        out[i] = nullKey(keys, i, add);
        continue;
      }
      const x = vals[i]!;
      const h = hs[i]!;
      let slot = h & m;
      let id = -1;
      for (;;) {
        const e = ids[slot]!;
        if (e === -1) {
          if (add) {
            id = addKey(keys, i, h, slot);
            ids = slotIds;
            m = mask;
            ks = st.f64;
          }
          break;
        }
        const k = ks[e]!;
        if (k === x || (k !== k && x !== x)) {
          id = e;
          break;
        }
        slot = (slot + 1) & m;
      }
      out[i] = id;
    }
  }

  function probeString(keys: readonly Vector[], n: number, out: Int32Array, add: boolean): void {
    const st = single!;
    const v = keys[0]!;
    const vals = v.values as string[];
    const nulls = v.nulls;
    const hs = hashes;
    const ks = st.strs;
    let ids = slotIds;
    let sh = slotHash;
    let m = mask;
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) {
        out[i] = nullKey(keys, i, add);
        continue;
      }
      const x = vals[i]!;
      const h = hs[i]!;
      let slot = h & m;
      let id = -1;
      for (;;) {
        const e = ids[slot]!;
        if (e === -1) {
          if (add) {
            id = addKey(keys, i, h, slot);
            ids = slotIds;
            sh = slotHash;
            m = mask;
          }
          break;
        }
        if (sh[slot] === h && ks[e] === x) {
          id = e;
          break;
        }
        slot = (slot + 1) & m;
      }
      out[i] = id;
    }
  }

  function run(keys: readonly Vector[], n: number, out: Int32Array | undefined, add: boolean): Int32Array {
    if (keys.length !== ncols) throw new Error(`KeyTable: ${keys.length} key columns, expected ${ncols}`);
    const ids = out !== undefined && out.length >= n ? out : new Int32Array(n);
    if (n === 0) return ids;
    if (ncols === 0) {
      // No key columns: every row has the one empty key.
      if (size === 0 && add) {
        size = 1;
        idHash[0] = 0;
      }
      ids.fill(size === 0 ? -1 : 0, 0, n);
      return ids;
    }
    if (hashes.length < n) hashes = new Int32Array(Math.max(n, hashes.length * 2));
    for (let c = 0; c < ncols; c++) cols[c]!.hashInto(keys[c]!, n, hashes, c === 0);
    switch (single === null ? 'composite' : single.kind) {
      case 'int':
        probeInt(keys, n, ids, add);
        break;
      case 'long':
        probeLong(keys, n, ids, add);
        break;
      case 'double':
        probeDouble(keys, n, ids, add);
        break;
      case 'string':
        probeString(keys, n, ids, add);
        break;
      default:
        // Composite keys and single generic ones (compared by their exact encodings).
        if (single !== null) probeSingleGeneric(keys, n, ids, add);
        else probeComposite(keys, n, ids, add);
    }
    return ids;
  }

  // A single generic column keeps its NULL key outside the slots too, like the typed paths.
  function probeSingleGeneric(keys: readonly Vector[], n: number, out: Int32Array, add: boolean): void {
    const v = keys[0]!;
    const nulls = v.nulls;
    const hs = hashes;
    for (let i = 0; i < n; i++) {
      if (v.type.kind === 'null' || (nulls !== null && nulls[i] === 1)) {
        out[i] = nullKey(keys, i, add);
        continue;
      }
      const h = hs[i]!;
      let slot = h & mask;
      let id = -1;
      for (;;) {
        const e = slotIds[slot]!;
        if (e === -1) {
          if (add) id = addKey(keys, i, h, slot);
          break;
        }
        if (slotHash[slot] === h && single!.equals(v, i, e)) {
          id = e;
          break;
        }
        slot = (slot + 1) & mask;
      }
      out[i] = id;
    }
  }

  return {
    get size() {
      return size;
    },
    insert: (keys, numRows, out) => run(keys, numRows, out, true),
    find: (keys, numRows, out) => run(keys, numRows, out, false),
    keyColumns: () => cols.map((c) => c.toVector(size)),
    get byteSize() {
      let b = cap * 8 + idHash.length * 4 + hashes.length * 4;
      for (const c of cols) b += c.byteSize();
      return b;
    },
  };
}
