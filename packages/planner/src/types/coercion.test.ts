// Spark 4 ANSI coercion: common types (widenSetOperationTypes golden), string promotion
// (implicitTypeCasts golden) and decimal result types.

import { describe, expect, it } from 'vitest';
import { T, type DataType } from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf } from '../expr-type.js';
import { coerceArithmetic, coerceComparison } from './binary.js';
import { findWiderTypeForTwo, implicitCastType } from './coercion.js';
import { decimalResultType } from './decimal.js';

const col = (dataType: DataType): Expr => ({
  kind: 'AttributeReference',
  id: 1,
  name: 'c',
  dataType,
  nullable: true,
  qualifier: [],
});
const lit = (value: number | string, dataType: DataType): Expr => ({ kind: 'Literal', value, dataType });

describe('findWiderTypeForTwo', () => {
  it.each([
    [T.byte, T.short, T.short],
    [T.int, T.float, T.double],
    [T.long, T.decimal(10, 0), T.decimal(20, 0)],
    [T.byte, T.decimal(10, 0), T.decimal(10, 0)],
    [T.float, T.decimal(10, 0), T.double],
    [T.int, T.string, T.long],
    [T.decimal(10, 0), T.string, T.double],
    [T.string, T.binary, T.binary],
    [T.string, T.boolean, T.boolean],
    [T.date, T.timestamp, T.timestamp],
  ] as const)('%o + %o -> %o', (a, b, r) => {
    expect(findWiderTypeForTwo(a, b)).toEqual(r);
    expect(findWiderTypeForTwo(b, a)).toEqual(r);
  });
  it('has no common type for int and boolean or binary', () => {
    expect(findWiderTypeForTwo(T.int, T.boolean)).toBeNull();
    expect(findWiderTypeForTwo(T.int, T.binary)).toBeNull();
  });
});

describe('implicit casts', () => {
  it('bigint does not narrow to int; string becomes the target atomic type', () => {
    expect(implicitCastType(T.long, [T.int, T.short, T.byte])).toBeNull();
    expect(implicitCastType(T.string, T.date)).toEqual(T.date);
    expect(implicitCastType(T.int, 'numeric')).toEqual(T.int);
    expect(implicitCastType(T.string, 'numeric')).toEqual(T.double);
    expect(implicitCastType(T.decimal(5, 2), T.double)).toEqual(T.double);
    expect(implicitCastType(T.decimal(2, 1), [T.int, T.short, T.byte])).toBeNull();
  });
});

describe('arithmetic', () => {
  it("1 + '2' is bigint, 4 / '2' double, 1.1 + '2' double", () => {
    expect(coerceArithmetic('Add', lit(1, T.int), lit('2', T.string))?.dataType).toEqual(T.long);
    expect(coerceArithmetic('Divide', lit(4, T.int), lit('2', T.string))?.dataType).toEqual(T.double);
    expect(coerceArithmetic('Add', lit(1.1, T.decimal(2, 1)), lit('2', T.string))?.dataType).toEqual(
      T.double,
    );
  });
  it('decimal result types', () => {
    expect(decimalResultType('Add', T.decimal(10, 2), T.decimal(5, 3))).toEqual(T.decimal(12, 3));
    expect(decimalResultType('Multiply', T.decimal(10, 2), T.decimal(5, 3))).toEqual(T.decimal(16, 5));
    expect(decimalResultType('Divide', T.decimal(10, 0), T.decimal(10, 0))).toEqual(T.decimal(21, 11));
    expect(decimalResultType('Multiply', T.decimal(38, 10), T.decimal(38, 10))).toEqual(T.decimal(38, 6));
    // int column + decimal(10,0): the int widens to decimal(10,0)
    expect(coerceArithmetic('Add', col(T.int), col(T.decimal(10, 0)))?.dataType).toEqual(T.decimal(11, 0));
    // literal 1 + decimal(3,1): the literal is decimal(1,0)
    expect(coerceArithmetic('Add', lit(1, T.int), col(T.decimal(3, 1)))?.dataType).toEqual(T.decimal(4, 1));
  });
  it('timestamp + string is not numeric arithmetic', () => {
    expect(coerceArithmetic('Add', col(T.timestamp), lit('1', T.string))).toBeNull();
  });
});

describe('comparison', () => {
  it('string vs int compares as bigint; boolean vs tinyint fails', () => {
    const c = coerceComparison(col(T.string), lit(1, T.int));
    expect(c && dataTypeOf(c.left)).toEqual(T.long);
    expect(coerceComparison(lit(1, T.boolean), col(T.byte))).toBeNull();
  });
});
