import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  type DataType,
  type StructType,
  T,
  type Value,
  batchFromRows,
  batchToRows,
  daysFromCivil,
  splitFile,
} from '@flint/common';
import { describe, expect, it } from 'vitest';
import { csvFormat } from './csv-format.js';
import { javaBigDecimalToString } from './csv-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'flint-csv-w-'));
let counter = 0;

async function writeCsv(
  schema: StructType,
  rows: Value[][],
  options: Record<string, string> = {},
): Promise<{ path: string; text: string }> {
  const factory = csvFormat.prepareWrite(schema, options);
  const path = join(dir, `part-${counter++}${factory.extension}`);
  const w = await factory.newWriter(path, schema);
  const types: DataType[] = schema.fields.map((f) => f.dataType);
  // Two batches, to check the writer appends.
  const half = Math.floor(rows.length / 2);
  await w.write(batchFromRows(types, rows.slice(0, half)));
  await w.write(batchFromRows(types, rows.slice(half)));
  await w.close();
  const bytes = readFileSync(path);
  return { path, text: path.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8') };
}

const day = daysFromCivil(2020, 1, 2);
const micros = BigInt(day) * 86400000000n + 3n * 3600000000n + 4n * 60000000n + 5006789n;

describe('csv writer formatting (UnivocityGenerator)', () => {
  it('renders values like Spark: Java doubles, plain decimals, ISO dates and timestamps', async () => {
    const schema = T.struct([
      T.field('i', T.int),
      T.field('d', T.double),
      T.field('m', T.decimal(10, 2)),
      T.field('b', T.boolean),
      T.field('dt', T.date),
      T.field('ts', T.timestamp),
      T.field('ntz', T.timestampNtz),
      T.field('l', T.long),
    ]);
    const { text } = await writeCsv(
      schema,
      [
        [1, 1e10, 1230n, true, day, micros, micros, 5n],
        [-2, 0.1, -5n, false, day, micros, micros, null],
      ],
      { timeZone: 'UTC' },
    );
    expect(text).toBe(
      '1,1.0E10,12.30,true,2020-01-02,2020-01-02T03:04:05.006Z,2020-01-02T03:04:05.006,5\n' +
        '-2,0.1,-0.05,false,2020-01-02,2020-01-02T03:04:05.006Z,2020-01-02T03:04:05.006,\n',
    );
    const la = await writeCsv(T.struct([T.field('ts', T.timestamp)]), [[micros]], {
      timeZone: 'America/Los_Angeles',
    });
    expect(la.text).toBe('2020-01-01T19:04:05.006-08:00\n');
  });

  it('BigDecimal.toString goes scientific below 1E-6', () => {
    expect(javaBigDecimalToString(1n, 10)).toBe('1E-10');
    expect(javaBigDecimalToString(123n, 10)).toBe('1.23E-8');
    expect(javaBigDecimalToString(0n, 10)).toBe('0E-10');
    expect(javaBigDecimalToString(1n, 6)).toBe('0.000001');
    expect(javaBigDecimalToString(-12345n, 2)).toBe('-123.45');
  });

  it('quotes delimiters, line breaks, quotes and a leading comment char; trims whitespace', async () => {
    const schema = T.struct([T.field('a', T.string), T.field('b', T.string)]);
    const { text } = await writeCsv(schema, [
      ['a,b', 'say "hi"'],
      ['line\nbreak', '  padded  '],
      ['#hash', '#not first'],
      [null, ''],
      ['back\\slash', '"lead'],
    ]);
    expect(text).toBe(
      '"a,b","say \\"hi\\""\n' +
        '"line\nbreak",padded\n' +
        '"#hash",#not first\n' +
        ',""\n' +
        'back\\slash,"\\"lead"\n',
    );
  });

  it('escapeQuotes, quoteAll, whitespace flags, nullValue and emptyValue', async () => {
    const schema = T.struct([T.field('a', T.string), T.field('b', T.string)]);
    expect((await writeCsv(schema, [['say "hi"', 'x']], { escapeQuotes: 'false' })).text).toBe(
      'say "hi",x\n',
    );
    expect((await writeCsv(schema, [['1', null]], { quoteAll: 'true' })).text).toBe('"1",""\n');
    expect(
      (
        await writeCsv(schema, [[' a ', 'b']], {
          ignoreLeadingWhiteSpace: 'false',
          ignoreTrailingWhiteSpace: 'false',
        })
      ).text,
    ).toBe(' a ,b\n');
    expect((await writeCsv(schema, [[null, '']], { nullValue: 'NA', emptyValue: 'EMPTY' })).text).toBe(
      'NA,EMPTY\n',
    );
  });

  it('header, sep, lineSep, dateFormat and timestampFormat', async () => {
    const schema = T.struct([T.field('when', T.date), T.field('at', T.timestamp)]);
    const { text } = await writeCsv(schema, [[day, micros]], {
      header: 'true',
      sep: ';',
      lineSep: '\r\n',
      dateFormat: 'dd/MM/yyyy',
      timestampFormat: 'yyyy-MM-dd HH:mm:ss',
      timeZone: 'UTC',
    });
    expect(text).toBe('when;at\r\n02/01/2020;2020-01-02 03:04:05\r\n');
  });

  it('gzip compression writes .csv.gz; an unknown codec is an error', async () => {
    const schema = T.struct([T.field('a', T.int)]);
    const { path, text } = await writeCsv(schema, [[1], [2]], { compression: 'gzip' });
    expect(path.endsWith('.csv.gz')).toBe(true);
    expect(text).toBe('1\n2\n');
    expect(() => csvFormat.prepareWrite(schema, { compression: 'lzo9' })).toThrow(/CODEC_NOT_AVAILABLE/);
  });

  it('writes ISO-8859-1 when asked', async () => {
    const schema = T.struct([T.field('a', T.string)]);
    const { path } = await writeCsv(schema, [['café']], { encoding: 'ISO-8859-1' });
    expect([...readFileSync(path)]).toEqual([0x63, 0x61, 0x66, 0xe9, 0x0a]);
  });

  it('rejects arrays, maps and structs in prepareWrite', () => {
    expect(() => csvFormat.prepareWrite(T.struct([T.field('x', T.array(T.int))]), {})).toThrow(
      '[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The CSV datasource doesn\'t support the column `x` of the type "ARRAY<INT>". SQLSTATE: 0A000',
    );
  });
});

describe('csv writer round trips', () => {
  it('reads back what it wrote (header + inferSchema)', async () => {
    const schema = T.struct([
      T.field('id', T.int),
      T.field('name', T.string),
      T.field('score', T.double),
      T.field('day', T.date),
    ]);
    const rows: Value[][] = [
      [1, 'plain', 1.5, day],
      [2, 'with, comma', -0.25, day + 1],
      [3, 'quote " and \\ backslash', 1e-7, null],
      [4, 'multi\nline', null, day],
      [5, '', 3, day],
      [null, null, 2.5, day],
    ];
    const { path } = await writeCsv(schema, rows, { header: 'true' });
    const opts = { header: 'true', inferSchema: 'true', multiLine: 'true' };
    const f = { path, size: statSync(path).size, modificationTime: 0 };
    const inferred = await csvFormat.inferSchema([f], opts);
    expect(inferred).toEqual(schema);
    const back: Value[][] = [];
    for (const s of splitFile(f, [], 1 << 30, false))
      for await (const b of csvFormat.readSplit(s, inferred, undefined, {
        dataSchema: inferred,
        options: opts,
      }))
        back.push(...batchToRows(b));
    // As in Spark, a written empty string ("") reads back as null while nullValue is the empty string.
    expect(back).toEqual(rows.map((r) => r.map((v) => (v === '' ? null : v))));
  });
});
