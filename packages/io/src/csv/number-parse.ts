// Java-compatible number parsing (Integer.parseInt, Long.parseLong, Double.parseDouble, new BigDecimal)
// straight from UTF-8 bytes, with string fallbacks for the rare forms.

/** Integer.parseInt / Short / Byte semantics over bytes: optional sign, ASCII digits only. NaN when invalid. */
export function parseIntBytes(buf: Uint8Array, s: number, e: number, min: number, max: number): number {
  if (s >= e) return NaN;
  let neg = false;
  const c0 = buf[s]!;
  if (c0 === 0x2d) {
    neg = true;
    s++;
  } else if (c0 === 0x2b) s++;
  if (s >= e || e - s > 12) return NaN;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  if (neg) v = -v;
  return v < min || v > max ? NaN : v;
}

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/**
 * Long.parseLong over bytes into a BigInt64Array slot, given as its two 32-bit words (`words` views the
 * same buffer, little-endian): small values skip allocating a BigInt. False when invalid or out of range.
 */
export function parseLongInto(
  buf: Uint8Array,
  s: number,
  e: number,
  longs: BigInt64Array,
  words: Int32Array,
  row: number,
): boolean {
  let i = s;
  let neg = false;
  if (i < e) {
    const c0 = buf[i]!;
    if (c0 === 0x2d) {
      neg = true;
      i++;
    } else if (c0 === 0x2b) i++;
  }
  if (i >= e) return false;
  if (e - i > 15) {
    const v = parseLongBytes(buf, s, e);
    if (v === null) return false;
    longs[row] = v;
    return true;
  }
  let v = 0;
  for (let k = i; k < e; k++) {
    const d = buf[k]! - 0x30;
    if (d < 0 || d > 9) return false;
    v = v * 10 + d;
  }
  if (neg) v = -v;
  const hi = Math.floor(v / 4294967296);
  words[2 * row] = v - hi * 4294967296;
  words[2 * row + 1] = hi;
  return true;
}

/** Long.parseLong over bytes; null when invalid or out of range. */
export function parseLongBytes(buf: Uint8Array, s: number, e: number): bigint | null {
  if (s >= e) return null;
  let neg = false;
  let i = s;
  const c0 = buf[i]!;
  if (c0 === 0x2d) {
    neg = true;
    i++;
  } else if (c0 === 0x2b) i++;
  if (i >= e) return null;
  if (e - i <= 15) {
    let v = 0;
    for (let k = i; k < e; k++) {
      const d = buf[k]! - 0x30;
      if (d < 0 || d > 9) return null;
      v = v * 10 + d;
    }
    return BigInt(neg ? -v : v);
  }
  let v = 0n;
  let hi = 0;
  let digits = 0;
  for (let k = i; k < e; k++) {
    const d = buf[k]! - 0x30;
    if (d < 0 || d > 9) return null;
    hi = hi * 10 + d;
    if (++digits === 15) {
      v = v * 1_000_000_000_000_000n + BigInt(hi);
      hi = 0;
      digits = 0;
    }
  }
  if (digits > 0) v = v * 10n ** BigInt(digits) + BigInt(hi);
  if (neg) v = -v;
  return v < LONG_MIN || v > LONG_MAX ? null : v;
}

export function parseLongString(str: string): bigint | null {
  if (!/^[+-]?\d+$/.test(str)) return null;
  const v = BigInt(str);
  return v < LONG_MIN || v > LONG_MAX ? null : v;
}

export function parseIntString(str: string, min: number, max: number): number {
  if (!/^[+-]?\d{1,12}$/.test(str)) return NaN;
  const v = Number(str);
  return v < min || v > max ? NaN : v;
}

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];

/**
 * Double.parseDouble over bytes for plain decimal forms (`-12.5`, `3e4`): exact when the digits fit in a
 * double and the power of ten is exact (one correctly rounded division); otherwise falls back to
 * `parseDoubleString`. NaN (with `ok` false) when invalid — use `parsedOk` to tell a NaN literal apart.
 */
