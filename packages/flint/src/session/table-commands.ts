// Table statements over the warehouse (./warehouse.ts): CREATE TABLE [AS SELECT], INSERT, DROP,
// TRUNCATE, SHOW TABLES, DESCRIBE, databases and persistent views, and DataFrameWriter's saveAsTable
// and insertInto. Data is written through the session's write path (./write-files.ts).

import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { FlintError, T, type StructField, type StructType } from '@flint/common';
import { toLocalPath } from '@flint/io';
import {
  astExprToExpr,
  outputOf,
  qualifyName,
  tableNotFound,
  type Expr,
  type FileFormatName,
  type LogicalPlan,
  type NamedExpr,
} from '@flint/planner';
import type { Statement } from '@flint/sql';
import type { SessionCore } from './session-core.js';
import { nextExprId, schemaOf } from './session-core.js';
import type { WriteSpec } from './session-state.js';
import {
  checkTableSchema,
  clearFolder,
  createDatabase,
  databaseExists,
  defaultTableLocation,
  describeRows,
  folderInUse,
  listDatabases,
  listTableMetas,
  readTableMeta,
  removeDatabase,
  removeTableMeta,
  useWarehouse,
  warehouseDir,
  writeTableMeta,
  type TableMeta,
} from './warehouse.js';

type Stmt<K extends Statement['kind']> = Extract<Statement, { kind: K }>;

