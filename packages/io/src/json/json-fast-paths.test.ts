// The JSON reader's fast paths (keys matched by position, values written straight into the columns,
// inference that checks records against the schema so far) give Spark's answers in the cases where
// they must step aside: key order changes, escaped keys, duplicates, wrong types, syntax errors.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StructType, T, batchToRows, splitFile, type Value } from '@flint/common';
import { describe, expect, it } from 'vitest';
import type { DataSourceOptions } from '../options.js';
import { jsonFormat } from './json-format.js';

const dir = mkdtempSync(join(tmpdir(), 'flint-json-fast-'));
let n = 0;
function file(text: string): { path: string; size: number; modificationTime: number } {
  const path = join(dir, `f${n++}.json`);
  writeFileSync(path, text);
  return { path, size: Buffer.byteLength(text), modificationTime: 0 };
}

async function read(
  text: string,
  schema: StructType,
  options: DataSourceOptions = {},
  required: StructType = schema,
  batchSize = 1024,
): Promise<Value[][]> {
  const f = file(text);
  const rows: Value[][] = [];
  for (const split of splitFile(f, [], 1 << 30, true))
    for await (const b of jsonFormat.readSplit(split, required, undefined, {
      dataSchema: schema,
      options,
      batchSize,
    }))
      rows.push(...batchToRows(b));
  return rows;
}

const s = (...fields: [string, Parameters<typeof T.field>[1]][]): StructType =>
  T.struct(fields.map(([k, t]) => T.field(k, t)));

describe('JSON reading fast paths', () => {
  it('matches fields whatever the key order, missing, extra or escaped keys', async () => {
    const schema = s(['ab', T.long], ['b', T.string], ['c', T.double]);
    const text = [
      '{"ab": 1, "b": "x", "c": 1.5}',
      '{"ab": 2, "b": "y", "c": 2.5}',
      '{"c": 3.5, "ab": 3, "zz": {"q": [1]}, "b": "z"}',
      '{"a\\u0062": 4, "b\\"": "no", "b": "w"}',
      '{"b": "v"}',
      '{}',
      '{"ab": 7, "b": "u", "c": 7}',
    ].join('\n');
    expect(await read(text, schema)).toEqual([
      [1n, 'x', 1.5],
      [2n, 'y', 2.5],
      [3n, 'z', 3.5],
      [4n, 'w', null],
      [null, 'v', null],
      [null, null, null],
      [7n, 'u', 7],
    ]);
    // Only some columns required: the others are skipped.
    expect(await read(text, schema, {}, s(['c', T.double]))).toEqual([
      [1.5],
      [2.5],
      [3.5],
      [null],
      [null],
      [null],
      [7],
    ]);
  });
  it('a repeated key keeps its last value', async () => {
    expect(await read('{"a": 1, "a": 2}\n{"a": 3, "a": null}\n', s(['a', T.long]))).toEqual([[2n], [null]]);
  });
  it('longs, ints and doubles from their bytes', async () => {
    const schema = s(['l', T.long], ['i', T.int], ['d', T.double], ['f', T.float]);
    const rows = await read(
      [
        '{"l": -5, "i": -2147483648, "d": -0.25, "f": 0.1}',
        '{"l": 4294967296, "i": 2147483647, "d": 123456789012.5, "f": 1e3}',
        '{"l": -9007199254740993, "i": 7, "d": 1E-7, "f": -3}',
        '{"l": 9223372036854775807, "i": 0, "d": 12345678901234567890, "f": "NaN"}',
        '{"l": -0, "i": -0, "d": -0.0, "f": -Infinity}',
      ].join('\n'),
      schema,
    );
    expect(rows).toEqual([
      [-5n, -2147483648, -0.25, Math.fround(0.1)],
      [4294967296n, 2147483647, 123456789012.5, 1000],
      [-9007199254740993n, 7, 1e-7, -3],
      [9223372036854775807n, 0, 12345678901234567000, NaN],
      [0n, 0, -0, -Infinity],
    ]);
  });
  it('a value of the wrong type nulls that field only and marks the record corrupt', async () => {
    const schema = s(['a', T.int], ['b', T.string], ['l', T.long], ['_corrupt_record', T.string]);
    const text =
      '{"a": 1, "b": "x", "l": 1}\n{"a": 2147483648, "b": "y", "l": 2}\n{"a": 3, "b": "z", "l": 1.5}\n';
    expect(await read(text, schema)).toEqual([
      [1, 'x', 1n, null],
      [null, 'y', 2n, '{"a": 2147483648, "b": "y", "l": 2}'],
      [3, 'z', null, '{"a": 3, "b": "z", "l": 1.5}'],
    ]);
  });
  it('a syntax error after some fields nulls the whole record', async () => {
    const schema = s(['a', T.long], ['b', T.string], ['_corrupt_record', T.string]);
    const text = '{"a": 1, "b": "x"}\n{"a": 2, "b": "y", oops}\n{"a": 3}\n';
    expect(await read(text, schema)).toEqual([
      [1n, 'x', null],
      [null, null, '{"a": 2, "b": "y", oops}'],
      [3n, null, null],
    ]);
    expect(await read(text, schema, { mode: 'DROPMALFORMED' }, s(['a', T.long], ['b', T.string]))).toEqual([
      [1n, 'x'],
      [3n, null],
    ]);
  });
  it('strings: ASCII, UTF-8, escapes, short repeated values', async () => {
    const rows = await read(
      '{"s": "ab"}\n{"s": "\u00e9t\u00e9 \u4e2d"}\n{"s": "a\\nb\\u0041"}\n{"s": ""}\n{"s": "ab"}\n{"s": \'q\'}\n',
      s(['s', T.string]),
    );
    expect(rows).toEqual([['ab'], ['\u00e9t\u00e9 \u4e2d'], ['a\nbA'], [''], ['ab'], ['q']]);
  });
  it('rows cross batch boundaries', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 25; i++) lines.push(`{"id": ${i}, "t": ${i % 2 === 0}}`);
    const rows = await read(lines.join('\n'), s(['id', T.long], ['t', T.boolean]), {}, undefined, 4);
    expect(rows).toEqual(Array.from({ length: 25 }, (_, i) => [BigInt(i), i % 2 === 0]));
  });
  it('comments between tokens with allowComments', async () => {
    const text = '{"a": 1, /* c */ "b": "x"} // end\n{ /* k */ "a" /**/ : 2}\n';
    expect(await read(text, s(['a', T.long], ['b', T.string]), { allowComments: 'true' })).toEqual([
      [1n, 'x'],
      [2n, null],
    ]);
    expect(
      await read('{"a": /* c */ 1, "b": "x"}\n', s(['a', T.long], ['b', T.string]), {
        allowComments: 'true',
      }),
    ).toEqual([[1n, 'x']]);
    const bad = await read('{"a": /* c */ 1}\n', s(['a', T.long], ['_corrupt_record', T.string]));
    expect(bad).toEqual([[null, '{"a": /* c */ 1}']]);
  });
  it('nested struct keys in changing order', async () => {
    const schema = s(['o', s(['x', T.long], ['y', T.string])]);
    const rows = await read(
      '{"o": {"x": 1, "y": "a"}}\n{"o": {"y": "b", "x": 2}}\n{"o": {"x": 3}}\n',
      schema,
    );
    expect(rows).toEqual([[[1n, 'a']], [[2n, 'b']], [[3n, null]]]);
  });
});

