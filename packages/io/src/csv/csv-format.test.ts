import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Batch, type StructType, T, batchToRows, splitFile } from '@flint/common';
import { describe, expect, it } from 'vitest';
import type { FileInfo } from '../format.js';
import { csvFormat } from './csv-format.js';

const dir = mkdtempSync(join(tmpdir(), 'flint-csv-'));
let counter = 0;

function file(text: string): FileInfo {
  const path = join(dir, `f${counter++}.csv`);
  writeFileSync(path, text);
  return { path, size: Buffer.byteLength(text), modificationTime: 0 };
}

async function readAll(
  f: FileInfo,
  options: Record<string, string>,
  schema?: StructType,
  required?: StructType,
  batchSize?: number,
): Promise<{ schema: StructType; rows: unknown[][]; batches: Batch[] }> {
  const dataSchema = schema ?? (await csvFormat.inferSchema([f], options));
  const batches: Batch[] = [];
  for (const split of splitFile(
    f,
    [],
    Number(options['maxSplitBytes'] ?? 1 << 30),
    csvFormat.isSplitable(options),
  )) {
    for await (const b of csvFormat.readSplit(split, required ?? dataSchema, undefined, {
      dataSchema,
      options,
      ...(batchSize === undefined ? {} : { batchSize }),
    })) {
      batches.push(b);
    }
  }
  return { schema: dataSchema, rows: batches.flatMap((b) => batchToRows(b)), batches };
}

describe('csv schema inference', () => {
  it('infers int, long, decimal, double, boolean, date, timestamp and string like Spark', async () => {
    const f = file(
      'i,l,d,dbl,b,dt,ts,s\n' +
        '1,3000000000,12345678901234567890,1.5,true,2020-01-02,2020-01-02 03:04:05,x\n' +
        '-2,4,1,2,FALSE,2021-12-31,2021-12-31T23:59:59,1\n',
    );
    const { schema } = await readAll(f, { header: 'true', inferSchema: 'true' });
    expect(schema.fields.map((x) => [x.name, x.dataType])).toEqual([
      ['i', T.int],
      ['l', T.long],
      ['d', T.decimal(20, 0)],
      ['dbl', T.double],
      ['b', T.boolean],
      ['dt', T.date],
      ['ts', T.timestamp],
      ['s', T.string],
    ]);
  });

  it('widens across rows; dates meeting timestamps become timestamps (Spark 3.4+)', async () => {
    const f = file('1,1,2020-01-01,1\n2.5,x,2020-01-01 10:00:00,\n');
    const { schema } = await readAll(f, { inferSchema: 'true' });
    expect(schema.fields.map((x) => x.dataType)).toEqual([T.double, T.string, T.timestamp, T.int]);
    expect(schema.fields.map((x) => x.name)).toEqual(['_c0', '_c1', '_c2', '_c3']);
  });

  it('all-null columns become strings; 1e10 is a double (no negative-scale decimals)', async () => {
    const f = file('a,b\n,1e10\n,2\n');
    const { schema } = await readAll(f, { header: 'true', inferSchema: 'true' });
    expect(schema.fields.map((x) => x.dataType)).toEqual([T.string, T.double]);
  });

  it('without inferSchema every column is a string; duplicate and empty header names get suffixes', async () => {
    const f = file('a,A,,b\n1,2,3,4\n');
    const { schema, rows } = await readAll(f, { header: 'true' });
    expect(schema.fields.map((x) => x.name)).toEqual(['a0', 'A1', '_c2', 'b']);
    expect(schema.fields.every((x) => x.dataType.kind === 'string')).toBe(true);
    expect(rows).toEqual([['1', '2', '3', '4']]);
  });
});

