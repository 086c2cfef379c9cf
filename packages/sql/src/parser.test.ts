// Focused parser tests: precedence, literal typing, special syntaxes, statements, origins and errors.

import { describe, expect, it } from 'vitest';
import { FlintError, T } from '@flint/common';
import {
  parseDataType,
  parseExpression,
  parseQuery,
  parseStatement,
  parseTableIdentifier,
  type AstExpr,
  type Query,
  type Statement,
} from './index.js';
import { SqlParser } from './parser.js';

/** Renders an expression fully parenthesised, so that tests read like Spark's generated names. */
function show(e: AstExpr): string {
  switch (e.kind) {
    case 'Literal':
      return e.value === null ? 'NULL' : typeof e.value === 'string' ? `'${e.value}'` : String(e.value);
    case 'Column':
      return e.nameParts.join('.');
    case 'Binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'Unary':
      return `(${e.op} ${show(e.operand)})`;
    case 'Call':
      return `${e.name.join('.')}(${e.isStar ? '*' : e.args.map(show).join(', ')})`;
    case 'IsNull':
      return `(${show(e.expr)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
    case 'Between':
      return `(${show(e.expr)} ${e.negated ? 'NOT ' : ''}BETWEEN ${show(e.low)} AND ${show(e.high)})`;
    case 'In':
      return `(${show(e.expr)} ${e.negated ? 'NOT ' : ''}IN (${e.list.map(show).join(', ')}))`;
    case 'Like':
      return `(${show(e.expr)} ${e.negated ? 'NOT ' : ''}${e.op} ${e.pattern ? show(e.pattern) : ''})`;
    case 'Cast':
      return `CAST(${show(e.expr)} AS ${e.typeText})`;
    case 'Subscript':
      return `${show(e.expr)}[${show(e.index)}]`;
    case 'FieldAccess':
      return `${show(e.expr)}.${e.field}`;
    default:
      return e.kind;
  }
}

const ex = (text: string): string => show(parseExpression(text));
const lit = (text: string): AstExpr => parseExpression(text);
const query = (s: Statement): Query => {
  if (s.kind !== 'QueryStatement') throw new Error(`not a query: ${s.kind}`);
  return s.query;
};

function errorOf(f: () => unknown): FlintError {
  try {
    f();
  } catch (e) {
    if (e instanceof FlintError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('operator precedence (Spark grammar)', () => {
  it('multiplicative binds tighter than additive, left associative', () => {
    expect(ex('1 + 2 * 3 - 4')).toBe('((1 + (2 * 3)) - 4)');
    expect(ex('a / b % c div d')).toBe('(((a / b) % c) DIV d)');
  });
  it('|| sits with + and -', () => {
    expect(ex('a || b + c')).toBe('((a || b) + c)');
  });
  it('shift is below + and above &', () => {
    // select 1 << 1 + 2 as plus_over_shift; select 1 & 2 >> 1 as shift_over_ampersand
    expect(ex('1 << 1 + 2')).toBe('(1 << (1 + 2))');
    expect(ex('1 & 2 >> 1')).toBe('(1 & (2 >> 1))');
    expect(ex('2 >> 1 << 1')).toBe('((2 >> 1) << 1)');
    expect(ex('20181117 >>> 2')).toBe('(20181117 >>> 2)');
  });
  it('bitwise & above ^ above | above comparison', () => {
    expect(ex('a | b ^ c & d')).toBe('(a | (b ^ (c & d)))');
    expect(ex('a | b = c')).toBe('((a | b) = c)');
  });
  it('comparison, then NOT, AND, OR', () => {
    expect(ex('NOT a = b AND c OR d')).toBe('(((NOT (a = b)) AND c) OR d)');
    expect(ex('a OR b AND c')).toBe('(a OR (b AND c))');
    expect(ex('!a')).toBe('(NOT a)');
  });
  it('predicates apply to the whole comparison', () => {
    expect(ex('a = 1 IS NULL')).toBe('((a = 1) IS NULL)');
    expect(ex('a + 1 BETWEEN 0 AND 5')).toBe('((a + 1) BETWEEN 0 AND 5)');
    expect(ex('x NOT IN (1, 2)')).toBe('(x NOT IN (1, 2))');
    expect(ex("s NOT LIKE 'a%'")).toBe("(s NOT LIKE 'a%')");
  });
  it('unary minus binds tighter than *, :: and [] tighter still', () => {
    expect(ex('-a * b')).toBe('((- a) * b)');
    expect(ex('-a::int')).toBe('(- CAST(a AS int))');
    expect(ex('a[0].f')).toBe('a[0].f');
  });
  it('a minus in front of a number is part of the literal', () => {
    expect(ex('1 -1')).toBe('(1 - 1)');
    const e = lit('-2147483648');
    expect(e).toMatchObject({ kind: 'Literal', dataType: T.int, value: -2147483648 });
  });
});

describe('literal typing (literals.sql)', () => {
  it('integers widen int -> bigint -> decimal', () => {
    expect(lit('2147483647')).toMatchObject({ dataType: T.int, value: 2147483647 });
    expect(lit('2147483648')).toMatchObject({ dataType: T.long, value: 2147483648n });
    expect(lit('9223372036854775808')).toMatchObject({
      dataType: T.decimal(19, 0),
      value: 9223372036854775808n,
    });
    expect(lit('-9223372036854775809')).toMatchObject({ dataType: T.decimal(19, 0) });
    expect(lit('-0')).toMatchObject({ dataType: T.int, value: 0 });
  });
  it('suffixes pick the type and are range checked', () => {
    expect(lit('127Y')).toMatchObject({ dataType: T.byte, value: 127 });
    expect(lit('-128Y')).toMatchObject({ dataType: T.byte, value: -128 });
    expect(lit('32767S')).toMatchObject({ dataType: T.short, value: 32767 });
    expect(lit('1L')).toMatchObject({ dataType: T.long, value: 1n });
    expect(lit('1.2F')).toMatchObject({ dataType: T.float, value: Math.fround(1.2) });
    expect(lit('.10D')).toMatchObject({ dataType: T.double, value: 0.1 });
    expect(lit('123.08BD')).toMatchObject({ dataType: T.decimal(5, 2), value: 12308n });
    expect(lit('123.0E-28BD')).toMatchObject({ dataType: T.decimal(29, 29), value: 1230n });
    const e = errorOf(() => parseStatement('select 128Y'));
    expect(e.errorClass).toBe('INVALID_NUMERIC_LITERAL_RANGE');
    expect(e.messageParameters).toEqual({
      maxValue: '127',
      minValue: '-128',
      rawStrippedQualifier: '128',
      typeName: 'tinyint',
    });
    expect(e.queryContext?.fragment).toBe('128Y');
    expect(
      errorOf(() => parseStatement('select -3.4028235E39f')).messageParameters.rawStrippedQualifier,
    ).toBe('-3.4028235E39');
    expect(errorOf(() => parseStatement('select 1E309')).messageParameters.typeName).toBe('double');
    expect(errorOf(() => parseStatement('select 1.20E-38BD')).errorClass).toBe(
      'DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION',
    );
  });
  it('plain decimals are exact, exponents are doubles', () => {
    expect(lit('0.3')).toMatchObject({ dataType: T.decimal(1, 1), value: 3n });
    expect(lit('-.18')).toMatchObject({ dataType: T.decimal(2, 2), value: -18n });
    expect(lit('3.14')).toMatchObject({ dataType: T.decimal(3, 2), value: 314n });
    expect(lit('-0.0')).toMatchObject({ dataType: T.decimal(1, 1), value: 0n });
    expect(lit('1.5e5')).toMatchObject({ dataType: T.double, value: 150000 });
    expect(lit('9.e+1')).toMatchObject({ dataType: T.double, value: 90 });
  });
  it('strings: escapes, both quotes, doubled quotes, adjacent literals, raw strings', () => {
    expect(lit("'hello' \" \" 'lee'")).toMatchObject({ dataType: T.string, value: 'hello lee' });
    expect(lit("'\\110\\145\\154\\154\\157\\041'")).toMatchObject({ value: 'Hello!' });
    expect(lit("'\\u0057\\u006F'")).toMatchObject({ value: 'Wo' });
    expect(lit("'no-pattern\\%'")).toMatchObject({ value: 'no-pattern\\%' });
    expect(lit("'pattern\\\\%'")).toMatchObject({ value: 'pattern\\%' });
    expect(lit("'S''par''k'")).toMatchObject({ value: "S'par'k" });
    expect(lit('"S""par""k"')).toMatchObject({ value: 'S"par"k' });
    expect(lit("'\\'' ")).toMatchObject({ value: "'" });
    expect(lit("r'a\\nb'")).toMatchObject({ value: 'a\\nb' });
  });
  it('booleans, NULL, typed literals', () => {
    expect(lit('tRue')).toMatchObject({ dataType: T.boolean, value: true });
    expect(lit('nUll')).toMatchObject({ dataType: T.null, value: null });
    expect(lit("dAte '2016-03-12'")).toMatchObject({
      kind: 'TypedLiteral',
      typeName: 'DATE',
      text: '2016-03-12',
    });
    expect(lit("x'2379ACFe'")).toMatchObject({ kind: 'TypedLiteral', typeName: 'BINARY', text: '2379ACFe' });
    expect(errorOf(() => parseExpression("X'XuZ'")).errorClass).toBe('INVALID_TYPED_LITERAL');
    // date.sql / literals.sql / timestamp.sql
    for (const bad of [
      "date 'mar 11 2016'",
      "date'015'",
      "date'2021-4294967297-11'",
      "date '2020-01-01中文'",
      "timestamp '2016-33-11 20:54:00.000'",
      "timestamp'4294967297'",
    ]) {
      const e = errorOf(() => parseExpression(bad));
      expect(e.errorClass).toBe('INVALID_TYPED_LITERAL');
    }
    expect(errorOf(() => parseExpression("date 'mar 11 2016'")).messageParameters).toEqual({
      value: "'mar 11 2016'",
      valueType: '"DATE"',
    });
    expect(lit("timestamp '2016-03-11 20:54:00.000'")).toMatchObject({
      kind: 'TypedLiteral',
      typeName: 'TIMESTAMP',
    });
    expect(lit("date 'epoch'")).toMatchObject({ kind: 'TypedLiteral', text: 'epoch' });
    expect(errorOf(() => parseExpression("GEO '(10,-6)'")).messageParameters.unsupportedType).toBe('"GEO"');
  });
  it('interval literals', () => {
    expect(lit("INTERVAL '1' DAY")).toMatchObject({
      kind: 'IntervalLiteral',
      parts: [{ value: '1', unit: 'DAY' }],
    });
    expect(lit('interval 1 year 2 months')).toMatchObject({
      parts: [
        { value: '1', unit: 'YEAR' },
        { value: '2', unit: 'MONTH' },
      ],
    });
    expect(lit("interval '1-2' year to month")).toMatchObject({
      parts: [{ value: '1-2', unit: 'YEAR', to: 'MONTH' }],
    });
    expect(lit("interval '1 day 2 hours'")).toMatchObject({ parts: [{ value: '1 day 2 hours' }] });
  });
});

describe('special expression syntax', () => {
  it('CASE, CAST, TRY_CAST and ::', () => {
    expect(lit('CASE WHEN a THEN 1 ELSE 2 END')).toMatchObject({ kind: 'Case', branches: [{}] });
    expect(lit('CASE a WHEN 1 THEN 2 END')).toMatchObject({ kind: 'Case', operand: { kind: 'Column' } });
    expect(lit('CAST(a AS DECIMAL(10, 2))')).toMatchObject({
      kind: 'Cast',
      mode: 'cast',
      targetType: T.decimal(10, 2),
      typeText: 'DECIMAL(10, 2)',
    });
    expect(lit('try_cast(a AS int)')).toMatchObject({ kind: 'Cast', mode: 'try', targetType: T.int });
    expect(lit('cast(null as array<array<int>>)')).toMatchObject({ targetType: T.array(T.array(T.int)) });
  });
  it('function calls: qualified names, count(*), DISTINCT, FILTER, OVER, IGNORE NULLS, WITHIN GROUP', () => {
    expect(lit('count(*)')).toMatchObject({ kind: 'Call', name: ['count'], isStar: true, args: [] });
    expect(lit('count(DISTINCT a, b)')).toMatchObject({ distinct: true, args: [{}, {}] });
    expect(lit('sum(x) FILTER (WHERE x > 1)')).toMatchObject({ filter: { kind: 'Binary', op: '>' } });
    expect(lit('first_value(x) IGNORE NULLS OVER w')).toMatchObject({
      ignoreNulls: true,
      over: { baseName: 'w' },
    });
    expect(lit('percentile_cont(0.5) WITHIN GROUP (ORDER BY v DESC)')).toMatchObject({
      orderWithin: [{ direction: 'DESC' }],
    });
    const w = lit(
      'sum(x) OVER (PARTITION BY a ORDER BY b DESC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING)',
    );
    expect(w).toMatchObject({
      over: {
        partitionBy: [{ kind: 'Column' }],
        orderBy: [{ direction: 'DESC', nulls: 'FIRST' }],
        frame: { type: 'ROWS', start: { kind: 'UnboundedPreceding' }, end: { kind: 'Following' } },
      },
    });
    expect(lit('db.fn(1)')).toMatchObject({ kind: 'Call', name: ['db', 'fn'] });
  });
  it('keywords as names: left(), right(), if(), replace(), date and key columns', () => {
    expect(ex("left('abc', 2)")).toBe("left('abc', 2)");
    expect(ex('if(a, 1, 2)')).toBe('if(a, 1, 2)');
    expect(ex('date + year')).toBe('(date + year)');
    expect(ex('t.key')).toBe('t.key');
  });
  it('TRIM / SUBSTRING / POSITION / OVERLAY / EXTRACT', () => {
    expect(ex("trim(BOTH 'x' FROM s)")).toBe("trim(s, 'x')");
    expect(ex("trim(LEADING 'x' FROM s)")).toBe("ltrim(s, 'x')");
    expect(ex("trim('x' FROM s)")).toBe("trim(s, 'x')");
    expect(ex('substring(s FROM 2 FOR 3)')).toBe('substring(s, 2, 3)');
    expect(ex("position('a' IN s)")).toBe("position('a', s)");
    expect(ex('overlay(a PLACING b FROM 2)')).toBe('overlay(a, b, 2)');
    expect(lit('extract(year FROM d)')).toMatchObject({ kind: 'Extract', field: 'year' });
  });
  it('subqueries, IN, EXISTS, LIKE ANY, IS DISTINCT FROM, lambdas', () => {
    expect(lit('(SELECT 1)')).toMatchObject({ kind: 'ScalarSubquery' });
    expect(lit('((SELECT 1) + 1)')).toMatchObject({ kind: 'Binary', left: { kind: 'ScalarSubquery' } });
    expect(lit('(a, b) IN (SELECT x, y FROM t)')).toMatchObject({ kind: 'InSubquery', exprs: [{}, {}] });
    expect(lit('NOT EXISTS (SELECT 1)')).toMatchObject({
      kind: 'Unary',
      op: 'NOT',
      operand: { kind: 'Exists' },
    });
    expect(lit("a LIKE ANY ('x%', 'y%')")).toMatchObject({
      kind: 'Like',
      quantifier: 'ANY',
      patterns: [{}, {}],
    });
    expect(lit("a LIKE 'x!%' ESCAPE '!'")).toMatchObject({ escape: '!' });
    expect(lit('a IS NOT DISTINCT FROM b')).toMatchObject({ kind: 'IsDistinctFrom', negated: true });
    expect(lit('a IS NOT TRUE')).toMatchObject({ kind: 'IsBoolean', value: true, negated: true });
    expect(lit('transform(xs, x -> x + 1)')).toMatchObject({ args: [{}, { kind: 'Lambda', params: ['x'] }] });
    expect(lit('aggregate(xs, 0, (acc, x) -> acc + x)')).toMatchObject({
      args: [{}, {}, { kind: 'Lambda', params: ['acc', 'x'] }],
    });
    expect(lit('struct(a AS x, b)')).toMatchObject({ argNames: ['x', null] });
    expect(errorOf(() => parseExpression('a LIKE ALL ()')).errorClass).toBe(
      'INVALID_SQL_SYNTAX.EMPTY_QUANTIFIED_PATTERN',
    );
  });
  it('datetime-unit functions take a bare unit and reject a quoted one', () => {
    expect(lit('timestampadd(YEAR, 1, ts)')).toMatchObject({
      args: [{ kind: 'Literal', value: 'YEAR' }, {}, {}],
    });
    const e = errorOf(() => parseExpression("dateadd('MICROSECOND', 1001, ts)"));
    expect(e.errorClass).toBe('INVALID_PARAMETER_VALUE.DATETIME_UNIT');
    expect(e.messageParameters).toEqual({
      functionName: '`dateadd`',
      invalidValue: "'MICROSECOND'",
      parameter: '`unit`',
    });
  });
});

describe('queries', () => {
  it('select list aliases, FROM joins, WHERE / GROUP BY / HAVING / ORDER BY / LIMIT / OFFSET', () => {
    const q = parseQuery(
      'SELECT a AS x, b y, c FROM t1 LEFT JOIN t2 ON t1.k = t2.k WHERE a > 1 GROUP BY a HAVING count(*) > 1 ORDER BY x DESC LIMIT 10 OFFSET 2',
    );
    expect(q.body).toMatchObject({
      kind: 'Select',
      items: [{ alias: 'x' }, { alias: 'y' }, {}],
      from: { kind: 'Join', joinType: 'LEFT', condition: {} },
      groupBy: { kind: 'Exprs' },
      having: {},
    });
    expect(q.orderBy).toMatchObject([{ direction: 'DESC' }]);
    expect(q.limit).toMatchObject({ value: 10 });
    expect(q.offset).toMatchObject({ value: 2 });
  });
  it('join types', () => {
    const rel = (sql: string): unknown => (parseQuery(sql).body as { from: unknown }).from;
    expect(rel('SELECT * FROM a LEFT SEMI JOIN b ON x')).toMatchObject({ joinType: 'LEFT_SEMI' });
    expect(rel('SELECT * FROM a ANTI JOIN b ON x')).toMatchObject({ joinType: 'LEFT_ANTI' });
    expect(rel('SELECT * FROM a FULL OUTER JOIN b USING (k)')).toMatchObject({
      joinType: 'FULL',
      using: ['k'],
    });
    expect(rel('SELECT * FROM a NATURAL JOIN b')).toMatchObject({ natural: true, joinType: 'INNER' });
    expect(rel('SELECT * FROM a, b')).toMatchObject({ joinType: 'CROSS' });
    expect(rel('SELECT * FROM a CROSS JOIN b')).toMatchObject({ joinType: 'CROSS' });
  });
  it('relations: subquery with column aliases, VALUES, table functions, LATERAL VIEW', () => {
    expect((parseQuery('SELECT * FROM (SELECT 1) AS t(a)').body as { from: unknown }).from).toMatchObject({
      kind: 'SubqueryRef',
      alias: { name: 't', columns: ['a'] },
    });
    expect(
      (parseQuery('SELECT * FROM VALUES (1, 2), (3, 4) AS t(a, b)').body as { from: unknown }).from,
    ).toMatchObject({
      kind: 'InlineTable',
      rows: [
        [{}, {}],
        [{}, {}],
      ],
      alias: { name: 't', columns: ['a', 'b'] },
    });
    expect((parseQuery('SELECT * FROM range(10) r').body as { from: unknown }).from).toMatchObject({
      kind: 'TableFunction',
      name: 'range',
      alias: { name: 'r' },
    });
    expect(
      (parseQuery('SELECT * FROM t LATERAL VIEW OUTER explode(a) tab AS c').body as { from: unknown }).from,
    ).toMatchObject({
      kind: 'LateralView',
      outer: true,
      tableAlias: 'tab',
      columnAliases: ['c'],
    });
    const e = errorOf(() => parseQuery('select * from values ("one"), ("two") as data(a, b)'));
    expect(e.errorClass).toBe('INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH');
  });
  it('INTERSECT binds tighter than UNION and EXCEPT', () => {
    const q = parseQuery('SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 EXCEPT ALL SELECT 4');
    expect(q.body).toMatchObject({
      kind: 'SetOperation',
      op: 'EXCEPT',
      all: true,
      left: { kind: 'SetOperation', op: 'UNION', right: { kind: 'SetOperation', op: 'INTERSECT' } },
    });
    expect(parseQuery('SELECT 1 MINUS SELECT 2').body).toMatchObject({ op: 'EXCEPT' });
  });
  it('WITH, grouping analytics, windows, QUALIFY, VALUES and TABLE bodies', () => {
    expect(parseQuery('WITH RECURSIVE t(n) AS (VALUES 1) SELECT * FROM t').with).toMatchObject({
      recursive: true,
      ctes: [{ name: 't', columns: ['n'] }],
    });
    const g = (sql: string): unknown => (parseQuery(sql).body as { groupBy: unknown }).groupBy;
    expect(g('SELECT 1 FROM t GROUP BY ALL')).toEqual({ kind: 'All' });
    expect(g('SELECT 1 FROM t GROUP BY a, b WITH ROLLUP')).toMatchObject({ kind: 'Rollup', exprs: [{}, {}] });
    expect(g('SELECT 1 FROM t GROUP BY CUBE(a, b)')).toMatchObject({ kind: 'Cube' });
    expect(g('SELECT 1 FROM t GROUP BY GROUPING SETS ((a, b), a, ())')).toMatchObject({
      kind: 'GroupingSets',
      sets: [[{}, {}], [{}], []],
    });
    expect(g('SELECT 1 FROM t GROUP BY a, ROLLUP(b)')).toMatchObject({ kind: 'Mixed' });
    expect(
      parseQuery('SELECT sum(x) OVER w FROM t WINDOW w AS (PARTITION BY a) QUALIFY x > 1').body,
    ).toMatchObject({
      windows: [{ name: 'w' }],
      qualify: {},
    });
    expect(parseQuery('VALUES (1, 2), (3, 4)').body).toMatchObject({
      kind: 'Values',
      rows: [
        [{}, {}],
        [{}, {}],
      ],
    });
    expect(parseQuery('TABLE db.t').body).toEqual({
      kind: 'Table',
      name: ['db', 't'],
      origin: expect.anything(),
    });
    expect(errorOf(() => parseQuery('WITH t AS (SELECT 1), t AS (SELECT 2) SELECT 1')).errorClass).toBe(
      'DUPLICATED_CTE_NAMES',
    );
  });
  it('SELECT * EXCEPT, ORDER BY ALL, a column named all', () => {
    expect(parseQuery('SELECT * EXCEPT (a, s.f) FROM t').body).toMatchObject({
      items: [{ expr: { kind: 'Star', except: [['a'], ['s', 'f']] } }],
    });
    expect(parseQuery('SELECT a FROM t ORDER BY ALL DESC').orderBy).toMatchObject([
      { expr: { nameParts: ['ALL'] }, direction: 'DESC' },
    ]);
    expect(parseQuery('select all, city from data group by all, city').body).toMatchObject({
      distinct: false,
      items: [{}, {}],
    });
  });
});

describe('statements', () => {
  it('CREATE VIEW / TABLE, INSERT, DROP, SET, EXPLAIN, DESCRIBE, SHOW, CACHE, USE', () => {
    expect(parseStatement('CREATE OR REPLACE TEMPORARY VIEW v (a, b) AS SELECT 1, 2;')).toMatchObject({
      kind: 'CreateView',
      replace: true,
      temporary: true,
      columns: [{ name: 'a' }, { name: 'b' }],
      queryText: 'SELECT 1, 2',
    });
    expect(
      parseStatement("CREATE TEMPORARY VIEW v USING parquet OPTIONS (path '/x', 'k' = 'v')"),
    ).toMatchObject({
      kind: 'CreateTempViewUsing',
      provider: 'parquet',
      options: { path: '/x', k: 'v' },
    });
    expect(
      parseStatement(
        "CREATE TABLE IF NOT EXISTS t (a INT NOT NULL COMMENT 'c', b STRING) USING parquet PARTITIONED BY (b)",
      ),
    ).toMatchObject({
      kind: 'CreateTable',
      ifNotExists: true,
      columns: [{ name: 'a', dataType: T.int, nullable: false, comment: 'c' }, { name: 'b' }],
      provider: 'parquet',
      partitionBy: ['b'],
    });
    expect(parseStatement('INSERT OVERWRITE TABLE t (a, b) VALUES (1, 2)')).toMatchObject({
      kind: 'InsertInto',
      overwrite: true,
      columns: ['a', 'b'],
      query: { body: { kind: 'Values' } },
    });
    expect(parseStatement('WITH s AS (SELECT 1) INSERT INTO t SELECT * FROM s')).toMatchObject({
      kind: 'InsertInto',
      query: { with: { ctes: [{ name: 's' }] } },
    });
    expect(parseStatement('DROP VIEW IF EXISTS v')).toMatchObject({
      kind: 'DropTable',
      isView: true,
      ifExists: true,
    });
    expect(parseStatement('SET spark.sql.ansi.enabled=false')).toMatchObject({
      kind: 'SetConfig',
      key: 'spark.sql.ansi.enabled',
      value: 'false',
    });
    expect(parseStatement('SET a.b = c ;')).toMatchObject({ kind: 'SetConfig', key: 'a.b', value: 'c' });
    expect(parseStatement('RESET')).toMatchObject({ kind: 'ResetConfig' });
    expect(parseStatement('EXPLAIN EXTENDED SELECT 1')).toMatchObject({
      kind: 'Explain',
      mode: 'EXTENDED',
      statement: { kind: 'QueryStatement' },
    });
    expect(parseStatement('DESC EXTENDED t c')).toMatchObject({
      kind: 'DescribeTable',
      extended: true,
      column: ['c'],
    });
    expect(parseStatement('DESCRIBE QUERY SELECT 1')).toMatchObject({ kind: 'DescribeQuery' });
    expect(parseStatement("SHOW TABLES IN db LIKE 't*'")).toMatchObject({
      kind: 'ShowTables',
      database: 'db',
      pattern: 't*',
    });
    expect(parseStatement('CACHE LAZY TABLE c AS SELECT 1')).toMatchObject({
      kind: 'CacheTable',
      lazy: true,
      query: {},
    });
    expect(parseStatement('UNCACHE TABLE IF EXISTS c')).toMatchObject({
      kind: 'UncacheTable',
      ifExists: true,
    });
    expect(parseStatement('CLEAR CACHE')).toMatchObject({ kind: 'ClearCache' });
    expect(parseStatement('USE db')).toMatchObject({ kind: 'UseDatabase', name: 'db' });
    expect(parseStatement("EXECUTE IMMEDIATE 'SELECT ?' INTO v USING 1")).toMatchObject({
      kind: 'ExecuteImmediate',
      into: ['v'],
      args: [{}],
    });
    expect(errorOf(() => parseStatement('create table foo (with baz)')).messageParameters).toEqual({
      typeName: '"BAZ"',
    });
  });
});

describe('data types and names', () => {
  it('parses Spark type strings', () => {
    expect(parseDataType('decimal(10,2)')).toEqual(T.decimal(10, 2));
    expect(parseDataType('decimal')).toEqual(T.decimal(10, 0));
    expect(parseDataType('varchar(10)')).toEqual(T.string);
    expect(parseDataType('map<string, array<int>>')).toEqual(T.map(T.string, T.array(T.int)));
    expect(parseDataType('struct<a: int, `b c` string not null>')).toEqual(
      T.struct([T.field('a', T.int), T.field('b c', T.string, false)]),
    );
    expect(parseDataType('interval year to month')).toEqual(T.yearMonthInterval(0, 1));
    expect(parseDataType('interval day')).toEqual(T.dayTimeInterval(0, 0));
    expect(parseDataType('interval hour to second')).toEqual(T.dayTimeInterval(1, 3));
  });
  it('parses table identifiers', () => {
    expect(parseTableIdentifier('db.`my table`')).toEqual(['db', 'my table']);
    expect(parseTableIdentifier('`a``b`')).toEqual(['a`b']);
  });
});

