// Small shared pieces for the string and datetime FunctionDefs: argument-count checks, Spark 4 ANSI
// implicit casts of arguments to expected input types, and a table-driven FunctionDef builder.
// (Kept local to the string/datetime group so it does not depend on the order other groups land in.)

import {
  FlintError,
  T,
  decimalForIntegral,
  isNumeric,
  sqlTypeName as typeSql,
  type DataType,
  type Value,
} from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf, nullableOf } from '../expr-type.js';
import type { CallInfo, FunctionDef, FunctionResolutionContext } from './function-def.js';
import { ordinalWord as ordinal } from '../types/errors.js';

/** An expected input type: a concrete type, an abstract family, or a collection (first castable wins). */
export type AbstractType =
  DataType | 'numeric' | 'integral' | 'anyTimestamp' | 'any' | 'decimal' | 'array' | readonly AbstractType[];

const DOCROOT = 'https://spark.apache.org/docs/latest';

export function wrongNumArgs(name: string, actual: number, expected: string): FlintError {
  return new FlintError(
    'WRONG_NUM_ARGS.WITHOUT_SUGGESTION',
    `[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The \`${name}\` requires ${expected} parameters but the actual number is ${actual}.`,
    { functionName: `\`${name}\``, expectedNum: expected, actualNum: String(actual), docroot: DOCROOT },
    null,
    '42605',
  );
}

function abstractSql(a: AbstractType): string {
  if (typeof a === 'string') {
    switch (a) {
      case 'numeric':
        return '"NUMERIC"';
      case 'integral':
        return '"INTEGRAL"';
      case 'anyTimestamp':
        return '("TIMESTAMP" or "TIMESTAMP WITHOUT TIME ZONE")';
      case 'any':
        return '"ANY"';
      case 'decimal':
        return '"DECIMAL"';
      case 'array':
        return '"ARRAY"';
    }
  }
  if (Array.isArray(a)) return `(${(a as readonly AbstractType[]).map(abstractSql).join(' or ')})`;
  return `"${typeSql(a as DataType)}"`;
}

/** A best-effort SQL text of an expression for error messages (names come from the analyzer). */
export function exprSql(e: Expr): string {
  switch (e.kind) {
    case 'Literal':
      return literalSql(e.value, e.dataType);
    case 'AttributeReference':
      return e.name;
    case 'Alias':
      return exprSql(e.child);
    case 'Cast':
      return e.userSpecified ? `CAST(${exprSql(e.child)} AS ${typeSql(e.dataType)})` : exprSql(e.child);
    case 'ScalarFunction':
      return `${e.name}(${e.args.map(exprSql).join(', ')})`;
    default:
      return e.kind;
  }
}

function literalSql(v: Value, t: DataType): string {
  if (v === null) return 'NULL';
  if (t.kind === 'binary' && v instanceof Uint8Array) {
    return `X'${[...v].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join('')}'`;
  }
  return String(v);
}

/** Spark's 'first', 'second'... for argument positions (0-based). */
export { ordinal };

export function unexpectedInputType(
  fn: string,
  args: readonly Expr[],
  i: number,
  required: string,
): FlintError {
  const arg = args[i]!;
  const sqlExpr = `"${fn}(${args.map(exprSql).join(', ')})"`;
  return new FlintError(
    'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE',
    `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve ${sqlExpr} due to data type mismatch: the ${ordinal(i)} parameter requires the ${required} type, however "${exprSql(arg)}" has the type "${typeSql(dataTypeOf(arg))}".`,
    {
      sqlExpr,
      paramIndex: ordinal(i),
      inputSql: `"${exprSql(arg)}"`,
      inputType: `"${typeSql(dataTypeOf(arg))}"`,
      requiredType: required,
    },
    null,
    '42K09',
  );
}

function numericRank(t: DataType): number {
  switch (t.kind) {
    case 'byte':
      return 1;
    case 'short':
      return 2;
    case 'integer':
      return 3;
    case 'long':
      return 4;
    case 'float':
      return 6;
    case 'double':
      return 7;
    default:
      return -1;
  }
}

