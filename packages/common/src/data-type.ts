// Spark's DataType set as plain immutable data. Every other package speaks these types.

export type NullType = { readonly kind: 'null' };
export type BooleanType = { readonly kind: 'boolean' };
export type ByteType = { readonly kind: 'byte' };
export type ShortType = { readonly kind: 'short' };
export type IntegerType = { readonly kind: 'integer' };
export type LongType = { readonly kind: 'long' };
export type FloatType = { readonly kind: 'float' };
export type DoubleType = { readonly kind: 'double' };
export type DecimalType = { readonly kind: 'decimal'; readonly precision: number; readonly scale: number };
export type StringType = { readonly kind: 'string' };
export type BinaryType = { readonly kind: 'binary' };
export type DateType = { readonly kind: 'date' };
/** Microseconds since the epoch, shown in the session time zone. */
export type TimestampType = { readonly kind: 'timestamp' };
/** Microseconds since the epoch of a wall-clock time, no time zone. */
export type TimestampNTZType = { readonly kind: 'timestamp_ntz' };
/** Spark 4 TIME(p): nanoseconds since midnight (BigInt64Array), values truncated to `precision` (0..6) digits. */
export type TimeType = { readonly kind: 'time'; readonly precision: number };
/** Fields: 0 = YEAR, 1 = MONTH. */
export type YearMonthIntervalType = {
  readonly kind: 'year_month_interval';
  readonly startField: number;
  readonly endField: number;
};
/** Fields: 0 = DAY, 1 = HOUR, 2 = MINUTE, 3 = SECOND. */
export type DayTimeIntervalType = {
  readonly kind: 'day_time_interval';
  readonly startField: number;
  readonly endField: number;
};
/** The legacy `interval` type: months, days and microseconds. */
export type CalendarIntervalType = { readonly kind: 'calendar_interval' };
export type ArrayType = {
  readonly kind: 'array';
  readonly elementType: DataType;
  readonly containsNull: boolean;
};
export type MapType = {
  readonly kind: 'map';
  readonly keyType: DataType;
  readonly valueType: DataType;
  readonly valueContainsNull: boolean;
};
export type StructField = {
  readonly name: string;
  readonly dataType: DataType;
  readonly nullable: boolean;
  readonly metadata?: Readonly<Record<string, unknown>>;
};
export type StructType = { readonly kind: 'struct'; readonly fields: readonly StructField[] };

export type DataType =
  | NullType
  | BooleanType
  | ByteType
  | ShortType
  | IntegerType
  | LongType
  | FloatType
  | DoubleType
  | DecimalType
  | StringType
  | BinaryType
  | DateType
  | TimestampType
  | TimestampNTZType
  | TimeType
  | YearMonthIntervalType
  | DayTimeIntervalType
  | CalendarIntervalType
  | ArrayType
  | MapType
  | StructType;

export type DataTypeKind = DataType['kind'];

// Singletons for the parameterless types, so that code can write `T.int` rather than `{ kind: 'integer' }`.
export const T = {
  null: { kind: 'null' } as NullType,
  boolean: { kind: 'boolean' } as BooleanType,
  byte: { kind: 'byte' } as ByteType,
  short: { kind: 'short' } as ShortType,
  int: { kind: 'integer' } as IntegerType,
  long: { kind: 'long' } as LongType,
  float: { kind: 'float' } as FloatType,
  double: { kind: 'double' } as DoubleType,
  string: { kind: 'string' } as StringType,
  binary: { kind: 'binary' } as BinaryType,
  date: { kind: 'date' } as DateType,
  timestamp: { kind: 'timestamp' } as TimestampType,
  timestampNtz: { kind: 'timestamp_ntz' } as TimestampNTZType,
  calendarInterval: { kind: 'calendar_interval' } as CalendarIntervalType,
  decimal: (precision: number, scale: number): DecimalType => ({ kind: 'decimal', precision, scale }),
  time: (precision = 6): TimeType => ({ kind: 'time', precision }),
  array: (elementType: DataType, containsNull = true): ArrayType => ({
    kind: 'array',
    elementType,
    containsNull,
  }),
  map: (keyType: DataType, valueType: DataType, valueContainsNull = true): MapType => ({
    kind: 'map',
    keyType,
    valueType,
    valueContainsNull,
  }),
  struct: (fields: readonly StructField[]): StructType => ({ kind: 'struct', fields }),
  field: (name: string, dataType: DataType, nullable = true): StructField => ({ name, dataType, nullable }),
  yearMonthInterval: (startField = 0, endField = 1): YearMonthIntervalType => ({
    kind: 'year_month_interval',
    startField,
    endField,
  }),
  dayTimeInterval: (startField = 0, endField = 3): DayTimeIntervalType => ({
    kind: 'day_time_interval',
    startField,
    endField,
  }),
} as const;

