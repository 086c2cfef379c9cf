// Tests of the shared Flint engine helpers: memory mode really serves queries from the cache, and rows
// become plain cells (decimals and bigints as numbers, dates as YYYY-MM-DD).

import { copyFileSync, existsSync, mkdtempSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDir } from '../runner/paths.js';
import { cacheFlintTables, openFlint, toResultSet } from './flint-common.js';

const nation = path.join(sharedDir(), 'tpch', 'sf0.1', 'nation.parquet');

describe.skipIf(!existsSync(nation))('flint-common', () => {
  it('memory mode answers from the cache after the file is gone', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'flint-cache-'));
    const file = path.join(dir, 'nation.parquet');
    copyFileSync(nation, file);
    const handle = await openFlint({
      suite: 'tpch',
      tables: [{ name: 'nation', files: [file] }],
      mode: 'memory',
      threads: 1,
    });
    try {
      await cacheFlintTables(handle);
      renameSync(file, file + '.moved');
      const rs = await toResultSet(
        await handle.spark.sql(
          "SELECT n_regionkey, count(*) AS n, CAST(sum(n_nationkey) AS decimal(10,2)) AS s, CAST('1995-03-05' AS date) AS d FROM nation GROUP BY n_regionkey ORDER BY n_regionkey",
        ),
      );
      expect(rs.columns).toEqual(['n_regionkey', 'n', 's', 'd']);
      expect(rs.rows).toHaveLength(5);
      expect(rs.rows[0]).toEqual([0, 5, 50, '1995-03-05']);
    } finally {
      handle.spark.stop();
    }
  });
});
