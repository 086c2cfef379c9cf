// KeyTable: an open-addressing hash table that gives each distinct key (a tuple of key column values)
// a dense id, for hash aggregation, DISTINCT and hash joins. Keys compare as Spark's grouping does.

import type { DataType, Vector } from '@flint/common';
import { int32View, withPlainValues } from '../eval/vectors.js';
import { codedKeyIds, keptKeyIds, type KeptCombinations, type KeptIds } from './coded-keys.js';
import { createKeyStore, stringKeyAt, type KeyStore, type KeyStoreKind } from './key-store.js';

export interface KeyTable {
  /** Number of distinct keys so far; ids are 0..size-1 in order of first appearance. */
  readonly size: number;
  /**
   * Makes room for `more` new keys at once (one move of the keys, or none), for inserts of rows whose
   * keys are mostly new: a table grown by doubling as they come moves each key about twice, at a
   * cache miss each.
   */
  reserve(more: number): void;
  /**
   * Hands the table's slots on to the next tables of this thread (see takeSlots); the table is not
   * used after. Its key columns are not affected.
   */
  release(): void;
  /** Ids of rows 0..numRows-1 of these key columns, adding keys not seen before. */
  insert(keys: readonly Vector[], numRows: number, out?: Int32Array): Int32Array;
  /** Ids of the rows' keys, -1 where the key is absent (does not add). */
  find(keys: readonly Vector[], numRows: number, out?: Int32Array): Int32Array;
  /** The distinct keys as columns, row i = key id i. */
  keyColumns(): Vector[];
  /** Approximate bytes held (for memory accounting). */
  readonly byteSize: number;
  /**
   * A single int key column's kept ids (ids[key - base], -1 for a key not met yet; see keptKeyIds),
   * or null: for callers that read rows' ids straight from the keys while they are all known.
   */
  keptIntIds(): KeptIds | null;
}

const INITIAL_CAPACITY = 64;

/**
 * Slot arrays of released tables and of tables that grew, for the next tables of this thread: the
 * pages of a fresh array fault in on first touch, and a table's probes touch them at random (Q18's
 * final aggregation, 40 tables of ~70k order keys: a third of its inserts' time). Only arrays of at
 * least POOLED_MIN_LENGTH, up to POOL_BYTES_MAX in all.
 */
const slotPool: Int32Array[] = [];
let pooledBytes = 0;
const POOL_BYTES_MAX = 32 << 20;
const POOLED_MIN_LENGTH = 1 << 14;

/** A zeroed array of `length` slots, from the pool when it holds one. */
function takeSlots(length: number): Int32Array {
  if (length >= POOLED_MIN_LENGTH) {
    const i = slotPool.findIndex((a) => a.length === length);
    if (i >= 0) {
      const a = slotPool[i]!;
      slotPool.splice(i, 1);
      pooledBytes -= a.byteLength;
      return a.fill(0);
    }
  }
  return new Int32Array(length);
}

function giveSlots(a: Int32Array): void {
  if (a.length < POOLED_MIN_LENGTH || pooledBytes + a.byteLength > POOL_BYTES_MAX) return;
  slotPool.push(a);
  pooledBytes += a.byteLength;
}

/**
 * Whether row i of the key columns equals stored key `other`, or row `other` of the same columns (as
 * comparisonFor was made); NULL equal to NULL.
 */
type RowComparison = (
  cols: readonly KeyStore[],
  keys: readonly Vector[],
  i: number,
  other: number,
) => boolean;

/** What row i is compared with: a stored key (`id`) or another row of the batch (`j`). */
type Other = 'stored' | 'row';

const comparisonsByKinds = new Map<string, RowComparison>();

/**
 * The row comparison of composite keys, one test per column written out (generated once per list of
 * column kinds): as a loop over the columns calling a comparison of each it was most of the time of
 * a probe that finds its key (a micro run of two int columns, 6 keys: 78 ns a row, 48 unrolled).
 */
