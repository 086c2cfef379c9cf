// Kernels of the built-in math functions, keyed by ScalarFunction name: the double-valued ones here,
// exact-number ones in ./math-arith.ts, bits and random generators in ./math-extra.ts.

import type { Vector } from '@flint/common';
import type { ScalarKernel } from './kernel.js';
import { mathArithKernels } from './math-arith.js';
import { mathExtraKernels } from './math-extra.js';
import { unionNulls } from '../eval/vectors.js';

/** Applies f to a double vector; f returning null makes the row NULL (logarithms of x <= 0). */
function unaryDouble(f: (x: number) => number | null): ScalarKernel {
  return (args, _e, _c, n) => {
    const a = args[0]!;
    const xs = a.values as Float64Array;
    const out = new Float64Array(n);
    let nulls: Uint8Array | null = unionNulls(a.nulls, null, n);
    for (let i = 0; i < n; i++) {
      if (nulls !== null && nulls[i] === 1) continue;
      const r = f(xs[i]!);
      if (r === null) {
        nulls ??= new Uint8Array(n);
        nulls[i] = 1;
      } else out[i] = r;
    }
    return { type: { kind: 'double' }, length: n, values: out, nulls };
  };
}

function binaryDouble(f: (x: number, y: number) => number | null): ScalarKernel {
  return (args, _e, _c, n) => {
    const a = args[0]!;
    const b = args[1]!;
    const xs = a.values as Float64Array;
    const ys = b.values as Float64Array;
    const out = new Float64Array(n);
    let nulls: Uint8Array | null = null;
    for (let i = 0; i < n; i++) {
      if ((a.nulls !== null && a.nulls[i] === 1) || (b.nulls !== null && b.nulls[i] === 1)) {
        nulls ??= new Uint8Array(n);
        nulls[i] = 1;
        continue;
      }
      const r = f(xs[i]!, ys[i]!);
      if (r === null) {
        nulls ??= new Uint8Array(n);
        nulls[i] = 1;
      } else out[i] = r;
    }
    return { type: { kind: 'double' }, length: n, values: out, nulls };
  };
}

const constant =
  (v: number): ScalarKernel =>
  (_a, _e, _c, n): Vector => ({
    type: { kind: 'double' },
    length: n,
    values: new Float64Array(n).fill(v),
    nulls: null,
  });

const positiveLog = (f: (x: number) => number) => (x: number) => (x <= 0 ? null : f(x));

// Java's Math.rint: round half to even.
function rint(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r === 0 && x < 0 ? -0 : r;
}

const logKernel: ScalarKernel = (args, e, c, n) =>
  args.length === 1
    ? unaryDouble(positiveLog(Math.log))(args, e, c, n)
    : binaryDouble((base, x) => (base <= 0 || x <= 0 ? null : Math.log(x) / Math.log(base)))(args, e, c, n);

export const mathKernels: Record<string, ScalarKernel> = {
  sqrt: unaryDouble(Math.sqrt),
  cbrt: unaryDouble(Math.cbrt),
  exp: unaryDouble(Math.exp),
  expm1: unaryDouble(Math.expm1),
  sin: unaryDouble(Math.sin),
  cos: unaryDouble(Math.cos),
  tan: unaryDouble(Math.tan),
  asin: unaryDouble(Math.asin),
  acos: unaryDouble(Math.acos),
  atan: unaryDouble(Math.atan),
  sinh: unaryDouble(Math.sinh),
  cosh: unaryDouble(Math.cosh),
  tanh: unaryDouble(Math.tanh),
  asinh: unaryDouble(Math.asinh),
  acosh: unaryDouble(Math.acosh),
  atanh: unaryDouble(Math.atanh),
  cot: unaryDouble((x) => 1 / Math.tan(x)),
  sec: unaryDouble((x) => 1 / Math.cos(x)),
  csc: unaryDouble((x) => 1 / Math.sin(x)),
  degrees: unaryDouble((x) => (x * 180) / Math.PI),
  radians: unaryDouble((x) => (x / 180) * Math.PI),
  rint: unaryDouble(rint),
  ln: unaryDouble(positiveLog(Math.log)),
  log10: unaryDouble(positiveLog(Math.log10)),
  log2: unaryDouble(positiveLog(Math.log2)),
  log1p: unaryDouble((x) => (x <= -1 ? null : Math.log1p(x))),
  log: logKernel,
  pow: binaryDouble((x, y) => Math.pow(x, y)),
  atan2: binaryDouble((y, x) => Math.atan2(y, x)),
  pi: constant(Math.PI),
  e: constant(Math.E),
  ...mathArithKernels,
  ...mathExtraKernels,
};
