import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolvePaths } from './listing.js';

describe('resolvePaths', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flint-list-'));
  mkdirSync(join(dir, 'tbl', 'year=2020'), { recursive: true });
  mkdirSync(join(dir, 'tbl', '_temporary'), { recursive: true });
  writeFileSync(join(dir, 'tbl', 'part-0.csv'), 'a\n');
  writeFileSync(join(dir, 'tbl', 'part-1.csv'), 'b\n');
  writeFileSync(join(dir, 'tbl', '_SUCCESS'), '');
  writeFileSync(join(dir, 'tbl', '.part-0.csv.crc'), '');
  writeFileSync(join(dir, 'tbl', '_temporary', 'x.csv'), '');
  writeFileSync(join(dir, 'tbl', 'year=2020', 'part-2.csv'), 'c\n');

  it('lists a folder’s visible files, skipping _ and . names, recursing into partition folders', async () => {
    const files = await resolvePaths([join(dir, 'tbl')]);
    expect(files.map((f) => f.path.slice(dir.length))).toEqual([
      '/tbl/part-0.csv',
      '/tbl/part-1.csv',
      '/tbl/year=2020/part-2.csv',
    ]);
    expect(files[0]!.size).toBe(2);
  });

  it('accepts a single file, a file: URI and globs', async () => {
    expect((await resolvePaths([join(dir, 'tbl', 'part-1.csv')])).length).toBe(1);
    expect((await resolvePaths([`file:${join(dir, 'tbl', 'part-1.csv')}`])).length).toBe(1);
    const g = await resolvePaths([join(dir, 'tbl', 'part-?.csv')]);
    expect(g.map((f) => f.path.slice(dir.length))).toEqual(['/tbl/part-0.csv', '/tbl/part-1.csv']);
    const star = await resolvePaths([join(dir, '*', '*.csv')]);
    expect(star.length).toBe(2);
  });

  it('throws PATH_NOT_FOUND for a missing path or an empty glob', async () => {
    const missing = join(dir, 'nope');
    await expect(resolvePaths([missing])).rejects.toMatchObject({
      errorClass: 'PATH_NOT_FOUND',
      message: `[PATH_NOT_FOUND] Path does not exist: file:${missing}. SQLSTATE: 42K03`,
    });
    await expect(resolvePaths([join(dir, 'tbl', '*.json')])).rejects.toMatchObject({
      errorClass: 'PATH_NOT_FOUND',
    });
  });
});
