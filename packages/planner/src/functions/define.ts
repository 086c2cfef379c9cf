// Small builders for FunctionDefs, shared by every function group.
//
// What it offers (for the string/datetime helper too):
//   scalar(name, spec)      a FunctionDef resolving to ScalarFunction{name: spec.kernel ?? name}. spec:
//                             inputs: AbstractType[] (one per argument; the last repeats when spec.variadic)
//                                     or (args) => AbstractType[]   (per-argument expected types:
//                                     a DataType, 'numeric' | 'integral' | 'any' | ..., or a list = one of)
//                             minArgs/maxArgs (default: inputs.length), returns: DataType | (argTypes, args, ctx) => DataType,
//                             nullable: true | false | (args, argNullables) => boolean   (default: any argument nullable)
//                             options: (args, ctx) => Record<string, Value>   (constants for the kernel)
//                             check: (args, ctx, callSql) => void   (extra checks; throw FlintError)
//                             aliases, prettyName (name printed in generated column names, e.g. 'POWER'),
//                             aliasPrints: true when a call through an alias prints the alias (`ceiling(a)`)
//   resolveArgs(name, args, inputs, ctx, origin?) implicit casts + UNEXPECTED_INPUT_TYPE, for custom resolves
//   callSqlOf(name, args, ctx)  the "name(a, b)" text for error messages
//   aggregate(name, spec)   an 'aggregate' FunctionDef resolving to AggregateExpression (same spec, plus
//                             bufferTypes: (expr) => DataType[]   partial-buffer types; distinct/filter/ignoreNulls
//                             come from CallInfo)
//   windowFn(name, spec)    a 'window' FunctionDef resolving to WindowFunction
//   argType(e) / isFoldable(e) / literalValue(e)   small helpers
// Type coercion itself (implicitCast, findWiderCommonType, decimal rules...) is in ../types/.

import { FlintError, type DataType, type Value } from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf, nullableOf } from '../expr-type.js';
import type { CallInfo, FunctionDef, FunctionResolutionContext } from './function-def.js';
import { implicitCast, type AbstractType } from '../types/coercion.js';
import { checkArgCount, fallbackExprSql, unexpectedInputType } from '../types/errors.js';

export type InputsSpec = readonly AbstractType[] | ((args: readonly Expr[]) => readonly AbstractType[]);
export type ReturnSpec =
  | DataType
  | ((argTypes: readonly DataType[], args: readonly Expr[], ctx: FunctionResolutionContext) => DataType);
export type NullableSpec = boolean | ((args: readonly Expr[]) => boolean);

export interface ScalarSpec {
  readonly aliases?: readonly string[];
  readonly inputs: InputsSpec;
  /** The last input type repeats for any further argument. */
  readonly variadic?: boolean;
  readonly minArgs?: number;
  readonly maxArgs?: number;
  readonly returns: ReturnSpec;
  readonly nullable?: NullableSpec;
  /** Kernel name when it differs from the function name. */
  readonly kernel?: string;
  readonly options?: (
    args: readonly Expr[],
    ctx: FunctionResolutionContext,
  ) => Readonly<Record<string, Value>>;
  readonly check?: (args: readonly Expr[], ctx: FunctionResolutionContext, callSql: string) => void;
  /** Name in generated column names when not the function's name (e.g. 'POWER', 'CEIL'). */
  readonly prettyName?: string;
  /** A call through an alias prints the alias (Spark's FUNC_ALIAS tag). */
  readonly aliasPrints?: boolean;
  readonly prettySql?: FunctionDef['prettySql'];
}

export function argType(e: Expr): DataType {
  return dataTypeOf(e);
}

/** Whether an expression is a constant (literal, or built from literals with no column). */
export function isFoldable(e: Expr): boolean {
  switch (e.kind) {
    case 'Literal':
      return true;
    case 'Cast':
    case 'Alias':
    case 'UnaryMinus':
    case 'UnaryPositive':
    case 'Not':
      return isFoldable(e.child);
    case 'Arithmetic':
      return isFoldable(e.left) && isFoldable(e.right);
    default:
      return false;
  }
}

/** The value of a literal (through implicit casts of literals only), or undefined when not a literal. */
export function literalValue(e: Expr): Value | undefined {
  if (e.kind === 'Literal') return e.value;
  if (e.kind === 'UnaryMinus' && e.child.kind === 'Literal') {
    const v = e.child.value;
    if (typeof v === 'number') return -v;
    if (typeof v === 'bigint') return -v;
  }
  if (e.kind === 'Cast' && !e.userSpecified) return literalValue(e.child);
  return undefined;
}