export function isIntegral(t: DataType): boolean {
  return t.kind === 'byte' || t.kind === 'short' || t.kind === 'integer' || t.kind === 'long';
}

export function isFractional(t: DataType): boolean {
  return t.kind === 'float' || t.kind === 'double' || t.kind === 'decimal';
}

export function isNumeric(t: DataType): boolean {
  return isIntegral(t) || isFractional(t);
}

/**
 * Spark's DecimalType.forType for the integral types: the decimal that holds every value of byte,
 * short, int or long (decimal(3,0), (5,0), (10,0), (20,0)); null for any other type.
 */
export function decimalForIntegral(t: DataType): DecimalType | null {
  switch (t.kind) {
    case 'byte':
      return T.decimal(3, 0);
    case 'short':
      return T.decimal(5, 0);
    case 'integer':
      return T.decimal(10, 0);
    case 'long':
      return T.decimal(20, 0);
    default:
      return null;
  }
}

export function isDatetime(t: DataType): boolean {
  return t.kind === 'date' || t.kind === 'timestamp' || t.kind === 'timestamp_ntz';
}

export function isAtomic(t: DataType): boolean {
  return t.kind !== 'array' && t.kind !== 'map' && t.kind !== 'struct';
}

/** Spark's DataType.asNullable: every field, array element and map value nullable, at every depth. */
export function asNullable<D extends DataType>(t: D): D;
export function asNullable(t: DataType): DataType {
  switch (t.kind) {
    case 'array':
      return { ...t, elementType: asNullable(t.elementType), containsNull: true };
    case 'map':
      return {
        ...t,
        keyType: asNullable(t.keyType),
        valueType: asNullable(t.valueType),
        valueContainsNull: true,
      };
    case 'struct':
      return {
        ...t,
        fields: t.fields.map((f) => ({ ...f, dataType: asNullable(f.dataType), nullable: true })),
      };
    default:
      return t;
  }
}

/** Structural equality of two types, ignoring nullability when `ignoreNullability` is set. */
export function dataTypeEquals(a: DataType, b: DataType, ignoreNullability = false): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'decimal': {
      const o = b as DecimalType;
      return a.precision === o.precision && a.scale === o.scale;
    }
    case 'time':
      return a.precision === (b as TimeType).precision;
    case 'year_month_interval':
    case 'day_time_interval': {
      const o = b as YearMonthIntervalType | DayTimeIntervalType;
      return a.startField === o.startField && a.endField === o.endField;
    }
    case 'array': {
      const o = b as ArrayType;
      return (
        dataTypeEquals(a.elementType, o.elementType, ignoreNullability) &&
        (ignoreNullability || a.containsNull === o.containsNull)
      );
    }
    case 'map': {
      const o = b as MapType;
      return (
        dataTypeEquals(a.keyType, o.keyType, ignoreNullability) &&
        dataTypeEquals(a.valueType, o.valueType, ignoreNullability) &&
        (ignoreNullability || a.valueContainsNull === o.valueContainsNull)
      );
    }
    case 'struct': {
      const o = b as StructType;
      return (
        a.fields.length === o.fields.length &&
        a.fields.every((f, i) => {
          const g = o.fields[i]!;
          return (
            f.name === g.name &&
            dataTypeEquals(f.dataType, g.dataType, ignoreNullability) &&
            (ignoreNullability || f.nullable === g.nullable)
          );
        })
      );
    }
    default:
      return true;
  }
}

export function assertNever(x: never, what = 'value'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(x)}`);
}
