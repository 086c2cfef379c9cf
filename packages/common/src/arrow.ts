// The one mapping between Spark types and Arrow types, and conversion of batches to and from Arrow RecordBatches.
import {
  Binary,
  Bool,
  DateDay,
  Decimal,
  Duration,
  Field,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  Interval,
  IntervalUnit,
  List,
  Map_,
  Null,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimeNanosecond,
  TimeUnit,
  Timestamp,
  Type,
  Utf8,
  makeData,
  makeVector,
  type Data,
  type DataType as ArrowDataType,
} from 'apache-arrow';
import { T, assertNever, type DataType, type StructType } from './data-type.js';
import {
  allocValues,
  getValue,
  vectorFromValues,
  type Batch,
  type CalendarInterval,
  type ColumnValues,
  type MapValue,
  type Value,
  type Vector,
} from './batch.js';
import { flintError } from './errors.js';

/** The Arrow type of a Spark type (Spark's ArrowUtils.toArrowType, timestamps in UTC). */
export function toArrowType(t: DataType): ArrowDataType {
  switch (t.kind) {
    case 'null':
      return new Null();
    case 'boolean':
      return new Bool();
    case 'byte':
      return new Int8();
    case 'short':
      return new Int16();
    case 'integer':
      return new Int32();
    case 'long':
      return new Int64();
    case 'float':
      return new Float32();
    case 'double':
      return new Float64();
    case 'decimal':
      return new Decimal(t.scale, t.precision, 128);
    case 'string':
      return new Utf8();
    case 'binary':
      return new Binary();
    case 'date':
      return new DateDay();
    case 'timestamp':
      return new Timestamp(TimeUnit.MICROSECOND, 'UTC');
    case 'timestamp_ntz':
      return new Timestamp(TimeUnit.MICROSECOND);
    case 'time':
      return new TimeNanosecond();
    case 'year_month_interval':
      return new Interval(IntervalUnit.YEAR_MONTH);
    case 'day_time_interval':
      return new Duration(TimeUnit.MICROSECOND);
    case 'calendar_interval':
      return new Interval(IntervalUnit.MONTH_DAY_NANO);
    case 'array':
      return new List(new Field('element', toArrowType(t.elementType), t.containsNull));
    case 'map':
      return new Map_(
        new Field(
          'entries',
          new Struct<{ key: ArrowDataType; value: ArrowDataType }>([
            new Field('key', toArrowType(t.keyType), false) as Field<never>,
            new Field('value', toArrowType(t.valueType), t.valueContainsNull) as Field<never>,
          ]),
          false,
        ),
        false,
      );
    case 'struct':
      return new Struct(t.fields.map((f) => new Field(f.name, toArrowType(f.dataType), f.nullable)));
    default:
      return assertNever(t, 'data type');
  }
}

/** The Arrow schema of a Spark schema. */
export function toArrowSchema(schema: StructType): Schema {
  return new Schema(schema.fields.map((f) => new Field(f.name, toArrowType(f.dataType), f.nullable)));
}

function unsupportedArrow(t: ArrowDataType): never {
  throw flintError('UNSUPPORTED_DATATYPE', { typeName: `"${String(t)}"` });
}

