// The `json` output mode: JSON Lines, one object per row keyed by column name. Numbers stay numbers
// (longs and decimals keep every digit), NaN and infinities become strings, binary is base64, maps
// become objects keyed by the key's text, and other values use their Spark text form.

import { assertNever, type DataType, type MapValue, type StructType, type Value } from '@flint/common';
import type { CellRenderer } from './cell-renderer.js';

function jsonValue(v: Value, t: DataType, render: CellRenderer): string {
  if (v === null) return 'null';
  switch (t.kind) {
    case 'null':
      return 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
    case 'decimal': {
      const s = render(v, t);
      return /^-?\d+(\.\d+)?([eE]-?\d+)?$/.test(s) ? s : JSON.stringify(s);
    }
    case 'binary':
      return JSON.stringify(Buffer.from(v as Uint8Array).toString('base64'));
    case 'string':
      return JSON.stringify(v);
    case 'date':
    case 'timestamp':
    case 'timestamp_ntz':
    case 'time':
    case 'year_month_interval':
    case 'day_time_interval':
    case 'calendar_interval':
      return JSON.stringify(render(v, t));
    case 'array':
      return `[${(v as readonly Value[]).map((e) => jsonValue(e, t.elementType, render)).join(',')}]`;
    case 'struct': {
      const vals = v as readonly Value[];
      return `{${t.fields.map((f, i) => `${JSON.stringify(f.name)}:${jsonValue(vals[i] ?? null, f.dataType, render)}`).join(',')}}`;
    }
    case 'map': {
      const m = v as MapValue;
      const key = (k: Value): string =>
        typeof k === 'string' ? k : k === null ? 'null' : render(k, t.keyType);
      return `{${m.keys.map((k, i) => `${JSON.stringify(key(k))}:${jsonValue(m.values[i] ?? null, t.valueType, render)}`).join(',')}}`;
    }
    default:
      return assertNever(t, 'data type');
  }
}

export function renderJsonLines(
  schema: StructType,
  rows: readonly (readonly Value[])[],
  render: CellRenderer,
): string {
  const fields = schema.fields;
  return rows
    .map(
      (r) =>
        `{${fields.map((f, c) => `${JSON.stringify(f.name)}:${jsonValue(r[c] ?? null, f.dataType, render)}`).join(',')}}\n`,
    )
    .join('');
}
