// Kernels of the higher-order collection functions. Each evaluates its lambda once over all the
// elements of the batch (flattened, with rowIndex naming each element's input row), not per element.

import {
  T,
  getValue,
  vectorFromValues,
  type DataType,
  type MapValue,
  type Value,
  type Vector,
} from '@flint/common';
import { evaluateLambda } from '../eval/lambda.js';
import type { ScalarKernel } from './kernel.js';
import { buildMap, compareValues, dedupOf, equalValues, nullMapKey, valueKey } from './collection-util.js';

type Arr = readonly Value[];

interface Flat {
  /** Row values of the collection argument (null for a NULL row). */
  readonly rows: (Arr | null)[];
  readonly rowIndex: Int32Array;
  readonly elements: Value[];
  readonly positions: Value[];
}

function flatten(v: Vector, n: number): Flat {
  const rows: (Arr | null)[] = [];
  const idx: number[] = [];
  const elements: Value[] = [];
  const positions: Value[] = [];
  for (let i = 0; i < n; i++) {
    const a = getValue(v, i) as Arr | null;
    rows.push(a);
    if (a === null) continue;
    a.forEach((x, j) => {
      idx.push(i);
      elements.push(x);
      positions.push(j);
    });
  }
  return { rows, rowIndex: Int32Array.from(idx), elements, positions };
}

function elemType(t: DataType): DataType {
  return t.kind === 'array' ? t.elementType : T.null;
}

/** Evaluates a lambda over every element of an array argument; returns the flat result values. */
function perElement(
  lambda: import('@flint/planner').Expr,
  arr: Vector,
  n: number,
): { flat: Flat; results: Value[] } {
  const flat = flatten(arr, n);
  const vars = [vectorFromValues(elemType(arr.type), flat.elements), vectorFromValues(T.int, flat.positions)];
  const out = evaluateLambda(lambda, vars, flat.rowIndex);
  const results: Value[] = [];
  for (let k = 0; k < flat.elements.length; k++) results.push(getValue(out, k));
  return { flat, results };
}

/** Regroups flat per-element values into one array per row (NULL rows stay NULL). */
function regroup(flat: Flat, values: Value[], keep: ((k: number) => boolean) | null, type: DataType): Vector {
  const out: Value[] = flat.rows.map((r) => (r === null ? null : []));
  for (let k = 0; k < values.length; k++) {
    if (keep !== null && !keep(k)) continue;
    (out[flat.rowIndex[k]!] as Value[]).push(values[k] ?? null);
  }
  return vectorFromValues(type, out);
}

interface FlatMap {
  readonly rows: (MapValue | null)[];
  readonly rowIndex: Int32Array;
  readonly keys: Value[];
  readonly values: Value[];
}

function flattenMap(v: Vector, n: number): FlatMap {
  const rows: (MapValue | null)[] = [];
  const idx: number[] = [];
  const keys: Value[] = [];
  const values: Value[] = [];
  for (let i = 0; i < n; i++) {
    const m = getValue(v, i) as MapValue | null;
    rows.push(m);
    if (m === null) continue;
    m.keys.forEach((k, j) => {
      idx.push(i);
      keys.push(k);
      values.push(m.values[j] ?? null);
    });
  }
  return { rows, rowIndex: Int32Array.from(idx), keys, values };
}

function mapVars(t: DataType, f: FlatMap): Vector[] {
  const kt = t.kind === 'map' ? t.keyType : T.null;
  const vt = t.kind === 'map' ? t.valueType : T.null;
  return [vectorFromValues(kt, f.keys), vectorFromValues(vt, f.values)];
}

function values(v: Vector): Value[] {
  const out: Value[] = [];
  for (let i = 0; i < v.length; i++) out.push(getValue(v, i));
  return out;
}

