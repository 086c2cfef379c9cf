// Kernels of the built-in string functions, keyed by ScalarFunction name (see
// @flint/planner functions/string.ts for their typing and Spark's exact argument defaults).

import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import {
  FlintError,
  getValue,
  packedVector,
  T,
  type PackedChars,
  type Value,
  type Vector,
} from '@flint/common';
import { isConstantVector, normalizeNulls, unionNulls } from '../eval/vectors.js';
import type { ScalarKernel } from './kernel.js';
import {
  binAt,
  cpArray,
  cpLength,
  cpSlice,
  hasSurrogates,
  isNullAt,
  mapRows,
  mapRowsAll,
  memo1,
  numAt,
  bigAt,
  strAt,
  utf8Decode,
  utf8Encode,
  utf8Length,
} from './string-util.js';
import {
  compileJavaRegex,
  compileJavaReplacement,
  compileLike,
  likeLiterals,
  groupCount,
  javaSplit,
} from './string-regex.js';
import { formatNumberD, formatNumberPattern, javaFormat } from './string-format.js';

const INT_MAX = 2147483647;

type K = ScalarKernel;

function a0(args: readonly Vector[]): Vector {
  return args[0]!;
}

/** Spark's UTF8String.substringSQL / ByteArray.subStringSQL start and end (code points / bytes). */
function sqlRange(len: number, pos: number, length: number): [number, number] | null {
  let start = pos > 0 ? pos - 1 : pos < 0 ? len + pos : 0;
  let end = start + length;
  if (end > INT_MAX) end = INT_MAX;
  start = Math.max(start, 0);
  if (start >= end) return null;
  return [start, Math.min(end, len)];
}

function substringValue(v: Value, pos: number, length: number): Value {
  if (v instanceof Uint8Array) {
    const r = sqlRange(v.length, pos, length);
    return r === null ? new Uint8Array(0) : v.slice(r[0], r[1]);
  }
  const s = v as string;
  if (!hasSurrogates(s)) {
    const r = sqlRange(s.length, pos, length);
    return r === null ? '' : s.slice(r[0], r[1]);
  }
  const cps = Array.from(s);
  const r = sqlRange(cps.length, pos, length);
  return r === null ? '' : cps.slice(r[0], r[1]).join('');
}

const substring: K = (args, expr, _ctx, n) => {
  const [v, pos, len] = args as [Vector, Vector, Vector];
  if (
    n > 0 &&
    v.type.kind === 'string' &&
    v.dictionary === undefined &&
    isConstantVector(pos) &&
    isConstantVector(len) &&
    pos.nulls === null &&
    len.nulls === null &&
    numAt(pos, 0) > 0
  )
    return substringsFrom(v, numAt(pos, 0) - 1, numAt(len, 0), n);
  return mapRows(args, n, expr.dataType, (i) =>
    substringValue(getValue(args[0]!, i), numAt(args[1]!, i), numAt(args[2]!, i)),
  );
};

/**
 * substring(s, start + 1, length) of a plain string column with a constant positive start (TPC-H
 * Q22's country codes, substring(c_phone, 1, 2)): code units are code points up to the end of the
 * range unless a surrogate comes before it, which only such rows test for (a regular expression
 * over the whole string a row, and a closure, cost 200 ns a row).
 */
function substringsFrom(v: Vector, start: number, length: number, n: number): Vector {
  const packed = v.packed === undefined ? null : packedSubstrings(v, v.packed, start, length, n);
  if (packed !== null) return packed;
  const strings = v.values as readonly (string | undefined)[];
  const nulls = v.nulls;
  const end = Math.min(start + length, INT_MAX);
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const s = nulls !== null && nulls[i] === 1 ? '' : (strings[i] ?? '');
    out[i] =
      start >= end
        ? ''
        : noSurrogateIn(s, 0, end)
          ? s.slice(start, end)
          : (substringValue(s, start + 1, length) as string);
  }
  return {
    type: v.type,
    length: n,
    values: out,
    nulls: nulls === null ? null : normalizeNulls(nulls.slice(0, n)),
  };
}

/**
 * substringsFrom of packed rows as packed rows over the same characters, each row's range narrowed:
 * no string made (Q22 cut each phone number and then its first two characters); null when a row has
 * a surrogate before the end of its range (code units are then not code points).
 */
function packedSubstrings(
  v: Vector,
  p: PackedChars,
  start: number,
  length: number,
  n: number,
): Vector | null {
  const { chars } = p;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  const span = Math.min(start + length, INT_MAX) - start;
  for (let i = 0; i < n; i++) {
    const rowStart = p.starts[i]!;
    const rowEnd = p.ends[i]!;
    const from = Math.min(rowStart + start, rowEnd);
    const to = span <= 0 ? from : Math.min(from + span, rowEnd);
    if (!noSurrogateIn(chars, rowStart, to)) return null;
    starts[i] = from;
    ends[i] = to;
  }
  const nulls = v.nulls === null ? null : normalizeNulls(v.nulls.slice(0, n));
  return packedVector(v.type, nulls, { chars, starts, ends, contiguous: false }, n);
}

/** Whether s has no surrogate in code units from..end-1 (end past s's length: to its end). */
function noSurrogateIn(s: string, from: number, end: number): boolean {
  const e = Math.min(end, s.length);
  for (let i = from; i < e; i++) if ((s.charCodeAt(i) & 0xf800) === 0xd800) return false;
  return true;
}

const left: K = (args, expr, _ctx, n) =>
  mapRows(args, n, expr.dataType, (i) => {
    const len = numAt(args[1]!, i);
    const v = getValue(args[0]!, i);
    if (len <= 0) return v instanceof Uint8Array ? new Uint8Array(0) : '';
    return substringValue(v, 1, len);
  });

