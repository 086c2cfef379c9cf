// Row: what collect(), first(), head() and take() return.
//
// A Row is a plain frozen object whose enumerable keys are the column names (so `row.name`,
// `{...row}` and JSON.stringify work), with methods on a shared prototype: `get(nameOrIndex)`,
// `asDict(recursive?)`, `toArray()`, `length`, `schema`. Duplicate column names (after a join) stay
// reachable by index; by name the last one wins, as PySpark's asDict.
//
// JS values by Spark type:
//   boolean → boolean; tinyint/smallint/int/float/double → number; bigint → bigint (exact);
//   decimal → string with the scale's digits ('12.50', exact); string → string;
//   binary → Uint8Array; date → 'yyyy-MM-dd' string (a date has no time zone, a JS Date would);
//   timestamp → JS Date (the instant; microseconds below the millisecond are dropped);
//   timestamp_ntz → JS Date whose UTC fields are the wall-clock time;
//   interval year to month → number of months; interval day to second → bigint microseconds;
//   interval (calendar) → { months, days, micros }; array → array; map → Map; struct → Row;
//   NULL → null.

import {
  decimalToPlainString,
  formatDate,
  getValue,
  type Batch,
  type CalendarInterval,
  type DataType,
  type MapValue,
  type StructType,
  type Value,
} from '@flint/common';

const VALUES = Symbol('flint.row.values');
const SCHEMA = Symbol('flint.row.schema');

export interface Row {
  readonly [field: string]: unknown;
  /** A field by name (case-sensitive) or by 0-based index. */
  get(key: string | number): unknown;
  /** The fields as a plain object; nested Rows (and Rows inside arrays and maps) too when `recursive`. */
  asDict(recursive?: boolean): Record<string, unknown>;
  /** The field values in column order. */
  toArray(): unknown[];
  readonly length: number;
  readonly schema: StructType;
}

interface RowInternals {
  readonly [VALUES]: readonly unknown[];
  readonly [SCHEMA]: StructType;
}

function internals(r: unknown): RowInternals {
  return r as RowInternals;
}

function dictValue(v: unknown, recursive: boolean): unknown {
  if (!recursive) return v;
  if (isRow(v)) return v.asDict(true);
  if (Array.isArray(v)) return v.map((x) => dictValue(x, true));
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, dictValue(x, true)]));
  return v;
}

function reprValue(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'bigint') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return `[${v.map(reprValue).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${reprValue(k)}: ${reprValue(x)}`).join(', ')}}`;
  return String(v);
}

const rowPrototype = {
  get(this: RowInternals, key: string | number): unknown {
    const values = this[VALUES];
    if (typeof key === 'number') {
      if (!Number.isInteger(key) || key < 0 || key >= values.length)
        throw new RangeError(`Row index ${key} out of range`);
      return values[key];
    }
    const fields = this[SCHEMA].fields;
    for (let i = fields.length - 1; i >= 0; i--) if (fields[i]!.name === key) return values[i];
    throw new RangeError(`Row has no field '${key}'`);
  },
  asDict(this: RowInternals, recursive = false): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const values = this[VALUES];
    this[SCHEMA].fields.forEach((f, i) => {
      out[f.name] = dictValue(values[i], recursive);
    });
    return out;
  },
  toArray(this: RowInternals): unknown[] {
    return [...this[VALUES]];
  },
  get length(): number {
    return internals(this)[VALUES].length;
  },
  get schema(): StructType {
    return internals(this)[SCHEMA];
  },
  toJSON(this: RowInternals): Record<string, unknown> {
    return rowPrototype.asDict.call(this, true);
  },
  toString(this: RowInternals): string {
    const values = this[VALUES];
    return `Row(${this[SCHEMA].fields.map((f, i) => `${f.name}=${reprValue(values[i])}`).join(', ')})`;
  },
};

export function isRow(x: unknown): x is Row {
  return typeof x === 'object' && x !== null && VALUES in x;
}

/** A Row of already-converted JS values. */
export function makeRow(schema: StructType, values: readonly unknown[]): Row {
  const r = Object.create(rowPrototype) as Record<string | symbol, unknown>;
  Object.defineProperty(r, VALUES, { value: Object.freeze([...values]), enumerable: false });
  Object.defineProperty(r, SCHEMA, { value: schema, enumerable: false });
  schema.fields.forEach((f, i) => {
    r[f.name] = values[i] ?? null;
  });
  return Object.freeze(r) as unknown as Row;
}

/** `Row.fromObject({ name: 'Alice', age: 1 })` is for user code; the schema types are left as NULL type. */
export const Row = {
  fromObject(obj: Readonly<Record<string, unknown>>): Row {
    const names = Object.keys(obj);
    return makeRow(
      { kind: 'struct', fields: names.map((n) => ({ name: n, dataType: { kind: 'null' }, nullable: true })) },
      names.map((n) => obj[n]),
    );
  },
  isRow,
} as const;

// ---- internal values → JS values

/** Days since 1970-01-01 as 'yyyy-MM-dd'. */
export function formatDateDays(days: number): string {
  return formatDate(days);
}

/** An unscaled decimal as its exact plain text with `scale` fraction digits. */
export function formatDecimal(unscaled: bigint, scale: number): string {
  return decimalToPlainString(unscaled, scale);
}

function microsToDate(micros: bigint): Date {
  // Floor division keeps pre-1970 instants right.
  let ms = micros / 1000n;
  if (micros % 1000n < 0n) ms -= 1n;
  return new Date(Number(ms));
}

/** One internal Value of type `t` as the JS value the table at the top of this file describes. */
export function toUserValue(v: Value, t: DataType): unknown {
  if (v === null) return null;
  switch (t.kind) {
    case 'decimal':
      return formatDecimal(BigInt(v as bigint | number), t.scale);
    case 'date':
      return formatDateDays(v as number);
    case 'timestamp':
    case 'timestamp_ntz':
      return microsToDate(v as bigint);
    case 'long':
      return typeof v === 'bigint' ? v : BigInt(v as number);
    case 'array':
      return (v as readonly Value[]).map((x) => toUserValue(x, t.elementType));
    case 'map': {
      const m = v as MapValue;
      const out = new Map<unknown, unknown>();
      m.keys.forEach((k, i) =>
        out.set(toUserValue(k, t.keyType), toUserValue(m.values[i] ?? null, t.valueType)),
      );
      return out;
    }
    case 'struct': {
      const xs = v as readonly Value[];
      return makeRow(
        t,
        t.fields.map((f, i) => toUserValue(xs[i] ?? null, f.dataType)),
      );
    }
    case 'calendar_interval': {
      const iv = v as CalendarInterval;
      return { months: iv.months, days: iv.days, micros: iv.micros };
    }
    default:
      return v;
  }
}

/** The rows of result batches as Rows of `schema`. */
export function rowsFromBatches(schema: StructType, batches: readonly Batch[]): Row[] {
  const out: Row[] = [];
  const types = schema.fields.map((f) => f.dataType);
  for (const b of batches) {
    for (let i = 0; i < b.numRows; i++) {
      const values = b.columns.map((c, j) => toUserValue(getValue(c, i), types[j]!));
      out.push(makeRow(schema, values));
    }
  }
  return out;
}
