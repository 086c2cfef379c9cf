// SQL statements: queries are analyzed and returned unexecuted; commands (views, tables, SET,
// EXPLAIN, SHOW, DESCRIBE, CACHE) run now and return their result rows as a local relation.

import {
  FlintError,
  T,
  simpleString,
  type Batch,
  type DataType,
  type StructType,
  type Value,
} from '@flint/common';
import {
  astExprToExpr,
  catalogKey,
  lookupRelation,
  outputOf,
  queryToPlan,
  tableNotFound,
  type AttributeRef,
  type LogicalPlan,
  type NamedExpr,
} from '@flint/planner';
import { parseStatement, type Statement } from '@flint/sql';
import type { SessionCore } from './session-core.js';
import { nextExprId, schemaOf } from './session-core.js';

function attr(name: string, dataType: DataType = T.string, nullable = false): AttributeRef {
  return { kind: 'AttributeReference', id: nextExprId(), name, dataType, nullable, qualifier: [] };
}

function rowsResult(columns: readonly AttributeRef[], rows: readonly (readonly Value[])[]): LogicalPlan {
  return { kind: 'LocalRelation', output: columns, rows };
}

const EMPTY: LogicalPlan = { kind: 'LocalRelation', output: [], rows: [] };

function tableAlreadyExists(name: readonly string[]): FlintError {
  const quoted = ['spark_catalog', 'default', ...name.slice(-1)].map((p) => `\`${p}\``).join('.');
  return new FlintError(
    'TABLE_OR_VIEW_ALREADY_EXISTS',
    `[TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create table or view ${quoted} because it already exists. SQLSTATE: 42P07`,
    { relationName: quoted },
    null,
    '42P07',
  );
}

function memoryTable(name: string, schema: StructType, batches: readonly Batch[]): LogicalPlan {
  const output = schema.fields.map((f) => attr(f.name, f.dataType, true));
  return { kind: 'LogicalRelation', source: { kind: 'Memory', schema, batches }, output, tableName: name };
}

/** Casts a query's columns by position to a table's schema, as INSERT does (ANSI store assignment). */
function alignToTable(
  session: SessionCore,
  query: LogicalPlan,
  schema: StructType,
  tableName: string,
): LogicalPlan {
  const out = outputOf(query);
  if (out.length !== schema.fields.length) {
    throw new FlintError(
      'INSERT_COLUMN_ARITY_MISMATCH.NOT_ENOUGH_DATA_COLUMNS',
      `[INSERT_COLUMN_ARITY_MISMATCH.${out.length < schema.fields.length ? 'NOT_ENOUGH_DATA_COLUMNS' : 'TOO_MANY_DATA_COLUMNS'}] Cannot write to \`spark_catalog\`.\`default\`.\`${tableName}\`: the number of data columns does not match. Table columns: ${schema.fields.length}, data columns: ${out.length}. SQLSTATE: 21S01`,
      { tableName, tableColumns: String(schema.fields.length), dataColumns: String(out.length) },
      null,
      '21S01',
    );
  }
  const list: NamedExpr[] = out.map((a, i) => {
    const f = schema.fields[i]!;
    return {
      kind: 'Alias',
      child: {
        kind: 'Cast',
        child: a,
        dataType: f.dataType,
        evalMode: session.ansi ? 'ANSI' : 'LEGACY',
        userSpecified: false,
      },
      name: f.name,
      id: nextExprId(),
    };
  });
  return session.analyze({ kind: 'Project', projectList: list, child: query });
}

export async function runStatement(session: SessionCore, text: string): Promise<LogicalPlan> {
  const stmt = parseStatement(text);
  return runParsed(session, stmt);
}

