// Streams the records of one CSV file (or a byte range of it) in fixed-size chunks: the file is never
// held in memory whole; a record cut by a chunk edge is carried over into the next read.

import { readChunks } from '../util/chunk-reader.js';
import { type CsvSyntax, isUtf8Compatible } from './csv-options.js';
import {
  FALLBACK,
  NEED_MORE,
  type RecordFields,
  newRecordFields,
  simpleByteClasses,
  tokenizeRecord,
  tokenizeSimple,
} from './tokenizer.js';

export const CHUNK_SIZE = 1 << 20;

const encoder = new TextEncoder();
const bufferIndexOf = Buffer.prototype.indexOf as (
  this: Uint8Array,
  value: number,
  byteOffset: number,
) => number;

/**
 * A streaming decoder of `charset` (a name from resolveCharset). ISO-8859-1 is mapped byte for byte
 * (WHATWG's "latin1" label means windows-1252); Java's "UTF-16" reads a BOM and defaults to big-endian.
 */
export function makeTranscoder(charset: string): (bytes: Uint8Array, last: boolean) => string {
  if (charset === 'ISO-8859-1') {
    return (bytes) => {
      let out = '';
      for (let i = 0; i < bytes.length; i += 8192)
        out += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
      return out;
    };
  }
  let decoder: InstanceType<typeof TextDecoder> | null =
    charset === 'UTF-16' ? null : new TextDecoder(charset.toLowerCase());
  return (bytes, last) => {
    if (decoder === null) {
      const le = bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe;
      decoder = new TextDecoder(le ? 'utf-16le' : 'utf-16be');
    }
    return decoder.decode(bytes, { stream: !last });
  };
}

/** What a visitor asks for after a record: go on, let the caller take a batch first, or stop the scan. */
export const CONTINUE = 0;
export const YIELD = 1;
export const STOP = 2;

/**
 * Optionally tried first at each record start: tokenizes and converts a common record in one pass and
 * returns the position after it, or FALLBACK to have the record tokenized and visited as usual.
 * `buf[limit]` holds a terminator sentinel.
 */
export type FastRecord = (buf: Uint8Array, pos: number, limit: number, rec: RecordFields) => number;

/** Called per record with the buffer and the record's raw byte range. */
export type RecordVisitor = (buf: Uint8Array, rec: RecordFields, recStart: number, recEnd: number) => number;

export interface ScanRange {
  readonly start: number;
  /** Records that begin at or before this offset belong to the range (Hadoop's rule). */
  readonly end: number;
}

/**
 * Scans the records of `path` within `range`, calling `visit` for each non-empty record. When the range
 * starts after 0 the first (partial) line is skipped, as it belongs to the previous range. The visitor
 * runs synchronously; the generator yields when the visitor returns YIELD (a batch is full) and after each
 * chunk, so the caller can emit batches between records.
 */
export async function* scanRecords(
  path: string,
  syn: CsvSyntax,
  range: ScanRange | null,
  visit: RecordVisitor,
  chunkSize = CHUNK_SIZE,
  charset = 'UTF-8',
  fast: FastRecord | null = null,
): AsyncGenerator<void> {
  // Other charsets are transcoded to UTF-8 chunk by chunk (whole files only: such files are not split).
  const transcode = isUtf8Compatible(charset) ? null : makeTranscoder(charset);
  const base0 = range?.start ?? 0;
  const endOffset = range?.end ?? Infinity;
  let skipFirstLine = base0 > 0;
  const rec = newRecordFields();
  const classes = simpleByteClasses(syn);
  let stopped = false;
  // One spare byte past the data holds a terminator sentinel for tokenizeSimple.
  const chunks = readChunks(path, base0, chunkSize, {
    spare: 1,
    ...(transcode === null
      ? {}
      : { transform: (b: Uint8Array, last: boolean) => encoder.encode(transcode(b, last)) }),
  });
  for await (const w of chunks) {
    const { buf, len, eof } = w;
    let pos = w.pos; // next record start in buf
    const base = w.base; // file offset of buf[0]
    rec.gen++;
    rec.valid = len;
    if (len < buf.length) buf[len] = syn.newline1 & 0xff;
    rec.crFree = syn.autoLineSep && bufferIndexOf.call(buf.subarray(0, len), 0x0d, 0) < 0;
    if (skipFirstLine) {
      let p = pos;
      while (p < len && buf[p] !== syn.newline1 && buf[p] !== syn.newline2) p++;
      if (p >= len && !eof) continue;
      if (p < len && syn.autoLineSep && buf[p] === 0x0d) {
        if (p + 1 >= len && !eof) continue;
        if (buf[p + 1] === 0x0a) p++;
      }
      pos = Math.min(p + 1, len);
      skipFirstLine = false;
    }
    while (pos < len) {
      if (base + pos > endOffset) {
        stopped = true;
        break;
      }
      if (fast !== null && classes !== null) {
        const done = fast(buf, pos, len, rec);
        if (done !== FALLBACK) {
          pos = done;
          if (rec.yieldNow) {
            rec.yieldNow = false;
            yield;
          }
          continue;
        }
      }
      let next = classes === null ? FALLBACK : tokenizeSimple(buf, pos, len, syn, rec, classes);
      if (next === FALLBACK) next = tokenizeRecord(buf, pos, len, eof, syn, rec);
      if (next === NEED_MORE) break;
      const start = pos;
      pos = next;
      if (rec.count >= 0) {
        const r = visit(buf, rec, start, next);
        if (r === STOP) {
          stopped = true;
          break;
        }
        if (r === YIELD) yield;
      }
    }
    w.pos = pos;
    if (eof && pos >= len) break;
    yield;
    if (stopped) break;
  }
}
