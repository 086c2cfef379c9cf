// SparkSession: the entry point, as in PySpark. `SparkSession.builder().appName(..).config(..).getOrCreate()`.

import {
  FlintError,
  T,
  batchFromRows,
  daysFromCivil,
  parseDDLSchema,
  parseDate,
  type DataType,
  type StructType,
  type Value,
} from '@flint/common';
import type { AttributeRef, CatalogEntry, LogicalPlan } from '@flint/planner';
import { taskSlots, warmWorkerPool, type SparkListener } from '@flint/exec';
import { DataFrame } from '../dataframe.js';
import { DataFrameReader } from '../reader.js';
import { Catalog } from '../catalog.js';
import { setActiveSessionState } from '../active-session.js';
import type { RuntimeConfig } from './session-state.js';
import { newRuntimeConfig } from './runtime-config.js';
import { nextExprId, SessionCore } from './session-core.js';
import { useWarehouse } from './warehouse.js';

let active: SparkSession | null = null;

export class SparkSessionBuilder {
  private readonly options = new Map<string, string>();

  appName(name: string): this {
    this.options.set('spark.app.name', name);
    return this;
  }

  master(master: string): this {
    this.options.set('spark.master', master);
    return this;
  }

  config(key: string, value: string | number | boolean): this {
    this.options.set(key, String(value));
    return this;
  }

  /** The active session (with these settings applied), or a new one. */
  getOrCreate(): SparkSession {
    if (active) {
      for (const [k, v] of this.options) active.conf.set(k, v);
      return active;
    }
    active = new SparkSession(new Map(), newRuntimeConfig(this.options));
    // Parallel sessions start their worker threads now, while the program gets going.
    warmWorkerPool(taskSlots(active.conf.get('spark.master')).slots);
    return active;
  }
}

export class SparkSession {
  /** @internal */
  readonly state: SessionCore;

  /** @internal Use SparkSession.builder(). */
  constructor(tables: Map<string, CatalogEntry>, conf: RuntimeConfig, listeners: SparkListener[] = []) {
    this.state = new SessionCore(tables, conf, listeners);
    // Tables and persistent views live in the warehouse folder (spark.sql.warehouse.dir).
    useWarehouse(this.state);
    setActiveSessionState(this.state);
  }

  static builder(): SparkSessionBuilder {
    return new SparkSessionBuilder();
  }

  static getActiveSession(): SparkSession | null {
    return active;
  }

  get conf(): RuntimeConfig {
    return this.state.conf;
  }

  /** The catalog: databases, tables, temporary views and the cache (PySpark's spark.catalog). */
  get catalog(): Catalog {
    return new Catalog(this);
  }

  get read(): DataFrameReader {
    return new DataFrameReader(this.state);
  }

  /** A session with its own temporary views and SQL configuration, sharing tables with this one. */
  newSession(): SparkSession {
    return new SparkSession(
      this.state.catalog.tables,
      newRuntimeConfig(
        new Map([
          ['spark.app.name', this.conf.get('spark.app.name', 'flint')],
          // The master belongs to the context the sessions share.
          ...(this.conf.get('spark.master') === undefined
            ? []
            : [['spark.master', this.conf.get('spark.master', '')] as [string, string]]),
        ]),
      ),
      this.state.listeners,
    );
  }

  /**
   * Runs a SQL statement: commands run now (`signal` cancels them), a query returns a DataFrame that
   * runs on an action.
   */
  async sql(text: string, options: { readonly signal?: AbortSignal } = {}): Promise<DataFrame> {
    return new DataFrame(this.state, await this.state.sql(text, options.signal));
  }

  /** Adds a SparkListener: it hears the job, stage and task events of this session's queries. */
  addListener(listener: SparkListener): void {
    if (!this.state.listeners.includes(listener)) this.state.listeners.push(listener);
  }

  removeListener(listener: SparkListener): void {
    const i = this.state.listeners.indexOf(listener);
    if (i >= 0) this.state.listeners.splice(i, 1);
  }

  table(name: string): DataFrame {
    return new DataFrame(this.state, this.state.table(name));
  }

  /** range(end), range(start, end, step = 1, numPartitions?): a single `id` bigint column. */
  range(
    start: number | bigint,
    end?: number | bigint,
    step: number | bigint = 1,
    numPartitions?: number,
  ): DataFrame {
    const [s, e] = end === undefined ? [0n, BigInt(start)] : [BigInt(start), BigInt(end)];
    const output: AttributeRef[] = [
      {
        kind: 'AttributeReference',
        id: nextExprId(),
        name: 'id',
        dataType: T.long,
        nullable: false,
        qualifier: [],
      },
    ];
    const plan: LogicalPlan = {
      kind: 'Range',
      start: s,
      end: e,
      step: BigInt(step),
      numSlices: numPartitions ?? null,
      output,
    };
    return new DataFrame(this.state, this.state.analyze(plan));
  }