/** The Spark type of an Arrow type (Spark's ArrowUtils.fromArrowType, plus large/dictionary/other-unit forms). */
export function fromArrowType(a: ArrowDataType): DataType {
  switch (a.typeId) {
    case Type.Null:
      return T.null;
    case Type.Bool:
      return T.boolean;
    case Type.Int:
    case Type.Int8:
    case Type.Int16:
    case Type.Int32:
    case Type.Int64: {
      const x = a as unknown as { bitWidth: number; isSigned: boolean };
      if (!x.isSigned) {
        // Unsigned integers widen to the next signed type, as Spark's Parquet reader does.
        if (x.bitWidth === 8) return T.short;
        if (x.bitWidth === 16) return T.int;
        if (x.bitWidth === 32) return T.long;
        return T.decimal(20, 0);
      }
      return x.bitWidth === 8 ? T.byte : x.bitWidth === 16 ? T.short : x.bitWidth === 32 ? T.int : T.long;
    }
    case Type.Uint8:
      return T.short;
    case Type.Uint16:
      return T.int;
    case Type.Uint32:
      return T.long;
    case Type.Uint64:
      return T.decimal(20, 0);
    case Type.Float:
    case Type.Float16:
    case Type.Float32:
    case Type.Float64: {
      const p = (a as unknown as { precision: number }).precision;
      return p === 2 ? T.double : T.float;
    }
    case Type.Decimal: {
      const d = a as Decimal;
      return T.decimal(d.precision, d.scale);
    }
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Utf8View:
      return T.string;
    case Type.Binary:
    case Type.LargeBinary:
    case Type.BinaryView:
    case Type.FixedSizeBinary:
      return T.binary;
    case Type.Date:
    case Type.DateDay:
    case Type.DateMillisecond:
      return T.date;
    case Type.Timestamp:
    case Type.TimestampSecond:
    case Type.TimestampMillisecond:
    case Type.TimestampMicrosecond:
    case Type.TimestampNanosecond: {
      const tz = (a as Timestamp).timezone;
      return tz === null || tz === undefined || tz === '' ? T.timestampNtz : T.timestamp;
    }
    case Type.Interval:
    case Type.IntervalYearMonth:
    case Type.IntervalDayTime:
    case Type.IntervalMonthDayNano: {
      const u = (a as Interval).unit;
      if (u === IntervalUnit.YEAR_MONTH) return T.yearMonthInterval(0, 1);
      return T.calendarInterval;
    }
    case Type.Duration:
    case Type.DurationSecond:
    case Type.DurationMillisecond:
    case Type.DurationMicrosecond:
    case Type.DurationNanosecond:
      return T.dayTimeInterval(0, 3);
    case Type.Time:
    case Type.TimeSecond:
    case Type.TimeMillisecond:
    case Type.TimeMicrosecond:
    case Type.TimeNanosecond:
      return T.time(6);
    case Type.List:
    case Type.LargeList:
    case Type.FixedSizeList: {
      const f = (a as List).children[0]!;
      return T.array(fromArrowType(f.type), f.nullable);
    }
    case Type.Map: {
      const entries = (a as Map_).children[0]!.type as Struct;
      const k = entries.children[0]!;
      const v = entries.children[1]!;
      return T.map(fromArrowType(k.type), fromArrowType(v.type), v.nullable);
    }
    case Type.Struct:
      return T.struct((a as Struct).children.map((f) => T.field(f.name, fromArrowType(f.type), f.nullable)));
    case Type.Dictionary:
      return fromArrowType((a as unknown as { dictionary: ArrowDataType }).dictionary);
    default:
      return unsupportedArrow(a);
  }
}

/** The Spark schema of an Arrow schema. */
export function fromArrowSchema(schema: Schema): StructType {
  return T.struct(schema.fields.map((f) => T.field(f.name, fromArrowType(f.type), f.nullable)));
}

// ---------------------------------------------------------------------------------------------
// Batch -> Arrow.

function validityBitmap(
  nulls: Uint8Array | null,
  length: number,
): { bitmap: Uint8Array | undefined; nullCount: number } {
  if (nulls === null) return { bitmap: undefined, nullCount: 0 };
  const bitmap = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    if (nulls[i] === 1) nullCount++;
    else bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return nullCount === 0 ? { bitmap: undefined, nullCount: 0 } : { bitmap, nullCount };
}

const encoder = new TextEncoder();

function bytesWithOffsets(
  parts: readonly Uint8Array[],
  length: number,
): { offsets: Int32Array; data: Uint8Array } {
  const offsets = new Int32Array(length + 1);
  let total = 0;
  for (let i = 0; i < length; i++) {
    total += parts[i]?.length ?? 0;
    offsets[i + 1] = total;
  }
  const data = new Uint8Array(total);
  for (let i = 0; i < length; i++) {
    const p = parts[i];
    if (p !== undefined && p.length > 0) data.set(p, offsets[i]!);
  }
  return { offsets, data };
}

function stringsToUtf8(
  values: readonly string[],
  nulls: Uint8Array | null,
  length: number,
): { offsets: Int32Array; data: Uint8Array } {
  const offsets = new Int32Array(length + 1);
  // An upper bound of the UTF-8 size: three bytes per UTF-16 unit.
  let cap = 0;
  for (let i = 0; i < length; i++) if (nulls === null || nulls[i] !== 1) cap += (values[i] ?? '').length * 3;
  let buf = new Uint8Array(cap);
  let pos = 0;
  for (let i = 0; i < length; i++) {
    if (nulls === null || nulls[i] !== 1) {
      const s = values[i] ?? '';
      pos += encoder.encodeInto(s, buf.subarray(pos)).written;
    }
    offsets[i + 1] = pos;
  }
  if (pos < cap) buf = buf.slice(0, pos);
  return { offsets, data: buf };
}

