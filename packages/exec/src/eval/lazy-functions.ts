// Functions whose later arguments Spark evaluates only for rows that need them (coalesce, nvl, ifnull,
// nvl2, nanvl): an unneeded 1/0 in them must not raise in ANSI mode, so they run on row subsets here.

import { allocValues, type Batch, type DataType, type Vector } from '@flint/common';
import type { Evaluator } from './compile.js';
import { gatherColumns, makeVector, scatterInto, type Store } from './vectors.js';

export const LAZY_FUNCTIONS = new Set(['coalesce', 'nvl', 'ifnull', 'nvl2', 'nanvl']);

function isNull(v: Vector, i: number): boolean {
  return v.type.kind === 'null' || (v.nulls !== null && v.nulls[i] === 1);
}

/**
 * Evaluates `f` on the rows `rows` of `b` and writes the results there; only the columns at
 * `positions` (null: all) are gathered for the subset.
 */
function fill(
  out: Store,
  nulls: Uint8Array,
  f: Evaluator,
  b: Batch,
  rows: number[],
  positions: readonly number[] | null,
): Vector | null {
  if (rows.length === 0) return null;
  const sub = rows.length === b.numRows ? b : gatherColumns(b, rows, positions);
  const v = f(sub);
  scatterInto(out, nulls, v, Int32Array.from(rows));
  return v;
}

export function compileLazyFunction(
  name: string,
  args: readonly Evaluator[],
  type: DataType,
  positions: readonly number[] | null = null,
): Evaluator {
  return (b) => {
    const n = b.numRows;
    const out = allocValues(type, n) as unknown as Store;
    const nulls = new Uint8Array(n).fill(1);
    const all = Array.from({ length: n }, (_, i) => i);
    switch (name) {
      case 'nvl2': {
        const a = args[0]!(b);
        const yes: number[] = [];
        const no: number[] = [];
        for (let i = 0; i < n; i++) (isNull(a, i) ? no : yes).push(i);
        fill(out, nulls, args[1]!, b, yes, positions);
        fill(out, nulls, args[2]!, b, no, positions);
        break;
      }
      case 'nanvl': {
        const a = args[0]!(b);
        scatterInto(out, nulls, a, Int32Array.from(all));
        const nan: number[] = [];
        const av = a.values as Float64Array;
        for (let i = 0; i < n; i++) if (!isNull(a, i) && Number.isNaN(av[i]!)) nan.push(i);
        fill(out, nulls, args[1]!, b, nan, positions);
        break;
      }
      default: {
        // coalesce / nvl / ifnull: each argument only for the rows still NULL.
        let remaining = all;
        for (const f of args) {
          if (remaining.length === 0) break;
          const v = fill(out, nulls, f, b, remaining, positions);
          if (v === null) break;
          remaining = remaining.filter((_, k) => isNull(v, k));
        }
      }
    }
    return makeVector(type, out, nulls, n);
  };
}
