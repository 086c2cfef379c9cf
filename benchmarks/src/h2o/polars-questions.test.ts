// Checks the Polars versions of the H2O group-by and join questions on tiny tables whose answers are
// worked out by hand (rows sorted here, since the questions leave their order open).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pl from 'nodejs-polars';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapter } from '../engines/polars.js';
import type { Cell, EngineSession, ResultSet, SuiteName, SuiteTable } from '../runner/types.js';

const dir = mkdtempSync(join(tmpdir(), 'flint-polars-h2o-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Writes a frame as a suite table: `<dir>/<name>.parquet`, or with `parts` > 1 that many files of
 * consecutive rows (`<name>-<i>.parquet`), as the generators write large tables.
 */
function writeTable(
  name: string,
  columns: Record<string, unknown[]>,
  dtypes: Record<string, pl.DataType> = {},
  parts = 1,
): SuiteTable {
  let frame = pl.DataFrame(columns);
  for (const [column, dtype] of Object.entries(dtypes)) frame = frame.withColumn(pl.col(column).cast(dtype));
  if (parts === 1) {
    const file = join(dir, `${name}.parquet`);
    frame.writeParquet(file);
    return { name, files: [file] };
  }
  const size = Math.ceil(frame.height / parts);
  const files = Array.from({ length: parts }, (_, i) => {
    const file = join(dir, `${name}-${i}.parquet`);
    frame.slice(i * size, size).writeParquet(file);
    return file;
  });
  return { name, files };
}

/** Sorts rows by their cells' text so that unordered answers compare; numbers rounded to 9 digits. */
function sortedRows(result: ResultSet): Cell[][] {
  const rounded = result.rows.map((row) =>
    row.map((cell) => (typeof cell === 'number' && !Number.isInteger(cell) ? Number(cell.toFixed(9)) : cell)),
  );
  return rounded.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

async function run(session: EngineSession, id: string): Promise<ResultSet> {
  const query = session.query(id);
  if (!query) throw new Error(`no ${id}`);
  return (await query()).toResultSet();
}

async function openSession(
  suite: SuiteName,
  tables: SuiteTable[],
  mode: 'memory' | 'parquet',
): Promise<EngineSession> {
  const session = await adapter.open({ suite, tables, mode, threads: 2 });
  await session.load();
  return session;
}

describe('polars H2O group-by questions', () => {
  // Six rows: a, b, c, d, e, f.
  const x = (): SuiteTable =>
    writeTable(
      'x',
      {
        id1: ['id001', 'id001', 'id002', 'id002', 'id001', 'id002'],
        id2: ['id001', 'id002', 'id001', 'id002', 'id001', 'id001'],
        id3: ['id0000000001', 'id0000000002', 'id0000000001', 'id0000000002', 'id0000000001', 'id0000000003'],
        id4: [1, 1, 2, 2, 1, 2],
        id5: [1, 2, 1, 2, 1, 1],
        id6: [1, 2, 1, 2, 1, 3],
        v1: [1, 2, 3, 4, 5, 2],
        v2: [10, 5, 7, 1, 3, 15],
        v3: [1.5, 2.5, 4.0, 8.0, 0.5, 6.0],
      },
      { id4: pl.Int32, id5: pl.Int32, id6: pl.Int32, v1: pl.Int32, v2: pl.Int32 },
      2,
    );
  let session: EngineSession;
  let scanning: EngineSession;
  beforeAll(async () => {
    const table = x();
    session = await openSession('h2o-groupby', [table], 'memory');
    scanning = await openSession('h2o-groupby', [table], 'parquet');
  });
  afterAll(async () => {
    await session?.close();
    await scanning?.close();
  });

  it('reads a table written as two files, in both modes', async () => {
    for (const s of [session, scanning]) {
      const r = await run(s, 'q10');
      expect(r.rows.reduce((total, row) => total + (row[7] as number), 0)).toBe(6);
    }
    expect(sortedRows(await run(scanning, 'q1'))).toEqual([
      ['id001', 8],
      ['id002', 9],
    ]);
  });

  it('q1 sums v1 by id1', async () => {
    const r = await run(session, 'q1');
    expect(r.columns).toEqual(['id1', 'v1']);
    expect(sortedRows(r)).toEqual([
      ['id001', 8],
      ['id002', 9],
    ]);
  });

  it('q2 sums v1 by id1, id2', async () => {
    const r = await run(session, 'q2');
    expect(r.columns).toEqual(['id1', 'id2', 'v1']);
    expect(sortedRows(r)).toEqual([
      ['id001', 'id001', 6],
      ['id001', 'id002', 2],
      ['id002', 'id001', 5],
      ['id002', 'id002', 4],
    ]);
  });

  it('q3 sums v1 and averages v3 by id3', async () => {
    const r = await run(session, 'q3');
    expect(r.columns).toEqual(['id3', 'v1', 'v3']);
    expect(sortedRows(r)).toEqual([
      ['id0000000001', 9, 2],
      ['id0000000002', 6, 5.25],
      ['id0000000003', 2, 6],
    ]);
  });

  it('q4 averages v1, v2, v3 by id4', async () => {
    const r = await run(session, 'q4');
    expect(r.columns).toEqual(['id4', 'v1', 'v2', 'v3']);
    expect(sortedRows(r)).toEqual([
      [1, Number((8 / 3).toFixed(9)), 6, 1.5],
      [2, 3, Number((23 / 3).toFixed(9)), 6],
    ]);
  });

  it('q5 sums v1, v2, v3 by id6', async () => {
    const r = await run(session, 'q5');
    expect(r.columns).toEqual(['id6', 'v1', 'v2', 'v3']);
    expect(sortedRows(r)).toEqual([
      [1, 9, 20, 6],
      [2, 6, 6, 10.5],
      [3, 2, 15, 6],
    ]);
  });

  it('q6 takes the median and sample standard deviation of v3 by id4, id5 (NULL for one row)', async () => {
    const r = await run(session, 'q6');
    expect(r.columns).toEqual(['id4', 'id5', 'median_v3', 'sd_v3']);
    expect(sortedRows(r)).toEqual([
      [1, 1, 1, Number(Math.SQRT1_2.toFixed(9))],
      [1, 2, 2.5, null],
      [2, 1, 5, Number(Math.SQRT2.toFixed(9))],
      [2, 2, 8, null],
    ]);
  });

  it('q7 takes max v1 - min v2 by id3', async () => {
    const r = await run(session, 'q7');
    expect(r.columns).toEqual(['id3', 'range_v1_v2']);
    expect(sortedRows(r)).toEqual([
      ['id0000000001', 2],
      ['id0000000002', 3],
      ['id0000000003', -13],
    ]);
  });

  it('q8 keeps the two largest v3 of each id6', async () => {
    const r = await run(session, 'q8');
    expect(r.columns).toEqual(['id6', 'largest2_v3']);
    expect(sortedRows(r)).toEqual([
      [1, 1.5],
      [1, 4],
      [2, 2.5],
      [2, 8],
      [3, 6],
    ]);
  });

  it('q9 squares the correlation of v1 and v2 by id2, id4 (NULL for one row)', async () => {
    const r = await run(session, 'q9');
    expect(r.columns).toEqual(['id2', 'id4', 'r2']);
    expect(sortedRows(r)).toEqual([
      ['id001', 1, 1],
      ['id001', 2, 1],
      ['id002', 1, null],
      ['id002', 2, null],
    ]);
  });

  it('q10 sums v3 and counts by all six ids', async () => {
    const r = await run(session, 'q10');
    expect(r.columns).toEqual(['id1', 'id2', 'id3', 'id4', 'id5', 'id6', 'v3', 'count']);
    expect(sortedRows(r)).toEqual([
      ['id001', 'id001', 'id0000000001', 1, 1, 1, 2, 2],
      ['id001', 'id002', 'id0000000002', 1, 2, 2, 2.5, 1],
      ['id002', 'id001', 'id0000000001', 2, 1, 1, 4, 1],
      ['id002', 'id001', 'id0000000003', 2, 1, 3, 6, 1],
      ['id002', 'id002', 'id0000000002', 2, 2, 2, 8, 1],
    ]);
  });

  it('has no q11', () => {
    expect(session.query('q11')).toBeUndefined();
  });
});

describe('polars H2O join questions', () => {
  let memory: EngineSession;
  let parquet: EngineSession;
  beforeAll(async () => {
    const tables = [
      writeTable('jx', {
        id1: [1, 2, 3],
        id2: [1, 2, 3],
        id3: [1, 2, 3],
        id4: ['id1', 'id2', 'id3'],
        id5: ['id1', 'id2', 'id3'],
        id6: ['id1', 'id2', 'id3'],
        v1: [0.5, 1.5, 2.5],
      }),
      writeTable('small', { id1: [1, 2, 4], id4: ['id1', 'id2', 'id4'], v2: [10.5, 20.5, 40.5] }),
      writeTable('medium', {
        id1: [1, 2, 5],
        id2: [1, 2, 5],
        id4: ['id1', 'id2', 'id5'],
        id5: ['id1', 'id2', 'id5'],
        v2: [100.5, 200.5, 500.5],
      }),
      writeTable('big', {
        id1: [1, 3, 6],
        id2: [1, 3, 6],
        id3: [1, 3, 6],
        id4: ['id1', 'id3', 'id6'],
        id5: ['id1', 'id3', 'id6'],
        id6: ['id1', 'id3', 'id6'],
        v2: [1000.5, 3000.5, 6000.5],
      }),
    ].map((table) => (table.name === 'jx' ? { ...table, name: 'x' } : table));
    memory = await openSession('h2o-join', tables, 'memory');
    parquet = await openSession('h2o-join', tables, 'parquet');
  });
  afterAll(async () => {
    await memory?.close();
    await parquet?.close();
  });

  const xColumns = ['id1', 'id2', 'id3', 'id4', 'id5', 'id6', 'v1'];
  const x1 = [1, 1, 1, 'id1', 'id1', 'id1', 0.5];
  const x2 = [2, 2, 2, 'id2', 'id2', 'id2', 1.5];
  const x3 = [3, 3, 3, 'id3', 'id3', 'id3', 2.5];

  it.each(['memory', 'parquet'] as const)('q1 joins small on id1 (%s)', async (mode) => {
    const r = await run(mode === 'memory' ? memory : parquet, 'q1');
    expect(r.columns).toEqual([...xColumns, 'small_id4', 'v2']);
    expect(sortedRows(r)).toEqual([
      [...x1, 'id1', 10.5],
      [...x2, 'id2', 20.5],
    ]);
  });

  it('q2 joins medium on id2', async () => {
    const r = await run(memory, 'q2');
    expect(r.columns).toEqual([...xColumns, 'medium_id1', 'medium_id4', 'medium_id5', 'v2']);
    expect(sortedRows(r)).toEqual([
      [...x1, 1, 'id1', 'id1', 100.5],
      [...x2, 2, 'id2', 'id2', 200.5],
    ]);
  });

  it('q3 left-joins medium on id2, keeping unmatched rows of x with NULLs', async () => {
    const r = await run(memory, 'q3');
    expect(r.columns).toEqual([...xColumns, 'medium_id1', 'medium_id4', 'medium_id5', 'v2']);
    expect(sortedRows(r)).toEqual([
      [...x1, 1, 'id1', 'id1', 100.5],
      [...x2, 2, 'id2', 'id2', 200.5],
      [...x3, null, null, null, null],
    ]);
  });

  it('q4 joins medium on the string id5', async () => {
    const r = await run(memory, 'q4');
    expect(r.columns).toEqual([...xColumns, 'medium_id1', 'medium_id2', 'medium_id4', 'v2']);
    expect(sortedRows(r)).toEqual([
      [...x1, 1, 1, 'id1', 100.5],
      [...x2, 2, 2, 'id2', 200.5],
    ]);
  });

  it('q5 joins big on id3', async () => {
    const r = await run(memory, 'q5');
    expect(r.columns).toEqual([...xColumns, 'big_id1', 'big_id2', 'big_id4', 'big_id5', 'big_id6', 'v2']);
    expect(sortedRows(r)).toEqual([
      [...x1, 1, 1, 'id1', 'id1', 'id1', 1000.5],
      [...x3, 3, 3, 'id3', 'id3', 'id3', 3000.5],
    ]);
  });
});
