// Built-in conditional and null-handling functions. Those whose later arguments must not be evaluated
// when not needed (if, coalesce, nvl, nvl2, nullif, nanvl...) resolve to CaseWhen, which the executor
// evaluates lazily; CaseWhen.display keeps the call for Spark's generated names.

import { T, type DataType } from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf, nullableOf } from '../expr-type.js';
import { castTo, findWiderTypeForTwo, implicitCast } from '../types/coercion.js';
import { coerceComparison } from '../types/binary.js';
import { binaryOpDiffTypes, checkArgCount, dataDiffTypes, unexpectedInputType } from '../types/errors.js';
import type { FunctionDef, FunctionResolutionContext } from './function-def.js';
import { callSqlOf, exprSqlOf, scalar } from './define.js';

type CaseBranch = { readonly condition: Expr; readonly value: Expr };

function lit(value: number | boolean | null, dataType: DataType): Expr {
  return { kind: 'Literal', value, dataType };
}

/** Casts the values to their wider common type, or throws DATA_DIFF_TYPES naming the function. */
function commonType(
  name: string,
  values: readonly Expr[],
  callArgs: readonly Expr[],
  ctx: FunctionResolutionContext,
): { exprs: Expr[]; type: DataType } {
  let t: DataType = T.null;
  for (const v of values) {
    const w = findWiderTypeForTwo(t, dataTypeOf(v));
    if (w === null) throw dataDiffTypes(callSqlOf(name, callArgs, ctx), name, values.map(dataTypeOf));
    t = w;
  }
  return { exprs: values.map((v) => castTo(v, t, ctx.ansi)), type: t };
}

function caseWhen(
  branches: CaseBranch[],
  elseValue: Expr | null,
  dataType: DataType,
  name: string,
  args: readonly Expr[],
): Expr {
  return { kind: 'CaseWhen', branches, elseValue, dataType, display: { name, args } };
}

function notNull(e: Expr): Expr {
  return { kind: 'IsNotNull', child: e };
}

/** The name printed for a call made through an alias (ifnull) or the canonical name. */
function calledName(def: string, called: string | undefined): string {
  return called ?? def;
}

const plainPretty =
  (name: string) =>
  (expr: Expr, argSql: readonly string[]): string => {
    const n = expr.kind === 'CaseWhen' && expr.display ? expr.display.name : name;
    return `${n}(${argSql.join(', ')})`;
  };

function coalesceLike(name: string, aliases: readonly string[], min: number, max: number): FunctionDef {
  return {
    name,
    aliases,
    kind: 'scalar',
    resolve(args, call, ctx) {
      const shown = calledName(name, call.name);
      checkArgCount(shown, args, min, max);
      const { exprs, type } = commonType(shown, args, args, ctx);
      if (exprs.length === 1) return exprs[0]!;
      const branches = exprs.slice(0, -1).map((e) => ({ condition: notNull(e), value: e }));
      return caseWhen(branches, exprs[exprs.length - 1]!, type, shown, args);
    },
    prettySql: plainPretty(name),
  };
}

const ifDef: FunctionDef = {
  name: 'if',
  kind: 'scalar',
  resolve(args, call, ctx) {
    checkArgCount('if', args, 3);
    const cond = implicitCast(args[0]!, T.boolean, ctx.ansi);
    if (cond === null)
      throw unexpectedInputType(callSqlOf('if', args, ctx), 0, T.boolean, args[0]!, exprSqlOf(args[0]!, ctx));
    const { exprs, type } = commonType('if', [args[1]!, args[2]!], args, ctx);
    return caseWhen([{ condition: cond, value: exprs[0]! }], exprs[1]!, type, 'if', args);
  },
  prettySql: (_e, a) => `(IF(${a.join(', ')}))`,
};

const nvl2: FunctionDef = {
  name: 'nvl2',
  kind: 'scalar',
  resolve(args, _call, ctx) {
    checkArgCount('nvl2', args, 3);
    const { exprs, type } = commonType('nvl2', [args[1]!, args[2]!], args, ctx);
    return caseWhen([{ condition: notNull(args[0]!), value: exprs[0]! }], exprs[1]!, type, 'nvl2', args);
  },
  prettySql: plainPretty('nvl2'),
};

const nullif: FunctionDef = {
  name: 'nullif',
  kind: 'scalar',
  resolve(args, _call, ctx) {
    checkArgCount('nullif', args, 2);
    const c = coerceComparison(args[0]!, args[1]!, ctx.ansi);
    if (c === null)
      throw binaryOpDiffTypes(
        `(${exprSqlOf(args[0]!, ctx)} = ${exprSqlOf(args[1]!, ctx)})`,
        dataTypeOf(args[0]!),
        dataTypeOf(args[1]!),
      );
    const t = dataTypeOf(args[0]!);
    return caseWhen(
      [
        {
          condition: { kind: 'Comparison', op: 'EqualTo', left: c.left, right: c.right },
          value: lit(null, t),
        },
      ],
      args[0]!,
      t,
      'nullif',
      args,
    );
  },
  prettySql: plainPretty('nullif'),
};

