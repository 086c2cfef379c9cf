// The JSON Lines scanner finds the same lines per byte range as text/line-reader's scanLines (Hadoop's
// LineRecordReader rule, which Spark's JSON Lines source follows), across chunk edges.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTINUE, type LineRange, scanLines } from '../text/line-reader.js';
import { scanJsonLines } from './json-line-scanner.js';

const dir = mkdtempSync(join(tmpdir(), 'flint-json-lines-'));
let n = 0;
function file(text: string): string {
  const path = join(dir, `f${n++}.json`);
  writeFileSync(path, text);
  return path;
}

async function lines(
  scan: typeof scanLines,
  path: string,
  range: LineRange | null,
  sep: string | null,
  chunk: number,
): Promise<string[]> {
  const out: string[] = [];
  const sepBytes = sep === null ? null : new TextEncoder().encode(sep);
  const visit = (buf: Uint8Array, s: number, e: number): number => {
    out.push(Buffer.from(buf.subarray(s, e)).toString('latin1'));
    return CONTINUE;
  };
  for await (const _ of scan(path, range, sepBytes, visit, chunk)) {
    // scanning
  }
  return out;
}

describe('scanJsonLines', () => {
  it('reads \\n, \\r\\n and \\r lines and owns the lines starting in its range', async () => {
    const path = file('{"a":1}\r\n{"a":2}\n{"a":3}\r{"a":4}');
    expect(await lines(scanJsonLines, path, null, null, 1 << 16)).toEqual([
      '{"a":1}',
      '{"a":2}',
      '{"a":3}',
      '{"a":4}',
    ]);
    // A range [3, 9] skips its first partial line and reads the line starting at 9 whole.
    expect(await lines(scanJsonLines, path, { start: 3, end: 9 }, null, 1 << 16)).toEqual(['{"a":2}']);
  });
  it('matches scanLines for every split, separator and chunk size', async () => {
    let seed = 7;
    const rand = (k: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % k;
    };
    const pieces = ['{"a": 1}', '', 'xyz', '{"b": "\u00e9\u4e2d"}', '[1,2]', '  '];
    for (const sep of [null, '\n', '||', '\r\n']) {
      for (let t = 0; t < 4; t++) {
        const seps = sep === null ? ['\n', '\r\n', '\r'] : [sep];
        let text = '';
        for (let i = 0; i < 40; i++) text += pieces[rand(pieces.length)]! + seps[rand(seps.length)]!;
        if (rand(2) === 0) text += pieces[rand(pieces.length)]!;
        const path = file(text);
        const size = Buffer.byteLength(text);
        for (const chunk of [1, 3, 7, 64]) {
          for (const split of [size, 17, 50]) {
            const want: string[] = [];
            const got: string[] = [];
            for (let start = 0; start < size; start += split) {
              const range = { start, end: Math.min(start + split, size) };
              want.push(...(await lines(scanLines, path, range, sep, chunk)));
              got.push(...(await lines(scanJsonLines, path, range, sep, chunk)));
            }
            expect(got).toEqual(want);
          }
        }
      }
    }
  });
});