const right: K = (args, expr, _ctx, n) =>
  mapRows(args, n, expr.dataType, (i) => {
    const len = numAt(args[1]!, i);
    const v = getValue(args[0]!, i);
    if (len <= 0) return v instanceof Uint8Array ? new Uint8Array(0) : '';
    return substringValue(v, -len, INT_MAX);
  });

function lengthOf(v: Vector, i: number): number {
  return v.type.kind === 'binary' ? binAt(v, i).length : cpLength(strAt(v, i));
}

function trimSet(chars: string): Set<string> {
  return new Set(cpArray(chars));
}

function trimWith(s: string, set: Set<string> | null, leading: boolean, trailing: boolean): string {
  if (set === null) {
    let a = 0;
    let b = s.length;
    if (leading) while (a < b && s.charCodeAt(a) === 32) a++;
    if (trailing) while (b > a && s.charCodeAt(b - 1) === 32) b--;
    return s.slice(a, b);
  }
  const cps = cpArray(s);
  let a = 0;
  let b = cps.length;
  if (leading) while (a < b && set.has(cps[a]!)) a++;
  if (trailing) while (b > a && set.has(cps[b - 1]!)) b--;
  return cps.slice(a, b).join('');
}

function trimKernel(leading: boolean, trailing: boolean): K {
  return (args, _expr, _ctx, n) => {
    const sets = memo1(trimSet);
    return mapRows(args, n, T.string, (i) =>
      trimWith(strAt(args[0]!, i), args.length > 1 ? sets(strAt(args[1]!, i)) : null, leading, trailing),
    );
  };
}

function padValue(v: Value, len: number, pad: Value, leftSide: boolean): Value {
  if (v instanceof Uint8Array) {
    const p = pad as Uint8Array;
    const spaces = len - v.length;
    if (spaces <= 0 || p.length === 0) return v.slice(0, Math.max(0, len));
    const out = new Uint8Array(len);
    const fillAt = leftSide ? 0 : v.length;
    for (let k = 0; k < spaces; k++) out[fillAt + k] = p[k % p.length]!;
    out.set(v, leftSide ? spaces : 0);
    return out;
  }
  const s = v as string;
  const p = pad as string;
  const sl = cpLength(s);
  const spaces = len - sl;
  if (spaces <= 0 || p.length === 0) return cpSlice(s, 0, Math.max(0, len));
  const pc = cpArray(p);
  let fill = '';
  const full = Math.floor(spaces / pc.length);
  fill = p.repeat(full) + pc.slice(0, spaces - full * pc.length).join('');
  return leftSide ? fill + s : s + fill;
}

function padKernel(leftSide: boolean): K {
  return (args, expr, _ctx, n) =>
    mapRows(args, n, expr.dataType, (i) =>
      padValue(getValue(args[0]!, i), numAt(args[1]!, i), getValue(args[2]!, i), leftSide),
    );
}

function instrValue(s: string, sub: string, pos: number, occ: number): number {
  if (pos === 0 || occ <= 0) return 0;
  if (sub.length === 0) return 1;
  const surr = hasSurrogates(s) || hasSurrogates(sub);
  const hs = surr ? Array.from(s) : null;
  const len = hs !== null ? hs.length : s.length;
  // work on code-point arrays only when needed
  const idxOf = (from: number): number => {
    if (hs === null) return s.indexOf(sub, from);
    const str = hs.join('');
    const u = str.indexOf(sub, Array.from(hs.slice(0, from).join('')).join('').length);
    return u < 0 ? -1 : Array.from(str.slice(0, u)).length;
  };
  const lastIdxOf = (from: number): number => {
    if (hs === null) return s.lastIndexOf(sub, from);
    const str = hs.join('');
    const u = str.lastIndexOf(sub, hs.slice(0, from).join('').length);
    return u < 0 ? -1 : Array.from(str.slice(0, u)).length;
  };
  if (pos > 0) {
    let from = pos - 1;
    if (from >= len) return 0;
    let found = -1;
    for (let k = 0; k < occ; k++) {
      found = idxOf(from);
      if (found < 0) return 0;
      from = found + 1;
    }
    return found + 1;
  }
  let from = len + pos;
  if (from < 0) return 0;
  let found = -1;
  for (let k = 0; k < occ; k++) {
    if (from < 0) return 0;
    found = lastIdxOf(from);
    if (found < 0) return 0;
    from = found - 1;
  }
  return found + 1;
}

function cpIndexOf(s: string, sub: string, fromCp: number): number {
  if (!hasSurrogates(s)) return s.indexOf(sub, fromCp);
  const cps = Array.from(s);
  const u = s.indexOf(sub, cps.slice(0, fromCp).join('').length);
  return u < 0 ? -1 : Array.from(s.slice(0, u)).length;
}

const locate: K = (args, _expr, _ctx, n) =>
  mapRowsAll(n, T.int, (i) => {
    if (isNullAt(args[2]!, i)) return 0;
    if (isNullAt(args[0]!, i) || isNullAt(args[1]!, i)) return null;
    const start = numAt(args[2]!, i);
    if (start < 1) return 0;
    const sub = strAt(args[0]!, i);
    const s = strAt(args[1]!, i);
    if (sub.length === 0) return 1;
    return cpIndexOf(s, sub, start - 1) + 1;
  });

function translateValue(s: string, from: string, to: string): string {
  const map = new Map<string, string>();
  const f = cpArray(from);
  const t = cpArray(to);
  f.forEach((c, k) => {
    if (!map.has(c)) map.set(c, t[k] ?? '');
  });
  let out = '';
  for (const c of cpArray(s)) {
    const r = map.get(c);
    out += r === undefined ? c : r;
  }
  return out;
}

