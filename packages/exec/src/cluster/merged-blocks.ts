// The shuffle blocks a coalesced run reads, put together per map task. A map task's output is a block
// per reduce partition (200 by default), its typed columns views of one shared buffer in partition
// order; a run of a coalesced range read them one by one: each a task message's objects to clone, a
// block to unpack and put together again on the worker (TPC-H at 200 partitions took a seventh longer
// than at 16). Put together, a map task's blocks of the run are one block: its typed columns one view
// over the neighbouring ranges (no copy), its packed strings one string. The rows then come map task by
// map task, each in partition order, as Spark's reduce side fetches them.

import {
  isDictionaryStrings,
  isPackedStrings,
  packStrings,
  type DictionaryStrings,
  type PackedStrings,
  type StoredColumn,
  type Vector,
} from '@flint/common';
import {
  fromWire,
  isLatin1Strings,
  isPackedDoubleArrays,
  isVector,
  type Latin1Strings,
  type WireBatch,
  type WireColumn,
} from './wire-batches.js';
import { partsOf, type SplitBatch } from '../operators/shuffle-exchange.js';

/** The map task (its partition) each shuffle block came from, noted as map outputs arrive. */
const mapTaskOf = new WeakMap<WireBatch, number>();

export function noteMapTask(block: WireBatch, mapPartition: number): void {
  mapTaskOf.set(block, mapPartition);
}

/** Rows from..to-1 of the map output a block was cut from (see SplitBatch), as one block. */
export type CutRows = (from: number, to: number) => WireBatch;

/** The map output each block was cut from: its rows from..to-1 of the output `cut` reads. */
const sliceOf = new WeakMap<
  WireBatch,
  { readonly cut: CutRows; readonly from: number; readonly to: number }
>();

export function noteSlice(block: WireBatch, cut: CutRows, from: number, to: number): void {
  sliceOf.set(block, { cut, from, to });
}

/**
 * A task's split output as blocks per partition, each noted as the range of its map output it was
 * cut from, so that a coalesced read puts neighbouring blocks together as one cut (mergedBlocks).
 */
export function cutParts<B extends WireBatch>(
  split: readonly SplitBatch<B>[],
  partitions: number,
  rows: (batch: B, from: number, to: number) => B,
): B[][] {
  const cuts = new Map<B, CutRows>();
  return partsOf(split, partitions, (batch, from, to) => {
    let cut = cuts.get(batch);
    if (cut === undefined) cuts.set(batch, (cut = (a, b) => rows(batch, a, b)));
    const part = rows(batch, from, to);
    noteSlice(part, cut, from, to);
    return part;
  });
}

/**
 * The blocks (in partition order) put together per map task, map tasks in order; blocks of one map
 * task that differ in form (another dictionary, a column kind) stay apart. The blocks as they are
 * when one's map task is unknown.
 */
export function mergedBlocks(blocks: readonly WireBatch[]): WireBatch[] {
  if (blocks.length < 2 || blocks.some((b) => !mapTaskOf.has(b))) return blocks.slice();
  const byMap = new Map<number, WireBatch[]>();
  for (const b of blocks) {
    const m = mapTaskOf.get(b)!;
    const list = byMap.get(m);
    if (list === undefined) byMap.set(m, [b]);
    else list.push(b);
  }
  const out: WireBatch[] = [];
  for (const m of [...byMap.keys()].sort((x, y) => x - y)) {
    const blocksOfMap = byMap.get(m)!;
    if (blocksOfMap.every((b) => sliceOf.has(b))) {
      for (const merged of mergedSlices(blocksOfMap)) {
        noteMapTask(merged, m);
        out.push(merged);
      }
      continue;
    }
    const kinds: WireBatch[][] = [];
    for (const b of blocksOfMap) {
      const same = kinds.find((k) => mergeable(k[0]!, b));
      if (same === undefined) kinds.push([b]);
      else same.push(b);
    }
    for (const k of kinds) {
      const merged = k.length === 1 ? k[0]! : mergeBatches(k);
      noteMapTask(merged, m);
      out.push(merged);
    }
  }
  return out;
}

/**
 * Blocks cut from map outputs (noteSlice), neighbouring ranges of one output as one cut of it: no
 * column looked at (comparing every column of 200 blocks a run took TPC-H Q20's driver 13 ms).
 */
function mergedSlices(blocks: readonly WireBatch[]): WireBatch[] {
  const runs = new Map<CutRows, { from: number; to: number; blocks: WireBatch[] }[]>();
  for (const b of blocks) {
    const { cut, from, to } = sliceOf.get(b)!;
    let list = runs.get(cut);
    if (list === undefined) runs.set(cut, (list = []));
    const last = list[list.length - 1];
    if (last !== undefined && last.to === from) {
      last.to = to;
      last.blocks.push(b);
    } else list.push({ from, to, blocks: [b] });
  }
  const out: WireBatch[] = [];
  for (const [cut, list] of runs) {
    for (const run of list) {
      if (run.blocks.length === 1) {
        out.push(run.blocks[0]!);
        continue;
      }
      const merged = cut(run.from, run.to);
      noteSlice(merged, cut, run.from, run.to);
      out.push(merged);
    }
  }
  return out;
}

type TypedArray = Exclude<Vector['values'], readonly unknown[]> & ArrayBufferView & { length: number };

const typedValues = (c: WireColumn): TypedArray | null =>
  isPlainVector(c) && ArrayBuffer.isView(c.values) ? (c.values as TypedArray) : null;

/** A vector with its values as they are (not a dictionary or packed one, whose values are made). */
function isPlainVector(c: WireColumn): c is Vector {
  return isVector(c) && c.dictionary === undefined && c.packed === undefined;
}

