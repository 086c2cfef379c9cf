import { describe, expect, it } from 'vitest';
import { T } from '@flint/common';
import { loadBuiltinTables, parseTableDdl } from './builtin-tables.js';
import { defaultCorpusDir } from './corpus.js';

describe('built-in tables', () => {
  it('parses the DDL subset of tables.json', () => {
    expect(parseTableDdl('arraycol array<int>, nestedarraycol array<array<int>>')).toEqual(
      T.struct([T.field('arraycol', T.array(T.int)), T.field('nestedarraycol', T.array(T.array(T.int)))]),
    );
    expect(parseTableDdl('mapcol map<int,string>').fields[0]!.dataType).toEqual(T.map(T.int, T.string));
  });

  it('loads every table the corpus assumes', () => {
    const tables = new Map(loadBuiltinTables(defaultCorpusDir()).map((t) => [t.name, t]));
    expect([...tables.keys()].sort()).toEqual([
      'aggtest',
      'arraydata',
      'mapdata',
      'onek',
      'tenk1',
      'testdata',
    ]);
    const testdata = tables.get('testdata')!;
    expect(testdata.rows.length).toBe(100);
    expect(testdata.rows[41]).toEqual([42, '42']);
    expect(tables.get('onek')!.rows.length).toBe(1000);
    expect(tables.get('tenk1')!.rows.length).toBe(10000);
    expect(tables.get('onek')!.rows[0]).toEqual([
      147,
      0,
      1,
      3,
      7,
      7,
      7,
      47,
      147,
      147,
      147,
      14,
      15,
      'RFAAAA',
      'AAAAAA',
      'AAAAxx',
    ]);
    // aggtest.b is a float: the values are float32-rounded as Spark stores them.
    expect(tables.get('aggtest')!.rows[1]).toEqual([100, Math.fround(99.097)]);
    expect(tables.get('arraydata')!.rows[0]).toEqual([[1, 2, 3], [[1, 2, 3]]]);
    expect(tables.get('mapdata')!.rows[4]).toEqual([{ keys: [1], values: ['a5'] }]);
  });

  it('gives the aggregates the golden files expect', () => {
    // postgreSQL/aggregates_part1.sql: SELECT avg(a) AS avg_32 FROM aggtest WHERE a < 100 -> 32.666666666666664
    const aggtest = loadBuiltinTables(defaultCorpusDir()).find((t) => t.name === 'aggtest')!;
    const a = aggtest.rows.map((r) => r[0] as number).filter((x) => x < 100);
    expect(a.reduce((s, x) => s + x, 0) / a.length).toBe(32.666666666666664);
  });
});