/** `spark_catalog`.`db`.`t` */
export function fullName(db: string, table: string): string {
  return ['spark_catalog', db, table].map((p) => '`' + p.replace(/`/g, '``') + '`').join('.');
}

export function tableAlreadyExists(db: string, table: string): FlintError {
  const quoted = fullName(db, table);
  return new FlintError(
    'TABLE_OR_VIEW_ALREADY_EXISTS',
    `[TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create table or view ${quoted} because it already exists.\nChoose a different name, drop or replace the existing object, or add the IF NOT EXISTS clause to tolerate pre-existing objects. SQLSTATE: 42P07`,
    { relationName: quoted },
    null,
    '42P07',
  );
}

function schemaNotFound(db: string): FlintError {
  return new FlintError(
    'SCHEMA_NOT_FOUND',
    `[SCHEMA_NOT_FOUND] The schema \`spark_catalog\`.\`${db}\` cannot be found. Verify the spelling and correctness of the schema and catalog.\nIf you did not qualify the name with a catalog, verify the current_schema() output, or qualify the name with the correct catalog.\nTo tolerate the error on drop use DROP SCHEMA IF EXISTS. SQLSTATE: 42704`,
    { schemaName: `\`spark_catalog\`.\`${db}\`` },
    null,
    '42704',
  );
}

function locationAlreadyExists(db: string, table: string, location: string): FlintError {
  const id = fullName(db, table);
  return new FlintError(
    'LOCATION_ALREADY_EXISTS',
    `[LOCATION_ALREADY_EXISTS] Cannot name the managed table as ${id}, as its associated location 'file:${location}' already exists. Please pick a different table name, or remove the existing location first. SQLSTATE: 42710`,
    { identifier: id, location: `'file:${location}'` },
    null,
    '42710',
  );
}

function arityMismatch(
  db: string,
  table: string,
  tableColumns: readonly string[],
  dataColumns: readonly string[],
): FlintError {
  const few = dataColumns.length < tableColumns.length;
  const sub = few ? 'NOT_ENOUGH_DATA_COLUMNS' : 'TOO_MANY_DATA_COLUMNS';
  const list = (names: readonly string[]) => names.map((n) => '`' + n.replace(/`/g, '``') + '`').join(', ');
  return new FlintError(
    `INSERT_COLUMN_ARITY_MISMATCH.${sub}`,
    `[INSERT_COLUMN_ARITY_MISMATCH.${sub}] Cannot write to ${fullName(db, table)}, the reason is ${few ? 'not enough' : 'too many'} data columns:\nTable columns: ${list(tableColumns)}.\nData columns: ${list(dataColumns)}. SQLSTATE: 21S01`,
    { tableName: fullName(db, table), tableColumns: list(tableColumns), dataColumns: list(dataColumns) },
    null,
    '21S01',
  );
}

function cannotFindData(db: string, table: string, column: string): FlintError {
  return new FlintError(
    'INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_FIND_DATA',
    `[INCOMPATIBLE_DATA_FOR_TABLE.CANNOT_FIND_DATA] Cannot write incompatible data for the table ${fullName(db, table)}: Cannot find data for the output column \`${column}\`. SQLSTATE: KD000`,
    { tableName: fullName(db, table), colName: `\`${column}\`` },
    null,
    'KD000',
  );
}

function formatOf(provider: string): FileFormatName {
  const f = provider.toLowerCase();
  if (f === 'csv' || f === 'json' || f === 'parquet' || f === 'text') return f;
  throw new FlintError(
    'DATA_SOURCE_NOT_FOUND',
    `[DATA_SOURCE_NOT_FOUND] Failed to find the data source: ${provider}. Make sure the provider name is correct and the package is properly registered and compatible with your Spark version. SQLSTATE: 42K02`,
    { provider },
    null,
    '42K02',
  );
}

function defaultFormat(session: SessionCore): FileFormatName {
  return formatOf(session.conf.get('spark.sql.sources.default', 'parquet'));
}

/** The warehouse of the session, with the session's catalog reading from it. */
function wh(session: SessionCore): string {
  useWarehouse(session);
  return warehouseDir(session.conf);
}

function ident(session: SessionCore, nameParts: readonly string[]): { database: string; table: string } {
  const id = qualifyName(session.catalog, nameParts);
  if (!databaseExists(wh(session), id.database)) throw schemaNotFound(id.database);
  return id;
}

function withoutPath(options: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(options)) if (k.toLowerCase() !== 'path') out[k] = v;
  return out;
}

function pathOption(options: Readonly<Record<string, string>>): string | undefined {
  for (const [k, v] of Object.entries(options)) if (k.toLowerCase() === 'path') return v;
  return undefined;
}

/** Partition columns moved to the end (Spark's table schema order), named as in the schema. */
function partitionLast(
  schema: StructType,
  partitionBy: readonly string[],
): { schema: StructType; partitionColumns: string[] } {
  const parts: StructField[] = [];
  for (const p of partitionBy) {
    const f = schema.fields.find((x) => x.name.toLowerCase() === p.toLowerCase());
    if (f === undefined) {
      throw new FlintError(
        'COLUMN_NOT_DEFINED_IN_TABLE',
        `[COLUMN_NOT_DEFINED_IN_TABLE] partition column \`${p}\` is not defined in table, defined table columns are: ${schema.fields.map((x) => `\`${x.name}\``).join(', ')}. SQLSTATE: 42703`,
        { colType: 'partition', colName: `\`${p}\`` },
        null,
        '42703',
      );
    }
    parts.push(f);
  }
  const data = schema.fields.filter((f) => !parts.includes(f));
  return { schema: T.struct([...data, ...parts]), partitionColumns: parts.map((f) => f.name) };
}

function asNullable(schema: StructType): StructType {
  return T.struct(schema.fields.map((f) => ({ ...f, nullable: true })));
}

