import { describe, expect, it } from 'vitest';
import type { CorpusRecord } from './corpus.js';
import { compareRecord, schemaNamesMatch, schemaTypesMatch, structCatalogString } from './outcome.js';

function record(over: Partial<CorpusRecord>): CorpusRecord {
  return {
    file: 'x.sql',
    index: 0,
    sql: 'SELECT 1',
    expected_schema: 'struct<>',
    expected_rows: [],
    expected_output: '',
    expected_error: null,
    is_setup: false,
    order_sensitive: false,
    mode: 'ansi',
    session_configs: [],
    tier: 1,
    ...over,
  };
}

describe('schema matching', () => {
  // Golden schemas from conditional-functions.sql and limit.sql: names hold ',' '(' and types hold ','.
  const nanvl = 'struct<nanvl(c2, ((c1 / c2) + (c1 / c2))):double>';
  it('compares types whatever the names', () => {
    expect(schemaTypesMatch(nanvl, ['double'])).toBe(true);
    expect(schemaTypesMatch(nanvl, ['float'])).toBe(false);
    expect(schemaTypesMatch('struct<mapcol:map<int,string>>', ['map<int,string>'])).toBe(true);
    expect(schemaTypesMatch('struct<a:int,sum(b):bigint>', ['int', 'bigint'])).toBe(true);
    expect(schemaTypesMatch('struct<a:int,sum(b):bigint>', ['int'])).toBe(false);
    expect(schemaTypesMatch('struct<>', [])).toBe(true);
  });
  it('compares names whatever the types', () => {
    expect(schemaNamesMatch(nanvl, ['nanvl(c2, ((c1 / c2) + (c1 / c2)))'])).toBe(true);
    expect(schemaNamesMatch(nanvl, ['nanvl(c2, c1)'])).toBe(false);
    expect(schemaNamesMatch('struct<a:int,sum(b):bigint>', ['a', 'sum(b)'])).toBe(true);
    expect(schemaNamesMatch('struct<a:int,sum(b):bigint>', ['a', 'b'])).toBe(false);
  });
  it('builds catalogString without quoting names', () => {
    expect(structCatalogString(['a', 'sum(b)'], ['int', 'bigint'])).toBe('struct<a:int,sum(b):bigint>');
  });
});

describe('compareRecord', () => {
  const ok = (rows: string[], sorted: boolean) =>
    ({ kind: 'ok', index: 0, names: ['nanvl(c2, (1 / 0))'], types: ['double'], rows, sorted }) as const;
  // conditional-functions.sql #2: unsorted query, Spark sorted its lines.
  const rec = record({
    expected_schema: 'struct<nanvl(c2, (1 / 0)):double>',
    expected_rows: ['0.0', '0.0', '1.0', '1.0'],
    expected_output: '0.0\n0.0\n1.0\n1.0',
  });
  it('sorts rows of an unsorted result before comparing', () => {
    const r = compareRecord(rec, ok(['1.0', '0.0', '1.0', '0.0'], false));
    expect(r).toMatchObject({ rowsEqual: true, schemaTypesEqual: true, namesEqual: true, note: null });
  });
  it('keeps the order of a sorted result', () => {
    expect(compareRecord(rec, ok(['1.0', '0.0', '1.0', '0.0'], true)).rowsEqual).toBe(false);
  });
  it('counts an expected error as raised, and its class separately', () => {
    const err = record({
      expected_rows: null,
      expected_error: {
        exception: 'x',
        error_class: 'DIVIDE_BY_ZERO',
        sql_state: '22012',
        message_parameters: {},
      },
    });
    expect(
      compareRecord(err, { kind: 'error', index: 0, errorClass: 'DIVIDE_BY_ZERO', message: '' }),
    ).toMatchObject({
      errorExpected: true,
      errorRaised: true,
      errorClassEqual: true,
    });
    expect(
      compareRecord(err, { kind: 'error', index: 0, errorClass: 'ARITHMETIC_OVERFLOW', message: '' }),
    ).toMatchObject({
      errorRaised: true,
      errorClassEqual: false,
    });
    // A non-Flint error (a bug) or a timeout is not a raised error.
    expect(
      compareRecord(err, { kind: 'error', index: 0, errorClass: null, message: 'TypeError' }).errorRaised,
    ).toBe(false);
    expect(compareRecord(err, { kind: 'timeout', index: 0, message: '' }).errorRaised).toBe(false);
  });
  it('fails a result where an error was expected and an error where a result was', () => {
    expect(compareRecord(rec, { kind: 'error', index: 0, errorClass: 'X', message: 'm' })).toMatchObject({
      rowsExpected: true,
      rowsEqual: false,
      schemaTypesEqual: false,
    });
  });
});
