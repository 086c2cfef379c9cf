// The H2O questions in Arquero and the answer checksum, on tiny tables whose answers are worked out by hand.

import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { describe, expect, it } from 'vitest';
import { type ArqueroTables, toResultSet } from '../engines/arquero.js';
import type { ResultSet } from '../runner/types.js';
import { H2O_GROUPBY_ARQUERO, H2O_JOIN_ARQUERO } from './arquero-questions.js';
import { H2O_GROUPBY, H2O_JOIN } from './questions.js';

function tablesOf(tables: Record<string, ColumnTable>): ArqueroTables {
  return {
    get(name) {
      const t = tables[name];
      if (t === undefined) throw new Error(`no table ${name}`);
      return t;
    },
  };
}

// Six rows: two id1 groups (a: rows 0-2, b: rows 3-5).
const x = aq.table({
  id1: ['id001', 'id001', 'id001', 'id002', 'id002', 'id002'],
  id2: ['id001', 'id002', 'id001', 'id001', 'id001', 'id001'],
  id3: ['id0000000001', 'id0000000001', 'id0000000002', 'id0000000002', 'id0000000002', 'id0000000003'],
  id4: Int32Array.from([1, 1, 1, 2, 2, 2]),
  id5: Int32Array.from([1, 1, 1, 1, 1, 2]),
  id6: Int32Array.from([7, 7, 7, 8, 8, 9]),
  v1: Int32Array.from([1, 2, 3, 4, 5, 5]),
  v2: Int32Array.from([2, 4, 6, 1, 1, 15]),
  v3: Float64Array.from([10, 20, 60, 1.5, 2.5, 99.999999]),
});
const groupbyTables = tablesOf({ x });

function groupbyAnswer(id: string): ResultSet {
  const q = H2O_GROUPBY_ARQUERO[id];
  if (q === undefined) throw new Error(`no arquero ${id}`);
  return toResultSet(q(aq, groupbyTables).orderby(...toResultSet(q(aq, groupbyTables)).columns));
}

function rowsAsObjects(r: ResultSet): Record<string, unknown>[] {
  return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c, row[i]])));
}

describe('H2O group-by questions in Arquero', () => {
  it('answers all ten, with the columns of the SQL', () => {
    expect(Object.keys(H2O_GROUPBY_ARQUERO)).toEqual(H2O_GROUPBY.map((q) => q.id));
    expect(groupbyAnswer('q1').columns).toEqual(['id1', 'v1']);
    expect(groupbyAnswer('q6').columns).toEqual(['id4', 'id5', 'median_v3', 'sd_v3']);
    expect(groupbyAnswer('q8').columns).toEqual(['id6', 'largest2_v3']);
    expect(groupbyAnswer('q10').columns).toEqual(['id1', 'id2', 'id3', 'id4', 'id5', 'id6', 'v3', 'count']);
  });

  it('q1, q2: sums of v1', () => {
    expect(groupbyAnswer('q1').rows).toEqual([
      ['id001', 6],
      ['id002', 14],
    ]);
    expect(groupbyAnswer('q2').rows).toEqual([
      ['id001', 'id001', 4],
      ['id001', 'id002', 2],
      ['id002', 'id001', 14],
    ]);
  });

  it('q3, q4, q5: sums and means', () => {
    const q3 = groupbyAnswer('q3').rows;
    expect(q3.map((r) => [r[0], r[1]])).toEqual([
      ['id0000000001', 3],
      ['id0000000002', 12],
      ['id0000000003', 5],
    ]);
    expect(q3.map((r) => r[2])).toEqual([15, expect.closeTo(64 / 3, 12), 99.999999]);
    const q4 = groupbyAnswer('q4').rows;
    expect(q4[0]).toEqual([1, 2, 4, 30]);
    expect(q4[1]![1]).toBeCloseTo(14 / 3, 12);
    expect(q4[1]![2]).toBeCloseTo(17 / 3, 12);
    expect(groupbyAnswer('q5').rows).toEqual([
      [7, 6, 12, 90],
      [8, 9, 2, 4],
      [9, 5, 15, 99.999999],
    ]);
  });

  it('q6: median and sample standard deviation of v3', () => {
    const rows = rowsAsObjects(groupbyAnswer('q6'));
    expect(rows[0]).toMatchObject({ id4: 1, id5: 1, median_v3: 20 });
    // v3 = 10, 20, 60: mean 30, sample variance (400 + 100 + 900) / 2 = 700.
    expect(rows[0]!['sd_v3']).toBeCloseTo(Math.sqrt(700), 12);
    expect(rows[1]).toMatchObject({ id4: 2, id5: 1, median_v3: 2 });
    expect(rows[1]!['sd_v3']).toBeCloseTo(Math.SQRT1_2, 12);
    // One row: no standard deviation (NULL, as in SQL).
    expect(rows[2]).toEqual({ id4: 2, id5: 2, median_v3: 99.999999, sd_v3: null });
  });

  it('q7: max v1 - min v2', () => {
    expect(groupbyAnswer('q7').rows).toEqual([
      ['id0000000001', 0],
      ['id0000000002', 4],
      ['id0000000003', -10],
    ]);
  });

  it('q8: the two largest v3 per id6', () => {
    expect(groupbyAnswer('q8').rows).toEqual([
      [7, 20],
      [7, 60],
      [8, 1.5],
      [8, 2.5],
      [9, 99.999999],
    ]);
  });

  it('q9: squared correlation of v1 and v2', () => {
    const rows = rowsAsObjects(groupbyAnswer('q9'));
    // id2 'id001', id4 1: (v1, v2) = (1, 2), (3, 6): perfectly correlated.
    expect(rows[0]).toMatchObject({ id2: 'id001', id4: 1 });
    expect(rows[0]!['r2']).toBeCloseTo(1, 12);
    // id2 'id001', id4 2: (4, 1), (5, 1), (5, 15), worked out below.
    const xs = [4, 5, 5];
    const ys = [1, 1, 15];
    const mx = 14 / 3;
    const my = 17 / 3;
    const sxy = xs.reduce((a, v, i) => a + (v - mx) * (ys[i]! - my), 0);
    const sxx = xs.reduce((a, v) => a + (v - mx) ** 2, 0);
    const syy = ys.reduce((a, v) => a + (v - my) ** 2, 0);
    expect(rows[1]).toMatchObject({ id2: 'id001', id4: 2 });
    expect(rows[1]!['r2']).toBeCloseTo(sxy ** 2 / (sxx * syy), 12);
    // One row: no correlation.
    expect(rows[2]).toMatchObject({ id2: 'id002', id4: 1 });
    expect(rows[2]!['r2']).toBeNull();
  });

  it('q10: sum and count by all ids', () => {
    const r = groupbyAnswer('q10');
    expect(r.rows).toHaveLength(5);
    expect(rowsAsObjects(r)[0]).toMatchObject({ id3: 'id0000000001', id2: 'id001', v3: 10, count: 1 });
    expect(r.rows.reduce((a, row) => a + (row[7] as number), 0)).toBe(6);
  });
});

