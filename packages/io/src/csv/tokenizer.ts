// Byte-level CSV record tokenizer: finds the field boundaries of one record in a byte buffer without
// creating strings, so numeric columns can be parsed straight from the bytes.

import { FlintError } from '@flint/common';
import type { CsvSyntax } from './csv-options.js';
import { decodeUtf8 } from '../util/utf8.js';

/** Field flag: the field was quoted. */
export const F_QUOTED = 1;
/** Field flag: the field's bytes contain escapes or doubled/stray quotes and need `unescapeField`. */
export const F_ESCAPED = 2;

/** The fields of the record last tokenized; `count` is -1 when the line was skipped (empty or comment). */
export interface RecordFields {
  starts: Int32Array;
  ends: Int32Array;
  flags: Uint8Array;
  count: number;
}

export function newRecordFields(capacity = 64): RecordFields {
  return {
    starts: new Int32Array(capacity),
    ends: new Int32Array(capacity),
    flags: new Uint8Array(capacity),
    count: 0,
  };
}

function grow(rec: RecordFields, maxColumns: number): void {
  const cap = rec.starts.length * 2;
  if (rec.starts.length >= maxColumns) {
    throw new FlintError(
      'MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION',
      `Number of columns exceeds maxColumns (${maxColumns})`,
      { maxColumns: String(maxColumns) },
    );
  }
  const s = new Int32Array(cap);
  s.set(rec.starts);
  const e = new Int32Array(cap);
  e.set(rec.ends);
  const f = new Uint8Array(cap);
  f.set(rec.flags);
  rec.starts = s;
  rec.ends = e;
  rec.flags = f;
}

/** Returned by `tokenizeRecord` when the record may continue past `limit` and more input exists. */
export const NEED_MORE = -1;

/**
 * Tokenizes the record starting at `pos` into `rec` and returns the position after its terminator.
 * Returns NEED_MORE when the record is not complete within `limit` and `eof` is false.
 * Empty lines and comment lines set `rec.count = -1`.
 */
