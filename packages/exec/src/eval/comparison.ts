// Vectorized comparisons (= <=> < <= > >=) over any comparable type with Spark's ordering.

import type { DataType, Vector } from '@flint/common';
import type { ComparisonOp } from '@flint/planner';
import { compareDecimal, compareDouble, comparatorFor } from './compare.js';
import type { Store } from './vectors.js';

function test(op: ComparisonOp, c: number): number {
  switch (op) {
    case 'EqualTo':
    case 'EqualNullSafe':
      return c === 0 ? 1 : 0;
    case 'LessThan':
      return c < 0 ? 1 : 0;
    case 'LessThanOrEqual':
      return c <= 0 ? 1 : 0;
    case 'GreaterThan':
      return c > 0 ? 1 : 0;
    case 'GreaterThanOrEqual':
      return c >= 0 ? 1 : 0;
  }
}

/** Row comparator of a[i] vs b[j] for non-null entries. */
export function rowComparator(
  lt: DataType,
  rt: DataType,
): (x: Store, i: number, y: Store, j: number) => number {
  switch (lt.kind) {
    case 'byte':
    case 'short':
    case 'integer':
    case 'date':
    case 'year_month_interval':
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz':
    case 'time':
    case 'day_time_interval':
      return (x, i, y, j) => (x[i] < y[j] ? -1 : x[i] > y[j] ? 1 : 0);
    case 'float':
    case 'double':
      return (x, i, y, j) => compareDouble(x[i] as number, y[j] as number);
    case 'boolean':
      return (x, i, y, j) => (x[i] as number) - (y[j] as number);
    case 'decimal': {
      const sa = lt.scale;
      const sb = rt.kind === 'decimal' ? rt.scale : sa;
      if (sa === sb) return (x, i, y, j) => (x[i] < y[j] ? -1 : x[i] > y[j] ? 1 : 0);
      return (x, i, y, j) => compareDecimal(x[i] as bigint, sa, y[j] as bigint, sb);
    }
    default: {
      const cmp = comparatorFor(lt);
      return (x, i, y, j) => cmp(x[i], y[j]);
    }
  }
}

export function compareVectors(op: ComparisonOp, a: Vector, b: Vector, n: number): Vector {
  const out = new Uint8Array(n);
  const x = a.values as unknown as Store;
  const y = b.values as unknown as Store;
  const an = a.nulls;
  const bn = b.nulls;
  const cmp = rowComparator(a.type, b.type);
  if (a.type.kind === 'null' || b.type.kind === 'null') {
    if (op === 'EqualNullSafe') {
      for (let i = 0; i < n; i++) {
        const xa = a.type.kind === 'null' || (an !== null && an[i] === 1);
        const xb = b.type.kind === 'null' || (bn !== null && bn[i] === 1);
        out[i] = xa && xb ? 1 : 0;
      }
      return { type: { kind: 'boolean' }, length: n, values: out, nulls: null };
    }
    return { type: { kind: 'boolean' }, length: n, values: out, nulls: new Uint8Array(n).fill(1) };
  }
  if (op === 'EqualNullSafe') {
    for (let i = 0; i < n; i++) {
      const xa = an !== null && an[i] === 1;
      const xb = bn !== null && bn[i] === 1;
      out[i] = xa || xb ? (xa && xb ? 1 : 0) : cmp(x, i, y, i) === 0 ? 1 : 0;
    }
    return { type: { kind: 'boolean' }, length: n, values: out, nulls: null };
  }
  let nulls: Uint8Array | null = null;
  for (let i = 0; i < n; i++) {
    if ((an !== null && an[i] === 1) || (bn !== null && bn[i] === 1)) {
      nulls ??= new Uint8Array(n);
      nulls[i] = 1;
      continue;
    }
    out[i] = test(op, cmp(x, i, y, i));
  }
  return { type: { kind: 'boolean' }, length: n, values: out, nulls };
}
