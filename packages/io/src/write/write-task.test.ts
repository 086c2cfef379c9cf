import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Batch, type StructType, T, batchFromRows, batchToRows } from '@flint/common';
import type { OutputWriterFactory } from '../format.js';
import { partFileName, writeTask } from './write-task.js';

/** A tiny line format: one `v1,v2` line per row. */
function lineFactory(opts: { failAfterRows?: number } = {}): OutputWriterFactory & { schemas: StructType[] } {
  const schemas: StructType[] = [];
  let written = 0;
  return {
    extension: '.txt',
    schemas,
    async newWriter(path: string, dataSchema: StructType) {
      schemas.push(dataSchema);
      const fh = await open(path, 'w');
      return {
        async write(batch: Batch) {
          for (const row of batchToRows(batch)) {
            if (opts.failAfterRows !== undefined && written >= opts.failAfterRows)
              throw new Error('disk on fire');
            await fh.write(row.map((v) => String(v)).join(',') + '\n');
            written++;
          }
        },
        async close() {
          await fh.close();
        },
      };
    },
  };
}

async function* batches(...bs: Batch[]): AsyncGenerator<Batch> {
  for (const b of bs) yield b;
}

const JOB = '11111111-2222-3333-4444-555555555555';
const schema = T.struct([T.field('id', T.int), T.field('year', T.int), T.field('name', T.string)]);
const types = schema.fields.map((f) => f.dataType);

function listRel(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listRel(join(dir, e.name), prefix + e.name + '/') : [prefix + e.name]))
    .sort();
}

describe('partFileName', () => {
  it('is Spark’s part-<5-digit task>-<job>.c<3-digit counter><ext>', () => {
    expect(partFileName(3, JOB, 2, '.snappy.parquet')).toBe(`part-00003-${JOB}.c002.snappy.parquet`);
  });
});

