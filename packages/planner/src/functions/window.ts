// Window-only functions (ranking, distribution, offsets): resolved to WindowFunction, evaluated by
// the executor's window operator.

import { FlintError, T } from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf } from '../expr-type.js';
import type { FunctionDef } from './function-def.js';
import { literalValue, windowFn } from './define.js';

const noArgs = (name: string, returns: typeof T.int | typeof T.double): FunctionDef =>
  windowFn(name, { inputs: [], returns, nullable: false });

/** lag/lead(input[, offset[, default]]): offset defaults to 1 and default to NULL, both appended. */
function offsetFn(name: 'lag' | 'lead'): FunctionDef {
  const base = windowFn(name, {
    inputs: ['any', T.int, 'any'],
    minArgs: 1,
    maxArgs: 3,
    returns: (t) => t[0] ?? T.null,
    nullable: () => true,
  });
  return {
    ...base,
    resolve(args, call, ctx) {
      const full: Expr[] = [...args];
      if (full.length === 1) full.push({ kind: 'Literal', value: 1, dataType: T.int });
      if (full.length === 2) full.push({ kind: 'Literal', value: null, dataType: dataTypeOf(full[0]!) });
      const r = base.resolve(full, call, ctx);
      if (r.kind !== 'WindowFunction') return r;
      // The default takes the input's type.
      const def = r.args[2]!;
      const t = r.dataType;
      const castDef: Expr =
        def.kind === 'Literal' && def.value === null
          ? { kind: 'Literal', value: null, dataType: t }
          : dataTypeOf(def).kind === t.kind
            ? def
            : {
                kind: 'Cast',
                child: def,
                dataType: t,
                evalMode: ctx.ansi ? 'ANSI' : 'LEGACY',
                userSpecified: false,
              };
      return { ...r, args: [r.args[0]!, r.args[1]!, castDef], nullable: true };
    },
  };
}

const ntile: FunctionDef = (() => {
  const base = windowFn('ntile', { inputs: [T.int], returns: T.int, nullable: false });
  return {
    ...base,
    resolve(args, call, ctx) {
      const r = base.resolve(args, call, ctx);
      const v = r.kind === 'WindowFunction' && r.args[0] ? literalValue(r.args[0]) : undefined;
      if (typeof v === 'number' && v <= 0) {
        throw new FlintError(
          'DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE',
          `[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve "ntile(${v})" due to data type mismatch: The \`buckets\` must be between (0, 2147483647], but got ${v}.`,
          {
            exprName: '`buckets`',
            valueRange: '(0, 2147483647]',
            currentValue: String(v),
            sqlExpr: `"ntile(${v})"`,
          },
          null,
          '42K09',
        );
      }
      return r;
    },
  };
})();

export const windowFunctions: FunctionDef[] = [
  noArgs('row_number', T.int),
  noArgs('rank', T.int),
  noArgs('dense_rank', T.int),
  noArgs('percent_rank', T.double),
  noArgs('cume_dist', T.double),
  ntile,
  offsetFn('lag'),
  offsetFn('lead'),
  windowFn('nth_value', {
    inputs: ['any', T.int, T.boolean],
    minArgs: 2,
    maxArgs: 3,
    returns: (t) => t[0] ?? T.null,
  }),
];
