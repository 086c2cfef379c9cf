// JSON source: inference, reading with options and parse modes, splits, multiLine and write round trips,
// checked against Spark 4's behaviour.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type StructType, T, batchFromRows, batchToRows, splitFile, type Value } from '@flint/common';
import { describe, expect, it } from 'vitest';
import type { DataSourceOptions } from '../options.js';
import { jsonFormat } from './json-format.js';

const dir = mkdtempSync(join(tmpdir(), 'flint-json-'));
let n = 0;
function file(text: string, ext = '.json'): { path: string; size: number; modificationTime: number } {
  const path = join(dir, `f${n++}${ext}`);
  writeFileSync(path, text);
  return { path, size: Buffer.byteLength(text), modificationTime: 0 };
}

async function infer(text: string, options: DataSourceOptions = {}): Promise<StructType> {
  return jsonFormat.inferSchema([file(text)], options);
}

async function read(
  text: string | { path: string; size: number; modificationTime: number },
  schema: StructType,
  options: DataSourceOptions = {},
  required: StructType = schema,
  maxBytes = 1 << 30,
  batchSize = 1024,
): Promise<Value[][]> {
  const f = typeof text === 'string' ? file(text) : text;
  const rows: Value[][] = [];
  for (const split of splitFile(f, [], maxBytes, jsonFormat.isSplitable(options)))
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

describe('JSON schema inference', () => {
  it('sorts fields, infers long/double/boolean/string, nulls become string', async () => {
    const t = await infer('{"b": 1, "a": "x", "c": 1.5, "d": true, "e": null}\n{"b": 2}\n');
    expect(t).toEqual(s(['a', T.string], ['b', T.long], ['c', T.double], ['d', T.boolean], ['e', T.string]));
  });
  it('widens conflicting types: long+double -> double, anything+string -> string', async () => {
    const t = await infer('{"a": 1, "b": 1, "c": true}\n{"a": 2.5, "b": "x", "c": 3}\n');
    expect(t).toEqual(s(['a', T.double], ['b', T.string], ['c', T.string]));
  });
  it('big integers become decimal(p,0), huge ones double', async () => {
    const t = await infer('{"a": 92233720368547758070, "b": 1' + '0'.repeat(40) + '}\n');
    expect(t).toEqual(s(['a', T.decimal(20, 0)], ['b', T.double]));
  });
  it('merges nested structs by field and array element types', async () => {
    const t = await infer('{"o": {"y": 1}, "arr": [1, 2]}\n{"o": {"x": "s"}, "arr": [1.5]}\n{"arr": []}\n');
    expect(t).toEqual(s(['arr', T.array(T.double)], ['o', s(['x', T.string], ['y', T.long])]));
  });
  it('adds _corrupt_record for malformed or non-object records (PERMISSIVE)', async () => {
    const t = await infer('{"a": 1}\n{"a": \n5\n');
    expect(t).toEqual(s(['_corrupt_record', T.string], ['a', T.long]));
    const named = await infer('{"a": 1}\noops\n', { columnNameOfCorruptRecord: 'bad' });
    expect(named).toEqual(s(['a', T.long], ['bad', T.string]));
  });
  it('DROPMALFORMED ignores malformed records, FAILFAST throws', async () => {
    expect(await infer('{"a": 1}\n{oops\n', { mode: 'DROPMALFORMED' })).toEqual(s(['a', T.long]));
    await expect(infer('{"a": 1}\n{oops\n', { mode: 'FAILFAST' })).rejects.toThrow(
      'Malformed records are detected in schema inference. Parse Mode: FAILFAST.',
    );
  });
  it('top-level arrays of objects contribute their elements; empty structs vanish', async () => {
    expect(await infer('[{"a": 1}, {"b": "x"}]\n')).toEqual(s(['a', T.long], ['b', T.string]));
    expect(await infer('{"a": {}}\n')).toEqual(T.struct([]));
  });
  it('primitivesAsString, prefersDecimal, dropFieldIfAllNull', async () => {
    expect(await infer('{"a": 1, "b": true}\n', { primitivesAsString: 'true' })).toEqual(
      s(['a', T.string], ['b', T.string]),
    );
    // schema_of_json('{"c1":01, "c2":0.1}', allowNumericLeadingZeros, prefersDecimal) -> BIGINT, DECIMAL(1,1)
    expect(
      await infer('{"c1":01, "c2":0.1}\n', { allowNumericLeadingZeros: 'true', prefersDecimal: 'true' }),
    ).toEqual(s(['c1', T.long], ['c2', T.decimal(1, 1)]));
    expect(await infer('{"a": null, "b": 1, "c": []}\n', { dropFieldIfAllNull: 'true' })).toEqual(
      s(['b', T.long]),
    );
  });
  it('strings stay strings unless inferTimestamp', async () => {
    expect(await infer('{"t": "2020-01-01 10:00:00", "time": "14:30:45"}\n')).toEqual(
      s(['t', T.string], ['time', T.string]),
    );
    expect(await infer('{"t": "2020-01-01 10:00:00"}\n', { inferTimestamp: 'true' })).toEqual(
      s(['t', T.timestamp]),
    );
  });
  it('multiLine reads one value per file', async () => {
    expect(await infer('[\n {"a": 1},\n {"a": 2, "b": [true]}\n]\n', { multiLine: 'true' })).toEqual(
      s(['a', T.long], ['b', T.array(T.boolean)]),
    );
  });
});

describe('JSON reading', () => {
  it('converts by target type and keeps unknown fields out', async () => {
    const schema = s(['a', T.int], ['b', T.string], ['c', T.double], ['d', T.boolean], ['e', T.long]);
    const rows = await read(
      '{"a": 1, "b": "x", "c": 2, "d": false, "e": 3, "z": [1]}\n\n{"b": null}\n',
      schema,
    );
    expect(rows).toEqual([
      [1, 'x', 2, false, 3n],
      [null, null, null, null, null],
    ]);
  });
  it('a string field receiving another value keeps its exact text', async () => {
    const rows = await read(
      '{"a": {"x": 1,  "y": [1.50, true]}, "b": 1.50, "c": true}\n',
      s(['a', T.string], ['b', T.string], ['c', T.string]),
    );
    expect(rows).toEqual([['{"x": 1,  "y": [1.50, true]}', '1.50', 'true']]);
  });
  it('nested struct, array and map', async () => {
    const schema = s(['o', s(['x', T.int], ['y', T.array(T.string)])], ['m', T.map(T.string, T.long)]);
    const rows = await read('{"o": {"y": ["a", null], "x": 5}, "m": {"k": 1, "j": null}}\n', schema);
    expect(rows).toEqual([[[5, ['a', null]], { keys: ['k', 'j'], values: [1n, null] }]]);
  });
  it('dates, timestamps, decimals and NaN strings', async () => {
    const schema = s(
      ['d', T.date],
      ['t', T.timestamp],
      ['dec', T.decimal(5, 2)],
      ['f', T.double],
      ['n', T.timestamp],
    );
    const rows = await read(
      '{"d": "2012-12-15", "t": "2012-12-15 15:15:15", "dec": 1.005, "f": "NaN", "n": 10}\n',
      schema,
      { timeZone: 'UTC' },
    );
    expect(rows[0]![0]).toBe(15689);
    expect(rows[0]![1]).toBe(1355584515000000n);
    expect(rows[0]![2]).toBe(101n); // HALF_UP to scale 2
    expect(Number.isNaN(rows[0]![3])).toBe(true);
    expect(rows[0]![4]).toBe(10000000n);
  });
  it('dateFormat / timestampFormat patterns', async () => {
    // from_json('{"d": "12/15 2012", "t": "12/15 2012 15:15:15"}', ..., dateFormat 'MM/dd yyyy', ...)
    const rows = await read(
      '{"d": "12/15 2012", "t": "12/15 2012 15:15:15"}\n{"d": "02-29"}\n',
      s(['d', T.date], ['t', T.timestamp]),
      {
        dateFormat: 'MM/dd yyyy',
        timestampFormat: 'MM/dd yyyy HH:mm:ss',
        timeZone: 'UTC',
      },
    );
    expect(rows[0]).toEqual([15689, 1355584515000000n]);
    expect(rows[1]).toEqual([null, null]);
  });
  it('PERMISSIVE keeps partial results of a wrong-typed field and fills the corrupt column', async () => {
    const schema = s(['a', T.int], ['b', T.string], ['_corrupt_record', T.string]);
    const rows = await read('{"a": "x", "b": "ok"}\n{"a": 1, "b": \n[1, 2]\n{"a": 2}\n', schema);
    expect(rows).toEqual([
      [null, 'ok', '{"a": "x", "b": "ok"}'],
      [null, null, '{"a": 1, "b": '],
      [null, null, '[1, 2]'],
      [2, null, null],
    ]);
  });
  it('DROPMALFORMED drops, FAILFAST fails naming the file', async () => {
    const schema = s(['a', T.int]);
    expect(await read('{"a": 1}\n{"a": "x"}\n{bad\n', schema, { mode: 'DROPMALFORMED' })).toEqual([[1]]);
    const f = file('{"a": 1}\n{"a": "x"}\n');
    const err = await read(f, schema, { mode: 'FAILFAST' }).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      `[FAILED_READ_FILE.NO_HINT] Encountered error while reading file file:${f.path}. SQLSTATE: KD001`,
    );
    expect(((err as Error).cause as Error).message).toContain(
      '[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: [null].',
    );
  });
  it('top-level arrays give one row per element', async () => {
    expect(await read('[{"a": 1}, {"a": 2}]\n[]\n', s(['a', T.long]))).toEqual([[1n], [2n]]);
  });
  it('parser options: comments, unquoted names, single quotes, leading zeros, non-numeric numbers', async () => {
    const schema = s(['a', T.long]);
    expect(await read("{'a': 1}\n", schema)).toEqual([[1n]]);
    expect(await read("{'a': 1}\n", schema, { allowSingleQuotes: 'false' })).toEqual([[null]]);
    expect(await read('{a: 1}\n', schema)).toEqual([[null]]);
    expect(await read('{a: 1}\n', schema, { allowUnquotedFieldNames: 'true' })).toEqual([[1n]]);
    expect(await read('{"a": /* c */ 1}\n', schema)).toEqual([[null]]);
    expect(await read('{"a": /* c */ 1}\n', schema, { allowComments: 'true' })).toEqual([[1n]]);
    expect(await read('{"a": 007}\n', schema)).toEqual([[null]]);
    expect(await read('{"a": 007}\n', schema, { allowNumericLeadingZeros: 'true' })).toEqual([[7n]]);
    const d = s(['x', T.double]);
    expect(await read('{"x": -Infinity}\n', d)).toEqual([[-Infinity]]);
    expect(await read('{"x": -Infinity}\n', d, { allowNonNumericNumbers: 'false' })).toEqual([[null]]);
    const str = s(['x', T.string]);
    expect(await read('{"x": "a\\qb"}\n', str)).toEqual([[null]]);
    expect(await read('{"x": "a\\qb"}\n', str, { allowBackslashEscapingAnyCharacter: 'true' })).toEqual([
      ['aqb'],
    ]);
  });
  it('lineSep and multiLine', async () => {
    expect(await read('{"a": 1}|{"a": 2}|', s(['a', T.long]), { lineSep: '|' })).toEqual([[1n], [2n]]);
    expect(await read('[\n{"a": 1},\n{"a": 2}\n]', s(['a', T.long]), { multiLine: 'true' })).toEqual([
      [1n],
      [2n],
    ]);
    expect(jsonFormat.isSplitable({ multiLine: 'true' })).toBe(false);
  });
  it('reading only the corrupt-record column is refused', async () => {
    const schema = s(['a', T.int], ['_corrupt_record', T.string]);
    await expect(read('{"a": 1}\n', schema, {}, s(['_corrupt_record', T.string]))).rejects.toThrow(
      'QUERY_ONLY_CORRUPT_RECORD_COLUMN',
    );
  });
  it('byte-range splits neither lose nor duplicate lines; empty required schema counts records', async () => {
    let text = '';
    for (let i = 0; i < 500; i++)
      text += `{"i": ${i}, "pad": "${'x'.repeat(i % 17)}"}${i % 3 === 0 ? '\r\n' : '\n'}`;
    const f = file(text);
    const schema = s(['i', T.long]);
    for (const maxBytes of [61, 64, 1000, 4096]) {
      const rows = await read(f, schema, {}, schema, maxBytes, 33);
      expect(rows.map((r) => Number(r[0]))).toEqual(Array.from({ length: 500 }, (_, i) => i));
    }
    expect((await read(f, schema, {}, T.struct([]), 100)).length).toBe(500);
  });
});