export function parseDoubleBytes(buf: Uint8Array, s: number, e: number): number {
  parsedOk = false;
  let i = s;
  let neg = false;
  if (i < e) {
    const c0 = buf[i]!;
    if (c0 === 0x2d) {
      neg = true;
      i++;
    } else if (c0 === 0x2b) i++;
  }
  let mant = 0;
  let nd = 0; // significant digits accumulated
  let scale = 0; // digits after the point
  let any = false;
  let k = i;
  for (; k < e; k++) {
    const d = buf[k]! - 0x30;
    if (d < 0 || d > 9) break;
    any = true;
    if (mant !== 0 || d !== 0) nd++;
    mant = mant * 10 + d;
  }
  if (k < e && buf[k] === 0x2e) {
    k++;
    for (; k < e; k++) {
      const d = buf[k]! - 0x30;
      if (d < 0 || d > 9) break;
      any = true;
      if (mant !== 0 || d !== 0) nd++;
      mant = mant * 10 + d;
      scale++;
    }
  }
  let exp = 0;
  if (any && k < e && (buf[k] === 0x65 || buf[k] === 0x45)) {
    k++;
    let eneg = false;
    if (k < e && (buf[k] === 0x2d || buf[k] === 0x2b)) {
      eneg = buf[k] === 0x2d;
      k++;
    }
    let edigits = 0;
    for (; k < e; k++) {
      const d = buf[k]! - 0x30;
      if (d < 0 || d > 9) break;
      exp = exp * 10 + d;
      edigits++;
      if (exp > 100000) exp = 100000;
    }
    if (edigits === 0) return slowDouble(buf, s, e);
    if (eneg) exp = -exp;
  }
  if (!any || k !== e || nd > 15) return slowDouble(buf, s, e);
  const p = exp - scale;
  let v: number;
  if (p === 0) v = mant;
  else if (p > 0 && p <= 22) v = mant * POW10[p]!;
  else if (p < 0 && p >= -22) v = mant / POW10[-p]!;
  else return slowDouble(buf, s, e);
  parsedOk = true;
  return neg ? -v : v;
}

/** Whether the last parseDoubleBytes / parseDoubleString call parsed a valid number. */
export let parsedOk = false;

function slowDouble(buf: Uint8Array, s: number, e: number): number {
  let str = '';
  for (let i = s; i < e; i++) str += String.fromCharCode(buf[i]!);
  return parseDoubleString(str);
}

