// The warehouse folder (spark.sql.warehouse.dir): managed tables keep their data at <wh>/<table>
// (<wh>/<db>.db/<table> outside `default`), and every table and view keeps its metadata as JSON at
// <wh>/_flint_catalog/<db>/<table>.json (a hidden name, so readers skip it). Disk is the truth: each
// lookup re-reads the metadata and re-lists the files, so a table made by another process is seen.

import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { randomUUID } from 'node:crypto';
import { FlintError, T, simpleString, type FileStatus, type StructType, type Value } from '@flint/common';
import { inferPartitioning, isHiddenName, toLocalPath } from '@flint/io';
import {
  queryToPlan,
  type Catalog,
  type CatalogEntry,
  type ExternalCatalog,
  type FileFormatName,
  type LogicalPlan,
} from '@flint/planner';
import { parseStatement } from '@flint/sql';
import { filesRelation, type FileRelationContext } from './file-relation.js';

export type TableType = 'MANAGED' | 'EXTERNAL' | 'VIEW';

/** What the catalog keeps of a table or view. */
export interface TableMeta {
  readonly version: 1;
  /** The name as created (case kept). */
  readonly name: string;
  readonly database: string;
  readonly type: TableType;
  /** The file format; null for a view. */
  readonly provider: FileFormatName | null;
  /** Data columns, then partition columns. A column comment is in field metadata `comment`. */
  readonly schema: StructType;
  readonly partitionColumns: readonly string[];
  /** Data source options (CSV header, ...), without `path`. */
  readonly options: Readonly<Record<string, string>>;
  /** Absolute local path of the data; null for a view. */
  readonly location: string | null;
  readonly comment: string | null;
  readonly properties: Readonly<Record<string, string>>;
  /** Milliseconds since the epoch. */
  readonly createdTime: number;
  /** A view's query text, parsed again on each use. */
  readonly viewText?: string;
  readonly viewColumns?: readonly string[];
}

export const CATALOG_FOLDER = '_flint_catalog';

/** The absolute local path of the warehouse of a session's configuration. */
export function warehouseDir(conf: { get(key: string, dflt: string): string }): string {
  return nodePath.resolve(
    toLocalPath(conf.get('spark.sql.warehouse.dir', `${process.cwd()}/spark-warehouse`)),
  );
}

function catalogDbDir(wh: string, db: string): string {
  return nodePath.join(wh, CATALOG_FOLDER, db.toLowerCase());
}

function metaPath(wh: string, db: string, table: string): string {
  return nodePath.join(catalogDbDir(wh, db), `${table.toLowerCase()}.json`);
}

/** Where a managed table's data goes (Spark lower-cases the folder name). */
export function defaultTableLocation(wh: string, db: string, table: string): string {
  return nodePath.join(databaseLocation(wh, db), table.toLowerCase());
}

export function databaseLocation(wh: string, db: string): string {
  return db.toLowerCase() === 'default' ? wh : nodePath.join(wh, `${db.toLowerCase()}.db`);
}

export function databaseExists(wh: string, db: string): boolean {
  return db.toLowerCase() === 'default' || fs.existsSync(catalogDbDir(wh, db));
}

export function listDatabases(wh: string): string[] {
  let names: string[] = [];
  try {
    names = fs.readdirSync(nodePath.join(wh, CATALOG_FOLDER));
  } catch {
    // no catalog folder yet
  }
  const dbs = new Set(['default', ...names.filter((n) => !n.startsWith('.'))]);
  return [...dbs].sort();
}

export function createDatabase(wh: string, db: string): void {
  fs.mkdirSync(catalogDbDir(wh, db), { recursive: true });
  fs.mkdirSync(databaseLocation(wh, db), { recursive: true });
}

/** Removes a database's catalog folder and its (managed tables') folder. */
export function removeDatabase(wh: string, db: string): void {
  fs.rmSync(catalogDbDir(wh, db), { recursive: true, force: true });
  if (db.toLowerCase() !== 'default') fs.rmSync(databaseLocation(wh, db), { recursive: true, force: true });
}

function readJson(path: string): TableMeta | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  return JSON.parse(text) as TableMeta;
}

export function readTableMeta(wh: string, db: string, table: string): TableMeta | undefined {
  return readJson(metaPath(wh, db, table));
}