/** Casts a query's columns by position to `fields`, as INSERT does (ANSI store assignment). */
export function alignToTable(
  session: SessionCore,
  query: LogicalPlan,
  fields: readonly StructField[],
  db: string,
  table: string,
): LogicalPlan {
  const out = outputOf(query);
  if (out.length !== fields.length)
    throw arityMismatch(
      db,
      table,
      fields.map((f) => f.name),
      out.map((a) => a.name),
    );
  const list: NamedExpr[] = out.map((a, i) => {
    const f = fields[i]!;
    const cast: Expr = {
      kind: 'Cast',
      child: a,
      dataType: f.dataType,
      evalMode: session.ansi ? 'ANSI' : 'LEGACY',
      userSpecified: false,
    };
    // The written column is as nullable as the table's (a cast may still give NULL where its type says not).
    const child: Expr = f.nullable
      ? {
          kind: 'CaseWhen',
          branches: [{ condition: { kind: 'Literal', value: true, dataType: T.boolean }, value: cast }],
          elseValue: null,
          dataType: f.dataType,
        }
      : cast;
    return { kind: 'Alias', child, name: f.name, id: nextExprId() };
  });
  return session.analyze({ kind: 'Project', projectList: list, child: query });
}

/** The query's columns reordered to `fields` by `names` (the query's i-th column is names[i]). */
function reorderByNames(
  session: SessionCore,
  query: LogicalPlan,
  fields: readonly StructField[],
  names: readonly string[],
  missingIsNull: boolean,
  db: string,
  table: string,
): LogicalPlan {
  const out = outputOf(query);
  if (out.length !== names.length)
    throw arityMismatch(
      db,
      table,
      names,
      out.map((a) => a.name),
    );
  const list: NamedExpr[] = fields.map((f) => {
    const i = names.findIndex((c) => c.toLowerCase() === f.name.toLowerCase());
    if (i >= 0) return out[i]!;
    if (!missingIsNull) throw cannotFindData(db, table, f.name);
    return {
      kind: 'Alias',
      child: { kind: 'Literal', value: null, dataType: f.dataType },
      name: f.name,
      id: nextExprId(),
    };
  });
  return session.analyze({ kind: 'Project', projectList: list, child: query });
}

/** Writes rows already in the table's column order into its folder. */
async function writeToTable(
  session: SessionCore,
  meta: TableMeta,
  plan: LogicalPlan,
  mode: WriteSpec['mode'],
  extraOptions: Readonly<Record<string, string>> = {},
): Promise<void> {
  try {
    await session.writeFiles(plan, {
      format: meta.provider ?? 'parquet',
      path: meta.location!,
      mode,
      options: { ...meta.options, ...extraOptions },
      partitionBy: meta.partitionColumns,
    });
  } catch (err) {
    if (err instanceof FlintError && err.errorClass === 'UNSUPPORTED_OVERWRITE.PATH') {
      const id = fullName(meta.database, meta.name.toLowerCase());
      throw new FlintError(
        'UNSUPPORTED_OVERWRITE.TABLE',
        `[UNSUPPORTED_OVERWRITE.TABLE] Can't overwrite the target that is also being read from. The target table is ${id}. SQLSTATE: 42902`,
        { table: id },
        null,
        '42902',
      );
    }
    throw err;
  }
}

function newMeta(
  fields: Omit<TableMeta, 'version' | 'createdTime' | 'comment' | 'properties'> &
    Partial<Pick<TableMeta, 'comment' | 'properties'>>,
): TableMeta {
  return { version: 1, createdTime: Date.now(), comment: null, properties: {}, ...fields };
}

/** Drops a table's metadata, and its data when managed. */
function dropMeta(warehouse: string, meta: TableMeta): void {
  removeTableMeta(warehouse, meta.database, meta.name);
  if (meta.type === 'MANAGED' && meta.location) fs.rmSync(meta.location, { recursive: true, force: true });
}

// ------------------------------------------------------------------------------------ statements

