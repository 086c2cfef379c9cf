// Kernel tests for the JSON functions, LIKE ANY/ALL and to_number; expected values are Spark's
// (tier2 json-functions.sql, like-any.sql, like-all.sql, tier1 string-functions.sql, postgreSQL/numeric.sql).
import { describe, expect, it } from 'vitest';
import { T, getValue, vectorFromValues, type DataType, type Value, type Vector } from '@flint/common';
import type { Expr } from '@flint/planner';
import { jsonKernels, jsonTupleRow } from './json.js';
import { likeQuantifiedKernels } from './like-quantified.js';
import { toNumberKernels } from './to-number.js';
import type { EvalContext, ScalarFunctionExpr, ScalarKernel } from './kernel.js';

const ctx: EvalContext = {
  timeZone: 'America/Los_Angeles',
  ansi: true,
  queryStartMicros: 0n,
  conf: new Map(),
};

function run(
  k: ScalarKernel,
  args: [DataType, Value][],
  out: DataType,
  options?: Record<string, Value>,
): Value {
  const vecs: Vector[] = args.map(([t, v]) => vectorFromValues(t, [v]));
  const expr = {
    kind: 'ScalarFunction',
    name: 'f',
    args: [] as Expr[],
    dataType: out,
    nullable: true,
    ...(options ? { options } : {}),
  } as ScalarFunctionExpr;
  return getValue(k(vecs, expr, ctx, 1), 0);
}

const S = T.string;

describe('to_json', () => {
  it('writes structs, maps and arrays as Jackson does', () => {
    const st = T.struct([T.field('a', T.int), T.field('b', T.int)]);
    expect(run(jsonKernels['to_json']!, [[st, [1, 2]]], S)).toBe('{"a":1,"b":2}');
    expect(run(jsonKernels['to_json']!, [[T.map(st, st), { keys: [[1, 2]], values: [[1, 2]] }]], S)).toBe(
      '{"[1,2]":{"a":1,"b":2}}',
    );
    expect(
      run(
        jsonKernels['to_json']!,
        [
          [
            T.array(T.map(S, T.int)),
            [
              { keys: ['a'], values: [1] },
              { keys: ['b'], values: [2] },
            ],
          ],
        ],
        S,
      ),
    ).toBe('[{"a":1},{"b":2}]');
  });
  it('formats timestamps with timestampFormat', () => {
    const st = T.struct([T.field('time', T.timestamp)]);
    // 2015-08-26 00:00:00 America/Los_Angeles
    expect(
      run(jsonKernels['to_json']!, [[st, [1440572400000000n]]], S, { 'opt.timestampFormat': 'dd/MM/yyyy' }),
    ).toBe('{"time":"26/08/2015"}');
  });
});

describe('from_json', () => {
  it('reads structs, arrays and maps', () => {
    expect(run(jsonKernels['from_json']!, [[S, '{"a":1}']], T.struct([T.field('a', T.int)]))).toEqual([1]);
    expect(run(jsonKernels['from_json']!, [[S, '[1, "2", 3]']], T.array(T.int))).toBe(null);
    expect(run(jsonKernels['from_json']!, [[S, '[1, 2, null]']], T.array(T.int))).toEqual([1, 2, null]);
    expect(
      run(jsonKernels['from_json']!, [[S, '{"a": 1}']], T.array(T.struct([T.field('a', T.int)]))),
    ).toEqual([[1]]);
    expect(run(jsonKernels['from_json']!, [[S, '{"a":1, "b":2}']], T.map(S, T.int))).toEqual({
      keys: ['a', 'b'],
      values: [1, 2],
    });
  });
  it('parses dates and timestamps with formats, NULL when invalid', () => {
    const st = T.struct([T.field('d', T.date)]);
    expect(
      run(jsonKernels['from_json']!, [[S, '{"d": "02-29"}']], st, { 'opt.dateFormat': 'MM-dd' }),
    ).toEqual([null]);
    expect(run(jsonKernels['from_json']!, [[S, '{"d": "2012-12-15"}']], st)).toEqual([15689]);
  });
});

describe('json_array_length / json_object_keys / json_tuple / get_json_object', () => {
  it('follow Spark', () => {
    expect(run(jsonKernels['json_array_length']!, [[S, '[1,2,3,[33,44],{"key":[2,3,4]}]']], T.int)).toBe(5);
    expect(run(jsonKernels['json_array_length']!, [[S, '[1,2,3,4,5']], T.int)).toBe(null);
    expect(
      run(jsonKernels['json_object_keys']!, [[S, '{"f1":"abc","f2":{"f3":"a", "f4":"b"}}']], T.array(S)),
    ).toEqual(['f1', 'f2']);
    expect(run(jsonKernels['json_object_keys']!, [[S, '[1, 2, 3]']], T.array(S))).toBe(null);
    expect(jsonTupleRow('{"a" : 1, "b" : 2}', [null, 'b', null, 'a'])).toEqual([null, '2', null, '1']);
    expect(jsonTupleRow('{"a": bad, "b": string}', ['a', 'b'])).toEqual([null, null]);
    expect(
      run(
        jsonKernels['get_json_object']!,
        [
          [S, '{"a":{"b":[1,{"c":"x"}]}}'],
          [S, '$.a.b[1]'],
        ],
        S,
      ),
    ).toBe('{"c":"x"}');
  });
});

describe('LIKE ANY / ALL', () => {
  const like = (k: string, s: string, ps: (string | null)[]): Value =>
    run(likeQuantifiedKernels[k]!, [[S, s], ...ps.map((p): [DataType, Value] => [S, p])], T.boolean);
  it('uses three-valued logic over the patterns', () => {
    expect(like('like_any', 'facebook', ['%oo%', null])).toBe(true);
    expect(like('like_any', 'linkedin', ['%oo%', null])).toBe(null);
    expect(like('not_like_any', 'linkedin', ['%oo%', null])).toBe(true);
    expect(like('like_all', 'google', ['%oo%', null])).toBe(null);
    expect(like('like_all', 'linkedin', ['%oo%', null])).toBe(false);
    expect(like('ilike_all', 'gOOgle', ['%oo%', '%G%'])).toBe(true);
  });
});

describe('to_number', () => {
  const num = (s: string, f: string, scale: number, opts: Record<string, Value> = {}): Value =>
    run(toNumberKernels['to_number']!, [[S, s]], T.decimal(10, scale), { format: f, ...opts });
  it('parses signs, separators and brackets', () => {
    expect(num('12,454.8-', '00,000.9MI', 1)).toBe(-124548n);
    expect(num('<00,454.8>', '00,000.9PR', 1)).toBe(-4548n);
    expect(num('$78.12', '$00.00', 2)).toBe(7812n);
    expect(num('34,50', '999,99', 0)).toBe(3450n);
    expect(num('.0', '99999999.99999999', 8)).toBe(0n);
  });
  it('mismatches raise, or are NULL for try_to_number', () => {
    expect(() => num('123456', '999G999', 0)).toThrow(
      expect.objectContaining({ errorClass: 'INVALID_FORMAT.MISMATCH_INPUT' }),
    );
    expect(num('-34,338,492', '99G999G999', 0, { tryMode: true })).toBe(null);
  });
});