function comparisonFor(kinds: readonly KeyStoreKind[], other: Other): RowComparison {
  const key = `${other}:${kinds.join(',')}`;
  let f = comparisonsByKinds.get(key);
  if (f === undefined) {
    const body = kinds.map((k, c) => columnTest(k, c, other)).join('\n');
    const j = other === 'stored' ? 'id' : 'j';
    // stringKeyAt reads a dictionary column's row without decoding the column.
    const make = new Function(
      'stringKeyAt',
      `return (cols, keys, i, ${j}) => {\n${body}\nreturn true;\n};`,
    ) as (at: typeof stringKeyAt) => RowComparison;
    f = make(stringKeyAt);
    comparisonsByKinds.set(key, f);
  }
  return f;
}

/** Source of the test of column c: returns false from the comparison when the column differs. */
function columnTest(kind: KeyStoreKind, c: number, other: Other): string {
  const s = `s${c}`;
  const v = `keys[${c}]`;
  const stored = other === 'stored';
  // NULL equals only NULL; stored NULL keys are flagged in the store's nulls.
  const otherNull = stored ? `${s}.nulls[id] === 1` : `n${c} !== null && n${c}[j] === 1`;
  const nulls = `const n${c} = ${v}.nulls; const rowNull${c} = n${c} !== null && n${c}[i] === 1;
  const otherNull${c} = ${otherNull};
  if (rowNull${c} || otherNull${c}) { if (!rowNull${c} || !otherNull${c}) return false; }`;
  const store = `const ${s} = cols[${c}];`;
  switch (kind) {
    case 'int': {
      const y = stored ? `${s}.i32[id]` : `(${v}.values[j] | 0)`;
      return `${store} ${nulls} else if (${y} !== (${v}.values[i] | 0)) return false;`;
    }
    case 'long': {
      const w = stored ? `${s}.i32` : `${s}.hashedWords`;
      const y = stored ? 'id' : 'j';
      return `${store} ${nulls} else if (${w}[2 * ${y}] !== ${s}.hashedWords[2 * i] || ${w}[2 * ${y} + 1] !== ${s}.hashedWords[2 * i + 1]) return false;`;
    }
    case 'string': {
      const y = stored ? `${s}.strs[id]` : `stringKeyAt(${v}, j)`;
      return `${store} ${nulls} else if (${y} !== stringKeyAt(${v}, i)) return false;`;
    }
    case 'double': {
      // NaN equals NaN, -0.0 equals 0.0 (stored as 0.0).
      const y = stored ? `${s}.f64[id]` : `${v}.values[j]`;
      return `${store} ${nulls} else { const x${c} = ${v}.values[i]; const k${c} = ${y};
  if (!(k${c} === x${c} || (k${c} !== k${c} && x${c} !== x${c}))) return false; }`;
    }
    case 'generic':
      // Exact encodings, NULL's included.
      return stored
        ? `if (!cols[${c}].encodingEquals(i, id)) return false;`
        : `if (!cols[${c}].encodingsEqual(i, j)) return false;`;
  }
}

/**
 * The hashes a KeyTable of these types gives rows 0..n-1, into `out` (for filters built from one
 * side of a join and probed with the other, which must agree with the table's).
 */
export function createKeyHasher(
  types: readonly DataType[],
): (keys: readonly Vector[], n: number, out: Int32Array) => void {
  const cols = types.map(createKeyStore);
  return (keys, n, out) => {
    for (let c = 0; c < cols.length; c++) cols[c]!.hashInto(withPlainValues(keys[c]!), n, out, c === 0);
  };
}

/**
 * Tables are presized for at most this many keys (2^23 slots of up to 16 bytes): a build of rows of
 * few distinct keys would leave the rest of the slots empty.
 */
const PRESIZED_KEYS_MAX = 1 << 22;

/**
 * A KeyTable of open addressing. A class, not an object of closures: its probes' optimized code is
 * shared by every table of a thread, where each table's closures were compiled again (with an OSR
 * compile of their loops first) once V8 had dropped the code of the last table's: it keeps a
 * closure's optimized code only while one of them lives.
 */
