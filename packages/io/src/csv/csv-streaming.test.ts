import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { T, splitFile } from '@flint/common';
import { describe, expect, it } from 'vitest';
import { csvFormat } from './csv-format.js';

describe('csv streaming', () => {
  it('reads a ~50 MB file with heap use far below the file size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flint-csv-big-'));
    const path = join(dir, 'big.csv');
    const fd = openSync(path, 'w');
    writeSync(fd, 'id,x,y\n');
    let rows = 0;
    let expectedSum = 0;
    const target = 50 * 1024 * 1024;
    let written = 0;
    while (written < target) {
      const parts: string[] = [];
      for (let i = 0; i < 20000; i++, rows++) {
        parts.push(`${rows},${rows % 1000}.25,${(rows * 7) % 100000}`);
        expectedSum += rows % 1000;
      }
      const chunk = parts.join('\n') + '\n';
      writeSync(fd, chunk);
      written += chunk.length;
    }
    closeSync(fd);
    const size = statSync(path).size;
    const schema = T.struct([T.field('id', T.long), T.field('x', T.double), T.field('y', T.int)]);
    const opts = { header: 'true' };
    global.gc?.();
    const base = process.memoryUsage().heapUsed;
    let peak = 0;
    let count = 0;
    let sum = 0;
    const [split] = splitFile({ path, size, modificationTime: 0 }, [], size, true);
    for await (const b of csvFormat.readSplit(split!, T.struct([T.field('x', T.double)]), undefined, {
      dataSchema: schema,
      options: opts,
    })) {
      const xs = b.columns[0]!.values as Float64Array;
      for (let i = 0; i < b.numRows; i++) sum += xs[i]! - 0.25;
      count += b.numRows;
      peak = Math.max(peak, process.memoryUsage().heapUsed - base);
    }
    rmSync(dir, { recursive: true });
    expect(count).toBe(rows);
    expect(sum).toBe(expectedSum);
    // Streaming: the heap never holds anything near the whole file.
    expect(peak).toBeLessThan(size / 4);
  });
});
