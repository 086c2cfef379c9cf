// A byte-level JSON cursor with the Jackson features Spark exposes (comments, unquoted field names,
// single quotes, leading zeros, NaN/Infinity, backslash-escaping any character, raw control chars).
// Readers pull tokens straight from the UTF-8 bytes; nothing builds a tree unless a caller asks.

import { decodeUtf8 } from '../util/utf8.js';
import type { JsonSyntax } from './json-options.js';

/** Thrown (as a value) for text that is not valid JSON: the whole record is malformed. */
export const SYNTAX: unique symbol = Symbol('json-syntax');

export interface Cursor {
  buf: Uint8Array;
  pos: number;
  end: number;
  readonly syn: JsonSyntax;
  /** Set by scanNumber: the number's text range and kind. */
  numStart: number;
  numEnd: number;
  numKind: number;
}

export const NUM_INT = 0;
export const NUM_FLOAT = 1;
/** NaN, Infinity, +Infinity, -Infinity, +INF, -INF (allowNonNumericNumbers). */
export const NUM_NONNUMERIC = 2;

export function newCursor(syn: JsonSyntax): Cursor {
  return { buf: new Uint8Array(0), pos: 0, end: 0, syn, numStart: 0, numEnd: 0, numKind: 0 };
}

export function reset(c: Cursor, buf: Uint8Array, s: number, e: number): void {
  c.buf = buf;
  c.pos = s;
  c.end = e;
}

export function fail(): never {
  throw SYNTAX;
}

/** Skips whitespace (and comments when allowed); returns the next byte or -1 at the end. */
export function ws(c: Cursor): number {
  // Kept small so that it inlines; comments take the separate loop.
  const buf = c.buf;
  let p = c.pos;
  const end = c.end;
  while (p < end) {
    const b = buf[p]!;
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) {
      p++;
      continue;
    }
    if (b === 0x2f && c.syn.allowComments) return wsComments(c, p);
    c.pos = p;
    return b;
  }
  c.pos = p;
  return -1;
}

/** ws from p when comments are allowed. */
function wsComments(c: Cursor, p: number): number {
  const buf = c.buf;
  const end = c.end;
  for (;;) {
    if (p >= end) {
      c.pos = p;
      return -1;
    }
    const b = buf[p]!;
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09) {
      p++;
      continue;
    }
    if (b === 0x2f) {
      const n = buf[p + 1];
      if (n === 0x2f) {
        p += 2;
        while (p < end && buf[p] !== 0x0a && buf[p] !== 0x0d) p++;
        continue;
      }
      if (n === 0x2a) {
        p += 2;
        while (p + 1 < end && !(buf[p] === 0x2a && buf[p + 1] === 0x2f)) p++;
        if (p + 1 >= end) fail();
        p += 2;
        continue;
      }
    }
    c.pos = p;
    return b;
  }
}

function isIdentPart(b: number | undefined): boolean {
  if (b === undefined) return false;
  return (
    (b >= 0x61 && b <= 0x7a) ||
    (b >= 0x41 && b <= 0x5a) ||
    (b >= 0x30 && b <= 0x39) ||
    b === 0x5f ||
    b === 0x24 ||
    b >= 0x80
  );
}

function hex(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  if (b >= 0x61 && b <= 0x66) return b - 0x57;
  if (b >= 0x41 && b <= 0x46) return b - 0x37;
  return -1;
}

/** Node's native Buffer#latin1Slice: for ASCII bytes the same string as UTF-8 decoding gives. */
const nativeLatin1Slice = (Buffer.prototype as unknown as { latin1Slice?: (s: number, e: number) => string })
  .latin1Slice;

// Short strings repeat (codes, tags, flags): a direct-mapped cache of them saves allocating each one.
const SHORT_SLOTS = 1024;
const shortStrings: string[] = new Array<string>(SHORT_SLOTS).fill('');

/** The string of the ASCII bytes buf[s, e). */
export function asciiText(buf: Uint8Array, s: number, e: number): string {
  const n = e - s;
  if (n <= 4) {
    if (n === 0) return '';
    let h = n;
    for (let i = s; i < e; i++) h = (h << 7) ^ buf[i]!;
    const slot = (h ^ (h >>> 10)) & (SHORT_SLOTS - 1);
    const x = shortStrings[slot]!;
    if (x.length === n) {
      let i = 0;
      while (i < n && x.charCodeAt(i) === buf[s + i]) i++;
      if (i === n) return x;
    }
    const str =
      nativeLatin1Slice === undefined ? decodeUtf8(buf, s, e) : nativeLatin1Slice.call(buf as Buffer, s, e);
    shortStrings[slot] = str;
    return str;
  }
  return nativeLatin1Slice === undefined
    ? decodeUtf8(buf, s, e)
    : nativeLatin1Slice.call(buf as Buffer, s, e);
}

