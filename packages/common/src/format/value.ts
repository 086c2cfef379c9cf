// Text of a value as Spark prints it: golden-file / HiveResult style, Dataset.show() style and CAST(... AS STRING).
import { assertNever, type DataType } from '../data-type.js';
import type { CalendarInterval, MapValue, Value } from '../batch.js';
import {
  formatDate,
  formatTimestamp,
  formatTimestampNTZ,
  requireTimeZone,
  type TimeZone,
} from '../datetime.js';
import { decimalToPlainString, javaDoubleToString, javaFloatToString } from './java-number.js';
import { formatCalendarInterval, formatDayTimeInterval, formatYearMonthInterval } from './interval.js';
import { formatTime } from '../time.js';

/**
 * - 'hive': Spark's HiveResult.toHiveString, the golden files' form: NULL / nested null, strings quoted
 *   when nested, `[a,b]`, `{k:v}` sorted, `{"f":v}`, binary as UTF-8, intervals in Hive style.
 * - 'show': ToPrettyString, as Dataset.show() prints cells: NULL everywhere, `[a, b]`, `{k -> v}`, `{a, b}`,
 *   binary as `[0A 0B]`, intervals in ANSI style.
 * - 'cast': CAST(x AS STRING): as 'show' but nested null is `null` and binary is decoded as UTF-8.
 */
export type RenderStyle = 'hive' | 'show' | 'cast';

export type RenderContext = { readonly timeZone: TimeZone | string };

type Render = (v: Value) => string;

const utf8 = new TextDecoder('utf-8');
const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

function hexBinary(b: Uint8Array): string {
  let s = '[';
  for (let i = 0; i < b.length; i++) s += (i > 0 ? ' ' : '') + HEX[b[i]!]!;
  return s + ']';
}

function asBigInt(v: Value): bigint {
  return typeof v === 'bigint' ? v : BigInt(v as number);
}

/** Builds a renderer for non-null values of `type` (the caller handles a top-level NULL). */
function build(type: DataType, style: RenderStyle, zone: TimeZone, nested: boolean): Render {
  const nullText = style === 'hive' ? 'null' : style === 'show' ? 'NULL' : 'null';
  const child = (t: DataType): Render => {
    const r = build(t, style, zone, true);
    return (v) => (v === null || v === undefined ? nullText : r(v));
  };
  switch (type.kind) {
    case 'null':
      return () => nullText;
    case 'boolean':
      return (v) => (v === true || v === 1 ? 'true' : 'false');
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
      return (v) => String(v);
    case 'float':
      return (v) => javaFloatToString(v as number);
    case 'double':
      return (v) => javaDoubleToString(v as number);
    case 'decimal': {
      const scale = type.scale;
      return (v) => decimalToPlainString(asBigInt(v), scale);
    }
    case 'string':
      return style === 'hive' && nested ? (v) => '"' + (v as string) + '"' : (v) => v as string;
    case 'binary':
      return style === 'show' ? (v) => hexBinary(v as Uint8Array) : (v) => utf8.decode(v as Uint8Array);
    case 'date':
      return (v) => formatDate(v as number);
    case 'timestamp':
      return (v) => formatTimestamp(asBigInt(v), zone);
    case 'timestamp_ntz':
      return (v) => formatTimestampNTZ(asBigInt(v));
    case 'time':
      return (v) => formatTime(asBigInt(v));
    case 'year_month_interval': {
      const { startField, endField } = type;
      const ansi = style !== 'hive';
      return (v) => formatYearMonthInterval(v as number, ansi, startField, endField);
    }
    case 'day_time_interval': {
      const { startField, endField } = type;
      const ansi = style !== 'hive';
      return (v) => formatDayTimeInterval(asBigInt(v), ansi, startField, endField);
    }
    case 'calendar_interval':
      return (v) => formatCalendarInterval(v as CalendarInterval);
    case 'array': {
      const el = child(type.elementType);
      const sep = style === 'hive' ? ',' : ', ';
      return (v) => {
        const a = v as readonly Value[];
        let s = '[';
        for (let i = 0; i < a.length; i++) s += (i > 0 ? sep : '') + el(a[i] ?? null);
        return s + ']';
      };
    }
    case 'map': {
      const kr = child(type.keyType);
      const vr = child(type.valueType);
      if (style === 'hive') {
        return (v) => {
          const m = v as MapValue;
          const entries: string[] = [];
          for (let i = 0; i < m.keys.length; i++)
            entries.push(kr(m.keys[i] ?? null) + ':' + vr(m.values[i] ?? null));
          // Java's String ordering (UTF-16 code units), as JavaScript's default sort.
          entries.sort();
          return '{' + entries.join(',') + '}';
        };
      }
      return (v) => {
        const m = v as MapValue;
        let s = '{';
        for (let i = 0; i < m.keys.length; i++) {
          s += (i > 0 ? ', ' : '') + kr(m.keys[i] ?? null) + ' -> ' + vr(m.values[i] ?? null);
        }
        return s + '}';
      };
    }
    case 'struct': {
      const renders = type.fields.map((f) => child(f.dataType));
      const names = type.fields.map((f) => '"' + f.name + '":');
      const hive = style === 'hive';
      return (v) => {
        const a = v as readonly Value[];
        let s = '{';
        for (let i = 0; i < renders.length; i++) {
          if (i > 0) s += hive ? ',' : ', ';
          if (hive) s += names[i]!;
          s += renders[i]!(a[i] ?? null);
        }
        return s + '}';
      };
    }
    default:
      return assertNever(type, 'data type');
  }
}

function zoneOf(ctx: RenderContext): TimeZone {
  return typeof ctx.timeZone === 'string' ? requireTimeZone(ctx.timeZone) : ctx.timeZone;
}

/** A reusable renderer for one column: build once, call per value. A NULL renders as 'NULL'. */
export function valueRenderer(
  type: DataType,
  ctx: RenderContext,
  style: RenderStyle = 'hive',
): (v: Value) => string {
  const r = build(type, style, zoneOf(ctx), false);
  const topNull = style === 'cast' ? 'null' : 'NULL';
  return (v) => (v === null || v === undefined ? topNull : r(v));
}

// Renderers built for one-off calls, kept per type object so repeated calls do not rebuild closures.
const cache = new WeakMap<DataType, Map<string, (v: Value) => string>>();

function cachedRenderer(type: DataType, ctx: RenderContext, style: RenderStyle): (v: Value) => string {
  const zone = zoneOf(ctx);
  const key = style + '|' + zone.id;
  let byKey = cache.get(type);
  if (byKey === undefined) {
    byKey = new Map();
    cache.set(type, byKey);
  }
  let r = byKey.get(key);
  if (r === undefined) {
    r = valueRenderer(type, { timeZone: zone }, style);
    byKey.set(key, r);
  }
  return r;
}

/** One value as the golden files show it (HiveResult.toHiveString). */
export function renderValue(value: Value, type: DataType, ctx: RenderContext): string {
  return cachedRenderer(type, ctx, 'hive')(value);
}

/** One value as Dataset.show() prints its cell (ToPrettyString). */
export function renderForShow(value: Value, type: DataType, ctx: RenderContext): string {
  return cachedRenderer(type, ctx, 'show')(value);
}

/** One value as CAST(value AS STRING) gives it; null stays null. */
export function castToString(value: Value, type: DataType, ctx: RenderContext): string | null {
  if (value === null) return null;
  return cachedRenderer(type, ctx, 'cast')(value);
}
