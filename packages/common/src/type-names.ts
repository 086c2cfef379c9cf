// Spark's names for data types: typeName, simpleString, catalogString and the upper-case SQL form.
import {
  assertNever,
  type DataType,
  type DayTimeIntervalType,
  type YearMonthIntervalType,
} from './data-type.js';

const YM_FIELDS = ['year', 'month'] as const;
const DT_FIELDS = ['day', 'hour', 'minute', 'second'] as const;

function fieldName(names: readonly string[], i: number): string {
  return names[i] ?? 'unknown';
}

/** `interval year to month`, `interval day`, ... (lower case, as catalogString prints it). */
function intervalName(t: YearMonthIntervalType | DayTimeIntervalType): string {
  const names = t.kind === 'year_month_interval' ? YM_FIELDS : DT_FIELDS;
  const start = fieldName(names, t.startField);
  if (t.startField === t.endField) return `interval ${start}`;
  return `interval ${start} to ${fieldName(names, t.endField)}`;
}

/** Spark's `DataType.typeName`, as printSchema shows it: 'integer', 'long', 'decimal(10,2)', 'array', ... */
export function typeName(t: DataType): string {
  switch (t.kind) {
    case 'null':
      return 'void';
    case 'boolean':
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
    case 'string':
    case 'binary':
    case 'date':
    case 'timestamp':
    case 'timestamp_ntz':
    case 'array':
    case 'map':
    case 'struct':
      return t.kind;
    case 'decimal':
      return `decimal(${t.precision},${t.scale})`;
    case 'time':
      return `time(${t.precision})`;
    case 'calendar_interval':
      return 'interval';
    case 'year_month_interval':
    case 'day_time_interval':
      return intervalName(t);
    default:
      return assertNever(t, 'data type');
  }
}

function atomicShortName(t: DataType): string | null {
  switch (t.kind) {
    case 'null':
      return 'void';
    case 'byte':
      return 'tinyint';
    case 'short':
      return 'smallint';
    case 'integer':
      return 'int';
    case 'long':
      return 'bigint';
    case 'boolean':
    case 'float':
    case 'double':
    case 'string':
    case 'binary':
    case 'date':
    case 'timestamp':
    case 'timestamp_ntz':
      return t.kind;
    case 'decimal':
      return `decimal(${t.precision},${t.scale})`;
    case 'time':
      return `time(${t.precision})`;
    case 'calendar_interval':
      return 'interval';
    case 'year_month_interval':
    case 'day_time_interval':
      return intervalName(t);
    case 'array':
    case 'map':
    case 'struct':
      return null;
    default:
      return assertNever(t, 'data type');
  }
}

/** Spark's `DataType.simpleString`: 'int', 'bigint', 'array<int>', 'struct<a:int,b:string>'. */
export function simpleString(t: DataType): string {
  return catalogString(t);
}

/** Spark's `DataType.catalogString`, the form of the golden files' expected_schema. */
export function catalogString(t: DataType): string {
  const s = atomicShortName(t);
  if (s !== null) return s;
  switch (t.kind) {
    case 'array':
      return `array<${catalogString(t.elementType)}>`;
    case 'map':
      return `map<${catalogString(t.keyType)},${catalogString(t.valueType)}>`;
    case 'struct': {
      let out = 'struct<';
      for (let i = 0; i < t.fields.length; i++) {
        const f = t.fields[i]!;
        if (i > 0) out += ',';
        out += `${f.name}:${catalogString(f.dataType)}`;
      }
      return out + '>';
    }
    default:
      throw new Error(`unexpected type ${t.kind}`);
  }
}

/** Quotes an identifier with backticks when it is not a plain `[A-Za-z_][A-Za-z0-9_]*` name (Spark's quoteIfNeeded). */
export function quoteIfNeeded(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return name;
  return '`' + name.replace(/`/g, '``') + '`';
}

/** Spark's `DataType.sql`: 'INT', 'DECIMAL(10,2)', 'ARRAY<INT>', 'MAP<STRING, INT>', 'STRUCT<a: INT, b: STRING NOT NULL>'. */
export function sqlTypeName(t: DataType): string {
  switch (t.kind) {
    case 'array':
      return `ARRAY<${sqlTypeName(t.elementType)}>`;
    case 'map':
      return `MAP<${sqlTypeName(t.keyType)}, ${sqlTypeName(t.valueType)}>`;
    case 'struct':
      return `STRUCT<${t.fields
        .map((f) => `${quoteIfNeeded(f.name)}: ${sqlTypeName(f.dataType)}${f.nullable ? '' : ' NOT NULL'}`)
        .join(', ')}>`;
    default:
      return (atomicShortName(t) ?? t.kind).toUpperCase();
  }
}

/** The type as Spark quotes it inside error messages: `"INT"`, `"ARRAY<STRING>"`. */
export function toSQLType(t: DataType): string {
  return `"${sqlTypeName(t)}"`;
}
