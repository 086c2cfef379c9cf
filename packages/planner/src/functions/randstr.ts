// randstr(length[, seed]): a string of `length` characters drawn from 0-9a-zA-Z by XORShiftRandom
// (seed + partition index), as Spark 4's Randstr. Both arguments must be integer constants.

import { FlintError, T } from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf } from '../expr-type.js';
import { checkArgCount, dataTypeMismatch } from '../types/errors.js';
import type { FunctionDef } from './function-def.js';
import { callSqlOf, exprSqlOf, isFoldable, literalValue } from './define.js';

const INTEGRAL = new Set(['byte', 'short', 'integer', 'long']);

const randstr: FunctionDef = {
  name: 'randstr',
  kind: 'scalar',
  resolve(args, call, ctx) {
    checkArgCount('randstr', args, 1, 2);
    const callSql = callSqlOf('randstr', args, ctx);
    const names = ['length', 'seed'];
    args.forEach((a, i) => {
      const k = dataTypeOf(a).kind;
      if (!INTEGRAL.has(k) && k !== 'null') {
        throw dataTypeMismatch(
          'UNEXPECTED_INPUT_TYPE',
          callSql,
          `The ${i === 0 ? 'first' : 'second'} parameter requires the ("INT" or "SMALLINT") type, however "${exprSqlOf(a, ctx)}" has the type "${k.toUpperCase()}".`,
          {
            paramIndex: i === 0 ? 'first' : 'second',
            requiredType: '("INT" or "SMALLINT")',
            inputSql: `"${exprSqlOf(a, ctx)}"`,
            inputType: `"${k.toUpperCase()}"`,
          },
        );
      }
      if (!isFoldable(a) || literalValue(a) === undefined) {
        throw dataTypeMismatch(
          'NON_FOLDABLE_INPUT',
          callSql,
          `the input \`${names[i]}\` should be a foldable "INT" expression; however, got "${exprSqlOf(a, ctx)}".`,
          {
            inputName: `\`${names[i]}\``,
            inputType: '"INT"',
            inputExpr: `"${exprSqlOf(a, ctx)}"`,
          },
        );
      }
    });
    const len = literalValue(args[0]!);
    if (len === null)
      throw new FlintError(
        'DATATYPE_MISMATCH.UNEXPECTED_NULL',
        `[DATATYPE_MISMATCH.UNEXPECTED_NULL] Cannot resolve "${callSql}" due to data type mismatch: Null typed values cannot be used as arguments of \`length\`.`,
        { exprName: '`length`', sqlExpr: `"${callSql}"` },
        null,
        '42K09',
      );
    let seed: bigint;
    if (args.length === 2) {
      const v = literalValue(args[1]!);
      seed = v === null || v === undefined ? 0n : BigInt(v as number | bigint);
    } else {
      // Unseeded: a random seed fixed at analysis, hidden from the name.
      seed = BigInt.asIntN(
        64,
        BigInt(Math.floor(Math.random() * 2 ** 32)) * 2n ** 32n + BigInt(Math.floor(Math.random() * 2 ** 32)),
      );
    }
    const e: Expr = {
      kind: 'ScalarFunction',
      name: 'randstr',
      args: [args[0]!],
      dataType: T.string,
      nullable: false,
      options: { seed, length: Number(len), shownSeed: args.length === 2 ? exprSqlOf(args[1]!, ctx) : '' },
    };
    return call.origin !== undefined ? { ...e, origin: call.origin } : e;
  },
  prettySql(e, a) {
    const shown = e.kind === 'ScalarFunction' ? String(e.options?.['shownSeed'] ?? '') : '';
    return shown === '' ? `randstr(${a[0]})` : `randstr(${a[0]}, ${shown})`;
  },
};

export const randstrFunctions: readonly FunctionDef[] = [randstr];
