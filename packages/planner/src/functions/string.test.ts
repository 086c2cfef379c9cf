// Resolution tests for the string and datetime FunctionDefs: result types, generated names and
// type-check errors as in Spark's golden files (string-functions.sql, date.sql, extract.sql).
import { describe, expect, it } from 'vitest';
import { T, type DataType, type Value } from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf } from '../expr-type.js';
import type { FunctionDef, FunctionResolutionContext } from './function-def.js';
import { stringFunctions } from './string.js';
import { datetimeFunctions } from './datetime.js';

let id = 0;
const ctx: FunctionResolutionContext = {
  ansi: true,
  timeZone: 'America/Los_Angeles',
  nextExprId: () => ++id,
  conf: new Map(),
};
const call = { distinct: false, isStar: false, filter: null, ignoreNulls: false };
const lit = (v: Value, t: DataType): Expr => ({ kind: 'Literal', value: v, dataType: t });
const s = (v: string): Expr => lit(v, T.string);
const i = (v: number): Expr => lit(v, T.int);

function def(name: string): FunctionDef {
  const d = [...stringFunctions, ...datetimeFunctions].find(
    (f) => f.name === name || f.aliases?.includes(name),
  );
  if (d === undefined) throw new Error(`no ${name}`);
  return d;
}
function sqlOf(e: Expr): string {
  if (e.kind === 'Literal') return e.value === null ? 'NULL' : String(e.value);
  if (e.kind === 'Cast') return sqlOf(e.child);
  return '?';
}
function resolve(name: string, args: Expr[]): { expr: Expr; name: string; type: DataType } {
  const d = def(name);
  const expr = d.resolve(args, call, ctx);
  const argSql = expr.kind === 'ScalarFunction' ? expr.args.map(sqlOf) : [];
  const shown = d.prettySql ? d.prettySql(expr, argSql) : `${name}(${argSql.join(', ')})`;
  return { expr, name: shown, type: dataTypeOf(expr) };
}

describe('string function resolution', () => {
  it('fills Spark defaults into generated names', () => {
    expect(resolve('substr', [s('Spark SQL'), i(5)]).name).toBe('substr(Spark SQL, 5, 2147483647)');
    expect(resolve('substring', [s('Spark SQL'), i(5)]).name).toBe('substring(Spark SQL, 5, 2147483647)');
    expect(resolve('split', [s('aa1cc2ee3'), s('[1-9]+')]).name).toBe('split(aa1cc2ee3, [1-9]+, -1)');
    expect(resolve('instr', [s('abcabc'), s('b'), i(1)]).name).toBe('instr(abcabc, b, 1, 1)');
    expect(resolve('replace', [s('abc'), s('b')]).name).toBe('replace(abc, b, )');
    expect(resolve('regexp_replace', [s('a'), s('b'), s('c')]).name).toBe('regexp_replace(a, b, c, 1)');
    expect(resolve('regexp_like', [s('a'), s('b')]).name).toBe('REGEXP_LIKE(a, b)');
    expect(resolve('trim', [s('yxTomxx'), s('xyz')]).name).toBe('TRIM(BOTH xyz FROM yxTomxx)');
    expect(resolve('ltrim', [s(' xyz ')]).name).toBe('ltrim( xyz )');
    expect(resolve('locate', [s('bar'), s('foobarbar')]).name).toBe('locate(bar, foobarbar, 1)');
    expect(resolve('char_length', [s('abc')]).name).toBe('char_length(abc)');
  });
  it('result types', () => {
    expect(resolve('split', [s('a'), s('b')]).type).toEqual(T.array(T.string, false));
    expect(resolve('lpad', [lit(new Uint8Array([1]), T.binary), i(5)]).type).toEqual(T.binary);
    expect(resolve('lpad', [s('abc'), i(5), lit(new Uint8Array([0x57]), T.binary)]).type).toEqual(T.string);
    expect(resolve('length', [s('abc')]).type).toEqual(T.int);
    expect(resolve('left', [s('abcd'), s('2')]).expr).toMatchObject({
      args: [{ kind: 'Literal' }, { kind: 'Cast', dataType: T.int }],
    });
    expect(resolve('decode', [i(1), i(1), s('Southlake')]).type).toEqual(T.string);
    expect(resolve('encode', [s('a'), s('utf-8')]).type).toEqual(T.binary);
  });
  it('argument count and type errors', () => {
    expect(() => resolve('concat_ws', [])).toThrow(
      expect.objectContaining({ errorClass: 'WRONG_NUM_ARGS.WITHOUT_SUGGESTION' }),
    );
    expect(() => resolve('decode', [s('a')])).toThrow(
      expect.objectContaining({ errorClass: 'WRONG_NUM_ARGS.WITHOUT_SUGGESTION' }),
    );
    expect(() => resolve('to_binary', [s('abc'), s('invalidFormat')])).toThrow(
      expect.objectContaining({ errorClass: 'DATATYPE_MISMATCH.INVALID_ARG_VALUE' }),
    );
    expect(() => resolve('regexp_replace', [s('a'), s('b'), s('c'), i(0)])).toThrow(
      expect.objectContaining({ errorClass: 'DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE' }),
    );
  });
});

