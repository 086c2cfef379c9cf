// The H2O group-by table G1_<N>_1e2_0_0 (db-benchmark's groupby-datagen.R with K = 100, no NAs, unsorted):
// every column an independent uniform draw, produced chunk by chunk from per-column seeded streams.

import { type Batch, type StructType, T, type Vector } from '@flint/common';
import type { GeneratedTableSpec } from './parquet-cache.js';
import { uniformAt } from './random.js';

/** Groups of the low-cardinality columns (the `1e2` of the dataset name). */
export const GROUPBY_K = 100;

export const GROUPBY_SCHEMA: StructType = T.struct([
  T.field('id1', T.string),
  T.field('id2', T.string),
  T.field('id3', T.string),
  T.field('id4', T.int),
  T.field('id5', T.int),
  T.field('id6', T.int),
  T.field('v1', T.int),
  T.field('v2', T.int),
  T.field('v3', T.double),
]);

/** db-benchmark's short form of a row count: 1e7, 5e6; other counts in full. */
export function prettyCount(n: number): string {
  const exp = Math.floor(Math.log10(n));
  const lead = n / 10 ** exp;
  if (exp >= 1 && Number.isInteger(lead) && lead < 10) return `${lead}e${exp}`;
  return String(n);
}

export function groupbyDatasetName(n: number): string {
  return `G1_${prettyCount(n)}_1e2_0_0`;
}

/** Distinct values of id3 and id6: N/K, at least one. */
export function groupbyHighCardinality(n: number): number {
  return Math.max(1, Math.round(n / GROUPBY_K));
}

/** 'id' followed by `i` zero-padded to `width` digits. */
export function idLabel(i: number, width: number): string {
  return `id${String(i).padStart(width, '0')}`;
}

/** A double uniform in [0, 100) with at most 6 decimals (R's round(runif(n, max = 100), 6)), from a uniform u in [0, 1). */
export function uniform6(u: number): number {
  return Math.floor(u * 1e8) / 1e6;
}

function intVector(values: Int32Array): Vector {
  return { type: T.int, length: values.length, values, nulls: null };
}

function stringVector(values: string[]): Vector {
  return { type: T.string, length: values.length, values, nulls: null };
}

/**
 * The batches of rows [from, to) of G1_<n>, `chunkRows` at a time. Every value is a function of the seed,
 * its column and its row index, so any range can be generated alone and any chunking gives the same rows.
 */
export function* groupbyBatches(
  n: number,
  seed: number,
  from: number,
  to: number,
  chunkRows: number,
): Generator<Batch> {
  const k = GROUPBY_K;
  const nk = groupbyHighCardinality(n);
  const lowLabels = Array.from({ length: k }, (_, i) => idLabel(i + 1, 3));
  const highLabels = Array.from({ length: nk }, (_, i) => idLabel(i + 1, 10));
  const s = (name: string): ((i: number) => number) => uniformAt(seed, `G1.x.${name}`);
  const [u1, u2, u3, u4, u5, u6, uv1, uv2, uv3] = [
    s('id1'),
    s('id2'),
    s('id3'),
    s('id4'),
    s('id5'),
    s('id6'),
    s('v1'),
    s('v2'),
    s('v3'),
  ] as const;
  for (let start = from; start < to; start += chunkRows) {
    const len = Math.min(chunkRows, to - start);
    const id1 = new Array<string>(len);
    const id2 = new Array<string>(len);
    const id3 = new Array<string>(len);
    const id4 = new Int32Array(len);
    const id5 = new Int32Array(len);
    const id6 = new Int32Array(len);
    const v1 = new Int32Array(len);
    const v2 = new Int32Array(len);
    const v3 = new Float64Array(len);
    for (let i = 0; i < len; i++) id1[i] = lowLabels[Math.floor(u1(start + i) * k)]!;
    for (let i = 0; i < len; i++) id2[i] = lowLabels[Math.floor(u2(start + i) * k)]!;
    for (let i = 0; i < len; i++) id3[i] = highLabels[Math.floor(u3(start + i) * nk)]!;
    for (let i = 0; i < len; i++) id4[i] = Math.floor(u4(start + i) * k) + 1;
    for (let i = 0; i < len; i++) id5[i] = Math.floor(u5(start + i) * k) + 1;
    for (let i = 0; i < len; i++) id6[i] = Math.floor(u6(start + i) * nk) + 1;
    for (let i = 0; i < len; i++) v1[i] = Math.floor(uv1(start + i) * 5) + 1;
    for (let i = 0; i < len; i++) v2[i] = Math.floor(uv2(start + i) * 15) + 1;
    for (let i = 0; i < len; i++) v3[i] = uniform6(uv3(start + i));
    yield {
      numRows: len,
      columns: [
        stringVector(id1),
        stringVector(id2),
        stringVector(id3),
        intVector(id4),
        intVector(id5),
        intVector(id6),
        intVector(v1),
        intVector(v2),
        { type: T.double, length: len, values: v3, nulls: null },
      ],
    };
  }
}

export function groupbyTableSpecs(n: number, seed: number): GeneratedTableSpec[] {
  return [
    {
      name: 'x',
      schema: GROUPBY_SCHEMA,
      rows: n,
      batches: (from, to, chunkRows) => groupbyBatches(n, seed, from, to, chunkRows),
    },
  ];
}