function decimalTo128(values: ColumnValues, length: number): Uint32Array {
  const out = new BigInt64Array(length * 2);
  if (values instanceof BigInt64Array) {
    for (let i = 0; i < length; i++) {
      const v = values[i]!;
      out[2 * i] = v;
      out[2 * i + 1] = v < 0n ? -1n : 0n;
    }
  } else {
    const vs = values as readonly (bigint | undefined)[];
    for (let i = 0; i < length; i++) {
      const v = vs[i] ?? 0n;
      out[2 * i] = BigInt.asIntN(64, v);
      out[2 * i + 1] = BigInt.asIntN(64, v >> 64n);
    }
  }
  return new Uint32Array(out.buffer);
}

function calendarToMonthDayNano(
  values: readonly (CalendarInterval | null | undefined)[],
  length: number,
): Int32Array {
  const out = new Int32Array(length * 4);
  const nanos = new BigInt64Array(out.buffer);
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    out[4 * i] = v.months;
    out[4 * i + 1] = v.days;
    nanos[2 * i + 1] = v.micros * 1000n;
  }
  return out;
}

/** Arrow Data for `length` values in the storage form of batch.ts. */
export function toArrowData(
  type: DataType,
  values: ColumnValues,
  nulls: Uint8Array | null,
  length: number,
): Data {
  const { bitmap, nullCount } = validityBitmap(nulls, length);
  const base = { length, nullCount, ...(bitmap === undefined ? {} : { nullBitmap: bitmap }) };
  switch (type.kind) {
    case 'null':
      return makeData({ type: new Null(), length });
    case 'boolean': {
      const v = values as Uint8Array;
      const bits = new Uint8Array((length + 7) >> 3);
      for (let i = 0; i < length; i++) if (v[i] === 1) bits[i >> 3]! |= 1 << (i & 7);
      return makeData({ type: new Bool(), ...base, data: bits });
    }
    case 'byte':
      return makeData({ type: new Int8(), ...base, data: values as Int8Array });
    case 'short':
      return makeData({ type: new Int16(), ...base, data: values as Int16Array });
    case 'integer':
      return makeData({ type: new Int32(), ...base, data: values as Int32Array });
    case 'long':
      return makeData({ type: new Int64(), ...base, data: values as BigInt64Array });
    case 'float':
      return makeData({ type: new Float32(), ...base, data: values as Float32Array });
    case 'double':
      return makeData({ type: new Float64(), ...base, data: values as Float64Array });
    case 'decimal':
      return makeData({
        type: new Decimal(type.scale, type.precision, 128),
        ...base,
        data: decimalTo128(values, length),
      });
    case 'string': {
      const { offsets, data } = stringsToUtf8(values as string[], nulls, length);
      return makeData({ type: new Utf8(), ...base, valueOffsets: offsets, data });
    }
    case 'binary': {
      const parts = values as Uint8Array[];
      const masked = nulls === null ? parts : parts.map((p, i) => (nulls[i] === 1 ? new Uint8Array(0) : p));
      const { offsets, data } = bytesWithOffsets(masked, length);
      return makeData({ type: new Binary(), ...base, valueOffsets: offsets, data });
    }
    case 'date':
      return makeData({ type: new DateDay(), ...base, data: values as Int32Array });
    case 'timestamp':
    case 'timestamp_ntz':
      return makeData({
        type: new Timestamp(TimeUnit.MICROSECOND, type.kind === 'timestamp' ? 'UTC' : null),
        ...base,
        data: values as BigInt64Array,
      });
    case 'time':
      return makeData({ type: new TimeNanosecond(), ...base, data: values as BigInt64Array });
    case 'year_month_interval':
      return makeData({ type: new Interval(IntervalUnit.YEAR_MONTH), ...base, data: values as Int32Array });
    case 'day_time_interval':
      return makeData({ type: new Duration(TimeUnit.MICROSECOND), ...base, data: values as BigInt64Array });
    case 'calendar_interval':
      return makeData({
        type: new Interval(IntervalUnit.MONTH_DAY_NANO),
        ...base,
        data: calendarToMonthDayNano(values as CalendarInterval[], length),
      });
    case 'array': {
      const rows = values as readonly (readonly Value[] | null | undefined)[];
      const offsets = new Int32Array(length + 1);
      const flat: Value[] = [];
      for (let i = 0; i < length; i++) {
        const r = nulls !== null && nulls[i] === 1 ? null : rows[i];
        if (r !== null && r !== undefined) for (const x of r) flat.push(x);
        offsets[i + 1] = flat.length;
      }
      const child = vectorFromValues(type.elementType, flat);
      return makeData({
        type: toArrowType(type) as List,
        ...base,
        valueOffsets: offsets,
        child: toArrowData(type.elementType, child.values, child.nulls, child.length),
      });
    }
    case 'map': {
      const rows = values as readonly (MapValue | null | undefined)[];
      const offsets = new Int32Array(length + 1);
      const keys: Value[] = [];
      const vals: Value[] = [];
      for (let i = 0; i < length; i++) {
        const r = nulls !== null && nulls[i] === 1 ? null : rows[i];
        if (r !== null && r !== undefined) {
          for (let k = 0; k < r.keys.length; k++) {
            keys.push(r.keys[k] ?? null);
            vals.push(r.values[k] ?? null);
          }
        }
        offsets[i + 1] = keys.length;
      }
      const mapType = toArrowType(type) as Map_;
      const kv = vectorFromValues(type.keyType, keys);
      const vv = vectorFromValues(type.valueType, vals);
      const entries = makeData({
        type: mapType.children[0]!.type,
        length: keys.length,
        nullCount: 0,
        children: [
          toArrowData(type.keyType, kv.values, kv.nulls, kv.length),
          toArrowData(type.valueType, vv.values, vv.nulls, vv.length),
        ],
      });
      return makeData({ type: mapType, ...base, valueOffsets: offsets, child: entries });
    }
    case 'struct': {
      const rows = values as readonly (readonly Value[] | null | undefined)[];
      const children = type.fields.map((f, c) => {
        const col: Value[] = new Array<Value>(length);
        for (let i = 0; i < length; i++) {
          const r = nulls !== null && nulls[i] === 1 ? null : rows[i];
          col[i] = r === null || r === undefined ? null : (r[c] ?? null);
        }
        const v = vectorFromValues(f.dataType, col);
        return toArrowData(f.dataType, v.values, v.nulls, v.length);
      });
      return makeData({ type: toArrowType(type) as Struct, ...base, children });
    }
    default:
      return assertNever(type, 'data type');
  }
}

