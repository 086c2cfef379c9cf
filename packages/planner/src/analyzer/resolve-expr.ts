// Expression resolution: names to attributes, functions to their definitions, Spark 4 ANSI type
// coercion for operators, and typed literals parsed in the session time zone.

import {
  FlintError,
  T,
  dataTypeEquals,
  isNumeric,
  parseDate,
  parseTimestamp,
  parseTimestampNTZ,
  parseTime,
  truncateTime,
  type DataType,
  type Value,
} from '@flint/common';
import type {
  AttributeRef,
  Expr,
  ExprId,
  FrameBoundary,
  LambdaVariable,
  NamedExpr,
  SortOrder,
} from '../expr.js';
import { typeSql } from '../types/type-names.js';
import { dataTypeOf, nullableOf } from '../expr-type.js';
import { lookupFunction } from '../functions/index.js';
import type { CallInfo, FunctionDef, FunctionResolutionContext } from '../functions/function-def.js';
import type { LogicalPlan } from '../logical-plan.js';
import {
  castTo,
  coerceComparison,
  coerceToCommonType,
  resolveBinaryArithmetic,
  type ArithmeticEnv,
} from '../types/index.js';
import { mapChildren } from '../parser-bridge/ast-to-plan.js';
import { resolveName, unresolvedColumn } from './name-resolution.js';
import { prettySql } from './pretty-sql.js';
import { parseIntervalLiteral } from './interval-literal.js';
import { outputOf } from '../plan-output.js';

export interface AnalyzerConf {
  readonly ansi: boolean;
  readonly caseSensitive: boolean;
  readonly timeZone: string;
}

export interface AnalyzerContext {
  readonly conf: AnalyzerConf;
  readonly functionCtx: FunctionResolutionContext;
  nextExprId(): ExprId;
  /** Resolves a subquery plan with the given outer scope (set by the plan resolver). */
  resolveSubquery(plan: LogicalPlan, outer: Scope): LogicalPlan;
  /** Evaluates a resolved constant expression (inline tables, LIMIT); supplied by the session. */
  evalConstant(e: Expr): Value;
}

export interface Scope {
  readonly attrs: readonly AttributeRef[];
  readonly outer: Scope | null;
  /** Lambda variables in scope, innermost last. */
  readonly lambdas?: readonly LambdaVariable[];
  /** Whether aggregate functions may appear (select list of an aggregate, HAVING, ORDER BY over one). */
  readonly allowAggregates: boolean;
  /** Whether window functions may appear (select lists). */
  readonly allowWindows: boolean;
}

export function scopeOf(
  attrs: readonly AttributeRef[],
  outer: Scope | null = null,
  allowAggregates = false,
  allowWindows = false,
): Scope {
  return { attrs, outer, allowAggregates, allowWindows };
}

export function exprSql(e: Expr, ctx: AnalyzerContext): string {
  return prettySql(e, { timeZone: ctx.conf.timeZone });
}

function withOrigin<E extends Expr>(e: E, src: Expr): E {
  return src.origin && !e.origin ? { ...e, origin: src.origin } : e;
}

function evalModeOf(ctx: AnalyzerContext): 'ANSI' | 'LEGACY' {
  return ctx.conf.ansi ? 'ANSI' : 'LEGACY';
}

function typeMismatch(
  sub: string,
  sqlText: string,
  message: string,
  params: Record<string, string>,
): FlintError {
  return new FlintError(
    `DATATYPE_MISMATCH.${sub}`,
    `[DATATYPE_MISMATCH.${sub}] Cannot resolve "${sqlText}" due to data type mismatch: ${message}. SQLSTATE: 42K09`,
    { sqlExpr: `"${sqlText}"`, ...params },
    null,
    '42K09',
  );
}

function typeText(t: DataType): string {
  return `"${prettyTypeName(t)}"`;
}

function prettyTypeName(t: DataType): string {
  switch (t.kind) {
    case 'integer':
      return 'INT';
    case 'long':
      return 'BIGINT';
    case 'short':
      return 'SMALLINT';
    case 'byte':
      return 'TINYINT';
    case 'null':
      return 'VOID';
    case 'decimal':
      return `DECIMAL(${t.precision},${t.scale})`;
    case 'array':
      return `ARRAY<${prettyTypeName(t.elementType)}>`;
    default:
      return t.kind.toUpperCase();
  }
}