describe('csv reading', () => {
  it('parses quotes, escapes, doubled quotes, nulls and empty quoted strings', async () => {
    const f = file('"a,b","say \\"hi\\"",,""\n"x""y",plain, sp ,"multi\n');
    const { rows } = await readAll(
      f,
      {},
      T.struct([
        T.field('a', T.string),
        T.field('b', T.string),
        T.field('c', T.string),
        T.field('d', T.string),
      ]),
    );
    expect(rows).toEqual([
      ['a,b', 'say "hi"', null, null],
      ['x"y', 'plain', ' sp ', 'multi'],
    ]);
  });

  it('emptyValue and nullValue', async () => {
    const f = file('NA,""\nx,NA\n');
    const schema = T.struct([T.field('a', T.string), T.field('b', T.string)]);
    const { rows } = await readAll(f, { nullValue: 'NA', emptyValue: 'EMPTY' }, schema);
    expect(rows).toEqual([
      [null, 'EMPTY'],
      ['x', null],
    ]);
  });

  it('converts typed columns and makes malformed fields NULL in PERMISSIVE mode', async () => {
    const f = file('1,2.5,true,2020-02-29,12.345\nx,NaN,no,2020-02-30,-1\n3,Inf,FALSE,2020-1-5,99999\n');
    const schema = T.struct([
      T.field('i', T.int),
      T.field('d', T.double),
      T.field('b', T.boolean),
      T.field('dt', T.date),
      T.field('m', T.decimal(5, 2)),
    ]);
    const { rows } = await readAll(f, {}, schema);
    expect(rows).toEqual([
      [1, 2.5, true, 18321, 1235n],
      [null, NaN, null, null, -100n],
      [3, Infinity, false, 18266, null],
    ]);
  });

  it('token count rules: PERMISSIVE pads/truncates, DROPMALFORMED drops, FAILFAST throws', async () => {
    const f = file('1,2\n3\n4,5,6\n7,8\n');
    const schema = T.struct([T.field('a', T.int), T.field('b', T.int)]);
    expect((await readAll(f, {}, schema)).rows).toEqual([
      [1, 2],
      [3, null],
      [4, 5],
      [7, 8],
    ]);
    expect((await readAll(f, { mode: 'DROPMALFORMED' }, schema)).rows).toEqual([
      [1, 2],
      [7, 8],
    ]);
    // Once columns are pruned the count can no longer be checked (Spark's column pruning).
    expect(
      (await readAll(f, { mode: 'DROPMALFORMED' }, schema, T.struct([T.field('b', T.int)]))).rows,
    ).toEqual([[2], [null], [5], [8]]);
    const err = await readAll(f, { mode: 'FAILFAST' }, schema).catch((e: unknown) => e);
    expect(err).toMatchObject({ errorClass: 'FAILED_READ_FILE.NO_HINT' });
    expect((err as Error).message).toBe(
      `[FAILED_READ_FILE.NO_HINT] Encountered error while reading file file:${f.path}. SQLSTATE: KD001`,
    );
    expect((err as Error).cause).toMatchObject({
      errorClass: 'MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION',
      messageParameters: { badRecord: '[3,null]', failFastMode: 'FAILFAST' },
    });
  });

  it('sep, tab, comment, whitespace trimming, CRLF and blank lines', async () => {
    const f = file('# comment\r\n a \t 1 \r\n\r\nb\t2');
    const schema = T.struct([T.field('s', T.string), T.field('n', T.string)]);
    const { rows } = await readAll(
      f,
      { sep: '\t', comment: '#', ignoreLeadingWhiteSpace: 'true', ignoreTrailingWhiteSpace: 'true' },
      schema,
    );
    expect(rows).toEqual([
      ['a', '1'],
      ['b', '2'],
    ]);
  });

  it('multiLine keeps newlines inside quotes; lineSep sets the record separator', async () => {
    const f = file('id,text\n1,"line1\nline2"\n2,x\n');
    const ml = await readAll(f, { header: 'true', multiLine: 'true' });
    expect(ml.rows).toEqual([
      ['1', 'line1\nline2'],
      ['2', 'x'],
    ]);
    const g = file('a,b;c,d;');
    expect((await readAll(g, { lineSep: ';' })).rows).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('projects only the required columns and honours the batch size', async () => {
    const lines = ['a,b,c'];
    for (let i = 0; i < 1000; i++) lines.push(`${i},${i * 2},s${i}`);
    const f = file(lines.join('\n'));
    const { schema, batches } = await readAll(
      f,
      { header: 'true', inferSchema: 'true' },
      undefined,
      T.struct([T.field('c', T.string), T.field('a', T.int)]),
      300,
    );
    expect(schema.fields.map((x) => x.dataType)).toEqual([T.int, T.int, T.string]);
    expect(batches.map((b) => b.numRows)).toEqual([300, 300, 300, 100]);
    expect(batches[0]!.columns.map((c) => c.type)).toEqual([T.string, T.int]);
    expect(batchToRows(batches[3]!)[99]).toEqual(['s999', 999]);
  });

  it('splits a file by byte ranges at line boundaries without losing or duplicating rows', async () => {
    const lines = ['n'];
    for (let i = 0; i < 5000; i++) lines.push(String(i));
    const f = file(lines.join('\r\n') + '\r\n');
    const opts = { header: 'true' };
    const schema = T.struct([T.field('n', T.int)]);
    const splits = splitFile(f, [], 997, true);
    expect(splits.length).toBeGreaterThan(10);
    const seen: number[] = [];
    for (const s of splits) {
      for await (const b of csvFormat.readSplit(s, schema, undefined, {
        dataSchema: schema,
        options: opts,
      })) {
        for (const r of batchToRows(b)) seen.push(r[0] as number);
      }
    }
    expect(seen).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });

  it('long, timestamp (in the timeZone option) and large decimals', async () => {
    const f = file(
      '9223372036854775807,2020-01-01 00:00:00,12345678901234567890.5\n-5,2020-06-01T12:00:00Z,1\n',
    );
    const schema = T.struct([
      T.field('l', T.long),
      T.field('t', T.timestamp),
      T.field('d', T.decimal(25, 1)),
    ]);
    const { rows } = await readAll(f, { timeZone: 'America/Los_Angeles' }, schema);
    expect(rows).toEqual([
      [9223372036854775807n, 1577865600000000n, 123456789012345678905n],
      [-5n, 1591012800000000n, 10n],
    ]);
  });
});
