// The JSON Lines scanner of uncompressed files: the same records and split rule as text/line-reader's
// scanLines (a range owns the lines that START inside it), but line ends are found with the native
// Buffer.indexOf (memchr) and the next chunk is read ahead while the current one is parsed.

import { open } from 'node:fs/promises';
import {
  CONTINUE,
  type LineRange,
  type LineVisitor,
  STOP,
  YIELD,
  isCompressedPath,
  scanLines,
} from '../text/line-reader.js';

export { CONTINUE, STOP, YIELD };

export const JSON_CHUNK_SIZE = 1 << 21;

const bufferIndexOf = Buffer.prototype.indexOf as (
  this: Uint8Array,
  value: number | Uint8Array,
  byteOffset: number,
) => number;

/**
 * Scans the lines of `path` within `range` (null: the whole file), as scanLines does: `sep` is the
 * separator's bytes, or null for any of \n, \r and \r\n; the visitor runs synchronously and the
 * generator yields when it returns YIELD and after each chunk. Gzip files go through scanLines.
 */
export async function* scanJsonLines(
  path: string,
  range: LineRange | null,
  sep: Uint8Array | null,
  visit: LineVisitor,
  chunkSize = JSON_CHUNK_SIZE,
): AsyncGenerator<void> {
  if (isCompressedPath(path)) {
    yield* scanLines(path, range, sep, visit);
    return;
  }
  const start = range === null ? 0 : range.start;
  const endOffset = range === null ? Infinity : range.end;
  const fh = await open(path, 'r');
  const ahead = new Uint8Array(chunkSize);
  let pending: Promise<{ bytesRead: number }> | null = null;
  try {
    let buf = new Uint8Array(chunkSize * 2);
    let len = 0;
    let pos = 0;
    let base = start; // file offset of buf[0]
    let filePos = start;
    let eof = false;
    let skipFirst = start > 0;
    const sep0 = sep === null ? -1 : sep[0]!;
    const sepLen = sep === null ? 0 : sep.length;
    pending = fh.read(ahead, 0, chunkSize, filePos);
    for (;;) {
      // Keep the unconsumed tail and append the next chunk.
      if (pos > 0) {
        buf.copyWithin(0, pos, len);
        len -= pos;
        base += pos;
        pos = 0;
      }
      if (!eof && pending !== null) {
        const { bytesRead } = await pending;
        pending = null;
        if (bytesRead === 0) eof = true;
        else {
          filePos += bytesRead;
          if (buf.length < len + bytesRead) {
            const bigger = new Uint8Array(Math.max(len + bytesRead, buf.length * 2));
            bigger.set(buf.subarray(0, len));
            buf = bigger;
          }
          buf.set(ahead.subarray(0, bytesRead), len);
          len += bytesRead;
          pending = fh.read(ahead, 0, chunkSize, filePos);
        }
      }
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
      if (stopped || (eof && pos >= len)) break;
      yield;
    }
  } finally {
    // A read still in flight must end before the handle closes.
    if (pending !== null) await pending.catch(() => undefined);
    await fh.close();
  }
}
