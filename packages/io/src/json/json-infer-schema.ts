// Spark's JsonInferSchema: the type of every record straight from the bytes, merged across records
// (compatibleType / compatibleRootType), then canonicalised (null-only fields become strings, empty
// structs vanish). Fields of an inferred struct are sorted by name, as Spark sorts them.

import {
  type DataType,
  FlintError,
  dataTypeEquals,
  decimalForIntegral,
  makeDateTimeParser,
  type StructField,
  type StructType,
  T,
} from '@flint/common';
import type { FileInfo } from '../format.js';
import type { DataSourceOptions } from '../options.js';
import { CONTINUE, readWholeFile, scanLines } from '../util/line-scanner.js';
import {
  type Cursor,
  NUM_FLOAT,
  NUM_INT,
  NUM_NONNUMERIC,
  SYNTAX,
  fail,
  literal,
  newCursor,
  readKey,
  readString,
  reset,
  scanNumber,
  skipValue,
  ws,
} from './json-lexer.js';
import { type JsonOptions, resolveJsonOptions } from './json-options.js';
import { makeKeyMatcher } from './json-record-parser.js';
import { decodeUtf8 } from '../util/utf8.js';

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** java.math.BigDecimal's precision and scale of a plain decimal text; null when it has none. */
export function decimalShape(text: string): { precision: number; scale: number } | null {
  const m = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (m === null || (m[1] === '' && (m[2] ?? '') === '')) return null;
  const digits = (m[1]! + (m[2] ?? '')).replace(/^0+/, '');
  const scale = (m[2]?.length ?? 0) - Number(m[3] ?? 0);
  return { precision: Math.max(digits.length, 1), scale };
}

/** DecimalType of a BigDecimal as inference makes it; double when it does not fit. */
function decimalOrDouble(shape: { precision: number; scale: number } | null): DataType {
  if (shape === null || shape.scale < 0) return T.double;
  const p = Math.max(shape.precision, shape.scale);
  return p <= 38 ? T.decimal(p, shape.scale) : T.double;
}

function byName(a: StructField, b: StructField): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

interface InferContext {
  readonly o: JsonOptions;
  /** Parses a string as a timestamp for inferTimestamp (null when it does not parse). */
  readonly isTimestamp: (s: string) => boolean;
}

/** The type of the value at c.pos (JsonInferSchema.inferField). */
function inferValue(c: Cursor, b: number, x: InferContext): DataType {
  switch (b) {
    case 0x7b: {
      c.pos++;
      const fields: StructField[] = [];
      let k = ws(c);
      if (k === 0x7d) {
        c.pos++;
        return T.struct(fields);
      }
      for (;;) {
        const key = readKey(c, k);
        fields.push(T.field(key, inferValue(c, ws(c), x)));
        const d = ws(c);
        c.pos++;
        if (d === 0x7d) break;
        if (d !== 0x2c) fail();
        k = ws(c);
      }
      fields.sort(byName);
      // Duplicate keys merge into one field (Spark would keep both and fail later on the schema).
      const out: StructField[] = [];
      for (const f of fields) {
        const last = out[out.length - 1];
        if (last !== undefined && last.name === f.name)
          out[out.length - 1] = T.field(f.name, compatibleType(last.dataType, f.dataType));
        else out.push(f);
      }
      return T.struct(out);
    }
    case 0x5b: {
      c.pos++;
      let el: DataType = T.null;
      let k = ws(c);
      if (k === 0x5d) {
        c.pos++;
        return T.array(el, true);
      }
      for (;;) {
        el = compatibleType(el, inferValue(c, k, x));
        const d = ws(c);
        c.pos++;
        if (d === 0x5d) return T.array(el, true);
        if (d !== 0x2c) fail();
        k = ws(c);
      }
    }
    case 0x22:
    case 0x27: {
      if (b === 0x27 && !c.syn.allowSingleQuotes) fail();
      const s = readString(c);
      const o = x.o;
      if (o.prefersDecimal) {
        const shape = decimalShape(s.replace(/,/g, ''));
        if (shape !== null && shape.scale >= 0 && Math.max(shape.precision, shape.scale) <= 38)
          return T.decimal(Math.max(shape.precision, shape.scale), shape.scale);
      }
      if (o.inferTimestamp && x.isTimestamp(s)) return T.timestamp;
      return T.string;
    }
    case 0x74:
      literal(c, 'true');
      return x.o.primitivesAsString ? T.string : T.boolean;
    case 0x66:
      literal(c, 'false');
      return x.o.primitivesAsString ? T.string : T.boolean;
    case 0x6e:
      literal(c, 'null');
      return T.null;
    case -1:
      return fail();
    default:
      scanNumber(c);
      return numberType(c, x);
  }
}