/** Writes a table's metadata atomically: a temporary file renamed over the old one. */
export function writeTableMeta(wh: string, meta: TableMeta): void {
  const dir = catalogDbDir(wh, meta.database);
  fs.mkdirSync(dir, { recursive: true });
  const target = metaPath(wh, meta.database, meta.name);
  const tmp = nodePath.join(dir, `.${meta.name.toLowerCase()}.${randomUUID()}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(meta));
  fs.renameSync(tmp, target);
}

export function removeTableMeta(wh: string, db: string, table: string): void {
  fs.rmSync(metaPath(wh, db, table), { force: true });
}

export function listTableMetas(wh: string, db: string): TableMeta[] {
  let names: string[];
  try {
    names = fs.readdirSync(catalogDbDir(wh, db));
  } catch {
    return [];
  }
  const out: TableMeta[] = [];
  for (const n of names.sort()) {
    if (n.startsWith('.') || !n.endsWith('.json')) continue;
    const m = readJson(nodePath.join(catalogDbDir(wh, db), n));
    if (m) out.push(m);
  }
  return out;
}

/** Deletes the data files of a table folder, keeping the folder (TRUNCATE TABLE). */
export function clearFolder(dir: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) fs.rmSync(nodePath.join(dir, n), { recursive: true, force: true });
}

/** A folder that exists and holds something (a managed table may not be created over it). */
export function folderInUse(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length > 0;
  } catch {
    return false;
  }
}

function listLeafFilesSync(dir: string, out: FileStatus[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (isHiddenName(e.name)) continue;
    const p = nodePath.join(dir, e.name);
    if (e.isDirectory()) listLeafFilesSync(p, out);
    else if (e.isFile()) {
      const st = fs.statSync(p, { throwIfNoEntry: false });
      if (st) out.push({ path: p, size: Number(st.size), modificationTime: Number(st.mtimeMs) });
    }
  }
}

function partitionSchemaOf(meta: TableMeta): StructType {
  return T.struct(
    meta.partitionColumns.map(
      (p) => meta.schema.fields.find((f) => f.name.toLowerCase() === p.toLowerCase()) ?? T.field(p, T.string),
    ),
  );
}

/** A LogicalRelation over a table's files, listed now (synchronously: the analyzer looks tables up). */
export function tableRelation(
  ctx: FileRelationContext,
  meta: TableMeta,
  files: readonly FileStatus[],
): LogicalPlan {
  const location = meta.location!;
  const partitionSchema = partitionSchemaOf(meta);
  const partNames = new Set(meta.partitionColumns.map((c) => c.toLowerCase()));
  const dataSchema = T.struct(meta.schema.fields.filter((f) => !partNames.has(f.name.toLowerCase())));
  let partitions: { values: readonly Value[]; files: readonly FileStatus[] }[];
  if (partitionSchema.fields.length === 0) {
    partitions = [{ values: [], files: files.filter((f) => f.size > 0) }];
  } else {
    const spec = inferPartitioning([location], files, {
      typeInference: false,
      timeZone: ctx.timeZone,
      userPartitionSchema: partitionSchema,
    });
    // Discovered columns in the table's order (a folder may name them in another order).
    const at = partitionSchema.fields.map((f) =>
      spec.partitionSchema.fields.findIndex((d) => d.name.toLowerCase() === f.name.toLowerCase()),
    );
    partitions = spec.partitions
      .map((p) => ({
        values: at.map((i) => (i < 0 ? null : (p.values[i] ?? null))),
        files: p.files.filter((f) => f.size > 0),
      }))
      .filter((p) => p.files.length > 0);
  }
  return filesRelation(
    ctx,
    {
      format: meta.provider!,
      paths: [location],
      options: meta.options,
      dataSchema,
      partitionSchema,
      partitions,
    },
    meta.name,
  );
}

/** A view's query, parsed from its text (unresolved, so it sees the tables as they are at each use). */
export function viewPlan(meta: TableMeta): LogicalPlan {
  const stmt = parseStatement(meta.viewText ?? '');
  if (stmt.kind !== 'QueryStatement')
    throw new FlintError('INTERNAL_ERROR', `The view ${meta.name} does not hold a query.`, {});
  const plan = queryToPlan(stmt.query);
  return meta.viewColumns
    ? { kind: 'UnresolvedColumnAliases', names: [...meta.viewColumns], child: plan }
    : plan;
}

/** Per cached entry: what it was built from, to reuse it while nothing changed on disk. */
const stamps = new WeakMap<CatalogEntry, string>();

/**
 * The catalog hook over a warehouse: `catalog.tables` caches entries by `db.table`, and an entry is
 * reused (the same plan object, so CACHE TABLE keeps working) while its metadata and files are unchanged.
 */
export function warehouseCatalog(
  catalog: Catalog,
  conf: { get(key: string, dflt: string): string },
  ctx: () => FileRelationContext,
): ExternalCatalog {
  return {
    lookup(database, table) {
      const wh = warehouseDir(conf);
      const key = `${database}.${table}`;
      const path = metaPath(wh, database, table);
      const st = fs.statSync(path, { throwIfNoEntry: false });
      if (!st) {
        catalog.tables.delete(key);
        return undefined;
      }
      const meta = readJson(path);
      if (!meta) return undefined;
      const files: FileStatus[] = [];
      if (meta.type !== 'VIEW' && meta.location) listLeafFilesSync(meta.location, files);
      const stamp = [
        path,
        st.mtimeMs,
        st.size,
        ...files.map((f) => `${f.path}:${f.size}:${f.modificationTime}`),
      ].join('|');
      const cached = catalog.tables.get(key);
      if (cached && stamps.get(cached) === stamp) return cached;
      const entry: CatalogEntry =
        meta.type === 'VIEW'
          ? { name: meta.name, kind: 'VIEW', plan: viewPlan(meta), database: meta.database }
          : {
              name: meta.name,
              kind: 'TABLE',
              plan: tableRelation(ctx(), meta, files),
              provider: meta.provider ?? 'parquet',
              database: meta.database,
            };
      stamps.set(entry, stamp);
      catalog.tables.set(key, entry);
      return entry;
    },
  };
}

/** Installs the warehouse hook on a session's catalog (once). */
export function useWarehouse(session: {
  readonly catalog: Catalog;
  readonly conf: { get(key: string, dflt: string): string };
  fileRelationContext(): FileRelationContext;
}): void {
  session.catalog.external ??= warehouseCatalog(session.catalog, session.conf, () =>
    session.fileRelationContext(),
  );
}

/** Spark's name of a format in messages ("Parquet", "CSV", ...). */
function formatTitle(format: FileFormatName): string {
  return format === 'parquet' ? 'Parquet' : format === 'text' ? 'Text' : format.toUpperCase();
}

/** Types a file table cannot hold: VOID (a CTAS of NULL) and the legacy INTERVAL. */
export function checkTableSchema(format: FileFormatName, schema: StructType): void {
  for (const f of schema.fields) {
    const k = f.dataType.kind;
    if (k === 'null' || k === 'calendar_interval') {
      const typeName = k === 'null' ? 'VOID' : 'INTERVAL';
      throw new FlintError(
        'UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE',
        `[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The ${formatTitle(format)} datasource doesn't support the column \`${f.name}\` of the type "${typeName}". SQLSTATE: 0A000`,
        { columnName: `\`${f.name}\``, columnType: `"${typeName}"`, format: formatTitle(format) },
        null,
        '0A000',
      );
    }
  }
}