function regexKernel(
  fn: string,
  flags: string,
  f: (s: string, re: RegExp, i: number, args: readonly Vector[]) => Value,
): K {
  return (args, expr, _ctx, n) => {
    const shown = (expr.options?.['shownName'] as string | undefined) ?? fn;
    const comp = memo1((p: string) => compileJavaRegex(p, flags, shown));
    return mapRows(args, n, expr.dataType, (i) => f(strAt(args[0]!, i), comp(strAt(args[1]!, i)), i, args));
  };
}

function groupIndexError(fn: string, count: number, idx: number): FlintError {
  return new FlintError(
    'INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX',
    `[INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX] The value of parameter(s) \`idx\` in \`${fn}\` is invalid: Expects group index between 0 and ${count}, but got ${idx}.`,
    { parameter: '`idx`', functionName: `\`${fn}\``, groupCount: String(count), groupIndex: String(idx) },
    null,
    '22023',
  );
}

const groupCounts = new WeakMap<RegExp, number>();
function checkGroup(fn: string, re: RegExp, idx: number): void {
  let c = groupCounts.get(re);
  if (c === undefined) {
    c = groupCount(re);
    groupCounts.set(re, c);
  }
  if (idx < 0 || idx > c) throw groupIndexError(fn, c, idx);
}

const CHARSETS = ['iso-8859-1', 'us-ascii', 'utf-16', 'utf-16be', 'utf-16le', 'utf-32', 'utf-8'];

function charsetError(fn: string, cs: string): FlintError {
  return new FlintError(
    'INVALID_PARAMETER_VALUE.CHARSET',
    `[INVALID_PARAMETER_VALUE.CHARSET] The value of parameter(s) \`charset\` in \`${fn}\` is invalid: expects one of the ${CHARSETS.join(', ')}, but got ${cs}.`,
    { parameter: '`charset`', functionName: `\`${fn}\``, charset: cs, charsets: CHARSETS.join(', ') },
    null,
    '22023',
  );
}

function malformed(fn: string, cs: string): FlintError {
  return new FlintError(
    'MALFORMED_CHARACTER_CODING',
    `[MALFORMED_CHARACTER_CODING] Invalid value found when performing \`${fn}\` with \`${cs}\``,
    { function: `\`${fn}\``, charset: cs },
    null,
    '22000',
  );
}

function encodeString(s: string, cs: string, legacyCharsets: boolean, legacyErrors: boolean): Uint8Array {
  const c = cs.toLowerCase();
  switch (c) {
    case 'utf-8':
      return utf8Encode(s);
    case 'us-ascii':
    case 'iso-8859-1': {
      const max = c === 'us-ascii' ? 0x7f : 0xff;
      const cps = Array.from(s);
      const out = new Uint8Array(cps.length);
      cps.forEach((ch, k) => {
        const cp = ch.codePointAt(0)!;
        if (cp > max) {
          if (!legacyErrors) throw malformed('encode', cs);
          out[k] = 0x3f;
        } else out[k] = cp;
      });
      return out;
    }
    case 'utf-16':
    case 'utf-16be':
    case 'utf-16le': {
      const bom = c === 'utf-16' ? 2 : 0;
      const out = new Uint8Array(bom + s.length * 2);
      if (bom) {
        out[0] = 0xfe;
        out[1] = 0xff;
      }
      for (let k = 0; k < s.length; k++) {
        const u = s.charCodeAt(k);
        const hi = u >> 8;
        const lo = u & 0xff;
        if (c === 'utf-16le') {
          out[bom + 2 * k] = lo;
          out[bom + 2 * k + 1] = hi;
        } else {
          out[bom + 2 * k] = hi;
          out[bom + 2 * k + 1] = lo;
        }
      }
      return out;
    }
    case 'utf-32': {
      const cps = Array.from(s);
      const out = new Uint8Array(cps.length * 4);
      const dv = new DataView(out.buffer);
      cps.forEach((ch, k) => dv.setUint32(4 * k, ch.codePointAt(0)!, false));
      return out;
    }
    default:
      if (legacyCharsets && isKnownLegacyCharset(c)) {
        // single-byte legacy charsets: ASCII-compatible for the common range
        return Uint8Array.from(Array.from(s), (ch) => {
          const cp = ch.codePointAt(0)!;
          return cp < 0x80 ? cp : 0x3f;
        });
      }
      throw charsetError('encode', cs);
  }
}

function isKnownLegacyCharset(c: string): boolean {
  try {
    new TextDecoder(c);
    return true;
  } catch {
    return false;
  }
}

function decodeBytes(b: Uint8Array, cs: string, legacyCharsets: boolean, legacyErrors: boolean): string {
  const c = cs.toLowerCase();
  switch (c) {
    case 'utf-8':
      return legacyErrors ? new TextDecoder('utf-8').decode(b) : fatalDecode(b, 'utf-8', cs);
    case 'us-ascii': {
      let out = '';
      for (const x of b) {
        if (x > 0x7f) {
          if (!legacyErrors) throw malformed('decode', cs);
          out += '\uFFFD';
        } else out += String.fromCharCode(x);
      }
      return out;
    }
    case 'iso-8859-1':
      return Array.from(b, (x) => String.fromCharCode(x)).join('');
    case 'utf-16': {
      if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe)
        return new TextDecoder('utf-16le').decode(b.subarray(2));
      const body = b.length >= 2 && b[0] === 0xfe && b[1] === 0xff ? b.subarray(2) : b;
      return utf16be(body);
    }
    case 'utf-16be':
      return utf16be(b);
    case 'utf-16le':
      return new TextDecoder('utf-16le').decode(b);
    case 'utf-32': {
      const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
      let out = '';
      for (let k = 0; k + 4 <= b.length; k += 4) out += String.fromCodePoint(dv.getUint32(k, false));
      return out;
    }
    default:
      if (legacyCharsets && isKnownLegacyCharset(c)) return new TextDecoder(c).decode(b);
      throw charsetError('decode', cs);
  }
}

