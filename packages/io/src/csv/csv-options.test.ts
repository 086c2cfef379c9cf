import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StructType, T, batchToRows, daysFromCivil, splitFile } from '@flint/common';
import { describe, expect, it } from 'vitest';
import type { FileInfo } from '../format.js';
import { csvFormat } from './csv-format.js';

const dir = mkdtempSync(join(tmpdir(), 'flint-csv-opt-'));
let counter = 0;

function file(content: string | Uint8Array): FileInfo {
  const path = join(dir, `f${counter++}.csv`);
  writeFileSync(path, content);
  const size = typeof content === 'string' ? Buffer.byteLength(content) : content.length;
  return { path, size, modificationTime: 0 };
}

async function read(
  f: FileInfo,
  options: Record<string, string>,
  schema?: StructType,
  required?: StructType,
): Promise<unknown[][]> {
  const dataSchema = schema ?? (await csvFormat.inferSchema([f], options));
  const rows: unknown[][] = [];
  for (const split of splitFile(f, [], 1 << 30, csvFormat.isSplitable(options))) {
    for await (const b of csvFormat.readSplit(split, required ?? dataSchema, undefined, {
      dataSchema,
      options,
    }))
      rows.push(...batchToRows(b));
  }
  return rows;
}

const ab = T.struct([T.field('a', T.string), T.field('b', T.string)]);
const ints = T.struct([T.field('a', T.int), T.field('b', T.int)]);

