// Seeded in-memory data for the micro-benchmarks: typed-array columns, Flint batches built over the same
// arrays (no copy) and Flint DataFrames over those batches, so every engine sees identical values.

import { type Batch, type DataType, type StructType, type Vector, T, mulberry32 } from '@flint/common';
import { DataFrame, type SparkSession } from 'flint';

/** A column as the micro cases hold it: its name, Spark type and storage (see @flint/common's batch.ts). */
export interface Column {
  readonly name: string;
  readonly type: DataType;
  readonly values: Vector['values'];
}

/** Rows per batch of the in-memory tables, as Flint's own operators cut them. */
export const TABLE_BATCH_ROWS = 65_536;

export const DAY_1992_01_01 = 8035;
export const DAYS_1992_TO_1998 = 2557;

const WORDS = [
  'furiously',
  'quickly',
  'carefully',
  'blithely',
  'slyly',
  'final',
  'pending',
  'regular',
  'express',
  'ironic',
  'special',
  'requests',
  'deposits',
  'accounts',
  'packages',
  'theodolites',
  'pinto',
  'beans',
  'foxes',
  'ideas',
] as const;

/** One batch over whole columns (the arrays are shared, not copied). */
export function batchOf(columns: readonly Column[], numRows: number): Batch {
  return {
    numRows,
    columns: columns.map((c) => ({ type: c.type, length: numRows, values: c.values, nulls: null })),
  };
}

/** Batches of `TABLE_BATCH_ROWS` rows viewing (typed arrays) or slicing (JS arrays) the columns. */
export function batchesOf(columns: readonly Column[], numRows: number): Batch[] {
  const out: Batch[] = [];
  for (let start = 0; start < numRows; start += TABLE_BATCH_ROWS) {
    const end = Math.min(numRows, start + TABLE_BATCH_ROWS);
    out.push({
      numRows: end - start,
      columns: columns.map((c) => {
        const v = c.values;
        const part = ArrayBuffer.isView(v)
          ? (v as Float64Array).subarray(start, end)
          : (v as unknown[]).slice(start, end);
        return { type: c.type, length: end - start, values: part as Vector['values'], nulls: null };
      }),
    });
  }
  return out;
}

/**
 * A Flint DataFrame over batches already in memory, the form `createDataFrame` and `cache()` produce,
 * built directly because the public API only takes row objects (converting 1M rows would dominate setup).
 */
export function memoryDataFrame(spark: SparkSession, columns: readonly Column[], numRows: number): DataFrame {
  const schema: StructType = T.struct(columns.map((c) => T.field(c.name, c.type, false)));
  const output = columns.map((c) => ({
    kind: 'AttributeReference' as const,
    id: spark.state.nextExprId(),
    name: c.name,
    dataType: c.type,
    nullable: false,
    qualifier: [] as string[],
  }));
  const plan = spark.state.analyze({
    kind: 'LogicalRelation',
    source: { kind: 'Memory', schema, partitions: [batchesOf(columns, numRows)] },
    output,
  });
  return new DataFrame(spark.state, plan);
}

/** Columns of the expression kernels: TPC-H-like decimals, doubles, a date and a comment string. */
export function expressionColumns(n: number, seed = 7): Column[] {
  const rand = mulberry32(seed);
  const price = new BigInt64Array(n);
  const discount = new BigInt64Array(n);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const c = new Float64Array(n);
  const shipdate = new Int32Array(n);
  const comment = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    price[i] = BigInt(90_000 + Math.floor(rand() * 10_410_000)); // 900.00 .. 105,000.00
    discount[i] = BigInt(Math.floor(rand() * 11)); // 0.00 .. 0.10
    a[i] = rand() * 1000;
    b[i] = rand() * 2 - 1;
    c[i] = rand() * 100;
    shipdate[i] = DAY_1992_01_01 + Math.floor(rand() * DAYS_1992_TO_1998);
    const words = 3 + Math.floor(rand() * 5);
    let s = WORDS[Math.floor(rand() * WORDS.length)]!;
    for (let w = 1; w < words; w++) s += ' ' + WORDS[Math.floor(rand() * WORDS.length)]!;
    comment[i] = s;
  }
  return [
    { name: 'price', type: T.decimal(12, 2), values: price },
    { name: 'discount', type: T.decimal(12, 2), values: discount },
    { name: 'a', type: T.double, values: a },
    { name: 'b', type: T.double, values: b },
    { name: 'c', type: T.double, values: c },
    { name: 'shipdate', type: T.date, values: shipdate },
    { name: 'comment', type: T.string, values: comment },
  ];
}