/** Resolves an expression tree bottom-up against `scope`. */
export function resolveExpr(e: Expr, scope: Scope, ctx: AnalyzerContext): Expr {
  const r = (x: Expr) => resolveExpr(x, scope, ctx);
  switch (e.kind) {
    case 'Literal':
      return e;
    case 'AttributeReference': {
      // Resolved already (e.g. df.col('x')): it must be produced by the input.
      const found = scope.attrs.find((a) => a.id === e.id);
      if (found) return found.nullable === e.nullable ? e : { ...e, nullable: found.nullable };
      let outer = scope.outer;
      while (outer) {
        const o = outer.attrs.find((a) => a.id === e.id);
        if (o) return { kind: 'OuterReference', attr: o };
        outer = outer.outer;
      }
      // A DataFrame column used against a frame derived from it: fall back to the name.
      const byName = resolveName([e.name], scope.attrs, ctx.conf.caseSensitive);
      if (byName) return byName.attr;
      throw new FlintError(
        'MISSING_ATTRIBUTES.RESOLVED_ATTRIBUTE_APPEAR_IN_OPERATION',
        `[MISSING_ATTRIBUTES.RESOLVED_ATTRIBUTE_APPEAR_IN_OPERATION] Resolved attribute(s) "${e.name}" missing from ${scope.attrs.map((a) => `"${a.name}"`).join(', ')} in operator.`,
        {
          missingAttributes: `"${e.name}"`,
          input: scope.attrs.map((a) => `"${a.name}"`).join(', '),
          operator: '',
        },
        null,
        'XX000',
      );
    }
    case 'OuterReference':
    case 'ScalarSubquery':
    case 'InSubquery':
    case 'Exists':
    case 'ScalarFunction':
    case 'AggregateExpression':
    case 'WindowFunction':
    case 'WindowExpression':
    case 'LambdaVariable':
      return e;
    case 'UnresolvedAttribute':
      return resolveAttribute(e, scope, ctx);
    case 'UnresolvedStar':
      throw new FlintError(
        'INVALID_USAGE_OF_STAR_OR_REGEX',
        `[INVALID_USAGE_OF_STAR_OR_REGEX] Invalid usage of '*' in expression.`,
        { elem: "'*'", prettyName: 'expression' },
        null,
        '42000',
      );
    case 'Alias': {
      const child = r(e.child);
      return { ...e, child, id: e.id >= 0 ? e.id : ctx.nextExprId() };
    }
    case 'UnresolvedAlias': {
      const child = r(e.child);
      return { kind: 'Alias', child, name: exprSql(child, ctx), id: ctx.nextExprId() };
    }
    case 'Cast': {
      const child = r(e.child);
      const evalMode = e.evalMode === 'TRY' ? 'TRY' : evalModeOf(ctx);
      return { ...e, child, evalMode };
    }
    case 'Arithmetic':
      return resolveArithmetic({ ...e, left: r(e.left), right: r(e.right) }, ctx);
    case 'UnaryMinus': {
      let child = r(e.child);
      const t = dataTypeOf(child);
      if (t.kind === 'string') child = castTo(child, T.double, ctx.conf.ansi);
      else if (t.kind === 'null') child = castTo(child, T.double, ctx.conf.ansi);
      else if (
        !isNumeric(t) &&
        t.kind !== 'day_time_interval' &&
        t.kind !== 'year_month_interval' &&
        t.kind !== 'calendar_interval'
      ) {
        const sql = `(- ${exprSql(child, ctx)})`;
        throw typeMismatch(
          'UNEXPECTED_INPUT_TYPE',
          sql,
          `Parameter 1 requires the ("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL") type, however "${exprSql(child, ctx)}" has the type ${typeText(t)}`,
          {
            paramIndex: 'first',
            requiredType: '("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL")',
            inputSql: `"${exprSql(child, ctx)}"`,
            inputType: typeText(t),
          },
        );
      }
      // A negated numeric literal stays a literal, as the parser folds signed numbers.
      if (
        child.kind === 'Literal' &&
        (typeof child.value === 'number' || typeof child.value === 'bigint') &&
        e.child.kind === 'Literal'
      ) {
        return foldNegativeLiteral(child);
      }
      return {
        kind: 'UnaryMinus',
        child,
        evalMode: evalModeOf(ctx),
        ...(e.origin ? { origin: e.origin } : {}),
      };
    }
    case 'UnaryPositive': {
      let child = r(e.child);
      const t = dataTypeOf(child);
      // Like unary minus, + takes a number or an interval (a string is read as a double).
      if (t.kind === 'string' || t.kind === 'null') child = castTo(child, T.double, ctx.conf.ansi);
      else if (
        !isNumeric(t) &&
        t.kind !== 'day_time_interval' &&
        t.kind !== 'year_month_interval' &&
        t.kind !== 'calendar_interval'
      ) {
        const required = '("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL")';
        throw typeMismatch(
          'UNEXPECTED_INPUT_TYPE',
          `(+ ${exprSql(child, ctx)})`,
          `The first parameter requires the ${required} type, however "${exprSql(child, ctx)}" has the type ${typeText(t)}`,
          {
            paramIndex: 'first',
            requiredType: required,
            inputSql: `"${exprSql(child, ctx)}"`,
            inputType: typeText(t),
          },
        );
      }
      return child.kind === 'Literal' && e.child.kind === 'Literal' && isNumeric(t) ? child : { ...e, child };
    }
    case 'Comparison': {
      const left = r(e.left);
      const right = r(e.right);
      const c = coerceComparison(left, right, ctx.conf.ansi);
      if (!c) {
        const sql = exprSql({ ...e, left, right }, ctx);
        throw typeMismatch(
          'BINARY_OP_DIFF_TYPES',
          sql,
          `the left and right operands of the binary operator have incompatible types (${typeText(dataTypeOf(left))} and ${typeText(dataTypeOf(right))})`,
          {
            left: typeText(dataTypeOf(left)),
            right: typeText(dataTypeOf(right)),
          },
        );
      }
      return { ...e, left: c.left, right: c.right };
    }
    case 'And':
    case 'Or':
      return { ...e, left: booleanOperand(r(e.left), e, ctx), right: booleanOperand(r(e.right), e, ctx) };
    case 'Not':
      return { ...e, child: booleanOperand(r(e.child), e, ctx) };
    case 'Bitwise': {
      const left = r(e.left);
      const right = r(e.right);
      const c = coerceToCommonType([left, right], ctx.conf.ansi);
      if (!c)
        throw typeMismatch(
          'BINARY_OP_DIFF_TYPES',
          exprSql({ ...e, left, right }, ctx),
          'incompatible types',
          {},
        );
      return { ...e, left: c.exprs[0]!, right: c.exprs[1]! };
    }
    case 'BitwiseNot':
      return { ...e, child: r(e.child) };
    case 'IsNull':
    case 'IsNotNull':
      return { ...e, child: r(e.child) };
    case 'CaseWhen': {
      const branches = e.branches.map((b) => ({
        condition: booleanOperand(r(b.condition), e, ctx),
        value: r(b.value),
      }));
      const elseValue = e.elseValue ? r(e.elseValue) : null;
      const values = [...branches.map((b) => b.value), ...(elseValue ? [elseValue] : [])];
      const c = coerceToCommonType(values, ctx.conf.ansi);
      if (!c) {
        const sql = exprSql({ ...e, branches, elseValue, dataType: T.null }, ctx);
        throw typeMismatch(
          'DATA_DIFF_TYPES',
          sql,
          `Input to \`casewhen\` should all be the same type, but it's [${values.map((v) => typeText(dataTypeOf(v))).join(', ')}]`,
          {
            functionName: '`casewhen`',
            dataType: `[${values.map((v) => typeText(dataTypeOf(v))).join(', ')}]`,
          },
        );
      }
      return {
        ...e,
        branches: branches.map((b, i) => ({ condition: b.condition, value: c.exprs[i]! })),
        elseValue: elseValue ? c.exprs[c.exprs.length - 1]! : null,
        dataType: c.dataType,
      };
    }
    case 'In': {
      const value = r(e.value);
      const list = e.list.flatMap((x) => (x.kind === 'UnresolvedStar' ? expandStar(x, scope, ctx) : [r(x)]));
      const c = coerceToCommonType([value, ...list], ctx.conf.ansi);
      if (!c) {
        const sql = exprSql({ ...e, value, list }, ctx);
        throw typeMismatch(
          'DATA_DIFF_TYPES',
          sql,
          `Input to \`in\` should all be the same type, but it's [${[value, ...list].map((v) => typeText(dataTypeOf(v))).join(', ')}]`,
          {
            functionName: '`in`',
            dataType: `[${[value, ...list].map((v) => typeText(dataTypeOf(v))).join(', ')}]`,
          },
        );
      }
      return { ...e, value: c.exprs[0]!, list: c.exprs.slice(1) };
    }
    case 'SortOrder':
      return { ...e, child: r(e.child) };
    case 'UnresolvedFunction':
      return resolveFunctionCall(e, scope, ctx);
    case 'UnresolvedWindowExpression':
      return resolveWindowExpression(e, scope, ctx);
    case 'UnresolvedTypedLiteral':
      return resolveTypedLiteral(e, ctx);
    case 'UnresolvedSubquery': {
      const plan = ctx.resolveSubquery(e.plan, scope);
      const outerAttrs = collectOuterReferences(plan);
      if (e.subqueryKind === 'Exists') return withOrigin({ kind: 'Exists', plan, outerAttrs }, e);
      const out = outputOf(plan);
      if (out.length !== 1) {
        throw new FlintError(
          'INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN',
          `[INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN] Invalid subquery: Scalar subquery must return only one column, but got ${out.length}. SQLSTATE: 42823`,
          { number: String(out.length) },
          null,
          '42823',
        );
      }
      return withOrigin(
        { kind: 'ScalarSubquery', plan, id: ctx.nextExprId(), dataType: out[0]!.dataType, outerAttrs },
        e,
      );
    }
    case 'UnresolvedInSubquery': {
      const values = e.values.map(r);
      const plan = ctx.resolveSubquery(e.plan, scope);
      const out = outputOf(plan);
      if (out.length !== values.length) {
        throw new FlintError(
          'DATATYPE_MISMATCH.IN_SUBQUERY_LENGTH_MISMATCH',
          `[DATATYPE_MISMATCH.IN_SUBQUERY_LENGTH_MISMATCH] The number of columns in the left hand side of an IN subquery does not match the number of columns in the output of subquery. SQLSTATE: 42K09`,
          {},
          null,
          '42K09',
        );
      }
      // Coerce each value with its subquery column; the subquery side is cast through a Project.
      const coerced = values.map((v, i) => coerceComparison(v, out[i]!, ctx.conf.ansi));
      if (coerced.some((c) => c === null)) {
        // Without a common type for every column nothing is cast; the differing columns are reported.
        const lt = values.map((v) => typeText(dataTypeOf(v))).join(', ');
        const rt = out.map((o) => typeText(o.dataType)).join(', ');
        throw typeMismatch(
          'IN_SUBQUERY_DATA_TYPE_MISMATCH',
          exprSql(e, ctx),
          `The data type of one or more elements in the left hand side of an IN subquery is not compatible with the data type of the output of the subquery. Mismatched columns: [${values
            .map((v, i) =>
              dataTypeEquals(dataTypeOf(v), out[i]!.dataType)
                ? null
                : `(${exprSql(v, ctx)}, ${out[i]!.name})`,
            )
            .filter((x) => x !== null)
            .join(', ')}], left side: [${lt}], right side: [${rt}]`,
          { leftType: lt, rightType: rt },
        );
      }
      const castPlan = coerced.some((c, i) => c && c.right !== out[i])
        ? projectCast(
            plan,
            coerced.map((c, i) => c?.right ?? out[i]!),
            ctx,
          )
        : plan;
      return withOrigin(
        {
          kind: 'InSubquery',
          values: coerced.map((c, i) => c?.left ?? values[i]!),
          plan: castPlan,
          outerAttrs: collectOuterReferences(plan),
        },
        e,
      );
    }
    case 'UnresolvedExtractValue':
      return resolveExtractValue(r(e.child), r(e.extraction), ctx);
    case 'LambdaFunction':
      // Bound by the higher-order function that takes it (resolveFunctionCall).
      return e;
    case 'UnresolvedOrdinal':
      return e;
  }
}