export async function createTable(
  session: SessionCore,
  stmt: Stmt<'CreateTable'>,
  query: (() => Promise<LogicalPlan>) | null,
): Promise<void> {
  const warehouse = wh(session);
  const { database, table } = ident(session, stmt.name);
  const name = stmt.name[stmt.name.length - 1]!;
  const existing = readTableMeta(warehouse, database, table);
  if (existing && !stmt.replace) {
    if (stmt.ifNotExists) return;
    throw tableAlreadyExists(database, table);
  }
  const format = stmt.provider !== undefined ? formatOf(stmt.provider) : defaultFormat(session);
  const given = stmt.location ?? pathOption(stmt.options);
  const external = given !== undefined || stmt.external;
  const location =
    given !== undefined
      ? nodePath.resolve(toLocalPath(given))
      : defaultTableLocation(warehouse, database, table);
  const options = withoutPath(stmt.options);
  const base = {
    name,
    database,
    type: external ? ('EXTERNAL' as const) : ('MANAGED' as const),
    provider: format,
    options,
    location,
    comment: stmt.comment ?? null,
    properties: { ...(stmt.properties ?? {}) },
  };
  const replacingSameFolder = existing !== undefined && existing.location === location;
  if (!external && !replacingSameFolder && folderInUse(location))
    throw locationAlreadyExists(database, table, location);

  if (query) {
    const plan = await query();
    const { schema, partitionColumns } = partitionLast(asNullable(schemaOf(plan)), stmt.partitionBy ?? []);
    checkTableSchema(format, schema);
    const meta = newMeta({ ...base, schema, partitionColumns });
    if (existing && !replacingSameFolder) dropMeta(warehouse, existing);
    // Managed: the folder is new or replaced; external: the data is added to the folder.
    await writeToTable(session, meta, plan, external && !existing ? 'append' : 'overwrite');
    writeTableMeta(warehouse, meta);
    return;
  }

  let schema: StructType;
  let partitionColumns: string[];
  if (stmt.columns && stmt.columns.length > 0) {
    const declared = T.struct(
      stmt.columns.map((c) => ({
        name: c.name,
        dataType: c.dataType,
        nullable: c.nullable,
        ...(c.comment !== undefined ? { metadata: { comment: c.comment } } : {}),
      })),
    );
    ({ schema, partitionColumns } = partitionLast(declared, stmt.partitionBy ?? []));
  } else if (external) {
    // The schema and the partitions of the files already there.
    const rel = await session.fileRelation(format, [location], options, null);
    schema = schemaOf(rel);
    const src = rel.kind === 'LogicalRelation' && rel.source.kind === 'Files' ? rel.source : null;
    partitionColumns = src ? src.partitionSchema.fields.map((f) => f.name) : [];
  } else {
    throw new FlintError(
      'UNABLE_TO_INFER_SCHEMA',
      `[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for ${format === 'parquet' ? 'Parquet' : format.toUpperCase()}. It must be specified manually. SQLSTATE: 42KD9`,
      { format },
      null,
      '42KD9',
    );
  }
  checkTableSchema(format, schema);
  if (existing) dropMeta(warehouse, existing);
  if (!external) fs.mkdirSync(location, { recursive: true });
  writeTableMeta(warehouse, newMeta({ ...base, schema, partitionColumns }));
}

export async function createPersistentView(
  session: SessionCore,
  stmt: Stmt<'CreateView'>,
  analyzed: LogicalPlan,
): Promise<void> {
  const warehouse = wh(session);
  const { database, table } = ident(session, stmt.name);
  const existing = readTableMeta(warehouse, database, table);
  if (existing && !stmt.replace) {
    if (stmt.ifNotExists) return;
    throw tableAlreadyExists(database, table);
  }
  if (existing && existing.type !== 'VIEW') {
    throw new FlintError(
      'EXPECT_VIEW_NOT_TABLE.NO_ALTERNATIVE',
      `[EXPECT_VIEW_NOT_TABLE.NO_ALTERNATIVE] The table ${fullName(database, table)} does not support CREATE OR REPLACE VIEW. SQLSTATE: 42809`,
      { tableName: fullName(database, table), operation: 'CREATE OR REPLACE VIEW' },
      null,
      '42809',
    );
  }
  writeTableMeta(
    warehouse,
    newMeta({
      name: stmt.name[stmt.name.length - 1]!,
      database,
      type: 'VIEW',
      provider: null,
      schema: schemaOf(analyzed),
      partitionColumns: [],
      options: {},
      location: null,
      viewText: stmt.queryText,
      ...(stmt.columns ? { viewColumns: stmt.columns.map((c) => c.name) } : {}),
    }),
  );
}

