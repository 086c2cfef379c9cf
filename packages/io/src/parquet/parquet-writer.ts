// Writes Parquet files as batches arrive: each Batch becomes an Arrow record batch that parquet-wasm's
// streaming writer encodes, row group by row group, straight into the file (never the whole file in memory).
// Types follow Spark's writer: decimals as INT32/INT64/FIXED_LEN_BYTE_ARRAY by precision, TIMESTAMP as
// INT64 micros adjusted to UTC (Spark's TIMESTAMP_MICROS; INT96 cannot be written by parquet-wasm),
// TIMESTAMP_NTZ as INT64 micros not adjusted, and the Spark schema JSON in the footer's key-value metadata.

import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';
import {
  type Batch,
  type DataType,
  FlintError,
  type StructType,
  allocValues,
  batchToArrow,
  sqlTypeName,
  quoteIfNeeded,
} from '@flint/common';
import { Table as ArrowTable, tableToIPC } from 'apache-arrow';
import {
  Compression,
  type RecordBatch as WasmRecordBatch,
  Table as WasmTable,
  WriterPropertiesBuilder,
  transformParquetStream,
} from 'parquet-wasm';
import type { OutputWriter, OutputWriterFactory } from '../format.js';
import { type DataSourceOptions, getOption } from '../options.js';
import { SPARK_ROW_METADATA_KEY, schemaToSparkJson } from './spark-schema-json.js';

/** Spark's short codec names (ParquetOptions.shortParquetCompressionCodecNames), in Spark's listing order. */
const CODECS = ['brotli', 'uncompressed', 'lzo', 'snappy', 'lz4_raw', 'none', 'zstd', 'lz4', 'gzip'] as const;
type Codec = (typeof CODECS)[number];

/** File name extension per codec (parquet-mr's CompressionCodecName.getExtension). */
const EXTENSION: Record<Codec, string> = {
  none: '',
  uncompressed: '',
  snappy: '.snappy',
  gzip: '.gz',
  lzo: '.lzo',
  brotli: '.br',
  lz4: '.lz4hadoop',
  lz4_raw: '.lz4raw',
  zstd: '.zstd',
};

/** Spark's default parquet.block.size: a row group is flushed at about 128 MB. */
const ROW_GROUP_BYTES = 128 * 1024 * 1024;

/** The codec named by the `compression` (or `parquet.compression`) option, default the session's snappy. */
export function parquetCodec(options: DataSourceOptions): Codec {
  const raw =
    getOption(options, 'compression') ??
    getOption(options, 'parquet.compression') ??
    getOption(options, 'spark.sql.parquet.compression.codec') ??
    'snappy';
  const name = raw.toLowerCase();
  if (!(CODECS as readonly string[]).includes(name)) {
    const available = CODECS.join(', ');
    throw new FlintError(
      'CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION',
      `[CODEC_NOT_AVAILABLE.WITH_AVAILABLE_CODECS_SUGGESTION] The codec ${name} is not available. Available codecs are ${available}. SQLSTATE: 56038`,
      { codecName: name, availableCodecs: available },
      null,
      '56038',
    );
  }
  return name as Codec;
}

function wasmCompression(codec: Codec): Compression {
  switch (codec) {
    case 'none':
    case 'uncompressed':
      return Compression.UNCOMPRESSED;
    case 'snappy':
      return Compression.SNAPPY;
    case 'gzip':
      return Compression.GZIP;
    case 'brotli':
      return Compression.BROTLI;
    case 'lz4':
      return Compression.LZ4;
    case 'lz4_raw':
      return Compression.LZ4_RAW;
    case 'zstd':
      return Compression.ZSTD;
    case 'lzo':
      // Neither parquet-wasm nor a stock Spark (no LZO jars) can write LZO.
      throw new FlintError(
        'CODEC_NOT_AVAILABLE',
        '[CODEC_NOT_AVAILABLE] The codec lzo is not available. SQLSTATE: 56038',
        { codecName: 'lzo' },
        null,
        '56038',
      );
  }
}

/** Spark's ParquetFileFormat.supportDataType: atomic types and nests of them; no intervals, no void. */
function supported(t: DataType): boolean {
  switch (t.kind) {
    case 'array':
      return supported(t.elementType);
    case 'map':
      return supported(t.keyType) && supported(t.valueType);
    case 'struct':
      return t.fields.every((f) => supported(f.dataType));
    case 'null':
    case 'year_month_interval':
    case 'day_time_interval':
    case 'calendar_interval':
    case 'time':
      return false;
    default:
      return true;
  }
}