/** Group-by input: a 100-value string key, a high-cardinality long key, a small int and a double value. */
export interface AggregationData {
  readonly n: number;
  readonly low: string[];
  readonly high: BigInt64Array;
  readonly mid: Int32Array;
  /** Multiples of 1/8, so sums are exact in any order and every engine's totals compare equal. */
  readonly value: Float64Array;
}

export function aggregationData(n: number, seed = 11): AggregationData {
  const rand = mulberry32(seed);
  const names = Array.from({ length: 100 }, (_, k) => `group_${String(k).padStart(3, '0')}`);
  const low = new Array<string>(n);
  const high = new BigInt64Array(n);
  const mid = new Int32Array(n);
  const value = new Float64Array(n);
  const highRange = Math.max(1, n >> 1);
  for (let i = 0; i < n; i++) {
    low[i] = names[Math.floor(rand() * 100)]!;
    high[i] = BigInt(Math.floor(rand() * highRange));
    mid[i] = Math.floor(rand() * 100);
    value[i] = Math.floor(rand() * 8000) / 8;
  }
  return { n, low, high, mid, value };
}

export function aggregationColumns(d: AggregationData): Column[] {
  return [
    { name: 'low', type: T.string, values: d.low },
    { name: 'high', type: T.long, values: d.high },
    { name: 'mid', type: T.int, values: d.mid },
    { name: 'v', type: T.double, values: d.value },
  ];
}

/** Join input: a build side with unique even keys and a probe side whose keys match about half the time. */
export interface JoinData {
  readonly buildRows: number;
  readonly probeRows: number;
  readonly buildKey: BigInt64Array;
  readonly buildValue: Float64Array;
  readonly probeKey: BigInt64Array;
  readonly probeValue: Float64Array;
}

export function joinData(buildRows: number, probeRows: number, seed = 13): JoinData {
  const rand = mulberry32(seed);
  // A shuffled permutation so the build side is not already in key order.
  const order = new Int32Array(buildRows);
  for (let i = 0; i < buildRows; i++) order[i] = i;
  for (let i = buildRows - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const buildKey = new BigInt64Array(buildRows);
  const buildValue = new Float64Array(buildRows);
  for (let i = 0; i < buildRows; i++) {
    buildKey[i] = BigInt(order[i]! * 2);
    buildValue[i] = Math.floor(rand() * 8000) / 8;
  }
  const probeKey = new BigInt64Array(probeRows);
  const probeValue = new Float64Array(probeRows);
  for (let i = 0; i < probeRows; i++) {
    probeKey[i] = BigInt(Math.floor(rand() * buildRows * 2));
    probeValue[i] = Math.floor(rand() * 8000) / 8;
  }
  return { buildRows, probeRows, buildKey, buildValue, probeKey, probeValue };
}

/** Sort input: doubles and short ASCII strings (so UTF-16 and UTF-8 orders agree). */
export function sortData(n: number, seed = 17): { doubles: Float64Array; strings: string[] } {
  const rand = mulberry32(seed);
  const doubles = new Float64Array(n);
  const strings = new Array<string>(n);
  const letters = 'abcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < n; i++) {
    doubles[i] = rand() * 1e6 - 5e5;
    const len = 6 + Math.floor(rand() * 10);
    let s = '';
    for (let k = 0; k < len; k++) s += letters[Math.floor(rand() * letters.length)]!;
    strings[i] = s;
  }
  return { doubles, strings };
}

/**
 * A long column's values as Numbers, read through 32-bit word views (exact below 2^53) so hand-written
 * loops need no BigInt per value.
 */
export function int64AsNumbers(values: BigInt64Array): Float64Array {
  const words = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = words[2 * i + 1]! * 4294967296 + (words[2 * i]! >>> 0);
  return out;
}