describe('datetime function resolution', () => {
  it('date_add accepts int/smallint/tinyint and strings, not bigint or decimal', () => {
    expect(resolve('date_add', [s('2011-11-11'), i(1)]).type).toEqual(T.date);
    expect(resolve('date_add', [s('2011-11-11'), lit(1, T.byte)]).type).toEqual(T.date);
    expect(resolve('date_add', [s('2011-11-11'), s('1')]).type).toEqual(T.date);
    expect(() => resolve('date_add', [s('2011-11-11'), lit(1n, T.long)])).toThrow(
      expect.objectContaining({ errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' }),
    );
    expect(() => resolve('date_sub', [s('2011-11-11'), lit(10, T.double)])).toThrow(
      expect.objectContaining({ errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' }),
    );
  });
  it('unit forms of date_add / datediff', () => {
    const r = resolve('dateadd', [s('MICROSECOND'), i(1001), lit(0n, T.timestamp)]);
    expect(r.type).toEqual(T.timestamp);
    expect(r.expr).toMatchObject({ name: 'timestampadd', options: { unit: 'MICROSECOND' } });
    expect(resolve('datediff', [s('YEAR'), lit(0, T.date), lit(1, T.date)]).type).toEqual(T.long);
    expect(() => resolve('date_add', [s('FORTNIGHT'), i(1), lit(0, T.date)])).toThrow(
      expect.objectContaining({ errorClass: 'INVALID_PARAMETER_VALUE.DATETIME_UNIT' }),
    );
    expect(() => resolve('curdate', [i(1)])).toThrow(
      expect.objectContaining({ errorClass: 'WRONG_NUM_ARGS.WITHOUT_SUGGESTION' }),
    );
  });
  it('extract / date_part names and types', () => {
    const c = lit(0n, T.timestamp);
    expect(resolve('extract', [s('year'), c]).type).toEqual(T.int);
    expect(resolve('extract', [s('seconds'), c]).type).toEqual(T.decimal(8, 6));
    expect(resolve('date_part', [s('mon'), lit(3, T.yearMonthInterval())]).type).toEqual(T.byte);
    const e = resolve('extract', [s('year'), c]);
    expect(def('extract').prettySql!(e.expr, ['c'])).toBe('extract(year FROM c)');
    expect(() => resolve('extract', [s('not_supported'), c])).toThrow(
      expect.objectContaining({ errorClass: 'INVALID_EXTRACT_FIELD' }),
    );
  });
  it('defaults and names', () => {
    expect(resolve('current_date', []).name).toBe('current_date()');
    expect(resolve('months_between', [lit(0n, T.timestamp), lit(0n, T.timestamp)]).expr).toMatchObject({
      args: [{}, {}, { value: true }],
    });
    expect(resolve('to_date', [s('2016-12-31'), s('yyyy-MM-dd')]).type).toEqual(T.date);
    expect(resolve('hour', [lit(0n, T.timestampNtz)]).expr).toMatchObject({
      args: [{ dataType: T.timestampNtz }],
    });
  });
});
