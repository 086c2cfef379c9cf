// Text source: one row per line (any of \n, \r, \r\n or lineSep), wholetext, byte-range splits, and the
// single-string-column writer, as Spark's TextFileFormat.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StructType, T, batchFromRows, batchToRows, splitFile, type Value } from '@flint/common';
import { describe, expect, it } from 'vitest';
import type { DataSourceOptions } from '../options.js';
import { TEXT_SCHEMA, textFormat } from './text-format.js';

const dir = mkdtempSync(join(tmpdir(), 'flint-text-'));
let n = 0;

async function read(
  text: string,
  options: DataSourceOptions = {},
  required: StructType = TEXT_SCHEMA,
  maxBytes = 1 << 30,
): Promise<Value[][]> {
  const path = join(dir, `t${n++}.txt`);
  writeFileSync(path, text);
  const f = { path, size: Buffer.byteLength(text), modificationTime: 0 };
  const rows: Value[][] = [];
  for (const split of splitFile(f, [], maxBytes, textFormat.isSplitable(options)))
    for await (const b of textFormat.readSplit(split, required, undefined, {
      dataSchema: TEXT_SCHEMA,
      options,
      batchSize: 7,
    }))
      rows.push(
        ...(required.fields.length === 0 ? Array.from({ length: b.numRows }, () => []) : batchToRows(b)),
      );
  return rows;
}

describe('text reading', () => {
  it('infers a single value string column', async () => {
    expect(await textFormat.inferSchema([], {})).toEqual(T.struct([T.field('value', T.string)]));
  });
  it('one row per line; empty lines kept; no row after the final newline', async () => {
    expect(await read('a\n\nb\r\nc\rd')).toEqual([['a'], [''], ['b'], ['c'], ['d']]);
    expect(await read('x\n')).toEqual([['x']]);
    expect(await read('')).toEqual([]);
  });
  it('lineSep, wholetext, empty required schema', async () => {
    expect(await read('a,b\n,c', { lineSep: ',' })).toEqual([['a'], ['b\n'], ['c']]);
    expect(await read('a\nb\n', { wholetext: 'true' })).toEqual([['a\nb\n']]);
    expect(textFormat.isSplitable({ wholetext: 'true' })).toBe(false);
    expect((await read('a\nb\nc\n', {}, T.struct([]))).length).toBe(3);
  });
  it('splits neither lose nor duplicate lines', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => 'é'.repeat(i % 5) + String(i));
    const text = lines.join('\n') + '\n';
    for (const maxBytes of [5, 33, 256])
      expect((await read(text, {}, TEXT_SCHEMA, maxBytes)).map((r) => r[0])).toEqual(lines);
  });
});

describe('text writing', () => {
  it('writes one line per row, null rows as empty lines, with lineSep', async () => {
    const factory = textFormat.prepareWrite(TEXT_SCHEMA, { lineSep: '\r\n' });
    expect(factory.extension).toBe('.txt');
    const path = join(dir, `w${n++}.txt`);
    const w = await factory.newWriter(path, TEXT_SCHEMA);
    await w.write(batchFromRows([T.string], [['a'], [null], ['c']]));
    await w.close();
    expect(readFileSync(path, 'utf8')).toBe('a\r\n\r\nc\r\n');
  });
  it('refuses non-string and multi-column schemas like Spark', () => {
    expect(() => textFormat.prepareWrite(T.struct([T.field('a', T.int)]), {})).toThrow(
      '[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The Text datasource doesn\'t support the column `a` of the type "INT". SQLSTATE: 0A000',
    );
    expect(() =>
      textFormat.prepareWrite(T.struct([T.field('a', T.string), T.field('b', T.string)]), {}),
    ).toThrow('Text data source supports only a single column, and you have 2 columns.');
  });
  it('gzip output has the .txt.gz extension', () => {
    expect(textFormat.prepareWrite(TEXT_SCHEMA, { compression: 'gzip' }).extension).toBe('.txt.gz');
  });
});