function fatalDecode(b: Uint8Array, label: string, cs: string): string {
  try {
    return new TextDecoder(label, { fatal: true }).decode(b);
  } catch {
    throw malformed('decode', cs);
  }
}

function utf16be(b: Uint8Array): string {
  const swapped = new Uint8Array(b.length - (b.length % 2));
  for (let k = 0; k + 1 < b.length; k += 2) {
    swapped[k] = b[k + 1]!;
    swapped[k + 1] = b[k]!;
  }
  return new TextDecoder('utf-16le').decode(swapped);
}

function hexOfBytes(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += (x < 16 ? '0' : '') + x.toString(16);
  return s.toUpperCase();
}

function unhexValue(s: string): Uint8Array | null {
  const t = s.length % 2 === 1 ? `0${s}` : s;
  if (!/^[0-9a-fA-F]*$/.test(t)) return null;
  const out = new Uint8Array(t.length / 2);
  for (let k = 0; k < out.length; k++) out[k] = Number.parseInt(t.slice(2 * k, 2 * k + 2), 16);
  return out;
}

function conversionError(str: string, fmt: string): FlintError {
  return new FlintError(
    'CONVERSION_INVALID_INPUT',
    `[CONVERSION_INVALID_INPUT] The value '${str}' (${fmt}) cannot be converted to "BINARY" because it is malformed.`,
    { str: `'${str}'`, fmt: `'${fmt.toUpperCase()}'`, targetType: '"BINARY"', suggestion: '`try_to_binary`' },
    null,
    '22018',
  );
}

function strictBase64(s: string): Uint8Array | null {
  let count = 0;
  let pad = 0;
  let clean = '';
  for (const c of s) {
    if (pad > 0) {
      if (c === '=') {
        pad++;
        continue;
      }
      return null;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') continue;
    if (c === '=') {
      pad = 1;
      continue;
    }
    if (!/[A-Za-z0-9+/]/.test(c)) return null;
    clean += c;
    count++;
  }
  if (pad > 2) return null;
  if (pad === 0 ? count % 4 !== 0 : pad === 1 ? count % 4 !== 3 : count % 4 !== 2) return null;
  return new Uint8Array(Buffer.from(clean, 'base64'));
}

function toBinaryValue(s: string, fmt: string, tryMode: boolean): Uint8Array | null {
  const f = fmt.toLowerCase();
  let r: Uint8Array | null;
  if (f === 'hex') r = unhexValue(s);
  else if (f === 'utf-8' || f === 'utf8') r = utf8Encode(s);
  else if (f === 'base64') r = strictBase64(s);
  else r = null;
  if (r === null && !tryMode) throw conversionError(s, f);
  return r;
}

function toBinaryKernel(tryMode: boolean): K {
  return (args, expr, _ctx, n) =>
    mapRows(args, n, expr.dataType, (i) =>
      toBinaryValue(strAt(args[0]!, i), args.length > 1 ? strAt(args[1]!, i) : 'hex', tryMode),
    );
}

function soundexValue(s: string): string {
  if (s.length === 0) return s;
  const first = s[0]!.toUpperCase();
  if (first < 'A' || first > 'Z') return s;
  const code = (c: string): string => {
    const u = c.toUpperCase();
    if ('BFPV'.includes(u)) return '1';
    if ('CGJKQSXZ'.includes(u)) return '2';
    if ('DT'.includes(u)) return '3';
    if (u === 'L') return '4';
    if ('MN'.includes(u)) return '5';
    if (u === 'R') return '6';
    if ('HW'.includes(u)) return 'h';
    return '0';
  };
  let out = first;
  let last = code(first);
  for (let k = 1; k < s.length && out.length < 4; k++) {
    const c = code(s[k]!);
    if (c === 'h') continue;
    if (c !== '0' && c !== last) out += c;
    last = c;
  }
  return out.padEnd(4, '0');
}

function levenshteinValue(a: string, b: string): number {
  const x = cpArray(a);
  const y = cpArray(b);
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  let prev = Array.from({ length: y.length + 1 }, (_, k) => k);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length]!;
}

function maskValue(
  s: string,
  up: string | null,
  lo: string | null,
  dg: string | null,
  ot: string | null,
): string {
  let out = '';
  for (const c of s) {
    if (c >= 'A' && c <= 'Z') out += up ?? c;
    else if (c >= 'a' && c <= 'z') out += lo ?? c;
    else if (c >= '0' && c <= '9') out += dg ?? c;
    else out += ot ?? c;
  }
  return out;
}

