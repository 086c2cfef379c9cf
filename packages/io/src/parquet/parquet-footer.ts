// Reads a Parquet file's footer (only its last bytes, never the data) and maps the Parquet schema to
// Spark types the way Spark's ParquetToSparkSchemaConverter does.

import { type FileHandle, open } from 'node:fs/promises';
import { type DataType, FlintError, type StructField, type StructType, T } from '@flint/common';
import { type FileMetaData, type SchemaElement, parquetMetadata } from 'hyparquet';

/** Spark's FAILED_READ_FILE.NO_HINT for `path`; `why` becomes the error's cause. */
export function failedReadFile(path: string, why: string): FlintError {
  const err = new FlintError(
    'FAILED_READ_FILE.NO_HINT',
    `[FAILED_READ_FILE.NO_HINT] Encountered error while reading file file:${path}. SQLSTATE: KD001`,
    { path: `file:${path}`, cause: why },
    null,
    'KD001',
  );
  // Spark keeps the underlying exception as the cause; so do we (its text is also in the params).
  Object.defineProperty(err, 'cause', { value: new Error(why), enumerable: false });
  return err;
}

/** A file's footer: hyparquet's decoded metadata plus the raw Thrift bytes (for exact statistics). */
export interface ParquetFooter {
  readonly meta: FileMetaData;
  readonly raw: Uint8Array;
}

/** Recently read footers by path, size and modification time (a changed file is read again). */
const footerCache = new Map<string, ParquetFooter>();
const FOOTER_CACHE_SIZE = 32;

function causeText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Opens `path` for reading; a missing file is Spark's FAILED_READ_FILE.FILE_NOT_EXIST. */
export async function openParquetFile(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') {
      throw new FlintError(
        'FAILED_READ_FILE.FILE_NOT_EXIST',
        `[FAILED_READ_FILE.FILE_NOT_EXIST] File file:${path} does not exist. It is possible the underlying files have been updated. You can explicitly invalidate the cache in Spark by running 'REFRESH TABLE tableName' command in SQL or by recreating the Dataset/DataFrame involved. SQLSTATE: KD001`,
        { path: `file:${path}` },
        null,
        'KD001',
      );
    }
    throw failedReadFile(path, causeText(e));
  }
}

/**
 * Reads the footer of `path` with two small reads at the end of the file (never the data), through
 * `handle` when given (left open), else through a handle of its own.
 */
export async function readParquetFooterRaw(path: string, handle?: FileHandle): Promise<ParquetFooter> {
  const fh = handle ?? (await openParquetFile(path));
  try {
    const st = await fh.stat();
    const size = Number(st.size);
    const key = `${path}\u0000${size}\u0000${st.mtimeMs}`;
    const cached = footerCache.get(key);
    if (cached !== undefined) return cached;
    if (size < 12)
      throw failedReadFile(path, `file:${path} is not a Parquet file (length is too low: ${size}).`);
    const tail = new Uint8Array(8);
    await fh.read(tail, 0, 8, size - 8);
    if (tail[4] !== 0x50 || tail[5] !== 0x41 || tail[6] !== 0x52 || tail[7] !== 0x31) {
      throw failedReadFile(
        path,
        `file:${path} is not a Parquet file. Expected magic number at tail, but found [${Array.from(tail.subarray(4)).join(', ')}].`,
      );
    }
    const footerLen = new DataView(tail.buffer).getUint32(0, true);
    if (footerLen + 8 > size - 4) {
      throw failedReadFile(
        path,
        `Corrupted file: the footer index is not within the file: ${size - 8 - footerLen}.`,
      );
    }
    const buf = new Uint8Array(footerLen + 8);
    await fh.read(buf, 0, footerLen + 8, size - 8 - footerLen);
    let meta: FileMetaData;
    try {
      meta = parquetMetadata(buf.buffer);
      if (!Array.isArray(meta.schema) || !Array.isArray(meta.row_groups)) throw new Error('missing schema');
    } catch (e) {
      throw failedReadFile(path, `Could not read footer: ${causeText(e)}`);
    }
    const footer = { meta, raw: buf.subarray(0, footerLen) };
    // Every split of a file reads the same footer: keep the last few.
    if (footerCache.size >= FOOTER_CACHE_SIZE) footerCache.delete(footerCache.keys().next().value!);
    footerCache.set(key, footer);
    return footer;
  } finally {
    if (handle === undefined) await fh.close();
  }
}

/** The footer metadata of `path`, read with two small reads at the end of the file. */
export async function readParquetFooter(path: string): Promise<FileMetaData> {
  return (await readParquetFooterRaw(path)).meta;
}

function unsupported(name: string, what: string): FlintError {
  return new FlintError(
    'PARQUET_TYPE_NOT_SUPPORTED',
    `[PARQUET_TYPE_NOT_SUPPORTED] Parquet type not supported: ${what} (column ${name}). SQLSTATE: 42846`,
    { parquetType: what },
    null,
    '42846',
  );
}

