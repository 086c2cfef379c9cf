// Built-in math functions: type checking and resolution (evaluation is in @flint/exec).
// So far: the double-valued functions (sqrt, exp, ln, trig...), pow, log, pi, e. Still missing:
// abs/round/bround/ceil/floor with decimal results, mod/pmod, rand, hypot, factorial, bit functions.

import { T } from '@flint/common';
import type { FunctionDef } from './function-def.js';
import { scalar } from './define.js';

const D = T.double;

/** f(double) -> double; `nullIfNonPositive` for logarithms (Spark returns NULL for x <= 0). */
const unary = (name: string, opts: { aliases?: readonly string[]; prettyName?: string; nullable?: boolean } = {}): FunctionDef =>
  scalar(name, {
    inputs: [D],
    returns: D,
    ...(opts.aliases ? { aliases: opts.aliases } : {}),
    ...(opts.prettyName ? { prettyName: opts.prettyName } : {}),
    ...(opts.nullable ? { nullable: true } : {}),
  });

export const mathFunctions: FunctionDef[] = [
  ...['sqrt', 'cbrt', 'exp', 'expm1', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'cot', 'sec', 'csc', 'degrees', 'radians', 'rint'].map((n) =>
    unary(n),
  ),
  unary('ln', { nullable: true }),
  unary('log10', { nullable: true }),
  unary('log2', { nullable: true }),
  unary('log1p', { nullable: true }),
  scalar('log', {
    inputs: (args) => (args.length === 1 ? [D] : [D, D]),
    minArgs: 1,
    maxArgs: 2,
    returns: D,
    nullable: true,
    kernel: 'log',
  }),
  scalar('pow', { aliases: ['power'], inputs: [D, D], returns: D, prettyName: 'POWER' }),
  scalar('atan2', { inputs: [D, D], returns: D }),
  scalar('pi', { inputs: [], returns: D, nullable: false, prettyName: 'PI' }),
  scalar('e', { inputs: [], returns: D, nullable: false, prettyName: 'E' }),
];