function projectCast(plan: LogicalPlan, casted: readonly Expr[], ctx: AnalyzerContext): LogicalPlan {
  const out = outputOf(plan);
  return {
    kind: 'Project',
    projectList: casted.map((c, i) =>
      c === out[i] ? out[i]! : { kind: 'Alias', child: c, name: out[i]!.name, id: ctx.nextExprId() },
    ),
    child: plan,
  };
}

function foldNegativeLiteral(lit: Extract<Expr, { kind: 'Literal' }>): Expr {
  const v = lit.value;
  if (typeof v === 'number')
    return {
      ...lit,
      value: v === 0 && lit.dataType.kind !== 'double' && lit.dataType.kind !== 'float' ? 0 : -v,
    };
  if (typeof v === 'bigint') {
    // -2147483648 is an int literal: the parser read 2147483648 as bigint before the sign.
    if (lit.dataType.kind === 'long' && v === 2147483648n)
      return { ...lit, value: -2147483648, dataType: T.int };
    return { ...lit, value: -v };
  }
  return lit;
}

function booleanOperand(x: Expr, parent: Expr, ctx: AnalyzerContext): Expr {
  const t = dataTypeOf(x);
  if (t.kind === 'boolean') return x;
  if (t.kind === 'null') return castTo(x, T.boolean, ctx.conf.ansi);
  if (t.kind === 'string' && !ctx.conf.ansi) return castTo(x, T.boolean, false);
  const sql = exprSql(parent.kind === 'CaseWhen' ? x : parent, ctx);
  throw typeMismatch(
    'UNEXPECTED_INPUT_TYPE',
    sql,
    `Parameter 1 requires the "BOOLEAN" type, however "${exprSql(x, ctx)}" has the type ${typeText(t)}`,
    {
      paramIndex: 'first',
      requiredType: '"BOOLEAN"',
      inputSql: `"${exprSql(x, ctx)}"`,
      inputType: typeText(t),
    },
  );
}

function resolveAttribute(
  e: Extract<Expr, { kind: 'UnresolvedAttribute' }>,
  scope: Scope,
  ctx: AnalyzerContext,
): Expr {
  // Lambda variables shadow columns.
  if (scope.lambdas) {
    for (let i = scope.lambdas.length - 1; i >= 0; i--) {
      const v = scope.lambdas[i]!;
      // acc.sum: a field of a struct-typed lambda variable.
      if (v.name.toLowerCase() === e.nameParts[0]!.toLowerCase())
        return withFields(v, e.nameParts.slice(1), ctx);
    }
  }
  const local = resolveName(e.nameParts, scope.attrs, ctx.conf.caseSensitive);
  if (local) return withFields(local.attr, local.nestedFields, ctx);
  // Only the immediately enclosing query is visible to a subquery, as in Spark.
  const outer = scope.outer;
  if (outer) {
    const m = resolveName(e.nameParts, outer.attrs, ctx.conf.caseSensitive);
    if (m) return withFields({ kind: 'OuterReference', attr: m.attr }, m.nestedFields, ctx);
  }
  const err = unresolvedColumn(e.nameParts, scope.attrs);
  throw e.origin ? attachOrigin(err, e) : err;
}

function attachOrigin(err: FlintError, e: Expr): FlintError {
  if (!e.origin || err.queryContext) return err;
  return new FlintError(
    err.errorClass,
    err.message,
    err.messageParameters,
    {
      sqlText: '',
      start: e.origin.start,
      stop: e.origin.stop,
      line: e.origin.line,
      column: e.origin.column,
      fragment: '',
    },
    err.sqlState,
  );
}

function withFields(base: Expr, fields: readonly string[], ctx: AnalyzerContext): Expr {
  let e = base;
  for (const f of fields) e = resolveExtractValue(e, { kind: 'Literal', value: f, dataType: T.string }, ctx);
  return e;
}