/** The type of the number token just scanned (its text is decoded only when the type needs it). */
function numberType(c: Cursor, x: InferContext): DataType {
  if (x.o.primitivesAsString) return T.string;
  if (c.numKind === NUM_NONNUMERIC) return T.double;
  if (c.numKind === NUM_INT) {
    if (c.numEnd - c.numStart <= 18) return T.long;
    const text = decodeUtf8(c.buf, c.numStart, c.numEnd);
    const v = BigInt(text);
    if (v >= LONG_MIN && v <= LONG_MAX) return T.long;
    return decimalOrDouble(decimalShape(text));
  }
  void NUM_FLOAT;
  if (!x.o.prefersDecimal) return T.double;
  return decimalOrDouble(decimalShape(decodeUtf8(c.buf, c.numStart, c.numEnd)));
}

/** Whether merging `v` into `t` leaves `t` as it is. */
function absorbs(t: DataType, v: DataType): boolean {
  const r = compatibleType(t, v);
  return r === t || dataTypeEquals(r, t);
}

/** A struct's key reader (to field indexes) for `fits`. */
const keyMatchers = new WeakMap<StructType, (c: Cursor, pos: number, b: number) => number>();

function keyMatcher(t: StructType): (c: Cursor, pos: number, b: number) => number {
  let m = keyMatchers.get(t);
  if (m === undefined) {
    const index = new Map<string, number>();
    t.fields.forEach((f, i) => {
      if (!index.has(f.name)) index.set(f.name, i);
    });
    m = makeKeyMatcher(index);
    keyMatchers.set(t, m);
  }
  return m;
}

/**
 * Consumes the value at c.pos and tells whether its inferred type merges into `t` without changing
 * it, building no types on the way (most records of a file have a schema already seen). False asks
 * for the full inference of the record.
 */
function fits(c: Cursor, b: number, t: DataType, x: InferContext): boolean {
  switch (b) {
    case 0x7b: {
      // string absorbs any value; only a struct can absorb an object otherwise.
      if (t.kind === 'string') {
        skipValue(c, b);
        return true;
      }
      if (t.kind !== 'struct') return false;
      const fieldOfKey = keyMatcher(t);
      c.pos++;
      let k = ws(c);
      if (k === 0x7d) {
        c.pos++;
        return true;
      }
      for (let pos = 0; ; pos++) {
        const i = fieldOfKey(c, pos, k);
        if (i < 0 || !fits(c, ws(c), t.fields[i]!.dataType, x)) return false;
        const d = ws(c);
        c.pos++;
        if (d === 0x7d) return true;
        if (d !== 0x2c) fail();
        k = ws(c);
      }
    }
    case 0x5b: {
      if (t.kind === 'string') {
        skipValue(c, b);
        return true;
      }
      if (t.kind !== 'array' || !t.containsNull) return false;
      const el = t.elementType;
      c.pos++;
      let k = ws(c);
      if (k === 0x5d) {
        c.pos++;
        return true;
      }
      for (;;) {
        if (!fits(c, k, el, x)) return false;
        const d = ws(c);
        c.pos++;
        if (d === 0x5d) return true;
        if (d !== 0x2c) fail();
        k = ws(c);
      }
    }
    case 0x22:
    case 0x27:
      if (t.kind === 'string' || (!x.o.prefersDecimal && !x.o.inferTimestamp)) {
        skipValue(c, b);
        return t.kind === 'string';
      }
      return absorbs(t, inferValue(c, b, x));
    case 0x6e:
      literal(c, 'null');
      return true;
    case 0x74:
    case 0x66:
      literal(c, b === 0x74 ? 'true' : 'false');
      return t.kind === 'string' || (t.kind === 'boolean' && !x.o.primitivesAsString);
    case -1:
      return fail();
    default:
      scanNumber(c);
      if (t.kind === 'string' || (t.kind === 'double' && !x.o.prefersDecimal && !x.o.primitivesAsString))
        return true;
      return absorbs(t, numberType(c, x));
  }
}

