// Streams the records of one CSV file (or a byte range of it) in fixed-size chunks: the file is never
// held in memory whole; a record cut by a chunk edge is carried over into the next read.

import { open } from 'node:fs/promises';
import type { CsvSyntax } from './csv-options.js';
import { NEED_MORE, type RecordFields, newRecordFields, tokenizeRecord } from './tokenizer.js';

export const CHUNK_SIZE = 1 << 20;

/** What a visitor asks for after a record: go on, let the caller take a batch first, or stop the scan. */
export const CONTINUE = 0;
export const YIELD = 1;
export const STOP = 2;

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
): AsyncGenerator<void> {
  const fh = await open(path, 'r');
  try {
    let buf = new Uint8Array(chunkSize * 2);
    let len = 0; // valid bytes in buf
    let pos = 0; // next record start in buf
    let base = range?.start ?? 0; // file offset of buf[0]
    let filePos = base;
    const endOffset = range?.end ?? Infinity;
    let eof = false;
    let skipFirstLine = base > 0;
    const rec = newRecordFields();
    let stopped = false;
    while (!stopped) {
      // Keep the unconsumed tail and read the next chunk after it.
      if (pos > 0) {
        buf.copyWithin(0, pos, len);
        len -= pos;
        base += pos;
        pos = 0;
      }
      if (!eof) {
        if (buf.length - len < chunkSize) {
          const bigger = new Uint8Array(Math.max(buf.length * 2, len + chunkSize));
          bigger.set(buf.subarray(0, len));
          buf = bigger;
        }
        const { bytesRead } = await fh.read(buf, len, chunkSize, filePos);
        filePos += bytesRead;
        len += bytesRead;
        if (bytesRead === 0) eof = true;
      }
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
        const next = tokenizeRecord(buf, pos, len, eof, syn, rec);
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
      if (eof && pos >= len) break;
      yield;
    }
  } finally {
    await fh.close();
  }
}
