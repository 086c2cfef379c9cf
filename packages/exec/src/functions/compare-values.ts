// Spark's ordering of row values of one type: numbers with NaN largest and -0.0 = 0.0, strings by
// UTF-8 bytes (code points), binary unsigned, arrays and structs element by element.

import type { MapValue, Value } from '@flint/common';

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  // UTF-16 order differs from UTF-8 byte order only when a surrogate meets a char >= U+E000.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length < 0 ? -1 : a.length === b.length ? 0 : 1;
}

function compareNumbers(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  return an && bn ? 0 : an ? 1 : -1;
}

/** Compares two non-null values of the same Spark type; nulls inside containers sort first. */
export function compareValues(a: Value, b: Value): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return compareNumbers(a, b);
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]! < 0 ? -1 : 1;
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const c = compareValues(a[i] as Value, b[i] as Value);
      if (c !== 0) return c;
    }
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  }
  if (typeof a === 'object' && typeof b === 'object' && 'keys' in a && 'keys' in b) {
    const c = compareValues((a as MapValue).keys as Value, (b as MapValue).keys as Value);
    return c !== 0 ? c : compareValues((a as MapValue).values as Value, (b as MapValue).values as Value);
  }
  // Mixed number/bigint (should not happen within one type).
  const x = Number(a as number);
  const y = Number(b as number);
  return compareNumbers(x, y);
}

/** A string key identifying a value for grouping/DISTINCT: equal values (and 0.0/-0.0, all NaNs) share a key. */
export function valueKey(v: Value): string {
  if (v === null) return 'N';
  switch (typeof v) {
    case 'number':
      return Object.is(v, -0) ? 'n0' : `n${v}`;
    case 'bigint':
      return `b${v}`;
    case 'string':
      return `s${v}`;
    case 'boolean':
      return v ? 'T' : 'F';
    default:
      break;
  }
  if (v instanceof Uint8Array) return `x${Array.from(v).join(',')}`;
  if (Array.isArray(v)) return `[${v.map((e) => valueKey(e as Value)).join('|')}]`;
  if (typeof v === 'object' && 'keys' in v)
    return `{${valueKey(v.keys as Value)}:${valueKey(v.values as Value)}}`;
  const c = v as { months: number; days: number; micros: bigint };
  return `i${c.months},${c.days},${c.micros}`;
}
