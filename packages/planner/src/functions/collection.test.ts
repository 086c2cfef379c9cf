// Resolution of the collection functions: result types, Spark's error classes and generated names
// (expected values from tier2 array.sql, generators.sql and higher-order-functions.sql).

import { describe, expect, it } from 'vitest';
import { T, type DataType } from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf } from '../expr-type.js';
import type { CallInfo, FunctionResolutionContext } from './function-def.js';
import { lookupFunction } from './index.js';

let nextId = 100;
const ctx: FunctionResolutionContext = {
  ansi: true,
  timeZone: 'UTC',
  nextExprId: () => nextId++,
  conf: new Map(),
};
const call: CallInfo = { distinct: false, isStar: false, filter: null, ignoreNulls: false };
const lit = (value: number | string | boolean | null, dataType: DataType): Expr => ({
  kind: 'Literal',
  value,
  dataType,
});
const col = (name: string, dataType: DataType): Expr => ({
  kind: 'AttributeReference',
  id: nextId++,
  name,
  dataType,
  nullable: true,
  qualifier: [],
});

function resolve(name: string, args: Expr[], as?: string): Expr {
  return lookupFunction(name)!.resolve(args, { ...call, ...(as ? { name: as } : {}) }, ctx);
}

function errorClass(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as { errorClass?: string }).errorClass;
  }
  return undefined;
}

const arr = (...xs: number[]): Expr =>
  resolve(
    'array',
    xs.map((x) => lit(x, T.int)),
  );

describe('collection function resolution', () => {
  it('array() takes the wider element type; struct() names fields after columns, else colN', () => {
    expect(dataTypeOf(resolve('array', [lit(1, T.int), lit(2, T.long)]))).toEqual(T.array(T.long, false));
    expect(dataTypeOf(resolve('array', []))).toEqual(T.array(T.null, false));
    const s = dataTypeOf(resolve('struct', [col('a', T.int), lit(1, T.int)]));
    expect(s.kind === 'struct' && s.fields.map((f) => f.name)).toEqual(['a', 'col2']);
  });
  it('element types must match without string promotion (array_insert(array(1, 2, 3), 3, "4"))', () => {
    expect(errorClass(() => resolve('array_insert', [arr(1, 2, 3), lit(3, T.int), lit('4', T.string)]))).toBe(
      'DATATYPE_MISMATCH.ARRAY_FUNCTION_DIFF_TYPES',
    );
  });
  it("sort_array's order must be a boolean constant: '1' is not cast", () => {
    expect(errorClass(() => resolve('sort_array', [arr(2, 1), lit('1', T.string)]))).toBe(
      'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE',
    );
  });
  it('explode needs an array or a map; posexplode of a map yields pos, key, value', () => {
    expect(errorClass(() => resolve('explode', [lit(1, T.int)]))).toBe(
      'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE',
    );
    const m = resolve('map', [lit(1, T.int), lit('a', T.string)]);
    const t = dataTypeOf(resolve('posexplode', [m]));
    expect(t.kind === 'struct' && t.fields.map((f) => f.name)).toEqual(['pos', 'key', 'value']);
  });
  it('a generator nested in another is UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS', () => {
    const inner = resolve('explode', [arr(1, 2, 3)]);
    expect(errorClass(() => resolve('stack', [lit(2, T.int), inner]))).toBe(
      'UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS',
    );
  });
  it('get() rejects an untyped NULL; array_size(NULL) takes it as an array', () => {
    expect(errorClass(() => resolve('get', [lit(null, T.null), lit(0, T.int)]))).toBe(
      'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE',
    );
    expect(dataTypeOf(resolve('array_size', [lit(null, T.null)]))).toEqual(T.int);
  });
  it('cardinality prints its own name; sort_array prints its default order', () => {
    const def = lookupFunction('size')!;
    expect(def.prettySql!(resolve('size', [arr(1)], 'cardinality'), ['array(1)'])).toBe(
      'cardinality(array(1))',
    );
    expect(lookupFunction('sort_array')!.prettySql!(resolve('sort_array', [arr(1)]), ['a', 'true'])).toBe(
      'sort_array(a, true)',
    );
  });
});