const JAVA_DOUBLE = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)$/;
const JAVA_HEX_DOUBLE = /^[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?\d+[fFdD]?$/;

/** Double.parseDouble: trims ASCII control/space, accepts NaN, Infinity, a d/f suffix and hex floats. */
export function parseDoubleString(raw: string): number {
  parsedOk = false;
  let a = 0;
  let b = raw.length;
  while (a < b && raw.charCodeAt(a) <= 0x20) a++;
  while (b > a && raw.charCodeAt(b - 1) <= 0x20) b--;
  const str = a === 0 && b === raw.length ? raw : raw.slice(a, b);
  if (JAVA_DOUBLE.test(str)) {
    parsedOk = true;
    const last = str.charCodeAt(str.length - 1);
    const body = last >= 0x41 && !str.endsWith('NaN') && !str.endsWith('Infinity') ? str.slice(0, -1) : str;
    return Number(body);
  }
  if (JAVA_HEX_DOUBLE.test(str)) {
    parsedOk = true;
    return parseHexDouble(str);
  }
  return NaN;
}

function parseHexDouble(str: string): number {
  let s = str.replace(/[fFdD]$/, '');
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  const m = /^0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(s);
  if (m === null) return NaN;
  const intPart = m[1] ?? '';
  const frac = m[2] ?? '';
  const mant = parseInt(intPart + frac || '0', 16);
  return sign * mant * Math.pow(2, Number(m[3]) - 4 * frac.length);
}

/** A parsed java.math.BigDecimal: unscaled value and scale (may be negative). */
export interface ParsedDecimal {
  readonly unscaled: bigint;
  readonly scale: number;
}

const JAVA_BIG_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** new java.math.BigDecimal(str); null when invalid. */
export function parseBigDecimal(str: string): ParsedDecimal | null {
  const m = JAVA_BIG_DECIMAL.exec(str);
  if (m === null) return null;
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  if (intPart === '' && frac === '') return null;
  const exp = m[4] === undefined ? 0 : Number(m[4]);
  let unscaled = BigInt(intPart + frac || '0');
  if (m[1] === '-') unscaled = -unscaled;
  return { unscaled, scale: frac.length - exp };
}

/** BigDecimal.precision(): digits of the unscaled value (1 for zero). */
export function decimalPrecision(d: ParsedDecimal): number {
  const u = d.unscaled < 0n ? -d.unscaled : d.unscaled;
  return u === 0n ? 1 : u.toString().length;
}

/**
 * Spark's Decimal(bigDecimal, precision, scale): rescale with ROUND_HALF_UP, null when the result
 * needs more than `precision` digits.
 */
export function toDecimal(d: ParsedDecimal, precision: number, scale: number): bigint | null {
  let u = d.unscaled;
  if (d.scale < scale) u *= 10n ** BigInt(scale - d.scale);
  else if (d.scale > scale) {
    const div = 10n ** BigInt(d.scale - scale);
    const neg = u < 0n;
    const a = neg ? -u : u;
    let q = a / div;
    if ((a % div) * 2n >= div) q += 1n;
    u = neg ? -q : q;
  }
  const limit = 10n ** BigInt(precision);
  if (u >= limit || u <= -limit) return null;
  return u;
}

/** `parseDecimalInto` results: stored, out of the type's range (null), or not a plain form. */
export const DEC_STORED = 1;
export const DEC_OVERFLOW = 0;
export const DEC_SLOW = -1;

/**
 * The common `[+-]digits[.digits]` decimal with at most 15 digits, rescaled to `scale` with HALF_UP and
 * stored as the unscaled long into a BigInt64Array slot (given as its 32-bit `words`) without a BigInt.
 * Every step is exact in a double (values stay below 2^53). DEC_SLOW leaves the field to the exact
 * BigDecimal path (exponents, grouping commas, long digit strings, anything invalid).
 */
export function parseDecimalInto(
  buf: Uint8Array,
  s: number,
  e: number,
  words: Int32Array,
  row: number,
  precision: number,
  scale: number,
): number {
  let i = s;
  let neg = false;
  if (i < e) {
    const c0 = buf[i]!;
    if (c0 === 0x2d) {
      neg = true;
      i++;
    } else if (c0 === 0x2b) i++;
  }
  let mant = 0;
  let nd = 0;
  let f = 0;
  for (; i < e; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) break;
    mant = mant * 10 + d;
    nd++;
  }
  if (i < e && buf[i] === 0x2e) {
    i++;
    for (; i < e; i++) {
      const d = buf[i]! - 0x30;
      if (d < 0 || d > 9) break;
      mant = mant * 10 + d;
      nd++;
      f++;
    }
  }
  if (i !== e || nd === 0 || nd > 15) return DEC_SLOW;
  let u: number;
  if (f <= scale) {
    if (scale - f > 22) return DEC_SLOW;
    u = mant * POW10[scale - f]!;
    if (u > Number.MAX_SAFE_INTEGER) return DEC_SLOW;
  } else {
    const div = POW10[f - scale]!;
    let q = Math.floor(mant / div);
    let r = mant - q * div;
    if (r < 0) {
      q--;
      r += div;
    } else if (r >= div) {
      q++;
      r -= div;
    }
    u = 2 * r >= div ? q + 1 : q;
  }
  if (precision <= 22 && u >= POW10[precision]!) return DEC_OVERFLOW;
  if (neg) u = -u;
  const hi = Math.floor(u / 4294967296);
  words[2 * row] = u - hi * 4294967296;
  words[2 * row + 1] = hi;
  return DEC_STORED;
}
