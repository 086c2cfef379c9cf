import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Batch,
  FlintError,
  type StructType,
  T,
  batchFromRows,
  batchToRows,
  batchesToTable,
} from '@flint/common';
import {
  Int16,
  Int8,
  Table,
  TimestampMicrosecond,
  TimestampMillisecond,
  tableToIPC,
  vectorFromArray,
} from 'apache-arrow';
import {
  Compression,
  Table as WasmTable,
  WriterPropertiesBuilder,
  WriterVersion,
  writeParquet,
} from 'parquet-wasm';
import { describe, expect, it } from 'vitest';
import { inferSchema, readFiles } from '../index.js';
import { parquetFormat } from './parquet-format.js';
import { rawFooter } from './parquet-mini-file.js';
import { readParquetFooterRaw } from './parquet-footer.js';
import {
  type ThriftStruct,
  decodeThriftStructAt,
  encodeThriftStruct,
  listLike,
  withFields,
} from './parquet-thrift.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'flint-pqr-'));

function writeArrow(path: string, table: Table, compression = Compression.SNAPPY): void {
  const props = new WriterPropertiesBuilder().setCompression(compression).build();
  writeFileSync(path, writeParquet(WasmTable.fromIPCStream(tableToIPC(table, 'stream')), props));
}

function writeRows(
  path: string,
  schema: StructType,
  rows: unknown[][],
  compression = Compression.SNAPPY,
): void {
  const b = batchFromRows(
    schema.fields.map((f) => f.dataType),
    rows as never,
  );
  writeArrow(path, batchesToTable([b], schema), compression);
}

async function readAll(
  paths: string[],
  schema: StructType,
  options: Record<string, string> = {},
): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  for await (const b of readFiles(parquetFormat, paths, schema, options))
    rows.push(...batchToRows(b as Batch));
  return rows;
}

const nested = T.struct([
  T.field('id', T.int),
  T.field('st', T.struct([T.field('a', T.long), T.field('b', T.array(T.string))])),
  T.field('arr', T.array(T.struct([T.field('x', T.double)]))),
  T.field('m', T.map(T.string, T.array(T.int))),
  T.field('d', T.decimal(20, 4)),
]);
const nestedRows = [
  [1, [10n, ['p', null]], [[1.5], null], { keys: ['k1', 'k2'], values: [[1, 2], null] }, 123456789012345678n],
  [2, null, null, null, null],
  [3, [null, []], [], { keys: [], values: [] }, -1n],
];

