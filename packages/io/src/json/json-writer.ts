// Spark's JacksonGenerator for the JSON source: one JSON object per row and line, null fields omitted
// (ignoreNullFields), dates/timestamps through the write formats in the session zone, NaN/Infinity as
// strings, doubles and floats as Java prints them, binary as base64, nested struct/array/map.

import {
  type Batch,
  type CalendarInterval,
  type DataType,
  type MapValue,
  type StructType,
  type Value,
  castToString,
  formatCalendarInterval,
  formatDayTimeInterval,
  formatTime,
  formatYearMonthInterval,
  getValue,
  javaDoubleToString,
  javaFloatToString,
  javaBigDecimalToString,
  makeDateTimeFormatter,
} from '@flint/common';
import type { OutputWriter } from '../format.js';
import { openTextOutput } from '../text/output-stream.js';
import type { JsonOptions } from './json-options.js';

const HEX = '0123456789ABCDEF';

/** A JSON string literal with Jackson's escapes (control characters as \u00XX). */
export function quoteJson(s: string): string {
  let out = '"';
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c) continue;
    out += s.slice(run, i);
    run = i + 1;
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else out += '\\u00' + HEX[c >> 4]! + HEX[c & 15]!;
  }
  return out + s.slice(run) + '"';
}

type Gen = (v: Value) => string;

function special(x: number): string | null {
  if (x !== x) return '"NaN"';
  if (x === Infinity) return '"Infinity"';
  if (x === -Infinity) return '"-Infinity"';
  return null;
}

/** The JSON text generator of a value of type `t` (never called with null). */
export function makeGenerator(t: DataType, o: JsonOptions): Gen {
  switch (t.kind) {
    case 'boolean':
      return (v) => (v ? 'true' : 'false');
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
      return (v) => String(v);
    case 'float':
      return (v) => special(v as number) ?? javaFloatToString(v as number);
    case 'double':
      return (v) => special(v as number) ?? javaDoubleToString(v as number);
    case 'decimal': {
      const scale = t.scale;
      return (v) => javaBigDecimalToString(v as bigint, scale);
    }
    case 'string':
      return (v) => quoteJson(v as string);
    case 'binary':
      return (v) => '"' + Buffer.from(v as Uint8Array).toString('base64') + '"';
    case 'date': {
      const f = makeDateTimeFormatter('date', o.dateFormat, o.zone);
      return (v) => quoteJson(f(v as number));
    }
    case 'timestamp': {
      const f = makeDateTimeFormatter('timestamp', o.timestampFormat, o.zone);
      return (v) => quoteJson(f(v as bigint));
    }
    case 'timestamp_ntz': {
      const f = makeDateTimeFormatter('timestamp_ntz', o.timestampNTZFormat, o.zone);
      return (v) => quoteJson(f(v as bigint));
    }
    case 'time':
      return (v) => quoteJson(formatTime(v as bigint));
    case 'year_month_interval': {
      const { startField, endField } = t;
      return (v) => quoteJson(formatYearMonthInterval(v as number, true, startField, endField));
    }
    case 'day_time_interval': {
      const { startField, endField } = t;
      return (v) => quoteJson(formatDayTimeInterval(v as bigint, true, startField, endField));
    }
    case 'calendar_interval':
      return (v) => quoteJson(formatCalendarInterval(v as CalendarInterval));
    case 'null':
      return () => 'null';
    case 'array': {
      const el = makeGenerator(t.elementType, o);
      return (v) => {
        const items = v as readonly Value[];
        let out = '[';
        for (let i = 0; i < items.length; i++) {
          if (i > 0) out += ',';
          const x = items[i] ?? null;
          out += x === null ? 'null' : el(x);
        }
        return out + ']';
      };
    }
    case 'map': {
      const val = makeGenerator(t.valueType, o);
      const kt = t.keyType;
      const ctx = { timeZone: o.zone };
      const keyText = (k: Value): string =>
        kt.kind === 'string' ? (k as string) : (castToString(k, kt, ctx) ?? 'null');
      return (v) => {
        const m = v as MapValue;
        let out = '{';
        for (let i = 0; i < m.keys.length; i++) {
          if (i > 0) out += ',';
          const x = m.values[i] ?? null;
          out += quoteJson(keyText(m.keys[i] ?? null)) + ':' + (x === null ? 'null' : val(x));
        }
        return out + '}';
      };
    }
    case 'struct':
      return makeStructGenerator(t, o);
  }
}

function makeStructGenerator(t: StructType, o: JsonOptions): Gen {
  const names = t.fields.map((f) => quoteJson(f.name) + ':');
  const gens = t.fields.map((f) => makeGenerator(f.dataType, o));
  const skipNull = o.ignoreNullFields;
  return (v) => {
    const row = v as readonly Value[];
    let out = '{';
    let first = true;
    for (let i = 0; i < gens.length; i++) {
      const x = row[i] ?? null;
      if (x === null && skipNull) continue;
      if (!first) out += ',';
      first = false;
      out += names[i]! + (x === null ? 'null' : gens[i]!(x));
    }
    return out + '}';
  };
}

/** Opens a JSON Lines file at `path` for rows of `dataSchema`. */
export function openJsonWriter(
  path: string,
  dataSchema: StructType,
  o: JsonOptions,
  lineSep: string,
): OutputWriter {
  const out = openTextOutput(path, o.compression);
  const names = dataSchema.fields.map((f) => quoteJson(f.name) + ':');
  const gens = dataSchema.fields.map((f) => makeGenerator(f.dataType, o));
  const skipNull = o.ignoreNullFields;
  return {
    async write(batch: Batch) {
      const cols = batch.columns;
      let text = '';
      for (let r = 0; r < batch.numRows; r++) {
        let line = '{';
        let first = true;
        for (let j = 0; j < gens.length; j++) {
          const x = getValue(cols[j]!, r);
          if (x === null && skipNull) continue;
          if (!first) line += ',';
          first = false;
          line += names[j]! + (x === null ? 'null' : gens[j]!(x));
        }
        text += line + '}' + lineSep;
        if (text.length > 1 << 20) {
          await out.write(text);
          text = '';
        }
      }
      await out.write(text);
    },
    close: () => out.close(),
  };
}