const nanvl: FunctionDef = {
  name: 'nanvl',
  kind: 'scalar',
  resolve(args, _call, ctx) {
    checkArgCount('nanvl', args, 2);
    const fr: DataType[] = [T.double, T.float];
    const cast = args.map((a, i) => {
      const t = dataTypeOf(a);
      // float stays float only when both are float; everything else is double.
      const target = t.kind === 'float' && dataTypeOf(args[1 - i]!).kind === 'float' ? T.float : T.double;
      const r = implicitCast(a, target, ctx.ansi);
      if (r === null) throw unexpectedInputType(callSqlOf('nanvl', args, ctx), i, fr, a, exprSqlOf(a, ctx));
      return r;
    });
    const left = cast[0]!;
    const isNan: Expr = {
      kind: 'ScalarFunction',
      name: 'isnan',
      args: [left],
      dataType: T.boolean,
      nullable: false,
    };
    return caseWhen([{ condition: isNan, value: cast[1]! }], left, dataTypeOf(left), 'nanvl', args);
  },
  prettySql: plainPretty('nanvl'),
};

const nullifzero: FunctionDef = {
  name: 'nullifzero',
  kind: 'scalar',
  resolve(args, _call, ctx) {
    checkArgCount('nullifzero', args, 1);
    const c = coerceComparison(args[0]!, lit(0, T.int), ctx.ansi);
    if (c === null) throw binaryOpDiffTypes(`(${exprSqlOf(args[0]!, ctx)} = 0)`, dataTypeOf(args[0]!), T.int);
    const t = dataTypeOf(args[0]!);
    return caseWhen(
      [
        {
          condition: { kind: 'Comparison', op: 'EqualTo', left: c.left, right: c.right },
          value: lit(null, t),
        },
      ],
      args[0]!,
      t,
      'nullifzero',
      args,
    );
  },
  prettySql: plainPretty('nullifzero'),
};

const zeroifnull: FunctionDef = {
  name: 'zeroifnull',
  kind: 'scalar',
  resolve(args, _call, ctx) {
    checkArgCount('zeroifnull', args, 1);
    const zero = lit(0, T.int);
    const { exprs, type } = commonType('zeroifnull', [args[0]!, zero], args, ctx);
    return caseWhen(
      [{ condition: notNull(exprs[0]!), value: exprs[0]! }],
      exprs[1]!,
      type,
      'zeroifnull',
      args,
    );
  },
  prettySql: plainPretty('zeroifnull'),
};

function nullTest(name: string, kind: 'IsNull' | 'IsNotNull'): FunctionDef {
  return {
    name,
    kind: 'scalar',
    resolve(args) {
      checkArgCount(name, args, 1);
      return { kind, child: args[0]! };
    },
  };
}

/** greatest/least: the wider common type of at least two arguments; NULLs are skipped. */
function extremum(name: 'greatest' | 'least'): FunctionDef {
  return {
    name,
    kind: 'scalar',
    resolve(args, call, ctx) {
      checkArgCount(name, args, 2, Infinity);
      const { exprs, type } = commonType(name, args, args, ctx);
      return {
        kind: 'ScalarFunction',
        name,
        args: exprs,
        dataType: type,
        nullable: exprs.every(nullableOf),
        ...(call.origin !== undefined ? { origin: call.origin } : {}),
      };
    },
  };
}

const equalNull: FunctionDef = {
  name: 'equal_null',
  kind: 'scalar',
  resolve(args, _call, ctx) {
    checkArgCount('equal_null', args, 2);
    const c = coerceComparison(args[0]!, args[1]!, ctx.ansi);
    if (c === null)
      throw binaryOpDiffTypes(callSqlOf('equal_null', args, ctx), dataTypeOf(args[0]!), dataTypeOf(args[1]!));
    return {
      kind: 'ScalarFunction',
      name: 'equal_null',
      args: [c.left, c.right],
      dataType: T.boolean,
      nullable: false,
    };
  },
};

export const conditionalFunctions: FunctionDef[] = [
  coalesceLike('coalesce', [], 1, Infinity),
  coalesceLike('nvl', ['ifnull'], 2, 2),
  ifDef,
  nvl2,
  nullif,
  nanvl,
  nullifzero,
  zeroifnull,
  nullTest('isnull', 'IsNull'),
  nullTest('isnotnull', 'IsNotNull'),
  scalar('isnan', { inputs: [T.double], returns: T.boolean, nullable: false }),
  extremum('greatest'),
  extremum('least'),
  equalNull,
  scalar('assert_true', {
    inputs: [T.boolean, T.string],
    minArgs: 1,
    maxArgs: 2,
    returns: T.null,
    nullable: true,
  }),
  scalar('raise_error', { inputs: [T.string], returns: T.null, nullable: true }),
];