/** Whether the record at c.pos merges into `root` without changing it (false also for any error). */
function recordFits(c: Cursor, root: StructType, x: InferContext): boolean {
  try {
    const b = ws(c);
    return b === 0x7b && fits(c, b, root, x);
  } catch (e) {
    if (e === SYNTAX) return false;
    throw e;
  }
}

function isIntegralKind(t: DataType): boolean {
  return t.kind === 'byte' || t.kind === 'short' || t.kind === 'integer' || t.kind === 'long';
}

function sameType(a: DataType, b: DataType): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  return a.kind === 'struct' || a.kind === 'array' || a.kind === 'map' || a.kind === 'decimal'
    ? dataTypeEquals(a, b)
    : true;
}

/** JsonInferSchema.compatibleType: the type two inferred types merge into. */
export function compatibleType(a: DataType, b: DataType): DataType {
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  if (sameType(a, b)) return a;
  // findTightestCommonType for numbers: integral < decimal that holds it < double.
  const numA = isIntegralKind(a) || a.kind === 'double' || a.kind === 'float';
  const numB = isIntegralKind(b) || b.kind === 'double' || b.kind === 'float';
  if (numA && numB) {
    if (a.kind === 'double' || b.kind === 'double') return T.double;
    if (a.kind === 'float' || b.kind === 'float') return T.float;
    return T.long;
  }
  if ((a.kind === 'double' && b.kind === 'decimal') || (a.kind === 'decimal' && b.kind === 'double'))
    return T.double;
  if (a.kind === 'decimal' && isIntegralKind(b)) return compatibleType(a, decimalForIntegral(b)!);
  if (isIntegralKind(a) && b.kind === 'decimal') return compatibleType(decimalForIntegral(a)!, b);
  if (a.kind === 'decimal' && b.kind === 'decimal') {
    const scale = Math.max(a.scale, b.scale);
    const range = Math.max(a.precision - a.scale, b.precision - b.scale);
    return range + scale > 38 ? T.double : T.decimal(range + scale, scale);
  }
  if (a.kind === 'struct' && b.kind === 'struct') {
    const out: StructField[] = [];
    let i = 0;
    let j = 0;
    while (i < a.fields.length || j < b.fields.length) {
      const f = a.fields[i];
      const g = b.fields[j];
      if (g === undefined || (f !== undefined && f.name < g.name)) {
        out.push(f!);
        i++;
      } else if (f === undefined || g.name < f.name) {
        out.push(g);
        j++;
      } else {
        out.push(T.field(f.name, compatibleType(f.dataType, g.dataType)));
        i++;
        j++;
      }
    }
    return T.struct(out);
  }
  if (a.kind === 'array' && b.kind === 'array')
    return T.array(compatibleType(a.elementType, b.elementType), a.containsNull || b.containsNull);
  if (
    (a.kind === 'timestamp' && b.kind === 'timestamp_ntz') ||
    (a.kind === 'timestamp_ntz' && b.kind === 'timestamp')
  )
    return T.timestamp;
  if ((a.kind === 'date' && b.kind === 'timestamp') || (a.kind === 'timestamp' && b.kind === 'date'))
    return T.timestamp;
  return T.string;
}

function inferenceFailure(other: DataType | null): FlintError {
  if (other === null) {
    return new FlintError(
      '_LEGACY_ERROR_TEMP_2165',
      'Malformed records are detected in schema inference. Parse Mode: FAILFAST.',
      { failFastMode: 'FAILFAST' },
    );
  }
  return new FlintError(
    '_LEGACY_ERROR_TEMP_2167',
    `Malformed records are detected in schema inference. Parse Mode: FAILFAST. Reasons: Failed to infer a common schema. Struct types are expected, but \`${catalogName(other)}\` was found.`,
    { failFastMode: 'FAILFAST', dataType: catalogName(other) },
  );
}

function catalogName(t: DataType): string {
  switch (t.kind) {
    case 'long':
      return 'bigint';
    case 'decimal':
      return `decimal(${t.precision},${t.scale})`;
    case 'array':
      return `array<${catalogName(t.elementType)}>`;
    default:
      return t.kind;
  }
}

