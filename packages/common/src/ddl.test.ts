// DDL type and schema strings parse as Spark's parser reads them.
import { describe, expect, it } from 'vitest';
import { T } from './data-type.js';
import { parseDataType, parseDDLSchema } from './ddl.js';
import { FlintError } from './errors.js';
import { catalogString } from './type-names.js';

function thrown(f: () => unknown): FlintError | null {
  try {
    f();
  } catch (e) {
    if (e instanceof FlintError) return e;
    throw e;
  }
  return null;
}

describe('parseDataType', () => {
  it('reads aliases case-insensitively', () => {
    expect(parseDataType('INT')).toEqual(T.int);
    expect(parseDataType('integer')).toEqual(T.int);
    expect(parseDataType('Long')).toEqual(T.long);
    expect(parseDataType('short')).toEqual(T.short);
    expect(parseDataType('byte')).toEqual(T.byte);
    expect(parseDataType('real')).toEqual(T.float);
    expect(parseDataType('timestamp_ltz')).toEqual(T.timestamp);
    expect(parseDataType('timestamp_ntz')).toEqual(T.timestampNtz);
    expect(parseDataType('varchar(10)')).toEqual(T.string);
    expect(parseDataType('char(3)')).toEqual(T.string);
    expect(parseDataType('void')).toEqual(T.null);
  });
  it('defaults decimal to (10,0) and a single precision to scale 0', () => {
    expect(parseDataType('decimal')).toEqual(T.decimal(10, 0));
    expect(parseDataType('dec(5)')).toEqual(T.decimal(5, 0));
    expect(parseDataType('NUMERIC(10, 2)')).toEqual(T.decimal(10, 2));
  });
  it('reads nested and interval types', () => {
    expect(catalogString(parseDataType('array<map<string, array<int>>>'))).toBe(
      'array<map<string,array<int>>>',
    );
    expect(catalogString(parseDataType('struct<x: int, y string>'))).toBe('struct<x:int,y:string>');
    expect(parseDataType('interval day to second')).toEqual(T.dayTimeInterval(0, 3));
    expect(parseDataType('INTERVAL YEAR')).toEqual(T.yearMonthInterval(0, 0));
    expect(parseDataType('interval hour to minute')).toEqual(T.dayTimeInterval(1, 2));
    expect(parseDataType('interval')).toEqual(T.calendarInterval);
  });
  it('rejects unknown types and bad syntax with Spark error classes', () => {
    expect(thrown(() => parseDataType('foo'))?.errorClass).toBe('UNSUPPORTED_DATATYPE');
    expect(thrown(() => parseDataType('foo'))?.messageParameters).toEqual({ typeName: '"FOO"' });
    expect(thrown(() => parseDataType('array<int'))?.errorClass).toBe('PARSE_SYNTAX_ERROR');
    expect(thrown(() => parseDDLSchema('a int,'))?.errorClass).toBe('PARSE_SYNTAX_ERROR');
    expect(thrown(() => parseDataType('decimal(39, 1)'))?.errorClass).toBe(
      'DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION',
    );
  });
});

describe('parseDDLSchema', () => {
  it('reads the brief example', () => {
    const s = parseDDLSchema(
      'a INT, b DECIMAL(10,2), c ARRAY<STRING>, d MAP<STRING,INT>, e STRUCT<x: INT, y: STRING>, `weird name` BIGINT NOT NULL',
    );
    expect(catalogString(s)).toBe(
      'struct<a:int,b:decimal(10,2),c:array<string>,d:map<string,int>,e:struct<x:int,y:string>,weird name:bigint>',
    );
    expect(s.fields[5]!.nullable).toBe(false);
    expect(s.fields[0]!.nullable).toBe(true);
  });
  it('keeps comments as metadata and accepts struct<...> form', () => {
    const s = parseDDLSchema("a int COMMENT 'the a', b string");
    expect(s.fields[0]!.metadata).toEqual({ comment: 'the a' });
    expect(catalogString(parseDDLSchema('struct<a:int,b:string>'))).toBe('struct<a:int,b:string>');
  });
  it('reads escaped backticks', () => {
    expect(parseDDLSchema('`a``b` int').fields[0]!.name).toBe('a`b');
  });
});
