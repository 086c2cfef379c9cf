// Spark's text of a Column (Column.toString): the SQL form of its expression, e.g. `(a + 1)`,
// `sum(x) AS total`, `CASE WHEN (a > 1) THEN 1 ELSE 0 END`.

import { assertNever, quoteIfNeeded, simpleString, type DataType } from '@flint/common';
import {
  ARITH_SYMBOL,
  BITWISE_SYMBOL,
  CMP_SYMBOL,
  type Expr,
  type FrameBoundary,
  type SortOrder,
  type WindowFrameSpec,
} from '@flint/planner';

function literalSql(value: unknown, t: DataType): string {
  if (value === null) return 'NULL';
  switch (t.kind) {
    case 'string':
      return `'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    case 'long':
      return `${String(value)}L`;
    case 'boolean':
      return String(value).toLowerCase() === 'true' ? 'true' : 'false';
    case 'double': {
      const n = value as number;
      if (Number.isNaN(n)) return "CAST('NaN' AS DOUBLE)";
      if (!Number.isFinite(n)) return `CAST('${n > 0 ? 'Infinity' : '-Infinity'}' AS DOUBLE)`;
      const s = String(n);
      return `${/[.eE]/.test(s) ? s : s + '.0'}D`;
    }
    case 'timestamp': {
      const d = new Date(Number((value as bigint) / 1000n));
      return `TIMESTAMP '${d.toISOString().replace('T', ' ').replace('Z', '')}'`;
    }
    case 'binary':
      return `X'${[...(value as Uint8Array)].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join('')}'`;
    default:
      return String(value);
  }
}

function boundary(b: FrameBoundary): string {
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
        const n = v.value;
        return n < 0 ? `${-n} PRECEDING` : `${n} FOLLOWING`;
      }
      return exprString(v);
    }
  }
}

export function frameString(f: WindowFrameSpec): string {
  return `${f.frameType === 'RowFrame' ? 'ROWS' : 'RANGE'} BETWEEN ${boundary(f.lower)} AND ${boundary(f.upper)}`;
}

function sortString(s: SortOrder): string {
  return `${exprString(s.child)} ${s.direction === 'Ascending' ? 'ASC' : 'DESC'} ${
    s.nullOrdering === 'NullsFirst' ? 'NULLS FIRST' : 'NULLS LAST'
  }`;
}

function windowSpecString(
  ps: readonly Expr[],
  os: readonly SortOrder[],
  frame: WindowFrameSpec | null,
): string {
  const parts: string[] = [];
  if (ps.length > 0) parts.push(`PARTITION BY ${ps.map(exprString).join(', ')}`);
  if (os.length > 0) parts.push(`ORDER BY ${os.map(sortString).join(', ')}`);
  if (frame !== null) parts.push(frameString(frame));
  return parts.join(' ');
}

/** The SQL-like text of an expression as Spark prints a Column. */
export function exprString(e: Expr): string {
  switch (e.kind) {
    case 'Literal':
      return literalSql(e.value, e.dataType);
    case 'AttributeReference':
      return e.name;
    case 'OuterReference':
      return e.attr.name;
    case 'LambdaVariable':
      return e.name;
    case 'UnresolvedAttribute':
      return e.nameParts.map(quoteIfNeeded).join('.');
    case 'UnresolvedStar':
      return e.target === null ? '*' : `${e.target.map(quoteIfNeeded).join('.')}.*`;
    case 'Alias':
      return `${exprString(e.child)} AS ${quoteIfNeeded(e.name)}`;
    case 'UnresolvedAlias':
      return exprString(e.child);
    case 'Cast':
      return `${e.evalMode === 'TRY' ? 'TRY_CAST' : 'CAST'}(${exprString(e.child)} AS ${simpleString(e.dataType).toUpperCase()})`;
    case 'Arithmetic':
      return e.op === 'Pmod'
        ? `pmod(${exprString(e.left)}, ${exprString(e.right)})`
        : `(${exprString(e.left)} ${ARITH_SYMBOL[e.op]} ${exprString(e.right)})`;
    case 'UnaryMinus':
      return `(- ${exprString(e.child)})`;
    case 'UnaryPositive':
      return `(+ ${exprString(e.child)})`;
    case 'Comparison':
      return `(${exprString(e.left)} ${CMP_SYMBOL[e.op]} ${exprString(e.right)})`;
    case 'And':
      return `(${exprString(e.left)} AND ${exprString(e.right)})`;
    case 'Or':
      return `(${exprString(e.left)} OR ${exprString(e.right)})`;
    case 'Not':
      return `(NOT ${exprString(e.child)})`;
    case 'Bitwise':
      return `(${exprString(e.left)} ${BITWISE_SYMBOL[e.op]} ${exprString(e.right)})`;
    case 'BitwiseNot':
      return `~${exprString(e.child)}`;
    case 'IsNull':
      return `(${exprString(e.child)} IS NULL)`;
    case 'IsNotNull':
      return `(${exprString(e.child)} IS NOT NULL)`;
    case 'CaseWhen':
      return `CASE ${e.branches.map((b) => `WHEN ${exprString(b.condition)} THEN ${exprString(b.value)}`).join(' ')}${
        e.elseValue === null ? '' : ` ELSE ${exprString(e.elseValue)}`
      } END`;
    case 'In':
      return `(${exprString(e.value)} IN (${e.list.map(exprString).join(', ')}))`;
    case 'ScalarFunction':
    case 'WindowFunction':
      return `${e.name}(${e.args.map(exprString).join(', ')})`;
    case 'AggregateExpression':
      return `${e.name}(${e.distinct ? 'DISTINCT ' : ''}${e.args.map(exprString).join(', ')})`;
    case 'UnresolvedFunction': {
      const name = e.name.join('.');
      const args = e.isStar ? '*' : e.args.map(exprString).join(', ');
      const call = `${name}(${e.distinct ? 'DISTINCT ' : ''}${args})`;
      return e.ignoreNulls ? `${call} IGNORE NULLS` : call;
    }
    case 'SortOrder':
      return sortString(e);
    case 'WindowExpression':
      return `${exprString(e.function)} OVER (${windowSpecString(e.partitionSpec, e.orderSpec, e.frame)})`;
    case 'UnresolvedWindowExpression':
      return `${exprString(e.function)} OVER (${windowSpecString(e.partitionSpec, e.orderSpec, e.frame)})`;
    case 'UnresolvedExtractValue': {
      const x = e.extraction;
      if (x.kind === 'Literal' && typeof x.value === 'string')
        return `${exprString(e.child)}.${quoteIfNeeded(x.value)}`;
      return `${exprString(e.child)}[${exprString(x)}]`;
    }
    case 'UnresolvedTypedLiteral':
      return `${e.typeName.toUpperCase()} '${e.text}'`;
    case 'UnresolvedOrdinal':
      return String(e.ordinal);
    case 'LambdaFunction':
      return `lambdafunction(${exprString(e.body)}, ${e.params.map((p) => p.name).join(', ')})`;
    case 'ScalarSubquery':
    case 'UnresolvedSubquery':
      return 'scalarsubquery()';
    case 'Exists':
      return 'exists()';
    case 'InSubquery':
    case 'UnresolvedInSubquery':
      return `(${e.values.map(exprString).join(', ')} IN (listquery()))`;
    default:
      return assertNever(e, 'expression');
  }
}