describe('csv delimiters, quotes and lines', () => {
  it('accepts multi-character and escaped delimiters (Spark 3+)', async () => {
    expect(await read(file('a||b\n1||2|x\n'), { sep: '||' }, ab)).toEqual([
      ['a', 'b'],
      ['1', '2|x'],
    ]);
    expect(await read(file('a\tb\n'), { delimiter: '\\t' }, ab)).toEqual([['a', 'b']]);
    expect(await read(file('"x||y"||z\n'), { sep: '||' }, ab)).toEqual([['x||y', 'z']]);
  });

  it('rejects bad delimiters with INVALID_DELIMITER_VALUE', async () => {
    const f = file('a,b\n');
    await expect(read(f, { sep: '' }, ab)).rejects.toMatchObject({
      errorClass: 'INVALID_DELIMITER_VALUE.EMPTY_STRING',
      message:
        '[INVALID_DELIMITER_VALUE.EMPTY_STRING] Invalid value for delimiter. Delimiter cannot be empty string. SQLSTATE: 42602',
    });
    await expect(read(f, { sep: '\\' }, ab)).rejects.toMatchObject({
      errorClass: 'INVALID_DELIMITER_VALUE.SINGLE_BACKSLASH',
    });
    await expect(read(f, { sep: '\\1' }, ab)).rejects.toMatchObject({
      errorClass: 'INVALID_DELIMITER_VALUE.UNSUPPORTED_SPECIAL_CHARACTER',
    });
  });

  it('quote and escape options', async () => {
    expect(await read(file("'a,b',c\n"), { quote: "'" }, ab)).toEqual([['a,b', 'c']]);
    expect(await read(file('"a""b",c\n'), { escape: '"' }, ab)).toEqual([['a"b', 'c']]);
    await expect(read(file('a\n'), { quote: 'ab' }, ab)).rejects.toMatchObject({
      errorClass: 'INVALID_OPTION_VALUE',
    });
  });

  it('drops blank and whitespace-only lines in line mode', async () => {
    expect(await read(file('1,2\n   \n\t\n3,4\n'), {}, ints)).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("lineSep longer than two characters is an error; 'yes' is not a boolean", async () => {
    const f = file('a,b\n');
    await expect(read(f, { lineSep: 'abc' }, ab)).rejects.toMatchObject({
      errorClass: 'INVALID_OPTION_VALUE',
    });
    await expect(read(f, { header: 'yes' }, ab)).rejects.toMatchObject({
      errorClass: 'INVALID_OPTION_VALUE',
      message: 'header flag can be true or false.',
    });
  });
});

describe('csv value options', () => {
  it('nanValue, positiveInf, negativeInf', async () => {
    const s = T.struct([T.field('x', T.double)]);
    const rows = await read(
      file('nan\ninf\nminf\nNaN\n'),
      { nanValue: 'nan', positiveInf: 'inf', negativeInf: 'minf' },
      s,
    );
    expect(rows).toEqual([[NaN], [Infinity], [-Infinity], [NaN]]);
  });

  it('dateFormat and timestampFormat patterns (no lenient fallback once a pattern is given)', async () => {
    const s = T.struct([T.field('d', T.date), T.field('t', T.timestamp)]);
    const rows = await read(
      file('26/10/2015,26/10/2015 01:02\n2015-10-26,2015-10-26 01:02:00\n'),
      { dateFormat: 'dd/MM/yyyy', timestampFormat: 'dd/MM/yyyy HH:mm', timeZone: 'UTC' },
      s,
    );
    const day = daysFromCivil(2015, 10, 26);
    expect(rows).toEqual([
      [day, BigInt(day) * 86400000000n + 3720000000n],
      [null, null],
    ]);
    // enableDateTimeParsingFallback turns the lenient parser back on.
    const fb = await read(
      file('2015-10-26,2015-10-26 01:02:00\n'),
      {
        dateFormat: 'dd/MM/yyyy',
        timestampFormat: 'dd/MM/yyyy HH:mm',
        timeZone: 'UTC',
        enableDateTimeParsingFallback: 'true',
      },
      s,
    );
    expect(fb).toEqual([[day, BigInt(day) * 86400000000n + 3720000000n]]);
  });

  it('infers dates with dateFormat and timestamps with timestampFormat', async () => {
    const f = file('d,t\n26/10/2015,2015/10/26 01:02\n');
    const schema = await csvFormat.inferSchema([f], {
      header: 'true',
      inferSchema: 'true',
      dateFormat: 'dd/MM/yyyy',
      timestampFormat: 'yyyy/MM/dd HH:mm',
    });
    expect(schema.fields.map((x) => x.dataType)).toEqual([T.date, T.timestamp]);
    // preferDate=false skips date inference: a plain date is then a timestamp (lenient parser).
    const g = file('2015-10-26\n');
    const s2 = await csvFormat.inferSchema([g], { inferSchema: 'true', preferDate: 'false' });
    expect(s2.fields.map((x) => x.dataType)).toEqual([T.timestamp]);
  });

  it('decimals drop grouping commas (default locale), in reading and inference', async () => {
    const f = file('"1,000",2\n');
    expect(await read(f, {}, T.struct([T.field('a', T.decimal(10, 0)), T.field('b', T.int)]))).toEqual([
      [1000n, 2],
    ]);
    const s = await csvFormat.inferSchema([f], { inferSchema: 'true' });
    expect(s.fields.map((x) => x.dataType)).toEqual([T.decimal(4, 0), T.int]);
  });
});

describe('csv encodings', () => {
  it('reads ISO-8859-1 and UTF-16LE text', async () => {
    const latin = file(new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x2c, 0x31, 0x0a, 0x80, 0x2c, 0x32, 0x0a]));
    expect(await read(latin, { encoding: 'ISO-8859-1' }, ab)).toEqual([
      ['café', '1'],
      ['\u0080', '2'],
    ]);
    const utf16 = file(new Uint8Array(Buffer.from('é,x\ny,z\n', 'utf16le')));
    expect(await read(utf16, { charset: 'UTF-16LE' }, ab)).toEqual([
      ['é', 'x'],
      ['y', 'z'],
    ]);
    expect(csvFormat.isSplitable({ encoding: 'UTF-16LE' })).toBe(false);
    expect(csvFormat.isSplitable({ encoding: 'utf8' })).toBe(true);
  });

  it('an unknown charset is an error', async () => {
    await expect(read(file('a\n'), { encoding: 'klingon' }, ab)).rejects.toMatchObject({
      errorClass: 'INVALID_PARAMETER_VALUE.CHARSET',
    });
  });
});