/** JsonInferSchema.compatibleRootType: a non-struct record contributes the corrupt-record column. */
export function compatibleRootType(a: DataType, b: DataType, o: JsonOptions): DataType {
  if (a.kind === 'array') return compatibleRootType(a.elementType, b, o);
  if (b.kind === 'array') return compatibleRootType(a, b.elementType, o);
  if (a.kind === 'struct' && b.kind === 'null') return a;
  if (a.kind === 'null' && b.kind === 'struct') return b;
  if (a.kind === 'struct' && b.kind !== 'struct') return withCorruptField(a, b, o);
  if (b.kind === 'struct' && a.kind !== 'struct') return withCorruptField(b, a, o);
  return compatibleType(a, b);
}

function withCorruptField(struct: StructType, other: DataType, o: JsonOptions): DataType {
  switch (o.mode) {
    case 'PERMISSIVE': {
      const name = o.columnNameOfCorruptRecord;
      if (struct.fields.some((f) => f.name === name)) return struct;
      return T.struct([T.field(name, T.string), ...struct.fields].sort(byName));
    }
    case 'DROPMALFORMED':
      return struct;
    case 'FAILFAST':
      throw inferenceFailure(other);
  }
}

/** canonicalizeType: NullType -> string (or dropped), empty structs and nameless fields dropped. */
export function canonicalizeType(t: DataType, dropFieldIfAllNull: boolean): DataType | null {
  switch (t.kind) {
    case 'null':
      return dropFieldIfAllNull ? null : T.string;
    case 'array': {
      const el = canonicalizeType(t.elementType, dropFieldIfAllNull);
      return el === null ? null : T.array(el, t.containsNull);
    }
    case 'struct': {
      const fields: StructField[] = [];
      for (const f of t.fields) {
        if (f.name === '') continue;
        const ct = canonicalizeType(f.dataType, dropFieldIfAllNull);
        if (ct !== null) fields.push(T.field(f.name, ct));
      }
      return fields.length === 0 ? null : T.struct(fields);
    }
    default:
      return t;
  }
}

/** Infers the type of one record's bytes (NullType for a blank record); null for a malformed one. */
export function inferRecord(c: Cursor, x: InferContext): DataType | null {
  try {
    const b = ws(c);
    if (b === -1) return T.null;
    return inferValue(c, b, x);
  } catch (e) {
    if (e === SYNTAX) return null;
    throw e;
  }
}

/** A deterministic Bernoulli sampler for samplingRatio < 1 (Spark samples with seed 1). */
function sampler(ratio: number): () => boolean {
  if (ratio >= 1) return () => true;
  let seed = 1;
  return () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296 < ratio;
  };
}

export function makeInferContext(o: JsonOptions): InferContext {
  const parse = o.inferTimestamp ? makeDateTimeParser('timestamp', o.timestampFormat, o.zone) : null;
  return { o, isTimestamp: (s) => parse !== null && s.length > 0 && parse(s) !== null };
}

export async function inferJsonSchema(
  files: readonly FileInfo[],
  options: DataSourceOptions,
): Promise<StructType> {
  const o = resolveJsonOptions(options);
  const x = makeInferContext(o);
  const c = newCursor(o.syntax);
  const take = sampler(o.samplingRatio);
  let root: DataType = T.struct([]);
  const add = (buf: Uint8Array, s: number, e: number): void => {
    if (root.kind === 'struct') {
      reset(c, buf, s, e);
      if (recordFits(c, root, x)) return;
    }
    reset(c, buf, s, e);
    const t = inferRecord(c, x);
    if (t === null) {
      if (o.mode === 'FAILFAST') throw inferenceFailure(null);
      if (o.mode === 'DROPMALFORMED') return;
      root = compatibleRootType(root, T.struct([T.field(o.columnNameOfCorruptRecord, T.string)]), o);
      return;
    }
    root = compatibleRootType(root, t, o);
  };
  const sep = o.lineSep === null ? null : new TextEncoder().encode(o.lineSep);
  for (const f of files) {
    if (o.multiLine) {
      const bytes = await readWholeFile(f.path);
      if (take()) add(bytes, 0, bytes.length);
      continue;
    }
    for await (const _ of scanLines(f.path, null, sep, (buf, s, e) => {
      if (take()) add(buf, s, e);
      return CONTINUE;
    })) {
      // scanning
    }
  }
  const t = canonicalizeType(root, o.dropFieldIfAllNull);
  return t !== null && t.kind === 'struct' ? t : T.struct([]);
}
