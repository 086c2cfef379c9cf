import { T, getValue, vectorFromValues, type Value, type Vector } from '@flint/common';
import type { Expr, LambdaVariable } from '@flint/planner';
import { describe, expect, it, vi } from 'vitest';
import { attr, evalRows } from '../test-support.js';
import { evaluateLambda } from './lambda.js';

// A toy `transform(array, x -> body)` kernel written the way the function library uses evaluateLambda.
vi.mock('../functions/index.js', () => ({
  lookupAggregate: () => undefined,
  lookupScalarKernel: (name: string) =>
    name !== 'transform'
      ? undefined
      : (
          args: readonly Vector[],
          expr: Extract<Expr, { kind: 'ScalarFunction' }>,
          _ctx: unknown,
          n: number,
        ): Vector => {
          const arrays = args[0]!;
          const elems: Value[] = [];
          const rows: number[] = [];
          for (let i = 0; i < n; i++) {
            const a = getValue(arrays, i) as Value[] | null;
            for (const e of a ?? []) {
              elems.push(e);
              rows.push(i);
            }
          }
          const res = evaluateLambda(expr.args[1]!, [vectorFromValues(T.int, elems)], Int32Array.from(rows));
          const out: Value[] = [];
          let k = 0;
          for (let i = 0; i < n; i++) {
            const a = getValue(arrays, i) as Value[] | null;
            if (a === null) out.push(null);
            else out.push(a.map(() => getValue(res, k++)));
          }
          return vectorFromValues(T.array(T.int), out);
        },
}));

describe('lambda evaluation for higher-order kernels', () => {
  it('binds the lambda variable and lines outer columns up with elements', () => {
    const arr = attr(1, 'arr', T.array(T.int));
    const off = attr(2, 'off', T.int);
    const x: LambdaVariable = { kind: 'LambdaVariable', name: 'x', id: 50, dataType: T.int, nullable: true };
    const body: Expr = {
      kind: 'Arithmetic',
      op: 'Add',
      left: x,
      right: off,
      dataType: T.int,
      evalMode: 'ANSI',
    };
    const e: Expr = {
      kind: 'ScalarFunction',
      name: 'transform',
      args: [arr, { kind: 'LambdaFunction', params: [x], body }],
      dataType: T.array(T.int),
      nullable: true,
    };
    expect(
      evalRows(
        e,
        [arr, off],
        [
          [[1, 2], 10],
          [null, 5],
          [[3, null], 100],
        ],
      ),
    ).toEqual([[11, 12], null, [103, null]]);
  });
});

describe('datetime arithmetic', () => {
  it('timestamp + day-time interval, date - date', () => {
    const ts = attr(1, 'ts', T.timestamp);
    const iv = attr(2, 'iv', T.dayTimeInterval());
    const add: Expr = {
      kind: 'Arithmetic',
      op: 'Add',
      left: ts,
      right: iv,
      dataType: T.timestamp,
      evalMode: 'ANSI',
    };
    expect(evalRows(add, [ts, iv], [[1_000_000n, 86_400_000_000n]])).toEqual([86_401_000_000n]);
    const d1 = attr(1, 'd1', T.date);
    const d2 = attr(2, 'd2', T.date);
    const sub: Expr = {
      kind: 'Arithmetic',
      op: 'Subtract',
      left: d1,
      right: d2,
      dataType: T.dayTimeInterval(0, 0),
      evalMode: 'ANSI',
    };
    expect(evalRows(sub, [d1, d2], [[10, 7]])).toEqual([3n * 86_400_000_000n]);
  });
});
