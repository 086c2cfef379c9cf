// Spark's two textual forms of a DataType: the SQL form used in error messages (`"DECIMAL(10,0)"`,
// `ARRAY<INT>`) and the catalog form used in schemas (`decimal(10,0)`, `array<int>`).

import { assertNever, type DataType } from '@flint/common';

const INTERVAL_FIELDS_YM = ['YEAR', 'MONTH'];
const INTERVAL_FIELDS_DT = ['DAY', 'HOUR', 'MINUTE', 'SECOND'];

function intervalName(fields: readonly string[], start: number, end: number): string {
  const s = fields[start] ?? '?';
  const e = fields[end] ?? '?';
  return start === end ? `INTERVAL ${s}` : `INTERVAL ${s} TO ${e}`;
}

/** Spark's `DataType.sql`: INT, BIGINT, DECIMAL(10,0), ARRAY<INT>, STRUCT<a: INT, b: STRING NOT NULL>. */
export function typeSql(t: DataType): string {
  switch (t.kind) {
    case 'null':
      return 'VOID';
    case 'boolean':
      return 'BOOLEAN';
    case 'byte':
      return 'TINYINT';
    case 'short':
      return 'SMALLINT';
    case 'integer':
      return 'INT';
    case 'long':
      return 'BIGINT';
    case 'float':
      return 'FLOAT';
    case 'double':
      return 'DOUBLE';
    case 'decimal':
      return `DECIMAL(${t.precision},${t.scale})`;
    case 'string':
      return 'STRING';
    case 'binary':
      return 'BINARY';
    case 'date':
      return 'DATE';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'timestamp_ntz':
      return 'TIMESTAMP_NTZ';
    case 'year_month_interval':
      return intervalName(INTERVAL_FIELDS_YM, t.startField, t.endField);
    case 'day_time_interval':
      return intervalName(INTERVAL_FIELDS_DT, t.startField, t.endField);
    case 'calendar_interval':
      return 'INTERVAL';
    case 'array':
      return `ARRAY<${typeSql(t.elementType)}>`;
    case 'map':
      return `MAP<${typeSql(t.keyType)}, ${typeSql(t.valueType)}>`;
    case 'struct':
      return `STRUCT<${t.fields.map((f) => `${f.name}: ${typeSql(f.dataType)}${f.nullable ? '' : ' NOT NULL'}`).join(', ')}>`;
    default:
      return assertNever(t, 'data type');
  }
}

/** Spark's `DataType.catalogString`: int, bigint, decimal(10,0), array<int>, struct<a:int>. */
export function typeCatalogString(t: DataType): string {
  switch (t.kind) {
    case 'null':
      return 'void';
    case 'array':
      return `array<${typeCatalogString(t.elementType)}>`;
    case 'map':
      return `map<${typeCatalogString(t.keyType)},${typeCatalogString(t.valueType)}>`;
    case 'struct':
      return `struct<${t.fields.map((f) => `${f.name}:${typeCatalogString(f.dataType)}`).join(',')}>`;
    case 'year_month_interval':
    case 'day_time_interval':
      return typeSql(t).toLowerCase();
    case 'calendar_interval':
      return 'interval';
    default:
      return typeSql(t).toLowerCase();
  }
}