describe('H2O join questions in Arquero', () => {
  const jx = aq.table({
    id1: Int32Array.from([1, 1, 2, 3]),
    id2: Int32Array.from([10, 20, 20, 40]),
    id3: Int32Array.from([100, 200, 300, 400]),
    id4: ['id1', 'id1', 'id2', 'id3'],
    id5: ['id10', 'id20', 'id20', 'id40'],
    id6: ['id100', 'id200', 'id300', 'id400'],
    v1: Float64Array.from([1, 2, 3, 4]),
  });
  const small = aq.table({
    id1: Int32Array.from([1, 2, 9]),
    id4: ['id1', 'id2', 'id9'],
    v2: Float64Array.from([5, 6, 7]),
  });
  const medium = aq.table({
    id1: Int32Array.from([1, 2, 3]),
    id2: Int32Array.from([10, 20, 30]),
    id4: ['id1', 'id2', 'id3'],
    id5: ['id10', 'id20', 'id30'],
    v2: Float64Array.from([0.5, 0.25, 8]),
  });
  const big = aq.table({
    id1: Int32Array.from([1, 2]),
    id2: Int32Array.from([10, 20]),
    id3: Int32Array.from([100, 300]),
    id4: ['id1', 'id2'],
    id5: ['id10', 'id20'],
    id6: ['id100', 'id300'],
    v2: Float64Array.from([11, 13]),
  });
  const tables = tablesOf({ x: jx, small, medium, big });
  const run = (id: string): ResultSet => {
    const q = H2O_JOIN_ARQUERO[id];
    if (q === undefined) throw new Error(`no arquero ${id}`);
    return toResultSet(q(aq, tables).orderby('id3'));
  };
  const xCols = ['id1', 'id2', 'id3', 'id4', 'id5', 'id6', 'v1'];

  it('answers all five with the SQL columns', () => {
    expect(Object.keys(H2O_JOIN_ARQUERO)).toEqual(H2O_JOIN.map((q) => q.id));
    expect(run('q1').columns).toEqual([...xCols, 'small_id4', 'v2']);
    expect(run('q2').columns).toEqual([...xCols, 'medium_id1', 'medium_id4', 'medium_id5', 'v2']);
    expect(run('q4').columns).toEqual([...xCols, 'medium_id1', 'medium_id2', 'medium_id4', 'v2']);
    expect(run('q5').columns).toEqual([
      ...xCols,
      'big_id1',
      'big_id2',
      'big_id4',
      'big_id5',
      'big_id6',
      'v2',
    ]);
  });

  it('q1: inner join on id1', () => {
    expect(run('q1').rows).toEqual([
      [1, 10, 100, 'id1', 'id10', 'id100', 1, 'id1', 5],
      [1, 20, 200, 'id1', 'id20', 'id200', 2, 'id1', 5],
      [2, 20, 300, 'id2', 'id20', 'id300', 3, 'id2', 6],
    ]);
  });

  it('q2, q3: inner and left join on id2', () => {
    const inner = run('q2');
    expect(inner.rows.map((r) => [r[2], r[7], r[10]])).toEqual([
      [100, 1, 0.5],
      [200, 2, 0.25],
      [300, 2, 0.25],
    ]);
    const left = run('q3');
    expect(left.rows).toHaveLength(4);
    expect(left.rows[3]).toEqual([3, 40, 400, 'id3', 'id40', 'id400', 4, null, null, null, null]);
  });

  it('q4: join on the string id5; q5: join on id3 with big', () => {
    expect(run('q4').rows.map((r) => [r[2], r[8], r[10]])).toEqual([
      [100, 10, 0.5],
      [200, 20, 0.25],
      [300, 20, 0.25],
    ]);
    expect(run('q5').rows.map((r) => [r[2], r[7], r[12]])).toEqual([
      [100, 1, 11],
      [300, 2, 13],
    ]);
  });
});

describe('the questions', () => {
  it('every question names measure columns its SQL produces', () => {
    for (const q of H2O_GROUPBY) for (const m of q.measures) expect(q.sql).toMatch(new RegExp(`AS ${m}\\b`));
    for (const q of H2O_JOIN) expect(q.measures).toEqual(['v1', 'v2']);
  });
});