function resolveExtractValue(child: Expr, extraction: Expr, ctx: AnalyzerContext): Expr {
  const t = dataTypeOf(child);
  const def = (name: string) => lookupFunction(name);
  const call = (name: string, args: Expr[]): Expr => {
    const d = def(name);
    if (!d)
      throw new FlintError(
        'UNRESOLVED_ROUTINE',
        `[UNRESOLVED_ROUTINE] Cannot resolve routine \`${name}\`.`,
        { routineName: `\`${name}\`` },
        null,
        '42883',
      );
    return d.resolve(
      args,
      { distinct: false, isStar: false, filter: null, ignoreNulls: false },
      ctx.functionCtx,
    );
  };
  if (t.kind === 'struct' && extraction.kind === 'Literal' && typeof extraction.value === 'string') {
    const name = extraction.value;
    const idx = t.fields.findIndex((f) =>
      ctx.conf.caseSensitive ? f.name === name : f.name.toLowerCase() === name.toLowerCase(),
    );
    if (idx < 0) {
      throw new FlintError(
        'FIELD_NOT_FOUND',
        `[FIELD_NOT_FOUND] No such struct field \`${name}\` in ${t.fields.map((f) => `\`${f.name}\``).join(', ')}. SQLSTATE: 42704`,
        { fieldName: `\`${name}\``, fields: t.fields.map((f) => `\`${f.name}\``).join(', ') },
        null,
        '42704',
      );
    }
    const field = t.fields[idx]!;
    return {
      kind: 'ScalarFunction',
      name: 'get_struct_field',
      args: [child],
      dataType: field.dataType,
      nullable: nullableOf(child) || field.nullable,
      options: { ordinal: idx, name: field.name },
    };
  }
  if (t.kind === 'array') return call('get_array_item', [child, extraction]);
  if (t.kind === 'map') return call('get_map_value', [child, extraction]);
  throw new FlintError(
    'INVALID_EXTRACT_BASE_FIELD_TYPE',
    `[INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a value from "${exprSql(child, ctx)}". Need a complex type [STRUCT, ARRAY, MAP] but got ${typeText(t)}. SQLSTATE: 42000`,
    { base: `"${exprSql(child, ctx)}"`, other: typeText(t) },
    null,
    '42000',
  );
}

function resolveArithmetic(e: Extract<Expr, { kind: 'Arithmetic' }>, ctx: AnalyzerContext): Expr {
  // Datetime and interval operands become functions, as Spark's ResolveBinaryArithmetic rewrites them.
  const env: ArithmeticEnv = {
    ansi: ctx.conf.ansi,
    allowPrecisionLoss:
      ctx.functionCtx.conf.get('spark.sql.decimalOperations.allowPrecisionLoss')?.toLowerCase() !== 'false',
    call: (name, args) =>
      lookupFunction(name)!.resolve(
        args,
        { distinct: false, isStar: false, filter: null, ignoreNulls: false, name },
        ctx.functionCtx,
      ),
    sql: (x) => exprSql(x, ctx),
  };
  const evalMode = e.evalMode === 'TRY' ? 'TRY' : evalModeOf(ctx);
  const r = resolveBinaryArithmetic(e.op, e.left, e.right, evalMode, env, exprSql(e, ctx));
  return r.kind === 'Arithmetic' && e.origin ? { ...r, origin: e.origin } : r;
}

function resolveTypedLiteral(
  e: Extract<Expr, { kind: 'UnresolvedTypedLiteral' }>,
  ctx: AnalyzerContext,
): Expr {
  const invalid = () => {
    const err = new FlintError(
      'INVALID_TYPED_LITERAL',
      `[INVALID_TYPED_LITERAL] The value of the typed literal "${e.typeName}" is invalid: '${e.text}'. SQLSTATE: 42604`,
      { valueType: `"${e.typeName}"`, value: `'${e.text}'` },
      null,
      '42604',
    );
    return attachOrigin(err, e);
  };
  switch (e.typeName) {
    case 'DATE': {
      const d = parseDate(e.text);
      if (d === null) throw invalid();
      return { kind: 'Literal', value: d, dataType: T.date };
    }
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      const ts = parseTimestamp(e.text, ctx.conf.timeZone);
      if (ts === null) throw invalid();
      return { kind: 'Literal', value: ts, dataType: T.timestamp };
    }
    case 'TIMESTAMP_NTZ': {
      const ts = parseTimestampNTZ(e.text);
      if (ts === null) throw invalid();
      return { kind: 'Literal', value: ts, dataType: T.timestampNtz };
    }
    case 'TIME': {
      const t = parseTime(e.text);
      if (t === null) throw invalid();
      return { kind: 'Literal', value: truncateTime(t, 6), dataType: T.time(6) };
    }
    case 'INTERVAL':
      return parseIntervalLiteral(e.text);
    default:
      throw invalid();
  }
}

function resolveFunctionCall(
  e: Extract<Expr, { kind: 'UnresolvedFunction' }>,
  scope: Scope,
  ctx: AnalyzerContext,
): Expr {
  const name = e.name[e.name.length - 1]!.toLowerCase();
  const qualified = e.name.length > 1 ? e.name.map((p) => p.toLowerCase()) : null;
  if (qualified && !(qualified.length === 2 && (qualified[0] === 'builtin' || qualified[0] === 'system'))) {
    // Only builtin functions exist: a qualified name under another schema is unknown.
  }
  if (name === 'between' && e.args.length === 3) {
    const [v, lo, hi] = e.args.map((a) => resolveExpr(a, scope, ctx)) as [Expr, Expr, Expr];
    const ge = resolveExpr({ kind: 'Comparison', op: 'GreaterThanOrEqual', left: v, right: lo }, scope, ctx);
    const le = resolveExpr({ kind: 'Comparison', op: 'LessThanOrEqual', left: v, right: hi }, scope, ctx);
    return { kind: 'And', left: ge, right: le };
  }
  if (e.isStar && name !== 'count') {
    // f(*) passes every input column, as Spark expands the star in function arguments.
    return resolveFunctionCall(
      { ...e, isStar: false, args: [{ kind: 'UnresolvedStar', target: null }] },
      scope,
      ctx,
    );
  }
  const def = lookupFunction(name);
  const castTarget = CAST_ALIASES[name];
  if (!def && castTarget && e.args.length === 1) {
    // int(x), date(x), string(x)...: a cast that generated names leave out, as Spark's cast aliases.
    const child = resolveExpr(e.args[0]!, scope, ctx);
    return { kind: 'Cast', child, dataType: castTarget, evalMode: evalModeOf(ctx), userSpecified: false };
  }
  if (!def) {
    const routine = e.name.map((p) => `\`${p}\``).join('.');
    const err = new FlintError(
      'UNRESOLVED_ROUTINE',
      `[UNRESOLVED_ROUTINE] Cannot resolve routine ${routine} on search path [\`system\`.\`builtin\`, \`system\`.\`session\`, \`spark_catalog\`.\`default\`]. SQLSTATE: 42883`,
      {
        routineName: routine,
        searchPath: '[`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`]',
      },
      null,
      '42883',
    );
    throw attachOrigin(err, e);
  }
  if (def.kind === 'aggregate' && !scope.allowAggregates) {
    throw new FlintError(
      'INVALID_WHERE_CONDITION',
      `[INVALID_WHERE_CONDITION] The WHERE condition contains invalid expressions: ${name}. Rewrite the query to avoid aggregate functions in the WHERE clause.`,
      { condition: name, expressionList: name },
      null,
      '42903',
    );
  }
  checkWithinGroupSupported(e, def);
  // Aggregate arguments cannot themselves contain aggregates.
  const argScope: Scope =
    def.kind === 'aggregate' ? { ...scope, allowAggregates: false, allowWindows: false } : scope;
  const args: Expr[] = [];
  for (const a of e.args) {
    if (a.kind === 'UnresolvedStar') {
      args.push(...expandStar(a, scope, ctx));
    } else if (a.kind === 'LambdaFunction') {
      args.push(a);
    } else {
      args.push(resolveExpr(a, argScope, ctx));
    }
  }
  const bound = args.some((a) => a.kind === 'LambdaFunction') ? bindLambdas(args, scope, ctx, def) : args;
  const call: CallInfo = {
    distinct: e.distinct,
    isStar: e.isStar,
    filter: e.filter ? resolveExpr(e.filter, { ...scope, allowAggregates: false }, ctx) : null,
    ignoreNulls: e.ignoreNulls,
    name: e.name[e.name.length - 1]!,
    ...(e.orderWithin ? { orderWithin: e.orderWithin.map((o) => resolveExpr(o, argScope, ctx)) } : {}),
    ...(e.origin ? { origin: e.origin } : {}),
  };
  try {
    return withOrigin(def.resolve(bound, call, ctx.functionCtx), e);
  } catch (err) {
    throw err instanceof FlintError ? attachOrigin(err, e) : err;
  }
}

