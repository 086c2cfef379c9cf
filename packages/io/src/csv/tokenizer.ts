// Byte-level CSV record tokenizer: finds the field boundaries of one record in a byte buffer without
// creating strings, so numeric columns can be parsed straight from the bytes.

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
  /** Bumped by the scanner whenever the buffer's contents move or change (keys caches of the buffer). */
  gen: number;
  /** Valid bytes at the start of the buffer. */
  valid: number;
  /**
   * Fields the reader needs (set by the record visitor): in line mode `tokenizeSimple` may leave the
   * rest of a record untokenized (`count` then stops there). Defaults to all.
   */
  wanted: number;
  /** The valid bytes hold no \r (set by the scanner; lets a record's end be found with indexOf). */
  crFree: boolean;
  /** Set by a record fast path (`FastRecord`) that filled a batch: the scanner yields. */
  yieldNow: boolean;
}

export function newRecordFields(capacity = 64): RecordFields {
  return {
    starts: new Int32Array(capacity),
    ends: new Int32Array(capacity),
    flags: new Uint8Array(capacity),
    count: 0,
    gen: 0,
    valid: 0,
    wanted: 0x7fffffff,
    crFree: false,
    yieldNow: false,
  };
}

/** Makes room for field `n`; more than maxColumns fields fail the read, as univocity does. */
function grow(rec: RecordFields, n: number, maxColumns: number): void {
  if (n >= maxColumns) {
    throw new Error(
      `Index ${n} out of bounds for length ${maxColumns}. Hint: Number of columns processed may have exceeded limit of ${maxColumns} columns. Use settings.setMaxColumns(int) to define the maximum number of columns your input can have`,
    );
  }
  if (n < rec.starts.length) return;
  const cap = rec.starts.length * 2;
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
  const dlen = syn.delimiterBytes.length;
  const maxChars = syn.maxCharsPerColumn;
  const maxCols = syn.maxColumns;
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
  // Line mode drops blank lines, whitespace-only ones included (Spark's filterCommentAndEmpty trims).
  if (c <= 0x20 && !syn.multiLine) {
    let q = pos;
    while (q < limit && buf[q]! <= 0x20 && buf[q] !== nl1 && buf[q] !== nl2) q++;
    if (q >= limit) {
      if (!eof) return NEED_MORE;
      rec.count = -1;
      return limit;
    }
    if (buf[q] === nl1 || buf[q] === nl2) {
      rec.count = -1;
      return endOfLine(buf, q, limit, eof, syn);
    }
  }
  let n = 0;
  let p = pos;
  for (;;) {
    if (n === rec.starts.length || n >= maxCols) grow(rec, n, maxCols);
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
          if (p < limit && buf[p] !== nl1 && buf[p] !== nl2) {
            const m = delimAt(buf, p, limit, syn.delimiterBytes);
            if (m < 0 && !eof) return NEED_MORE;
            if (m !== 1) {
              // Text after the closing quote: the quote was not a closing one (univocity's
              // STOP_AT_DELIMITER); the value runs to the next delimiter, stray quotes kept.
              if (syn.unescapedQuoteHandling === 'RAISE_ERROR') throw unescapedQuoteError(buf, start, p);
              flags |= F_ESCAPED;
              for (;;) {
                if (p >= limit) break;
                const b = buf[p]!;
                if (b === nl1 || b === nl2) break;
                if (b === delim) {
                  const m2 = dlen === 1 ? 1 : delimAt(buf, p, limit, syn.delimiterBytes);
                  if (m2 === 1) break;
                  if (m2 < 0 && !eof) return NEED_MORE;
                }
                p++;
              }
              if (p >= limit && !eof) return NEED_MORE;
              end = p;
              if (syn.ignoreTrailingWhiteSpace) while (end > start && buf[end - 1]! <= 0x20) end--;
            }
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
        if (c === delim) {
          if (dlen === 1) break;
          const m = delimAt(buf, p, limit, syn.delimiterBytes);
          if (m === 1) break;
          if (m < 0 && !eof) return NEED_MORE;
        } else if (c === nl1 || c === nl2) break;
        p++;
      }
      if (p >= limit && !eof) return NEED_MORE;
      end = p;
      if (syn.ignoreTrailingWhiteSpace) while (end > start && buf[end - 1]! <= 0x20) end--;
    }
    if (maxChars >= 0 && end - start > maxChars) throw maxCharsError(end - start, maxChars);
    rec.starts[n] = start;
    rec.ends[n] = end;
    rec.flags[n] = flags;
    n++;
    if (p >= limit) {
      rec.count = n;
      return limit;
    }
    c = buf[p]!;
    if (c === delim && (dlen === 1 || delimAt(buf, p, limit, syn.delimiterBytes) === 1)) {
      p += dlen;
      if (p >= limit) {
        if (!eof) return NEED_MORE;
        // A trailing delimiter at end of input: one more, empty field.
        if (n === rec.starts.length || n >= maxCols) grow(rec, n, maxCols);
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

/** Returned by `tokenizeSimple` when the record needs the general tokenizer. */
export const FALLBACK = -2;

/**
 * The byte classes of `tokenizeSimple` (non-zero: ends an unquoted field), or null when the syntax has
 * features only the general tokenizer handles (multi-byte delimiter, whitespace trimming, a value
 * length limit).
 */
export function simpleByteClasses(syn: CsvSyntax): Uint8Array | null {
  if (syn.delimiterBytes.length !== 1 || syn.ignoreLeadingWhiteSpace || syn.ignoreTrailingWhiteSpace)
    return null;
  if (syn.maxCharsPerColumn >= 0) return null;
  const { delimiter, newline1, newline2 } = syn;
  if (delimiter < 0 || delimiter > 0x7f || newline1 < 0 || newline1 > 0x7f || newline2 < 0 || newline2 > 0x7f)
    return null;
  if (delimiter === newline1 || delimiter === newline2) return null;
  const t = new Uint8Array(256);
  t[delimiter] = 1;
  t[newline1] = 2;
  t[newline2] = 2;
  return t;
}

/**
 * The common record (plain fields, and quoted ones closed right before a delimiter or terminator), in
 * tight loops over a byte-class table. Returns FALLBACK (nothing decided) at anything else: a line
 * starting with a terminator, comment or blank, a line break inside quotes, text after a closing quote,
 * the input ending before the terminator, more fields than `rec` holds. `buf[limit]`
 * must be a terminator byte (the scanner's sentinel), so the inner loop needs no bound check.
 */
export function tokenizeSimple(
  buf: Uint8Array,
  pos: number,
  limit: number,
  syn: CsvSyntax,
  rec: RecordFields,
  classes: Uint8Array,
): number {
  if (pos >= limit || limit >= buf.length || classes[buf[limit]!] !== 2) return FALLBACK;
  const c0 = buf[pos]!;
  if (c0 <= 0x20 || c0 === syn.comment || classes[c0] === 2) return FALLBACK;
  const quote = syn.quote;
  const starts = rec.starts;
  const ends = rec.ends;
  const flags = rec.flags;
  const cap = Math.min(starts.length, syn.maxColumns);
  let n = 0;
  let p = pos;
  const escape = syn.escape;
  // Skipping is for line mode, and not when a malformed quote anywhere must fail the read.
  const wanted = syn.multiLine || syn.unescapedQuoteHandling === 'RAISE_ERROR' ? 0x7fffffff : rec.wanted;
  for (;;) {
    if (n >= wanted) return skipToLineEnd(buf, p, limit, syn, rec, classes, n);
    if (n >= cap) return FALLBACK;
    let start = p;
    let end: number;
    let fl = 0;
    let c: number;
    if (buf[p] === quote) {
      // A quoted field closed by a quote right before a delimiter or terminator; doubled quotes and
      // escapes only flag it. Anything else (a line break inside, text after the closing quote, the
      // buffer's end) is left to the general tokenizer.
      fl = F_QUOTED;
      start = ++p;
      for (;;) {
        const b = buf[p]!;
        if (b === quote) {
          if (p + 1 >= limit) return FALLBACK;
          if (buf[p + 1] === quote) {
            fl |= F_ESCAPED;
            p += 2;
            continue;
          }
          end = p;
          c = classes[buf[++p]!]!;
          if (c === 0) return FALLBACK;
          break;
        }
        if (b === escape) {
          if (p + 1 >= limit) return FALLBACK;
          const d = buf[p + 1];
          if (d === quote || d === escape) {
            fl |= F_ESCAPED;
            p += 2;
          } else p++;
          continue;
        }
        if (classes[b] === 2) return FALLBACK;
        p++;
      }
    } else {
      c = classes[buf[p]!]!;
      while (c === 0) c = classes[buf[++p]!]!;
      if (p >= limit) return FALLBACK;
      end = p;
    }
    starts[n] = start;
    ends[n] = end;
    flags[n] = fl;
    n++;
    if (c === 1) {
      p++;
      continue;
    }
    rec.count = n;
    if (buf[p] === 0x0d && syn.autoLineSep) {
      if (p + 1 >= limit) return FALLBACK;
      return buf[p + 1] === 0x0a ? p + 2 : p + 1;
    }
    return p + 1;
  }
}

const bufferIndexOf = Buffer.prototype.indexOf as (
  this: Uint8Array,
  value: number,
  byteOffset: number,
) => number;

/**
 * Ends a record of which only the first `n` fields are wanted, at its line end (in line mode a
 * terminator always ends a record, quoted or not). Falls back where the unread rest could matter: too
 * many bytes left for maxColumns to be safe, or a \r\n at the buffer's end.
 */
function skipToLineEnd(
  buf: Uint8Array,
  p: number,
  limit: number,
  syn: CsvSyntax,
  rec: RecordFields,
  classes: Uint8Array,
  n: number,
): number {
  let q: number;
  if (syn.newline1 === syn.newline2 || rec.crFree) q = bufferIndexOf.call(buf, syn.newline1, p);
  else {
    q = p;
    while (classes[buf[q]!] !== 2) q++;
  }
  if (q < 0 || q >= limit || n + (q - p) + 1 >= syn.maxColumns) return FALLBACK;
  rec.count = n;
  if (buf[q] === 0x0d && syn.autoLineSep) {
    if (q + 1 >= limit) return FALLBACK;
    return buf[q + 1] === 0x0a ? q + 2 : q + 1;
  }
  return q + 1;
}

/** 1 when the delimiter starts at p, 0 when not, -1 when the buffer ends inside a partial match. */
function delimAt(buf: Uint8Array, p: number, limit: number, d: Uint8Array): number {
  for (let i = 0; i < d.length; i++) {
    if (p + i >= limit) return -1;
    if (buf[p + i] !== d[i]) return 0;
  }
  return 1;
}

/** univocity's TextParsingException for a value longer than maxCharsPerColumn (a task failure in Spark). */
function maxCharsError(len: number, max: number): Error {
  return new Error(
    `Length of parsed input (${len}) exceeds the maximum number of characters defined in your parser settings (${max}).`,
  );
}

function unescapedQuoteError(buf: Uint8Array, s: number, e: number): Error {
  return new Error(
    `Unescaped quote character '"' inside quoted value of CSV field. To allow unescaped quotes, set 'parseUnescapedQuotes' to 'true' in the CSV parser settings. Cannot parse CSV input. Parsed content: ${decodeUtf8(buf, s, e)}`,
  );
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