function luhn(s: string): boolean {
  if (s.length === 0 || !/^[0-9]+$/.test(s)) return false;
  let sum = 0;
  let dbl = false;
  for (let k = s.length - 1; k >= 0; k--) {
    let d = s.charCodeAt(k) - 48;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

function convValue(num: string, fromBase: number, toBase: number): string | null {
  const fb = Math.abs(fromBase);
  const tb = Math.abs(toBase);
  if (fb < 2 || fb > 36 || tb < 2 || tb > 36) return null;
  let s = num.trim();
  let neg = false;
  if (s.startsWith('-')) {
    neg = true;
    s = s.slice(1);
  }
  const M = (1n << 64n) - 1n;
  let v = 0n;
  for (const c of s) {
    const d = Number.parseInt(c, 36);
    if (Number.isNaN(d) || d >= fb) break;
    v = v * BigInt(fb) + BigInt(d);
    if (v > M) {
      v = M;
    }
  }
  if (neg) v = ((1n << 64n) - v) & M;
  if (toBase < 0 && v > (1n << 63n) - 1n) return `-${((1n << 64n) - v).toString(tb).toUpperCase()}`;
  return v.toString(tb).toUpperCase();
}

function javaLongBinary(x: bigint): string {
  return (x < 0n ? x + (1n << 64n) : x).toString(2);
}

function decodeCaseEqual(a: Value, b: Value): boolean {
  if (a === null || b === null) return a === b;
  if (a instanceof Uint8Array && b instanceof Uint8Array)
    return a.length === b.length && a.every((x, k) => x === b[k]);
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    try {
      return BigInt(a as number) === BigInt(b as number);
    } catch {
      return false;
    }
  }
  return a === b;
}

export const stringKernels: Record<string, ScalarKernel> = {
  length: (args, _e, _c, n) => mapRows(args, n, T.int, (i) => lengthOf(a0(args), i)),
  octet_length: (args, _e, _c, n) =>
    mapRows(args, n, T.int, (i) =>
      a0(args).type.kind === 'binary' ? binAt(a0(args), i).length : utf8Length(strAt(a0(args), i)),
    ),
  bit_length: (args, _e, _c, n) =>
    mapRows(
      args,
      n,
      T.int,
      (i) =>
        8 * (a0(args).type.kind === 'binary' ? binAt(a0(args), i).length : utf8Length(strAt(a0(args), i))),
    ),
  upper: (args, _e, _c, n) => mapRows(args, n, T.string, (i) => strAt(a0(args), i).toUpperCase()),
  lower: (args, _e, _c, n) => mapRows(args, n, T.string, (i) => strAt(a0(args), i).toLowerCase()),
  initcap: (args, _e, _c, n) =>
    mapRows(args, n, T.string, (i) =>
      strAt(a0(args), i)
        .split(' ')
        .map((w) => (w.length === 0 ? w : w[0]!.toUpperCase() + w.slice(1).toLowerCase()))
        .join(' '),
    ),
  concat: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, (i) => {
      if (expr.dataType.kind === 'string') {
        let s = '';
        for (const a of args) s += strAt(a, i);
        return s;
      }
      if (expr.dataType.kind === 'binary') {
        const parts = args.map((a) => binAt(a, i));
        const out = new Uint8Array(parts.reduce((x, p) => x + p.length, 0));
        let off = 0;
        for (const p of parts) {
          out.set(p, off);
          off += p.length;
        }
        return out;
      }
      return args.flatMap((a) => getValue(a, i) as readonly Value[]);
    }),
  concat_ws: (args, _e, _c, n) =>
    mapRowsAll(n, T.string, (i) => {
      if (isNullAt(args[0]!, i)) return null;
      const parts: string[] = [];
      for (let k = 1; k < args.length; k++) {
        const v = getValue(args[k]!, i);
        if (v === null) continue;
        if (Array.isArray(v)) for (const x of v) if (x !== null) parts.push(x as string);
        if (typeof v === 'string') parts.push(v);
      }
      return parts.join(strAt(args[0]!, i));
    }),
  substring,
  left,
  right,
  trim: trimKernel(true, true),
  btrim: trimKernel(true, true),
  ltrim: trimKernel(true, false),
  rtrim: trimKernel(false, true),
  lpad: padKernel(true),
  rpad: padKernel(false),
  repeat: (args, _e, _c, n) =>
    mapRows(args, n, T.string, (i) => strAt(args[0]!, i).repeat(Math.max(0, numAt(args[1]!, i)))),
  reverse: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, (i) => {
      const v = getValue(args[0]!, i);
      if (typeof v === 'string') return cpArray(v).reverse().join('');
      return [...(v as readonly Value[])].reverse();
    }),
  instr: (args, _e, _c, n) =>
    mapRows(args, n, T.int, (i) =>
      instrValue(strAt(args[0]!, i), strAt(args[1]!, i), numAt(args[2]!, i), numAt(args[3]!, i)),
    ),
  locate,
  replace: (args, _e, _c, n) =>
    mapRows(args, n, T.string, (i) => {
      const s = strAt(args[0]!, i);
      const search = strAt(args[1]!, i);
      return search.length === 0 ? s : s.split(search).join(strAt(args[2]!, i));
    }),
  translate: (args, _e, _c, n) =>
    mapRows(args, n, T.string, (i) =>
      translateValue(strAt(args[0]!, i), strAt(args[1]!, i), strAt(args[2]!, i)),
    ),
  split: (args, expr, _c, n) => {
    const comp = memo1((p: string) => compileJavaRegex(p, 'g', 'split'));
    return mapRows(args, n, expr.dataType, (i) => {
      const s = strAt(args[0]!, i);
      const p = strAt(args[1]!, i);
      const limit = numAt(args[2]!, i);
      if (p.length === 0) {
        if (s.length === 0) return [''];
        const cps = cpArray(s);
        if (limit > 0 && limit < cps.length)
          return [...cps.slice(0, limit - 1), cps.slice(limit - 1).join('')];
        return cps;
      }
      return javaSplit(s, comp(p), limit);
    });
  },
  split_part: (args, _e, _c, n) =>
    mapRows(args, n, T.string, (i) => {
      const s = strAt(args[0]!, i);
      const d = strAt(args[1]!, i);
      const part = numAt(args[2]!, i);
      if (part === 0)
        throw new FlintError(
          'INVALID_INDEX_OF_ZERO',
          '[INVALID_INDEX_OF_ZERO] The index 0 is invalid.',
          {},
          null,
          '22003',
        );
      const parts = d.length === 0 ? [s] : s.split(d);
      const k = part > 0 ? part - 1 : parts.length + part;
      return k >= 0 && k < parts.length ? parts[k]! : '';
    }),
  startswith: (args, _e, _c, n) =>
    mapRows(args, n, T.boolean, (i) => {
      if (args[0]!.type.kind === 'binary') {
        const a = binAt(args[0]!, i);
        const b = binAt(args[1]!, i);
        return b.length <= a.length && b.every((x, k) => a[k] === x);
      }
      return strAt(args[0]!, i).startsWith(strAt(args[1]!, i));
    }),
  endswith: (args, _e, _c, n) =>
    mapRows(args, n, T.boolean, (i) => {
      if (args[0]!.type.kind === 'binary') {
        const a = binAt(args[0]!, i);
        const b = binAt(args[1]!, i);
        const off = a.length - b.length;
        return off >= 0 && b.every((x, k) => a[off + k] === x);
      }
      return strAt(args[0]!, i).endsWith(strAt(args[1]!, i));
    }),
  contains: (args, _e, _c, n) =>
    mapRows(args, n, T.boolean, (i) => {
      if (args[0]!.type.kind === 'binary') {
        const a = Buffer.from(binAt(args[0]!, i));
        return a.indexOf(Buffer.from(binAt(args[1]!, i))) >= 0;
      }
      return strAt(args[0]!, i).includes(strAt(args[1]!, i));
    }),
  find_in_set: (args, _e, _c, n) =>
    mapRows(args, n, T.int, (i) => {
      const s = strAt(args[0]!, i);
      if (s.includes(',')) return 0;
      return strAt(args[1]!, i).split(',').indexOf(s) + 1;
    }),
  regexp_replace: (args, expr, _c, n) => {
    const comp = memo1((p: string) => compileJavaRegex(p, 'g', 'regexp_replace'));
    const reps = memo1(compileJavaReplacement);
    return mapRows(args, n, expr.dataType, (i) => {
      const s = strAt(args[0]!, i);
      const re = comp(strAt(args[1]!, i));
      const rep = reps(strAt(args[2]!, i));
      const pos = numAt(args[3]!, i);
      if (pos - 1 > s.length) return s;
      const head = s.slice(0, pos - 1);
      re.lastIndex = 0;
      return (
        head +
        s.slice(pos - 1).replace(re, (...m: unknown[]) => {
          const groups =
            typeof m[m.length - 1] === 'object' ? (m[m.length - 1] as Record<string, string>) : undefined;
          const arr = m.slice(0, groups === undefined ? -2 : -3) as string[] as unknown as RegExpExecArray;
          if (groups !== undefined) (arr as { groups?: Record<string, string> }).groups = groups;
          return rep(arr);
        })
      );
    });
  },
  regexp_extract: (args, expr, ctx, n) =>
    regexKernel('regexp_extract', '', (s, re, i, a) => {
      const idx = numAt(a[2]!, i);
      checkGroup('regexp_extract', re, idx);
      const m = re.exec(s);
      return m === null ? '' : (m[idx] ?? '');
    })(args, expr, ctx, n),
  regexp_extract_all: (args, expr, ctx, n) =>
    regexKernel('regexp_extract_all', 'g', (s, re, i, a) => {
      const idx = numAt(a[2]!, i);
      checkGroup('regexp_extract_all', re, idx);
      return Array.from(s.matchAll(re), (m) => m[idx] ?? '');
    })(args, expr, ctx, n),
  rlike: regexKernel('rlike', '', (s, re) => re.test(s)),
  regexp_count: regexKernel('regexp_count', 'g', (s, re) => Array.from(s.matchAll(re)).length),
  regexp_substr: regexKernel('regexp_substr', '', (s, re) => {
    const m = re.exec(s);
    return m === null || m[0] === '' ? null : m[0];
  }),
  regexp_instr: regexKernel('regexp_instr', '', (s, re, i, a) => {
    const idx = numAt(a[2]!, i);
    checkGroup('regexp_instr', re, idx);
    const m = re.exec(s);
    if (m === null) return 0;
    if (idx === 0) return cpLength(s.slice(0, m.index)) + 1;
    const g = m[idx];
    return g === undefined ? 0 : cpLength(s.slice(0, s.indexOf(g, m.index))) + 1;
  }),
  like: likeKernel(false),
  ilike: likeKernel(true),
  ascii: (args, _e, _c, n) =>
    mapRows(args, n, T.int, (i) => {
      const s = strAt(args[0]!, i);
      return s.length === 0 ? 0 : s.codePointAt(0)!;
    }),
  chr: (args, _e, _c, n) =>
    mapRows(args, n, T.string, (i) => {
      const x = bigAt(args[0]!, i);
      if (x < 0n) return '';
      return String.fromCharCode(Number(x & 255n));
    }),
  base64: (args, _e, _c, n) =>
    mapRows(args, n, T.string, (i) => Buffer.from(binAt(args[0]!, i)).toString('base64')),
  unbase64: (args, _e, _c, n) =>
    mapRows(args, n, T.binary, (i) => new Uint8Array(Buffer.from(strAt(args[0]!, i), 'base64'))),
  hex: (args, _e, _c, n) =>
    mapRows(args, n, T.string, (i) => {
      const v = args[0]!;
      if (v.type.kind === 'binary') return hexOfBytes(binAt(v, i));
      if (v.type.kind === 'string') return hexOfBytes(utf8Encode(strAt(v, i)));
      const x = bigAt(v, i);
      return (x < 0n ? x + (1n << 64n) : x).toString(16).toUpperCase();
    }),
  unhex: (args, _e, _c, n) => mapRows(args, n, T.binary, (i) => unhexValue(strAt(args[0]!, i))),
  conv: (args, _e, _c, n) =>
    mapRows(args, n, T.string, (i) => convValue(strAt(args[0]!, i), numAt(args[1]!, i), numAt(args[2]!, i))),
  bin: (args, _e, _c, n) => mapRows(args, n, T.string, (i) => javaLongBinary(bigAt(args[0]!, i))),
  encode: (args, expr, _c, n) => {
    const legacyCs = expr.options?.['legacyJavaCharsets'] === true;
    const legacyErr = expr.options?.['legacyCodingErrorAction'] === true;
    return mapRows(args, n, T.binary, (i) =>
      encodeString(strAt(args[0]!, i), strAt(args[1]!, i), legacyCs, legacyErr),
    );
  },
  decode: (args, expr, _c, n) => {
    const legacyCs = expr.options?.['legacyJavaCharsets'] === true;
    const legacyErr = expr.options?.['legacyCodingErrorAction'] === true;
    return mapRows(args, n, T.string, (i) =>
      decodeBytes(binAt(args[0]!, i), strAt(args[1]!, i), legacyCs, legacyErr),
    );
  },
  decode_case: (args, expr, _c, n) =>
    mapRowsAll(n, expr.dataType, (i) => {
      const v = getValue(args[0]!, i);
      let k = 1;
      for (; k + 1 < args.length; k += 2) {
        if (decodeCaseEqual(v, getValue(args[k]!, i))) return getValue(args[k + 1]!, i);
      }
      return k < args.length ? getValue(args[k]!, i) : null;
    }),
  to_binary: toBinaryKernel(false),
  try_to_binary: toBinaryKernel(true),
  is_valid_utf8: (args, _e, _c, n) => mapRows(args, n, T.boolean, (i) => validUtf8(args[0]!, i) !== null),
  make_valid_utf8: (args, _e, _c, n) =>
    mapRows(args, n, T.string, (i) =>
      args[0]!.type.kind === 'binary' ? utf8Decode(binAt(args[0]!, i)) : strAt(args[0]!, i),
    ),
  validate_utf8: (args, _e, _c, n) =>
    mapRows(args, n, T.string, (i) => {
      const r = validUtf8(args[0]!, i);
      if (r === null) {
        const b = binAt(args[0]!, i);
        const shown = Array.from(b, (x) =>
          x < 0x80 ? String.fromCharCode(x) : `\\x${x.toString(16).toUpperCase()}`,
        ).join('');
        throw new FlintError(
          'INVALID_UTF8_STRING',
          `[INVALID_UTF8_STRING] Invalid UTF8 byte sequence found in string: ${shown}.`,
          { str: shown },
          null,
          '22029',
        );
      }
      return r;
    }),
  try_validate_utf8: (args, _e, _c, n) => mapRows(args, n, T.string, (i) => validUtf8(args[0]!, i)),
  format_number: (args, _e, _c, n) =>
    mapRows(args, n, T.string, (i) => {
      const v = getValue(args[0]!, i);
      if (args[1]!.type.kind === 'string') return formatNumberPattern(v, args[0]!.type, strAt(args[1]!, i));
      const d = numAt(args[1]!, i);
      return d < 0 ? null : formatNumberD(v, args[0]!.type, d);
    }),
  format_string: (args, _e, _c, n) =>
    mapRowsAll(n, T.string, (i) => {
      if (isNullAt(args[0]!, i)) return null;
      const vals = args.slice(1).map((a) => getValue(a, i));
      return javaFormat(
        strAt(args[0]!, i),
        vals,
        args.slice(1).map((a) => a.type),
      );
    }),
  space: (args, _e, _c, n) => mapRows(args, n, T.string, (i) => ' '.repeat(Math.max(0, numAt(args[0]!, i)))),
  soundex: (args, _e, _c, n) => mapRows(args, n, T.string, (i) => soundexValue(strAt(args[0]!, i))),
  levenshtein: (args, _e, _c, n) =>
    mapRows(args, n, T.int, (i) => {
      const d = levenshteinValue(strAt(args[0]!, i), strAt(args[1]!, i));
      if (args.length > 2 && d > numAt(args[2]!, i)) return -1;
      return d;
    }),
  elt: (args, expr, ctx, n) =>
    mapRowsAll(n, expr.dataType, (i) => {
      if (isNullAt(args[0]!, i)) return null;
      const k = numAt(args[0]!, i);
      if (k < 1 || k >= args.length) {
        if (ctx.ansi) {
          throw new FlintError(
            'INVALID_ARRAY_INDEX',
            `[INVALID_ARRAY_INDEX] The index ${k} is out of bounds. The array has ${args.length - 1} elements.`,
            {
              indexValue: String(k),
              arraySize: String(args.length - 1),
              ansiConfig: '"spark.sql.ansi.enabled"',
            },
            null,
            '22003',
          );
        }
        return null;
      }
      return getValue(args[k]!, i);
    }),
  overlay: (args, expr, _c, n) =>
    mapRows(args, n, expr.dataType, (i) => {
      const input = getValue(args[0]!, i);
      const rep = getValue(args[1]!, i);
      const pos = numAt(args[2]!, i);
      const lenArg = numAt(args[3]!, i);
      const repLen = rep instanceof Uint8Array ? rep.length : cpLength(rep as string);
      const len = lenArg >= 0 ? lenArg : repLen;
      const head = substringValue(input, 1, pos - 1);
      const tail = substringValue(input, pos + len, INT_MAX);
      if (input instanceof Uint8Array) {
        const h = head as Uint8Array;
        const r = rep as Uint8Array;
        const t = tail as Uint8Array;
        const out = new Uint8Array(h.length + r.length + t.length);
        out.set(h, 0);
        out.set(r, h.length);
        out.set(t, h.length + r.length);
        return out;
      }
      return (head as string) + (rep as string) + (tail as string);
    }),
  mask: (args, _e, _c, n) =>
    mapRowsAll(n, T.string, (i) => {
      if (isNullAt(args[0]!, i)) return null;
      const ch = (k: number): string | null =>
        isNullAt(args[k]!, i) ? null : (Array.from(strAt(args[k]!, i))[0] ?? null);
      return maskValue(strAt(args[0]!, i), ch(1), ch(2), ch(3), ch(4));
    }),
  luhn_check: (args, _e, _c, n) => mapRows(args, n, T.boolean, (i) => luhn(strAt(args[0]!, i))),
  quote: (args, _e, _c, n) =>
    mapRows(args, n, T.string, (i) => `'${strAt(args[0]!, i).replace(/'/g, "\\'")}'`),
  md5: (args, _e, _c, n) =>
    mapRows(args, n, T.string, (i) => createHash('md5').update(binAt(args[0]!, i)).digest('hex')),
  sha1: (args, _e, _c, n) =>
    mapRows(args, n, T.string, (i) => createHash('sha1').update(binAt(args[0]!, i)).digest('hex')),
  sha2: (args, _e, _c, n) =>
    mapRows(args, n, T.string, (i) => {
      const bits = numAt(args[1]!, i);
      const alg =
        bits === 0 || bits === 256
          ? 'sha256'
          : bits === 224
            ? 'sha224'
            : bits === 384
              ? 'sha384'
              : bits === 512
                ? 'sha512'
                : null;
      return alg === null ? null : createHash(alg).update(binAt(args[0]!, i)).digest('hex');
    }),
  crc32: (args, _e, _c, n) => mapRows(args, n, T.long, (i) => BigInt(crc32(binAt(args[0]!, i)))),
};