export function tokenizeRecord(
  buf: Uint8Array,
  pos: number,
  limit: number,
  eof: boolean,
  syn: CsvSyntax,
  rec: RecordFields,
): number {
  const delim = syn.delimiter;
  const nl1 = syn.newline1;
  const nl2 = syn.newline2;
  const quote = syn.quote;
  const escape = syn.escape;
  if (pos >= limit) {
    if (!eof) return NEED_MORE;
    rec.count = -1;
    return limit;
  }
  let c = buf[pos]!;
  // Empty line or comment line: skipped, as univocity does.
  if (c === nl1 || c === nl2 || c === syn.comment) {
    let p = pos;
    if (c === syn.comment) {
      while (p < limit && buf[p] !== nl1 && buf[p] !== nl2) p++;
      if (p >= limit) {
        if (!eof) return NEED_MORE;
        rec.count = -1;
        return limit;
      }
    }
    rec.count = -1;
    return endOfLine(buf, p, limit, eof, syn);
  }
  let n = 0;
  let p = pos;
  for (;;) {
    if (n === rec.starts.length) grow(rec, syn.maxColumns);
    if (syn.ignoreLeadingWhiteSpace) {
      while (p < limit) {
        c = buf[p]!;
        if (c > 0x20 || c === delim || c === nl1 || c === nl2) break;
        p++;
      }
    }
    let flags = 0;
    let start = p;
    let end: number;
    if (p < limit && buf[p] === quote) {
      // Quoted field.
      flags = F_QUOTED;
      p++;
      start = p;
      for (;;) {
        if (p >= limit) {
          if (!eof) return NEED_MORE;
          end = limit; // unterminated quote at end of input: the rest is the value
          break;
        }
        c = buf[p]!;
        if (c === escape && escape !== quote) {
          if (p + 1 >= limit && !eof) return NEED_MORE;
          const d = p + 1 < limit ? buf[p + 1]! : -2;
          if (d === quote || d === escape) {
            flags |= F_ESCAPED;
            p += 2;
            continue;
          }
          p++;
          continue;
        }
        if (c === quote) {
          if (p + 1 >= limit && !eof) return NEED_MORE;
          const d = p + 1 < limit ? buf[p + 1]! : -2;
          if (d === quote) {
            // A doubled quote stands for one quote.
            flags |= F_ESCAPED;
            p += 2;
            continue;
          }
          end = p;
          p++;
          // Whitespace between the closing quote and the delimiter is dropped.
          while (p < limit && buf[p]! <= 0x20 && buf[p] !== delim && buf[p] !== nl1 && buf[p] !== nl2) p++;
          if (p >= limit && !eof) return NEED_MORE;
          if (p < limit && buf[p] !== delim && buf[p] !== nl1 && buf[p] !== nl2) {
            // Text after the closing quote: the quote was not a closing one (univocity's
            // STOP_AT_DELIMITER); the value runs to the next delimiter, stray quotes kept.
            flags |= F_ESCAPED;
            while (p < limit && buf[p] !== delim && buf[p] !== nl1 && buf[p] !== nl2) p++;
            if (p >= limit && !eof) return NEED_MORE;
            end = p;
            if (syn.ignoreTrailingWhiteSpace) while (end > start && buf[end - 1]! <= 0x20) end--;
          }
          break;
        }
        if ((c === nl1 || c === nl2) && !syn.multiLine) {
          end = p; // a line always ends a record unless multiLine is on
          break;
        }
        p++;
      }
    } else {
      while (p < limit) {
        c = buf[p]!;
        if (c === delim || c === nl1 || c === nl2) break;
        p++;
      }
      if (p >= limit && !eof) return NEED_MORE;
      end = p;
      if (syn.ignoreTrailingWhiteSpace) while (end > start && buf[end - 1]! <= 0x20) end--;
    }
    rec.starts[n] = start;
    rec.ends[n] = end;
    rec.flags[n] = flags;
    n++;
    if (p >= limit) {
      rec.count = n;
      return limit;
    }
    c = buf[p]!;
    if (c === delim) {
      p++;
      if (p >= limit) {
        if (!eof) return NEED_MORE;
        // A trailing delimiter at end of input: one more, empty field.
        if (n === rec.starts.length) grow(rec, syn.maxColumns);
        rec.starts[n] = p;
        rec.ends[n] = p;
        rec.flags[n] = 0;
        rec.count = n + 1;
        return limit;
      }
      continue;
    }
    rec.count = n;
    return endOfLine(buf, p, limit, eof, syn);
  }
}

/** `p` is at a terminator byte; returns the position after it (\r\n counts as one with lineSep unset). */
function endOfLine(buf: Uint8Array, p: number, limit: number, eof: boolean, syn: CsvSyntax): number {
  if (syn.autoLineSep && buf[p] === 0x0d) {
    if (p + 1 >= limit) return eof ? limit : NEED_MORE;
    return buf[p + 1] === 0x0a ? p + 2 : p + 1;
  }
  return p + 1;
}

/** Decodes field bytes, resolving escaped quotes/escapes and doubled quotes. */
export function unescapeField(buf: Uint8Array, s: number, e: number, syn: CsvSyntax): string {
  const out = new Uint8Array(e - s);
  let n = 0;
  const quote = syn.quote;
  const escape = syn.escape;
  for (let p = s; p < e; p++) {
    const c = buf[p]!;
    if (p + 1 < e) {
      const d = buf[p + 1]!;
      if (
        (c === escape && escape !== quote && (d === quote || d === escape)) ||
        (c === quote && d === quote)
      ) {
        out[n++] = d;
        p++;
        continue;
      }
    }
    out[n++] = c;
  }
  return decodeUtf8(out, 0, n);
}

export { decodeUtf8 };
