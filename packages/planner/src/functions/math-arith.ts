// Math functions over exact numbers: abs, negative/positive, sign, round/bround, ceil/floor (with and
// without scale), mod/pmod/div and try_add/try_subtract/try_multiply/try_divide/try_mod.

import { FlintError, T, type DataType } from '@flint/common';
import type { ArithmeticOp, Expr } from '../expr.js';
import { dataTypeOf, nullableOf } from '../expr-type.js';
import { coerceArithmetic } from '../types/binary.js';
import { resolveBinaryArithmetic, type ArithmeticEnv } from '../types/operator-arithmetic.js';
import { lookupFunction } from './index.js';
import { type AbstractType } from '../types/coercion.js';
import { MAX_PRECISION } from '../types/decimal.js';
import { binaryOpDiffTypes, binaryOpWrongType, checkArgCount, unexpectedInputType } from '../types/errors.js';
import type { CallInfo, FunctionDef, FunctionResolutionContext } from './function-def.js';
import { callSqlOf, exprSqlOf, isFoldable, literalValue, resolveArgs, scalar } from './define.js';

const NUMERIC_OR_INTERVAL: AbstractType = ['numeric', 'dayTimeInterval', 'yearMonthInterval'];

function evalMode(ctx: FunctionResolutionContext): 'ANSI' | 'LEGACY' {
  return ctx.ansi ? 'ANSI' : 'LEGACY';
}

/** `name(args)` with `options.prettyName` as the name (CEIL, ceiling, FLOOR...). */
function prettyByOption(e: Expr, argSql: readonly string[]): string {
  const pn = e.kind === 'ScalarFunction' ? e.options?.['prettyName'] : undefined;
  const name = typeof pn === 'string' ? pn : e.kind === 'ScalarFunction' ? e.name : '?';
  return `${name}(${argSql.join(', ')})`;
}

function withOrigin(e: Expr, call: CallInfo): Expr {
  return call.origin !== undefined ? { ...e, origin: call.origin } : e;
}

/** NON_FOLDABLE_ARGUMENT: `scale` of ceil/floor must be a constant INT. */
function nonFoldableArgument(funcName: string, paramName: string, paramType: string): FlintError {
  return new FlintError(
    'NON_FOLDABLE_ARGUMENT',
    `[NON_FOLDABLE_ARGUMENT] The function \`${funcName}\` requires the parameter \`${paramName}\` to be a foldable expression of the type "${paramType}", but the actual argument is a non-foldable. SQLSTATE: 42K08`,
    { funcName: `\`${funcName}\``, paramName: `\`${paramName}\``, paramType: `"${paramType}"` },
    null,
    '42K08',
  );
}

/** RoundBase.dataType: the decimal after rounding `t` to `scale` digits (one more integral digit). */
export function roundedDecimalType(t: Extract<DataType, { kind: 'decimal' }>, scale: number): DataType {
  const integralLeastNumDigits = t.precision - t.scale + 1;
  if (scale < 0) return T.decimal(Math.min(Math.max(integralLeastNumDigits, -scale + 1), MAX_PRECISION), 0);
  const newScale = Math.min(t.scale, scale);
  return T.decimal(Math.min(integralLeastNumDigits + newScale, MAX_PRECISION), newScale);
}

/** round / bround: Round(child, scale) with scale a constant INT (default 0, printed always). */
function roundDef(name: 'round' | 'bround', mode: 'HALF_UP' | 'HALF_EVEN'): FunctionDef {
  return {
    name,
    kind: 'scalar',
    resolve(args0, call, ctx) {
      checkArgCount(name, args0, 1, 2);
      const scaleArg: Expr = args0[1] ?? { kind: 'Literal', value: 0, dataType: T.int };
      const all = [args0[0]!, scaleArg];
      const args = resolveArgs(name, all, ['numeric', T.int], ctx);
      const scaleE = args[1]!;
      if (!isFoldable(scaleE)) {
        throw unexpectedInputType(callSqlOf(name, all, ctx), 1, T.int, scaleE, exprSqlOf(scaleE, ctx));
      }
      const sv = literalValue(scaleE);
      const scale = typeof sv === 'number' ? sv : typeof sv === 'bigint' ? Number(sv) : null;
      const t = dataTypeOf(args[0]!);
      const dataType = t.kind === 'decimal' && scale !== null ? roundedDecimalType(t, scale) : t;
      return withOrigin(
        {
          kind: 'ScalarFunction',
          name,
          args,
          dataType,
          nullable: nullableOf(args[0]!) || scale === null,
          options: { mode, scale, ansi: ctx.ansi, prettyName: name },
        },
        call,
      );
    },
    prettySql: prettyByOption,
  };
}

