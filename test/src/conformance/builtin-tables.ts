// The corpus's built-in tables (data/tables.json): parsed once per process into internal row values,
// then registered as temp views in each new session.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { T, assertNever, type DataType, type StructType, type Value } from '@flint/common';

export interface TableData {
  readonly name: string;
  readonly schema: StructType;
  readonly rows: readonly (readonly Value[])[];
}

interface TableSpec {
  readonly schema: string;
  readonly rows?: string | readonly unknown[];
  readonly file?: string;
}

/**
 * Parses the small DDL subset tables.json uses (`a int, b array<map<int,string>>`). The engine has a
 * full DDL parser; this one keeps the harness independent of it so that a parser bug cannot hide
 * every table.
 */
export function parseTableDdl(ddl: string): StructType {
  let pos = 0;
  const skip = (): void => {
    while (pos < ddl.length && /\s/.test(ddl[pos]!)) pos++;
  };
  const word = (): string => {
    skip();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(ddl.slice(pos));
    if (m === null) throw new Error(`bad DDL at ${pos}: ${ddl}`);
    pos += m[0].length;
    return m[0];
  };
  const expect = (c: string): void => {
    skip();
    if (ddl[pos] !== c) throw new Error(`expected '${c}' at ${pos}: ${ddl}`);
    pos++;
  };
  const type = (): DataType => {
    const w = word().toLowerCase();
    switch (w) {
      case 'int':
      case 'integer':
        return T.int;
      case 'bigint':
      case 'long':
        return T.long;
      case 'smallint':
        return T.short;
      case 'tinyint':
        return T.byte;
      case 'float':
        return T.float;
      case 'double':
        return T.double;
      case 'string':
        return T.string;
      case 'boolean':
        return T.boolean;
      case 'date':
        return T.date;
      case 'array': {
        expect('<');
        const e = type();
        expect('>');
        return T.array(e);
      }
      case 'map': {
        expect('<');
        const k = type();
        expect(',');
        const v = type();
        expect('>');
        return T.map(k, v);
      }
      default:
        throw new Error(`unsupported type '${w}' in DDL: ${ddl}`);
    }
  };
  const fields = [];
  for (;;) {
    const name = word();
    fields.push(T.field(name, type()));
    skip();
    if (pos >= ddl.length) break;
    expect(',');
  }
  return T.struct(fields);
}

/** A JSON value from tables.json as the internal row value of `type`. */
export function jsonToValue(x: unknown, type: DataType): Value {
  if (x === null || x === undefined) return null;
  switch (type.kind) {
    case 'array':
      return (x as unknown[]).map((e) => jsonToValue(e, type.elementType));
    case 'map': {
      const entries = Object.entries(x as Record<string, unknown>);
      return {
        keys: entries.map(([k]) => jsonToValue(k, type.keyType)),
        values: entries.map(([, v]) => jsonToValue(v, type.valueType)),
      };
    }
    default:
      return textToValue(String(x), type);
  }
}

/** One field of a tab-separated data file (or a JSON scalar) as the internal value of `type`. */
export function textToValue(s: string, type: DataType): Value {
  if (s === '\\N') return null;
  switch (type.kind) {
    case 'integer':
    case 'short':
    case 'byte':
      return Number.parseInt(s, 10);
    case 'long':
      return BigInt(s);
    case 'float':
      return Math.fround(Number.parseFloat(s));
    case 'double':
      return Number.parseFloat(s);
    case 'string':
      return s;
    case 'boolean':
      return s === 'true';
    case 'date':
      return Math.round(Date.parse(`${s}T00:00:00Z`) / 86_400_000);
    case 'null':
    case 'decimal':
    case 'binary':
    case 'timestamp':
    case 'timestamp_ntz':
    case 'time':
    case 'year_month_interval':
    case 'day_time_interval':
    case 'calendar_interval':
    case 'array':
    case 'map':
    case 'struct':
      throw new Error(`built-in tables do not use type ${type.kind}`);
    default:
      return assertNever(type, 'data type');
  }
}

function generatedRows(spec: string): Value[][] {
  // The only generated table: testdata, "(i, str(i)) for i in 1..100".
  const m = /^\(i, str\(i\)\) for i in (\d+)\.\.(\d+)$/.exec(spec.trim());
  if (m === null) throw new Error(`unknown generated rows: ${spec}`);
  const rows: Value[][] = [];
  for (let i = Number(m[1]); i <= Number(m[2]); i++) rows.push([i, String(i)]);
  return rows;
}

/** Reads `dir/data/tables.json` and the data files it names. */
export function loadBuiltinTables(corpusDir: string): TableData[] {
  const dataDir = join(corpusDir, 'data');
  const specs = JSON.parse(readFileSync(join(dataDir, 'tables.json'), 'utf8')) as Record<string, TableSpec>;
  const tables: TableData[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const schema = parseTableDdl(spec.schema);
    const types = schema.fields.map((f) => f.dataType);
    let rows: Value[][];
    if (spec.file !== undefined) {
      rows = readFileSync(join(dataDir, spec.file), 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((line) => {
          const cells = line.replace(/\r$/, '').split('\t');
          return types.map((t, i) => textToValue(cells[i] ?? '\\N', t));
        });
    } else if (typeof spec.rows === 'string') {
      rows = generatedRows(spec.rows);
    } else {
      rows = (spec.rows ?? []).map((r) => types.map((t, i) => jsonToValue((r as unknown[])[i], t)));
    }
    tables.push({ name, schema, rows });
  }
  return tables;
}