/** Java's Date.toString in UTC: `Tue Jan 02 03:04:05 UTC 2024`. */
export function javaDateString(ms: number): string {
  const d = new Date(ms);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** DESCRIBE [EXTENDED] rows of a table or view: columns, partition block, then detailed information. */
export function describeRows(meta: TableMeta, extended: boolean): (string | null)[][] {
  const rows: (string | null)[][] = [];
  const comment = (f: StructType['fields'][number]): string | null => {
    const c = f.metadata?.['comment'];
    return typeof c === 'string' ? c : null;
  };
  for (const f of meta.schema.fields) rows.push([f.name, simpleString(f.dataType), comment(f)]);
  const partitionSchema = partitionSchemaOf(meta);
  if (partitionSchema.fields.length > 0) {
    rows.push(['# Partition Information', '', '']);
    rows.push(['# col_name', 'data_type', 'comment']);
    for (const f of partitionSchema.fields) rows.push([f.name, simpleString(f.dataType), comment(f)]);
  }
  if (!extended) return rows;
  rows.push(['', '', '']);
  rows.push(['# Detailed Table Information', '', '']);
  const info: [string, string][] = [
    ['Catalog', 'spark_catalog'],
    ['Database', meta.database],
    ['Table', meta.name.toLowerCase()],
    ['Created Time', javaDateString(meta.createdTime)],
    ['Last Access', 'UNKNOWN'],
    ['Created By', 'Spark 4.0.0'],
    ['Type', meta.type],
  ];
  if (meta.provider) info.push(['Provider', meta.provider]);
  if (meta.comment !== null) info.push(['Comment', meta.comment]);
  if (meta.type === 'VIEW') {
    info.push(['View Text', meta.viewText ?? '']);
    info.push(['View Original Text', meta.viewText ?? '']);
  }
  const props = Object.entries(meta.properties).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (props.length > 0) info.push(['Table Properties', `[${props.map(([k, v]) => `${k}=${v}`).join(', ')}]`]);
  if (meta.location) info.push(['Location', `file:${meta.location}`]);
  const storage = Object.entries(meta.options).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (storage.length > 0)
    info.push(['Storage Properties', `[${storage.map(([k, v]) => `${k}=${v}`).join(', ')}]`]);
  if (meta.partitionColumns.length > 0) info.push(['Partition Provider', 'Catalog']);
  for (const [k, v] of info) rows.push([k, v, '']);
  return rows;
}
