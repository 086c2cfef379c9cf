// Resolution of the math and misc functions: result types and printed names as in Spark's golden files.

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

function col(name: string, dataType: DataType): Expr {
  return { kind: 'AttributeReference', id: nextId++, name, dataType, nullable: true, qualifier: [] };
}
const lit = (value: number | string | null, dataType: DataType): Expr => ({
  kind: 'Literal',
  value,
  dataType,
});

function resolve(name: string, args: Expr[]): Expr {
  const def = lookupFunction(name);
  if (!def) throw new Error(`no ${name}`);
  return def.resolve(args, { ...call, name }, ctx);
}
function pretty(name: string, e: Expr, argSql: string[]): string {
  const n = e.kind === 'ScalarFunction' ? e.name : name;
  // Without a prettySql the analyzer prints `name(args)`.
  const def = lookupFunction(n)!;
  return def.prettySql ? def.prettySql(e, argSql) : `${n}(${argSql.join(', ')})`;
}

describe('ceil / floor / round', () => {
  it('ceil(a) of decimal(38,18) is decimal(21,0), printed CEIL(a) or ceiling(a)', () => {
    const a = col('a', T.decimal(38, 18));
    const e = resolve('ceil', [a]);
    expect(dataTypeOf(e)).toEqual(T.decimal(21, 0));
    expect(pretty('ceil', e, ['a'])).toBe('CEIL(a)');
    expect(pretty('ceiling', resolve('ceiling', [a]), ['a'])).toBe('ceiling(a)');
    expect(pretty('floor', resolve('floor', [a]), ['a'])).toBe('FLOOR(a)');
  });
  it('ceil of a double is bigint', () => {
    expect(dataTypeOf(resolve('ceil', [col('d', T.double)]))).toEqual(T.long);
  });
  it('ceil with scale follows RoundBase types', () => {
    // ceil-floor-with-scale-param.sql
    expect(dataTypeOf(resolve('ceil', [lit(5, T.int), lit(0, T.int)]))).toEqual(T.decimal(11, 0));
    expect(dataTypeOf(resolve('ceil', [col('x', T.decimal(6, 5)), lit(-3, T.int)]))).toEqual(T.decimal(4, 0));
    expect(dataTypeOf(resolve('floor', [col('x', T.decimal(1, 1)), lit(0, T.int)]))).toEqual(T.decimal(1, 0));
  });
  it('ceil with a NULL scale is NON_FOLDABLE_ARGUMENT', () => {
    expect(() => resolve('ceil', [lit(2.5, T.double), lit(null, T.null)])).toThrow(/NON_FOLDABLE_ARGUMENT/);
  });
  it('round(a) prints its scale and keeps the decimal type bounded', () => {
    const a = col('a', T.decimal(38, 18));
    const e = resolve('round', [a]);
    expect(dataTypeOf(e)).toEqual(T.decimal(21, 0));
    expect(pretty('round', e, ['a', '0'])).toBe('round(a, 0)');
    expect(dataTypeOf(resolve('round', [col('e', T.decimal(38, 10)), lit(40, T.int)]))).toEqual(
      T.decimal(38, 10),
    );
  });
});

describe('arithmetic functions', () => {
  it('try_add resolves to Arithmetic TRY with arithmetic coercion', () => {
    const e = resolve('try_add', [lit(2147483647, T.int), lit('1', T.string)]);
    expect(e.kind).toBe('Arithmetic');
    expect(e.kind === 'Arithmetic' && e.evalMode).toBe('TRY');
    expect(dataTypeOf(e)).toEqual(T.long);
  });
  it('try_divide(1, 0.5) is decimal(8,6)', () => {
    expect(
      dataTypeOf(
        resolve('try_divide', [lit(1, T.int), { kind: 'Literal', value: 5n, dataType: T.decimal(1, 1) }]),
      ),
    ).toEqual(T.decimal(8, 6));
  });
  it('mod of decimals follows the remainder type', () => {
    const e = resolve('mod', [
      col('a', T.decimal(38, 0)),
      { kind: 'Literal', value: 10n ** 21n, dataType: T.decimal(22, 0) },
    ]);
    expect(dataTypeOf(e)).toEqual(T.decimal(22, 0));
    expect(pretty('mod', e, ['a', 'b'])).toBe('mod(a, b)');
  });
});

describe('bits and names', () => {
  it('shift operators print as operators', () => {
    const e = resolve('>>', [lit(20181117, T.int), lit(2, T.int)]);
    expect(dataTypeOf(e)).toEqual(T.int);
    expect(pretty('shiftright', e, ['20181117', '2'])).toBe('(20181117 >> 2)');
    expect(pretty('shiftleft', resolve('shiftleft', [lit(1, T.short), lit(2, T.int)]), ['1', '2'])).toBe(
      'shiftleft(1, 2)',
    );
  });
  it('bit_count rejects strings', () => {
    expect(() => resolve('bit_count', [lit('a', T.string)])).toThrow(/UNEXPECTED_INPUT_TYPE/);
    expect(dataTypeOf(resolve('bit_count', [lit(1, T.byte)]))).toEqual(T.int);
  });
  it('unary math functions print upper case as Spark', () => {
    expect(pretty('sinh', resolve('sinh', [lit(1, T.int)]), ['1'])).toBe('SINH(1)');
    expect(pretty('log', resolve('log', [lit(10, T.int)]), ['10'])).toBe('LOG(E(), 10)');
    expect(pretty('sign', resolve('sign', [lit(1, T.int)]), ['1'])).toBe('sign(1)');
  });
  it('typeof is the catalog string of the argument type', () => {
    const e = resolve('typeof', [col('x', T.array(T.int))]);
    expect(e.kind === 'ScalarFunction' && e.options?.['value']).toBe('array<int>');
  });
});
