// Tests of the JSON reader, Spark's JSON schema inference and the to_number format checks; expected
// values are Spark's (tier2 json-functions.sql, postgreSQL/numeric.sql).
import { describe, expect, it } from 'vitest';
import { sqlTypeName } from '@flint/common';
import { inferJsonSchema, parseJson } from './json-parse.js';
import { parseNumberFormat } from './to-number.js';

const schemaOf = (s: string, infer = {}, read = {}): string => sqlTypeName(inferJsonSchema(s, read, infer)!);

describe('JSON reader', () => {
  it('keeps key order and number text', () => {
    const n = parseJson('{"b": 1, "a": [1.50, "x", null, true]}');
    expect(n).toEqual({
      t: 'obj',
      keys: ['b', 'a'],
      vals: [
        { t: 'num', text: '1', integral: true },
        {
          t: 'arr',
          items: [
            { t: 'num', text: '1.50', integral: false },
            { t: 'str', v: 'x' },
            { t: 'null' },
            { t: 'bool', v: true },
          ],
        },
      ],
    });
  });
  it('rejects malformed documents', () => {
    expect(parseJson('[1,2,3,4,5')).toBeNull();
    expect(parseJson('{"key": 45, "random_string"}')).toBeNull();
    expect(parseJson('{[1,2]}')).toBeNull();
    expect(parseJson('')).toBeNull();
  });
  it('leading zeros only with allowNumericLeadingZeros', () => {
    expect(parseJson('{"c1":01}')).toBeNull();
    expect(parseJson('{"c1":01}', { allowNumericLeadingZeros: true })).not.toBeNull();
  });
});

describe('schema_of_json inference', () => {
  it('infers BIGINT, arrays and sorted struct fields', () => {
    expect(schemaOf('{"c1":0, "c2":[1]}')).toBe('STRUCT<c1: BIGINT, c2: ARRAY<BIGINT>>');
    expect(schemaOf('{"time": "14:30:45"}')).toBe('STRUCT<time: STRING>');
  });
  it('honours primitivesAsString and prefersDecimal', () => {
    expect(schemaOf('{"c1":1}', { primitivesAsString: true })).toBe('STRUCT<c1: STRING>');
    expect(
      schemaOf('{"c1":01, "c2":0.1}', { prefersDecimal: true }, { allowNumericLeadingZeros: true }),
    ).toBe('STRUCT<c1: BIGINT, c2: DECIMAL(1,1)>');
  });
});

describe('to_number formats', () => {
  it('derives decimal precision and scale', () => {
    expect(parseNumberFormat('00,000.9MI')).toMatchObject({ precision: 6, scale: 1 });
    expect(parseNumberFormat('99999999.99999999')).toMatchObject({ precision: 16, scale: 8 });
  });
  it('rejects bad separators', () => {
    expect(() => parseNumberFormat('999G')).toThrow(
      expect.objectContaining({ errorClass: 'INVALID_FORMAT.CONT_THOUSANDS_SEPS' }),
    );
    expect(() => parseNumberFormat('99G999G999D999G999')).toThrow(
      expect.objectContaining({ errorClass: 'INVALID_FORMAT.THOUSANDS_SEPS_MUST_BEFORE_DEC' }),
    );
  });
});
