// Expressions of one dictionary column evaluated per distinct value give what they give row by row:
// comparisons, IN, LIKE, NULL tests, CASE and string functions (a string result stays a dictionary);
// one that can raise is evaluated on the rows, so a dictionary value no row has raises nothing.
import { dictionaryVector, getValue, T, vectorFromValues, type Batch, type Value } from '@flint/common';
import type { Expr } from '@flint/planner';
import { describe, expect, it } from 'vitest';
import { attr, lit, testCtx } from '../test-support.js';
import { compileExpression } from './compile.js';
import { selectCompareScalar } from './select-compare.js';

const x = attr(1, 'x', T.string);
const n = attr(2, 'n', T.int);
// 'bad' is in the dictionary, in no row.
const dictionary = ['MAIL', 'SHIP', 'AIR', 'bad'];
const rows: (string | null)[] = Array.from({ length: 40 }, (_, i) =>
  i % 9 === 4 ? null : dictionary[(i * 5) % 3]!,
);
const codes = Int32Array.from(rows, (r) => (r === null ? 0 : dictionary.indexOf(r)));
const nulls = Uint8Array.from(rows, (r) => (r === null ? 1 : 0));
const numbers = vectorFromValues(
  T.int,
  rows.map((_, i) => i),
);
const dictBatch: Batch = {
  numRows: rows.length,
  columns: [dictionaryVector(T.string, nulls, dictionary, codes), numbers],
};
const plainBatch: Batch = { numRows: rows.length, columns: [vectorFromValues(T.string, rows), numbers] };

const s = (v: string): Expr => lit(v, T.string);
const fn = (name: string, args: Expr[], dataType = T.string): Expr => ({
  kind: 'ScalarFunction',
  name,
  args,
  dataType,
  nullable: true,
});
const values = (e: Expr, b: Batch): Value[] => {
  const v = compileExpression(e, [x, n], testCtx)(b);
  return Array.from({ length: b.numRows }, (_, i) => getValue(v, i));
};

describe('expressions over a dictionary column', () => {
  const cases: [string, Expr][] = [
    ['=', { kind: 'Comparison', op: 'EqualTo', left: x, right: s('SHIP') }],
    ['<', { kind: 'Comparison', op: 'LessThan', left: s('B'), right: x }],
    ['IN', { kind: 'In', value: x, list: [s('MAIL'), s('AIR')] }],
    ['LIKE', fn('like', [x, s('%AI%')], T.boolean)],
    ['IS NULL', { kind: 'IsNull', child: x }],
    ['NOT', { kind: 'Not', child: { kind: 'Comparison', op: 'EqualTo', left: x, right: s('AIR') } }],
    [
      'CASE',
      {
        kind: 'CaseWhen',
        branches: [{ condition: { kind: 'IsNull', child: x }, value: s('none') }],
        elseValue: fn('lower', [x]),
        dataType: T.string,
      },
    ],
    ['concat', fn('concat', [x, s('-z')])],
  ];
  for (const [name, e] of cases) {
    it(`${name} gives the rows' results`, () => {
      expect(values(e, dictBatch)).toEqual(values(e, plainBatch));
    });
  }

  it('a string result is a dictionary over the same codes; other columns are left alone', () => {
    const upper = compileExpression(fn('upper', [fn('lower', [x])]), [x, n], testCtx)(dictBatch);
    expect(upper.dictionary?.values.slice(0, 4)).toEqual(['MAIL', 'SHIP', 'AIR', 'BAD']);
    const sum: Expr = {
      kind: 'Arithmetic',
      op: 'Add',
      left: n,
      right: lit(1, T.int),
      dataType: T.int,
      evalMode: 'ANSI',
    };
    expect(values(sum, dictBatch)).toEqual(values(sum, plainBatch));
  });

  it('an expression that can raise runs on the rows: no error for a value only the dictionary has', () => {
    const numeric = dictionaryVector(
      T.string,
      null,
      ['1', '2', 'bad'],
      Int32Array.from({ length: 12 }, (_, i) => i % 2),
    );
    const cast: Expr = { kind: 'Cast', child: x, dataType: T.int, evalMode: 'ANSI', userSpecified: true };
    const b: Batch = { numRows: 12, columns: [numeric, numbers] };
    expect(values(cast, b)).toEqual(Array.from({ length: 12 }, (_, i) => (i % 2) + 1));
  });

  it('the filter kernel leaves a dictionary column to the compiled conjunct', () => {
    const out = new Int32Array(rows.length);
    const test = { op: 'EqualTo' as const, value: 'SHIP' };
    expect(selectCompareScalar(test, test, dictBatch.columns[0]!, null, rows.length, out, null)).toBe(-1);
  });
});
