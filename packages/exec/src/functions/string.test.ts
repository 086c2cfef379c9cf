// Kernel tests for string functions; expected values are Spark's (tier1 string-functions.sql, regexp-functions.sql, ilike.sql).
import { describe, expect, it } from 'vitest';
import { T, getValue, vectorFromValues, type DataType, type Value, type Vector } from '@flint/common';
import type { Expr } from '@flint/planner';
import { broadcast } from '../eval/vectors.js';
import { stringKernels } from './string.js';
import type { EvalContext, ScalarFunctionExpr } from './kernel.js';

const ctx: EvalContext = {
  timeZone: 'America/Los_Angeles',
  ansi: true,
  queryStartMicros: 0n,
  conf: new Map(),
};

function typeOf(v: Value): DataType {
  if (typeof v === 'number') return T.int;
  if (typeof v === 'bigint') return T.long;
  if (typeof v === 'boolean') return T.boolean;
  if (v instanceof Uint8Array) return T.binary;
  return T.string;
}

function call(name: string, args: Value[], out: DataType = T.string, options?: Record<string, Value>): Value {
  const vecs: Vector[] = args.map((a) => vectorFromValues(a === null ? T.string : typeOf(a), [a]));
  const expr = {
    kind: 'ScalarFunction',
    name,
    args: [] as Expr[],
    dataType: out,
    nullable: true,
    ...(options ? { options } : {}),
  } as ScalarFunctionExpr;
  return getValue(stringKernels[name]!(vecs, expr, ctx, 1), 0);
}

const hex = (b: Value): string =>
  Buffer.from(b as Uint8Array)
    .toString('hex')
    .toUpperCase();
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));

