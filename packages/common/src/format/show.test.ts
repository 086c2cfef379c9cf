// Dataset.show() and printSchema() text, as Spark prints them.
import { describe, expect, it } from 'vitest';
import { T } from '../data-type.js';
import { treeString } from './print-schema.js';
import { showString, stringHalfWidth } from './show.js';

describe('showString', () => {
  it('draws spark.range(3).show()', () => {
    expect(showString(['id'], [['0'], ['1'], ['2']])).toBe(
      '+---+\n| id|\n+---+\n|  0|\n|  1|\n|  2|\n+---+\n',
    );
  });
  it('adds the footer when there is more data', () => {
    const rows = Array.from({ length: 20 }, (_, i) => [String(i)]);
    const out = showString(['id'], rows, 20, 20, false, true);
    expect(out.endsWith('| 19|\n+---+\nonly showing top 20 rows\n')).toBe(true);
    expect(showString(['id'], [['0']], 1, 20, false, true).endsWith('only showing top 1 row\n')).toBe(true);
  });
  it('truncates long cells to 20 and left-aligns with truncate = 0', () => {
    const long = 'abcdefghijklmnopqrstuvwxyz';
    expect(showString(['s'], [[long]])).toBe(
      '+--------------------+\n|                   s|\n+--------------------+\n|abcdefghijklmnopq...|\n+--------------------+\n',
    );
    expect(showString(['name', 'n'], [['ab', '1']], 20, 0)).toBe(
      '+----+---+\n|name|n  |\n+----+---+\n|ab  |1  |\n+----+---+\n',
    );
    expect(showString(['s'], [['abcdef']], 20, 3)).toBe('+---+\n|  s|\n+---+\n|abc|\n+---+\n');
  });
  it('counts full-width characters twice and escapes control characters', () => {
    expect(stringHalfWidth('中文')).toBe(4);
    expect(showString(['c'], [['中文'], ['a\nb']])).toBe('+----+\n|   c|\n+----+\n|中文|\n|a\\nb|\n+----+\n');
  });
  it('prints vertical mode', () => {
    expect(showString(['id'], [['0'], ['1']], 20, 20, true)).toBe(
      '-RECORD 0--\n id  | 0   \n-RECORD 1--\n id  | 1   \n',
    );
    expect(showString(['id'], [], 20, 20, true)).toBe('(0 rows)\n');
  });
});

describe('treeString', () => {
  it('prints nested types as printSchema does', () => {
    const schema = T.struct([
      T.field('a', T.int),
      T.field('b', T.array(T.string, false), false),
      T.field('m', T.map(T.string, T.decimal(10, 2))),
      T.field(
        's',
        T.struct([T.field('x', T.long), T.field('y', T.array(T.struct([T.field('z', T.boolean)])))]),
      ),
    ]);
    expect(treeString(schema)).toBe(
      'root\n' +
        ' |-- a: integer (nullable = true)\n' +
        ' |-- b: array (nullable = false)\n' +
        ' |    |-- element: string (containsNull = false)\n' +
        ' |-- m: map (nullable = true)\n' +
        ' |    |-- key: string\n' +
        ' |    |-- value: decimal(10,2) (valueContainsNull = true)\n' +
        ' |-- s: struct (nullable = true)\n' +
        ' |    |-- x: long (nullable = true)\n' +
        ' |    |-- y: array (nullable = true)\n' +
        ' |    |    |-- element: struct (containsNull = true)\n' +
        ' |    |    |    |-- z: boolean (nullable = true)\n',
    );
    expect(treeString(schema, 1)).toBe(
      'root\n |-- a: integer (nullable = true)\n |-- b: array (nullable = false)\n |-- m: map (nullable = true)\n |-- s: struct (nullable = true)\n',
    );
  });
});