/** Reads a quoted string at c.pos (the quote byte) and returns its value. */
export function readString(c: Cursor): string {
  const buf = c.buf;
  const q = buf[c.pos]!;
  const end = c.end;
  let p = c.pos + 1;
  const s = p;
  // Fast path: no escapes and no control characters.
  let or = 0;
  while (p < end) {
    const b = buf[p]!;
    if (b === q) {
      c.pos = p + 1;
      return or < 0x80 ? asciiText(buf, s, p) : decodeUtf8(buf, s, p);
    }
    if (b === 0x5c || b < 0x20) break;
    or |= b;
    p++;
  }
  if (p >= end) fail();
  let out = decodeUtf8(buf, s, p);
  let run = p;
  while (p < end) {
    const b = buf[p]!;
    if (b === q) {
      out += decodeUtf8(buf, run, p);
      c.pos = p + 1;
      return out;
    }
    if (b < 0x20) {
      if (!c.syn.allowUnquotedControlChars) fail();
      p++;
      continue;
    }
    if (b !== 0x5c) {
      p++;
      continue;
    }
    out += decodeUtf8(buf, run, p);
    const e = buf[p + 1];
    if (e === undefined || p + 1 >= end) fail();
    p += 2;
    switch (e) {
      case 0x22:
        out += '"';
        break;
      case 0x5c:
        out += '\\';
        break;
      case 0x2f:
        out += '/';
        break;
      case 0x62:
        out += '\b';
        break;
      case 0x66:
        out += '\f';
        break;
      case 0x6e:
        out += '\n';
        break;
      case 0x72:
        out += '\r';
        break;
      case 0x74:
        out += '\t';
        break;
      case 0x75: {
        if (p + 4 > end) fail();
        let v = 0;
        for (let k = 0; k < 4; k++) {
          const h = hex(buf[p + k]!);
          if (h < 0) fail();
          v = v * 16 + h;
        }
        out += String.fromCharCode(v);
        p += 4;
        break;
      }
      default:
        if (c.syn.allowBackslashEscapingAnyCharacter || (e === 0x27 && c.syn.allowSingleQuotes)) {
          // Any (UTF-8) character may follow: copy its bytes as they are.
          run = p - 1;
          continue;
        }
        fail();
    }
    run = p;
  }
  return fail();
}

// Keys repeat from record to record: a small cache of their bytes saves decoding them each time.
const KEY_SLOTS = 512;
const keyBytes: (Uint8Array | null)[] = new Array<Uint8Array | null>(KEY_SLOTS).fill(null);
const keyStrings: string[] = new Array<string>(KEY_SLOTS).fill('');

/** A plain (escape-free) quoted key through the cache; null when it needs the full reader. */
function cachedKey(c: Cursor, q: number): string | null {
  const buf = c.buf;
  const s = c.pos + 1;
  const lim = Math.min(c.end, s + 64);
  let h = 0x811c9dc5;
  let p = s;
  for (; p < lim; p++) {
    const x = buf[p]!;
    if (x === q) break;
    if (x === 0x5c || x < 0x20) return null;
    h = Math.imul(h ^ x, 0x01000193);
  }
  if (p >= lim) return null;
  const slot = (h >>> 0) & (KEY_SLOTS - 1);
  const kb = keyBytes[slot];
  const len = p - s;
  c.pos = p + 1;
  if (kb !== null && kb !== undefined && kb.length === len) {
    let i = 0;
    while (i < len && kb[i] === buf[s + i]) i++;
    if (i === len) return keyStrings[slot]!;
  }
  const str = decodeUtf8(buf, s, p);
  keyBytes[slot] = buf.slice(s, p);
  keyStrings[slot] = str;
  return str;
}

/** Reads an object key at c.pos (quoted, or unquoted when allowed), then the ':' after it. */
export function readKey(c: Cursor, b: number): string {
  let key: string;
  if (b === 0x22 || (b === 0x27 && c.syn.allowSingleQuotes)) key = cachedKey(c, b) ?? readString(c);
  else if (c.syn.allowUnquotedFieldNames && isIdentPart(b) && !(b >= 0x30 && b <= 0x39)) {
    const s = c.pos;
    let p = s + 1;
    while (p < c.end && isIdentPart(c.buf[p])) p++;
    key = decodeUtf8(c.buf, s, p);
    c.pos = p;
  } else return fail();
  if (ws(c) !== 0x3a) fail();
  c.pos++;
  return key;
}

/** Skips an object key and the ':' after it, with readKey's syntax checks but without decoding it. */
function skipKey(c: Cursor, b: number): void {
  if (b === 0x22 || (b === 0x27 && c.syn.allowSingleQuotes)) {
    skipString(c);
    if (ws(c) !== 0x3a) fail();
    c.pos++;
  } else readKey(c, b);
}