export function acceptsType(a: AbstractType, t: DataType): boolean {
  if (Array.isArray(a)) return (a as readonly AbstractType[]).some((x) => acceptsType(x, t));
  if (typeof a === 'string') {
    switch (a) {
      case 'numeric':
        return isNumeric(t);
      case 'integral':
        return t.kind === 'byte' || t.kind === 'short' || t.kind === 'integer' || t.kind === 'long';
      case 'anyTimestamp':
        return t.kind === 'timestamp' || t.kind === 'timestamp_ntz';
      case 'any':
        return true;
      case 'decimal':
        return t.kind === 'decimal';
      case 'array':
        return t.kind === 'array';
    }
  }
  const d = a as DataType;
  if (d.kind === 'decimal' && t.kind === 'decimal') return d.precision === t.precision && d.scale === t.scale;
  return (
    d.kind === t.kind &&
    (d.kind !== 'array' && d.kind !== 'map' && d.kind !== 'struct'
      ? true
      : JSON.stringify(d) === JSON.stringify(t))
  );
}

function defaultConcrete(a: AbstractType): DataType | null {
  if (Array.isArray(a)) {
    const first = (a as readonly AbstractType[])[0];
    return first === undefined ? null : defaultConcrete(first);
  }
  if (typeof a === 'string') {
    switch (a) {
      case 'numeric':
        return T.double;
      case 'integral':
        return T.long;
      case 'anyTimestamp':
        return T.timestamp;
      case 'decimal':
        return T.decimal(38, 18);
      case 'any':
        return null;
      case 'array':
        return T.array(T.null);
    }
  }
  return a as DataType;
}

/** The type an input of type `from` is implicitly cast to for `expected` (AnsiTypeCoercion.implicitCast), or null. */
export function implicitCastType(from: DataType, expected: AbstractType): DataType | null {
  if (acceptsType(expected, from)) return from;
  if (Array.isArray(expected)) {
    const list = expected as readonly AbstractType[];
    if (from.kind === 'null') return defaultConcrete(list);
    for (const x of list) {
      const t = implicitCastType(from, x);
      if (t !== null) return t;
    }
    return null;
  }
  if (from.kind === 'null') return defaultConcrete(expected);
  if (typeof expected === 'string') {
    if (expected === 'decimal') {
      if (from.kind === 'string') return T.decimal(38, 18);
      return decimalForIntegral(from);
    }
    if (from.kind === 'string') {
      if (expected === 'numeric') return T.double;
      if (expected === 'integral') return T.long;
      if (expected === 'anyTimestamp') return T.timestamp;
      return null;
    }
    if (expected === 'anyTimestamp' && from.kind === 'date') return T.timestamp;
    return null;
  }
  const target = expected as DataType;
  // String to any atomic type: kept in ANSI mode "so as not to break too many queries".
  if (from.kind === 'string') {
    return target.kind === 'array' || target.kind === 'map' || target.kind === 'struct' ? null : target;
  }
  const fr = numericRank(from);
  const tr = numericRank(target);
  if (fr > 0 && tr > 0) return tr >= fr ? target : null;
  if (fr > 0 && fr <= 4 && target.kind === 'decimal') {
    const d = decimalForIntegral(from)!;
    return target.precision - target.scale >= d.precision ? target : null;
  }
  if (from.kind === 'decimal' && (target.kind === 'double' || target.kind === 'float'))
    return T.double.kind === target.kind ? target : null;
  if (from.kind === 'decimal' && target.kind === 'decimal') {
    return target.precision - target.scale >= from.precision - from.scale && target.scale >= from.scale
      ? target
      : null;
  }
  // Store-assignable conversions to string (contains(12, '1') works in ANSI).
  if (target.kind === 'string') {
    return from.kind === 'array' || from.kind === 'map' || from.kind === 'struct' ? null : target;
  }
  const dt = (k: string): boolean => k === 'date' || k === 'timestamp' || k === 'timestamp_ntz';
  if (dt(from.kind) && dt(target.kind)) return target;
  return null;
}