/** Resolves lambda bodies once the other arguments are typed: x in `transform(arr, x -> ...)` is an element. */
function bindLambdas(args: readonly Expr[], scope: Scope, ctx: AnalyzerContext, def?: FunctionDef): Expr[] {
  const first = args[0];
  const firstType = first && first.kind !== 'LambdaFunction' ? dataTypeOf(first) : T.null;
  const elementTypes: DataType[] =
    firstType.kind === 'array'
      ? [firstType.elementType, T.int]
      : firstType.kind === 'map'
        ? [firstType.keyType, firstType.valueType]
        : [T.null];
  if (def !== undefined && def.lambdaParamTypes === undefined) {
    throw new FlintError(
      'INVALID_LAMBDA_FUNCTION_CALL.NON_HIGHER_ORDER_FUNCTION',
      `[INVALID_LAMBDA_FUNCTION_CALL.NON_HIGHER_ORDER_FUNCTION] Invalid lambda function call. A lambda function should only be used in a higher order function. However, its class is \`${def.name}\`, which is not a higher order function. SQLSTATE: 42K0D`,
      { class: def.name },
      null,
      '42K0D',
    );
  }
  return args.map((a, argIndex) => {
    if (a.kind !== 'LambdaFunction') return a;
    // aggregate(arr, zero, (acc, x) -> ..., acc -> ...): the accumulator has the zero's type.
    let types: readonly DataType[] = elementTypes;
    if (def?.lambdaParamTypes) types = def.lambdaParamTypes(args, argIndex);
    else if (argIndex >= 2 && args[1] && args[1].kind !== 'LambdaFunction') {
      const zeroType = dataTypeOf(args[1]);
      types = argIndex === 2 ? [zeroType, elementTypes[0]!] : [zeroType];
    }
    const params: LambdaVariable[] = a.params.map((p, i) => ({
      kind: 'LambdaVariable',
      name: p.name,
      id: ctx.nextExprId(),
      dataType: types[i] ?? T.null,
      nullable: true,
    }));
    const inner: Scope = { ...scope, lambdas: [...(scope.lambdas ?? []), ...params] };
    return { kind: 'LambdaFunction', params, body: resolveExpr(a.body, inner, ctx) };
  });
}

export function expandStar(
  e: Extract<Expr, { kind: 'UnresolvedStar' }>,
  scope: Scope,
  ctx: AnalyzerContext,
): NamedExpr[] {
  const expanded = expandStarTarget(e, scope, ctx);
  return e.except ? applyStarExcept(expanded, e.except, ctx) : expanded;
}

/** `* EXCEPT (...)`: drops the named columns, or rebuilds a struct column without the named fields. */
function applyStarExcept(
  cols: readonly NamedExpr[],
  except: readonly (readonly string[])[],
  ctx: AnalyzerContext,
): NamedExpr[] {
  const attrs = cols.map((c) => (c.kind === 'AttributeReference' ? c : { ...outputOfNamed(c) }));
  let out: NamedExpr[] = [...cols];
  for (const path of except) {
    const m = resolveName(path, attrs, ctx.conf.caseSensitive);
    if (!m) throw unresolvedColumn(path, attrs);
    const i = out.findIndex((c) => c.id === m.attr.id);
    if (i < 0) continue;
    if (m.nestedFields.length === 0) {
      out = out.filter((_, k) => k !== i);
      continue;
    }
    const col = out[i]!;
    const value = col.kind === 'Alias' ? col.child : col;
    const dropped = dropStructField(value, m.nestedFields, ctx);
    out[i] = { kind: 'Alias', child: dropped, name: col.name, id: col.id };
  }
  return out;
}

function outputOfNamed(c: NamedExpr): AttributeRef {
  return c.kind === 'AttributeReference'
    ? c
    : {
        kind: 'AttributeReference',
        id: c.id,
        name: c.name,
        dataType: dataTypeOf(c.child),
        nullable: nullableOf(c.child),
        qualifier: [],
      };
}

/** The struct `value` without the field at `path`; NULL stays NULL. */
function dropStructField(value: Expr, path: readonly string[], ctx: AnalyzerContext): Expr {
  const t = dataTypeOf(value);
  if (t.kind !== 'struct') {
    throw new FlintError(
      'EXCEPT_NESTED_COLUMN_INVALID_TYPE',
      `[EXCEPT_NESTED_COLUMN_INVALID_TYPE] EXCEPT column \`${path.join('.')}\` was resolved and expected to be StructType, but found type ${prettyTypeName(t)}. SQLSTATE: 428H2`,
      { columnName: `\`${path.join('.')}\``, dataType: prettyTypeName(t) },
      null,
      '428H2',
    );
  }
  const [head, ...rest] = path;
  const eq = (a: string, b: string) =>
    ctx.conf.caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase();
  const idx = t.fields.findIndex((f) => eq(f.name, head!));
  if (idx < 0) throw unresolvedColumn(path, []);
  const args: Expr[] = [];
  t.fields.forEach((f, i) => {
    if (i === idx && rest.length === 0) return;
    let v = resolveExtractValue(value, { kind: 'Literal', value: f.name, dataType: T.string }, ctx);
    if (i === idx) v = dropStructField(v, rest, ctx);
    args.push({ kind: 'Literal', value: f.name, dataType: T.string }, v);
  });
  const def = lookupFunction('named_struct')!;
  const rebuilt = def.resolve(
    args,
    { distinct: false, isStar: false, filter: null, ignoreNulls: false, name: 'named_struct' },
    ctx.functionCtx,
  );
  if (!nullableOf(value)) return rebuilt;
  return {
    kind: 'CaseWhen',
    branches: [
      {
        condition: { kind: 'IsNull', child: value },
        value: { kind: 'Literal', value: null, dataType: dataTypeOf(rebuilt) },
      },
    ],
    elseValue: rebuilt,
    dataType: dataTypeOf(rebuilt),
  };
}