/** A batch as an Arrow RecordBatch with the schema's names and nullability. */
export function batchToArrow(batch: Batch, schema: StructType): RecordBatch {
  const arrowSchema = toArrowSchema(schema);
  // Arrow JS's IPC writer writes a record batch whose body is shorter than its header says when two
  // columns hold the same memory (one vector selected twice, `SELECT id AS a, id AS b`): such a
  // column's values are copied.
  const held = new Map<ArrayBufferLike, Set<number>>();
  const children = batch.columns.map((v) => {
    let values = v.values;
    if (ArrayBuffer.isView(values)) {
      const offsets = held.get(values.buffer) ?? new Set<number>();
      held.set(values.buffer, offsets);
      if (offsets.has(values.byteOffset)) values = (values as unknown as { slice(): typeof values }).slice();
      else offsets.add(values.byteOffset);
    }
    return toArrowData(v.type, values, v.nulls, batch.numRows);
  });
  const data = makeData({
    type: new Struct(arrowSchema.fields),
    length: batch.numRows,
    nullCount: 0,
    children,
  });
  return new RecordBatch(arrowSchema, data);
}

/** Batches as one Arrow Table. */
export function batchesToTable(batches: readonly Batch[], schema: StructType): Table {
  const arrowSchema = toArrowSchema(schema);
  if (batches.length === 0) return new Table(arrowSchema);
  return new Table(batches.map((b) => batchToArrow(b, schema)));
}

// ---------------------------------------------------------------------------------------------
// Arrow -> Batch.

function readNulls(d: Data, length: number): Uint8Array | null {
  if (d.typeId === Type.Null) return new Uint8Array(length).fill(1);
  const bm = d.nullBitmap;
  if (bm === undefined || bm === null || bm.length === 0 || d.nullCount === 0) return null;
  const out = new Uint8Array(length);
  const off = d.offset;
  let any = false;
  for (let i = 0; i < length; i++) {
    const j = off + i;
    if (((bm[j >> 3]! >> (j & 7)) & 1) === 0) {
      out[i] = 1;
      any = true;
    }
  }
  return any ? out : null;
}