export function castTo(e: Expr, t: DataType, ctx: FunctionResolutionContext): Expr {
  const from = dataTypeOf(e);
  if (from.kind === t.kind && (t.kind !== 'decimal' || JSON.stringify(from) === JSON.stringify(t))) return e;
  const out: Expr = {
    kind: 'Cast',
    child: e,
    dataType: t,
    evalMode: ctx.ansi ? 'ANSI' : 'LEGACY',
    userSpecified: false,
  };
  return e.origin !== undefined ? { ...out, origin: e.origin } : out;
}

/** Casts each argument to its expected type, or throws DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE. */
export function coerceArgs(
  fn: string,
  args: readonly Expr[],
  expected: readonly AbstractType[],
  ctx: FunctionResolutionContext,
): Expr[] {
  return args.map((a, i) => {
    const exp = expected[Math.min(i, expected.length - 1)];
    if (exp === undefined) return a;
    const from = dataTypeOf(a);
    const t = implicitCastType(from, exp);
    if (t === null) throw unexpectedInputType(fn, args, i, abstractSql(exp));
    return castTo(a, t, ctx);
  });
}

export function lit(value: Value, dataType: DataType): Expr {
  return { kind: 'Literal', value, dataType };
}

export function isFoldable(e: Expr): boolean {
  switch (e.kind) {
    case 'Literal':
      return true;
    case 'Cast':
    case 'Alias':
      return isFoldable(e.child);
    case 'ScalarFunction':
      return e.args.every(isFoldable) && !NON_DETERMINISTIC.has(e.name);
    default:
      return false;
  }
}

const NON_DETERMINISTIC = new Set(['rand', 'randn', 'uuid', 'shuffle', 'random']);

/** The value of a literal (through casts of literals that need no evaluation), or undefined when not a literal. */
export function literalValue(e: Expr): Value | undefined {
  if (e.kind === 'Literal') return e.value;
  if (e.kind === 'Alias') return literalValue(e.child);
  if (e.kind === 'Cast') {
    const v = literalValue(e.child);
    if (v === null) return null;
    if (v === undefined) return undefined;
    if (e.dataType.kind === 'string' && typeof v === 'string') return v;
    if (e.dataType.kind === 'integer' && typeof v === 'number') return v;
    return undefined;
  }
  return undefined;
}

export interface ScalarSpec {
  readonly name: string;
  /** Other names: each gets its own FunctionDef showing that name in generated column names. */
  readonly aliases?: readonly string[];
  /** Aliases that show the canonical name. */
  readonly silentAliases?: readonly string[];
  /** Allowed argument counts. */
  readonly arity: readonly number[] | { readonly min: number; readonly max?: number };
  /** Text for WRONG_NUM_ARGS' expectedNum. */
  readonly expectedNum?: string;
  /** Expected input types by position (the last repeats), or a function of the arguments. */
  readonly inputs?:
    | readonly AbstractType[]
    | ((args: readonly Expr[], ctx: FunctionResolutionContext) => readonly AbstractType[]);
  /** Adds default arguments (after coercion). */
  readonly defaults?: (args: readonly Expr[]) => Expr[];
  readonly returns: DataType | ((args: readonly Expr[], ctx: FunctionResolutionContext) => DataType);
  /** Default: nullable when any argument is. */
  readonly nullable?: boolean | ((args: readonly Expr[]) => boolean);
  /** Kernel name (default: name). */
  readonly kernel?: string;
  readonly options?: (
    args: readonly Expr[],
    ctx: FunctionResolutionContext,
  ) => Readonly<Record<string, Value>>;
  /** Extra checks on the coerced arguments (foldable inputs, literal values). */
  readonly check?: (args: readonly Expr[], ctx: FunctionResolutionContext, shown: string) => void;
  /** Custom generated name; `shown` is the name the call used. */
  readonly pretty?: (argSql: readonly string[], shown: string, expr: Expr) => string;
}