function matchWord(c: Cursor, word: string): boolean {
  const buf = c.buf;
  const p = c.pos;
  if (p + word.length > c.end) return false;
  for (let k = 0; k < word.length; k++) if (buf[p + k] !== word.charCodeAt(k)) return false;
  return !isIdentPart(buf[p + word.length]);
}

/** Matches the literal `true`, `false` or `null` at c.pos. */
export function literal(c: Cursor, word: string): void {
  if (!matchWord(c, word)) fail();
  c.pos += word.length;
}

/** Scans a number at c.pos (Jackson's grammar plus the enabled extensions) into c.num*. */
export function scanNumber(c: Cursor): void {
  const buf = c.buf;
  const end = c.end;
  const s = c.pos;
  let p = s;
  let b = buf[p];
  if (b === 0x2d || b === 0x2b) {
    const n = buf[p + 1];
    if (n === 0x49 || b === 0x2b) {
      // -Infinity, -INF, +Infinity, +INF
      if (!c.syn.allowNonNumericNumbers) fail();
      c.pos = p + 1;
      if (matchWord(c, 'Infinity')) c.pos += 8;
      else if (matchWord(c, 'INF')) c.pos += 3;
      else fail();
      c.numStart = s;
      c.numEnd = c.pos;
      c.numKind = NUM_NONNUMERIC;
      return;
    }
    p++;
    b = buf[p];
  }
  if (b === 0x4e || b === 0x49) {
    if (!c.syn.allowNonNumericNumbers) fail();
    if (matchWord(c, 'NaN')) c.pos += 3;
    else if (matchWord(c, 'Infinity')) c.pos += 8;
    else fail();
    c.numStart = s;
    c.numEnd = c.pos;
    c.numKind = NUM_NONNUMERIC;
    return;
  }
  const d0 = p;
  while (p < end && buf[p]! >= 0x30 && buf[p]! <= 0x39) p++;
  if (p === d0) fail();
  if (buf[d0] === 0x30 && p - d0 > 1 && !c.syn.allowNumericLeadingZeros) fail();
  let kind = NUM_INT;
  if (p < end && buf[p] === 0x2e) {
    p++;
    const f0 = p;
    while (p < end && buf[p]! >= 0x30 && buf[p]! <= 0x39) p++;
    if (p === f0) fail();
    kind = NUM_FLOAT;
  }
  if (p < end && (buf[p] === 0x65 || buf[p] === 0x45)) {
    p++;
    if (p < end && (buf[p] === 0x2b || buf[p] === 0x2d)) p++;
    const e0 = p;
    while (p < end && buf[p]! >= 0x30 && buf[p]! <= 0x39) p++;
    if (p === e0) fail();
    kind = NUM_FLOAT;
  }
  c.numStart = s;
  c.numEnd = p;
  c.numKind = kind;
  c.pos = p;
}

/** Skips one value at c.pos (ws already skipped, `b` its first byte), checking its syntax. */
export function skipValue(c: Cursor, b: number): void {
  switch (b) {
    case 0x7b: {
      c.pos++;
      let k = ws(c);
      if (k === 0x7d) {
        c.pos++;
        return;
      }
      for (;;) {
        skipKey(c, k);
        skipValue(c, ws(c));
        const d = ws(c);
        c.pos++;
        if (d === 0x7d) return;
        if (d !== 0x2c) fail();
        k = ws(c);
      }
    }
    case 0x5b: {
      c.pos++;
      let k = ws(c);
      if (k === 0x5d) {
        c.pos++;
        return;
      }
      for (;;) {
        skipValue(c, k);
        const d = ws(c);
        c.pos++;
        if (d === 0x5d) return;
        if (d !== 0x2c) fail();
        k = ws(c);
      }
    }
    case 0x22:
      skipString(c);
      return;
    case 0x27:
      if (!c.syn.allowSingleQuotes) fail();
      skipString(c);
      return;
    case 0x74:
      literal(c, 'true');
      return;
    case 0x66:
      literal(c, 'false');
      return;
    case 0x6e:
      literal(c, 'null');
      return;
    case -1:
      fail();
      return;
    default:
      scanNumber(c);
  }
}

/** Skips a quoted string without decoding it (escapes are still checked). */
function skipString(c: Cursor): void {
  const buf = c.buf;
  const s0 = c.pos;
  const q = buf[s0]!;
  let p = s0 + 1;
  const end = c.end;
  while (p < end) {
    const b = buf[p]!;
    if (b === q) {
      c.pos = p + 1;
      return;
    }
    if (b === 0x5c || b < 0x20) {
      // Rare: let the decoding reader validate escapes from the string start.
      c.pos = s0;
      readString(c);
      return;
    }
    p++;
  }
  fail();
}

/** Whether b starts a number token. */
export function isNumberStart(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || b === 0x2d || b === 0x2b || b === 0x4e || b === 0x49;
}