export const lambdaKernels: Record<string, ScalarKernel> = {
  transform: (args, expr, _c, n) => {
    const { flat, results } = perElement(expr.args[1]!, args[0]!, n);
    return regroup(flat, results, null, expr.dataType);
  },
  filter: (args, expr, _c, n) => {
    const { flat, results } = perElement(expr.args[1]!, args[0]!, n);
    return regroup(flat, flat.elements, (k) => results[k] === true, expr.dataType);
  },
  exists: (args, expr, _c, n) => {
    const threeValued = expr.options?.['threeValued'] !== false;
    const { flat, results } = perElement(expr.args[1]!, args[0]!, n);
    const out: Value[] = flat.rows.map((r) => (r === null ? null : false));
    const sawNull = new Uint8Array(n);
    for (let k = 0; k < results.length; k++) {
      const i = flat.rowIndex[k]!;
      if (results[k] === true) out[i] = true;
      else if (results[k] === null) sawNull[i] = 1;
    }
    if (threeValued) for (let i = 0; i < n; i++) if (out[i] === false && sawNull[i] === 1) out[i] = null;
    return vectorFromValues(T.boolean, out);
  },
  forall: (args, expr, _c, n) => {
    const { flat, results } = perElement(expr.args[1]!, args[0]!, n);
    const out: Value[] = flat.rows.map((r) => (r === null ? null : true));
    const sawNull = new Uint8Array(n);
    for (let k = 0; k < results.length; k++) {
      const i = flat.rowIndex[k]!;
      if (results[k] === false) out[i] = false;
      else if (results[k] === null) sawNull[i] = 1;
    }
    for (let i = 0; i < n; i++) if (out[i] === true && sawNull[i] === 1) out[i] = null;
    return vectorFromValues(T.boolean, out);
  },
  aggregate: (args, expr, _c, n) => {
    const arr = args[0]!;
    const zero = args[1]!;
    const merge = expr.args[2]!;
    const finish = expr.args[3];
    const accType = zero.type;
    const rows: (Arr | null)[] = [];
    for (let i = 0; i < n; i++) rows.push(getValue(arr, i) as Arr | null);
    const acc: Value[] = rows.map((_, i) => getValue(zero, i));
    const maxLen = rows.reduce((m, r) => Math.max(m, r === null ? 0 : r.length), 0);
    const et = elemType(arr.type);
    // Step k folds the k-th element of every row that has one, all rows at once.
    for (let k = 0; k < maxLen; k++) {
      const active: number[] = [];
      for (let i = 0; i < n; i++) if (rows[i] !== null && rows[i]!.length > k) active.push(i);
      const accV = vectorFromValues(
        accType,
        active.map((i) => acc[i] ?? null),
      );
      const elV = vectorFromValues(
        et,
        active.map((i) => rows[i]![k] ?? null),
      );
      const res = evaluateLambda(merge, [accV, elV], Int32Array.from(active));
      active.forEach((i, j) => (acc[i] = getValue(res, j)));
    }
    const live: number[] = [];
    for (let i = 0; i < n; i++) if (rows[i] !== null) live.push(i);
    const out: Value[] = new Array<Value>(n).fill(null);
    if (finish === undefined) {
      for (const i of live) out[i] = acc[i] ?? null;
    } else if (live.length > 0) {
      const res = evaluateLambda(
        finish,
        [
          vectorFromValues(
            accType,
            live.map((i) => acc[i] ?? null),
          ),
        ],
        Int32Array.from(live),
      );
      live.forEach((i, j) => (out[i] = getValue(res, j)));
    }
    return vectorFromValues(expr.dataType, out);
  },
  zip_with: (args, expr, _c, n) => {
    const a = args[0]!;
    const b = args[1]!;
    const rows: (Value[] | null)[] = [];
    const idx: number[] = [];
    const xs: Value[] = [];
    const ys: Value[] = [];
    for (let i = 0; i < n; i++) {
      const x = getValue(a, i) as Arr | null;
      const y = getValue(b, i) as Arr | null;
      if (x === null || y === null) {
        rows.push(null);
        continue;
      }
      rows.push([]);
      const len = Math.max(x.length, y.length);
      for (let j = 0; j < len; j++) {
        idx.push(i);
        xs.push(x[j] ?? null);
        ys.push(y[j] ?? null);
      }
    }
    const res = evaluateLambda(
      expr.args[2]!,
      [vectorFromValues(elemType(a.type), xs), vectorFromValues(elemType(b.type), ys)],
      Int32Array.from(idx),
    );
    idx.forEach((i, k) => rows[i]!.push(getValue(res, k)));
    return vectorFromValues(expr.dataType, rows);
  },
  array_sort: (args, expr, _c, n) => {
    const arr = args[0]!;
    const cmp = expr.args[1];
    const et = elemType(arr.type);
    const out: Value[] = [];
    for (let i = 0; i < n; i++) {
      const a = getValue(arr, i) as Arr | null;
      if (a === null) {
        out.push(null);
        continue;
      }
      const copy = [...a];
      if (cmp === undefined) {
        // Ascending with NULLs last.
        copy.sort((x, y) =>
          x === null ? (y === null ? 0 : 1) : y === null ? -1 : compareNumbersOrValues(x, y),
        );
      } else {
        const row = Int32Array.of(i);
        copy.sort((x, y) => {
          const r = getValue(
            evaluateLambda(cmp, [vectorFromValues(et, [x]), vectorFromValues(et, [y])], row),
            0,
          );
          return r === null ? 0 : Number(r);
        });
      }
      out.push(copy);
    }
    return vectorFromValues(expr.dataType, out);
  },
  map_filter: (args, expr, _c, n) => {
    const f = flattenMap(args[0]!, n);
    const res = values(evaluateLambda(expr.args[1]!, mapVars(args[0]!.type, f), f.rowIndex));
    const out: Value[] = f.rows.map((r) => (r === null ? null : { keys: [], values: [] }));
    res.forEach((r, k) => {
      if (r !== true) return;
      const m = out[f.rowIndex[k]!] as { keys: Value[]; values: Value[] };
      m.keys.push(f.keys[k] ?? null);
      m.values.push(f.values[k] ?? null);
    });
    return vectorFromValues(expr.dataType, out);
  },
  transform_values: (args, expr, _c, n) => {
    const f = flattenMap(args[0]!, n);
    const res = values(evaluateLambda(expr.args[1]!, mapVars(args[0]!.type, f), f.rowIndex));
    const out: Value[] = f.rows.map((r) => (r === null ? null : { keys: [], values: [] }));
    res.forEach((r, k) => {
      const m = out[f.rowIndex[k]!] as { keys: Value[]; values: Value[] };
      m.keys.push(f.keys[k] ?? null);
      m.values.push(r);
    });
    return vectorFromValues(expr.dataType, out);
  },
  transform_keys: (args, expr, _c, n) => {
    const f = flattenMap(args[0]!, n);
    const res = values(evaluateLambda(expr.args[1]!, mapVars(args[0]!.type, f), f.rowIndex));
    const ks: Value[][] = f.rows.map(() => []);
    const vs: Value[][] = f.rows.map(() => []);
    res.forEach((r, k) => {
      if (r === null) throw nullMapKey();
      ks[f.rowIndex[k]!]!.push(r);
      vs[f.rowIndex[k]!]!.push(f.values[k] ?? null);
    });
    const dedup = dedupOf(expr);
    return vectorFromValues(
      expr.dataType,
      f.rows.map((r, i) => (r === null ? null : buildMap(ks[i]!, vs[i]!, dedup))),
    );
  },
  map_zip_with: (args, expr, _c, n) => {
    const m1 = args[0]!;
    const m2 = args[1]!;
    const rows: (Value[] | null)[] = [];
    const idx: number[] = [];
    const ks: Value[] = [];
    const v1: Value[] = [];
    const v2: Value[] = [];
    for (let i = 0; i < n; i++) {
      const a = getValue(m1, i) as MapValue | null;
      const b = getValue(m2, i) as MapValue | null;
      if (a === null || b === null) {
        rows.push(null);
        continue;
      }
      rows.push([]);
      const seen = new Map<string, number>();
      const push = (k: Value): number => {
        const key = valueKey(k);
        let at = seen.get(key);
        if (at === undefined) {
          at = ks.length;
          seen.set(key, at);
          idx.push(i);
          ks.push(k);
          v1.push(null);
          v2.push(null);
        }
        return at;
      };
      a.keys.forEach((k, j) => (v1[push(k)] = a.values[j] ?? null));
      b.keys.forEach((k, j) => (v2[push(k)] = b.values[j] ?? null));
    }
    const t1 = m1.type;
    const t2 = m2.type;
    const kt = t1.kind === 'map' ? t1.keyType : T.null;
    const res = evaluateLambda(
      expr.args[2]!,
      [
        vectorFromValues(kt, ks),
        vectorFromValues(t1.kind === 'map' ? t1.valueType : T.null, v1),
        vectorFromValues(t2.kind === 'map' ? t2.valueType : T.null, v2),
      ],
      Int32Array.from(idx),
    );
    const out: Value[] = rows.map((r) => (r === null ? null : { keys: [], values: [] }));
    idx.forEach((i, k) => {
      const m = out[i] as { keys: Value[]; values: Value[] };
      m.keys.push(ks[k] ?? null);
      m.values.push(getValue(res, k));
    });
    return vectorFromValues(expr.dataType, out);
  },
};

function compareNumbersOrValues(x: Value, y: Value): number {
  // array_sort without a comparator orders as Spark's ascending ordering (NaN largest).
  return equalValues(x, y) ? 0 : compareValues(x, y);
}
