// Kernels of the built-in conditional and null-handling functions, keyed by ScalarFunction name
// (if/coalesce/nvl/nullif/nanvl resolve to CaseWhen and need no kernel).

import { FlintError, getValue, vectorFromValues, type Value } from '@flint/common';
import type { ScalarKernel } from './kernel.js';
import { compareValues } from './compare-values.js';

const isnan: ScalarKernel = (args, _e, _c, n) => {
  const a = args[0]!;
  const out = new Uint8Array(n);
  const vals = a.values as ArrayLike<number>;
  for (let i = 0; i < n; i++)
    out[i] = (a.nulls === null || a.nulls[i] === 0) && Number.isNaN(vals[i]) ? 1 : 0;
  return { type: { kind: 'boolean' }, length: n, values: out, nulls: null };
};

function extremum(sign: 1 | -1): ScalarKernel {
  return (args, e, _c, n) => {
    const out: Value[] = new Array<Value>(n).fill(null);
    for (let i = 0; i < n; i++) {
      let best: Value = null;
      for (const a of args) {
        const v = getValue(a, i);
        if (v !== null && (best === null || compareValues(v, best) * sign > 0)) best = v;
      }
      out[i] = best;
    }
    return vectorFromValues(e.dataType, out);
  };
}

const equalNull: ScalarKernel = (args, _e, _c, n) => {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = getValue(args[0]!, i);
    const b = getValue(args[1]!, i);
    out[i] = a === null || b === null ? (a === b ? 1 : 0) : compareValues(a, b) === 0 ? 1 : 0;
  }
  return { type: { kind: 'boolean' }, length: n, values: out, nulls: null };
};

function userError(message: string): FlintError {
  return new FlintError('USER_RAISED_EXCEPTION', message, { errorMessage: `'${message}'` }, null, 'P0001');
}

const assertTrue: ScalarKernel = (args, e, _c, n) => {
  for (let i = 0; i < n; i++) {
    const v = getValue(args[0]!, i);
    if (v !== true) {
      const msg = args[1] ? String(getValue(args[1], i)) : `'${e.args[0]?.kind ?? 'condition'}' is not true!`;
      throw userError(msg);
    }
  }
  return {
    type: e.dataType,
    length: n,
    values: new Array<unknown>(n).fill(null),
    nulls: n > 0 ? new Uint8Array(n).fill(1) : null,
  };
};

const raiseError: ScalarKernel = (args, e, _c, n) => {
  if (n > 0) throw userError(String(getValue(args[0]!, 0)));
  return { type: e.dataType, length: 0, values: [], nulls: null };
};

export const conditionalKernels: Record<string, ScalarKernel> = {
  isnan,
  greatest: extremum(1),
  least: extremum(-1),
  equal_null: equalNull,
  assert_true: assertTrue,
  raise_error: raiseError,
};