class HashKeyTable implements KeyTable {
  private readonly cols: KeyStore[];
  private readonly ncols: number;
  private readonly single: KeyStore | null;
  // Slot s is slots[stride*s] = key id + 1 (0 = empty) and slots[stride*s+1] = that key's hash,
  // side by side so a probe touches one cache line and reads the stored key only when the hashes
  // agree. A single long key is kept in the slot too (its two halves), so that a probe of a table
  // larger than the caches misses once, not twice. Load stays <= 0.5.
  private readonly stride: number;
  private cap: number;
  private mask: number;
  private slots: Int32Array;
  size = 0;
  // With one key column the NULL key lives outside the slots.
  private nullId = -1;
  private hashes: Int32Array = new Int32Array(1024);
  // A single key column's codes' ids, kept from batch to batch (see keptKeyIds).
  private keptIds: KeptIds | null = null;
  // Several key columns: the ids of their code combinations (see codedKeyIds).
  private readonly keptCombinations: { combinations: KeptCombinations | null } = { combinations: null };
  /** Row i of the single key column's batch as a new key's row (appendRows' list of one). */
  private readonly oneRow: Int32Array = new Int32Array(1);
  private readonly columnsEqual: RowComparison;
  private readonly columnsOfRowsEqual: RowComparison;
  // probeComposite's new keys of the batch: their rows, stored in the columns once the batch is probed.
  private newRows: Int32Array = new Int32Array(1024);

  constructor(types: readonly DataType[], expectedKeys: number) {
    this.cols = types.map(createKeyStore);
    this.ncols = this.cols.length;
    this.single = this.ncols === 1 ? this.cols[0]! : null;
    this.stride = this.single?.kind === 'long' ? 4 : 2;
    // Load stays <= 0.5: the first power of two that holds the expected keys at that load.
    const presized = Math.min(expectedKeys, PRESIZED_KEYS_MAX);
    this.cap = Math.max(INITIAL_CAPACITY, 2 ** Math.ceil(Math.log2(2 * presized + 1)));
    this.mask = this.cap - 1;
    this.slots = takeSlots(this.stride * this.cap);
    const kinds = this.cols.map((c) => c.kind);
    this.columnsEqual = comparisonFor(kinds, 'stored');
    this.columnsOfRowsEqual = comparisonFor(kinds, 'row');
  }

  private rowEquals(keys: readonly Vector[], i: number, id: number): boolean {
    return this.columnsEqual(this.cols, keys, i, id);
  }

  private rowsEqual(keys: readonly Vector[], i: number, j: number): boolean {
    return this.columnsOfRowsEqual(this.cols, keys, i, j);
  }

  reserve(more: number): void {
    const keys = Math.min(this.size + more, PRESIZED_KEYS_MAX);
    if (2 * keys > this.cap) this.rehash(2 ** Math.ceil(Math.log2(2 * keys + 1)));
    for (const c of this.cols) c.reserve(keys);
  }

  release(): void {
    giveSlots(this.slots);
    this.slots = new Int32Array(0);
  }

  insert(keys: readonly Vector[], numRows: number, out?: Int32Array): Int32Array {
    return this.run(keys, numRows, out, true);
  }

  find(keys: readonly Vector[], numRows: number, out?: Int32Array): Int32Array {
    return this.run(keys, numRows, out, false);
  }

  keyColumns(): Vector[] {
    return this.cols.map((c) => c.toVector(this.size));
  }

  keptIntIds(): KeptIds | null {
    const kept = this.keptIds;
    return kept !== null && kept.values === null ? kept : null;
  }

  get byteSize(): number {
    let b = this.slots.byteLength + this.hashes.length * 4;
    for (const c of this.cols) b += c.byteSize();
    return b;
  }

