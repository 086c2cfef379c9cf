// Collection kernels against Spark's golden answers (tier2 array.sql, higher-order-functions.sql).

import { describe, expect, it } from 'vitest';
import { getValue, T, vectorFromValues, type DataType, type Value } from '@flint/common';
import { lookupScalarKernel } from './index.js';
import type { EvalContext, ScalarFunctionExpr } from './kernel.js';

const ctx: EvalContext = { timeZone: 'UTC', ansi: true, queryStartMicros: 0n, conf: new Map() };
const INTS = T.array(T.int);

function call(
  name: string,
  out: DataType,
  args: [DataType, Value][],
  options?: Record<string, Value>,
): Value {
  const vs = args.map(([t, v]) => vectorFromValues(t, [v]));
  const e: ScalarFunctionExpr = {
    kind: 'ScalarFunction',
    name,
    args: [],
    dataType: out,
    nullable: true,
    ...(options ? { options } : {}),
  };
  return getValue(lookupScalarKernel(name)!(vs, e, ctx, 1), 0);
}

describe('collection kernels', () => {
  it('array_insert counts negative positions from the end (-1 appends) and pads with NULLs', () => {
    expect(
      call('array_insert', INTS, [
        [INTS, [1, 3, 4]],
        [T.int, -2],
        [T.int, 2],
      ]),
    ).toEqual([1, 3, 2, 4]);
    expect(
      call('array_insert', INTS, [
        [INTS, [2, 3, null, 4]],
        [T.int, -5],
        [T.int, 1],
      ]),
    ).toEqual([1, 2, 3, null, 4]);
    expect(
      call('array_insert', INTS, [
        [INTS, [2, 3, null, 4]],
        [T.int, 5],
        [T.int, 5],
      ]),
    ).toEqual([2, 3, null, 4, 5]);
    expect(() =>
      call('array_insert', INTS, [
        [INTS, [2, 3, 4]],
        [T.int, 0],
        [T.int, 1],
      ]),
    ).toThrow(/INVALID_INDEX_OF_ZERO/);
  });
  it('element_at is 1-based and, under ANSI, fails out of range; get_array_item is 0-based', () => {
    expect(
      call(
        'element_at',
        T.int,
        [
          [INTS, [1, 2, 3]],
          [T.int, -1],
        ],
        { failOnError: true },
      ),
    ).toBe(3);
    expect(() =>
      call(
        'element_at',
        T.int,
        [
          [INTS, [1, 2, 3]],
          [T.int, 5],
        ],
        { failOnError: true },
      ),
    ).toThrow(/INVALID_ARRAY_INDEX_IN_ELEMENT_AT/);
    expect(() =>
      call(
        'element_at',
        T.int,
        [
          [INTS, [1, 2, 3]],
          [T.int, 0],
        ],
        { failOnError: true },
      ),
    ).toThrow(/INVALID_INDEX_OF_ZERO/);
    expect(
      call(
        'get_array_item',
        T.int,
        [
          [INTS, [1, 2, 3]],
          [T.int, 3],
        ],
        { failOnError: false },
      ),
    ).toBe(null);
    expect(() =>
      call(
        'get_array_item',
        T.int,
        [
          [INTS, [1, 2, 3]],
          [T.int, -1],
        ],
        { failOnError: true },
      ),
    ).toThrow(/INVALID_ARRAY_INDEX/);
  });
  it('array_compact drops NULLs; size of NULL is NULL under ANSI and -1 in legacy mode', () => {
    expect(call('array_compact', T.array(T.string), [[T.array(T.string), ['1', null, '2', null]]])).toEqual([
      '1',
      '2',
    ]);
    expect(call('size', T.int, [[INTS, null]], { legacySizeOfNull: false })).toBe(null);
    expect(call('size', T.int, [[INTS, null]], { legacySizeOfNull: true })).toBe(-1);
  });
  it('map() rejects duplicate keys under the EXCEPTION policy and keeps the last value under LAST_WIN', () => {
    const mt = T.map(T.int, T.string);
    const args: [DataType, Value][] = [
      [T.int, 1],
      [T.string, 'a'],
      [T.int, 1],
      [T.string, 'b'],
    ];
    expect(() => call('map', mt, args, { dedup: 'EXCEPTION' })).toThrow(/DUPLICATED_MAP_KEY/);
    expect(call('map', mt, args, { dedup: 'LAST_WIN' })).toEqual({ keys: [1], values: ['b'] });
  });
  it('sort_array puts NULLs first ascending and last descending', () => {
    expect(
      call('sort_array', INTS, [
        [INTS, [2, null, 1]],
        [T.boolean, true],
      ]),
    ).toEqual([null, 1, 2]);
    expect(
      call('sort_array', INTS, [
        [INTS, [2, null, 1]],
        [T.boolean, false],
      ]),
    ).toEqual([2, 1, null]);
  });
});