describe('JSON inference fast path', () => {
  async function infer(text: string, options: DataSourceOptions = {}): Promise<StructType> {
    return jsonFormat.inferSchema([file(text)], options);
  }
  const same = (line: string, k = 5): string => `${line}\n`.repeat(k);
  it('a record widening the schema after many alike is still merged', async () => {
    expect(await infer(same('{"a": 1, "b": "x"}') + '{"a": 1.5, "b": "y"}\n')).toEqual(
      s(['a', T.double], ['b', T.string]),
    );
    expect(await infer(same('{"a": 1.5}') + '{"a": 2}\n')).toEqual(s(['a', T.double]));
    expect(await infer(same('{"a": 1}') + '{"a": true}\n')).toEqual(s(['a', T.string]));
    expect(await infer(same('{"a": "s"}') + '{"a": {"x": [1]}}\n{"a": [true]}\n')).toEqual(
      s(['a', T.string]),
    );
    expect(await infer(same('{"o": {"x": 1}}') + '{"o": {"y": true}}\n')).toEqual(
      s(['o', s(['x', T.long], ['y', T.boolean])]),
    );
    expect(await infer(same('{"t": [1, 2]}') + '{"t": [1.5]}\n{"t": []}\n')).toEqual(
      s(['t', T.array(T.double)]),
    );
    expect(await infer(same('{"a": null}') + '{"a": 1}\n')).toEqual(s(['a', T.long]));
    expect(await infer(same('{"a": 1}') + '{"a": 12345678901234567890}\n')).toEqual(
      s(['a', T.decimal(20, 0)]),
    );
    expect(await infer(same('{"a": 1}') + '{"a": 1}{oops\n')).toEqual(s(['a', T.long]));
  });
  it('options that change the types of primitives', async () => {
    expect(await infer(same('{"a": 1.5}') + '{"a": 1}\n', { primitivesAsString: 'true' })).toEqual(
      s(['a', T.string]),
    );
    expect(await infer(same('{"a": 1.5}') + '{"a": 10.25}\n', { prefersDecimal: 'true' })).toEqual(
      s(['a', T.decimal(4, 2)]),
    );
    expect(
      await infer(same('{"t": "2020-01-01 10:00:00"}') + '{"t": "x"}\n', { inferTimestamp: 'true' }),
    ).toEqual(s(['t', T.string]));
  });
  it('malformed records after good ones add the corrupt-record column', async () => {
    expect(await infer(same('{"a": 1}') + '{"a": 1, oops}\n')).toEqual(
      s(['_corrupt_record', T.string], ['a', T.long]),
    );
  });
});
