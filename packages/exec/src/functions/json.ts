// Kernels of the JSON functions: to_json (Jackson-style generation with Spark's date/timestamp
// formats), from_json (JacksonParser conversion with partial results in PERMISSIVE mode),
// schema_of_json (constant from analysis), json_array_length, json_object_keys, get_json_object.

import {
  FlintError,
  T,
  castToString,
  daysFromCivil,
  daysInMonth,
  decimalToPlainString,
  formatDate,
  javaDoubleToString,
  javaFloatToString,
  localToUtcSeconds,
  parseDate,
  parseTimestamp,
  parseTimestampNTZ,
  requireTimeZone,
  type DataType,
  type MapValue,
  type TimeZone,
  type Value,
  formatTime,
  parseTime,
  truncateTime,
} from '@flint/common';
import { formatTimeWith, parseTimeWith } from './time.js';
import { parseJson, type JsonNode, type JsonReadOptions } from '@flint/planner';
import type { EvalContext, ScalarFunctionExpr, ScalarKernel } from './kernel.js';
import { mapRows, strAt } from './string-util.js';
import {
  compileDateTimePattern as compilePattern,
  formatMicrosWith as formatMicros,
  parseDateTimeWith as parseWith,
  type DateTimeToken as Token,
} from '@flint/common';

type Opts = Readonly<Record<string, Value>> | undefined;

function opt(o: Opts, name: string): string | undefined {
  if (o === undefined) return undefined;
  // Option names are case-insensitive in Spark.
  const want = `opt.${name.toLowerCase()}`;
  for (const [k, v] of Object.entries(o)) if (k.toLowerCase() === want && typeof v === 'string') return v;
  return undefined;
}

function readOpts(o: Opts): JsonReadOptions {
  const flag = (n: string): boolean | undefined => {
    const v = opt(o, n);
    return v === undefined ? undefined : v.toLowerCase() === 'true';
  };
  const lz = flag('allowNumericLeadingZeros');
  const sq = flag('allowSingleQuotes');
  const nn = flag('allowNonNumericNumbers');
  const uq = flag('allowUnquotedFieldNames');
  return {
    ...(lz !== undefined ? { allowNumericLeadingZeros: lz } : {}),
    ...(sq !== undefined ? { allowSingleQuotes: sq } : {}),
    ...(nn !== undefined ? { allowNonNumericNumbers: nn } : {}),
    ...(uq !== undefined ? { allowUnquotedFieldNames: uq } : {}),
  };
}

// ---------------------------------------------------------------- writing JSON

function quote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) out += '\\"';
    else if (c === 92) out += '\\\\';
    else if (c >= 32) out += s[i];
    else if (c === 10) out += '\\n';
    else if (c === 13) out += '\\r';
    else if (c === 9) out += '\\t';
    else if (c === 8) out += '\\b';
    else if (c === 12) out += '\\f';
    else out += '\\u' + c.toString(16).toUpperCase().padStart(4, '0');
  }
  return out + '"';
}

interface Writer {
  readonly zone: TimeZone;
  readonly tsFormat: readonly Token[];
  readonly ntzFormat: readonly Token[];
  readonly dateFormat: readonly Token[] | null;
  /** timeFormat option for TIME values; null is Spark's default `HH:mm:ss[.SSSSSS]`. */
  readonly timeFormat?: readonly Token[] | null;
  readonly ignoreNullFields: boolean;
}