function validUtf8(v: Vector, i: number): string | null {
  if (v.type.kind !== 'binary') return strAt(v, i);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(binAt(v, i));
  } catch {
    return null;
  }
}

function likeKernel(ci: boolean): K {
  return (args, expr, _ctx, n) => {
    const esc = typeof expr.options?.['escape'] === 'string' ? (expr.options['escape'] as string) : '\\';
    const pattern = args[1]!;
    const strs = args[0]!;
    if (
      isConstantVector(pattern) &&
      pattern.nulls === null &&
      pattern.length > 0 &&
      strs.type.kind === 'string'
    ) {
      // A literal pattern: compiled once, then one typed loop.
      const text = (pattern.values as string[])[0]!;
      const match = compileLike(text, esc, ci);
      const out = new Uint8Array(n);
      const sn = strs.nulls;
      const literals = strs.packed?.contiguous !== true || ci ? [] : likeLiterals(text, esc);
      if (literals.length > 0) likePacked(strs.packed!, rarest(strs.packed!, literals), match, sn, out, n);
      else {
        const xs = strs.values as string[];
        for (let i = 0; i < n; i++) out[i] = (sn === null || sn[i] === 0) && match(xs[i]!) ? 1 : 0;
      }
      return {
        type: T.boolean,
        length: n,
        values: out,
        nulls: unionNulls(strs.nulls, null, n),
      };
    }
    const comp = memo1((p: string) => compileLike(p, esc, ci));
    return mapRows(args, n, T.boolean, (i) => comp(strAt(args[1]!, i))(strAt(args[0]!, i)));
  };
}

