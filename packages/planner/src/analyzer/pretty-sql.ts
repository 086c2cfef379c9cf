// Spark's generated column names (toPrettySQL): the SQL text of a resolved expression with attributes
// by bare name, literals as their value, and implicit casts left out.

import { assertNever, T, type DataType, type Value } from '@flint/common';
import {
  formatCalendarInterval,
  formatDate,
  formatDayTimeInterval,
  formatTimestamp,
  formatTimestampNTZ,
  formatTime,
  formatYearMonthInterval,
  javaDoubleToString,
  javaFloatToString,
  sqlTypeName,
} from '@flint/common';
import {
  ARITH_SYMBOL,
  BITWISE_SYMBOL,
  CMP_SYMBOL,
  type Expr,
  type FrameBoundary,
  type SortOrder,
  type WindowFrameSpec,
} from '../expr.js';
import { lookupFunction } from '../functions/index.js';

export interface PrettyContext {
  readonly timeZone: string;
}

/** A literal as Spark's Literal.toString shows it inside a generated name. */
export function literalToPretty(value: Value, type: DataType, ctx: PrettyContext): string {
  if (value === null) return 'NULL';
  switch (type.kind) {
    case 'double':
      return javaDoubleToString(value as number);
    case 'float':
      return javaFloatToString(value as number);
    case 'decimal': {
      const v = value as bigint;
      const neg = v < 0n;
      let digits = (neg ? -v : v).toString();
      // Java's BigDecimal.toString: scientific notation when the adjusted exponent is below -6.
      const adjusted = digits.length - 1 - type.scale;
      if (type.scale < 0 || adjusted < -6) {
        const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
        return `${neg ? '-' : ''}${mantissa}E${adjusted > 0 ? '+' : ''}${adjusted}`;
      }
      if (type.scale > 0) {
        digits = digits.padStart(type.scale + 1, '0');
        digits = digits.slice(0, -type.scale) + '.' + digits.slice(-type.scale);
      }
      return (neg ? '-' : '') + digits;
    }
    case 'date':
      return `DATE '${formatDate(value as number)}'`;
    case 'timestamp':
      return `TIMESTAMP '${formatTimestamp(value as bigint, ctx.timeZone)}'`;
    case 'timestamp_ntz':
      return `TIMESTAMP_NTZ '${formatTimestampNTZ(value as bigint)}'`;
    case 'time':
      return `TIME '${formatTime(value as bigint)}'`;
    case 'binary':
      return (
        "X'" +
        Array.from(value as Uint8Array, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join('') +
        "'"
      );
    case 'boolean':
      return value ? 'true' : 'false';
    case 'year_month_interval':
      return formatYearMonthInterval(value as number, true, type.startField, type.endField);
    case 'day_time_interval':
      return formatDayTimeInterval(value as bigint, true, type.startField, type.endField);
    case 'calendar_interval':
      return formatCalendarInterval(value as never);
    case 'array':
      return `ARRAY(${(value as Value[]).map((v) => literalToPretty(v, type.elementType, ctx)).join(', ')})`;
    default:
      return String(value);
  }
}

function frameBoundSql(b: FrameBoundary, ctx: PrettyContext, lower: boolean): string {
  switch (b.kind) {
    case 'UnboundedPreceding':
      return 'UNBOUNDED PRECEDING';
    case 'UnboundedFollowing':
      return 'UNBOUNDED FOLLOWING';
    case 'CurrentRow':
      return 'CURRENT ROW';
    case 'Offset': {
      const v = b.value;
      if (v.kind === 'Literal' && (typeof v.value === 'number' || typeof v.value === 'bigint')) {
        const n = typeof v.value === 'bigint' ? v.value : BigInt(Math.trunc(v.value));
        const abs = n < 0n ? -n : n;
        const text = literalToPretty(typeof v.value === 'bigint' ? abs : Math.abs(v.value), v.dataType, ctx);
        return n < 0n || (n === 0n && lower) ? `${text} PRECEDING` : `${text} FOLLOWING`;
      }
      if (v.kind === 'UnaryMinus') return `${prettySql(v.child, ctx)} PRECEDING`;
      return `${prettySql(v, ctx)} FOLLOWING`;
    }
  }
}

export function frameSql(f: WindowFrameSpec, ctx: PrettyContext): string {
  const type = f.frameType === 'RowFrame' ? 'ROWS' : 'RANGE';
  return `${type} BETWEEN ${frameBoundSql(f.lower, ctx, true)} AND ${frameBoundSql(f.upper, ctx, false)}`;
}

export function sortOrderSql(o: SortOrder, ctx: PrettyContext): string {
  return `${prettySql(o.child, ctx)} ${o.direction === 'Ascending' ? 'ASC' : 'DESC'} ${o.nullOrdering === 'NullsFirst' ? 'NULLS FIRST' : 'NULLS LAST'}`;
}

export function prettySql(e: Expr, ctx: PrettyContext): string {
  const p = (x: Expr) => prettySql(x, ctx);
  switch (e.kind) {
    case 'Literal':
      return literalToPretty(e.value, e.dataType, ctx);
    case 'AttributeReference':
      return e.name;
    case 'OuterReference':
      // Spark's OuterReference.sql: outer(<qualified name>).
      return `outer(${[...e.attr.qualifier, e.attr.name].join('.')})`;
    case 'LambdaVariable':
      // Spark prints lambda variables without their names in generated column names.
      return 'namedlambdavariable()';
    case 'Alias':
      return p(e.child);
    case 'Cast':
      if (!e.userSpecified) return p(e.child);
      return e.evalMode === 'TRY'
        ? `TRY_CAST(${p(e.child)} AS ${sqlTypeName(e.dataType)})`
        : `CAST(${p(e.child)} AS ${sqlTypeName(e.dataType)})`;
    case 'Arithmetic':
      if (e.op === 'Pmod') return `pmod(${p(e.left)}, ${p(e.right)})`;
      if (e.evalMode === 'TRY') {
        const name = {
          Add: 'try_add',
          Subtract: 'try_subtract',
          Multiply: 'try_multiply',
          Divide: 'try_divide',
          IntegralDivide: 'try_div',
          Remainder: 'try_mod',
        }[e.op];
        return `${name}(${p(e.left)}, ${p(e.right)})`;
      }
      return `(${p(e.left)} ${ARITH_SYMBOL[e.op]} ${p(e.right)})`;
    case 'UnaryMinus':
      return `(- ${p(e.child)})`;
    case 'UnaryPositive':
      return `(+ ${p(e.child)})`;
    case 'Comparison':
      return `(${p(e.left)} ${CMP_SYMBOL[e.op]} ${p(e.right)})`;
    case 'And':
      return `(${p(e.left)} AND ${p(e.right)})`;
    case 'Or':
      return `(${p(e.left)} OR ${p(e.right)})`;
    case 'Not':
      return `(NOT ${p(e.child)})`;
    case 'Bitwise':
      return `(${p(e.left)} ${BITWISE_SYMBOL[e.op]} ${p(e.right)})`;
    case 'BitwiseNot':
      return `~${p(e.child)}`;
    case 'IsNull':
      return `(${p(e.child)} IS NULL)`;
    case 'IsNotNull':
      return `(${p(e.child)} IS NOT NULL)`;
    case 'CaseWhen': {
      if (e.display) {
        const def = lookupFunction(e.display.name);
        const args = e.display.args.map(p);
        return def?.prettySql ? def.prettySql(e, args) : `${e.display.name}(${args.join(', ')})`;
      }
      const branches = e.branches.map((b) => ` WHEN ${p(b.condition)} THEN ${p(b.value)}`).join('');
      const otherwise = e.elseValue ? ` ELSE ${p(e.elseValue)}` : '';
      return `CASE${branches}${otherwise} END`;
    }
    case 'In':
      return `(${p(e.value)} IN (${e.list.map(p).join(', ')}))`;
    case 'ScalarFunction': {
      // A call rewritten to another function keeps the text it was written as (try_add(date, 1)).
      const prettyAs = e.options?.['prettyAs'];
      if (typeof prettyAs === 'string') return prettyAs;
      const args = e.args.map(p);
      // Datetime arithmetic keeps the operator form of the text it came from.
      const infix = e.options?.['infix'];
      if (typeof infix === 'string') {
        const second = e.args[1];
        const right =
          e.options?.['unwrapNegation'] === true && second?.kind === 'UnaryMinus' ? p(second.child) : args[1];
        const text = `${args[0]} ${infix} ${right}`;
        return e.options?.['parens'] === false ? text : `(${text})`;
      }
      const def = lookupFunction(e.name);
      return def?.prettySql ? def.prettySql(e, args) : `${e.name}(${args.join(', ')})`;
    }
    case 'AggregateExpression': {
      const def = lookupFunction(e.name);
      const args = e.args.map(p);
      let text = def?.prettySql
        ? def.prettySql(e, args)
        : `${e.name}(${e.distinct ? 'DISTINCT ' : ''}${args.join(', ')})`;
      if (e.filter) text += ` FILTER (WHERE ${p(e.filter)})`;
      return text;
    }
    case 'WindowFunction': {
      const def = lookupFunction(e.name);
      const args = e.args.map(p);
      return def?.prettySql ? def.prettySql(e, args) : `${e.name}(${args.join(', ')})`;
    }
    case 'WindowExpression': {
      const parts: string[] = [];
      if (e.partitionSpec.length > 0) parts.push(`PARTITION BY ${e.partitionSpec.map(p).join(', ')}`);
      if (e.orderSpec.length > 0)
        parts.push(`ORDER BY ${e.orderSpec.map((o) => sortOrderSql(o, ctx)).join(', ')}`);
      parts.push(frameSql(e.frame, ctx));
      return `${p(e.function)} OVER (${parts.join(' ')})`;
    }
    case 'SortOrder':
      return sortOrderSql(e, ctx);
    case 'ScalarSubquery':
      return `scalarsubquery(${e.outerAttrs.map((a) => a.name).join(', ')})`;
    case 'Exists':
      return `exists(${e.outerAttrs.map((a) => a.name).join(', ')})`;
    case 'InSubquery': {
      const values =
        e.values.length === 1
          ? p(e.values[0]!)
          : `named_struct(${e.values.map((v) => `${p(v)}, ${p(v)}`).join(', ')})`;
      return `(${values} IN (listquery(${e.outerAttrs.map((a) => a.name).join(', ')})))`;
    }
    case 'LambdaFunction':
      return `lambdafunction(${[p(e.body), ...e.params.map(() => 'namedlambdavariable()')].join(', ')})`;
    case 'UnresolvedAttribute':
      return e.nameParts.join('.');
    case 'UnresolvedStar':
      return e.target ? `${e.target.join('.')}.*` : '*';
    case 'UnresolvedFunction':
      return `${e.name.join('.')}(${e.args.map(p).join(', ')})`;
    case 'UnresolvedAlias':
      return p(e.child);
    case 'UnresolvedWindowExpression':
      return `${p(e.function)} OVER (...)`;
    case 'UnresolvedExtractValue':
      return `${p(e.child)}[${p(e.extraction)}]`;
    case 'UnresolvedTypedLiteral':
      return `${e.typeName} '${e.text}'`;
    case 'UnresolvedSubquery':
      return e.subqueryKind === 'Scalar' ? 'scalarsubquery()' : 'exists()';
    case 'UnresolvedInSubquery':
      return `(${e.values.map(p).join(', ')} IN (listquery()))`;
    case 'UnresolvedOrdinal':
      return String(e.ordinal);
    default:
      return assertNever(e, 'expression');
  }
}

export const BOOLEAN_TRUE: Expr = { kind: 'Literal', value: true, dataType: T.boolean };
