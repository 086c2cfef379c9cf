// Math kernels: Spark's values for logarithms of non-positive numbers (NULL), pow with NaN, rint.

import { describe, expect, it } from 'vitest';
import { getValue, T, vectorFromValues, type Value } from '@flint/common';
import { lookupScalarKernel } from './index.js';
import type { EvalContext, ScalarFunctionExpr } from './kernel.js';

const ctx: EvalContext = { timeZone: 'UTC', ansi: true, queryStartMicros: 0n, conf: new Map() };

function call(name: string, ...cols: Value[][]): Value[] {
  const n = cols[0]?.length ?? 1;
  const args = cols.map((c) => vectorFromValues(T.double, c));
  const e: ScalarFunctionExpr = {
    kind: 'ScalarFunction',
    name,
    args: [],
    dataType: T.double,
    nullable: true,
  };
  const out = lookupScalarKernel(name)!(args, e, ctx, n);
  return Array.from({ length: n }, (_, i) => getValue(out, i));
}

describe('math kernels', () => {
  it('ln of 0 or a negative number is NULL; log(base, x)', () => {
    expect(call('ln', [0, -1, Math.E, null])).toEqual([null, null, 1, null]);
    expect(call('log', [2], [8])).toEqual([3]);
  });
  it('POWER(NaN, 0) is 1.0 and POWER(1, NaN) is NaN as in Java', () => {
    // Java's Math.pow(1, NaN) is NaN (golden: POWER(1, NaN) = NaN); JS gives NaN too.
    expect(call('pow', [NaN, 1], [0, NaN])).toEqual([1, NaN]);
    expect(call('pow', [144], [0.5])).toEqual([12]);
  });
  it('rint rounds half to even', () => {
    expect(call('rint', [2.5, 3.5, -2.5])).toEqual([2, 4, -2]);
  });
  it('pi and e', () => {
    expect(call('pi', [0])).toEqual([Math.PI]);
  });
});
