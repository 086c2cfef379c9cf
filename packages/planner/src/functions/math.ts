// Built-in math functions: type checking and resolution (evaluation is in @flint/exec).
// Here: the double-valued functions (sqrt, exp, ln, trig...), pow, log, pi, e; exact-number functions
// (abs, round, ceil, mod, try_add...) are in ./math-arith.ts, bits, rand and the rest in ./math-extra.ts.

import { T } from '@flint/common';
import type { FunctionDef } from './function-def.js';
import { scalar } from './define.js';
import { mathArithFunctions } from './math-arith.js';
import { mathExtraFunctions } from './math-extra.js';

const D = T.double;

/** f(double) -> double; `nullIfNonPositive` for logarithms (Spark returns NULL for x <= 0). */
const unary = (
  name: string,
  opts: { aliases?: readonly string[]; prettyName?: string; nullable?: boolean } = {},
): FunctionDef =>
  scalar(name, {
    inputs: [D],
    returns: D,
    ...(opts.aliases ? { aliases: opts.aliases } : {}),
    ...(opts.prettyName ? { prettyName: opts.prettyName } : {}),
    ...(opts.nullable ? { nullable: true } : {}),
  });

export const mathFunctions: FunctionDef[] = [
  // Spark's UnaryMathExpression prints its upper-case name (SQRT(x), SINH(x)); ln and rint do not.
  ...[
    'sqrt',
    'cbrt',
    'exp',
    'expm1',
    'sin',
    'cos',
    'tan',
    'asin',
    'acos',
    'atan',
    'sinh',
    'cosh',
    'tanh',
    'asinh',
    'acosh',
    'atanh',
    'cot',
    'sec',
    'csc',
    'degrees',
    'radians',
  ].map((n) => unary(n, { prettyName: n.toUpperCase() })),
  unary('rint'),
  unary('ln', { nullable: true }),
  unary('log10', { nullable: true, prettyName: 'LOG10' }),
  unary('log2', { nullable: true, prettyName: 'LOG2' }),
  unary('log1p', { nullable: true, prettyName: 'LOG1P' }),
  scalar('log', {
    inputs: (args) => (args.length === 1 ? [D] : [D, D]),
    minArgs: 1,
    maxArgs: 2,
    returns: D,
    nullable: true,
    kernel: 'log',
    // log(x) is Logarithm(E(), x) in Spark.
    prettySql: (_e, a) => (a.length === 1 ? `LOG(E(), ${a[0]})` : `LOG(${a.join(', ')})`),
  }),
  scalar('pow', { aliases: ['power'], inputs: [D, D], returns: D, prettyName: 'POWER' }),
  scalar('atan2', { inputs: [D, D], returns: D }),
  scalar('pi', { inputs: [], returns: D, nullable: false, prettyName: 'PI' }),
  scalar('e', { inputs: [], returns: D, nullable: false, prettyName: 'E' }),
  ...mathArithFunctions,
  ...mathExtraFunctions,
];