describe('csv schema options', () => {
  it('samplingRatio infers from a deterministic sample; it must be positive', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) lines.push(i === 1000 ? 'x' : String(i));
    const f = file(lines.join('\n'));
    const a = await csvFormat.inferSchema([f], { inferSchema: 'true', samplingRatio: '0.1' });
    const b = await csvFormat.inferSchema([f], { inferSchema: 'true', samplingRatio: '0.1' });
    expect(a).toEqual(b);
    expect((await csvFormat.inferSchema([f], { inferSchema: 'true' })).fields[0]!.dataType).toEqual(T.string);
    await expect(
      csvFormat.inferSchema([f], { inferSchema: 'true', samplingRatio: '0' }),
    ).rejects.toMatchObject({
      errorClass: 'INVALID_OPTION_VALUE',
    });
  });

  it('enforceSchema=false checks the header against the schema', async () => {
    const f = file('a,c\n1,2\n');
    expect(
      await read(
        f,
        { header: 'true', enforceSchema: 'false' },
        T.struct([T.field('A', T.int), T.field('c', T.int)]),
      ),
    ).toEqual([[1, 2]]);
    const err = await read(f, { header: 'true', enforceSchema: 'false' }, ints).catch((e: unknown) => e);
    expect(err).toMatchObject({ errorClass: 'FAILED_READ_FILE.NO_HINT' });
    expect(((err as Error).cause as Error).message).toBe(
      `CSV header does not conform to the schema.\n Header: a, c\n Schema: a, b\nExpected: b but found: c\nCSV file: file:${f.path}`,
    );
    // With enforceSchema (the default) the header is ignored.
    expect(await read(f, { header: 'true' }, ints)).toEqual([[1, 2]]);
  });
});

describe('csv parse modes', () => {
  const withCorrupt = T.struct([
    T.field('a', T.int),
    T.field('b', T.int),
    T.field('_corrupt_record', T.string),
  ]);
  const text = '1,2\nx,3\n4\n5,6,7\ny\n';

  it('PERMISSIVE keeps the partial row and the raw record in the corrupt-record column (Spark 4)', async () => {
    expect(await read(file(text), {}, withCorrupt)).toEqual([
      [1, 2, null],
      [null, 3, 'x,3'],
      [4, null, '4'],
      [5, 6, '5,6,7'],
      [null, null, 'y'],
    ]);
    // Without the column, the partial rows stay (no longer all-null as in Spark 2).
    expect(await read(file(text), { mode: 'nonsense' }, ints)).toEqual([
      [1, 2],
      [null, 3],
      [4, null],
      [5, 6],
      [null, null],
    ]);
  });

  it('columnNameOfCorruptRecord names the column; it must be a string', async () => {
    const s = T.struct([T.field('a', T.int), T.field('bad', T.string)]);
    expect(await read(file('1\nz\n'), { columnNameOfCorruptRecord: 'bad' }, s)).toEqual([
      [1, null],
      [null, 'z'],
    ]);
    const wrong = T.struct([T.field('a', T.int), T.field('_corrupt_record', T.int)]);
    await expect(read(file('1\n'), {}, wrong)).rejects.toMatchObject({
      errorClass: 'INVALID_CORRUPT_RECORD_TYPE',
      message:
        '[INVALID_CORRUPT_RECORD_TYPE] The column `_corrupt_record` for corrupt records must have the nullable STRING type, but got INT. SQLSTATE: 42804',
    });
  });

  it('DROPMALFORMED drops bad records; FAILFAST names the result row', async () => {
    expect(await read(file(text), { mode: 'DROPMALFORMED' }, withCorrupt)).toEqual([[1, 2, null]]);
    const err = await read(file('1,2\nx,3\n'), { mode: 'FAILFAST' }, withCorrupt).catch((e: unknown) => e);
    expect((err as Error).cause).toMatchObject({
      errorClass: 'MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION',
      messageParameters: { badRecord: '[null,3,x,3]' },
    });
    expect(((err as Error).cause as Error).message).toBe(
      "[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: [null,3,x,3].\nParse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'. SQLSTATE: 22023",
    );
  });

  it('maxColumns and maxCharsPerColumn fail the read', async () => {
    const err = await read(file('1,2,3\n'), { maxColumns: '2' }, ints).catch((e: unknown) => e);
    expect(err).toMatchObject({ errorClass: 'FAILED_READ_FILE.NO_HINT' });
    expect(await read(file('1,2\n'), { maxColumns: '2' }, ints)).toEqual([[1, 2]]);
    const long = await read(file('abcd,x\n'), { maxCharsPerColumn: '3' }, ab).catch((e: unknown) => e);
    expect(((long as Error).cause as Error).message).toBe(
      'Length of parsed input (4) exceeds the maximum number of characters defined in your parser settings (3).',
    );
  });
});