function expandStarTarget(
  e: Extract<Expr, { kind: 'UnresolvedStar' }>,
  scope: Scope,
  ctx: AnalyzerContext,
): NamedExpr[] {
  if (e.ofColumns) {
    const ids = new Set(e.ofColumns);
    return scope.attrs.filter((a) => ids.has(a.id));
  }
  if (!e.target) return [...scope.attrs];
  const target = e.target;
  const matches = scope.attrs.filter((a) => {
    if (a.qualifier.length < target.length) return false;
    const off = a.qualifier.length - target.length;
    return target.every((t, i) =>
      ctx.conf.caseSensitive
        ? a.qualifier[off + i] === t
        : a.qualifier[off + i]!.toLowerCase() === t.toLowerCase(),
    );
  });
  if (matches.length === 0) {
    // t.* where t is a struct column expands its fields.
    const col = resolveName(target, scope.attrs, ctx.conf.caseSensitive);
    const base = col ? withFields(col.attr, col.nestedFields, ctx) : null;
    const bt = base ? dataTypeOf(base) : null;
    if (base && bt && bt.kind === 'struct') {
      return bt.fields.map((f) => ({
        kind: 'Alias' as const,
        child: resolveExtractValue(base, { kind: 'Literal', value: f.name, dataType: T.string }, ctx),
        name: f.name,
        id: ctx.nextExprId(),
      }));
    }
    const name = target.map((p) => `\`${p}\``).join('.');
    throw new FlintError(
      'CANNOT_RESOLVE_STAR_EXPAND',
      `[CANNOT_RESOLVE_STAR_EXPAND] Cannot resolve ${name}.* given input columns ${scope.attrs.map((a) => `\`${a.name}\``).join(', ')}. Please check that the specified table or struct exists and is accessible in the input columns. SQLSTATE: 42704`,
      { targetString: name, columns: scope.attrs.map((a) => `\`${a.name}\``).join(', ') },
      null,
      '42704',
    );
  }
  return matches;
}

const CAST_ALIASES: Record<string, DataType> = {
  boolean: T.boolean,
  tinyint: T.byte,
  smallint: T.short,
  int: T.int,
  bigint: T.long,
  float: T.float,
  double: T.double,
  decimal: T.decimal(10, 0),
  date: T.date,
  timestamp: T.timestamp,
  binary: T.binary,
  string: T.string,
};

const RANKING = new Set(['row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile']);
const OFFSET_FUNCTIONS = new Set(['lag', 'lead']);

function resolveWindowExpression(
  e: Extract<Expr, { kind: 'UnresolvedWindowExpression' }>,
  scope: Scope,
  ctx: AnalyzerContext,
): Expr {
  if (!scope.allowWindows) {
    throw new FlintError(
      'UNSUPPORTED_EXPR_FOR_WINDOW',
      `[UNSUPPORTED_EXPR_FOR_WINDOW] Expression not supported within a window function.`,
      {},
      null,
      '42P20',
    );
  }
  const fnScope: Scope = { ...scope, allowAggregates: true, allowWindows: false };
  const inner = e.function;
  let fnExpr: Expr;
  if (inner.kind === 'UnresolvedFunction') {
    const name = inner.name[inner.name.length - 1]!.toLowerCase();
    const def = lookupFunction(name);
    if (!def) return resolveFunctionCall(inner, fnScope, ctx);
    checkWithinGroupSupported(inner, def);
    const args = inner.args.map((a) =>
      resolveExpr(a, { ...scope, allowAggregates: scope.allowAggregates, allowWindows: false }, ctx),
    );
    const argScope: Scope = { ...scope, allowAggregates: false, allowWindows: false };
    try {
      fnExpr = def.resolve(
        args,
        {
          distinct: inner.distinct,
          isStar: inner.isStar,
          filter: inner.filter ? resolveExpr(inner.filter, scope, ctx) : null,
          ignoreNulls: inner.ignoreNulls,
          name: inner.name[inner.name.length - 1]!,
          ...(inner.orderWithin
            ? { orderWithin: inner.orderWithin.map((o) => resolveExpr(o, argScope, ctx)) }
            : {}),
          ...(e.origin ? { origin: e.origin } : {}),
        },
        ctx.functionCtx,
      );
    } catch (err) {
      throw err instanceof FlintError && e.origin ? attachOrigin(err, e) : err;
    }
    if (def.kind === 'scalar') {
      throw new FlintError(
        'UNSUPPORTED_EXPR_FOR_WINDOW',
        `[UNSUPPORTED_EXPR_FOR_WINDOW] Expression "${exprSql(fnExpr, ctx)}" not supported within a window function. SQLSTATE: 42P20`,
        { sqlExpr: `"${exprSql(fnExpr, ctx)}"` },
        null,
        '42P20',
      );
    }
  } else {
    fnExpr = resolveExpr(inner, fnScope, ctx);
  }
  const partitionSpec = e.partitionSpec.map((p) => resolveExpr(p, { ...scope, allowWindows: false }, ctx));
  const orderSpec = e.orderSpec.map(
    (o) => resolveExpr(o, { ...scope, allowWindows: false }, ctx) as SortOrder,
  );
  if (fnExpr.kind === 'AggregateExpression') checkWindowedAggregate(e, fnExpr, orderSpec, partitionSpec, ctx);
  const fnName = fnExpr.kind === 'WindowFunction' ? fnExpr.name : '';
  let frame = e.frame;
  if (fnExpr.kind === 'WindowFunction' && (RANKING.has(fnName) || OFFSET_FUNCTIONS.has(fnName))) {
    if (orderSpec.length === 0) {
      throw new FlintError(
        'WINDOW_FUNCTION_FRAME_NOT_ORDERED',
        `Window function ${fnName}() requires window to be ordered, please add ORDER BY clause.`,
        { windowExpr: fnName },
        null,
        '42601',
      );
    }
    if (OFFSET_FUNCTIONS.has(fnName)) {
      const off = fnExpr.args[1];
      const n = off && off.kind === 'Literal' ? Number(off.value) : 1;
      const signed = fnName === 'lag' ? -n : n;
      const lit: Expr = { kind: 'Literal', value: signed, dataType: T.int };
      frame = {
        frameType: 'RowFrame',
        lower: { kind: 'Offset', value: lit },
        upper: { kind: 'Offset', value: lit },
      };
    } else {
      frame = { frameType: 'RowFrame', lower: { kind: 'UnboundedPreceding' }, upper: { kind: 'CurrentRow' } };
    }
  }
  if (!frame) {
    frame =
      orderSpec.length === 0
        ? {
            frameType: 'RowFrame',
            lower: { kind: 'UnboundedPreceding' },
            upper: { kind: 'UnboundedFollowing' },
          }
        : { frameType: 'RangeFrame', lower: { kind: 'UnboundedPreceding' }, upper: { kind: 'CurrentRow' } };
  } else {
    frame = {
      ...frame,
      lower: resolveBound(frame.lower, scope, ctx),
      upper: resolveBound(frame.upper, scope, ctx),
    };
  }
  const windowExpr = withOrigin(
    { kind: 'WindowExpression', function: fnExpr, partitionSpec, orderSpec, frame },
    e,
  ) as Extract<Expr, { kind: 'WindowExpression' }>;
  if (e.frame !== null) checkWindowFrame(windowExpr, ctx);
  return windowExpr;
}

function frameMismatch(sub: string, message: string, params: Record<string, string>): FlintError {
  return new FlintError(
    `DATATYPE_MISMATCH.${sub}`,
    `[DATATYPE_MISMATCH.${sub}] Cannot resolve ${params['sqlExpr'] ?? ''} due to data type mismatch: ${message} SQLSTATE: 42K09`,
    params,
    null,
    '42K09',
  );
}