function writeValue(v: Value, t: DataType, w: Writer): string {
  if (v === null) return 'null';
  switch (t.kind) {
    case 'struct': {
      const row = v as readonly Value[];
      const parts: string[] = [];
      t.fields.forEach((f, i) => {
        const x = row[i] ?? null;
        if (x === null && w.ignoreNullFields) return;
        parts.push(`${quote(f.name)}:${writeValue(x, f.dataType, w)}`);
      });
      return `{${parts.join(',')}}`;
    }
    case 'array':
      return `[${(v as readonly Value[]).map((x) => writeValue(x, t.elementType, w)).join(',')}]`;
    case 'map': {
      const m = v as MapValue;
      const parts: string[] = [];
      m.keys.forEach((k, i) => {
        const x = m.values[i] ?? null;
        parts.push(`${quote(keyString(k, t.keyType, w))}:${writeValue(x, t.valueType, w)}`);
      });
      return `{${parts.join(',')}}`;
    }
    case 'boolean':
      return v ? 'true' : 'false';
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
      return String(v);
    case 'double':
    case 'float': {
      const x = v as number;
      if (!Number.isFinite(x)) return `"${Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity'}"`;
      return t.kind === 'double' ? javaDoubleToString(x) : javaFloatToString(x);
    }
    case 'decimal':
      return decimalToPlainString(BigInt(v as bigint), t.scale);
    case 'string':
      return quote(v as string);
    case 'date':
      return quote(
        w.dateFormat === null
          ? formatDate(v as number)
          : formatMicros(w.dateFormat, BigInt(v as number) * 86400000000n, null),
      );
    case 'timestamp':
      return quote(formatMicros(w.tsFormat, v as bigint, w.zone));
    case 'timestamp_ntz':
      return quote(formatMicros(w.ntzFormat, v as bigint, null));
    case 'time':
      return quote(
        w.timeFormat === null || w.timeFormat === undefined
          ? formatTime(v as bigint)
          : formatTimeWith(w.timeFormat, v as bigint),
      );
    case 'binary':
      return quote(Buffer.from(v as Uint8Array).toString('base64'));
    default:
      return quote(castToString(v, t, { timeZone: w.zone }) ?? '');
  }
}

/** A map key as Jackson writes it: the catalyst value's toString (structs as `[a,b]`). */
function keyString(k: Value, t: DataType, w: Writer): string {
  if (k === null) return 'null';
  if (t.kind === 'struct')
    return `[${t.fields.map((f, i) => keyString((k as readonly Value[])[i] ?? null, f.dataType, w)).join(',')}]`;
  if (t.kind === 'array')
    return `[${(k as readonly Value[]).map((x) => keyString(x, t.elementType, w)).join(', ')}]`;
  return castToString(k, t, { timeZone: w.zone }) ?? 'null';
}

const toJson: ScalarKernel = (args, expr, ctx, n) => {
  const o = expr.options;
  const w: Writer = {
    zone: requireTimeZone(opt(o, 'timeZone') ?? ctx.timeZone),
    tsFormat: compilePattern(opt(o, 'timestampFormat') ?? "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"),
    ntzFormat: compilePattern(opt(o, 'timestampNTZFormat') ?? "yyyy-MM-dd'T'HH:mm:ss[.SSS]"),
    dateFormat: opt(o, 'dateFormat') === undefined ? null : compilePattern(opt(o, 'dateFormat')!),
    timeFormat: opt(o, 'timeFormat') === undefined ? null : compilePattern(opt(o, 'timeFormat')!),
    ignoreNullFields:
      (
        opt(o, 'ignoreNullFields') ??
        ctx.conf.get('spark.sql.jsonGenerator.ignoreNullFields') ??
        'true'
      ).toLowerCase() === 'true',
  };
  const a = args[0]!;
  return mapRows(args, n, T.string, (i) => {
    const v = (a.values as ArrayLike<unknown>)[i] as Value;
    return writeValue(v, a.type, w);
  });
};

// ---------------------------------------------------------------- reading JSON

/** The compact JSON text of a parsed node (numbers keep their text), as Jackson copies a subtree. */
export function nodeText(node: JsonNode): string {
  switch (node.t) {
    case 'null':
      return 'null';
    case 'bool':
      return node.v ? 'true' : 'false';
    case 'num':
      return node.text;
    case 'str':
      return quote(node.v);
    case 'arr':
      return `[${node.items.map(nodeText).join(',')}]`;
    case 'obj':
      return `{${node.keys.map((k, i) => `${quote(k)}:${nodeText(node.vals[i]!)}`).join(',')}}`;
  }
}

/** Thrown for a value that cannot convert to its field's type (the record is then partial or NULL). */
const BAD = Symbol('bad');

interface Reader {
  readonly zone: TimeZone;
  readonly tsFormat: readonly Token[] | null;
  readonly ntzFormat: readonly Token[] | null;
  readonly dateFormat: readonly Token[] | null;
  readonly timeFormat?: readonly Token[] | null;
}