  /** Moves the keys to a table of `newCap` slots (a power of two, more than the keys at load 1/2). */
  private rehash(newCap = 2 * this.cap): void {
    const old = this.slots;
    this.cap = newCap;
    this.mask = this.cap - 1;
    this.slots = takeSlots(this.stride * this.cap);
    // Walking the old slots in order writes the new table almost in order too (a key's home slot
    // either stays or moves up by the old capacity), where walking by id would jump at random.
    for (let s = 0; s < old.length; s += this.stride) {
      if (old[s] === 0) continue;
      let slot = old[s + 1]! & this.mask;
      while (this.slots[this.stride * slot] !== 0) slot = (slot + 1) & this.mask;
      for (let k = 0; k < this.stride; k++) this.slots[this.stride * slot + k] = old[s + k]!;
    }
    giveSlots(old);
  }

  /** Stores row i as a new key; `slot` is the empty slot its probe ended on (-1: the NULL key). */
  private addKey(keys: readonly Vector[], i: number, h: number, slot: number): number {
    this.oneRow[0] = i;
    for (let c = 0; c < this.ncols; c++) this.cols[c]!.appendRows(keys[c]!, this.oneRow, 1);
    if (slot >= 0) return this.placeKey(h, slot);
    this.nullId = this.size++;
    return this.nullId;
  }

  /**
   * The next id, for a key of hash h put in empty slot `slot` of a table of stride 2 (probeLong places
   * its keys itself); rehashes past load 1/2.
   */
  private placeKey(h: number, slot: number): number {
    const id = this.size++;
    this.slots[2 * slot] = id + 1;
    this.slots[2 * slot + 1] = h;
    if (this.size * 2 > this.cap) this.rehash();
    return id;
  }

  private probeComposite(keys: readonly Vector[], n: number, out: Int32Array, add: boolean): void {
    const hs = this.hashes;
    if (add && this.newRows.length < n) this.newRows = new Int32Array(Math.max(n, 2 * this.newRows.length));
    const rows = this.newRows;
    // Keys from `stored` on are rows of this batch, not in the columns yet: compared row to row.
    const stored = this.size;
    for (let i = 0; i < n; i++) {
      const h = hs[i]!;
      let slot = h & this.mask;
      let id = -1;
      for (;;) {
        const e = this.slots[this.stride * slot]! - 1;
        if (e === -1) {
          if (add) {
            id = this.placeKey(h, slot);
            rows[id - stored] = i;
          }
          break;
        }
        if (
          this.slots[this.stride * slot + 1] === h &&
          (e < stored ? this.rowEquals(keys, i, e) : this.rowsEqual(keys, i, rows[e - stored]!))
        ) {
          id = e;
          break;
        }
        slot = (slot + 1) & this.mask;
      }
      out[i] = id;
    }
    if (this.size > stored) this.appendNew(keys, stored, rows);
  }

  /** Stores the batch's rows `rows` as keys `stored`..size-1, in that order. */
  private appendNew(keys: readonly Vector[], stored: number, rows: Int32Array): void {
    for (let c = 0; c < this.ncols; c++) this.cols[c]!.appendRows(keys[c]!, rows, this.size - stored);
  }

  private nullKey(keys: readonly Vector[], i: number, add: boolean): number {
    return this.nullId === -1 && add ? this.addKey(keys, i, 0, -1) : this.nullId;
  }

