import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { T } from '@flint/common';
import { describe, expect, it, vi } from 'vitest';
import { attr, rowsOf } from '../test-support.js';

vi.mock('../functions/index.js', () => ({
  lookupScalarKernel: () => undefined,
  lookupAggregate: () => undefined,
}));

describe('FileSourceScan', () => {
  it('reads the required data columns of each split and appends partition values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flint-scan-'));
    const a = join(dir, 'part-0.csv');
    const b = join(dir, 'part-1.csv');
    writeFileSync(a, '1,a\n2,b\n');
    writeFileSync(b, '3,c\n');
    const file = (path: string) => ({ path, size: statSync(path).size, modificationTime: 0 });
    const split = (path: string, year: number) => ({
      path,
      start: 0,
      length: statSync(path).size,
      fileSize: statSync(path).size,
      modificationTime: 0,
      partitionValues: [year],
    });
    const dataSchema = T.struct([T.field('id', T.int), T.field('name', T.string)]);
    const partitionSchema = T.struct([T.field('year', T.int)]);
    const rows = await rowsOf({
      kind: 'FileSourceScan',
      output: [attr(3, 'year', T.int), attr(2, 'name', T.string)],
      source: {
        kind: 'Files',
        format: 'csv',
        paths: [dir],
        options: {},
        dataSchema,
        partitionSchema,
        schema: T.struct([...dataSchema.fields, ...partitionSchema.fields]),
        partitions: [
          { values: [2023], files: [file(a)] },
          { values: [2024], files: [file(b)] },
        ],
      },
      requiredSchema: T.struct([T.field('name', T.string)]),
      partitionFilters: [],
      dataFilters: [],
      pushedFilters: [],
      filePartitions: [
        { index: 0, files: [split(a, 2023)] },
        { index: 1, files: [split(b, 2024)] },
      ],
    });
    expect(rows).toEqual([
      [2023, 'a'],
      [2023, 'b'],
      [2024, 'c'],
    ]);
  });
});