describe('origins and syntax errors', () => {
  it('origins carry offsets, 1-based line and column', () => {
    const e = parseExpression('a +\n  b * c');
    expect(e.origin).toEqual({ start: 0, stop: 10, line: 1, column: 1 });
    expect(e.kind === 'Binary' && e.right.origin).toEqual({ start: 6, stop: 10, line: 2, column: 3 });
  });
  it('PARSE_SYNTAX_ERROR names the token and its 0-based position', () => {
    const e = errorOf(() => parseStatement('WITH t() AS (SELECT 1)\nSELECT * FROM t'));
    expect(e.errorClass).toBe('PARSE_SYNTAX_ERROR');
    expect(e.sqlState).toBe('42601');
    expect(e.messageParameters).toEqual({ error: "')'", hint: '' });
    expect(e.message.split('\n')[0]).toBe(
      "[PARSE_SYNTAX_ERROR] Syntax error at or near ')'. SQLSTATE: 42601 (line 1, pos 7)",
    );
    expect(e.queryContext).toMatchObject({ line: 1, column: 8, fragment: ')' });
  });
  it('reports the end of input', () => {
    const e = errorOf(() => parseStatement('SELECT * FROM'));
    expect(e.messageParameters.error).toBe('end of input');
  });
  it('matches Spark on malformed operators (bitwise.sql) and `.e3` (literals.sql)', () => {
    expect(errorOf(() => parseStatement('SELECT 20181117 > > 2')).messageParameters.error).toBe("'>'");
    expect(errorOf(() => parseStatement('SELECT 20181117 < < 2')).messageParameters.error).toBe("'<'");
    expect(errorOf(() => parseStatement('SELECT 20181117 <<< 2')).messageParameters.error).toBe("'<'");
    expect(errorOf(() => parseStatement('SELECT 20181117 >>>> 2')).messageParameters.error).toBe("'>'");
    expect(errorOf(() => parseStatement('select .e3')).messageParameters.error).toBe("'.'");
    expect(errorOf(() => parseStatement('SELECT * EXCEPT name FROM tbl_view')).messageParameters.error).toBe(
      "'name'",
    );
  });
  it('extra tokens after a statement are an error at the first of them', () => {
    expect(errorOf(() => parseStatement('SELECT 1 alias garbage garbage')).messageParameters.error).toBe(
      "'garbage'",
    );
  });
  it('unclosed bracketed comment', () => {
    expect(
      errorOf(() => parseStatement('/*abc*/ select 1 as a /*  2 as b /*abc*/ , 3 as c  /**/')).errorClass,
    ).toBe('UNCLOSED_BRACKETED_COMMENT');
  });
  it('a query statement wraps the query', () => {
    expect(query(parseStatement('select 1;')).body).toMatchObject({ kind: 'Select' });
  });
});

describe('the grammar', () => {
  it("passes chevrotain's own checks (the shared parser skips them to start faster)", () => {
    expect(() => new SqlParser(true)).not.toThrow();
  });
});