function unitToMicros(unit: TimeUnit): [bigint, bigint] {
  // multiply, divide (floor)
  switch (unit) {
    case TimeUnit.SECOND:
      return [1_000_000n, 1n];
    case TimeUnit.MILLISECOND:
      return [1000n, 1n];
    case TimeUnit.MICROSECOND:
      return [1n, 1n];
    case TimeUnit.NANOSECOND:
      return [1n, 1000n];
    default:
      return [1n, 1n];
  }
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Reads one Arrow Data (any offset) into the storage form of `type`. */
export function fromArrowData(d: Data, type: DataType): Vector {
  const length = d.length;
  const nulls = readNulls(d, length);
  const values = allocValues(type, length);
  const a = d.type as ArrowDataType;
  if (a.typeId === Type.Dictionary) {
    const dict = (d as unknown as { dictionary: { data: Data[] } }).dictionary;
    const dictRows: Value[] = [];
    for (const chunk of dict.data) {
      const v = fromArrowData(chunk, type);
      for (let i = 0; i < v.length; i++) dictRows.push(getValue(v, i));
    }
    const idx = d.values as ArrayLike<number | bigint>;
    const rows: Value[] = new Array<Value>(length);
    for (let i = 0; i < length; i++)
      rows[i] = nulls !== null && nulls[i] === 1 ? null : (dictRows[Number(idx[i])] ?? null);
    return vectorFromValues(type, rows);
  }
  const src = d.values as ArrayLike<unknown>;
  const out = values as unknown as { [i: number]: unknown };
  switch (type.kind) {
    case 'null':
      break;
    case 'boolean': {
      const bits = d.values as Uint8Array;
      const off = d.offset;
      for (let i = 0; i < length; i++) {
        const j = off + i;
        out[i] = (bits[j >> 3]! >> (j & 7)) & 1;
      }
      break;
    }
    case 'byte':
    case 'short':
    case 'integer':
    case 'float':
    case 'double':
    case 'year_month_interval':
      if (a.typeId === Type.Float16 || (a as unknown as { precision?: number }).precision === 0) {
        // Float16 storage is raw half-precision bits.
        for (let i = 0; i < length; i++) out[i] = halfToNumber(Number(src[i]));
      } else for (let i = 0; i < length; i++) out[i] = Number(src[i]);
      break;
    case 'long':
      for (let i = 0; i < length; i++) out[i] = BigInt(src[i] as bigint | number);
      break;
    case 'decimal': {
      const bitWidth = (a as Decimal).bitWidth ?? 128;
      if (a.typeId !== Type.Decimal) {
        // e.g. unsigned 64-bit integers read as decimal(20,0)
        for (let i = 0; i < length; i++) out[i] = BigInt.asUintN(64, BigInt(src[i] as bigint));
        break;
      }
      const words = d.values as Uint32Array;
      const stride = bitWidth / 32;
      for (let i = 0; i < length; i++) {
        let v = 0n;
        for (let w = stride - 1; w >= 0; w--) v = (v << 32n) | BigInt(words[i * stride + w]!);
        out[i] = BigInt.asIntN(bitWidth, v);
      }
      break;
    }
    case 'string':
    case 'binary': {
      const asString = type.kind === 'string';
      const decoder = new TextDecoder();
      if (a.typeId === Type.Utf8View || a.typeId === Type.BinaryView || a.typeId === Type.FixedSizeBinary) {
        // Rare forms: go through Arrow's own accessor.
        const vec = makeVectorOf(d);
        for (let i = 0; i < length; i++) {
          if (nulls !== null && nulls[i] === 1) continue;
          const x = vec.get(i) as string | Uint8Array | null;
          out[i] = asString
            ? typeof x === 'string'
              ? x
              : decoder.decode(x ?? new Uint8Array(0))
            : typeof x === 'string'
              ? encoder.encode(x)
              : x;
        }
        break;
      }
      const offs = d.valueOffsets as ArrayLike<number | bigint>;
      const bytes = d.values as Uint8Array;
      for (let i = 0; i < length; i++) {
        if (nulls !== null && nulls[i] === 1) continue;
        const s = Number(offs[i]);
        const e = Number(offs[i + 1]);
        out[i] = asString ? decoder.decode(bytes.subarray(s, e)) : bytes.slice(s, e);
      }
      break;
    }
    case 'date':
      if (a.typeId === Type.DateMillisecond || (a as unknown as { unit?: number }).unit === 1) {
        for (let i = 0; i < length; i++) out[i] = Math.floor(Number(src[i]) / 86_400_000);
      } else for (let i = 0; i < length; i++) out[i] = Number(src[i]);
      break;
    case 'timestamp':
    case 'timestamp_ntz':
    case 'day_time_interval': {
      const [mul, div] = unitToMicros((a as Timestamp).unit);
      for (let i = 0; i < length; i++) {
        const v = BigInt(src[i] as bigint | number);
        out[i] = div === 1n ? v * mul : floorDiv(v, div);
      }
      break;
    }
    case 'time': {
      // Arrow time units to nanoseconds since midnight.
      const unit = (a as unknown as { unit?: number }).unit ?? TimeUnit.NANOSECOND;
      const mul = 10n ** BigInt(9 - 3 * unit);
      for (let i = 0; i < length; i++) out[i] = BigInt(src[i] as bigint | number) * mul;
      break;
    }
    case 'calendar_interval': {
      const ints = d.values as Int32Array;
      const big = new BigInt64Array(ints.buffer, ints.byteOffset, ints.length >> 1);
      for (let i = 0; i < length; i++) {
        if (nulls !== null && nulls[i] === 1) continue;
        out[i] = { months: ints[4 * i]!, days: ints[4 * i + 1]!, micros: floorDiv(big[2 * i + 1]!, 1000n) };
      }
      break;
    }
    case 'array': {
      const child = fromArrowData(d.children[0]!, type.elementType);
      const offs = d.valueOffsets as ArrayLike<number | bigint> | undefined;
      const fixed = (a as unknown as { listSize?: number }).listSize;
      for (let i = 0; i < length; i++) {
        if (nulls !== null && nulls[i] === 1) continue;
        const s = offs === undefined ? (d.offset + i) * (fixed ?? 0) : Number(offs[i]);
        const e = offs === undefined ? s + (fixed ?? 0) : Number(offs[i + 1]);
        const row: Value[] = new Array<Value>(e - s);
        for (let k = s; k < e; k++) row[k - s] = getValue(child, k);
        out[i] = row;
      }
      break;
    }
    case 'map': {
      const entries = d.children[0]!;
      const kv = fromArrowData(entries.children[0]!, type.keyType);
      const vv = fromArrowData(entries.children[1]!, type.valueType);
      const offs = d.valueOffsets as ArrayLike<number>;
      const eo = entries.offset;
      for (let i = 0; i < length; i++) {
        if (nulls !== null && nulls[i] === 1) continue;
        const s = Number(offs[i]) - eo;
        const e = Number(offs[i + 1]) - eo;
        const keys: Value[] = [];
        const vals: Value[] = [];
        for (let k = s; k < e; k++) {
          keys.push(getValue(kv, k));
          vals.push(getValue(vv, k));
        }
        out[i] = { keys, values: vals } satisfies MapValue;
      }
      break;
    }
    case 'struct': {
      const cols = type.fields.map((f, c) => fromArrowData(d.children[c]!, f.dataType));
      for (let i = 0; i < length; i++) {
        if (nulls !== null && nulls[i] === 1) continue;
        out[i] = cols.map((v) => getValue(v, i));
      }
      break;
    }
    default:
      return assertNever(type, 'data type');
  }
  return { type, length, values, nulls };
}

function makeVectorOf(d: Data): { get(i: number): unknown } {
  return makeVector(d) as unknown as { get(i: number): unknown };
}

function halfToNumber(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const f = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (f / 1024);
  if (e === 31) return f === 0 ? s * Infinity : NaN;
  return s * 2 ** (e - 15) * (1 + f / 1024);
}

/** An Arrow RecordBatch as a batch, with Spark types from the Arrow schema. */
export function arrowToBatch(rb: RecordBatch): Batch {
  const types = rb.schema.fields.map((f) => fromArrowType(f.type));
  const columns = rb.data.children.map((d, c) => fromArrowData(d, types[c]!));
  return { numRows: rb.numRows, columns };
}