/**
 * ceil / floor: without scale, Ceil(child) over double, decimal or bigint (decimal(p-s+1, 0) or
 * bigint); with scale, RoundCeil(child as decimal, scale) typed as round.
 */
function ceilFloorDef(name: 'ceil' | 'floor', aliases: readonly string[]): FunctionDef {
  const upper = name.toUpperCase();
  return {
    name,
    aliases,
    kind: 'scalar',
    resolve(args0, call, ctx) {
      const called = call.name ?? name;
      checkArgCount(called, args0, 1, 2);
      const mode = name === 'ceil' ? 'CEILING' : 'FLOOR';
      if (args0.length === 1) {
        const [a] = resolveArgs(called, args0, [[T.double, 'decimal', T.long]], ctx);
        const t = dataTypeOf(a!);
        const dataType: DataType =
          t.kind === 'decimal' ? T.decimal(Math.min(t.precision - t.scale + 1, MAX_PRECISION), 0) : T.long;
        // Spark prints CEIL(a) / FLOOR(a), or the alias as called (ceiling(a)).
        const prettyName = called !== name ? called : upper;
        return withOrigin(
          {
            kind: 'ScalarFunction',
            name,
            args: [a!],
            dataType,
            nullable: nullableOf(a!),
            options: { mode, scale: 0, ansi: ctx.ansi, prettyName, toLong: t.kind !== 'decimal' },
          },
          call,
        );
      }
      const scaleE = args0[1]!;
      const sv = literalValue(scaleE);
      if (!isFoldable(scaleE) || dataTypeOf(scaleE).kind !== 'integer' || sv === null || sv === undefined) {
        throw nonFoldableArgument(name, 'scale', 'INT');
      }
      const [a] = resolveArgs(called, [args0[0]!], ['decimal'], ctx);
      const t = dataTypeOf(a!) as Extract<DataType, { kind: 'decimal' }>;
      const scale = Number(sv);
      return withOrigin(
        {
          kind: 'ScalarFunction',
          name,
          args: [a!, scaleE],
          dataType: roundedDecimalType(t, scale),
          nullable: nullableOf(a!),
          options: { mode, scale, ansi: ctx.ansi, prettyName: name },
        },
        call,
      );
    },
    prettySql: prettyByOption,
  };
}

/** Coerces `left op right` as the arithmetic operator does, or throws its type errors. */
function coerceOrThrow(
  op: ArithmeticOp,
  left: Expr,
  right: Expr,
  ctx: FunctionResolutionContext,
  sql: string,
) {
  const c = coerceArithmetic(op, left, right, ctx.ansi);
  if (c !== null) return c;
  const lt = dataTypeOf(left);
  const rt = dataTypeOf(right);
  if (lt.kind !== rt.kind && lt.kind !== 'null' && rt.kind !== 'null') throw binaryOpDiffTypes(sql, lt, rt);
  throw binaryOpWrongType(sql, op === 'IntegralDivide' ? 'integral' : 'numeric', lt);
}

