// Streams the lines of a file (or of a byte range of it) for the text and JSON Lines sources, as
// Hadoop's LineRecordReader does: a range owns the lines that START inside it (its first partial line
// is skipped when it starts after 0; the line crossing its end is read whole). Line ends are found with
// the native Buffer.indexOf (memchr). Gzip files are decompressed as a stream and never split.

import { isCompressedPath, readChunks } from './chunk-reader.js';

export { isCompressedPath, readWholeFile } from './chunk-reader.js';

export const LINE_CHUNK_SIZE = 1 << 21;

/** What a visitor asks for after a line: go on, let the caller take a batch first, or stop. */
export const CONTINUE = 0;
export const YIELD = 1;
export const STOP = 2;

/** Called per line with the buffer and the line's content range [s, e) (separator excluded). */
export type LineVisitor = (buf: Uint8Array, s: number, e: number) => number;

export interface LineRange {
  readonly start: number;
  /** Lines that begin at or before this offset belong to the range (Hadoop's rule). */
  readonly end: number;
}

const bufferIndexOf = Buffer.prototype.indexOf as (
  this: Uint8Array,
  value: number | Uint8Array,
  byteOffset: number,
) => number;

/**
 * Scans the lines of `path` within `range` (null: the whole file). `sep` is the separator's bytes, or
 * null for any of \n, \r and \r\n. The visitor runs synchronously; the generator yields when it returns
 * YIELD and after each chunk, so the caller can hand out batches between lines.
 */
export async function* scanLines(
  path: string,
  range: LineRange | null,
  sep: Uint8Array | null,
  visit: LineVisitor,
  chunkSize = LINE_CHUNK_SIZE,
): AsyncGenerator<void> {
  const compressed = isCompressedPath(path);
  if (compressed && range !== null && range.start > 0) return; // the split at 0 reads the whole file
  const start = compressed || range === null ? 0 : range.start;
  const endOffset = compressed || range === null ? Infinity : range.end;
  let skipFirst = start > 0;
  const sep0 = sep === null ? -1 : sep[0]!;
  const sepLen = sep === null ? 0 : sep.length;
  for await (const w of readChunks(path, start, chunkSize, { gunzip: compressed })) {
    const { buf, len, eof, base } = w;
    let pos = w.pos;
    const data = buf.subarray(0, len);
    // Without a \r in the chunk (the usual case) a line ends at the next \n.
    const lfOnly = sep === null && bufferIndexOf.call(data, 0x0d, pos) < 0;
    let stopped = false;
    while (pos < len || (eof && skipFirst)) {
      let e = pos;
      let next = -1;
      if (lfOnly) {
        const i = bufferIndexOf.call(data, 0x0a, pos);
        if (i >= 0) {
          e = i;
          next = i + 1;
        } else e = len;
      } else if (sep === null) {
        while (e < len) {
          const b = buf[e]!;
          if (b === 0x0a) {
            next = e + 1;
            break;
          }
          if (b === 0x0d) {
            if (e + 1 < len) next = buf[e + 1] === 0x0a ? e + 2 : e + 1;
            else if (eof) next = e + 1;
            break;
          }
          e++;
        }
      } else if (sepLen === 1) {
        const i = bufferIndexOf.call(data, sep0, pos);
        if (i >= 0) {
          e = i;
          next = i + 1;
        } else e = len;
      } else {
        const i = bufferIndexOf.call(data, sep, pos);
        if (i >= 0) {
          e = i;
          next = i + sepLen;
        } else e = len;
      }
      if (next < 0) {
        if (!eof) break; // need more bytes
        next = len; // the last line has no separator
        e = len;
      }
      if (skipFirst) {
        skipFirst = false;
        pos = next;
        continue;
      }
      if (base + pos > endOffset) {
        stopped = true;
        break;
      }
      if (e === len && pos === len) break;
      const s = pos;
      pos = next;
      const r = visit(buf, s, e);
      if (r === STOP) {
        stopped = true;
        break;
      }
      if (r === YIELD) yield;
    }
    w.pos = pos;
    if (stopped || (eof && pos >= len)) break;
    yield;
  }
}