function checkSchema(schema: StructType): void {
  for (const f of schema.fields) {
    if (supported(f.dataType)) continue;
    const typeText = f.dataType.kind === 'null' ? 'VOID' : sqlTypeName(f.dataType);
    throw new FlintError(
      'UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE',
      `[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The Parquet datasource doesn't support the column \`${f.name.replace(/`/g, '``')}\` of the type "${typeText}". SQLSTATE: 0A000`,
      { columnName: `\`${quoteIfNeeded(f.name)}\``, columnType: `"${typeText}"`, format: 'Parquet' },
      null,
      '0A000',
    );
  }
}

function toWasmBatches(batch: Batch, schema: StructType): WasmRecordBatch[] {
  const ipc = tableToIPC(new ArrowTable([batchToArrow(batch, schema)]), 'stream');
  const table = WasmTable.fromIPCStream(ipc);
  try {
    return table.recordBatches();
  } finally {
    table.free();
  }
}

/** Opens a streaming Parquet writer on `path`. */
function openWriter(
  path: string,
  schema: StructType,
  codec: Codec,
  rowGroupRows: number | undefined,
): OutputWriter {
  let builder = new WriterPropertiesBuilder();
  if (rowGroupRows !== undefined) builder = builder.setMaxRowGroupSize(rowGroupRows);
  const props = builder
    .setCompression(wasmCompression(codec))
    .setMaxRowGroupBytes(ROW_GROUP_BYTES)
    .setCreatedBy('parquet-mr version 1.15.1 (Flint)')
    .setKeyValueMetadata(
      new Map([
        ['org.apache.spark.version', '4.0.0'],
        [SPARK_ROW_METADATA_KEY, schemaToSparkJson(schema)],
      ]),
    )
    .build();
  // The writer pulls record batches from `input`; write() resolves once its batch has been taken, so at
  // most one batch waits beside the row group being encoded.
  const pending: { batches: WasmRecordBatch[]; taken: () => void }[] = [];
  let wake: (() => void) | null = null;
  let closed = false;
  let wroteAny = false;
  const input = new ReadableStream<WasmRecordBatch>(
    {
      async pull(controller) {
        while (pending.length === 0 && !closed) await new Promise<void>((r) => (wake = r));
        const next = pending.shift();
        if (next === undefined) {
          controller.close();
          return;
        }
        for (const rb of next.batches) controller.enqueue(rb);
        next.taken();
      },
    },
    { highWaterMark: 0 },
  );
  const sink = createWriteStream(path);
  let failure: unknown = null;
  // Not awaited here: the writer reads the first batch (for its schema) before it hands back its output.
  const done = transformParquetStream(input, props)
    .then((output) => output.pipeTo(Writable.toWeb(sink) as WritableStream<Uint8Array>))
    .catch((e: unknown) => {
      failure = e;
      for (const p of pending.splice(0)) p.taken();
    });
  const push = (batches: WasmRecordBatch[]): Promise<void> =>
    new Promise<void>((resolve) => {
      pending.push({ batches, taken: resolve });
      const w = wake;
      wake = null;
      w?.();
    });
  const fail = (): never => {
    throw new FlintError(
      'TASK_WRITE_FAILED',
      `[TASK_WRITE_FAILED] Task failed while writing rows to file:${path}. SQLSTATE: 58030`,
      { path: `file:${path}`, cause: failure instanceof Error ? failure.message : String(failure) },
      null,
      '58030',
    );
  };
  return {
    async write(batch: Batch): Promise<void> {
      if (failure !== null) fail();
      if (batch.numRows === 0) return;
      wroteAny = true;
      await push(toWasmBatches(batch, schema));
      if (failure !== null) fail();
    },
    async close(): Promise<void> {
      // An empty file still carries the schema: write one empty batch.
      if (!wroteAny && failure === null) {
        await push(
          toWasmBatches({ numRows: 0, columns: schema.fields.map((f) => emptyVector(f.dataType)) }, schema),
        );
      }
      closed = true;
      const w = wake;
      wake = null;
      w?.();
      await done;
      if (failure !== null) fail();
    },
  };
}

function emptyVector(type: DataType): Batch['columns'][number] {
  return { type, length: 0, values: allocValues(type, 0), nulls: null };
}

/** parquet-mr's `parquet.block.row.count.limit`: at most this many rows per row group (unset: no limit). */
function rowGroupRowLimit(options: DataSourceOptions): number | undefined {
  const raw = getOption(options, 'parquet.block.row.count.limit');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Spark's ParquetFileFormat.prepareWrite: validates the options and returns the output-file factory. */
export function prepareParquetWrite(dataSchema: StructType, options: DataSourceOptions): OutputWriterFactory {
  checkSchema(dataSchema);
  const codec = parquetCodec(options);
  wasmCompression(codec);
  const rowGroupRows = rowGroupRowLimit(options);
  return {
    extension: `${EXTENSION[codec]}.parquet`,
    newWriter: (path, schema) => Promise.resolve(openWriter(path, schema, codec, rowGroupRows)),
  };
}