/** Characters of packed values looked at to tell which of a pattern's literals is rarest. */
const LITERAL_SAMPLE_CHARS = 1 << 15;

/** The literal found least often in the first characters (the longest of those equally rare). */
function rarest({ chars, starts }: PackedChars, literals: readonly string[]): string {
  const sample = chars.substring(starts[0] ?? 0, (starts[0] ?? 0) + LITERAL_SAMPLE_CHARS);
  let best = literals[0]!;
  let fewest = Infinity;
  for (const literal of literals) {
    let count = 0;
    for (let at = sample.indexOf(literal); at >= 0; at = sample.indexOf(literal, at + literal.length))
      count++;
    if (count < fewest || (count === fewest && literal.length > best.length)) {
      best = literal;
      fewest = count;
    }
  }
  return best;
}

/**
 * LIKE over contiguous packed values (out zeroed): the anchor, a literal part of the pattern, is
 * searched for in all the characters at once, and only rows where it is found are cut out and matched.
 * A filter over a cached column of comments (TPC-H Q13's o_comment) makes no string for the others.
 */
function likePacked(
  { chars, starts, ends }: PackedChars,
  anchor: string,
  match: (s: string) => boolean,
  nulls: Uint8Array | null,
  out: Uint8Array,
  n: number,
): void {
  if (n === 0) return;
  const end = ends[n - 1]!;
  let row = 0;
  let at = chars.indexOf(anchor, starts[0]!);
  while (at >= 0 && at + anchor.length <= end) {
    while (ends[row]! <= at) row++;
    // (An anchor found across the row's end is in none of its values: the match says no.)
    const rowEnd = ends[row]!;
    if (nulls === null || nulls[row] === 0) out[row] = match(chars.substring(starts[row]!, rowEnd)) ? 1 : 0;
    at = chars.indexOf(anchor, rowEnd);
  }
}

// aliases by kernel name that differ from the canonical spelling
stringKernels['substr'] = substring;
stringKernels['position'] = locate;
stringKernels['printf'] = stringKernels['format_string']!;
stringKernels['char'] = stringKernels['chr']!;
stringKernels['sha'] = stringKernels['sha1']!;
stringKernels['regexp_like'] = stringKernels['rlike']!;
stringKernels['regexp'] = stringKernels['rlike']!;