async function runParsed(session: SessionCore, stmt: Statement): Promise<LogicalPlan> {
  switch (stmt.kind) {
    case 'QueryStatement':
      return session.analyze(queryToPlan(stmt.query));
    case 'CreateView': {
      const name = stmt.name[stmt.name.length - 1]!;
      let plan = queryToPlan(stmt.query);
      if (stmt.columns)
        plan = { kind: 'UnresolvedColumnAliases', names: stmt.columns.map((c) => c.name), child: plan };
      // Analyze now to report errors now; keep the unresolved plan so the view sees later data.
      session.analyze(plan);
      const entry = { name, kind: stmt.temporary ? ('TEMP_VIEW' as const) : ('VIEW' as const), plan };
      const map = stmt.temporary ? session.catalog.tempViews : session.catalog.tables;
      const key = stmt.temporary ? name.toLowerCase() : catalogKey(stmt.name);
      if (map.has(key) && !stmt.replace) {
        if (stmt.ifNotExists) return EMPTY;
        throw tableAlreadyExists(stmt.name);
      }
      map.set(key, entry);
      return EMPTY;
    }
    case 'CreateTempViewUsing': {
      const name = stmt.name[stmt.name.length - 1]!;
      const path = stmt.options['path'];
      if (!path)
        throw new FlintError(
          'REQUIRED_PARAMETER_NOT_FOUND',
          '[REQUIRED_PARAMETER_NOT_FOUND] Option path is required.',
          { parameterName: 'path' },
          null,
          '4274K',
        );
      const format = stmt.provider.toLowerCase() as 'csv' | 'json' | 'parquet' | 'text';
      const plan = await session.fileRelation(format, [path], stmt.options, null);
      session.createTempView(name, plan, stmt.replace);
      return EMPTY;
    }
    case 'CreateTable': {
      const name = stmt.name[stmt.name.length - 1]!;
      const key = catalogKey(stmt.name);
      if (session.catalog.tables.has(key) && !stmt.replace) {
        if (stmt.ifNotExists) return EMPTY;
        throw tableAlreadyExists(stmt.name);
      }
      if (stmt.asSelect) {
        const query = session.analyze(queryToPlan(stmt.asSelect));
        const result = await session.execute(query);
        session.catalog.tables.set(key, {
          name,
          kind: 'TABLE',
          plan: memoryTable(name, result.schema, result.batches),
        });
        return EMPTY;
      }
      const schema = T.struct((stmt.columns ?? []).map((c) => T.field(c.name, c.dataType, c.nullable)));
      session.catalog.tables.set(key, { name, kind: 'TABLE', plan: memoryTable(name, schema, []) });
      return EMPTY;
    }
    case 'InsertInto': {
      const entry = lookupRelation(session.catalog, stmt.table);
      if (!entry) throw tableNotFound(stmt.table);
      if (
        entry.kind !== 'TABLE' ||
        entry.plan.kind !== 'LogicalRelation' ||
        entry.plan.source.kind !== 'Memory'
      ) {
        throw new FlintError(
          'UNSUPPORTED_INSERT.NOT_ALLOWED',
          `[UNSUPPORTED_INSERT.NOT_ALLOWED] Can't insert into the target ${entry.name}.`,
          { relationId: entry.name },
          null,
          '42809',
        );
      }
      const source = entry.plan.source;
      let query = session.analyze(queryToPlan(stmt.query));
      if (stmt.columns) {
        // INSERT INTO t (b, a): reorder to the table's columns, NULL for the ones not named.
        const out = outputOf(query);
        const list: NamedExpr[] = source.schema.fields.map((f) => {
          const i = stmt.columns!.findIndex((c) => c.toLowerCase() === f.name.toLowerCase());
          return i >= 0
            ? out[i]!
            : {
                kind: 'Alias',
                child: { kind: 'Literal', value: null, dataType: f.dataType },
                name: f.name,
                id: nextExprId(),
              };
        });
        query = session.analyze({ kind: 'Project', projectList: list, child: query });
      }
      const aligned = alignToTable(session, query, source.schema, entry.name);
      const result = await session.execute(aligned);
      const batches = stmt.overwrite ? result.batches : [...source.batches, ...result.batches];
      session.catalog.tables.set(catalogKey(stmt.table), {
        ...entry,
        plan: { ...entry.plan, source: { ...source, batches } },
      });
      return EMPTY;
    }
    case 'DropTable': {
      const name = stmt.name;
      const temp = name.length === 1 && session.catalog.tempViews.delete(name[0]!.toLowerCase());
      const persistent = !temp && session.catalog.tables.delete(catalogKey(name));
      if (!temp && !persistent && !stmt.ifExists) throw tableNotFound(name);
      return EMPTY;
    }
    case 'TruncateTable': {
      const entry = lookupRelation(session.catalog, stmt.name);
      if (!entry || entry.plan.kind !== 'LogicalRelation' || entry.plan.source.kind !== 'Memory')
        throw tableNotFound(stmt.name);
      session.catalog.tables.set(catalogKey(stmt.name), {
        ...entry,
        plan: { ...entry.plan, source: { ...entry.plan.source, batches: [] } },
      });
      return EMPTY;
    }
    case 'SetConfig': {
      const key = attr('key');
      const value = attr('value');
      if (stmt.key === undefined) {
        const rows = [...session.conf.getAll()].sort(([a], [b]) => (a < b ? -1 : 1));
        return rowsResult([key, value], rows);
      }
      if (stmt.value === undefined)
        return rowsResult([key, value], [[stmt.key, session.conf.get(stmt.key) ?? '<undefined>']]);
      session.conf.set(stmt.key, stmt.value);
      return rowsResult([key, value], [[stmt.key, stmt.value]]);
    }
    case 'ResetConfig':
      if (stmt.key) session.conf.unset(stmt.key);
      else for (const k of [...session.conf.getAll().keys()]) session.conf.unset(k);
      return EMPTY;
    case 'Explain': {
      const inner = stmt.statement;
      const planCol = attr('plan');
      if (inner.kind !== 'QueryStatement')
        return rowsResult([planCol], [['== Physical Plan ==\nExecutedCommand\n']]);
      const plan = session.analyze(queryToPlan(inner.query));
      const mode = stmt.mode === 'EXTENDED' ? 'extended' : stmt.mode === 'FORMATTED' ? 'formatted' : 'simple';
      return rowsResult([planCol], [[session.explainString(plan, mode)]]);
    }
    case 'ShowTables': {
      const rows = session.listTables().map((t) => [t.isTemporary ? '' : 'default', t.name, t.isTemporary]);
      return rowsResult([attr('namespace'), attr('tableName'), attr('isTemporary', T.boolean)], rows);
    }
    case 'ShowDatabases':
      return rowsResult([attr('namespace')], [['default']]);
    case 'ShowColumns': {
      const plan = session.table(stmt.table.join('.'));
      return rowsResult(
        [attr('col_name')],
        outputOf(plan).map((a) => [a.name]),
      );
    }
    case 'ShowFunctions': {
      const { listFunctionNames } = await import('@flint/planner');
      return rowsResult(
        [attr('function')],
        listFunctionNames().map((n) => [n]),
      );
    }
    case 'DescribeTable':
      return describe(schemaOf(session.table(stmt.table.join('.'))));
    case 'DescribeQuery':
      return describe(schemaOf(session.analyze(queryToPlan(stmt.query))));
    case 'DescribeFunction':
      return rowsResult([attr('function_desc')], [[`Function: ${stmt.name}`]]);
    case 'CacheTable': {
      if (stmt.query) {
        const plan = session.analyze(queryToPlan(stmt.query));
        session.createTempView(stmt.name[stmt.name.length - 1]!, plan, true);
        session.cache(plan);
        return EMPTY;
      }
      const entry = lookupRelation(session.catalog, stmt.name);
      if (!entry) throw tableNotFound(stmt.name);
      session.cache(entry.plan);
      return EMPTY;
    }
    case 'UncacheTable': {
      const entry = lookupRelation(session.catalog, stmt.name);
      if (!entry) {
        if (stmt.ifExists) return EMPTY;
        throw tableNotFound(stmt.name);
      }
      session.uncache(entry.plan);
      return EMPTY;
    }
    case 'ClearCache':
      return EMPTY;
    case 'UseDatabase':
      session.catalog.currentDatabase = stmt.name;
      return EMPTY;
    case 'CreateDatabase':
    case 'DropDatabase':
      return EMPTY;
    case 'ExecuteImmediate': {
      // The statement is a constant string expression, evaluated now and run as SQL.
      const plan = session.analyze({
        kind: 'Project',
        projectList: [{ kind: 'Alias', child: astExprToExpr(stmt.sql), name: 'sql', id: -1 }],
        child: { kind: 'OneRowRelation' },
      });
      const item = plan.kind === 'Project' ? plan.projectList[0] : undefined;
      const sql = item?.kind === 'Alias' ? session.evalConstant(item.child) : null;
      if (typeof sql !== 'string') {
        throw new FlintError(
          'INVALID_STATEMENT_OR_CLAUSE',
          '[INVALID_STATEMENT_OR_CLAUSE] EXECUTE IMMEDIATE needs a string that is not NULL.',
          {},
          null,
          '42601',
        );
      }
      return runStatement(session, sql);
    }
  }
}

function describe(schema: StructType): LogicalPlan {
  return rowsResult(
    [attr('col_name'), attr('data_type'), attr('comment', T.string, true)],
    schema.fields.map((f) => [f.name, simpleString(f.dataType), null]),
  );
}
