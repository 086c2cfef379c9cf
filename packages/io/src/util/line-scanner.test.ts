// The line scanner finds the lines a byte range owns by Hadoop's LineRecordReader rule (which Spark's
// text and JSON Lines sources follow), the same across chunk edges, separators and gzip input.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CONTINUE, type LineRange, STOP, scanLines } from './line-scanner.js';

const dir = mkdtempSync(join(tmpdir(), 'flint-lines-'));
let n = 0;
function file(text: string | Uint8Array, ext = 'json'): string {
  const path = join(dir, `f${n++}.${ext}`);
  writeFileSync(path, text);
  return path;
}

async function lines(
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
  for await (const _ of scanLines(path, range, sepBytes, visit, chunk)) {
    // scanning
  }
  return out;
}

/** The rule on the whole file at once: skip the first line of a range after 0, read lines starting <= end. */
function reference(bytes: Buffer, range: LineRange, sep: string | null): string[] {
  const size = bytes.length;
  const lineEnd = (p: number): [number, number] => {
    if (sep !== null) {
      const i = bytes.indexOf(sep, p, 'latin1');
      return i < 0 ? [size, size] : [i, i + Buffer.byteLength(sep)];
    }
    for (let e = p; e < size; e++) {
      if (bytes[e] === 0x0a) return [e, e + 1];
      if (bytes[e] === 0x0d) return [e, bytes[e + 1] === 0x0a ? e + 2 : e + 1];
    }
    return [size, size];
  };
  const out: string[] = [];
  let pos = range.start > 0 ? lineEnd(range.start)[1] : 0;
  while (pos < size && pos <= range.end) {
    const [e, next] = lineEnd(pos);
    out.push(bytes.subarray(pos, e).toString('latin1'));
    pos = next;
  }
  return out;
}

describe('scanLines', () => {
  it('reads \\n, \\r\\n and \\r lines and owns the lines starting in its range', async () => {
    const path = file('{"a":1}\r\n{"a":2}\n{"a":3}\r{"a":4}');
    expect(await lines(path, null, null, 1 << 16)).toEqual(['{"a":1}', '{"a":2}', '{"a":3}', '{"a":4}']);
    // A range [3, 9] skips its first partial line and reads the line starting at 9 whole.
    expect(await lines(path, { start: 3, end: 9 }, null, 1 << 16)).toEqual(['{"a":2}']);
  });
  it('matches the rule for every split, separator and chunk size', async () => {
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
        const bytes = Buffer.from(text);
        const size = bytes.length;
        for (const chunk of [1, 3, 7, 64]) {
          for (const split of [size, 17, 50]) {
            const want: string[] = [];
            const got: string[] = [];
            for (let start = 0; start < size; start += split) {
              const range = { start, end: Math.min(start + split, size) };
              want.push(...reference(bytes, range, sep));
              got.push(...(await lines(path, range, sep, chunk)));
            }
            expect(got).toEqual(want);
          }
        }
      }
    }
  });
  it('reads a gzip file whole in the split at 0 and nothing in later splits', async () => {
    const text = 'a\r\nbb\n\nccc\rd';
    const path = file(gzipSync(Buffer.from(text)), 'json.gz');
    for (const chunk of [1, 5, 1 << 16]) {
      expect(await lines(path, null, null, chunk)).toEqual(['a', 'bb', '', 'ccc', 'd']);
      expect(await lines(path, { start: 0, end: 2 }, null, chunk)).toEqual(['a', 'bb', '', 'ccc', 'd']);
      expect(await lines(path, { start: 2, end: 20 }, null, chunk)).toEqual([]);
    }
  });
  it('stops when the visitor asks to', async () => {
    const path = file('1\n2\n3\n4\n');
    const seen: number[] = [];
    for await (const _ of scanLines(
      path,
      null,
      null,
      (buf, s) => {
        seen.push(buf[s]! - 0x30);
        return seen.length === 2 ? STOP : CONTINUE;
      },
      1,
    )) {
      // scanning
    }
    expect(seen).toEqual([1, 2]);
  });
});
