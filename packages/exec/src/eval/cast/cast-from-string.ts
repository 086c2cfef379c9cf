// Casts from STRING: numbers, booleans, decimals, dates, timestamps, binary (Spark 4 rules, trimmed input).

import {
  InternalError,
  parseDate,
  parseTimestamp,
  parseTimestampNTZ,
  requireTimeZone,
  type DataType,
  type Vector,
} from '@flint/common';
import type { EvalMode } from '@flint/planner';
import type { EvalContext } from '../../functions/kernel.js';
import { castInvalidInput, numericValueOutOfRange, sqlStringLiteral } from '../errors.js';
import { decimalToString, parseDecimal, toPrecision } from '../decimal.js';
import { mapValues } from './map-values.js';

const TRUE_STRINGS = new Set(['t', 'true', 'y', 'yes', '1']);
const FALSE_STRINGS = new Set(['f', 'false', 'n', 'no', '0']);

/** Spark trims ASCII whitespace and control characters (<= ' ') from both ends. */
export function trimAll(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 32) a++;
  while (b > a && s.charCodeAt(b - 1) <= 32) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

const INT_BOUNDS: Record<string, [bigint, bigint]> = {
  byte: [-128n, 127n],
  short: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  long: [-(2n ** 63n), 2n ** 63n - 1n],
};

/** Integral parse: [sign]digits, plus `.digits` (truncated) when `allowFraction` (LEGACY). */
export function parseIntegral(s: string, allowFraction: boolean): bigint | null {
  const m = allowFraction ? /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(s) : /^([+-]?)(\d+)$/.exec(s);
  if (m === null) return null;
  const digits = m[2] ?? '';
  if (digits === '' && (m[3] === undefined || m[3] === '')) return null;
  if (digits === '' && m[3] === undefined) return null;
  const v = BigInt(digits === '' ? '0' : digits);
  return m[1] === '-' ? -v : v;
}

const FLOAT_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?$/;

export function parseDouble(s: string): number | null {
  const l = s.toLowerCase();
  switch (l) {
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return Infinity;
    case '-inf':
    case '-infinity':
      return -Infinity;
    case 'nan':
    case '+nan':
    case '-nan':
      return NaN;
  }
  if (!FLOAT_RE.test(s)) return null;
  return Number(s.replace(/[fFdD]$/, ''));
}

export function castFromString(v: Vector, to: DataType, mode: EvalMode, ctx: EvalContext): Vector {
  const fail = (raw: string): undefined => {
    if (mode === 'ANSI') throw castInvalidInput(sqlStringLiteral(raw), v.type, to);
    return undefined;
  };
  switch (to.kind) {
    case 'boolean':
      return mapValues(v, to, (raw: string) => {
        const s = trimAll(raw).toLowerCase();
        if (TRUE_STRINGS.has(s)) return 1;
        if (FALSE_STRINGS.has(s)) return 0;
        return fail(raw);
      });
    case 'byte':
    case 'short':
    case 'integer':
    case 'long': {
      const [lo, hi] = INT_BOUNDS[to.kind]!;
      const isLong = to.kind === 'long';
      return mapValues(v, to, (raw: string) => {
        const x = parseIntegral(trimAll(raw), mode === 'LEGACY');
        if (x === null || x < lo || x > hi) return fail(raw);
        return isLong ? x : Number(x);
      });
    }
    case 'float':
    case 'double':
      return mapValues(v, to, (raw: string) => {
        const x = parseDouble(trimAll(raw));
        return x === null ? fail(raw) : x;
      });
    case 'decimal':
      return mapValues(v, to, (raw: string) => {
        const d = parseDecimal(trimAll(raw));
        if (d === null) return fail(raw);
        const r = toPrecision(d.unscaled, d.scale, to.precision, to.scale);
        if (r === null) {
          if (mode === 'ANSI') {
            throw numericValueOutOfRange(
              decimalToString(d.unscaled, Math.max(d.scale, 0)),
              to.precision,
              to.scale,
            );
          }
          return undefined;
        }
        return r;
      });
    case 'date':
      return mapValues(v, to, (raw: string) => parseDate(raw) ?? fail(raw));
    case 'timestamp': {
      const zone = requireTimeZone(ctx.timeZone);
      return mapValues(v, to, (raw: string) => parseTimestamp(raw, zone) ?? fail(raw));
    }
    case 'timestamp_ntz':
      return mapValues(v, to, (raw: string) => parseTimestampNTZ(raw) ?? fail(raw));
    case 'binary': {
      const enc = new TextEncoder();
      return mapValues(v, to, (raw: string) => enc.encode(raw));
    }
    default:
      throw new InternalError(`cast from string to ${to.kind} is not supported`);
  }
}