describe('string kernels', () => {
  it('substring / left / right follow substringSQL', () => {
    expect(call('substring', ['Spark SQL', 5, 2147483647])).toBe('k SQL');
    expect(call('substring', ['Spark SQL', -3, 2147483647])).toBe('SQL');
    expect(call('substring', ['Spark SQL', 5, 1])).toBe('k');
    expect(call('left', ['abcd', 2])).toBe('ab');
    expect(call('left', ['abcd', 5])).toBe('abcd');
    expect(call('left', ['abcd', -2])).toBe('');
    expect(call('right', ['abcd', 2])).toBe('cd');
    expect(call('right', ['abcd', 5])).toBe('abcd');
    expect(call('left', ['abcd', null])).toBe(null);
  });
  it('substring with a constant positive start gives what the row-by-row path gives', () => {
    // Surrogate pairs before, inside and after the range, NULLs, short and empty strings.
    const values: Value[] = [
      '+12-345',
      'ab',
      '',
      null,
      '😀bc-d',
      'a😀cdef',
      'abc😀',
      'abcdefgh',
      '\ud800x',
      'x',
    ];
    const v = vectorFromValues(T.string, values);
    const n = values.length;
    const expr = {
      kind: 'ScalarFunction',
      name: 'substring',
      args: [],
      dataType: T.string,
      nullable: true,
    } as unknown as ScalarFunctionExpr;
    for (const [pos, len] of [
      [1, 2],
      [2, 3],
      [3, 2147483647],
      [1, 0],
      [2, -1],
      [9, 2],
      [4, 1],
    ] as const) {
      const fast = stringKernels.substring!(
        [v, broadcast(T.int, pos, n), broadcast(T.int, len, n)],
        expr,
        ctx,
        n,
      );
      const rowByRow = stringKernels.substring!(
        [
          v,
          vectorFromValues(
            T.int,
            values.map(() => pos),
          ),
          vectorFromValues(
            T.int,
            values.map(() => len),
          ),
        ],
        expr,
        ctx,
        n,
      );
      const got = values.map((_, i) => getValue(fast, i));
      expect(got, `substring(s, ${pos}, ${len})`).toEqual(values.map((_, i) => getValue(rowByRow, i)));
    }
    expect(
      values.map((_, i) =>
        getValue(
          stringKernels.substring!([v, broadcast(T.int, 2, n), broadcast(T.int, 2, n)], expr, ctx, n),
          i,
        ),
      ),
    ).toEqual(['12', 'b', '', null, 'bc', '😀c', 'bc', 'bc', 'x', '']);
  });
  it('split and split_part', () => {
    expect(call('split', ['aa1cc2ee3', '[1-9]+', -1], T.array(T.string))).toEqual(['aa', 'cc', 'ee', '']);
    expect(call('split', ['aa1cc2ee3', '[1-9]+', 2], T.array(T.string))).toEqual(['aa', 'cc2ee3']);
    expect(call('split', ['hello', '', -1], T.array(T.string))).toEqual(['h', 'e', 'l', 'l', 'o']);
    expect(call('split', ['hello', '', 1], T.array(T.string))).toEqual(['hello']);
    expect(call('split', ['hello', '', 3], T.array(T.string))).toEqual(['h', 'e', 'llo']);
    expect(call('split', ['', '', -1], T.array(T.string))).toEqual(['']);
    expect(call('split_part', ['11.12.13', '.', 2])).toBe('12');
    expect(call('split_part', ['11.12.13', '.', -1])).toBe('13');
    expect(call('split_part', ['11.12.13', '', 1])).toBe('11.12.13');
    expect(call('split_part', ['11.12.13', '.', 5])).toBe('');
    expect(() => call('split_part', ['11.12.13', '.', 0])).toThrow(
      expect.objectContaining({ errorClass: 'INVALID_INDEX_OF_ZERO' }),
    );
  });
  it('trim family', () => {
    expect(call('trim', [' xyz '])).toBe('xyz');
    expect(call('ltrim', [' xyz '])).toBe('xyz ');
    expect(call('rtrim', [' xyz '])).toBe(' xyz');
    expect(call('trim', ['yxTomxx', 'xyz'])).toBe('Tom');
    expect(call('ltrim', ['xyxXxyLAST WORD', 'xy'])).toBe('XxyLAST WORD');
    expect(call('rtrim', ['TURNERyxXxy', 'xy'])).toBe('TURNERyxX');
    expect(call('btrim', ['xyxtrimyyx', 'xy'])).toBe('trim');
  });
  it('lpad / rpad for strings and bytes', () => {
    expect(hex(call('lpad', [unhex('aabb'), 5, unhex('00')], T.binary))).toBe('000000AABB');
    expect(hex(call('lpad', [unhex('aabbcc'), 2, unhex('00')], T.binary))).toBe('AABB');
    expect(hex(call('lpad', [unhex('aa'), 6, unhex('1f2e')], T.binary))).toBe('1F2E1F2E1FAA');
    expect(hex(call('rpad', [unhex('aa'), 5, unhex('1f2e')], T.binary))).toBe('AA1F2E1F2E');
    expect(hex(call('rpad', [unhex('aabbcc'), 6, unhex('')], T.binary))).toBe('AABBCC');
    expect(call('lpad', ['W', 5, 'abc'])).toBe('abcaW');
    expect(call('rpad', ['W', 5, 'abc'])).toBe('Wabca');
  });
  it('instr with position and occurrence, locate', () => {
    const cases: [string, string, number, number, number][] = [
      ['abcabc', 'b', 1, 1, 2],
      ['abcabc', 'b', 3, 1, 5],
      ['abcabc', 'b', -1, 1, 5],
      ['abcabc', 'b', -3, 1, 2],
      ['abcabc', 'a', -2, 1, 4],
      ['abcabc', 'b', -1, 2, 2],
      ['abcabc', 'a', -1, 2, 1],
      ['abcabc', 'b', 0, 1, 0],
      ['hello', '', 3, 1, 1],
      ['你好世界你好', '你好', 1, 2, 5],
      ['你好世界你好', '你好', -2, 1, 5],
      ['你好世界你好', '世界', -1, 1, 3],
      ['aaaa', 'aa', 1, 3, 3],
      ['aaaa', 'aa', -1, 2, 2],
      ['abc', 'b', 10, 1, 0],
      ['abc', 'b', -10, 1, 0],
    ];
    for (const [s, sub, p, o, want] of cases) expect(call('instr', [s, sub, p, o], T.int)).toBe(want);
    expect(call('locate', ['bar', 'foobarbar', 1], T.int)).toBe(4);
  });
  it('regexp functions', () => {
    expect(call('regexp_extract', ['1a 2b 14m', '(\\d+)([a-z]+)', 2])).toBe('a');
    expect(call('regexp_extract', ['a b m', '(\\d+)?', 1])).toBe('');
    expect(() => call('regexp_extract', ['1a 2b 14m', '\\d+', 1])).toThrow(
      expect.objectContaining({ errorClass: 'INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX' }),
    );
    expect(() => call('regexp_extract', ['1a', '(?l)', 1])).toThrow(
      expect.objectContaining({ errorClass: 'INVALID_PARAMETER_VALUE.PATTERN' }),
    );
    expect(call('regexp_extract_all', ['1a 2b 14m', '(\\d+)?', 1], T.array(T.string))).toEqual([
      '1',
      '',
      '',
      '2',
      '',
      '',
      '14',
      '',
      '',
    ]);
    expect(call('regexp_replace', ['healthy, wealthy, and wise', '\\w+thy', 'something', 2])).toBe(
      'hsomething, something, and wise',
    );
    expect(call('regexp_replace', ['healthy, wealthy, and wise', '\\w', 'something', 26])).toBe(
      'healthy, wealthy, and wissomething',
    );
    expect(call('regexp_replace', ['abc', '(b)', '[$1]', 1])).toBe('a[b]c');
    expect(call('rlike', ['1a 2b 14m', '\\d+b'], T.boolean)).toBe(true);
    expect(call('regexp_count', ['the fox', '(?i)FOX'], T.int)).toBe(1);
    expect(call('regexp_substr', ['1a 2b 14m', '\\d{2}(a|b|m)'])).toBe('14m');
    expect(call('regexp_substr', ['1a 2b 14m', ''])).toBe(null);
    expect(call('regexp_instr', ['1a 2b 14m', '\\d{2}(a|b|m)', 0], T.int)).toBe(7);
  });
  it('like / ilike with escapes', () => {
    expect(call('ilike', ['a_%b', 'a\\__b'], T.boolean, { escape: '\\' })).toBe(true);
    expect(call('ilike', ['addb', 'A_%b'], T.boolean, { escape: '\\' })).toBe(true);
    expect(call('ilike', ['Addb', 'a%#%b'], T.boolean, { escape: '#' })).toBe(false);
    expect(call('like', ['abc', 'a%'], T.boolean, { escape: '\\' })).toBe(true);
    expect(call('like', ['abc', 'A%'], T.boolean, { escape: '\\' })).toBe(false);
  });
  it('encode / decode and to_binary', () => {
    expect(call('decode', [call('encode', ['大千世界', 'utf-32'], T.binary), 'utf-32'])).toBe('大千世界');
    expect(call('decode', [call('encode', ['白日依山尽', 'UTF-16'], T.binary), 'UTF-16'])).toBe('白日依山尽');
    expect(() => call('encode', ['hello', 'WINDOWS-1252'], T.binary)).toThrow(
      expect.objectContaining({ errorClass: 'INVALID_PARAMETER_VALUE.CHARSET' }),
    );
    expect(() => call('encode', ['客舍', 'US-ASCII'], T.binary)).toThrow(
      expect.objectContaining({ errorClass: 'MALFORMED_CHARACTER_CODING' }),
    );
    expect(hex(call('to_binary', ['12345', 'hex'], T.binary))).toBe('012345');
    expect(Buffer.from(call('to_binary', [' ab c=', 'base64'], T.binary) as Uint8Array).length).toBe(2);
    for (const bad of ['a', 'a?', 'abcde', 'abcd=', 'a===', 'ab==f', ' ab cdef= = ']) {
      expect(() => call('to_binary', [bad, 'base64'], T.binary)).toThrow(
        expect.objectContaining({ errorClass: 'CONVERSION_INVALID_INPUT' }),
      );
    }
    expect(call('try_to_binary', ['GG', 'hex'], T.binary)).toBe(null);
  });
  it('misc string functions', () => {
    expect(call('luhn_check', ['4111111111111111'], T.boolean)).toBe(true);
    expect(call('luhn_check', [''], T.boolean)).toBe(false);
    expect(call('luhn_check', ['378282246310006'], T.boolean)).toBe(false);
    expect(call('quote', ["Don't"])).toBe("'Don\\'t'");
    expect(call('replace', ['abc', 'b', '123'])).toBe('a123c');
    expect(call('replace', ['abc', 'b', ''])).toBe('ac');
    expect(call('contains', ['Spark SQL', 'SPARK'], T.boolean)).toBe(false);
    expect(call('startswith', [unhex('537061726b2053514c'), unhex('537061726b')], T.boolean)).toBe(true);
    expect(call('endswith', [unhex('537061726b2053514c'), unhex('53516c')], T.boolean)).toBe(false);
    expect(call('soundex', ['Miller'])).toBe('M460');
    expect(call('levenshtein', ['kitten', 'sitting'], T.int)).toBe(3);
    expect(call('initcap', ['sPark sql'])).toBe('Spark Sql');
    expect(call('translate', ['AaBbCc', 'abc', '123'])).toBe('A1B2C3');
    expect(call('format_string', ['Hello World %d %s', 100, 'days'])).toBe('Hello World 100 days');
    expect(call('hex', [17n])).toBe('11');
    expect(call('hex', [-1n])).toBe('FFFFFFFFFFFFFFFF');
    expect(call('conv', ['100', 2, 10])).toBe('4');
    expect(call('conv', ['-10', 16, -10])).toBe('-16');
    expect(call('bin', [13n])).toBe('1101');
    expect(call('mask', ['AbCD123-@$#', 'X', 'x', 'n', null])).toBe('XxXXnnn-@$#');
    expect(call('sha2', [new TextEncoder().encode('Spark'), 256])).toBe(
      '529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b',
    );
    expect(call('crc32', [new TextEncoder().encode('Spark')], T.long)).toBe(1557323817n);
    expect(call('validate_utf8', ['abc'])).toBe('abc');
    expect(call('is_valid_utf8', [unhex('80')], T.boolean)).toBe(false);
    expect(call('make_valid_utf8', [unhex('80')])).toBe('\uFFFD');
  });
});
