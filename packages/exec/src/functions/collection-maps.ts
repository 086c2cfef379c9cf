// Kernels of the map functions without lambdas: map_keys, map_values, map_entries, map_concat,
// map_contains_key.

import { getValue, vectorFromValues, type MapValue, type Value } from '@flint/common';
import type { ScalarKernel } from './kernel.js';
import { buildMap, dedupOf, equalValues, mapRows } from './collection-util.js';

export const mapKernels: Record<string, ScalarKernel> = {
  map_keys: (args, expr, _c, n) => mapRows(args, n, expr.dataType, ([m]) => [...(m as MapValue).keys]),
  map_values: (args, expr, _c, n) => mapRows(args, n, expr.dataType, ([m]) => [...(m as MapValue).values]),
  map_entries: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, ([m]) =>
      (m as MapValue).keys.map((k, j) => [k, (m as MapValue).values[j] ?? null]),
    ),
  map_contains_key: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, ([m, k]) => (m as MapValue).keys.some((x) => equalValues(x, k!))),
  map_concat: (args, expr, _c, n) => {
    const dedup = dedupOf(expr);
    const out: Value[] = [];
    for (let i = 0; i < n; i++) {
      const ms = args.map((a) => getValue(a, i) as MapValue | null);
      if (ms.some((m) => m === null)) {
        out.push(null);
        continue;
      }
      out.push(
        buildMap(
          ms.flatMap((m) => m!.keys),
          ms.flatMap((m) => m!.values),
          dedup,
        ),
      );
    }
    return vectorFromValues(expr.dataType, out);
  },
};