const LIMITS: Record<string, [bigint, bigint]> = {
  byte: [-128n, 127n],
  short: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  long: [-(2n ** 63n), 2n ** 63n - 1n],
};

function parseFormatted(toks: readonly Token[], s: string, zone: TimeZone | null): bigint {
  let p;
  try {
    p = parseWith(toks, s);
  } catch {
    throw BAD;
  }
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > daysInMonth(p.year, p.month)) throw BAD;
  const days =
    p.doy !== null ? daysFromCivil(p.year, 1, 1) + p.doy - 1 : daysFromCivil(p.year, p.month, p.day);
  const local = days * 86400 + p.hour * 3600 + p.minute * 60 + p.second;
  const z = p.zone ?? zone;
  const sec = z === null ? local : localToUtcSeconds(z, local);
  return BigInt(sec) * 1000000n + BigInt(p.micros);
}

function convert(node: JsonNode, t: DataType, r: Reader): Value {
  if (node.t === 'null') return null;
  switch (t.kind) {
    case 'byte':
    case 'short':
    case 'integer':
    case 'long': {
      if (node.t !== 'num' || !node.integral) throw BAD;
      const v = BigInt(node.text);
      const [lo, hi] = LIMITS[t.kind]!;
      if (v < lo || v > hi) throw BAD;
      return t.kind === 'long' ? v : Number(v);
    }
    case 'float':
    case 'double': {
      let s: string;
      if (node.t === 'num') s = node.text;
      else if (node.t === 'str' && /^([+-]?(NaN|Infinity|INF))$/.test(node.v)) s = node.v;
      else throw BAD;
      const x = /NaN/.test(s) ? NaN : /Inf/i.test(s) ? (s.startsWith('-') ? -Infinity : Infinity) : Number(s);
      return t.kind === 'float' ? Math.fround(x) : x;
    }
    case 'decimal': {
      const s = node.t === 'num' ? node.text : node.t === 'str' ? node.v.trim() : null;
      if (s === null) throw BAD;
      const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
      if (m === null || (m[2] === '' && (m[3] ?? '') === '')) throw BAD;
      let digits = (m[2] ?? '') + (m[3] ?? '');
      let scale = (m[3] ?? '').length - Number(m[4] ?? 0);
      // Rescale to the target scale, rounding HALF_UP.
      let unscaled = BigInt(digits === '' ? '0' : digits);
      if (scale < t.scale) unscaled *= 10n ** BigInt(t.scale - scale);
      else if (scale > t.scale) {
        const d = 10n ** BigInt(scale - t.scale);
        const q = unscaled / d;
        unscaled = q + ((unscaled % d) * 2n >= d ? 1n : 0n);
      }
      scale = t.scale;
      digits = unscaled.toString();
      if (digits.length > t.precision && unscaled !== 0n) throw BAD;
      return m[1] === '-' ? -unscaled : unscaled;
    }
    case 'boolean':
      if (node.t !== 'bool') throw BAD;
      return node.v;
    case 'string':
      return node.t === 'str' ? node.v : nodeText(node);
    case 'binary':
      if (node.t !== 'str') throw BAD;
      return new Uint8Array(Buffer.from(node.v, 'base64'));
    case 'date': {
      if (node.t !== 'str') throw BAD;
      if (r.dateFormat !== null) return Number(parseFormatted(r.dateFormat, node.v, null) / 86400000000n);
      const d = parseDate(node.v);
      if (d === null) throw BAD;
      return d;
    }
    case 'timestamp': {
      if (node.t === 'num' && node.integral) return BigInt(node.text) * 1000000n;
      if (node.t !== 'str') throw BAD;
      if (r.tsFormat !== null) return parseFormatted(r.tsFormat, node.v, r.zone);
      const v = parseTimestamp(node.v, r.zone);
      if (v === null) throw BAD;
      return v;
    }
    case 'timestamp_ntz': {
      if (node.t !== 'str') throw BAD;
      if (r.ntzFormat !== null) return parseFormatted(r.ntzFormat, node.v, null);
      const v = parseTimestampNTZ(node.v, false);
      if (v === null) throw BAD;
      return v;
    }
    case 'time': {
      if (node.t !== 'str') throw BAD;
      const v =
        r.timeFormat === null || r.timeFormat === undefined
          ? parseTime(node.v)
          : parseTimeWith(r.timeFormat, node.v);
      if (v === null) throw BAD;
      return truncateTime(v, t.precision);
    }
    case 'array': {
      if (node.t !== 'arr') throw BAD;
      return node.items.map((x) => convert(x, t.elementType, r));
    }
    case 'map': {
      if (node.t !== 'obj') throw BAD;
      return { keys: [...node.keys], values: node.vals.map((x) => convert(x, t.valueType, r)) };
    }
    case 'struct': {
      if (node.t !== 'obj') throw BAD;
      return convertStruct(node, t, r, null);
    }
    default:
      throw BAD;
  }
}