describe('JSON writing', () => {
  async function write(
    schema: StructType,
    rows: Value[][],
    options: DataSourceOptions = {},
  ): Promise<string> {
    const factory = jsonFormat.prepareWrite(schema, options);
    const path = join(dir, `out${n++}${factory.extension}`);
    const w = await factory.newWriter(path, schema);
    await w.write(
      batchFromRows(
        schema.fields.map((f) => f.dataType),
        rows,
      ),
    );
    await w.close();
    const buf = readFileSync(path);
    return (factory.extension.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
  }
  it('writes JSON Lines like Spark: nulls omitted, Java doubles, dates and timestamps', async () => {
    const schema = s(
      ['a', T.int],
      ['b', T.string],
      ['c', T.double],
      ['d', T.date],
      ['t', T.timestamp],
      ['dec', T.decimal(5, 2)],
    );
    const out = await write(
      schema,
      [
        [1, 'x"y', 1e21, 15689, 1355584515123000n, 101n],
        [null, null, NaN, null, null, null],
      ],
      { timeZone: 'UTC' },
    );
    expect(out).toBe(
      '{"a":1,"b":"x\\"y","c":1.0E21,"d":"2012-12-15","t":"2012-12-15T15:15:15.123Z","dec":1.01}\n{"c":"NaN"}\n',
    );
  });
  it('timestamps use the time zone offset; ignoreNullFields=false writes nulls; nested types', async () => {
    const schema = s(
      ['t', T.timestamp],
      ['n', T.string],
      ['arr', T.array(s(['x', T.long]))],
      ['m', T.map(T.string, T.int)],
      ['bin', T.binary],
    );
    const out = await write(
      schema,
      [[0n, null, [[1n], null], { keys: ['k'], values: [null] }, new Uint8Array([1, 2, 3])]],
      { timeZone: 'America/Los_Angeles', ignoreNullFields: 'false' },
    );
    expect(out).toBe(
      '{"t":"1969-12-31T16:00:00.000-08:00","n":null,"arr":[{"x":1},null],"m":{"k":null},"bin":"AQID"}\n',
    );
  });
  it('gzip compression, lineSep, custom formats; round trip through the reader', async () => {
    const schema = s(['d', T.date], ['v', T.long]);
    const out = await write(
      schema,
      [
        [15689, 5n],
        [0, null],
      ],
      {
        compression: 'gzip',
        lineSep: '\r\n',
        dateFormat: 'dd/MM/yyyy',
      },
    );
    expect(out).toBe('{"d":"15/12/2012","v":5}\r\n{"d":"01/01/1970"}\r\n');
    const factory = jsonFormat.prepareWrite(schema, { compression: 'gzip' });
    expect(factory.extension).toBe('.json.gz');
    const path = join(dir, `rt${n++}.json.gz`);
    const w = await factory.newWriter(path, schema);
    await w.write(
      batchFromRows(
        [T.date, T.long],
        [
          [15689, 5n],
          [1, null],
        ],
      ),
    );
    await w.close();
    const size = readFileSync(path).length;
    const rows = await read({ path, size, modificationTime: 0 }, schema, {}, schema, 10);
    expect(rows).toEqual([
      [15689, 5n],
      [1, null],
    ]);
  });
});
