// Kernels of the collection constructors and element access: array, map, struct, named_struct,
// map_from_arrays, map_from_entries, str_to_map, size, element_at, get_array_item, get_map_value,
// get_struct_field.

import { FlintError, getValue, vectorFromValues, type MapValue, type Value } from '@flint/common';
import type { ScalarKernel } from './kernel.js';
import {
  buildMap,
  dedupOf,
  equalValues,
  invalidArrayIndex,
  invalidIndexOfZero,
  mapRows,
  toNumber,
} from './collection-util.js';

function rowsOf(
  args: readonly import('@flint/common').Vector[],
  n: number,
  f: (i: number) => Value,
): Value[] {
  void args;
  const out = new Array<Value>(n);
  for (let i = 0; i < n; i++) out[i] = f(i);
  return out;
}

function lookupMap(m: MapValue, k: Value): Value {
  for (let j = 0; j < m.keys.length; j++) if (equalValues(m.keys[j] ?? null, k)) return m.values[j] ?? null;
  return null;
}

export const constructorKernels: Record<string, ScalarKernel> = {
  array: (args, expr, _c, n) =>
    vectorFromValues(
      expr.dataType,
      rowsOf(args, n, (i) => args.map((a) => getValue(a, i))),
    ),
  struct: (args, expr, _c, n) =>
    vectorFromValues(
      expr.dataType,
      rowsOf(args, n, (i) => args.map((a) => getValue(a, i))),
    ),
  named_struct: (args, expr, _c, n) =>
    vectorFromValues(
      expr.dataType,
      rowsOf(args, n, (i) => args.filter((_, j) => j % 2 === 1).map((a) => getValue(a, i))),
    ),
  map: (args, expr, _c, n) => {
    const dedup = dedupOf(expr);
    return vectorFromValues(
      expr.dataType,
      rowsOf(args, n, (i) => {
        const ks: Value[] = [];
        const vs: Value[] = [];
        for (let j = 0; j + 1 < args.length; j += 2) {
          ks.push(getValue(args[j]!, i));
          vs.push(getValue(args[j + 1]!, i));
        }
        return buildMap(ks, vs, dedup);
      }),
    );
  },
  map_from_arrays: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, ([k, v]) => {
      const ks = k as readonly Value[];
      const vs = v as readonly Value[];
      if (ks.length !== vs.length) {
        throw new FlintError(
          'ILLEGAL_ARGUMENT',
          'The key array and value array of MapData must have the same length.',
          {},
        );
      }
      return buildMap(ks, vs, dedupOf(expr));
    }),
  map_from_entries: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, ([a]) => {
      const entries = a as readonly Value[];
      if (entries.some((e) => e === null)) return null;
      return buildMap(
        entries.map((e) => (e as readonly Value[])[0] ?? null),
        entries.map((e) => (e as readonly Value[])[1] ?? null),
        dedupOf(expr),
      );
    }),
  str_to_map: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, ([s, pd, kd]) => {
      const pairs = splitRegex(s as string, pd as string);
      const ks: Value[] = [];
      const vs: Value[] = [];
      for (const p of pairs) {
        const kv = splitRegex(p, kd as string, 2);
        ks.push(kv[0] ?? '');
        vs.push(kv.length > 1 ? (kv[1] ?? null) : null);
      }
      return buildMap(ks, vs, dedupOf(expr));
    }),
  size: (args, expr, _c, n) => {
    const legacy = expr.options?.['legacySizeOfNull'] === true;
    return mapRows(
      args,
      n,
      expr.dataType,
      ([a]) => {
        if (a === null) return legacy ? -1 : null;
        return Array.isArray(a) ? a.length : (a as MapValue).keys.length;
      },
      false,
    );
  },
  element_at: (args, expr, _c, n) => {
    const fail = expr.options?.['failOnError'] === true;
    return mapRows(args, n, expr.dataType, ([a, idx]) => {
      const arr = a as readonly Value[];
      const k = toNumber(idx!);
      if (k === 0) throw invalidIndexOfZero();
      const j = k > 0 ? k - 1 : arr.length + k;
      if (j < 0 || j >= arr.length) {
        if (fail) throw invalidArrayIndex('INVALID_ARRAY_INDEX_IN_ELEMENT_AT', k, arr.length);
        return null;
      }
      return arr[j] ?? null;
    });
  },
  get_array_item: (args, expr, _c, n) => {
    const fail = expr.options?.['failOnError'] === true;
    return mapRows(args, n, expr.dataType, ([a, idx]) => {
      const arr = a as readonly Value[];
      const k = toNumber(idx!);
      if (k < 0 || k >= arr.length) {
        if (fail) throw invalidArrayIndex('INVALID_ARRAY_INDEX', k, arr.length);
        return null;
      }
      return arr[k] ?? null;
    });
  },
  get_map_value: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, ([m, k]) => lookupMap(m as MapValue, k!)),
  get_struct_field: (args, expr, _c, n) => {
    const ord = Number(expr.options?.['ordinal'] ?? 0);
    return mapRows(args, n, expr.dataType, ([s]) => (s as readonly Value[])[ord] ?? null);
  },
};

/** Java's String.split(regex, limit) as str_to_map uses it (trailing empty strings kept, as Spark's limit -1). */
function splitRegex(s: string, delim: string, limit = -1): string[] {
  let re: RegExp;
  try {
    re = new RegExp(delim, 'gu');
  } catch {
    re = new RegExp(delim.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gu');
  }
  const out: string[] = [];
  let last = 0;
  for (const m of s.matchAll(re)) {
    if (limit > 0 && out.length === limit - 1) break;
    if (m[0].length === 0 && (m.index === 0 || m.index === s.length)) continue;
    out.push(s.slice(last, m.index));
    last = m.index + m[0].length;
  }
  out.push(s.slice(last));
  return out;
}
