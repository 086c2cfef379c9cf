import { mkdtempSync, writeFileSync } from 'node:fs';
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
  it('reads a CSV file projected to the required columns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flint-scan-'));
    writeFileSync(join(dir, 'part-0.csv'), '1,a\n2,b\n');
    const schema = T.struct([T.field('id', T.int), T.field('name', T.string)]);
    const name = attr(2, 'name', T.string);
    const rows = await rowsOf({
      kind: 'FileSourceScan',
      output: [name],
      source: { kind: 'Files', format: 'csv', paths: [dir], schema, options: {} },
      requiredSchema: T.struct([T.field('name', T.string)]),
      pushedFilters: [],
    });
    expect(rows).toEqual([['a'], ['b']]);
  });
});
