// The H2O generators: deterministic from the seed, independent of chunking, the right shapes and value
// domains, the join key layout (90% shared keys), and the Parquet cache round trip.

import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Batch } from '@flint/common';
import { parquetFormat, readFiles, inferSchema } from '@flint/io';
import { afterAll, describe, expect, it } from 'vitest';
import { h2oTables } from '../data.js';
import { groupbyBatches, groupbyDatasetName, prettyCount } from './groupby-gen.js';
import {
  type JoinTableName,
  joinBatches,
  joinDatasetName,
  joinLevelKeys,
  joinTableRows,
} from './join-gen.js';
import { permutation } from './random.js';

const N = 10_000;

/** All rows of a generated table as column arrays (strings and numbers). */
function columnsOf(batches: Iterable<Batch>): unknown[][] {
  const cols: unknown[][] = [];
  for (const b of batches) {
    b.columns.forEach((v, c) => {
      const into = (cols[c] ??= []);
      for (let i = 0; i < b.numRows; i++) into.push((v.values as ArrayLike<unknown>)[i]);
    });
  }
  return cols;
}

function groupby(seed: number, chunk = 4096, n = N): unknown[][] {
  return columnsOf(groupbyBatches(n, seed, 0, n, chunk));
}

function joinTable(table: JoinTableName, seed: number, chunk = 4096, n = N): unknown[][] {
  return columnsOf(joinBatches(table, n, seed, 0, joinTableRows(n)[table], chunk));
}

describe('random helpers', () => {
  it('permutation is a bijection of [0, m)', () => {
    for (const m of [1, 2, 3, 10, 11, 97, 1000, 4096, 12_345]) {
      const p = permutation(m, m * 31 + 7);
      const seen = new Uint8Array(m);
      let bijective = true;
      for (let i = 0; i < m; i++) {
        const y = p(i);
        if (!(y >= 0 && y < m && seen[y] === 0)) bijective = false;
        seen[y] = 1;
      }
      expect(bijective, `m = ${m}`).toBe(true);
    }
  });

  it('permutation shuffles (not the identity, depends on the seed)', () => {
    const a = Array.from({ length: 100 }, (_, i) => permutation(100, 1)(i));
    const b = Array.from({ length: 100 }, (_, i) => permutation(100, 2)(i));
    expect(a.filter((y, i) => y === i).length).toBeLessThan(10);
    expect(a).not.toEqual(b);
  });
});

describe('group-by table G1', () => {
  const cols = groupby(108);

  it('is named as in db-benchmark', () => {
    expect(groupbyDatasetName(1e7)).toBe('G1_1e7_1e2_0_0');
    expect(groupbyDatasetName(5e6)).toBe('G1_5e6_1e2_0_0');
    expect(prettyCount(12_345)).toBe('12345');
  });

  it('is deterministic from the seed and independent of chunking', () => {
    const again = groupby(108, 1000);
    for (let c = 0; c < 9; c++) expect(again[c]!.slice(0, 50)).toEqual(cols[c]!.slice(0, 50));
    expect(again[8]).toEqual(cols[8]);
    const other = groupby(109);
    expect(other[8]!.slice(0, 20)).not.toEqual(cols[8]!.slice(0, 20));
    expect(other[0]!.slice(0, 20)).not.toEqual(cols[0]!.slice(0, 20));
  });

  it('generates any row range on its own', () => {
    const tail = columnsOf(groupbyBatches(N, 108, 5000, 5100, 64));
    expect(tail[2]).toEqual(cols[2]!.slice(5000, 5100));
    expect(tail[8]).toEqual(cols[8]!.slice(5000, 5100));
  });

  it('has the shape and value domains of the description', () => {
    expect(cols).toHaveLength(9);
    for (const c of cols) expect(c).toHaveLength(N);
    const [id1, id2, id3, id4, id5, id6, v1, v2, v3] = cols as [
      string[],
      string[],
      string[],
      number[],
      number[],
      number[],
      number[],
      number[],
      number[],
    ];
    const inRange = (xs: number[], lo: number, hi: number): boolean =>
      xs.every((x) => Number.isInteger(x) && x >= lo && x <= hi);
    expect(id1.every((s) => /^id(0\d\d|100)$/.test(s) && s !== 'id000')).toBe(true);
    expect(new Set(id1).size).toBe(100);
    expect(new Set(id2).size).toBe(100);
    // N/K = 100 distinct id3 values, 'id0000000001'..'id0000000100'.
    expect(
      id3.every((s) => /^id\d{10}$/.test(s) && Number(s.slice(2)) >= 1 && Number(s.slice(2)) <= 100),
    ).toBe(true);
    expect(new Set(id3).size).toBe(100);
    expect(inRange(id4, 1, 100) && inRange(id5, 1, 100) && inRange(id6, 1, 100)).toBe(true);
    expect(new Set(id6).size).toBe(100);
    expect(inRange(v1, 1, 5) && new Set(v1).size === 5).toBe(true);
    expect(inRange(v2, 1, 15) && new Set(v2).size === 15).toBe(true);
    expect(v3.every((x) => x >= 0 && x < 100)).toBe(true);
    // At most 6 decimals, as the text of the double shows them.
    expect(v3.every((x) => !/\.\d{7,}/.test(String(x)))).toBe(true);
    const mean = v3.reduce((a, x) => a + x, 0) / N;
    expect(mean).toBeGreaterThan(48);
    expect(mean).toBeLessThan(52);
  });

  it('id3 has about N/K distinct values at a larger N', () => {
    const n = 200_000;
    const id3 = columnsOf(groupbyBatches(n, 108, 0, n, 65536))[2] as string[];
    // 2000 groups drawn 200000 times: all of them appear.
    expect(new Set(id3).size).toBe(2000);
  });
});

