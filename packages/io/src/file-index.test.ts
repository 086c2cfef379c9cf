import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { T } from '@flint/common';
import { listFileIndex } from './file-index.js';

function table(): string {
  const dir = mkdtempSync(join(tmpdir(), 'flint-fi-'));
  for (const [y, m] of [
    ['2023', '1'],
    ['2024', '1'],
    ['2024', '2'],
  ] as const) {
    mkdirSync(join(dir, 't', `year=${y}`, `month=${m}`), { recursive: true });
    writeFileSync(join(dir, 't', `year=${y}`, `month=${m}`, 'part-0.csv'), `${y}${m}\n`);
  }
  writeFileSync(join(dir, 't', 'year=2024', 'month=2', 'extra.json'), '{}\n');
  writeFileSync(join(dir, 't', 'year=2024', 'month=2', 'empty.csv'), '');
  writeFileSync(join(dir, 't', '_SUCCESS'), '');
  return dir;
}

const settings = { timeZone: 'UTC' };
const rel = (dir: string, p: string): string => p.slice(dir.length + 1);

describe('listFileIndex', () => {
  it('discovers partitions under a folder and leaves empty files out of the scan', async () => {
    const dir = table();
    const idx = await listFileIndex([join(dir, 't')], {}, settings);
    expect(idx.rootPaths).toEqual([join(dir, 't')]);
    expect(idx.partitionSchema).toEqual(T.struct([T.field('year', T.int), T.field('month', T.int)]));
    expect(idx.partitions.map((p) => [p.values, p.files.map((f) => rel(dir, f.path))])).toEqual([
      [[2023, 1], ['t/year=2023/month=1/part-0.csv']],
      [[2024, 1], ['t/year=2024/month=1/part-0.csv']],
      [
        [2024, 2],
        ['t/year=2024/month=2/extra.json', 't/year=2024/month=2/part-0.csv'],
      ],
    ]);
    expect(idx.allFiles.length).toBe(5);
  });

  it('infers relative to the given folders or a glob’s matches, unless basePath is given', async () => {
    const dir = table();
    const globbed = await listFileIndex([join(dir, 't', 'year=2024')], {}, settings);
    expect(globbed.partitionSchema).toEqual(T.struct([T.field('month', T.int)]));
    // Each matched folder is its own base: two bases holding partition folders is Spark's classic error.
    await expect(listFileIndex([join(dir, 't', 'year=*')], {}, settings)).rejects.toThrow(
      '[CONFLICTING_DIRECTORY_STRUCTURES] Conflicting directory structures detected.',
    );
    const g2 = await listFileIndex([join(dir, 't', 'year=*', 'month=*')], {}, settings);
    expect(g2.rootPaths.map((p) => rel(dir, p))).toEqual([
      't/year=2023/month=1',
      't/year=2024/month=1',
      't/year=2024/month=2',
    ]);
    expect(g2.partitionSchema.fields).toEqual([]);
    const based = await listFileIndex([join(dir, 't', 'year=*')], { basePath: join(dir, 't') }, settings);
    expect(based.partitionSchema).toEqual(T.struct([T.field('year', T.int), T.field('month', T.int)]));
    await expect(
      listFileIndex([join(dir, 't')], { basePath: join(dir, 't', 'year=2024') }, settings),
    ).rejects.toThrow('Wrong basePath');
    await expect(listFileIndex([join(dir, 't')], { basePath: join(dir, 'nope') }, settings)).rejects.toThrow(
      "Option 'basePath' must be a directory",
    );
  });

  it('pathGlobFilter filters file names; recursiveFileLookup turns partition discovery off', async () => {
    const dir = table();
    const csv = await listFileIndex([join(dir, 't')], { pathGlobFilter: '*.csv' }, settings);
    expect(csv.allFiles.map((f) => rel(dir, f.path))).toEqual([
      't/year=2023/month=1/part-0.csv',
      't/year=2024/month=1/part-0.csv',
      't/year=2024/month=2/empty.csv',
      't/year=2024/month=2/part-0.csv',
    ]);
    const rec = await listFileIndex([join(dir, 't')], { recursiveFileLookup: 'true' }, settings);
    expect(rec.partitionSchema.fields).toEqual([]);
    expect(rec.partitions.length).toBe(1);
    expect(rec.partitions[0]!.files.length).toBe(4);
  });

  it('modifiedBefore / modifiedAfter compare file times in the session zone', async () => {
    const dir = table();
    const old = join(dir, 't', 'year=2023', 'month=1', 'part-0.csv');
    utimesSync(old, new Date('2020-01-01T00:00:00Z'), new Date('2020-01-01T00:00:00Z'));
    const after = await listFileIndex([join(dir, 't')], { modifiedAfter: '2021-01-01T00:00:00' }, settings);
    expect(after.allFiles.some((f) => f.path === old)).toBe(false);
    const before = await listFileIndex([join(dir, 't')], { modifiedBefore: '2021-01-01T00:00:00' }, settings);
    expect(before.allFiles.map((f) => f.path)).toEqual([old]);
  });

  it('throws PATH_NOT_FOUND for a missing path', async () => {
    await expect(listFileIndex(['/definitely/not/here'], {}, settings)).rejects.toThrow(
      '[PATH_NOT_FOUND] Path does not exist: file:/definitely/not/here. SQLSTATE: 42K03',
    );
  });
});