/** A struct from an object; a field that fails converts to NULL and `bad.v` is set (partial result). */
function convertStruct(
  node: Extract<JsonNode, { t: 'obj' }>,
  t: Extract<DataType, { kind: 'struct' }>,
  r: Reader,
  bad: { v: boolean } | null,
): Value[] {
  const row: Value[] = t.fields.map(() => null);
  node.keys.forEach((k, i) => {
    const fi = t.fields.findIndex((f) => f.name === k);
    if (fi < 0) return;
    try {
      row[fi] = convert(node.vals[i]!, t.fields[fi]!.dataType, r);
    } catch (e) {
      if (e !== BAD) throw e;
      if (bad === null) throw e;
      bad.v = true;
      row[fi] = null;
    }
  });
  return row;
}

function malformed(text: string): FlintError {
  return new FlintError(
    'MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION',
    `[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: [null].\nParse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'. SQLSTATE: 22023`,
    { badRecord: text, failFastMode: 'FAILFAST' },
    null,
    '22023',
  );
}

function fromJsonRow(text: string, t: DataType, r: Reader, read: JsonReadOptions, failFast: boolean): Value {
  if (text.trim() === '') return null;
  const node = parseJson(text, read);
  if (t.kind === 'struct') {
    if (node === null || node.t !== 'obj') {
      if (failFast) throw malformed(text);
      // PERMISSIVE: a malformed record is a row of NULLs.
      return node !== null && node.t === 'null' ? null : t.fields.map(() => null);
    }
    const bad = { v: false };
    const row = convertStruct(node, t, r, bad);
    if (bad.v && failFast) throw malformed(text);
    return row;
  }
  if (node === null) {
    if (failFast) throw malformed(text);
    return null;
  }
  try {
    // An object where an array of structs is expected reads as a one-element array.
    if (t.kind === 'array' && node.t === 'obj' && t.elementType.kind === 'struct')
      return [convert(node, t.elementType, r)];
    return convert(node, t, r);
  } catch (e) {
    if (e !== BAD) throw e;
    if (failFast) throw malformed(text);
    return null;
  }
}

const fromJson: ScalarKernel = (args, expr, ctx, n) => {
  const o = expr.options;
  const fmt = (name: string): readonly Token[] | null => {
    const f = opt(o, name);
    return f === undefined ? null : compilePattern(f);
  };
  const r: Reader = {
    zone: requireTimeZone(opt(o, 'timeZone') ?? ctx.timeZone),
    tsFormat: fmt('timestampFormat'),
    ntzFormat: fmt('timestampNTZFormat'),
    dateFormat: fmt('dateFormat'),
    timeFormat: fmt('timeFormat'),
  };
  const read = readOpts(o);
  const failFast = (opt(o, 'mode') ?? 'PERMISSIVE').toUpperCase() === 'FAILFAST';
  return mapRows(args, n, expr.dataType, (i) =>
    fromJsonRow(strAt(args[0]!, i), expr.dataType, r, read, failFast),
  );
};

// ---------------------------------------------------------------- get_json_object

type PathStep =
  | { readonly k: 'key'; readonly name: string }
  | { readonly k: 'index'; readonly i: number }
  | { readonly k: 'wild' };