/** A frame offset's constant value, when it is a literal (PRECEDING offsets are negated literals). */
function offsetValue(b: FrameBoundary): number | null {
  if (b.kind === 'CurrentRow') return 0;
  if (b.kind !== 'Offset') return null;
  const v = b.value;
  const lit =
    v.kind === 'UnaryMinus' && v.child.kind === 'Literal' ? v.child : v.kind === 'Literal' ? v : null;
  if (lit === null || (typeof lit.value !== 'number' && typeof lit.value !== 'bigint')) return null;
  const n = Number(lit.value);
  return v.kind === 'UnaryMinus' ? -n : n;
}

/** Whether a RANGE frame over an ORDER BY of type `order` may take offsets of type `bound` (Spark's rule). */
function rangeBoundTypeValid(order: DataType, bound: DataType): boolean {
  if (isNumeric(order) && isNumeric(bound)) return true;
  switch (order.kind) {
    case 'date':
      return (
        bound.kind === 'integer' ||
        bound.kind === 'year_month_interval' ||
        // INTERVAL '5' DAY: a day-time interval of whole days only.
        (bound.kind === 'day_time_interval' && bound.startField === 0 && bound.endField === 0)
      );
    case 'timestamp':
    case 'timestamp_ntz':
      return (
        bound.kind === 'calendar_interval' ||
        bound.kind === 'year_month_interval' ||
        bound.kind === 'day_time_interval'
      );
    default:
      return order.kind === bound.kind;
  }
}

/**
 * Spark's frame checks: ROWS offsets are INT, RANGE offsets numeric or intervals; no UNBOUNDED
 * FOLLOWING start or UNBOUNDED PRECEDING end; start <= end; a RANGE frame with offsets needs one
 * ORDER BY column of a type the offsets fit.
 */
function checkWindowFrame(w: Extract<Expr, { kind: 'WindowExpression' }>, ctx: AnalyzerContext): void {
  const full = exprSql(w, ctx);
  const spec = full.slice(full.lastIndexOf(' OVER ') + 6);
  const frameStart = Math.max(spec.lastIndexOf('ROWS BETWEEN'), spec.lastIndexOf('RANGE BETWEEN'));
  const frameSql = `"${frameStart >= 0 ? spec.slice(frameStart, -1) : spec}"`;
  const { frame, orderSpec } = w;
  const fail = (err: FlintError): never => {
    throw w.origin ? attachOrigin(err, w) : err;
  };
  const bounds: [FrameBoundary, 'lower' | 'upper'][] = [
    [frame.lower, 'lower'],
    [frame.upper, 'upper'],
  ];
  for (const [b, location] of bounds) {
    if (b.kind !== 'Offset') continue;
    const t = dataTypeOf(b.value);
    const ok =
      frame.frameType === 'RowFrame'
        ? t.kind === 'integer'
        : // A string offset ('inf') is cast to the ORDER BY type, as Spark's coercion does.
          t.kind === 'string' ||
          isNumeric(t) ||
          t.kind === 'year_month_interval' ||
          t.kind === 'day_time_interval' ||
          t.kind === 'calendar_interval';
    if (!ok) {
      const expectedType =
        frame.frameType === 'RowFrame'
          ? '"INT"'
          : '("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL")';
      const exprType = `"${typeSql(t)}"`;
      fail(
        frameMismatch(
          'SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE',
          `The data type of the ${location} bound ${exprType} does not match the expected data type ${expectedType}.`,
          { sqlExpr: frameSql, location, exprType, expectedType },
        ),
      );
    }
  }
  if (frame.lower.kind === 'UnboundedFollowing' || frame.upper.kind === 'UnboundedPreceding') {
    const name = (b: FrameBoundary): string =>
      b.kind === 'UnboundedFollowing'
        ? 'UNBOUNDED FOLLOWING'
        : b.kind === 'UnboundedPreceding'
          ? 'UNBOUNDED PRECEDING'
          : b.kind === 'CurrentRow'
            ? 'CURRENT ROW'
            : exprSql(b.value, ctx);
    const lower = `"${name(frame.lower)}"`;
    const upper = `"${name(frame.upper)}"`;
    fail(
      frameMismatch(
        'SPECIFIED_WINDOW_FRAME_INVALID_BOUND',
        `Window frame upper bound ${upper} does not follow the lower bound ${lower}.`,
        { sqlExpr: frameSql, lower, upper },
      ),
    );
  }
  const lo = offsetValue(frame.lower);
  const hi = offsetValue(frame.upper);
  if (lo !== null && hi !== null && lo > hi) {
    fail(
      frameMismatch(
        'SPECIFIED_WINDOW_FRAME_WRONG_COMPARISON',
        'The lower bound of a window frame must be less than or equal to the upper bound.',
        { sqlExpr: frameSql, comparison: 'less than or equal' },
      ),
    );
  }
  const hasOffsets = frame.lower.kind === 'Offset' || frame.upper.kind === 'Offset';
  if (frame.frameType !== 'RangeFrame' || !hasOffsets) return;
  const specSql = `"${spec}"`;
  if (orderSpec.length === 0) {
    fail(
      frameMismatch(
        'RANGE_FRAME_WITHOUT_ORDER',
        'A range window frame cannot be used in an unordered window specification.',
        {
          sqlExpr: specSql,
        },
      ),
    );
  }
  if (orderSpec.length > 1) {
    const order = orderSpec
      .map(
        (o) =>
          `${exprSql(o.child, ctx)} ${o.direction === 'Descending' ? 'DESC' : 'ASC'} ${o.nullOrdering === 'NullsLast' ? 'NULLS LAST' : 'NULLS FIRST'}`,
      )
      .join(',');
    fail(
      frameMismatch(
        'RANGE_FRAME_MULTI_ORDER',
        `A range window frame with value boundaries cannot be used in a window specification with multiple order by expressions: ${order}.`,
        { sqlExpr: specSql, orderSpec: order },
      ),
    );
  }
  const orderType = dataTypeOf(orderSpec[0]!.child);
  for (const [b] of bounds) {
    if (b.kind !== 'Offset') continue;
    const bt = dataTypeOf(b.value);
    if (bt.kind !== 'string' && !rangeBoundTypeValid(orderType, bt)) {
      const orderSpecType = `"${typeSql(orderType)}"`;
      const valueBoundaryType = `"${typeSql(bt)}"`;
      fail(
        frameMismatch(
          'RANGE_FRAME_INVALID_TYPE',
          `The data type ${orderSpecType} used in the order specification does not support the data type ${valueBoundaryType} which is used in the range frame.`,
          { sqlExpr: specSql, orderSpecType, valueBoundaryType },
        ),
      );
    }
  }
}

/** Functions that take WITHIN GROUP (ORDER BY ...); any other function rejects the clause. */
const WITHIN_GROUP_FUNCTIONS = new Set([
  'listagg',
  'string_agg',
  'percentile_cont',
  'percentile_disc',
  'mode',
]);