describe('writeTask', () => {
  it('writes an unpartitioned task to one file, all columns in schema order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flint-wt-'));
    const f = lineFactory();
    const res = await writeTask(
      batches(
        batchFromRows(types, [
          [1, 2020, 'a'],
          [2, 2021, 'b'],
        ]),
      ),
      {
        stagingDir: dir,
        taskIndex: 7,
        jobId: JOB,
        factory: f,
        schema,
        partitionColumns: [],
        maxRecordsPerFile: 0,
        timeZone: 'UTC',
      },
    );
    const name = `part-00007-${JOB}.c000.txt`;
    expect(res).toEqual({
      files: [{ path: name, partition: '', numRows: 2, numBytes: 18 }],
      partitions: [],
      numRows: 2,
    });
    expect(readFileSync(join(dir, name), 'utf8')).toBe('1,2020,a\n2,2021,b\n');
  });

  it('routes rows to k=v folders without the partition columns, one file counter per folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flint-wt-'));
    const f = lineFactory();
    const res = await writeTask(
      batches(
        batchFromRows(types, [
          [1, 2020, 'a'],
          [2, 2021, 'b/c'],
          [3, 2020, 'c'],
        ]),
        batchFromRows(types, [
          [4, null, 'd'],
          [5, 2021, 'e'],
        ]),
      ),
      {
        stagingDir: dir,
        taskIndex: 0,
        jobId: JOB,
        factory: f,
        schema,
        partitionColumns: ['year'],
        maxRecordsPerFile: 0,
        timeZone: 'UTC',
      },
    );
    expect(res.partitions).toEqual(['year=2020', 'year=2021', 'year=__HIVE_DEFAULT_PARTITION__']);
    expect(res.numRows).toBe(5);
    expect(listRel(dir)).toEqual([
      `year=2020/part-00000-${JOB}.c000.txt`,
      `year=2021/part-00000-${JOB}.c000.txt`,
      `year=__HIVE_DEFAULT_PARTITION__/part-00000-${JOB}.c000.txt`,
    ]);
    expect(readFileSync(join(dir, `year=2020/part-00000-${JOB}.c000.txt`), 'utf8')).toBe('1,a\n3,c\n');
    expect(readFileSync(join(dir, `year=2021/part-00000-${JOB}.c000.txt`), 'utf8')).toBe('2,b/c\n5,e\n');
    expect(f.schemas[0]).toEqual(T.struct([T.field('id', T.int), T.field('name', T.string)]));
    for (const file of res.files) expect(file.numBytes).toBe(statSync(join(dir, file.path)).size);
  });

  it('nests several partition columns in partitionBy order and escapes values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flint-wt-'));
    await writeTask(batches(batchFromRows(types, [[1, 2020, 'x:y']])), {
      stagingDir: dir,
      taskIndex: 1,
      jobId: JOB,
      factory: lineFactory(),
      schema,
      partitionColumns: ['name', 'year'],
      maxRecordsPerFile: 0,
      timeZone: 'UTC',
    });
    expect(listRel(dir)).toEqual([`name=x%3Ay/year=2020/part-00001-${JOB}.c000.txt`]);
  });

  it('rolls to a new file every maxRecordsPerFile rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flint-wt-'));
    const rows = Array.from({ length: 5 }, (_, i) => [i, 2020, 'n' + i]);
    const res = await writeTask(
      batches(batchFromRows(types, rows.slice(0, 3)), batchFromRows(types, rows.slice(3))),
      {
        stagingDir: dir,
        taskIndex: 0,
        jobId: JOB,
        factory: lineFactory(),
        schema,
        partitionColumns: [],
        maxRecordsPerFile: 2,
        timeZone: 'UTC',
      },
    );
    expect(res.files.map((f) => [f.path, f.numRows])).toEqual([
      [`part-00000-${JOB}.c000.txt`, 2],
      [`part-00000-${JOB}.c001.txt`, 2],
      [`part-00000-${JOB}.c002.txt`, 1],
    ]);
  });

  it('writes no file for an empty task, one empty file when asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flint-wt-'));
    const spec = {
      stagingDir: dir,
      taskIndex: 0,
      jobId: JOB,
      factory: lineFactory(),
      schema,
      partitionColumns: [],
      maxRecordsPerFile: 0,
      timeZone: 'UTC',
    };
    expect((await writeTask(batches(), spec)).files).toEqual([]);
    expect(readdirSync(dir)).toEqual([]);
    const res = await writeTask(batches(), { ...spec, writeEmptyFile: true });
    expect(res.files).toEqual([
      { path: `part-00000-${JOB}.c000.txt`, partition: '', numRows: 0, numBytes: 0 },
    ]);
  });

  it('closes the least recently used writer beyond maxOpenWriters and continues with a new file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flint-wt-'));
    await writeTask(
      batches(
        batchFromRows(types, [
          [1, 1, 'a'],
          [2, 2, 'b'],
          [3, 1, 'c'],
        ]),
      ),
      {
        stagingDir: dir,
        taskIndex: 0,
        jobId: JOB,
        factory: lineFactory(),
        schema,
        partitionColumns: ['year'],
        maxRecordsPerFile: 0,
        timeZone: 'UTC',
        maxOpenWriters: 1,
      },
    );
    // One batch is grouped first, so both rows of year=1 go to one file.
    expect(listRel(dir)).toEqual([`year=1/part-00000-${JOB}.c000.txt`, `year=2/part-00000-${JOB}.c000.txt`]);
    const dir2 = mkdtempSync(join(tmpdir(), 'flint-wt-'));
    await writeTask(
      batches(
        batchFromRows(types, [[1, 1, 'a']]),
        batchFromRows(types, [[2, 2, 'b']]),
        batchFromRows(types, [[3, 1, 'c']]),
      ),
      {
        stagingDir: dir2,
        taskIndex: 0,
        jobId: JOB,
        factory: lineFactory(),
        schema,
        partitionColumns: ['year'],
        maxRecordsPerFile: 0,
        timeZone: 'UTC',
        maxOpenWriters: 1,
      },
    );
    expect(listRel(dir2)).toEqual([
      `year=1/part-00000-${JOB}.c000.txt`,
      `year=1/part-00000-${JOB}.c001.txt`,
      `year=2/part-00000-${JOB}.c000.txt`,
    ]);
  });

  it('renders timestamp partition values in the session time zone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flint-wt-'));
    const s = T.struct([T.field('v', T.int), T.field('ts', T.timestamp)]);
    await writeTask(batches(batchFromRows([T.int, T.timestamp], [[1, 1704103200000000n]])), {
      stagingDir: dir,
      taskIndex: 0,
      jobId: JOB,
      factory: lineFactory(),
      schema: s,
      partitionColumns: ['ts'],
      maxRecordsPerFile: 0,
      timeZone: 'America/Los_Angeles',
    });
    expect(listRel(dir)).toEqual([`ts=2024-01-01 02%3A00%3A00/part-00000-${JOB}.c000.txt`]);
  });

  it('propagates a writer failure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flint-wt-'));
    await expect(
      writeTask(
        batches(
          batchFromRows(types, [
            [1, 2020, 'a'],
            [2, 2021, 'b'],
          ]),
        ),
        {
          stagingDir: dir,
          taskIndex: 0,
          jobId: JOB,
          factory: lineFactory({ failAfterRows: 1 }),
          schema,
          partitionColumns: ['year'],
          maxRecordsPerFile: 0,
          timeZone: 'UTC',
        },
      ),
    ).rejects.toThrow('disk on fire');
  });
});