/** Hive's JSON path subset: $, .name, ['name'], [n], [*]; null when invalid. */
function parsePath(p: string): PathStep[] | null {
  if (!p.startsWith('$')) return null;
  const steps: PathStep[] = [];
  let i = 1;
  while (i < p.length) {
    if (p[i] === '.') {
      const m = /^\.([^.[\]]+)/.exec(p.slice(i));
      if (m === null) return null;
      steps.push(m[1] === '*' ? { k: 'wild' } : { k: 'key', name: m[1]! });
      i += m[0].length;
    } else if (p[i] === '[') {
      const rest = p.slice(i);
      let m = /^\[(\d+)\]/.exec(rest);
      if (m !== null) steps.push({ k: 'index', i: Number(m[1]) });
      else if ((m = /^\[\*\]/.exec(rest)) !== null) steps.push({ k: 'wild' });
      else if ((m = /^\['([^']*)'\]/.exec(rest)) !== null) steps.push({ k: 'key', name: m[1]! });
      else return null;
      i += m[0].length;
    } else return null;
  }
  return steps;
}

function evalPath(node: JsonNode, steps: readonly PathStep[], at: number): JsonNode | undefined {
  if (at === steps.length) return node;
  const s = steps[at]!;
  if (s.k === 'key') {
    if (node.t !== 'obj') return undefined;
    const idx = node.keys.indexOf(s.name);
    return idx < 0 ? undefined : evalPath(node.vals[idx]!, steps, at + 1);
  }
  if (node.t !== 'arr') return undefined;
  if (s.k === 'index') {
    const x = node.items[s.i];
    return x === undefined ? undefined : evalPath(x, steps, at + 1);
  }
  const out: JsonNode[] = [];
  for (const it of node.items) {
    const x = evalPath(it, steps, at + 1);
    if (x === undefined) continue;
    // Nested wildcards flatten one level, as Hive's get_json_object does.
    if (x.t === 'arr' && steps.slice(at + 1).some((st) => st.k === 'wild')) out.push(...x.items);
    else out.push(x);
  }
  if (out.length === 0) return undefined;
  return out.length === 1 ? out[0] : { t: 'arr', items: out };
}

const getJsonObject: ScalarKernel = (args, _expr, _ctx, n) =>
  mapRows(args, n, T.string, (i) => {
    const steps = parsePath(strAt(args[1]!, i));
    if (steps === null) return null;
    const node = parseJson(strAt(args[0]!, i));
    if (node === null) return null;
    const x = evalPath(node, steps, 0);
    if (x === undefined || x.t === 'null') return null;
    return x.t === 'str' ? x.v : nodeText(x);
  });

// ---------------------------------------------------------------- json_tuple

/** One json_tuple row: each requested field's value as text (strings unquoted); all NULL when malformed. */
export function jsonTupleRow(json: Value, fields: readonly Value[]): Value[] {
  const out: Value[] = fields.map(() => null);
  if (typeof json !== 'string') return out;
  const node = parseJson(json);
  if (node === null || node.t !== 'obj') return out;
  fields.forEach((f, i) => {
    if (typeof f !== 'string') return;
    const at = node.keys.indexOf(f);
    if (at < 0) return;
    const v = node.vals[at]!;
    out[i] = v.t === 'null' ? null : v.t === 'str' ? v.v : nodeText(v);
  });
  return out;
}

// ---------------------------------------------------------------- registry

export const jsonKernels: Record<string, ScalarKernel> = {
  to_json: toJson,
  from_json: fromJson,
  schema_of_json: (_args, expr: ScalarFunctionExpr, _ctx: EvalContext, n) => {
    const s = expr.options?.['result'];
    return mapRows([], n, T.string, () => (typeof s === 'string' ? s : null));
  },
  json_array_length: (args, _e, _c, n) =>
    mapRows(args, n, T.int, (i) => {
      const node = parseJson(strAt(args[0]!, i));
      return node !== null && node.t === 'arr' ? node.items.length : null;
    }),
  json_object_keys: (args, _e, _c, n) =>
    mapRows(args, n, T.array(T.string), (i) => {
      const node = parseJson(strAt(args[0]!, i));
      return node !== null && node.t === 'obj' ? [...node.keys] : null;
    }),
  get_json_object: getJsonObject,
};
