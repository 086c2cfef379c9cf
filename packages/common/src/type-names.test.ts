// Spark's type names: catalogString as in the golden files' expected_schema, typeName, sql.
import { describe, expect, it } from 'vitest';
import { T } from './data-type.js';
import { catalogString, simpleString, sqlTypeName, typeName } from './type-names.js';

describe('catalogString', () => {
  it('matches the golden schema forms', () => {
    // struct<a:int,sum(b):bigint>
    expect(catalogString(T.struct([T.field('a', T.int), T.field('sum(b)', T.long)]))).toBe(
      'struct<a:int,sum(b):bigint>',
    );
    // primitive_arrays in array.sql
    expect(catalogString(T.array(T.byte))).toBe('array<tinyint>');
    expect(catalogString(T.array(T.short))).toBe('array<smallint>');
    expect(catalogString(T.array(T.decimal(19, 0)))).toBe('array<decimal(19,0)>');
    expect(catalogString(T.map(T.int, T.array(T.int)))).toBe('map<int,array<int>>');
    expect(catalogString(T.null)).toBe('void');
    expect(catalogString(T.dayTimeInterval(0, 0))).toBe('interval day');
    expect(catalogString(T.dayTimeInterval(1, 3))).toBe('interval hour to second');
    expect(catalogString(T.yearMonthInterval(0, 1))).toBe('interval year to month');
    expect(catalogString(T.yearMonthInterval(1, 1))).toBe('interval month');
    expect(catalogString(T.calendarInterval)).toBe('interval');
    expect(catalogString(T.timestampNtz)).toBe('timestamp_ntz');
    expect(simpleString(T.struct([T.field('a', T.int), T.field('b', T.string)]))).toBe(
      'struct<a:int,b:string>',
    );
  });
});

describe('typeName', () => {
  it('is the printSchema name', () => {
    expect(typeName(T.int)).toBe('integer');
    expect(typeName(T.long)).toBe('long');
    expect(typeName(T.byte)).toBe('byte');
    expect(typeName(T.short)).toBe('short');
    expect(typeName(T.decimal(10, 2))).toBe('decimal(10,2)');
    expect(typeName(T.array(T.int))).toBe('array');
    expect(typeName(T.null)).toBe('void');
    expect(typeName(T.dayTimeInterval())).toBe('interval day to second');
  });
});

describe('sqlTypeName', () => {
  it('matches the types quoted in golden error parameters', () => {
    expect(sqlTypeName(T.decimal(10, 0))).toBe('DECIMAL(10,0)');
    expect(sqlTypeName(T.map(T.string, T.int))).toBe('MAP<STRING, INT>');
    expect(sqlTypeName(T.array(T.null))).toBe('ARRAY<VOID>');
    expect(sqlTypeName(T.long)).toBe('BIGINT');
    expect(sqlTypeName(T.byte)).toBe('TINYINT');
    expect(sqlTypeName(T.struct([T.field('col1', T.string, false), T.field('col2', T.boolean, false)]))).toBe(
      'STRUCT<col1: STRING NOT NULL, col2: BOOLEAN NOT NULL>',
    );
    expect(sqlTypeName(T.struct([T.field('a', T.int), T.field('col2', T.string, false)]))).toBe(
      'STRUCT<a: INT, col2: STRING NOT NULL>',
    );
    expect(sqlTypeName(T.dayTimeInterval(0, 3))).toBe('INTERVAL DAY TO SECOND');
    expect(sqlTypeName(T.yearMonthInterval(0, 0))).toBe('INTERVAL YEAR');
  });
});