export function exprSqlOf(e: Expr, ctx: FunctionResolutionContext): string {
  return ctx.exprSql ? ctx.exprSql(e) : fallbackExprSql(e);
}

export function callSqlOf(name: string, args: readonly Expr[], ctx: FunctionResolutionContext): string {
  return `${name}(${args.map((a) => exprSqlOf(a, ctx)).join(', ')})`;
}

/** Casts each argument to its expected type, throwing UNEXPECTED_INPUT_TYPE for the first that cannot be. */
export function resolveArgs(
  name: string,
  args: readonly Expr[],
  inputs: readonly AbstractType[],
  ctx: FunctionResolutionContext,
  variadic = false,
): Expr[] {
  return args.map((a, i) => {
    const expected = inputs[i] ?? (variadic ? inputs[inputs.length - 1] : undefined) ?? 'any';
    const cast = implicitCast(a, expected, ctx.ansi);
    if (cast === null)
      throw unexpectedInputType(callSqlOf(name, args, ctx), i, expected, a, exprSqlOf(a, ctx));
    return cast;
  });
}

function countBounds(spec: {
  inputs: InputsSpec;
  minArgs?: number;
  maxArgs?: number;
  variadic?: boolean;
}): [number, number] {
  const n = typeof spec.inputs === 'function' ? 0 : spec.inputs.length;
  const min = spec.minArgs ?? n;
  const max = spec.maxArgs ?? (spec.variadic ? Infinity : Math.max(n, min));
  return [min, max];
}

function printedName(
  def: { name: string },
  spec: { prettyName?: string; aliasPrints?: boolean },
  call: CallInfo,
): string | undefined {
  if (spec.aliasPrints && call.name !== undefined && call.name !== def.name) return call.name;
  return spec.prettyName;
}

/** Name printing for defs built here: `options.prettyName` (if set) replaces the function name. */
function defaultPrettySql(expr: Expr, argSql: readonly string[]): string {
  const opts = 'options' in expr ? expr.options : undefined;
  const pn = opts?.['prettyName'];
  const name =
    typeof pn === 'string' ? pn : 'name' in expr && typeof expr.name === 'string' ? expr.name : '?';
  return `${name}(${argSql.join(', ')})`;
}

function withPretty(
  opts: Readonly<Record<string, Value>> | undefined,
  pretty: string | undefined,
): Readonly<Record<string, Value>> | undefined {
  if (pretty === undefined) return opts;
  return { ...(opts ?? {}), prettyName: pretty };
}

/** What the builders below need of a spec to type a call. */
interface TypingSpec {
  readonly inputs: InputsSpec;
  readonly variadic?: boolean;
  readonly returns: ReturnSpec;
  readonly nullable?: NullableSpec;
  readonly check?: (args: readonly Expr[], ctx: FunctionResolutionContext, callSql: string) => void;
}

/**
 * The steps every built function shares: check the argument count, cast the arguments to their
 * expected types, run the spec's own check, then derive the result type and nullability
 * (`defaultNullable` when the spec does not say).
 */
function typeCall(
  name: string,
  min: number,
  max: number,
  spec: TypingSpec,
  args0: readonly Expr[],
  call: CallInfo,
  ctx: FunctionResolutionContext,
  defaultNullable: (args: readonly Expr[]) => boolean,
): { args: Expr[]; dataType: DataType; nullable: boolean } {
  const shown = call.name ?? name;
  checkArgCount(shown, args0, min, max);
  const inputs = typeof spec.inputs === 'function' ? spec.inputs(args0) : spec.inputs;
  const args = resolveArgs(shown, args0, inputs, ctx, spec.variadic ?? false);
  spec.check?.(args, ctx, callSqlOf(shown, args0, ctx));
  const dataType =
    typeof spec.returns === 'function' ? spec.returns(args.map(dataTypeOf), args, ctx) : spec.returns;
  const nullable =
    spec.nullable === undefined
      ? defaultNullable(args)
      : typeof spec.nullable === 'function'
        ? spec.nullable(args)
        : spec.nullable;
  return { args, dataType, nullable };
}

export function scalar(name: string, spec: ScalarSpec): FunctionDef {
  const [min, max] = countBounds(spec);
  const def: FunctionDef = {
    name,
    ...(spec.aliases ? { aliases: spec.aliases } : {}),
    kind: 'scalar',
    resolve(args0, call, ctx) {
      const { args, dataType, nullable } = typeCall(name, min, max, spec, args0, call, ctx, (a) =>
        a.some(nullableOf),
      );
      const options = withPretty(spec.options?.(args, ctx), printedName(def, spec, call));
      const e: Expr = {
        kind: 'ScalarFunction',
        name: spec.kernel ?? name,
        args,
        dataType,
        nullable,
        ...(options !== undefined ? { options } : {}),
        ...(call.origin !== undefined ? { origin: call.origin } : {}),
      };
      return e;
    },
    prettySql: spec.prettySql ?? defaultPrettySql,
  };
  return def;
}