function requireTable(session: SessionCore, nameParts: readonly string[]): TableMeta {
  const warehouse = wh(session);
  const { database, table } = ident(session, nameParts);
  const meta = readTableMeta(warehouse, database, table);
  if (meta === undefined) {
    if (nameParts.length === 1 && session.catalog.tempViews.has(table)) {
      throw new FlintError(
        'UNSUPPORTED_INSERT.NOT_ALLOWED',
        `[UNSUPPORTED_INSERT.NOT_ALLOWED] Can't insert into the target. The target ${nameParts[0]!} is not allowed. SQLSTATE: 42809`,
        { relationId: nameParts[0]! },
        null,
        '42809',
      );
    }
    throw tableNotFound(nameParts);
  }
  if (meta.type === 'VIEW') {
    throw new FlintError(
      'EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE',
      `[EXPECT_TABLE_NOT_VIEW.NO_ALTERNATIVE] 'INSERT' expects a table. ${fullName(meta.database, meta.name)} is a view. SQLSTATE: 42809`,
      { viewName: fullName(meta.database, meta.name), operation: 'INSERT' },
      null,
      '42809',
    );
  }
  return meta;
}

export async function insertInto(
  session: SessionCore,
  stmt: Stmt<'InsertInto'>,
  analyzedQuery: LogicalPlan,
): Promise<void> {
  const meta = requireTable(session, stmt.table);
  const tableLower = meta.name.toLowerCase();
  // PARTITION (p = 1): a static value; PARTITION (p): a dynamic column at the end of the query.
  const staticValues = new Map<string, NonNullable<Stmt<'InsertInto'>['partition']>[number]['value']>();
  for (const p of stmt.partition ?? [])
    if (p.value !== undefined) staticValues.set(p.name.toLowerCase(), p.value);
  const target = meta.schema.fields.filter((f) => !staticValues.has(f.name.toLowerCase()));
  let query = analyzedQuery;
  const names = stmt.byName ? outputOf(query).map((a) => a.name) : stmt.columns;
  if (names) query = reorderByNames(session, query, target, names, !stmt.byName, meta.database, tableLower);
  let plan = alignToTable(session, query, target, meta.database, tableLower);
  if (staticValues.size > 0) {
    const out = outputOf(plan);
    const list: NamedExpr[] = meta.schema.fields.map((f) => {
      const v = staticValues.get(f.name.toLowerCase());
      if (v === undefined) return out.find((a) => a.name === f.name)!;
      return {
        kind: 'Alias',
        child: {
          kind: 'Cast',
          child: astExprToExpr(v),
          dataType: f.dataType,
          evalMode: session.ansi ? 'ANSI' : 'LEGACY',
          userSpecified: false,
        },
        name: f.name,
        id: nextExprId(),
      };
    });
    plan = session.analyze({ kind: 'Project', projectList: list, child: plan });
  }
  // Overwriting one static partition replaces only the folders written.
  const dynamic = stmt.overwrite && staticValues.size > 0 ? { partitionOverwriteMode: 'dynamic' } : {};
  await writeToTable(session, meta, plan, stmt.overwrite ? 'overwrite' : 'append', dynamic);
}

export function dropTable(session: SessionCore, stmt: Stmt<'DropTable'>): void {
  const parts = stmt.name;
  if (parts.length === 1 && session.catalog.tempViews.delete(parts[0]!.toLowerCase())) return;
  const warehouse = wh(session);
  const { database, table } = qualifyName(session.catalog, parts);
  const meta = databaseExists(warehouse, database) ? readTableMeta(warehouse, database, table) : undefined;
  if (meta === undefined) {
    if (stmt.ifExists) return;
    throw tableNotFound(parts);
  }
  dropMeta(warehouse, meta);
  session.catalog.tables.delete(`${database}.${table}`);
}

