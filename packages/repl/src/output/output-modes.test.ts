import { describe, expect, it } from 'vitest';
import { T, type DataType, type Value } from '@flint/common';
import type { CellRenderer } from './cell-renderer.js';
import { renderBox } from './render-box.js';
import { csvField, renderCsv } from './render-csv.js';
import { renderJsonLines } from './render-json.js';

// A stand-in for @flint/common's renderValue covering the types used here (golden form).
const render: CellRenderer = (v: Value, t: DataType): string => {
  if (v === null) return 'NULL';
  if (t.kind === 'double') return Number.isInteger(v) ? `${v as number}.0` : String(v);
  if (t.kind === 'date') return new Date((v as number) * 86_400_000).toISOString().slice(0, 10);
  if (t.kind === 'array') return `[${(v as Value[]).map((e) => render(e, t.elementType)).join(',')}]`;
  return String(v);
};

const schema = T.struct([T.field('name', T.string), T.field('amount', T.double), T.field('day', T.date)]);
const rows: Value[][] = [
  ['Alice', 1200.5, 0],
  ['Bob, "B"', 830, 19_000],
  [null, null, null],
];

describe('box mode', () => {
  it('draws a unicode table with numbers on the right', () => {
    expect(renderBox(schema, rows, render, 20)).toBe(
      [
        '┌──────────┬────────┬────────────┐',
        '│ name     │ amount │ day        │',
        '├──────────┼────────┼────────────┤',
        '│ Alice    │ 1200.5 │ 1970-01-01 │',
        '│ Bob, "B" │  830.0 │ 2022-01-08 │',
        '│ NULL     │   NULL │ NULL       │',
        '└──────────┴────────┴────────────┘',
        '',
      ].join('\n'),
    );
  });
  it('says when rows were left out', () => {
    expect(renderBox(schema, rows, render, 1).endsWith('only showing top 1 row\n')).toBe(true);
  });
});

describe('csv mode', () => {
  it('writes RFC 4180: header, CRLF, quoted fields, empty NULL', () => {
    expect(renderCsv(schema, rows, render)).toBe(
      'name,amount,day\r\nAlice,1200.5,1970-01-01\r\n"Bob, ""B""",830.0,2022-01-08\r\n,,\r\n',
    );
    expect(csvField('a\nb')).toBe('"a\nb"');
  });
});

describe('json mode', () => {
  it('writes one object per row, numbers as numbers, NULL as null', () => {
    expect(renderJsonLines(schema, rows, render)).toBe(
      [
        '{"name":"Alice","amount":1200.5,"day":"1970-01-01"}',
        '{"name":"Bob, \\"B\\"","amount":830.0,"day":"2022-01-08"}',
        '{"name":null,"amount":null,"day":null}',
        '',
      ].join('\n'),
    );
  });
  it('keeps long digits, nests arrays, structs and maps, and quotes NaN', () => {
    const s = T.struct([
      T.field('id', T.long),
      T.field('xs', T.array(T.int)),
      T.field('st', T.struct([T.field('a', T.int)])),
      T.field('m', T.map(T.int, T.string)),
      T.field('d', T.double),
    ]);
    const r: Value[][] = [[9007199254740993n, [1, null], [7], { keys: [1], values: ['a'] }, NaN]];
    expect(renderJsonLines(s, r, render)).toBe(
      '{"id":9007199254740993,"xs":[1,null],"st":{"a":7},"m":{"1":"a"},"d":"NaN"}\n',
    );
  });
});