export interface AggregateSpec extends Omit<ScalarSpec, 'kernel'> {
  /** AggregateImpl name when it differs from the function name. */
  readonly impl?: string;
  /** Partial-aggregation buffer column types (see aggregateBufferTypes). */
  readonly bufferTypes: (expr: Extract<Expr, { kind: 'AggregateExpression' }>) => DataType[];
  /** Aggregates that are not NULL on empty input (count): default true (nullable). */
  readonly supportsIgnoreNulls?: boolean;
}

/** Buffer types by AggregateImpl name, registered by aggregate(). */
export const aggregateBufferTypeRegistry = new Map<
  string,
  (expr: Extract<Expr, { kind: 'AggregateExpression' }>) => DataType[]
>();

export function aggregate(name: string, spec: AggregateSpec): FunctionDef {
  const [min, max] = countBounds(spec);
  const implName = spec.impl ?? name;
  aggregateBufferTypeRegistry.set(implName, spec.bufferTypes);
  const def: FunctionDef = {
    name,
    ...(spec.aliases ? { aliases: spec.aliases } : {}),
    kind: 'aggregate',
    resolve(args0, call, ctx) {
      const { args, dataType, nullable } = typeCall(name, min, max, spec, args0, call, ctx, () => true);
      const options = withPretty(spec.options?.(args, ctx), printedName(def, spec, call));
      return {
        kind: 'AggregateExpression',
        name: implName,
        args,
        distinct: call.distinct,
        filter: call.filter,
        dataType,
        nullable,
        resultId: ctx.nextExprId(),
        ...(call.ignoreNulls ? { ignoreNulls: true } : {}),
        ...(options !== undefined ? { options } : {}),
        ...(call.origin !== undefined ? { origin: call.origin } : {}),
      };
    },
    prettySql: spec.prettySql ?? aggregatePrettySql,
  };
  return def;
}

/** `name(DISTINCT a, b)`, with `options.prettyName` replacing the name. */
export function aggregatePrettySql(expr: Expr, argSql: readonly string[]): string {
  const base = defaultPrettySql(expr, argSql);
  if (expr.kind === 'AggregateExpression' && expr.distinct) {
    const open = base.indexOf('(');
    return `${base.slice(0, open + 1)}DISTINCT ${base.slice(open + 1)}`;
  }
  return base;
}

export interface WindowSpec {
  readonly aliases?: readonly string[];
  readonly inputs: InputsSpec;
  readonly minArgs?: number;
  readonly maxArgs?: number;
  readonly returns: ReturnSpec;
  readonly nullable?: NullableSpec;
  readonly check?: (args: readonly Expr[], ctx: FunctionResolutionContext, callSql: string) => void;
  readonly prettySql?: FunctionDef['prettySql'];
}

export function windowFn(name: string, spec: WindowSpec): FunctionDef {
  const [min, max] = countBounds(spec);
  return {
    name,
    ...(spec.aliases ? { aliases: spec.aliases } : {}),
    kind: 'window',
    resolve(args0, call, ctx) {
      const { args, dataType, nullable } = typeCall(name, min, max, spec, args0, call, ctx, () => true);
      return {
        kind: 'WindowFunction',
        name,
        args,
        dataType,
        nullable,
        ignoreNulls: call.ignoreNulls,
        ...(call.origin !== undefined ? { origin: call.origin } : {}),
      };
    },
    ...(spec.prettySql ? { prettySql: spec.prettySql } : {}),
  };
}

/** A FlintError for a constant argument that must be foldable (DATATYPE_MISMATCH.NON_FOLDABLE_INPUT). */
export function nonFoldableInput(
  callSql: string,
  inputName: string,
  arg: Expr,
  argSql: string,
  typeName: string,
): FlintError {
  return new FlintError(
    'DATATYPE_MISMATCH.NON_FOLDABLE_INPUT',
    `[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve "${callSql}" due to data type mismatch: the input \`${inputName}\` should be a foldable "${typeName}" expression; however, got "${argSql}".`,
    {
      inputName: `\`${inputName}\``,
      inputType: `"${typeName}"`,
      inputExpr: `"${argSql}"`,
      sqlExpr: `"${callSql}"`,
    },
    null,
    '42K09',
  );
}
