import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Batch, T, batchFromRows, batchToRows, splitFile } from '@flint/common';
import { csvFormat } from '../csv/csv-format.js';
import { listFileIndex } from '../file-index.js';
import type { FileFormat } from '../format.js';
import { parquetFormat } from '../parquet/parquet-format.js';
import { commitJob, setupJob } from './commit-protocol.js';
import { writeTask } from './write-task.js';

async function* one(b: Batch): AsyncGenerator<Batch> {
  yield b;
}

const schema = T.struct([T.field('id', T.int), T.field('name', T.string), T.field('year', T.int)]);
const dataSchema = T.struct([T.field('id', T.int), T.field('name', T.string)]);

async function roundTrip(format: FileFormat, options: Record<string, string>): Promise<unknown[][]> {
  const out = join(mkdtempSync(join(tmpdir(), 'flint-rt-')), 'out');
  const job = (await setupJob(out, 'errorifexists'))!;
  const rows = [
    [1, 'a', 2023],
    [2, 'b', 2024],
    [3, null, 2024],
  ];
  const res = await writeTask(one(batchFromRows([T.int, T.string, T.int], rows)), {
    stagingDir: job.stagingDir,
    taskIndex: 0,
    jobId: job.jobId,
    factory: format.prepareWrite(dataSchema, options),
    schema,
    partitionColumns: ['year'],
    maxRecordsPerFile: 0,
    timeZone: 'UTC',
  });
  await commitJob(job, [res]);
  const idx = await listFileIndex([out], options, { timeZone: 'UTC' });
  expect(idx.partitionSchema).toEqual(T.struct([T.field('year', T.int)]));
  const got: unknown[][] = [];
  for (const p of idx.partitions)
    for (const f of p.files)
      for (const split of splitFile(f, p.values, 1 << 30, false))
        for await (const b of format.readSplit(split, dataSchema, undefined, { dataSchema, options }))
          for (const r of batchToRows(b)) got.push([...r, ...split.partitionValues]);
  return got;
}

describe('writeTask + commitJob + listFileIndex with real formats', () => {
  it('round-trips a partitioned Parquet write', async () => {
    expect(await roundTrip(parquetFormat, {})).toEqual([
      [1, 'a', 2023],
      [2, 'b', 2024],
      [3, null, 2024],
    ]);
  });
  it('round-trips a partitioned CSV write', async () => {
    expect(await roundTrip(csvFormat, {})).toEqual([
      [1, 'a', 2023],
      [2, 'b', 2024],
      [3, null, 2024],
    ]);
  });
});
