// Subexpression elimination in compileExpressions: a repeated deterministic subexpression is computed
// once per batch and gives the same values; non-deterministic ones and separate compiles are not shared.

import { T, batchFromRows, getValue, type Vector } from '@flint/common';
import type { Expr } from '@flint/planner';
import { describe, expect, it, vi } from 'vitest';
import { attr, lit, testCtx } from '../test-support.js';
import { compileExpression, compileExpressions } from './compile.js';

const calls = vi.hoisted(() => ({ count: 0 }));
vi.mock('../functions/index.js', () => ({
  // Every function is a counting identity of its first argument.
  lookupScalarKernel: () => (args: Vector[]) => {
    calls.count++;
    return args[0];
  },
  lookupAggregate: () => undefined,
}));

const x = attr(1, 'x', T.long);
const fn = (name: string, arg: Expr): Expr => ({
  kind: 'ScalarFunction',
  name,
  args: [arg],
  dataType: T.long,
  nullable: true,
});
const plus = (l: Expr, r: Expr): Expr => ({
  kind: 'Arithmetic',
  op: 'Add',
  left: l,
  right: r,
  dataType: T.long,
  evalMode: 'ANSI',
});
const batch = batchFromRows([T.long], [[1n], [2n], [null]]);
const valuesOf = (v: Vector) => Array.from({ length: v.length }, (_, i) => getValue(v, i));

describe('compileExpressions', () => {
  it('computes a subexpression that occurs twice once per batch, with the same answers', () => {
    const shared = fn('abs', plus(x, lit(1n, T.long)));
    const exprs = [plus(shared, lit(10n, T.long)), shared, x];
    calls.count = 0;
    const [a, b, c] = compileExpressions(exprs, [x], testCtx).map((f) => valuesOf(f(batch)));
    expect(calls.count).toBe(1);
    expect(a).toEqual([12n, 13n, null]);
    expect(b).toEqual([2n, 3n, null]);
    expect(c).toEqual([1n, 2n, null]);
    // A new batch is computed again.
    const evals = compileExpressions(exprs, [x], testCtx);
    calls.count = 0;
    evals.forEach((f) => f(batch));
    const next = batchFromRows([T.long], [[5n]]);
    evals.forEach((f) => f(next));
    expect(calls.count).toBe(2);
  });

  it('does not share non-deterministic expressions or expressions compiled apart', () => {
    calls.count = 0;
    compileExpressions([fn('rand', x), fn('rand', x)], [x], testCtx).forEach((f) => f(batch));
    expect(calls.count).toBe(2);
    calls.count = 0;
    [fn('abs', x), fn('abs', x)].forEach((e) => compileExpression(e, [x], testCtx)(batch));
    expect(calls.count).toBe(2);
  });
});