/** INVALID_SQL_SYNTAX.FUNCTION_WITH_UNSUPPORTED_SYNTAX for `f(...) WITHIN GROUP (...)` on other functions. */
export function checkWithinGroupSupported(
  call: Extract<Expr, { kind: 'UnresolvedFunction' }>,
  def: { readonly name: string },
): void {
  if (call.orderWithin === undefined || WITHIN_GROUP_FUNCTIONS.has(def.name)) return;
  const pretty = `\`${call.name[call.name.length - 1]!.toLowerCase()}\``;
  const err = new FlintError(
    'INVALID_SQL_SYNTAX.FUNCTION_WITH_UNSUPPORTED_SYNTAX',
    `[INVALID_SQL_SYNTAX.FUNCTION_WITH_UNSUPPORTED_SYNTAX] Invalid SQL syntax: The function ${pretty} does not support WITHIN GROUP (ORDER BY ...). SQLSTATE: 42000`,
    { prettyName: pretty, syntax: 'WITHIN GROUP (ORDER BY ...)' },
    null,
    '42000',
  );
  throw call.origin ? attachOrigin(err, call) : err;
}

/** Aggregates ordered WITHIN GROUP take neither a window ORDER BY nor a frame; DISTINCT is not windowed. */
function checkWindowedAggregate(
  e: Extract<Expr, { kind: 'UnresolvedWindowExpression' }>,
  agg: Extract<Expr, { kind: 'AggregateExpression' }>,
  orderSpec: readonly SortOrder[],
  partitionSpec: readonly Expr[],
  ctx: AnalyzerContext,
): void {
  const within = (agg.options?.['orderWithin'] as readonly string[] | undefined) ?? [];
  const ordered =
    within.length > 0 ||
    agg.name === 'percentile_cont' ||
    agg.name === 'percentile_disc' ||
    agg.name === 'median';
  if (ordered && (orderSpec.length > 0 || e.frame !== null)) {
    // percentile_cont/disc hold (value, percentage); listagg holds (value, separator, ...keys).
    const nPlain = agg.name === 'listagg' ? 2 : agg.args.length;
    const plain = agg.args.slice(0, nPlain).map((a) => exprSql(a, ctx));
    const keys = agg.args.slice(nPlain).map((a, i) => {
      const [d, n] = (within[i] ?? '').split(':');
      return `${exprSql(a, ctx)} ${d === 'Descending' ? 'DESC' : 'ASC'} ${n === 'NullsLast' ? 'NULLS LAST' : 'NULLS FIRST'}`;
    });
    const aggFunc = `"${agg.name}(${[...plain, ...keys].join(', ')})"`;
    const err = new FlintError(
      'INVALID_WINDOW_SPEC_FOR_AGGREGATION_FUNC',
      `[INVALID_WINDOW_SPEC_FOR_AGGREGATION_FUNC] Cannot specify ORDER BY or a window frame for ${aggFunc}. SQLSTATE: 42601`,
      { aggFunc },
      null,
      '42601',
    );
    throw e.origin ? attachOrigin(err, e) : err;
  }
  if (agg.distinct) {
    const frame =
      e.frame ??
      (orderSpec.length === 0
        ? {
            frameType: 'RowFrame' as const,
            lower: { kind: 'UnboundedPreceding' as const },
            upper: { kind: 'UnboundedFollowing' as const },
          }
        : {
            frameType: 'RangeFrame' as const,
            lower: { kind: 'UnboundedPreceding' as const },
            upper: { kind: 'CurrentRow' as const },
          });
    const windowExpr = `"${exprSql({ kind: 'WindowExpression', function: agg, partitionSpec, orderSpec, frame }, ctx)}"`;
    const err = new FlintError(
      'DISTINCT_WINDOW_FUNCTION_UNSUPPORTED',
      `[DISTINCT_WINDOW_FUNCTION_UNSUPPORTED] Distinct window functions are not supported: ${windowExpr}. SQLSTATE: 0A000`,
      { windowExpr },
      null,
      '0A000',
    );
    throw e.origin ? attachOrigin(err, e) : err;
  }
}

function resolveBound(
  b: Extract<Expr, { kind: 'WindowExpression' }>['frame']['lower'],
  scope: Scope,
  ctx: AnalyzerContext,
): Extract<Expr, { kind: 'WindowExpression' }>['frame']['lower'] {
  if (b.kind !== 'Offset') return b;
  const v = resolveExpr(b.value, scope, ctx);
  return { kind: 'Offset', value: v };
}

/**
 * The attributes of enclosing queries a resolved subquery plan refers to, one entry per reference in
 * pre-order (Spark's getOuterReferences: it names the subquery, e.g. `scalarsubquery(t0a, t0a)`).
 * References a nested subquery makes to this plan's own columns are left out.
 */
export function collectOuterReferences(plan: LogicalPlan): AttributeRef[] {
  const found: AttributeRef[] = [];
  const produced = new Set<number>();
  const visitExpr = (e: Expr): void => {
    if (e.kind === 'OuterReference') {
      found.push(e.attr);
      return;
    }
    if (e.kind === 'ScalarSubquery' || e.kind === 'Exists' || e.kind === 'InSubquery') {
      found.push(...e.outerAttrs);
      if (e.kind === 'InSubquery') e.values.forEach(visitExpr);
      return;
    }
    mapChildren(e, (c) => {
      visitExpr(c);
      return c;
    });
  };
  const visitPlan = (p: LogicalPlan): void => {
    if (!p.kind.startsWith('Unresolved') && p.kind !== 'WithCTE')
      for (const a of outputOf(p)) produced.add(a.id);
    planExpressions(p).forEach(visitExpr);
    planChildren(p).forEach(visitPlan);
  };
  visitPlan(plan);
  return found.filter((a) => !produced.has(a.id));
}

/** Calls `f` on every top-level expression of every node of `plan`. */
export function visitPlanExprs(plan: LogicalPlan, f: (e: Expr) => void): void {
  for (const e of planExpressions(plan)) f(e);
  for (const c of planChildren(plan)) visitPlanExprs(c, f);
}

export function planExpressions(plan: LogicalPlan): readonly Expr[] {
  switch (plan.kind) {
    case 'Project':
      return plan.projectList;
    case 'Filter':
      return [plan.condition];
    case 'Aggregate':
      return [...plan.groupingExprs, ...plan.aggregateExprs];
    case 'Join':
      return plan.condition ? [plan.condition] : [];
    case 'Sort':
      return plan.order;
    case 'Window':
      return [...plan.windowExprs, ...plan.partitionSpec, ...plan.orderSpec];
    case 'Expand':
      return plan.projections.flat();
    case 'Generate':
      return [plan.generator];
    case 'Repartition':
      return plan.partitionExprs;
    default:
      return [];
  }
}

export function planChildren(plan: LogicalPlan): readonly LogicalPlan[] {
  switch (plan.kind) {
    case 'Join':
    case 'Intersect':
    case 'Except':
    case 'UnresolvedUsingJoin':
      return [plan.left, plan.right];
    case 'Union':
      return plan.children;
    case 'LocalRelation':
    case 'Range':
    case 'LogicalRelation':
    case 'OneRowRelation':
    case 'UnresolvedRelation':
    case 'UnresolvedInlineTable':
    case 'UnresolvedTableFunction':
      return [];
    case 'WithCTE':
      return [...plan.ctes.map((c) => c.plan), plan.child];
    case 'UnionLoop':
      return [plan.anchor, plan.recursion];
    case 'UnionLoopRef':
      return [];
    default:
      return [plan.child];
  }
}
