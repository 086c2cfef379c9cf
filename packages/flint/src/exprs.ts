// Builders for the unresolved expressions the DataFrame API emits, literal conversion of JS values and
// attribute-name parsing.

import { FlintError, T, type DataType, type Value } from '@flint/common';
import { mapChildren, transformExprUp, type Expr, type NamedExpr, type SortOrder } from '@flint/planner';

export { mapChildren, transformExprUp as transformUp };

/**
 * Arithmetic and CaseWhen carry their result type, which is unknown before analysis. The API puts
 * this placeholder there; the analyzer derives the real type (and the eval mode) from the children.
 */
export const PENDING_TYPE: DataType = T.null;

/** An Alias built outside a session gets this id; DataFrame methods replace it by a fresh ExprId. */
export const UNASSIGNED_ID = -1;

export function unresolvedAttribute(name: string): Expr {
  if (name === '*') return { kind: 'UnresolvedStar', target: null };
  const parts = parseAttributeName(name);
  if (parts.length > 1 && parts[parts.length - 1] === '*' && !name.endsWith('`*`')) {
    return { kind: 'UnresolvedStar', target: parts.slice(0, -1) };
  }
  return { kind: 'UnresolvedAttribute', nameParts: parts };
}

/**
 * Spark's UnresolvedAttribute.parseAttributeName: dots separate parts, backticks quote a part
 * (a doubled backtick inside quotes is one backtick).
 */
export function parseAttributeName(name: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let inQuote = false;
  const fail = (): never => {
    throw new FlintError(
      'PARSE_SYNTAX_ERROR',
      `[PARSE_SYNTAX_ERROR] Syntax error at or near '${name}'. SQLSTATE: 42601`,
      { error: `'${name}'`, hint: '' },
      null,
      '42601',
    );
  };
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (inQuote) {
      if (c === '`') {
        if (name[i + 1] === '`') {
          cur += '`';
          i++;
        } else {
          inQuote = false;
          if (i + 1 < name.length && name[i + 1] !== '.') fail();
        }
      } else cur += c;
    } else if (c === '`') {
      if (cur.length > 0) fail();
      inQuote = true;
    } else if (c === '.') {
      if (name[i - 1] !== '`' && cur.length === 0) fail();
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  if (inQuote) fail();
  if (name.length > 0 && name.endsWith('.')) fail();
  parts.push(cur);
  return parts;
}

export function fn(name: string, args: readonly Expr[], distinct = false, ignoreNulls = false): Expr {
  return {
    kind: 'UnresolvedFunction',
    name: [name],
    args,
    distinct,
    isStar: false,
    filter: null,
    ignoreNulls,
  };
}

export function literal(value: Value, dataType: DataType): Expr {
  return { kind: 'Literal', value, dataType };
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/**
 * A JS value as a literal, as PySpark's `lit` types Python values: an integral number is int when it
 * fits, else bigint (long); other numbers are double; bigint is long; a Date is a timestamp; a
 * Uint8Array is binary; an array becomes `array(...)` of its elements.
 */
export function literalOf(v: unknown): Expr {
  if (v === null || v === undefined) return literal(null, T.null);
  switch (typeof v) {
    case 'number':
      if (Number.isInteger(v) && !Object.is(v, -0)) {
        if (v >= INT_MIN && v <= INT_MAX) return literal(v, T.int);
        if (Number.isSafeInteger(v)) return literal(BigInt(v), T.long);
      }
      return literal(v, T.double);
    case 'bigint':
      if (v < -(2n ** 63n) || v >= 2n ** 63n) {
        throw new FlintError(
          'ARITHMETIC_OVERFLOW',
          `[ARITHMETIC_OVERFLOW] ${v} does not fit a bigint. SQLSTATE: 22003`,
          { message: `${v} does not fit a bigint`, alternative: '', config: 'spark.sql.ansi.enabled' },
          null,
          '22003',
        );
      }
      return literal(v, T.long);
    case 'string':
      return literal(v, T.string);
    case 'boolean':
      return literal(v, T.boolean);
    default:
      break;
  }
  if (v instanceof Date) {
    const ms = v.getTime();
    if (Number.isNaN(ms)) throw unsupportedLiteral(v);
    return literal(BigInt(ms) * 1000n, T.timestamp);
  }
  if (v instanceof Uint8Array) return literal(v, T.binary);
  if (Array.isArray(v)) return fn('array', v.map(literalOf));
  throw unsupportedLiteral(v);
}

function unsupportedLiteral(v: unknown): FlintError {
  const s = Object.prototype.toString.call(v);
  return new FlintError(
    'UNSUPPORTED_FEATURE.LITERAL_TYPE',
    `[UNSUPPORTED_FEATURE.LITERAL_TYPE] The feature is not supported: Literal for '${String(v)}' of ${s}. SQLSTATE: 0A000`,
    { value: String(v), type: s },
    null,
    '0A000',
  );
}

export function alias(child: Expr, name: string): Expr {
  return { kind: 'Alias', child, name, id: UNASSIGNED_ID };
}

export function sortOrder(e: Expr, direction: 'Ascending' | 'Descending', nullsFirst?: boolean): SortOrder {
  // Spark's defaults: ASC puts NULLs first, DESC puts them last.
  const nf = nullsFirst ?? direction === 'Ascending';
  const child = e.kind === 'SortOrder' ? e.child : e;
  return { kind: 'SortOrder', child, direction, nullOrdering: nf ? 'NullsFirst' : 'NullsLast' };
}

export function toSortOrder(e: Expr): SortOrder {
  return e.kind === 'SortOrder' ? e : sortOrder(e, 'Ascending');
}

/**
 * An expression as a projection item: named ones stay as they are, others are wrapped in
 * UnresolvedAlias for the analyzer to name. The plan contract types project lists as NamedExpr; before
 * analysis they hold these unresolved forms too, hence the cast.
 */
export function asNamed(e: Expr): NamedExpr {
  switch (e.kind) {
    case 'AttributeReference':
    case 'Alias':
    case 'UnresolvedAttribute':
    case 'UnresolvedStar':
    case 'UnresolvedAlias':
      return e as unknown as NamedExpr;
    default:
      return { kind: 'UnresolvedAlias', child: e } as unknown as NamedExpr;
  }
}

/** Gives every Alias built outside a session (id UNASSIGNED_ID) a fresh ExprId. */
export function assignAliasIds(e: Expr, nextId: () => number): Expr {
  return transformExprUp(e, (x) =>
    x.kind === 'Alias' && x.id === UNASSIGNED_ID ? { ...x, id: nextId() } : x,
  );
}
