// Spark's JSON form of a schema (DataType.json), which Spark stores in a Parquet footer under
// `org.apache.spark.sql.parquet.row.metadata` so that a re-read sees the exact types and field metadata.

import { type DataType, type StructField, type StructType, T, typeName } from '@flint/common';

/** The key-value metadata key under which Spark stores the row schema. */
export const SPARK_ROW_METADATA_KEY = 'org.apache.spark.sql.parquet.row.metadata';

const DT_FIELDS = ['day', 'hour', 'minute', 'second'];
const YM_FIELDS = ['year', 'month'];

function typeJson(t: DataType): unknown {
  switch (t.kind) {
    case 'array':
      return { type: 'array', elementType: typeJson(t.elementType), containsNull: t.containsNull };
    case 'map':
      return {
        type: 'map',
        keyType: typeJson(t.keyType),
        valueType: typeJson(t.valueType),
        valueContainsNull: t.valueContainsNull,
      };
    case 'struct':
      return {
        type: 'struct',
        fields: t.fields.map((f) => ({
          name: f.name,
          type: typeJson(f.dataType),
          nullable: f.nullable,
          metadata: f.metadata ?? {},
        })),
      };
    default:
      // Atomic types are their typeName in the JSON form.
      return typeName(t);
  }
}

/** Spark's `StructType.json` of a schema. */
export function schemaToSparkJson(schema: StructType): string {
  return JSON.stringify(typeJson(schema));
}

function parseInterval(s: string): DataType | null {
  const m = /^interval (\w+)(?: to (\w+))?$/.exec(s);
  if (m === null) return s === 'interval' ? T.calendarInterval : null;
  const a = m[1]!;
  const b = m[2] ?? a;
  if (YM_FIELDS.includes(a)) return T.yearMonthInterval(YM_FIELDS.indexOf(a), YM_FIELDS.indexOf(b));
  if (DT_FIELDS.includes(a)) return T.dayTimeInterval(DT_FIELDS.indexOf(a), DT_FIELDS.indexOf(b));
  return null;
}

function parseType(j: unknown): DataType | null {
  if (typeof j === 'string') {
    switch (j) {
      case 'void':
      case 'null':
        return T.null;
      case 'boolean':
        return T.boolean;
      case 'byte':
        return T.byte;
      case 'short':
        return T.short;
      case 'integer':
        return T.int;
      case 'long':
        return T.long;
      case 'float':
        return T.float;
      case 'double':
        return T.double;
      case 'string':
        return T.string;
      case 'binary':
        return T.binary;
      case 'date':
        return T.date;
      case 'timestamp':
        return T.timestamp;
      case 'timestamp_ntz':
        return T.timestampNtz;
      case 'decimal':
        return T.decimal(10, 0);
      default: {
        const d = /^decimal\(\s*(\d+)\s*,\s*(-?\d+)\s*\)$/.exec(j);
        if (d !== null) return T.decimal(Number(d[1]), Number(d[2]));
        const tm = /^time\((\d)\)$/.exec(j);
        if (tm !== null) return T.time(Number(tm[1]));
        return parseInterval(j);
      }
    }
  }
  if (typeof j !== 'object' || j === null) return null;
  const o = j as Record<string, unknown>;
  switch (o['type']) {
    case 'array': {
      const e = parseType(o['elementType']);
      return e === null ? null : T.array(e, o['containsNull'] !== false);
    }
    case 'map': {
      const k = parseType(o['keyType']);
      const v = parseType(o['valueType']);
      return k === null || v === null ? null : T.map(k, v, o['valueContainsNull'] !== false);
    }
    case 'struct': {
      const fs = o['fields'];
      if (!Array.isArray(fs)) return null;
      const out: StructField[] = [];
      for (const f of fs as unknown[]) {
        if (typeof f !== 'object' || f === null) return null;
        const fo = f as Record<string, unknown>;
        const t = parseType(fo['type']);
        if (t === null || typeof fo['name'] !== 'string') return null;
        const md = fo['metadata'];
        const base = T.field(fo['name'], t, fo['nullable'] !== false);
        out.push(
          typeof md === 'object' && md !== null && Object.keys(md).length > 0
            ? { ...base, metadata: md as Record<string, unknown> }
            : base,
        );
      }
      return T.struct(out);
    }
    default:
      return null;
  }
}

/** Parses Spark's JSON schema; null when it is not a struct Flint understands. */
export function schemaFromSparkJson(json: string): StructType | null {
  try {
    const t = parseType(JSON.parse(json));
    return t !== null && t.kind === 'struct' ? t : null;
  } catch {
    return null;
  }
}
