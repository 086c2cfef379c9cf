// Row-wise mapping of a vector's non-null entries into a new vector (the cast kernels' loop).

import { allocValues, type DataType, type Vector } from '@flint/common';
import { makeVector, type Store } from '../vectors.js';

/** Maps each non-null entry with `fn`; `fn` returns undefined to make the row NULL. */
export function mapValues(v: Vector, to: DataType, fn: (x: any) => unknown): Vector {
  const n = v.length;
  const src = v.values as unknown as Store;
  const out = allocValues(to, n) as unknown as Store;
  const nulls = v.nulls === null ? new Uint8Array(n) : v.nulls.slice(0, n);
  const isBool = v.type.kind === 'boolean';
  for (let i = 0; i < n; i++) {
    if (nulls[i] === 1) continue;
    const r = fn(isBool ? src[i] === 1 : src[i]);
    if (r === undefined) nulls[i] = 1;
    else out[i] = r;
  }
  return makeVector(to, out, nulls, n);
}