function arityOk(spec: ScalarSpec, n: number): boolean {
  const a = spec.arity;
  if (Array.isArray(a)) return (a as readonly number[]).includes(n);
  const r = a as { min: number; max?: number };
  return n >= r.min && (r.max === undefined || n <= r.max);
}

function expectedText(spec: ScalarSpec): string {
  if (spec.expectedNum !== undefined) return spec.expectedNum;
  const a = spec.arity;
  if (Array.isArray(a)) {
    const l = a as readonly number[];
    return l.length === 1 ? String(l[0]) : `[${l.join(', ')}]`;
  }
  const r = a as { min: number; max?: number };
  if (r.max === undefined) return `> ${r.min - 1}`;
  return `[${Array.from({ length: r.max - r.min + 1 }, (_, i) => r.min + i).join(', ')}]`;
}

export function scalarFunction(
  name: string,
  args: readonly Expr[],
  dataType: DataType,
  nullable: boolean,
  options?: Readonly<Record<string, Value>>,
): Expr {
  return options === undefined
    ? { kind: 'ScalarFunction', name, args, dataType, nullable }
    : { kind: 'ScalarFunction', name, args, dataType, nullable, options };
}

function makeDef(spec: ScalarSpec, shown: string, silent: readonly string[]): FunctionDef {
  const def: FunctionDef = {
    name: shown,
    ...(silent.length > 0 ? { aliases: silent } : {}),
    kind: 'scalar',
    resolve(args: readonly Expr[], _call: CallInfo, ctx: FunctionResolutionContext): Expr {
      if (!arityOk(spec, args.length)) throw wrongNumArgs(shown, args.length, expectedText(spec));
      const inputs = typeof spec.inputs === 'function' ? spec.inputs(args, ctx) : spec.inputs;
      let coerced = inputs === undefined ? [...args] : coerceArgs(shown, args, inputs, ctx);
      if (spec.defaults !== undefined) coerced = spec.defaults(coerced);
      spec.check?.(coerced, ctx, shown);
      const dataType = typeof spec.returns === 'function' ? spec.returns(coerced, ctx) : spec.returns;
      const nullable =
        spec.nullable === undefined
          ? coerced.some(nullableOf)
          : typeof spec.nullable === 'function'
            ? spec.nullable(coerced)
            : spec.nullable;
      const options = spec.options?.(coerced, ctx);
      const opts = { ...(options ?? {}), ...(shown !== spec.name ? { shownName: shown } : {}) };
      return scalarFunction(
        spec.kernel ?? spec.name,
        coerced,
        dataType,
        nullable,
        Object.keys(opts).length > 0 ? opts : undefined,
      );
    },
    prettySql(expr: Expr, argSql: readonly string[]): string {
      if (spec.pretty !== undefined) return spec.pretty(argSql, shown, expr);
      return `${shown}(${argSql.join(', ')})`;
    },
  };
  return def;
}

/** FunctionDefs for a spec: one for the name (with silent aliases), one per shown alias. */
export function defineScalar(spec: ScalarSpec): FunctionDef[] {
  return [
    makeDef(spec, spec.name, spec.silentAliases ?? []),
    ...(spec.aliases ?? []).map((a) => makeDef(spec, a, [])),
  ];
}

/** Throws DATATYPE_MISMATCH.NON_FOLDABLE_INPUT unless argument i is foldable. */
export function requireFoldable(fn: string, args: readonly Expr[], i: number, inputName: string): void {
  const a = args[i];
  if (a === undefined || isFoldable(a)) return;
  const sqlExpr = `"${fn}(${args.map(exprSql).join(', ')})"`;
  throw new FlintError(
    'DATATYPE_MISMATCH.NON_FOLDABLE_INPUT',
    `[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve ${sqlExpr} due to data type mismatch: the input \`${inputName}\` should be a foldable expression.`,
    {
      sqlExpr,
      inputName: `\`${inputName}\``,
      inputType: `"${typeSql(dataTypeOf(a))}"`,
      inputExpr: `"${exprSql(a)}"`,
    },
    null,
    '42K09',
  );
}
