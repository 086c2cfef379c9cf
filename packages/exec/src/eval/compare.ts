// Spark's orderings: doubles with NaN = NaN greater than all and -0.0 = 0.0, strings in UTF-8 byte order,
// binary bytewise, decimals by value, arrays/structs lexicographically. Used by comparisons, sort and joins.

import { assertNever, type DataType, type MapValue, type Value } from '@flint/common';

/** UTF-8 byte order of two JS strings (= code point order, unlike JS's UTF-16 `<`). */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800..DFFF) encode code points above U+FFFF: move them above U+E000..FFFF.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

export function compareDouble(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  return an ? (bn ? 0 : 1) : -1;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length - b.length < 0 ? -1 : a.length > b.length ? 1 : 0;
}

/** Compares two decimal unscaled values at different scales by value. */
export function compareDecimal(a: bigint, sa: number, b: bigint, sb: number): number {
  if (sa < sb) a *= 10n ** BigInt(sb - sa);
  else if (sb < sa) b *= 10n ** BigInt(sa - sb);
  return a < b ? -1 : a > b ? 1 : 0;
}

export type ValueComparator = (a: Value, b: Value) => number;

/** A comparator of two non-null row values of `type` (NULLs inside nested values sort first). */
export function comparatorFor(type: DataType): ValueComparator {
  switch (type.kind) {
    case 'null':
      return () => 0;
    case 'boolean':
      return (a, b) => (a === b ? 0 : a ? 1 : -1);
    case 'byte':
    case 'short':
    case 'integer':
    case 'date':
    case 'year_month_interval':
      return (a, b) => ((a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0);
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz':
    case 'time':
    case 'day_time_interval':
    case 'decimal':
      return (a, b) => ((a as bigint) < (b as bigint) ? -1 : (a as bigint) > (b as bigint) ? 1 : 0);
    case 'float':
    case 'double':
      return (a, b) => compareDouble(a as number, b as number);
    case 'string':
      return (a, b) => compareUtf8(a as string, b as string);
    case 'binary':
      return (a, b) => compareBytes(a as Uint8Array, b as Uint8Array);
    case 'calendar_interval':
      return () => 0;
    case 'array': {
      const el = comparatorFor(type.elementType);
      return (a, b) => {
        const x = a as readonly Value[];
        const y = b as readonly Value[];
        const n = Math.min(x.length, y.length);
        for (let i = 0; i < n; i++) {
          const c = compareNullable(el, x[i] ?? null, y[i] ?? null);
          if (c !== 0) return c;
        }
        return x.length < y.length ? -1 : x.length > y.length ? 1 : 0;
      };
    }
    case 'struct': {
      const fs = type.fields.map((f) => comparatorFor(f.dataType));
      return (a, b) => {
        const x = a as readonly Value[];
        const y = b as readonly Value[];
        for (let i = 0; i < fs.length; i++) {
          const c = compareNullable(fs[i]!, x[i] ?? null, y[i] ?? null);
          if (c !== 0) return c;
        }
        return 0;
      };
    }
    case 'map': {
      const k = comparatorFor(type.keyType);
      const v = comparatorFor(type.valueType);
      return (a, b) => {
        const x = a as MapValue;
        const y = b as MapValue;
        const n = Math.min(x.keys.length, y.keys.length);
        for (let i = 0; i < n; i++) {
          const c =
            compareNullable(k, x.keys[i] ?? null, y.keys[i] ?? null) ||
            compareNullable(v, x.values[i] ?? null, y.values[i] ?? null);
          if (c !== 0) return c;
        }
        return x.keys.length - y.keys.length;
      };
    }
    default:
      return assertNever(type, 'data type');
  }
}

/** NULL sorts before everything (nested-value ordering). */
export function compareNullable(cmp: ValueComparator, a: Value, b: Value): number {
  if (a === null) return b === null ? 0 : -1;
  if (b === null) return 1;
  return cmp(a, b);
}

/** Equality of two non-null row values as SQL `=` sees it (NaN = NaN, -0.0 = 0.0). */
export function equalsFor(type: DataType): (a: Value, b: Value) => boolean {
  const cmp = comparatorFor(type);
  return (a, b) => cmp(a, b) === 0;
}
