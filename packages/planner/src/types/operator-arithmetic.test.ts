// Datetime / interval rewrites of + - * / and their errors, against Spark's golden results
// (typeCoercion/native/dateTimeOperations.sql, date.sql, timestamp.sql, try_arithmetic.sql, division.sql).

import { describe, expect, it } from 'vitest';
import { FlintError, T, type DataType } from '@flint/common';
import type { ArithmeticOp, Expr } from '../expr.js';
import { dataTypeOf } from '../expr-type.js';
import { lookupFunction } from '../functions/index.js';
import { prettySql } from '../analyzer/pretty-sql.js';
import { resolveBinaryArithmetic, type ArithmeticEnv } from './operator-arithmetic.js';

const col = (name: string, dataType: DataType): Expr => ({
  kind: 'AttributeReference',
  id: 1,
  name,
  dataType,
  nullable: true,
  qualifier: [],
});
const nul: Expr = { kind: 'Literal', value: null, dataType: T.null };

const env = (allowPrecisionLoss = true): ArithmeticEnv => ({
  ansi: true,
  allowPrecisionLoss,
  call: (name, args) =>
    lookupFunction(name)!.resolve(
      args,
      { distinct: false, isStar: false, filter: null, ignoreNulls: false, name },
      {
        ansi: true,
        timeZone: 'UTC',
        nextExprId: () => 1,
        conf: new Map(),
      },
    ),
  sql: (e) => prettySql(e, { timeZone: 'UTC' }),
});

function resolve(op: ArithmeticOp, l: Expr, r: Expr, e = env()): Expr {
  return resolveBinaryArithmetic(op, l, r, 'ANSI', e, 'x');
}

function errorClass(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (err instanceof FlintError) return err.errorClass;
    throw err;
  }
  return 'none';
}

const date = col('d', T.date);
const ts = col('t', T.timestamp);
const str = col('s', T.string);
const day = col('i', T.dayTimeInterval(0, 0));
const hour = col('h', T.dayTimeInterval(1, 1));
const year = col('y', T.yearMonthInterval(0, 0));
const month = col('m', T.yearMonthInterval(1, 1));

describe('resolveBinaryArithmetic: datetime and interval operands', () => {
  it('date + interval day is date_add, date + interval hour a timestamp', () => {
    expect(prettySql(resolve('Add', date, day), { timeZone: 'UTC' })).toBe(
      'date_add(d, extractansiintervaldays(i))',
    );
    expect(dataTypeOf(resolve('Add', date, hour))).toEqual(T.timestamp);
    expect(dataTypeOf(resolve('Add', year, date))).toEqual(T.date);
  });

  it('a string plus a day-time interval is a timestamp cast back to string', () => {
    const r = resolve('Add', str, day);
    expect(dataTypeOf(r)).toEqual(T.string);
    expect(prettySql(r, { timeZone: 'UTC' })).toBe('s + i');
    expect(dataTypeOf(resolve('Add', day, str))).toEqual(T.string);
  });

  it('a number next to a day-time interval is UNEXPECTED_INPUT_TYPE (TimeAdd)', () => {
    for (const t of [T.byte, T.int, T.double, T.decimal(10, 0), T.boolean, T.binary]) {
      expect(errorClass(() => resolve('Add', col('n', t), day))).toBe(
        'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE',
      );
      expect(errorClass(() => resolve('Subtract', col('n', t), day))).toBe(
        'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE',
      );
    }
    expect(errorClass(() => resolve('Add', year, hour))).toBe('DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE');
  });

  it('date + double and date - decimal go to date_add / date_sub and fail there', () => {
    expect(errorClass(() => resolve('Add', date, col('n', T.double)))).toBe(
      'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE',
    );
    expect(errorClass(() => resolve('Subtract', date, col('n', T.decimal(3, 0))))).toBe(
      'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE',
    );
    expect(errorClass(() => resolve('Subtract', ts, col('n', T.decimal(3, 0))))).toBe(
      'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE',
    );
    // date + '1': the string becomes a date, which date_add does not take.
    expect(errorClass(() => resolve('Add', date, str))).toBe('DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE');
  });

  it("timestamp + '1' is BINARY_OP_WRONG_TYPE, string / string too", () => {
    expect(errorClass(() => resolve('Add', ts, str))).toBe('DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE');
    expect(errorClass(() => resolve('Add', str, ts))).toBe('DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE');
    expect(errorClass(() => resolve('Divide', str, str))).toBe('DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE');
    expect(errorClass(() => resolve('Divide', str, col('b', T.binary)))).toBe(
      'DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE',
    );
  });

  it('datetime with NULL: + reads it as an interval, - as the same datetime', () => {
    expect(dataTypeOf(resolve('Add', date, nul))).toEqual(T.timestamp);
    expect(dataTypeOf(resolve('Add', nul, ts))).toEqual(T.timestamp);
    expect(dataTypeOf(resolve('Subtract', date, nul))).toEqual(T.dayTimeInterval(0, 0));
    expect(dataTypeOf(resolve('Subtract', nul, ts))).toEqual(T.dayTimeInterval(0, 3));
  });

  it('interval +/- interval widens; interval * and / number give the default interval types', () => {
    expect(dataTypeOf(resolve('Add', year, month))).toEqual(T.yearMonthInterval(0, 1));
    expect(dataTypeOf(resolve('Subtract', day, hour))).toEqual(T.dayTimeInterval(0, 1));
    expect(dataTypeOf(resolve('Add', nul, hour))).toEqual(T.dayTimeInterval(1, 1));
    expect(dataTypeOf(resolve('Multiply', year, col('n', T.int)))).toEqual(T.yearMonthInterval(0, 1));
    expect(dataTypeOf(resolve('Multiply', col('n', T.int), hour))).toEqual(T.dayTimeInterval(0, 3));
    expect(dataTypeOf(resolve('Divide', hour, col('n', T.double)))).toEqual(T.dayTimeInterval(0, 3));
    expect(errorClass(() => resolve('Multiply', year, date))).toBe('DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE');
  });

  it('decimal result types follow spark.sql.decimalOperations.allowPrecisionLoss', () => {
    const a = col('a', T.decimal(20, 18));
    const b = col('b', T.decimal(19, 18)); // 10.300000000000000000 * 3.000000000000000000
    expect(dataTypeOf(resolve('Multiply', a, b))).toEqual(T.decimal(38, 34));
    expect(dataTypeOf(resolve('Multiply', a, b, env(false)))).toEqual(T.decimal(38, 36));
  });
});
