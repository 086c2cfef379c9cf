// The H2O join tables J1_<N>_NA_0_0 (x) and its right-hand tables small, medium and big, laid out as in
// db-benchmark's join-datagen.R: per key level, 1.1 n keys are shuffled and cut into 90% shared, 10%
// left-only and 10% right-only; each table draws its key columns so every key of its side appears.

import { type Batch, type StructType, T, type Vector } from '@flint/common';
import { prettyCount, uniform6 } from './groupby-gen.js';
import type { GeneratedTableSpec } from './parquet-cache.js';
import { permutation, streamSeed, uniformAt } from './random.js';

export type JoinTableName = 'x' | 'small' | 'medium' | 'big';

export function joinDatasetName(n: number): string {
  return `J1_${prettyCount(n)}_NA_0_0`;
}

/**
 * Keys per level: N/1e6 (id1), N/1e3 (id2), N (id3). The split needs multiples of ten, so a level is
 * rounded down to one (at least 10): below N = 1e7 the small table has more rows than N/1e6.
 */
export function joinLevelKeys(n: number): readonly [number, number, number] {
  const round = (x: number): number => Math.max(10, Math.floor(x / 10) * 10);
  return [round(n / 1e6), round(n / 1e3), round(n)];
}

/** Rows of each table. */
export function joinTableRows(n: number): Record<JoinTableName, number> {
  const [n1, n2] = joinLevelKeys(n);
  return { x: n, small: n1, medium: n2, big: n };
}

const SCHEMAS: Record<JoinTableName, StructType> = {
  x: T.struct([
    T.field('id1', T.int),
    T.field('id2', T.int),
    T.field('id3', T.int),
    T.field('id4', T.string),
    T.field('id5', T.string),
    T.field('id6', T.string),
    T.field('v1', T.double),
  ]),
  small: T.struct([T.field('id1', T.int), T.field('id4', T.string), T.field('v2', T.double)]),
  medium: T.struct([
    T.field('id1', T.int),
    T.field('id2', T.int),
    T.field('id4', T.string),
    T.field('id5', T.string),
    T.field('v2', T.double),
  ]),
  big: T.struct([
    T.field('id1', T.int),
    T.field('id2', T.int),
    T.field('id3', T.int),
    T.field('id4', T.string),
    T.field('id5', T.string),
    T.field('id6', T.string),
    T.field('v2', T.double),
  ]),
};

export function joinSchema(table: JoinTableName): StructType {
  return SCHEMAS[table];
}

/**
 * The keys of one level (n keys per side): a shuffle of 1..1.1n whose first 0.9n are shared, the next
 * 0.1n left-only and the last 0.1n right-only. `left(j)`/`right(j)` give the j-th key (j < n) of a side.
 */
export interface KeyLevel {
  readonly size: number;
  left(j: number): number;
  right(j: number): number;
}

export function keyLevel(n: number, seed: number, level: number): KeyLevel {
  const shuffle = permutation((n / 10) * 11, streamSeed(seed, `J1.keys.${level}`));
  const shared = (n / 10) * 9;
  const tenth = n / 10;
  return {
    size: n,
    left: (j) => shuffle(j) + 1,
    right: (j) => shuffle(j < shared ? j : j + tenth) + 1,
  };
}

/** Key ranges up to this size, and sparse among the rows, are listed in arrays; others are computed per row. */
const LISTED_KEYS = 1 << 20;

/**
 * R's sample_all(keys, size): every key once plus `size - keys` draws with replacement, all shuffled.
 * Row i takes slot perm(i); slots below the key count are the "every key once" part, the rest draw.
 * With few keys, the rows holding the "once" part are listed up front (K rows chosen by a permutation
 * of the rows, in key order) and every other row just draws: the same distribution, far fewer steps.
 */