export function truncateTable(session: SessionCore, stmt: Stmt<'TruncateTable'>): void {
  const meta = requireTable(session, stmt.name);
  if (meta.location) clearFolder(meta.location);
}

/** Spark's SHOW TABLES / SHOW DATABASES pattern: `*` any characters, `|` alternatives, no case. */
export function matchesPattern(name: string, pattern: string | undefined): boolean {
  if (pattern === undefined) return true;
  return pattern
    .trim()
    .split('|')
    .some((sub) => {
      try {
        return new RegExp('^' + sub.trim().replace(/\*/g, '.*') + '$', 'is').test(name);
      } catch {
        return false;
      }
    });
}

export function showTables(session: SessionCore, stmt: Stmt<'ShowTables'>): [string, string, boolean][] {
  const warehouse = wh(session);
  const db = (stmt.database ?? session.catalog.currentDatabase).toLowerCase();
  if (!databaseExists(warehouse, db)) throw schemaNotFound(db);
  const persistent = listTableMetas(warehouse, db)
    .map((m) => m.name.toLowerCase())
    .filter((n) => matchesPattern(n, stmt.pattern))
    .sort();
  const temp = [...session.catalog.tempViews.values()]
    .map((v) => v.name.toLowerCase())
    .filter((n) => matchesPattern(n, stmt.pattern))
    .sort();
  return [
    ...persistent.map((n): [string, string, boolean] => [db, n, false]),
    ...temp.map((n): [string, string, boolean] => ['', n, true]),
  ];
}

export function showDatabases(session: SessionCore, pattern: string | undefined): string[] {
  return listDatabases(wh(session)).filter((d) => matchesPattern(d, pattern));
}

/** DESCRIBE rows for a persistent table or view; null for a temporary view (the caller shows columns). */
export function describeTable(session: SessionCore, stmt: Stmt<'DescribeTable'>): (string | null)[][] | null {
  if (stmt.table.length === 1 && session.catalog.tempViews.has(stmt.table[0]!.toLowerCase())) return null;
  const warehouse = wh(session);
  const { database, table } = ident(session, stmt.table);
  const meta = readTableMeta(warehouse, database, table);
  if (meta === undefined) throw tableNotFound(stmt.table);
  return describeRows(meta, stmt.extended);
}

export function createDatabaseStmt(session: SessionCore, stmt: Stmt<'CreateDatabase'>): void {
  const warehouse = wh(session);
  const db = stmt.name.toLowerCase();
  if (databaseExists(warehouse, db)) {
    if (stmt.ifNotExists) return;
    throw new FlintError(
      'SCHEMA_ALREADY_EXISTS',
      `[SCHEMA_ALREADY_EXISTS] Cannot create schema \`${db}\` because it already exists.\nChoose a different name, drop the existing schema, or add the IF NOT EXISTS clause to tolerate pre-existing schema. SQLSTATE: 42P06`,
      { schemaName: `\`${db}\`` },
      null,
      '42P06',
    );
  }
  createDatabase(warehouse, db);
}

export function dropDatabaseStmt(session: SessionCore, stmt: Stmt<'DropDatabase'>): void {
  const warehouse = wh(session);
  const db = stmt.name.toLowerCase();
  if (db === 'default') {
    throw new FlintError(
      'UNSUPPORTED_FEATURE.DROP_DATABASE',
      '[UNSUPPORTED_FEATURE.DROP_DATABASE] The feature is not supported: Drop the default database `spark_catalog`.`default`. SQLSTATE: 0A000',
      { database: '`spark_catalog`.`default`' },
      null,
      '0A000',
    );
  }
  if (!databaseExists(warehouse, db)) {
    if (stmt.ifExists) return;
    throw schemaNotFound(db);
  }
  const tables = listTableMetas(warehouse, db);
  if (tables.length > 0 && !stmt.cascade) {
    throw new FlintError(
      'SCHEMA_NOT_EMPTY',
      `[SCHEMA_NOT_EMPTY] Cannot drop a schema \`${db}\` because it contains objects.\nUse DROP SCHEMA ... CASCADE to drop the schema and all its objects. SQLSTATE: 2BP01`,
      { schemaName: `\`${db}\`` },
      null,
      '2BP01',
    );
  }
  for (const t of tables) dropMeta(warehouse, t);
  removeDatabase(warehouse, db);
  if (session.catalog.currentDatabase.toLowerCase() === db) session.catalog.currentDatabase = 'default';
}