  /**
   * A DataFrame from rows (arrays or objects keyed by column name). `schema` is a StructType, a DDL
   * string ('id INT, name STRING') or column names (types inferred as PySpark does: whole numbers are
   * bigint, other numbers double).
   */
  createDataFrame(
    rows: readonly (readonly unknown[] | Readonly<Record<string, unknown>>)[],
    schema?: StructType | string | readonly string[],
  ): DataFrame {
    const names: string[] | null = Array.isArray(schema) ? [...(schema as readonly string[])] : null;
    let struct: StructType;
    if (schema && typeof schema === 'string') struct = parseDDLSchema(schema);
    else if (schema && !Array.isArray(schema)) struct = schema as StructType;
    else struct = inferSchema(rows, names);
    const arrays = rows.map((r) =>
      Array.isArray(r)
        ? (r as readonly unknown[])
        : struct.fields.map((f) => (r as Record<string, unknown>)[f.name]),
    );
    const values: Value[][] = arrays.map((r, i) => {
      if (r.length !== struct.fields.length) {
        throw new FlintError(
          'AXIS_LENGTH_MISMATCH',
          `[AXIS_LENGTH_MISMATCH] Length mismatch: Expected axis has ${struct.fields.length} elements, new values have ${r.length} elements (row ${i}).`,
          { expectedLength: String(struct.fields.length), actualLength: String(r.length) },
        );
      }
      return struct.fields.map((f, c) => toInternal(r[c], f.dataType));
    });
    const output: AttributeRef[] = struct.fields.map((f) => ({
      kind: 'AttributeReference',
      id: nextExprId(),
      name: f.name,
      dataType: f.dataType,
      nullable: f.nullable,
      qualifier: [],
    }));
    // Columnar once, here: every scan then reads the vectors as they are.
    const batch = batchFromRows(
      struct.fields.map((f) => f.dataType),
      values,
    );
    return new DataFrame(
      this.state,
      this.state.analyze({
        kind: 'LogicalRelation',
        source: { kind: 'Memory', schema: struct, partitions: [[batch]] },
        output,
      }),
    );
  }

  stop(): void {
    if (active === this) active = null;
  }
}

function inferType(v: unknown): DataType | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return T.boolean;
  if (typeof v === 'bigint') return T.long;
  if (typeof v === 'number') return Number.isInteger(v) ? T.long : T.double;
  if (typeof v === 'string') return T.string;
  if (v instanceof Date) return T.timestamp;
  if (v instanceof Uint8Array) return T.binary;
  if (Array.isArray(v)) {
    const e = v.map(inferType).find((t) => t !== null) ?? T.null;
    return T.array(e);
  }
  throw new FlintError('CANNOT_INFER_TYPE', `[CANNOT_INFER_TYPE] Cannot infer the type of ${String(v)}.`, {});
}

function inferSchema(
  rows: readonly (readonly unknown[] | Readonly<Record<string, unknown>>)[],
  names: string[] | null,
): StructType {
  const first = rows[0];
  const keys = first && !Array.isArray(first) ? Object.keys(first) : null;
  const width = names?.length ?? keys?.length ?? (first as readonly unknown[] | undefined)?.length ?? 0;
  const fields = Array.from({ length: width }, (_, c) => {
    const name = names?.[c] ?? keys?.[c] ?? `_${c + 1}`;
    let t: DataType | null = null;
    for (const r of rows) {
      const v = Array.isArray(r) ? r[c] : (r as Record<string, unknown>)[name];
      const vt = inferType(v);
      if (vt && (!t || (t.kind === 'long' && vt.kind === 'double'))) t = vt;
    }
    return T.field(name, t ?? T.null, true);
  });
  return T.struct(fields);
}

/** A user value as the engine stores it (see @flint/common batch.ts). */
function toInternal(v: unknown, t: DataType): Value {
  if (v === null || v === undefined) return null;
  switch (t.kind) {
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz':
      if (v instanceof Date) return BigInt(v.getTime()) * 1000n;
      return typeof v === 'bigint' ? v : BigInt(Math.trunc(Number(v)));
    case 'byte':
    case 'short':
    case 'integer':
    case 'float':
    case 'double':
      return Number(v);
    case 'decimal': {
      if (typeof v === 'bigint') return v;
      const text = String(v);
      const [whole = '0', frac = ''] = text.replace(/^-/, '').split('.');
      const digits = BigInt(whole + frac.padEnd(t.scale, '0').slice(0, t.scale));
      return text.startsWith('-') ? -digits : digits;
    }
    case 'date':
      if (typeof v === 'number') return v;
      if (v instanceof Date) return daysFromCivil(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
      return parseDate(String(v));
    case 'string':
      return String(v);
    case 'boolean':
      return Boolean(v);
    case 'array':
      return (v as unknown[]).map((x) => toInternal(x, t.elementType));
    case 'struct':
      return Array.isArray(v)
        ? t.fields.map((f, i) => toInternal(v[i], f.dataType))
        : t.fields.map((f) => toInternal((v as Record<string, unknown>)[f.name], f.dataType));
    default:
      return v as Value;
  }
}