function sampleAllColumn(
  pick: (j: number) => number,
  keys: number,
  size: number,
  seed: number,
  name: string,
): (start: number, out: Int32Array) => void {
  if (keys > size) throw new Error(`h2o join: ${keys} keys do not fit in ${size} rows`);
  const rowPermutation = permutation(size, streamSeed(seed, `${name}.slots`));
  const draw = uniformAt(seed, `${name}.draws`);
  if (keys > LISTED_KEYS || keys * 16 > size) {
    return (start, out) => {
      for (let i = 0; i < out.length; i++) {
        const slot = rowPermutation(start + i);
        out[i] = pick(slot < keys ? slot : Math.floor(draw(start + i) * keys));
      }
    };
  }
  const keyList = new Int32Array(keys);
  for (let j = 0; j < keys; j++) keyList[j] = pick(j);
  // The row of key j is rowPermutation(j); sorted by row so each chunk walks them in order.
  const onceRows = new Float64Array(keys);
  for (let j = 0; j < keys; j++) onceRows[j] = rowPermutation(j) * LISTED_KEYS + j;
  onceRows.sort();
  return (start, out) => {
    const end = start + out.length;
    for (let i = 0; i < out.length; i++) out[i] = keyList[Math.floor(draw(start + i) * keys)]!;
    // First listed row at or after start (binary search).
    let lo = 0;
    let hi = keys;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (Math.floor(onceRows[mid]! / LISTED_KEYS) < start) lo = mid + 1;
      else hi = mid;
    }
    for (let m = lo; m < keys; m++) {
      const row = Math.floor(onceRows[m]! / LISTED_KEYS);
      if (row >= end) break;
      out[row - start] = keyList[onceRows[m]! % LISTED_KEYS]!;
    }
  };
}

/** 'id' || key, with the labels of small key ranges built once. */
function labeller(maxKey: number): (key: number) => string {
  if (maxKey > 1 << 16) return (key) => `id${key}`;
  const labels = Array.from({ length: maxKey + 1 }, (_, k) => `id${k}`);
  return (key) => labels[key]!;
}

function intVector(values: Int32Array): Vector {
  return { type: T.int, length: values.length, values, nulls: null };
}

/** The batches of rows [from, to) of one join table, `chunkRows` rows at a time (any range on its own, as for G1). */
export function* joinBatches(
  table: JoinTableName,
  n: number,
  seed: number,
  from: number,
  to: number,
  chunkRows: number,
): Generator<Batch> {
  const [n1, n2, n3] = joinLevelKeys(n);
  const levels = [keyLevel(n1, seed, 1), keyLevel(n2, seed, 2), keyLevel(n3, seed, 3)] as const;
  const rows = joinTableRows(n)[table];
  const keyColumns = table === 'small' ? 1 : table === 'medium' ? 2 : 3;
  const side = table === 'x' ? 'left' : 'right';
  const fillers = levels.slice(0, keyColumns).map((lv, c) => {
    const pick = side === 'left' ? lv.left : lv.right;
    return sampleAllColumn(pick, lv.size, rows, seed, `J1.${table}.id${c + 1}`);
  });
  const labels = levels.slice(0, keyColumns).map((lv) => labeller((lv.size / 10) * 11));
  const measure = uniformAt(seed, `J1.${table}.${table === 'x' ? 'v1' : 'v2'}`);
  for (let start = from; start < to; start += chunkRows) {
    const len = Math.min(chunkRows, to - start);
    const ids = fillers.map((fill) => {
      const out = new Int32Array(len);
      fill(start, out);
      return out;
    });
    const strings = ids.map((keys, c) => {
      const label = labels[c]!;
      const out = new Array<string>(len);
      for (let i = 0; i < len; i++) out[i] = label(keys[i]!);
      return { type: T.string, length: len, values: out, nulls: null } satisfies Vector;
    });
    const v = new Float64Array(len);
    for (let i = 0; i < len; i++) v[i] = uniform6(measure(start + i));
    // Small keeps only id1/id4 and medium id1, id2/id4, id5: the same layout as the key count.
    const columns: Vector[] = [
      ...ids.map(intVector),
      ...strings,
      { type: T.double, length: len, values: v, nulls: null },
    ];
    yield { numRows: len, columns };
  }
}

export function joinTableSpecs(n: number, seed: number): GeneratedTableSpec[] {
  const rows = joinTableRows(n);
  return (['x', 'small', 'medium', 'big'] as const).map((name) => ({
    name,
    schema: SCHEMAS[name],
    rows: rows[name],
    batches: (from: number, to: number, chunkRows: number) => joinBatches(name, n, seed, from, to, chunkRows),
  }));
}