/** pmod(a, b), div(a, b): the Arithmetic node the operator would give (printed by the analyzer). */
function arithmeticFn(name: string, op: ArithmeticOp, mode: 'TRY' | null): FunctionDef {
  return {
    name,
    kind: 'scalar',
    resolve(args, call, ctx) {
      checkArgCount(name, args, 2);
      if (mode === 'TRY') {
        // try_add(date, interval)...: the operator's datetime rewrites apply, printed as the try_ call.
        const sql = callSqlOf(name, args, ctx);
        const env: ArithmeticEnv = {
          ansi: ctx.ansi,
          allowPrecisionLoss:
            ctx.conf.get('spark.sql.decimalOperations.allowPrecisionLoss')?.toLowerCase() !== 'false',
          call: (fname, fargs) =>
            lookupFunction(fname)!.resolve(
              fargs,
              { distinct: false, isStar: false, filter: null, ignoreNulls: false, name: fname },
              ctx,
            ),
          sql: (x) => exprSqlOf(x, ctx),
        };
        const r = resolveBinaryArithmetic(op, args[0]!, args[1]!, 'TRY', env, sql);
        const shown = r.kind === 'ScalarFunction' ? { ...r, options: { ...r.options, prettyAs: sql } } : r;
        return withOrigin(shown, call);
      }
      const c = coerceOrThrow(op, args[0]!, args[1]!, ctx, callSqlOf(name, args, ctx));
      return withOrigin(
        {
          kind: 'Arithmetic',
          op,
          left: c.left,
          right: c.right,
          dataType: c.dataType,
          evalMode: mode ?? evalMode(ctx),
        },
        call,
      );
    },
  };
}

/** mod(a, b): Remainder printed as mod(a, b), evaluated by the executor's remainder kernel. */
const modDef: FunctionDef = {
  name: 'mod',
  kind: 'scalar',
  resolve(args, call, ctx) {
    checkArgCount('mod', args, 2);
    const c = coerceOrThrow('Remainder', args[0]!, args[1]!, ctx, callSqlOf('mod', args, ctx));
    return withOrigin(
      {
        kind: 'ScalarFunction',
        name: 'mod',
        args: [c.left, c.right],
        dataType: c.dataType,
        nullable: true,
        options: { evalMode: evalMode(ctx) },
      },
      call,
    );
  },
};

const absDef = scalar('abs', {
  inputs: [NUMERIC_OR_INTERVAL],
  returns: (types) => types[0]!,
  options: (_args, ctx) => ({ ansi: ctx.ansi }),
});

/** negative(x) is unary minus; positive(x) unary plus. */
const negativeDef: FunctionDef = {
  name: 'negative',
  kind: 'scalar',
  resolve(args0, call, ctx) {
    checkArgCount('negative', args0, 1);
    const [a] = resolveArgs('negative', args0, [NUMERIC_OR_INTERVAL], ctx);
    return withOrigin({ kind: 'UnaryMinus', child: a!, evalMode: evalMode(ctx) }, call);
  },
};

const positiveDef: FunctionDef = {
  name: 'positive',
  kind: 'scalar',
  resolve(args0, call, ctx) {
    checkArgCount('positive', args0, 1);
    const [a] = resolveArgs('positive', args0, [NUMERIC_OR_INTERVAL], ctx);
    return withOrigin({ kind: 'UnaryPositive', child: a! }, call);
  },
};

const signDef = scalar('signum', {
  aliases: ['sign'],
  inputs: [[T.double, 'dayTimeInterval', 'yearMonthInterval']],
  returns: T.double,
  prettyName: 'SIGNUM',
  aliasPrints: true,
});

export const mathArithFunctions: FunctionDef[] = [
  absDef,
  negativeDef,
  positiveDef,
  signDef,
  roundDef('round', 'HALF_UP'),
  roundDef('bround', 'HALF_EVEN'),
  ceilFloorDef('ceil', ['ceiling']),
  ceilFloorDef('floor', []),
  modDef,
  arithmeticFn('pmod', 'Pmod', null),
  arithmeticFn('div', 'IntegralDivide', null),
  arithmeticFn('try_add', 'Add', 'TRY'),
  arithmeticFn('try_subtract', 'Subtract', 'TRY'),
  arithmeticFn('try_multiply', 'Multiply', 'TRY'),
  arithmeticFn('try_divide', 'Divide', 'TRY'),
  arithmeticFn('try_mod', 'Remainder', 'TRY'),
];