describe('parquet reading', () => {
  it('reads every common codec', async () => {
    const d = tmp();
    const s = T.struct([T.field('i', T.long), T.field('s', T.string)]);
    const rows = Array.from({ length: 500 }, (_, i) => [BigInt(i), `v${i % 7}`]);
    const codecs = [
      Compression.UNCOMPRESSED,
      Compression.SNAPPY,
      Compression.GZIP,
      Compression.BROTLI,
      Compression.LZ4,
      Compression.ZSTD,
      Compression.LZ4_RAW,
    ];
    for (const c of codecs) {
      const p = join(d, `c${c}.parquet`);
      writeRows(p, s, rows, c);
      expect(await readAll([p], s)).toEqual(rows);
    }
  });

  it('reads nested structs, arrays and maps, and projects single nested columns', async () => {
    const d = tmp();
    const p = join(d, 'n.parquet');
    writeRows(p, nested, nestedRows);
    expect(await inferSchema(parquetFormat, [p], {})).toEqual(nested);
    expect(await readAll([p], nested)).toEqual(nestedRows);
    for (const [k, f] of nested.fields.entries()) {
      const got = await readAll([p], T.struct([f]));
      expect(got).toEqual(nestedRows.map((r) => [r[k]]));
    }
    // A struct read with a subset of its fields (Spark's nested schema pruning).
    const pruned = T.struct([T.field('st', T.struct([T.field('a', T.long)]))]);
    expect(await readAll([p], pruned)).toEqual([[[10n]], [null], [[null]]]);
  });

  it('maps byte/short, millis/micros timestamps and NTZ to Spark types', async () => {
    const d = tmp();
    const p = join(d, 't.parquet');
    writeArrow(
      p,
      new Table({
        b: vectorFromArray([-128, 127, null], new Int8()),
        h: vectorFromArray([-32768, 5, null], new Int16()),
        ms: vectorFromArray([1000, -1, null], new TimestampMillisecond('UTC')),
        us: vectorFromArray([1000, 2, null], new TimestampMicrosecond()),
      }),
    );
    const schema = await inferSchema(parquetFormat, [p], {});
    expect(schema.fields.map((f) => f.dataType)).toEqual([T.byte, T.short, T.timestamp, T.timestampNtz]);
    const rows = await readAll([p], schema);
    // Arrow JS takes milliseconds for every timestamp unit: 1000 ms = 1_000_000 micros.
    expect(rows).toEqual([
      [-128, -32768, 1_000_000n, 1_000_000n],
      [127, 5, -1000n, 2000n],
      [null, null, null, null],
    ]);
  });

  it('reads the first file schema by default and the merged schema with mergeSchema', async () => {
    const d = tmp();
    mkdirSync(join(d, 't'));
    const s1 = T.struct([T.field('a', T.int), T.field('b', T.string)]);
    const s2 = T.struct([T.field('a', T.int), T.field('c', T.double)]);
    writeRows(join(d, 't', 'part-0.parquet'), s1, [[1, 'x']]);
    writeRows(join(d, 't', 'part-1.parquet'), s2, [[2, 0.5]]);
    expect(await inferSchema(parquetFormat, [join(d, 't')], {})).toEqual(s1);
    const merged = await inferSchema(parquetFormat, [join(d, 't')], { mergeSchema: 'true' });
    expect(merged).toEqual(T.struct([T.field('a', T.int), T.field('b', T.string), T.field('c', T.double)]));
    expect(
      await inferSchema(parquetFormat, [join(d, 't')], { 'spark.sql.parquet.mergeSchema': 'true' }),
    ).toEqual(merged);
    // The option wins over the session default.
    expect(
      await inferSchema(parquetFormat, [join(d, 't')], {
        'spark.sql.parquet.mergeSchema': 'true',
        mergeschema: 'false',
      }),
    ).toEqual(s1);
    const rows = await readAll([join(d, 't')], merged);
    expect(rows).toEqual([
      [1, 'x', null],
      [2, null, 0.5],
    ]);
  });

  it('fails mergeSchema on incompatible types with CANNOT_MERGE_SCHEMAS', async () => {
    const d = tmp();
    writeRows(join(d, 'a.parquet'), T.struct([T.field('a', T.int)]), [[1]]);
    writeRows(join(d, 'b.parquet'), T.struct([T.field('a', T.string)]), [['x']]);
    await expect(inferSchema(parquetFormat, [d], { mergeSchema: 'true' })).rejects.toThrow(
      '[CANNOT_MERGE_SCHEMAS] Failed merging schemas:\nInitial schema:\n"STRUCT<a: INT>"\nSchema that cannot be merged with the initial schema:\n"STRUCT<a: STRING>". SQLSTATE: 42KD9',
    );
    await expect(inferSchema(parquetFormat, [d], { mergeSchema: 'yes' })).rejects.toThrow(/mergeSchema/);
  });

  it('widens int to long when the read schema asks, and rejects a mismatched type naming the file', async () => {
    const d = tmp();
    const p = join(d, 'a.parquet');
    writeRows(p, T.struct([T.field('a', T.int)]), [[1], [null]]);
    expect(await readAll([p], T.struct([T.field('a', T.long)]))).toEqual([[1n], [null]]);
    const err = await readAll([p], T.struct([T.field('a', T.string)])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FlintError);
    expect((err as FlintError).errorClass).toBe('FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH');
    expect((err as Error).message).toContain(`file:${p}`);
  });

  it('reports non-Parquet, truncated and corrupt files as FAILED_READ_FILE naming the file', async () => {
    const d = tmp();
    const good = join(d, 'good.parquet');
    writeRows(
      good,
      T.struct([T.field('a', T.int)]),
      Array.from({ length: 100 }, (_, i) => [i]),
    );
    const bytes = readFileSync(good);
    const cases: [string, Uint8Array][] = [
      ['text.parquet', new TextEncoder().encode('hello, this is not parquet at all\n')],
      ['tiny.parquet', new Uint8Array([1, 2, 3])],
      ['truncated.parquet', bytes.subarray(0, bytes.length - 10)],
      [
        'badlen.parquet',
        (() => {
          const b = Uint8Array.from(bytes);
          new DataView(b.buffer).setUint32(b.length - 8, 0x7fffffff, true);
          return b;
        })(),
      ],
      [
        'garbled-footer.parquet',
        (() => {
          const b = Uint8Array.from(bytes);
          const len = new DataView(b.buffer).getUint32(b.length - 8, true);
          b.fill(0xee, b.length - 8 - len, b.length - 8);
          return b;
        })(),
      ],
      [
        'garbled-data.parquet',
        (() => {
          const b = Uint8Array.from(bytes);
          b.fill(0x55, 4, Math.min(200, b.length - 100));
          return b;
        })(),
      ],
    ];
    for (const [name, content] of cases) {
      const p = join(d, name);
      writeFileSync(p, content);
      const err = await readAll([p], T.struct([T.field('a', T.int)])).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, name).toBeInstanceOf(FlintError);
      expect((err as FlintError).errorClass, name).toBe('FAILED_READ_FILE.NO_HINT');
      expect((err as Error).message, name).toBe(
        `[FAILED_READ_FILE.NO_HINT] Encountered error while reading file file:${p}. SQLSTATE: KD001`,
      );
    }
    // Nested columns go through parquet-wasm: corrupt pages there fail the same way, without a hang.
    const nestedPath = join(d, 'nested.parquet');
    writeRows(
      nestedPath,
      nested,
      Array.from({ length: 50 }, () => nestedRows[0]!),
    );
    const nb = readFileSync(nestedPath);
    for (let k = 0; k < 4; k++) {
      const b = Uint8Array.from(nb);
      b.fill(0x33 + k * 40, 4 + k * 30, Math.min(4 + k * 30 + 150, b.length - 200));
      const p = join(d, `nested-bad-${k}.parquet`);
      writeFileSync(p, b);
      const err = await readAll([p], nested).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, p).toBeInstanceOf(FlintError);
      expect((err as FlintError).errorClass).toBe('FAILED_READ_FILE.NO_HINT');
    }
    // Reading still works afterwards (a failed decode must not break the decoder).
    expect((await readAll([good], T.struct([T.field('a', T.int)]))).length).toBe(100);
    expect((await readAll([nestedPath], nested)).length).toBe(50);
  });

  it('decodes flat columns itself exactly as parquet-wasm does: page v1/v2, dictionary or plain, nulls', async () => {
    const d = tmp();
    const s = T.struct([
      T.field('bo', T.boolean),
      T.field('b', T.byte),
      T.field('h', T.short),
      T.field('i', T.int),
      T.field('l', T.long),
      T.field('f', T.float),
      T.field('x', T.double),
      T.field('d9', T.decimal(9, 2)),
      T.field('d18', T.decimal(18, 3)),
      T.field('d30', T.decimal(30, 5)),
      T.field('s', T.string),
      T.field('bin', T.binary),
      T.field('dt', T.date),
      T.field('ts', T.timestamp),
      T.field('ntz', T.timestampNtz),
    ]);
    const rows = Array.from({ length: 1200 }, (_, i) =>
      i % 7 === 3
        ? s.fields.map(() => null)
        : [
            i % 3 === 0,
            (i % 256) - 128,
            i - 1500,
            i * 7919 - 10_000_000,
            BigInt(i) * 1_000_000_007n - 5n,
            i / 8,
            i % 11 === 0 ? Number.NaN : -i / 3,
            BigInt(i % 50) - 25n,
            BigInt(i) * 123_456_789n,
            10n ** 29n - BigInt(i),
            // Non-ASCII, long (a PLAIN length prefix byte >= 0x80) and short ASCII strings.
            i % 5 === 0 ? 'ünï' + String(i % 13) : i % 17 === 1 ? 'x'.repeat(150 + (i % 3)) : `s${i % 40}`,
            new Uint8Array([i & 255, (i >> 8) & 255]),
            i - 1000,
            BigInt(i) * 1_000_123n - 7n,
            BigInt(-i) * 999n,
          ],
    );
    const b = batchFromRows(
      s.fields.map((f) => f.dataType),
      rows as never,
    );
    const variants: [string, () => WriterPropertiesBuilder][] = [
      ['v1-dict', () => new WriterPropertiesBuilder()],
      ['v2-dict', () => new WriterPropertiesBuilder().setWriterVersion(WriterVersion.V2)],
      ['v1-plain', () => new WriterPropertiesBuilder().setDictionaryEnabled(false)],
      [
        'v2-plain-gzip-small-pages',
        () =>
          new WriterPropertiesBuilder()
            .setWriterVersion(WriterVersion.V2)
            .setDictionaryEnabled(false)
            .setCompression(Compression.GZIP)
            .setDataPageSizeLimit(512)
            .setWriteBatchSize(100)
            .setMaxRowGroupSize(500),
      ],
      ['uncompressed', () => new WriterPropertiesBuilder().setCompression(Compression.UNCOMPRESSED)],
      ['brotli', () => new WriterPropertiesBuilder().setCompression(Compression.BROTLI)],
    ];
    for (const [name, props] of variants) {
      const p = join(d, `${name}.parquet`);
      const ipc = tableToIPC(batchesToTable([b], s), 'stream');
      writeFileSync(p, writeParquet(WasmTable.fromIPCStream(ipc), props().build()));
      const own = await readAll([p], s);
      expect(own, name).toEqual(rows);
      expect(await readAll([p], s, { 'flint.parquet.ownDecoder': 'false' }), name).toEqual(own);
    }
  });

  it("reads INT96 timestamps (Spark's default) as TIMESTAMP, by both decoders", async () => {
    // Write one REQUIRED INT64 column, PLAIN and uncompressed, then rewrite its page and footer as INT96.
    const d = tmp();
    const src = join(d, 'int64.parquet');
    const s = T.struct([T.field('t', T.long, false)]);
    const micros = [0n, 1n, -1n, 1_700_000_000_123_456n, -62_135_596_800_000_000n];
    const props = new WriterPropertiesBuilder()
      .setCompression(Compression.UNCOMPRESSED)
      .setDictionaryEnabled(false)
      .setStatisticsEnabled(0)
      .build();
    writeFileSync(
      src,
      writeParquet(
        WasmTable.fromIPCStream(
          tableToIPC(
            batchesToTable(
              [
                batchFromRows(
                  [T.long],
                  micros.map((m) => [m]),
                ),
              ],
              s,
            ),
            'stream',
          ),
        ),
        props,
      ),
    );
    const file = readFileSync(src);
    const footer = await readParquetFooterRaw(src);
    const meta = rawFooter(footer);
    const rg = (meta[4] as ThriftStruct[])[0]!;
    const chunk = (rg[1] as ThriftStruct[])[0]!;
    const md = chunk[3] as ThriftStruct;
    const { value: ph } = decodeThriftStructAt(file, md[9] as number);
    // INT96: 8 bytes of nanoseconds within the day, then the Julian day number.
    const data = new Uint8Array(micros.length * 12);
    const dv = new DataView(data.buffer);
    micros.forEach((m, i) => {
      const day = m >= 0n ? m / 86_400_000_000n : -((-m + 86_400_000_000n - 1n) / 86_400_000_000n);
      dv.setBigInt64(i * 12, (m - day * 86_400_000_000n) * 1000n, true);
      dv.setInt32(i * 12 + 8, Number(day) + 2440588, true);
    });
    const header = encodeThriftStruct(withFields(ph, { 2: data.length, 3: data.length }));
    const pageStart = 4;
    const md2 = withFields(md, {
      1: 3,
      6: header.length + data.length,
      7: header.length + data.length,
      9: pageStart,
      11: undefined,
      12: undefined,
    });
    const schemaEls = meta[2] as ThriftStruct[];
    const leaf = withFields(schemaEls[1]!, { 1: 3, 6: undefined, 10: undefined });
    const kv = (meta[5] as ThriftStruct[] | undefined) ?? [];
    const meta2 = withFields(meta, {
      2: listLike(schemaEls, [schemaEls[0]!, leaf]),
      4: listLike(meta[4] as ThriftStruct[], [
        withFields(rg, {
          1: listLike(rg[1] as ThriftStruct[], [withFields(chunk, { 2: pageStart, 3: md2 })]),
          5: undefined,
          6: undefined,
        }),
      ]),
      5: listLike(
        kv,
        kv.filter((x) => new TextDecoder().decode(x[1] as Uint8Array) !== 'ARROW:schema'),
      ),
    });
    const fm = encodeThriftStruct(meta2);
    const out = new Uint8Array(4 + header.length + data.length + fm.length + 8);
    out.set([0x50, 0x41, 0x52, 0x31]);
    out.set(header, 4);
    out.set(data, 4 + header.length);
    out.set(fm, 4 + header.length + data.length);
    new DataView(out.buffer).setUint32(out.length - 8, fm.length, true);
    out.set([0x50, 0x41, 0x52, 0x31], out.length - 4);
    const p = join(d, 'int96.parquet');
    writeFileSync(p, out);
    const schema = await inferSchema(parquetFormat, [p], {});
    expect(schema).toEqual(T.struct([T.field('t', T.timestamp)]));
    const expected = micros.map((m) => [m]);
    expect(await readAll([p], schema)).toEqual(expected);
    // parquet-wasm goes through nanoseconds: only years 1677..2262 survive that path (used for nested columns).
    expect((await readAll([p], schema, { 'flint.parquet.ownDecoder': 'false' })).slice(0, 4)).toEqual(
      expected.slice(0, 4),
    );
  });
});
