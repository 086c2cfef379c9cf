import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Batch, type StructType, T, batchFromRows, batchToRows } from '@flint/common';
import { parquetMetadata } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { readFiles } from '../index.js';
import { parquetFormat } from './parquet-format.js';
import { SPARK_ROW_METADATA_KEY, schemaFromSparkJson } from './spark-schema-json.js';

const dir = (): string => mkdtempSync(join(tmpdir(), 'flint-pqw-'));

async function writeFile(path: string, schema: StructType, batches: Batch[], options = {}): Promise<void> {
  const factory = parquetFormat.prepareWrite(schema, options);
  const w = await factory.newWriter(path, schema);
  for (const b of batches) await w.write(b);
  await w.close();
}

async function readAll(path: string, schema: StructType): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  for await (const b of readFiles(parquetFormat, [path], schema, {})) rows.push(...batchToRows(b));
  return rows;
}

function footer(path: string): ReturnType<typeof parquetMetadata> {
  const buf = readFileSync(path);
  return parquetMetadata(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
}

const schema = T.struct([
  T.field('i', T.int),
  T.field('s', T.string),
  T.field('d', T.decimal(38, 2)),
  T.field('d9', T.decimal(9, 3)),
  T.field('ts', T.timestamp),
  T.field('ntz', T.timestampNtz),
  T.field('dt', T.date),
  T.field('b', T.byte),
  T.field('sh', T.short),
  T.field('f', T.float),
  T.field('bin', T.binary),
  T.field('bo', T.boolean),
  T.field('arr', T.array(T.long)),
  T.field('m', T.map(T.string, T.int)),
  T.field('st', T.struct([T.field('x', T.int), T.field('y', T.string)])),
]);

const rows = [
  [
    1,
    'a',
    12345678901234567890123n,
    -1234n,
    1_700_000_000_123_456n,
    -1n,
    19000,
    -128,
    32767,
    1.5,
    new Uint8Array([0, 255]),
    true,
    [1n, null, 3n],
    { keys: ['k'], values: [null] },
    [7, 'z'],
  ],
  [null, null, null, null, null, null, null, null, null, null, null, null, null, null, null],
  [
    3,
    'ü',
    -1n,
    0n,
    0n,
    0n,
    -1,
    127,
    -32768,
    -0.25,
    new Uint8Array([]),
    false,
    [],
    { keys: [], values: [] },
    [null, null],
  ],
];

describe('parquet writer', () => {
  it('round-trips every supported type, nested values and nulls', async () => {
    const path = join(dir(), 'part-0.snappy.parquet');
    await writeFile(path, schema, [
      batchFromRows(
        schema.fields.map((f) => f.dataType),
        rows,
      ),
    ]);
    expect(await readAll(path, schema)).toEqual(rows);
  });

  it('writes Spark physical types and the Spark schema into the footer', async () => {
    const path = join(dir(), 'part-0.snappy.parquet');
    await writeFile(path, schema, [
      batchFromRows(
        schema.fields.map((f) => f.dataType),
        rows,
      ),
    ]);
    const meta = footer(path);
    const el = (name: string) => meta.schema.find((e) => e.name === name)!;
    // Spark: precision <= 9 -> INT32, <= 18 -> INT64, else FIXED_LEN_BYTE_ARRAY.
    expect(el('d9').type).toBe('INT32');
    expect(el('d').type).toBe('FIXED_LEN_BYTE_ARRAY');
    expect(el('ts').logical_type).toEqual({ type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' });
    expect(el('ntz').logical_type).toEqual({ type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MICROS' });
    expect(meta.row_groups[0]!.columns[0]!.meta_data!.codec).toBe('SNAPPY');
    const json = meta.key_value_metadata!.find((kv) => kv.key === SPARK_ROW_METADATA_KEY)!.value!;
    expect(schemaFromSparkJson(json)).toEqual(schema);
    expect(
      json.startsWith(
        '{"type":"struct","fields":[{"name":"i","type":"integer","nullable":true,"metadata":{}}',
      ),
    ).toBe(true);
  });

  it('writes many batches into one streamed file and an empty file with its schema', async () => {
    const d = dir();
    const s = T.struct([T.field('id', T.long)]);
    const batches = Array.from({ length: 20 }, (_, k) =>
      batchFromRows(
        [T.long],
        Array.from({ length: 1000 }, (_, i) => [BigInt(k * 1000 + i)]),
      ),
    );
    await writeFile(join(d, 'a.parquet'), s, batches);
    let sum = 0n;
    let n = 0;
    for await (const b of readFiles(parquetFormat, [join(d, 'a.parquet')], s, {}))
      for (const r of batchToRows(b)) {
        sum += r[0] as bigint;
        n++;
      }
    expect(n).toBe(20000);
    expect(sum).toBe(199990000n);
    await writeFile(join(d, 'empty.parquet'), s, []);
    expect(footer(join(d, 'empty.parquet')).num_rows).toBe(0n);
    expect(await readAll(join(d, 'empty.parquet'), s)).toEqual([]);
  });

  it('names the codec in the extension and the column chunks', async () => {
    const s = T.struct([T.field('x', T.int)]);
    const cases: [string, string, string][] = [
      ['snappy', '.snappy.parquet', 'SNAPPY'],
      ['ZSTD', '.zstd.parquet', 'ZSTD'],
      ['gzip', '.gz.parquet', 'GZIP'],
      ['brotli', '.br.parquet', 'BROTLI'],
      ['lz4', '.lz4hadoop.parquet', 'LZ4'],
      ['lz4_raw', '.lz4raw.parquet', 'LZ4_RAW'],
      ['none', '.parquet', 'UNCOMPRESSED'],
      ['uncompressed', '.parquet', 'UNCOMPRESSED'],
    ];
    const d = dir();
    for (const [codec, ext, name] of cases) {
      const f = parquetFormat.prepareWrite(s, { compression: codec });
      expect(f.extension).toBe(ext);
      const path = join(d, `p-${codec}${ext}`);
      await writeFile(path, s, [batchFromRows([T.int], [[1], [null], [3]])], { compression: codec });
      expect(footer(path).row_groups[0]!.columns[0]!.meta_data!.codec).toBe(name);
      expect(await readAll(path, s)).toEqual([[1], [null], [3]]);
    }
    expect(parquetFormat.prepareWrite(s, {}).extension).toBe('.snappy.parquet');
  });

  it('rejects unknown codecs and types Parquet cannot hold, like Spark', () => {
    const s = T.struct([T.field('x', T.int)]);
    expect(() => parquetFormat.prepareWrite(s, { compression: 'foo' })).toThrow(
      '[CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION] The codec foo is not available. Available codecs are brotli, uncompressed, lzo, snappy, lz4_raw, none, zstd, lz4, gzip. SQLSTATE: 56038',
    );
    expect(() => parquetFormat.prepareWrite(T.struct([T.field('i', T.yearMonthInterval())]), {})).toThrow(
      /UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE.*Parquet datasource doesn't support the column `i` of the type "INTERVAL YEAR TO MONTH"/,
    );
  });

  it('reads field metadata back from the Spark schema in the footer (e.g. VARCHAR columns)', async () => {
    const md = { __CHAR_VARCHAR_TYPE_STRING: 'varchar(5)' };
    const s = T.struct([{ ...T.field('v', T.string), metadata: md }, T.field('n', T.int)]);
    const path = join(dir(), 'meta.parquet');
    await writeFile(path, s, [batchFromRows([T.string, T.int], [['abc', 1]])]);
    const got = await parquetFormat.inferSchema([{ path, size: 0, modificationTime: 0 }], {});
    expect(got.fields[0]).toEqual({ name: 'v', dataType: T.string, nullable: true, metadata: md });
    expect(got.fields[1]).toEqual(T.field('n', T.int));
  });
});