export function primitiveType(el: SchemaElement): DataType {
  const lt = el.logical_type;
  const ct = el.converted_type;
  if (lt?.type === 'DECIMAL') return T.decimal(lt.precision, lt.scale);
  if (ct === 'DECIMAL') return T.decimal(el.precision ?? 10, el.scale ?? 0);
  switch (el.type) {
    case 'BOOLEAN':
      return T.boolean;
    case 'FLOAT':
      return T.float;
    case 'DOUBLE':
      return T.double;
    case 'INT96':
      return T.timestamp;
    case 'INT32': {
      if (lt?.type === 'DATE' || ct === 'DATE') return T.date;
      if (lt?.type === 'INTEGER') {
        if (lt.isSigned) return lt.bitWidth === 8 ? T.byte : lt.bitWidth === 16 ? T.short : T.int;
        return lt.bitWidth === 8 ? T.short : lt.bitWidth === 16 ? T.int : T.long;
      }
      switch (ct) {
        case 'INT_8':
          return T.byte;
        case 'INT_16':
          return T.short;
        case 'UINT_8':
          return T.short;
        case 'UINT_16':
          return T.int;
        case 'UINT_32':
          return T.long;
        case 'TIME_MILLIS':
          throw unsupported(el.name, 'INT32 (TIME(MILLIS))');
        default:
          return T.int;
      }
    }
    case 'INT64': {
      if (lt?.type === 'TIMESTAMP') {
        if (lt.unit === 'NANOS') throw unsupported(el.name, 'INT64 (TIMESTAMP(NANOS))');
        return lt.isAdjustedToUTC ? T.timestamp : T.timestampNtz;
      }
      if (ct === 'TIMESTAMP_MICROS' || ct === 'TIMESTAMP_MILLIS') return T.timestamp;
      if (lt?.type === 'INTEGER' && !lt.isSigned) return T.decimal(20, 0);
      if (ct === 'UINT_64') return T.decimal(20, 0);
      if (lt?.type === 'TIME' || ct === 'TIME_MICROS') throw unsupported(el.name, 'INT64 (TIME)');
      return T.long;
    }
    case 'BYTE_ARRAY':
    case 'FIXED_LEN_BYTE_ARRAY': {
      const isString =
        lt?.type === 'STRING' ||
        lt?.type === 'ENUM' ||
        lt?.type === 'JSON' ||
        ct === 'UTF8' ||
        ct === 'ENUM' ||
        ct === 'JSON';
      if (isString || (el.type === 'FIXED_LEN_BYTE_ARRAY' && lt?.type === 'UUID')) return T.string;
      return T.binary;
    }
    default:
      throw unsupported(el.name, String(el.type));
  }
}

interface Cursor {
  i: number;
}

function isList(el: SchemaElement): boolean {
  return el.logical_type?.type === 'LIST' || el.converted_type === 'LIST';
}

function isMap(el: SchemaElement): boolean {
  return (
    el.logical_type?.type === 'MAP' || el.converted_type === 'MAP' || el.converted_type === 'MAP_KEY_VALUE'
  );
}

/** Converts the element at cur.i (and its subtree) to a field, following Parquet's list/map compatibility rules. */
function convertField(els: readonly SchemaElement[], cur: Cursor): StructField {
  const el = els[cur.i++]!;
  const type = convertType(el, els, cur);
  if (el.repetition_type === 'REPEATED') return T.field(el.name, T.array(type, false), false);
  return T.field(el.name, type, el.repetition_type !== 'REQUIRED');
}

function children(el: SchemaElement, els: readonly SchemaElement[], cur: Cursor): StructField[] {
  const out: StructField[] = [];
  for (let k = 0; k < (el.num_children ?? 0); k++) out.push(convertField(els, cur));
  return out;
}

function convertType(el: SchemaElement, els: readonly SchemaElement[], cur: Cursor): DataType {
  if (el.num_children === undefined || el.type !== undefined) return primitiveType(el);
  if (isList(el) && el.num_children === 1) {
    const rep = els[cur.i]!;
    // 3-level list: LIST group > repeated group `list` with one child `element`.
    if (
      rep.num_children === 1 &&
      rep.repetition_type === 'REPEATED' &&
      rep.name !== 'array' &&
      !rep.name.endsWith('_tuple')
    ) {
      cur.i++;
      const elem = convertField(els, cur);
      return T.array(elem.dataType, elem.nullable);
    }
    // 2-level list: the repeated child is the element itself.
    cur.i++;
    const t = convertType(rep, els, cur);
    return T.array(t, false);
  }
  if (isMap(el) && el.num_children === 1) {
    const kv = els[cur.i++]!;
    const fields = children(kv, els, cur);
    const k = fields[0];
    const v = fields[1];
    if (k === undefined) throw unsupported(el.name, 'MAP without key');
    return T.map(k.dataType, v?.dataType ?? T.null, v?.nullable ?? true);
  }
  return T.struct(children(el, els, cur));
}

/** The Spark schema of a Parquet file's footer. */
export function sparkSchemaOf(meta: FileMetaData): StructType {
  const els = meta.schema;
  const root = els[0];
  if (root === undefined) return T.struct([]);
  const cur: Cursor = { i: 1 };
  return T.struct(children(root, els, cur));
}
