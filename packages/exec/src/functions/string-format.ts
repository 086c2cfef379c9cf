// Number and printf-style formatting for format_number and format_string/printf: the subset of
// java.text.DecimalFormat and java.util.Formatter that Spark programs use.

import { FlintError, type DataType, type Value } from '@flint/common';

/** Java's Double.toString for finite and special values (shortest round-trip digits). */
export function javaDouble(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const ax = Math.abs(x);
  if (ax >= 1e-3 && ax < 1e7) {
    const s = String(x);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [m, e] = x.toExponential().split('e') as [string, string];
  const mant = m.includes('.') ? m : `${m}.0`;
  return `${mant}E${Number(e)}`;
}

/** Plain decimal digits of a number (no exponent). */
function plainDigits(x: number): string {
  const s = String(Math.abs(x));
  if (!s.includes('e')) return s;
  const [m, eStr] = s.split('e') as [string, string];
  const e = Number(eStr);
  const [ip, fp = ''] = m.split('.') as [string, string?];
  const digits = ip + fp;
  const point = ip.length + e;
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Rounds a plain non-negative decimal string to `d` fraction digits, HALF_EVEN. */
export function roundHalfEven(plain: string, d: number): { int: string; frac: string } {
  const [ip0, fp0 = ''] = plain.split('.') as [string, string?];
  let ip = ip0.replace(/^0+(?=\d)/, '');
  const fp = fp0.padEnd(d + 1, '0');
  let keep = fp.slice(0, d);
  const rest = fp0.slice(d);
  const first = rest.length > 0 ? rest.charCodeAt(0) - 48 : 0;
  const tailNonZero = /[1-9]/.test(rest.slice(1));
  const lastDigit = (keep.length > 0 ? keep.charCodeAt(keep.length - 1) : ip.charCodeAt(ip.length - 1)) - 48;
  const roundUp = first > 5 || (first === 5 && (tailNonZero || lastDigit % 2 === 1));
  if (roundUp) {
    const all = (ip + keep).split('').map(Number);
    let k = all.length - 1;
    while (k >= 0) {
      if (all[k]! < 9) {
        all[k]!++;
        break;
      }
      all[k] = 0;
      k--;
    }
    let joined = all.join('');
    if (k < 0) joined = `1${joined}`;
    ip = joined.slice(0, joined.length - keep.length);
    keep = joined.slice(joined.length - keep.length);
  }
  return { int: ip === '' ? '0' : ip, frac: keep };
}

function groupThousands(ip: string): string {
  return ip.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Decimal text of a numeric value of `type` (sign separate). */
export function numericPlain(v: Value, type: DataType): { neg: boolean; plain: string } | null {
  if (v === null) return null;
  if (type.kind === 'decimal') {
    const u = v as bigint;
    const neg = u < 0n;
    const s = (neg ? -u : u).toString().padStart(type.scale + 1, '0');
    const plain =
      type.scale > 0 ? `${s.slice(0, s.length - type.scale)}.${s.slice(s.length - type.scale)}` : s;
    return { neg, plain };
  }
  if (typeof v === 'bigint') return { neg: v < 0n, plain: (v < 0n ? -v : v).toString() };
  const x = v as number;
  if (type.kind === 'float') {
    const f = Number(Math.fround(x).toPrecision(9));
    const short = Number.parseFloat(String(Math.fround(x)));
    void f;
    return { neg: x < 0 || Object.is(x, -0), plain: plainDigits(short) };
  }
  return { neg: x < 0 || Object.is(x, -0), plain: plainDigits(x) };
}

/** format_number(x, d): '#,###,##0.00' with d decimals, HALF_EVEN. */
export function formatNumberD(v: Value, type: DataType, d: number): string | null {
  if (typeof v === 'number' && !Number.isFinite(v))
    return Number.isNaN(v) ? '\uFFFD' : v > 0 ? '\u221E' : '-\u221E';
  const p = numericPlain(v, type);
  if (p === null) return null;
  const r = roundHalfEven(p.plain, d);
  const body = groupThousands(r.int) + (d > 0 ? `.${r.frac}` : '');
  const isZero = !/[1-9]/.test(r.int + r.frac);
  return p.neg && !isZero ? `-${body}` : body;
}

/** format_number(x, 'pattern'): DecimalFormat patterns like '#,###.##', '0.000', '##'. */
export function formatNumberPattern(v: Value, type: DataType, pattern: string): string | null {
  if (pattern === '') return formatNumberD(v, type, 0);
  const p = numericPlain(v, type);
  if (p === null) return null;
  const [ipat, fpat = ''] = pattern.split('.') as [string, string?];
  const minFrac = (fpat.match(/0/g) ?? []).length;
  const maxFrac = (fpat.match(/[0#]/g) ?? []).length;
  const minInt = (ipat.match(/0/g) ?? []).length;
  const grouping = ipat.includes(',') ? ipat.length - ipat.lastIndexOf(',') - 1 : 0;
  const r = roundHalfEven(p.plain, maxFrac);
  let frac = r.frac;
  while (frac.length > minFrac && frac.endsWith('0')) frac = frac.slice(0, -1);
  let ip = r.int.replace(/^0+/, '');
  if (ip.length < minInt) ip = ip.padStart(minInt, '0');
  if (grouping > 0) ip = ip.replace(new RegExp(`\\B(?=(\\d{${grouping}})+(?!\\d))`, 'g'), ',');
  const body = ip + (frac.length > 0 ? `.${frac}` : '');
  const isZero = !/[1-9]/.test(r.int + r.frac);
  return p.neg && !isZero ? `-${body}` : body;
}

function illegalFormat(msg: string): FlintError {
  return new FlintError('INVALID_PARAMETER_VALUE.PATTERN', msg, {}, null, '22023');
}

/** Java's String.valueOf of a Spark value for %s. */
function toJavaString(v: Value, type: DataType): string {
  if (v === null) return 'null';
  switch (type.kind) {
    case 'double':
      return javaDouble(v as number);
    case 'float':
      return javaDouble(Number(Math.fround(v as number).toPrecision(7)));
    case 'boolean':
      return v ? 'true' : 'false';
    case 'decimal': {
      const p = numericPlain(v, type)!;
      return (p.neg ? '-' : '') + p.plain;
    }
    case 'binary':
      return `[B@${(v as Uint8Array).length.toString(16)}`;
    default:
      return String(v);
  }
}

const SPEC = /%(\d+\$)?([-#+ 0,(<]*)?(\d+)?(\.\d+)?([a-zA-Z%])/g;

/** java.util.Formatter.format(fmt, args) for the common conversions. */
export function javaFormat(fmt: string, args: readonly Value[], types: readonly DataType[]): string {
  let seq = 0;
  return fmt.replace(
    SPEC,
    (
      _m,
      idx: string | undefined,
      flags: string | undefined,
      width: string | undefined,
      prec: string | undefined,
      conv: string,
    ) => {
      if (conv === '%') return pad('%', flags ?? '', width);
      if (conv === 'n') return '\n';
      const k = idx !== undefined ? Number(idx.slice(0, -1)) - 1 : seq++;
      if (k >= args.length) throw illegalFormat(`Format specifier '${_m}'`);
      const v = args[k] ?? null;
      const t = types[k]!;
      const f = flags ?? '';
      const precision = prec !== undefined ? Number(prec.slice(1)) : undefined;
      let s: string;
      switch (conv) {
        case 's':
        case 'S': {
          s = toJavaString(v, t);
          if (precision !== undefined) s = s.slice(0, precision);
          if (conv === 'S') s = s.toUpperCase();
          break;
        }
        case 'b':
        case 'B':
          s =
            v === null
              ? 'false'
              : typeof v === 'number' && t.kind === 'boolean'
                ? String(v !== 0)
                : v === false
                  ? 'false'
                  : 'true';
          if (conv === 'B') s = s.toUpperCase();
          break;
        case 'd': {
          if (v === null) {
            s = 'null';
            break;
          }
          if (
            t.kind !== 'byte' &&
            t.kind !== 'short' &&
            t.kind !== 'integer' &&
            t.kind !== 'long' &&
            !(t.kind === 'decimal' && t.scale === 0)
          ) {
            throw illegalFormat(`d != ${t.kind}`);
          }
          const b = typeof v === 'bigint' ? v : BigInt(v as number);
          s = signed((b < 0n ? -b : b).toString(), b < 0n, f);
          break;
        }
        case 'x':
        case 'X':
        case 'o': {
          if (v === null) {
            s = 'null';
            break;
          }
          let b = typeof v === 'bigint' ? v : BigInt(v as number);
          const bits = t.kind === 'long' ? 64n : t.kind === 'integer' ? 32n : t.kind === 'short' ? 16n : 8n;
          if (b < 0n) b += 1n << bits;
          s = b.toString(conv === 'o' ? 8 : 16);
          if (f.includes('#')) s = (conv === 'o' ? '0' : '0x') + s;
          if (conv === 'X') s = s.toUpperCase();
          break;
        }
        case 'f':
        case 'e':
        case 'E':
        case 'g':
        case 'G': {
          if (v === null) {
            s = 'null';
            break;
          }
          const x =
            typeof v === 'bigint'
              ? Number(v)
              : t.kind === 'decimal'
                ? Number(toJavaString(v, t))
                : (v as number);
          if (!Number.isFinite(x)) {
            s = Number.isNaN(x) ? 'NaN' : x > 0 ? (f.includes('+') ? '+Infinity' : 'Infinity') : '-Infinity';
            break;
          }
          const pr = precision ?? 6;
          if (conv === 'f') {
            const p = t.kind === 'decimal' ? numericPlain(v, t)! : { neg: x < 0, plain: plainDigits(x) };
            const r = roundHalfUp(p.plain, pr);
            let body = r;
            if (f.includes(',')) {
              const [ip, fp] = body.split('.') as [string, string?];
              body = groupThousands(ip) + (fp !== undefined ? `.${fp}` : '');
            }
            s = signed(body, p.neg && /[1-9]/.test(r), f);
          } else if (conv === 'e' || conv === 'E') {
            const [m, e] = Math.abs(x).toExponential(pr).split('e') as [string, string];
            const en = Number(e);
            const body = `${m}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
            s = signed(conv === 'E' ? body.toUpperCase() : body, x < 0, f);
          } else {
            s = signed(Math.abs(x).toPrecision(pr === 0 ? 1 : pr), x < 0, f);
            if (conv === 'G') s = s.toUpperCase();
          }
          break;
        }
        case 'c':
        case 'C':
          s = v === null ? 'null' : typeof v === 'string' ? v : String.fromCodePoint(Number(v));
          if (conv === 'C') s = s.toUpperCase();
          break;
        case 'h':
        case 'H':
          s = v === null ? 'null' : (hashString(toJavaString(v, t)) >>> 0).toString(16);
          if (conv === 'H') s = s.toUpperCase();
          break;
        default:
          throw illegalFormat(`Conversion = '${conv}'`);
      }
      return pad(s, f, width);
    },
  );
}

function hashString(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

function roundHalfUp(plain: string, d: number): string {
  const [ip, fp = ''] = plain.split('.') as [string, string?];
  const digits = (ip + fp.padEnd(d + 1, '0').slice(0, d + 1)).split('').map(Number);
  const up = digits.pop()! >= 5;
  let k = digits.length - 1;
  if (up) {
    while (k >= 0) {
      if (digits[k]! < 9) {
        digits[k]!++;
        break;
      }
      digits[k] = 0;
      k--;
    }
  }
  let all = digits.join('');
  if (up && k < 0) all = `1${all}`;
  const intPart = all.slice(0, all.length - d).replace(/^0+(?=\d)/, '') || '0';
  return d > 0 ? `${intPart}.${all.slice(all.length - d)}` : intPart;
}

function signed(body: string, neg: boolean, flags: string): string {
  if (neg) return flags.includes('(') ? `(${body})` : `-${body}`;
  if (flags.includes('+')) return `+${body}`;
  if (flags.includes(' ')) return ` ${body}`;
  return body;
}

function pad(s: string, flags: string, width: string | undefined): string {
  if (width === undefined) return s;
  const w = Number(width);
  if (s.length >= w) return s;
  if (flags.includes('-')) return s.padEnd(w, ' ');
  if (flags.includes('0')) {
    const sign = /^[-+ (]/.test(s) ? s[0]! : '';
    return sign + s.slice(sign.length).padStart(w - sign.length, '0');
  }
  return s.padStart(w, ' ');
}
