// Exact string keys for nested and wide key values (the KeyTable's generic columns, window partitions):
// equal keys (NaN = NaN, -0.0 = 0.0) encode equally.

import { assertNever, type DataType, type MapValue, type Value, type Vector } from '@flint/common';
import type { Store } from '../eval/vectors.js';

function encodeValue(t: DataType, x: Value): string {
  if (x === null) return 'N';
  switch (t.kind) {
    case 'null':
      return 'N';
    case 'boolean':
      return x === true || x === 1 ? 'T' : 'F';
    case 'byte':
    case 'short':
    case 'integer':
    case 'date':
    case 'year_month_interval':
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz':
    case 'time':
    case 'day_time_interval':
    case 'decimal':
      return String(x);
    case 'float':
    case 'double': {
      const d = x as number;
      return d === 0 ? '0' : Number.isNaN(d) ? 'NaN' : String(d);
    }
    case 'string': {
      const s = x as string;
      return `${s.length}:${s}`;
    }
    case 'binary':
      return `${(x as Uint8Array).length}:${Array.from(x as Uint8Array).join(',')}`;
    case 'calendar_interval': {
      const c = x as { months: number; days: number; micros: bigint };
      return `${c.months},${c.days},${c.micros}`;
    }
    case 'array': {
      const a = x as readonly Value[];
      return `[${a.length}:${a.map((e) => encodeValue(t.elementType, e)).join('|')}]`;
    }
    case 'map': {
      const m = x as MapValue;
      return `{${m.keys.length}:${m.keys.map((k, i) => encodeValue(t.keyType, k) + '>' + encodeValue(t.valueType, m.values[i] ?? null)).join('|')}}`;
    }
    case 'struct': {
      const s = x as readonly Value[];
      return `(${t.fields.map((f, i) => encodeValue(f.dataType, s[i] ?? null)).join('|')})`;
    }
    default:
      return assertNever(t, 'data type');
  }
}

/** Encodes row i of the key columns; nulls become 'N' (so NULL keys form their own group). */
export function encodeRowKey(cols: readonly Vector[], i: number): string {
  if (cols.length === 1) return encodeOne(cols[0]!, i);
  let s = '';
  for (let c = 0; c < cols.length; c++) s += (c === 0 ? '' : '\u0001') + encodeOne(cols[c]!, i);
  return s;
}

export function encodeOne(v: Vector, i: number): string {
  if (v.nulls !== null && v.nulls[i] === 1) return 'N';
  const x = (v.values as unknown as Store)[i];
  return encodeValue(v.type, v.type.kind === 'boolean' ? x === 1 : x);
}