  // One loop per single-column storage kind, so the key comparison is a plain typed-array read. Int
  // and long keys first compare with the previous row's key: clustered input (rows sorted or grouped
  // by the key, as lineitem by l_orderkey) then probes once per run of equal keys.
  private probeInt(keys: readonly Vector[], n: number, out: Int32Array, add: boolean): void {
    const st = this.single!;
    const v = keys[0]!;
    const vals = v.values as Int32Array;
    const nulls = v.nulls;
    const hs = this.hashes;
    let sl = this.slots;
    let m = this.mask;
    let ks = st.i32;
    let prevId = -1;
    let prev = 0;
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) {
        out[i] = this.nullKey(keys, i, add);
        continue;
      }
      const x = vals[i]! | 0;
      if (prevId >= 0 && x === prev) {
        out[i] = prevId;
        continue;
      }
      const h = hs[i]!;
      let slot = h & m;
      let id = -1;
      for (;;) {
        const e = sl[2 * slot]! - 1;
        if (e === -1) {
          if (add) {
            id = this.addKey(keys, i, h, slot);
            sl = this.slots;
            m = this.mask;
            ks = st.i32;
          }
          break;
        }
        if (sl[2 * slot + 1] === h && ks[e] === x) {
          id = e;
          break;
        }
        slot = (slot + 1) & m;
      }
      out[i] = id;
      prevId = id;
      prev = x;
    }
  }

  private probeLong(keys: readonly Vector[], n: number, out: Int32Array, add: boolean): void {
    const v = keys[0]!;
    const w = int32View(v.values as BigInt64Array);
    const nulls = v.nulls;
    const hs = this.hashes;
    if (add && this.newRows.length < n) this.newRows = new Int32Array(Math.max(n, 2 * this.newRows.length));
    const rows = this.newRows;
    // New keys (and the NULL key) are stored in the column once the batch is probed, one append for
    // all, not a call a key: the slots hold each key's halves, so later rows of the batch compare
    // against them there.
    const stored = this.size;
    let sl = this.slots;
    let m = this.mask;
    let prevId = -1;
    let prevLo = 0;
    let prevHi = 0;
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) {
        if (this.nullId === -1 && add) {
          this.nullId = this.size++;
          rows[this.nullId - stored] = i;
        }
        out[i] = this.nullId;
        continue;
      }
      const lo = w[2 * i]!;
      const hi = w[2 * i + 1]!;
      if (prevId >= 0 && lo === prevLo && hi === prevHi) {
        out[i] = prevId;
        continue;
      }
      const h = hs[i]!;
      let slot = h & m;
      let id = -1;
      for (;;) {
        const e = sl[4 * slot]! - 1;
        if (e === -1) {
          if (add) {
            id = this.size++;
            sl[4 * slot] = id + 1;
            sl[4 * slot + 1] = h;
            sl[4 * slot + 2] = lo;
            sl[4 * slot + 3] = hi;
            rows[id - stored] = i;
            if (this.size * 2 > this.cap) {
              this.rehash();
              sl = this.slots;
              m = this.mask;
            }
          }
          break;
        }
        if (sl[4 * slot + 2] === lo && sl[4 * slot + 3] === hi) {
          id = e;
          break;
        }
        slot = (slot + 1) & m;
      }
      out[i] = id;
      prevId = id;
      prevLo = lo;
      prevHi = hi;
    }
    if (this.size > stored) this.appendNew(keys, stored, rows);
  }

  private probeDouble(keys: readonly Vector[], n: number, out: Int32Array, add: boolean): void {
    const st = this.single!;
    const v = keys[0]!;
    const vals = v.values as Float64Array;
    const nulls = v.nulls;
    const hs = this.hashes;
    let sl = this.slots;
    let m = this.mask;
    let ks = st.f64;
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) {
        out[i] = this.nullKey(keys, i, add);
        continue;
      }
      const x = vals[i]!;
      const h = hs[i]!;
      let slot = h & m;
      let id = -1;
      for (;;) {
        const e = sl[2 * slot]! - 1;
        if (e === -1) {
          if (add) {
            id = this.addKey(keys, i, h, slot);
            sl = this.slots;
            m = this.mask;
            ks = st.f64;
          }
          break;
        }
        if (sl[2 * slot + 1] === h) {
          const k = ks[e]!;
          if (k === x || (k !== k && x !== x)) {
            id = e;
            break;
          }
        }
        slot = (slot + 1) & m;
      }
      out[i] = id;
    }
  }

  private probeString(keys: readonly Vector[], n: number, out: Int32Array, add: boolean): void {
    const st = this.single!;
    const v = keys[0]!;
    const vals = v.values as string[];
    const nulls = v.nulls;
    const hs = this.hashes;
    const ks = st.strs;
    let sl = this.slots;
    let m = this.mask;
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) {
        out[i] = this.nullKey(keys, i, add);
        continue;
      }
      const x = vals[i]!;
      const h = hs[i]!;
      let slot = h & m;
      let id = -1;
      for (;;) {
        const e = sl[2 * slot]! - 1;
        if (e === -1) {
          if (add) {
            id = this.addKey(keys, i, h, slot);
            sl = this.slots;
            m = this.mask;
          }
          break;
        }
        if (sl[2 * slot + 1] === h && ks[e] === x) {
          id = e;
          break;
        }
        slot = (slot + 1) & m;
      }
      out[i] = id;
    }
  }

  /** `coded`: whether the rows may be looked up by codes (not for the rows those lookups give). */
  private run(
    keyColumns: readonly Vector[],
    n: number,
    out: Int32Array | undefined,
    add: boolean,
    coded = true,
  ): Int32Array {
    // (Comparisons and stores read string keys row by row.)
    const keys = keyColumns.some((k) => k.packed !== undefined)
      ? keyColumns.map(withPlainValues)
      : keyColumns;
    if (keys.length !== this.ncols)
      throw new Error(`KeyTable: ${keys.length} key columns, expected ${this.ncols}`);
    const ids = out !== undefined && out.length >= n ? out : new Int32Array(n);
    if (n === 0) return ids;
    if (this.ncols === 0) {
      // No key columns: every row has the one empty key.
      if (this.size === 0 && add) this.size = 1;
      ids.fill(this.size === 0 ? -1 : 0, 0, n);
      return ids;
    }
    if (coded) {
      const lookUp = (plain: readonly Vector[], m: number, o: Int32Array): Int32Array =>
        this.run(plain, m, o, add, false);
      if (this.ncols === 1) {
        const kept = keptKeyIds(keys[0]!, n, ids, this.keptIds, lookUp);
        if (kept !== null) {
          this.keptIds = kept;
          return ids;
        }
      } else {
        const byCodes = codedKeyIds(keys, n, ids, lookUp, this.keptCombinations);
        if (byCodes !== null) return byCodes;
      }
    }
    if (this.hashes.length < n) this.hashes = new Int32Array(Math.max(n, this.hashes.length * 2));
    for (let c = 0; c < this.ncols; c++) this.cols[c]!.hashInto(keys[c]!, n, this.hashes, c === 0);
    switch (this.single === null ? 'composite' : this.single.kind) {
      case 'int':
        this.probeInt(keys, n, ids, add);
        break;
      case 'long':
        this.probeLong(keys, n, ids, add);
        break;
      case 'double':
        this.probeDouble(keys, n, ids, add);
        break;
      case 'string':
        this.probeString(keys, n, ids, add);
        break;
      default:
        // Composite keys and single generic ones (compared by their exact encodings).
        if (this.single !== null) this.probeSingleGeneric(keys, n, ids, add);
        else this.probeComposite(keys, n, ids, add);
    }
    return ids;
  }

  // A single generic column keeps its NULL key outside the slots too, like the typed paths.
  private probeSingleGeneric(keys: readonly Vector[], n: number, out: Int32Array, add: boolean): void {
    const v = keys[0]!;
    const nulls = v.nulls;
    const hs = this.hashes;
    for (let i = 0; i < n; i++) {
      if (v.type.kind === 'null' || (nulls !== null && nulls[i] === 1)) {
        out[i] = this.nullKey(keys, i, add);
        continue;
      }
      const h = hs[i]!;
      let slot = h & this.mask;
      let id = -1;
      for (;;) {
        const e = this.slots[this.stride * slot]! - 1;
        if (e === -1) {
          if (add) id = this.addKey(keys, i, h, slot);
          break;
        }
        if (this.slots[this.stride * slot + 1] === h && this.single!.encodingEquals(i, e)) {
          id = e;
          break;
        }
        slot = (slot + 1) & this.mask;
      }
      out[i] = id;
    }
  }
}

/**
 * A table for keys of these types. `expectedKeys` (say, the rows of a join's build side) sizes the
 * slots up front, up to PRESIZED_KEYS_MAX: growing a table past the caches rehashes every key at a
 * cache miss each, which cost more than the inserts themselves (1.5e6 distinct longs: 170 ns a key
 * of the 400 of a build).
 */
export function createKeyTable(types: readonly DataType[], expectedKeys = 0): KeyTable {
  return new HashKeyTable(types, expectedKeys);
}