describe('join tables J1', () => {
  const [n1, n2, n3] = joinLevelKeys(N);
  const x = joinTable('x', 108);
  const small = joinTable('small', 108);
  const medium = joinTable('medium', 108);
  const big = joinTable('big', 108);

  it('are named and sized as in db-benchmark (small levels rounded up to 10 keys)', () => {
    expect(joinDatasetName(1e7)).toBe('J1_1e7_NA_0_0');
    expect(joinLevelKeys(1e7)).toEqual([10, 10_000, 1e7]);
    expect([n1, n2, n3]).toEqual([10, 10, N]);
    expect(x[0]).toHaveLength(N);
    expect(small[0]).toHaveLength(n1);
    expect(medium[0]).toHaveLength(n2);
    expect(big[0]).toHaveLength(N);
    expect([x.length, small.length, medium.length, big.length]).toEqual([7, 3, 5, 7]);
  });

  it('derive the string ids from the integer ids', () => {
    for (let i = 0; i < 100; i++) {
      expect(x[3]![i]).toBe(`id${String(x[0]![i])}`);
      expect(x[5]![i]).toBe(`id${String(x[2]![i])}`);
      expect(big[4]![i]).toBe(`id${String(big[1]![i])}`);
    }
    expect(small[1]!.every((s, i) => s === `id${String(small[0]![i])}`)).toBe(true);
  });

  it('share 90% of keys: 10% only on the left, 10% only on the right', () => {
    const leftKeys = new Set(x[2] as number[]);
    const rightKeys = new Set(big[2] as number[]);
    // id3 is a permutation of the side's N keys in both tables.
    expect(leftKeys.size).toBe(N);
    expect(rightKeys.size).toBe(N);
    const shared = [...leftKeys].filter((k) => rightKeys.has(k)).length;
    expect(shared).toBe(0.9 * N);
    const all = new Set([...leftKeys, ...rightKeys]);
    expect(Math.min(...all)).toBe(1);
    expect(Math.max(...all)).toBe(1.1 * N);
    // Level 1: x uses all 10 left keys, small holds the 10 right keys once each, 9 in common.
    const left1 = new Set(x[0] as number[]);
    const right1 = new Set(small[0] as number[]);
    expect(left1.size).toBe(10);
    expect(right1.size).toBe(10);
    expect([...left1].filter((k) => right1.has(k)).length).toBe(9);
    // medium's id2 is unique (a join on it keeps x's row count for shared keys).
    expect(new Set(medium[1] as number[]).size).toBe(n2);
  });

  it('are deterministic from the seed and independent of chunking', () => {
    expect(joinTable('big', 108, 333)).toEqual(big);
    expect(joinTable('x', 7)[2]!.slice(0, 20)).not.toEqual(x[2]!.slice(0, 20));
    const v1 = x[6] as number[];
    expect(v1.every((v) => v >= 0 && v < 100 && !/\.\d{7,}/.test(String(v)))).toBe(true);
  });
});

describe('h2oTables', () => {
  let dir = '';
  afterAll(async () => {
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('writes the tables to Parquet once and reuses them', async () => {
    dir = await mkdtemp(join(tmpdir(), 'flint-h2o-'));
    const logs: string[] = [];
    const tables = await h2oTables('groupby', 5000, { cacheDir: dir, log: (m) => logs.push(m) });
    expect(tables.map((t) => t.name)).toEqual(['x']);
    const file = tables[0]!.files[0]!;
    expect(file).toBe(join(dir, 'h2o', 'G1_5e3_1e2_0_0', 'x', 'part-00000.parquet'));
    const schema = await inferSchema(parquetFormat, [file], {});
    expect(schema.fields.map((f) => `${f.name}:${f.dataType.kind}`)).toEqual([
      'id1:string',
      'id2:string',
      'id3:string',
      'id4:integer',
      'id5:integer',
      'id6:integer',
      'v1:integer',
      'v2:integer',
      'v3:double',
    ]);
    let rows = 0;
    let sumV3 = 0;
    for await (const b of readFiles(parquetFormat, [file], schema, {})) {
      rows += b.numRows;
      const v3 = b.columns[8]!.values as Float64Array;
      for (let i = 0; i < b.numRows; i++) sumV3 += v3[i]!;
    }
    expect(rows).toBe(5000);
    const expected = groupby(108, 4096, 5000)[8] as number[];
    expect(sumV3).toBeCloseTo(
      expected.reduce((a, v) => a + v, 0),
      6,
    );
    expect(logs).toHaveLength(1);

    const before = (await stat(file)).mtimeMs;
    const again = await h2oTables('groupby', 5000, { cacheDir: dir, log: (m) => logs.push(m) });
    expect(again).toEqual(tables);
    expect(logs).toHaveLength(1);
    expect((await stat(file)).mtimeMs).toBe(before);
    expect(await readFile(join(dir, 'h2o', 'G1_5e3_1e2_0_0', '.flint-h2o-version'), 'utf8')).toMatch(
      /h2o-gen/,
    );

    const other = await h2oTables('groupby', 5000, { cacheDir: dir, seed: 1 });
    expect(other[0]!.files[0]).toContain('G1_5e3_1e2_0_0_seed1');
  }, 60_000);

  it('names the four join tables', async () => {
    const tables = await h2oTables('join', 1000, { cacheDir: dir });
    expect(tables.map((t) => t.name)).toEqual(['x', 'small', 'medium', 'big']);
    for (const t of tables) expect(t.files).toHaveLength(1);
  }, 60_000);
});
