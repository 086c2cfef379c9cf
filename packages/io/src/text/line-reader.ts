// Streams the lines of a file (or of a byte range of it) in fixed-size chunks, as Hadoop's
// LineRecordReader does for the text and JSON Lines sources: a range owns the lines that START inside
// it (its first partial line is skipped when it starts after 0; the line crossing its end is read
// whole). Gzip files are decompressed as a stream and never split.

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

export const LINE_CHUNK_SIZE = 1 << 20;

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

/** Whether a path is read through a decompressor (and so cannot be split). */
export function isCompressedPath(path: string): boolean {
  return path.toLowerCase().endsWith('.gz');
}

/** The file's bytes from `start` as a stream of chunks (decompressed for .gz files). */
async function* fileChunks(path: string, start: number, chunkSize: number): AsyncGenerator<Uint8Array> {
  if (isCompressedPath(path)) {
    const stream = createReadStream(path, { highWaterMark: chunkSize }).pipe(createGunzip());
    for await (const c of stream as AsyncIterable<Buffer>)
      yield new Uint8Array(c.buffer, c.byteOffset, c.byteLength);
    return;
  }
  const fh = await open(path, 'r');
  try {
    let pos = start;
    for (;;) {
      const b = new Uint8Array(chunkSize);
      const { bytesRead } = await fh.read(b, 0, chunkSize, pos);
      if (bytesRead === 0) return;
      pos += bytesRead;
      yield bytesRead === chunkSize ? b : b.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

/** The whole content of a file (decompressed), for formats that read one value per file. */
export async function readWholeFile(path: string, chunkSize = LINE_CHUNK_SIZE): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const c of fileChunks(path, 0, chunkSize)) {
    parts.push(c);
    total += c.length;
  }
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

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
  const chunks = fileChunks(path, start, chunkSize);
  let buf = new Uint8Array(0);
  let len = 0;
  let pos = 0;
  let base = start; // file offset of buf[0]
  let eof = false;
  let skipFirst = start > 0;
  const sep0 = sep === null ? -1 : sep[0]!;
  const sepLen = sep === null ? 0 : sep.length;
  try {
    for (;;) {
      // Keep the unconsumed tail and append the next chunk.
      if (!eof) {
        const next = await chunks.next();
        if (next.done === true) eof = true;
        else {
          const c = next.value;
          const keep = len - pos;
          if (buf.length < keep + c.length) {
            const bigger = new Uint8Array(Math.max(keep + c.length, buf.length * 2));
            bigger.set(buf.subarray(pos, len));
            buf = bigger;
          } else if (pos > 0) buf.copyWithin(0, pos, len);
          base += pos;
          len = keep;
          pos = 0;
          buf.set(c, len);
          len += c.length;
        }
      }
      let stopped = false;
      while (pos < len || (eof && skipFirst)) {
        // Find the end of the line starting at pos.
        let e = pos;
        let next = -1;
        if (sep === null) {
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
        } else {
          while (e < len) {
            if (buf[e] === sep0 && e + sepLen <= len) {
              let k = 1;
              while (k < sepLen && buf[e + k] === sep[k]) k++;
              if (k === sepLen) {
                next = e + sepLen;
                break;
              }
            } else if (buf[e] === sep0 && !eof) {
              e = len; // a separator may be cut by the chunk edge
              break;
            }
            e++;
          }
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
      if (stopped || (eof && pos >= len)) break;
      yield;
    }
  } finally {
    await chunks.return(undefined);
  }
}
