// SQL statements: queries are analyzed and returned unexecuted; commands (views, tables, SET,
// EXPLAIN, SHOW, DESCRIBE, CACHE) run now and return their result rows as a local relation.

import { FlintError, T, simpleString, type DataType, type StructType, type Value } from '@flint/common';
import {
  astExprToExpr,
  lookupRelation,
  outputOf,
  queryToPlan,
  tableNotFound,
  type AttributeRef,
  type LogicalPlan,
} from '@flint/planner';
import { parseStatement, type Statement } from '@flint/sql';
import type { SessionCore } from './session-core.js';
import { nextExprId, schemaOf } from './session-core.js';
import { resolveFileReferences } from './direct-query.js';
import {
  createDatabaseStmt,
  createPersistentView,
  createTable,
  describeTable,
  dropDatabaseStmt,
  dropTable,
  insertInto,
  showDatabases,
  showTables,
  truncateTable,
  useDatabase,
} from './table-commands.js';
import { useWarehouse } from './warehouse.js';

function attr(name: string, dataType: DataType = T.string, nullable = false): AttributeRef {
  return { kind: 'AttributeReference', id: nextExprId(), name, dataType, nullable, qualifier: [] };
}

function rowsResult(columns: readonly AttributeRef[], rows: readonly (readonly Value[])[]): LogicalPlan {
  return { kind: 'LocalRelation', output: columns, rows };
}

const EMPTY: LogicalPlan = { kind: 'LocalRelation', output: [], rows: [] };

/** The plan of a query, with SQL-on-file references (``parquet.`path` ``) read already. */
function toPlan(session: SessionCore, query: Parameters<typeof queryToPlan>[0]): Promise<LogicalPlan> {
  return resolveFileReferences(session, queryToPlan(query));
}

export async function runStatement(session: SessionCore, text: string): Promise<LogicalPlan> {
  const stmt = parseStatement(text);
  useWarehouse(session);
  return runParsed(session, stmt);
}

async function runParsed(session: SessionCore, stmt: Statement): Promise<LogicalPlan> {
  switch (stmt.kind) {
    case 'QueryStatement':
      return session.analyze(await toPlan(session, stmt.query));
    case 'CreateView': {
      const name = stmt.name[stmt.name.length - 1]!;
      let plan = await toPlan(session, stmt.query);
      if (stmt.columns)
        plan = { kind: 'UnresolvedColumnAliases', names: stmt.columns.map((c) => c.name), child: plan };
      // Analyze now to report errors now; keep the unresolved plan so the view sees later data.
      const analyzed = session.analyze(plan);
      if (!stmt.temporary) {
        await createPersistentView(session, stmt, analyzed);
        return EMPTY;
      }
      if (stmt.ifNotExists && session.catalog.tempViews.has(name.toLowerCase())) return EMPTY;
      session.createTempView(name, plan, stmt.replace);
      return EMPTY;
    }
    case 'CreateTempViewUsing': {
      const name = stmt.name[stmt.name.length - 1]!;
      const path = stmt.options['path'];
      const columns = stmt.columns ?? [];
      const userSchema =
        columns.length > 0 ? T.struct(columns.map((c) => T.field(c.name, c.dataType, c.nullable))) : null;
      if (!path && userSchema) {
        // A schema and no files: an empty relation of that schema, as Spark reads an empty file set.
        const output = userSchema.fields.map((f) => attr(f.name, f.dataType, true));
        session.createTempView(name, rowsResult(output, []), stmt.replace);
        return EMPTY;
      }
      if (!path)
        throw new FlintError(
          'REQUIRED_PARAMETER_NOT_FOUND',
          '[REQUIRED_PARAMETER_NOT_FOUND] Option path is required.',
          { parameterName: 'path' },
          null,
          '4274K',
        );
      const format = stmt.provider.toLowerCase() as 'csv' | 'json' | 'parquet' | 'text';
      const plan = await session.fileRelation(format, [path], stmt.options, userSchema);
      session.createTempView(name, plan, stmt.replace);
      return EMPTY;
    }
    case 'CreateTable': {
      const asSelect = stmt.asSelect;
      await createTable(
        session,
        stmt,
        asSelect ? async () => session.analyze(await toPlan(session, asSelect)) : null,
      );
      return EMPTY;
    }
    case 'InsertInto':
      await insertInto(session, stmt, session.analyze(await toPlan(session, stmt.query)));
      return EMPTY;
    case 'DropTable':
      dropTable(session, stmt);
      return EMPTY;
    case 'TruncateTable':
      truncateTable(session, stmt);
      return EMPTY;
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
      const plan = session.analyze(await toPlan(session, inner.query));
      const mode = stmt.mode === 'EXTENDED' ? 'extended' : stmt.mode === 'FORMATTED' ? 'formatted' : 'simple';
      return rowsResult([planCol], [[session.explainString(plan, mode)]]);
    }
    case 'ShowTables':
      return rowsResult(
        [attr('namespace'), attr('tableName'), attr('isTemporary', T.boolean)],
        showTables(session, stmt),
      );
    case 'ShowDatabases':
      return rowsResult(
        [attr('namespace')],
        showDatabases(session, stmt.pattern).map((d) => [d]),
      );
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
    case 'DescribeTable': {
      const rows = describeTable(session, stmt);
      if (rows === null) return describe(schemaOf(session.table(stmt.table.join('.'))));
      return rowsResult([attr('col_name'), attr('data_type'), attr('comment', T.string, true)], rows);
    }
    case 'DescribeQuery':
      return describe(schemaOf(session.analyze(await toPlan(session, stmt.query))));
    case 'DescribeFunction':
      return rowsResult([attr('function_desc')], [[`Function: ${stmt.name}`]]);
    case 'CacheTable': {
      if (stmt.query) {
        const plan = session.analyze(await toPlan(session, stmt.query));
        session.createTempView(stmt.name[stmt.name.length - 1]!, plan, true);
        await cacheTable(session, plan, stmt.lazy);
        return EMPTY;
      }
      const entry = lookupRelation(session.catalog, stmt.name);
      if (!entry) throw tableNotFound(stmt.name);
      await cacheTable(session, entry.plan, stmt.lazy);
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
      session.clearCache();
      return EMPTY;
    case 'UseDatabase':
      useDatabase(session, stmt.name);
      return EMPTY;
    case 'CreateDatabase':
      createDatabaseStmt(session, stmt);
      return EMPTY;
    case 'DropDatabase':
      dropDatabaseStmt(session, stmt);
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

/** CACHE TABLE is eager in Spark (the data is computed now) unless it says LAZY. */
async function cacheTable(session: SessionCore, plan: LogicalPlan, lazy: boolean): Promise<void> {
  if (lazy) session.cache(plan);
  else await session.cacheNow(plan);
}
