// Helpers shared by the collection kernels: row-wise evaluation over argument vectors, map building
// with Spark's duplicate-key policy, value equality, and the runtime errors of collection functions.

import {
  FlintError,
  getValue,
  vectorFromValues,
  type DataType,
  type MapValue,
  type Value,
  type Vector,
} from '@flint/common';
import { compareValues, valueKey } from './compare-values.js';

/**
 * Evaluates `f` once per row over the row values of `args`; when `strict`, a row with any NULL
 * argument is NULL without calling `f`. Nested values are per-row objects anyway, so this is the
 * natural shape for collection kernels.
 */
export function mapRows(
  args: readonly Vector[],
  n: number,
  out: DataType,
  f: (vals: Value[], i: number) => Value,
  strict = true,
): Vector {
  const res: Value[] = new Array<Value>(n);
  const vals: Value[] = new Array<Value>(args.length);
  for (let i = 0; i < n; i++) {
    let isNull = false;
    for (let j = 0; j < args.length; j++) {
      const v = getValue(args[j]!, i);
      vals[j] = v;
      if (v === null) isNull = true;
    }
    res[i] = strict && isNull ? null : f(vals, i);
  }
  return vectorFromValues(out, res);
}

export function equalValues(a: Value, b: Value): boolean {
  if (a === null || b === null) return false;
  return compareValues(a, b) === 0;
}

export function nullMapKey(): FlintError {
  return new FlintError(
    'NULL_MAP_KEY',
    '[NULL_MAP_KEY] Cannot use null as map key. SQLSTATE: 2200E',
    {},
    null,
    '2200E',
  );
}

export function duplicatedMapKey(key: Value): FlintError {
  const k = formatKey(key);
  return new FlintError(
    'DUPLICATED_MAP_KEY',
    `[DUPLICATED_MAP_KEY] Duplicate map key ${k} was found, please check the input data. If you want to remove the duplicated keys, you can set "spark.sql.mapKeyDedupPolicy" to "LAST_WIN" so that the key inserted at last takes precedence. SQLSTATE: 23505`,
    { key: k, mapKeyDedupPolicy: '"spark.sql.mapKeyDedupPolicy"' },
    null,
    '23505',
  );
}

function formatKey(v: Value): string {
  if (Array.isArray(v)) return `[${v.map((x) => formatKey(x as Value)).join(',')}]`;
  if (v === null) return 'null';
  return String(v);
}

/** Builds a map from parallel keys/values, applying spark.sql.mapKeyDedupPolicy (EXCEPTION or LAST_WIN). */
export function buildMap(keys: readonly Value[], values: readonly Value[], dedup: string): MapValue {
  const index = new Map<string, number>();
  const ks: Value[] = [];
  const vs: Value[] = [];
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] ?? null;
    if (k === null) throw nullMapKey();
    const key = valueKey(k);
    const at = index.get(key);
    if (at !== undefined) {
      if (dedup !== 'LAST_WIN') throw duplicatedMapKey(k);
      vs[at] = values[i] ?? null;
      continue;
    }
    index.set(key, ks.length);
    ks.push(k);
    vs.push(values[i] ?? null);
  }
  return { keys: ks, values: vs };
}

export function dedupOf(expr: { options?: Readonly<Record<string, Value>> }): string {
  const d = expr.options?.['dedup'];
  return typeof d === 'string' ? d : 'EXCEPTION';
}

export function toNumber(v: Value): number {
  return typeof v === 'bigint' ? Number(v) : (v as number);
}

export function invalidIndexOfZero(): FlintError {
  return new FlintError(
    'INVALID_INDEX_OF_ZERO',
    '[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1). SQLSTATE: 22003',
    {},
    null,
    '22003',
  );
}

export function invalidArrayIndex(
  cls: 'INVALID_ARRAY_INDEX' | 'INVALID_ARRAY_INDEX_IN_ELEMENT_AT',
  index: number,
  size: number,
): FlintError {
  return new FlintError(
    cls,
    `[${cls}] The index ${index} is out of bounds. The array has ${size} elements. Use \`try_element_at\` to tolerate accessing element at invalid index and return NULL instead. SQLSTATE: 22003`,
    { indexValue: String(index), arraySize: String(size), ansiConfig: '"spark.sql.ansi.enabled"' },
    null,
    '22003',
  );
}

/** Index of the first element equal to `v`, or -1. */
export function indexOfValue(arr: readonly Value[], v: Value): number {
  for (let i = 0; i < arr.length; i++) if (equalValues(arr[i] ?? null, v)) return i;
  return -1;
}

export { compareValues, valueKey };