export function useDatabase(session: SessionCore, name: string): void {
  const db = name.toLowerCase();
  if (!databaseExists(wh(session), db)) throw schemaNotFound(db);
  session.catalog.currentDatabase = db;
}

// ------------------------------------------------------------------------------ DataFrameWriter

export interface SaveAsTableSpec {
  /** null: the existing table's format, else spark.sql.sources.default. */
  readonly format: string | null;
  readonly mode: WriteSpec['mode'];
  readonly options: Readonly<Record<string, string>>;
  readonly partitionBy: readonly string[];
}

/** df.write.saveAsTable(name): create (or per mode append to / overwrite / ignore) a catalog table. */
export async function saveAsTable(
  session: SessionCore,
  plan: LogicalPlan,
  name: string,
  spec: SaveAsTableSpec,
): Promise<void> {
  const warehouse = wh(session);
  const nameParts = session.parseTableName(name);
  const { database, table } = ident(session, nameParts);
  const existing = readTableMeta(warehouse, database, table);
  if (existing) {
    if (spec.mode === 'ignore') return;
    if (spec.mode === 'errorifexists' || existing.type === 'VIEW') throw tableAlreadyExists(database, table);
    if (spec.mode === 'append') {
      const byName = reorderByNames(
        session,
        plan,
        existing.schema.fields,
        outputOf(plan).map((a) => a.name),
        false,
        database,
        table,
      );
      await writeToTable(
        session,
        existing,
        alignToTable(session, byName, existing.schema.fields, database, table),
        'append',
      );
      return;
    }
  }
  const format = spec.format !== null ? formatOf(spec.format) : defaultFormat(session);
  const given = pathOption(spec.options);
  const location =
    given !== undefined
      ? nodePath.resolve(toLocalPath(given))
      : defaultTableLocation(warehouse, database, table);
  const external = given !== undefined;
  if (!existing && !external && folderInUse(location)) throw locationAlreadyExists(database, table, location);
  const { schema, partitionColumns } = partitionLast(asNullable(schemaOf(plan)), spec.partitionBy);
  checkTableSchema(format, schema);
  const meta = newMeta({
    name: nameParts[nameParts.length - 1]!,
    database,
    type: external ? 'EXTERNAL' : 'MANAGED',
    provider: format,
    schema,
    partitionColumns,
    options: withoutPath(spec.options),
    location,
  });
  // The data in the table's column order (partition columns last).
  const out = outputOf(plan);
  const ordered = session.analyze({
    kind: 'Project',
    projectList: schema.fields.map((f) => out.find((a) => a.name === f.name)!),
    child: plan,
  });
  if (existing && existing.location !== location) dropMeta(warehouse, existing);
  await writeToTable(session, meta, ordered, existing || !external ? 'overwrite' : spec.mode);
  writeTableMeta(warehouse, meta);
}

/** df.write.insertInto(name, overwrite): by position, the table must exist. */
export async function insertIntoTable(
  session: SessionCore,
  plan: LogicalPlan,
  name: string,
  overwrite: boolean,
): Promise<void> {
  const meta = requireTable(session, session.parseTableName(name));
  const aligned = alignToTable(session, plan, meta.schema.fields, meta.database, meta.name.toLowerCase());
  await writeToTable(session, meta, aligned, overwrite ? 'overwrite' : 'append');
}
