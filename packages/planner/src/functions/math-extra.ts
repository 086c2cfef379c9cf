// Bit functions (bit_count, getbit, shifts) and the remaining math functions (hypot, factorial,
// width_bucket, rand/randn): type checking and resolution.

import { T } from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf } from '../expr-type.js';
import { checkArgCount, unexpectedInputType } from '../types/errors.js';
import type { FunctionDef } from './function-def.js';
import { callSqlOf, exprSqlOf, isFoldable, literalValue, scalar } from './define.js';

/** shiftleft & co; the operator forms (`<<`, `>>`, `>>>`) are aliases printed as `(a << b)`. */
function shiftDef(name: string, operator: string): FunctionDef {
  return scalar(name, {
    aliases: [operator],
    inputs: [[T.int, T.long], T.int],
    returns: (types) => types[0]!,
    aliasPrints: true,
    prettySql: (e, argSql) => {
      const pn = e.kind === 'ScalarFunction' ? e.options?.['prettyName'] : undefined;
      if (pn === operator) return `(${argSql[0]} ${operator} ${argSql[1]})`;
      return `${name}(${argSql.join(', ')})`;
    },
  });
}

function randDef(name: string, kernel: 'rand' | 'randn', aliases: readonly string[] = []): FunctionDef {
  return {
    name,
    aliases,
    kind: 'scalar',
    resolve(args0, call, ctx) {
      checkArgCount(call.name ?? name, args0, 0, 1);
      let seed: bigint;
      let args: Expr[] = [];
      if (args0.length === 1) {
        const a = args0[0]!;
        const t = dataTypeOf(a);
        const v = literalValue(a);
        if (
          !isFoldable(a) ||
          (t.kind !== 'integer' && t.kind !== 'long' && t.kind !== 'null') ||
          v === undefined
        ) {
          throw unexpectedInputType(
            callSqlOf(call.name ?? name, args0, ctx),
            0,
            [T.int, T.long],
            a,
            exprSqlOf(a, ctx),
          );
        }
        seed = v === null ? 0n : BigInt(v as number | bigint);
        args = [a];
      } else {
        // Unseeded: a random seed fixed at analysis, hidden from the name (`rand()`).
        seed = BigInt.asIntN(
          64,
          BigInt(Math.floor(Math.random() * 2 ** 32)) * 2n ** 32n +
            BigInt(Math.floor(Math.random() * 2 ** 32)),
        );
      }
      const e: Expr = {
        kind: 'ScalarFunction',
        name: kernel,
        args,
        dataType: T.double,
        nullable: false,
        options: { seed },
      };
      return call.origin !== undefined ? { ...e, origin: call.origin } : e;
    },
  };
}

/** getbit / bit_get: the bit at `pos` (0 = least significant) of an integral value, as a tinyint. */
const getbitDef = scalar('getbit', {
  aliases: ['bit_get'],
  inputs: ['integral', T.int],
  returns: T.byte,
  aliasPrints: true,
});

/** width_bucket over doubles (intervals are not supported yet). */
const widthBucketDef = scalar('width_bucket', {
  inputs: [T.double, T.double, T.double, T.long],
  returns: T.long,
  nullable: true,
});

/** bit_count over integral or boolean; a string is not implicitly cast here (Spark rejects it). */
const bitCountBase = scalar('bit_count', { inputs: [['integral', T.boolean]], returns: T.int });
const bitCountDef: FunctionDef = {
  ...bitCountBase,
  resolve(args, call, ctx) {
    const a = args[0];
    if (args.length === 1 && a !== undefined && dataTypeOf(a).kind === 'string') {
      throw unexpectedInputType(
        callSqlOf('bit_count', args, ctx),
        0,
        ['integral', T.boolean],
        a,
        exprSqlOf(a, ctx),
      );
    }
    return bitCountBase.resolve(args, call, ctx);
  },
};

export const mathExtraFunctions: FunctionDef[] = [
  bitCountDef,
  getbitDef,
  shiftDef('shiftleft', '<<'),
  shiftDef('shiftright', '>>'),
  shiftDef('shiftrightunsigned', '>>>'),
  scalar('hypot', { inputs: [T.double, T.double], returns: T.double }),
  scalar('factorial', { inputs: [T.int], returns: T.long, nullable: true }),
  widthBucketDef,
  randDef('rand', 'rand', ['random']),
  randDef('randn', 'randn'),
];