/** Whether two blocks' columns can be put together (see mergeColumns). */
function mergeable(a: WireBatch, b: WireBatch): boolean {
  return a.columns.every((x, i) => {
    const y = b.columns[i]!;
    if (isPackedDoubleArrays(x) || isPackedDoubleArrays(y)) return false;
    if (isLatin1Strings(x) || isLatin1Strings(y))
      return isLatin1Strings(x) && isLatin1Strings(y) && x.latin1 === y.latin1;
    if (isDictionaryStrings(x) || isDictionaryStrings(y))
      return isDictionaryStrings(x) && isDictionaryStrings(y) && x.dictionary === y.dictionary;
    if (x.type.kind === 'string') return isStrings(x) && isStrings(y);
    if (!isPlainVector(x) || !isPlainVector(y)) return false;
    const tx = typedValues(x);
    const ty = typedValues(y);
    return tx === null ? ty === null : ty !== null && tx.constructor === ty.constructor;
  });
}

const isStrings = (c: StoredColumn): c is PackedStrings | Vector => isPackedStrings(c) || isPlainVector(c);

function mergeBatches(blocks: readonly WireBatch[]): WireBatch {
  let numRows = 0;
  for (const b of blocks) numRows += b.numRows;
  const columns = blocks[0]!.columns.map((_, c) =>
    mergeColumns(blocks.map((b) => b.columns[c] as StoredColumn | Latin1Strings)),
  );
  return { numRows, columns };
}

/** Columns of blocks that are mergeable (no packed double arrays among them). */
function mergeColumns(parts: readonly (StoredColumn | Latin1Strings)[]): WireColumn {
  const first = parts[0]!;
  let length = 0;
  for (const p of parts) length += p.length;
  const nulls = mergedNulls(parts, length);
  if (isLatin1Strings(first)) {
    // A map output's neighbouring parts share the bound between them: one view over them all.
    const bounds = parts.map((p) => (p as Latin1Strings).offsets);
    const adjacent = bounds.every(
      (o, k) =>
        k === 0 ||
        (o.buffer === bounds[0]!.buffer &&
          o.byteOffset === bounds[k - 1]!.byteOffset + 4 * bounds[k - 1]!.length - 4),
    );
    if (adjacent) {
      const offsets = new Int32Array(bounds[0]!.buffer, bounds[0]!.byteOffset, length + 1);
      return { type: first.type, length, nulls, latin1: first.latin1, offsets };
    }
    return mergedStrings(
      parts.map((p) => packStrings(fromWire({ numRows: p.length, columns: [p] }).columns[0]!)!),
      length,
      nulls,
    );
  }
  if (isDictionaryStrings(first)) {
    const codes = mergedTyped(parts.map((p) => (p as DictionaryStrings).codes));
    return { type: first.type, length, nulls, dictionary: first.dictionary, codes };
  }
  if (first.type.kind === 'string') return mergedStrings(parts as (PackedStrings | Vector)[], length, nulls);
  const typed = typedValues(first);
  if (typed !== null) return { type: first.type, length, values: mergedTyped(parts.map(typedValues)), nulls };
  const values: unknown[] = [];
  for (const p of parts) for (let i = 0; i < p.length; i++) values.push((p as Vector).values[i]);
  return { type: first.type, length, values, nulls };
}

/**
 * Typed arrays put together: one view when they are neighbouring ranges of one buffer (a map task's
 * parts), else a copy in shared memory.
 */
function mergedTyped<T extends TypedArray>(arrays: readonly (T | null)[]): T {
  const first = arrays[0]!;
  let length = 0;
  let adjacent = true;
  let end = first.byteOffset;
  for (const a of arrays) {
    length += a!.length;
    if (a!.buffer !== first.buffer || a!.byteOffset !== end) adjacent = false;
    end = a!.byteOffset + a!.byteLength;
  }
  const Ctor = first.constructor as new (buffer: ArrayBufferLike, offset?: number, length?: number) => T;
  if (adjacent) return new Ctor(first.buffer, first.byteOffset, length);
  const bytes = first.byteLength / Math.max(1, first.length);
  const out = new Ctor(new SharedArrayBuffer(Math.max(8, length * bytes)), 0, length);
  let at = 0;
  for (const a of arrays) {
    (out as unknown as { set(x: T, o: number): void }).set(a!, at);
    at += a!.length;
  }
  return out;
}

function mergedNulls(parts: readonly WireColumn[], length: number): Uint8Array | null {
  if (parts.every((p) => p.nulls === null)) return null;
  if (parts.every((p) => p.nulls !== null)) return mergedTyped(parts.map((p) => p.nulls));
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    if (p.nulls !== null) out.set(p.nulls.subarray(0, p.length), at);
    at += p.length;
  }
  return out;
}

/** String parts (packed, or plain below packing's size) as one packed column. */
function mergedStrings(
  parts: readonly (PackedStrings | Vector)[],
  length: number,
  nulls: Uint8Array | null,
): PackedStrings {
  const offsets = new Int32Array(length + 1);
  // (Concatenated strings are joined by V8 only when read, here when the message is cloned.)
  let chars = '';
  let row = 0;
  for (const p of parts) {
    if (isPackedStrings(p)) {
      const from = p.offsets[0]!;
      const to = p.offsets[p.length]!;
      for (let i = 1; i <= p.length; i++) offsets[row + i] = chars.length + p.offsets[i]! - from;
      chars += from === 0 && to === p.chars.length ? p.chars : p.chars.substring(from, to);
    } else {
      const values = p.values as readonly (string | null | undefined)[];
      for (let i = 0; i < p.length; i++) {
        chars += values[i] ?? '';
        offsets[row + i + 1] = chars.length;
      }
    }
    row += p.length;
  }
  return { type: parts[0]!.type, length, nulls, chars, offsets };
}
