// Functions of the TIME type: to_time, try_to_time, time_trunc, make_time, current_time, and the
// make_timestamp / _ltz / _ntz (date[, time[, timezone]]) forms.

import { FlintError, T } from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf } from '../expr-type.js';
import { checkArgCount, unexpectedInputTypeText } from '../types/errors.js';
import type { FunctionDef } from './function-def.js';
import { exprSqlOf, resolveArgs } from './define.js';
import { datetimeFunctions } from './datetime.js';
import { defineScalar, literalValue, type AbstractType, type ScalarSpec } from './string-support.js';

const S = T.string;

/** A TIME argument keeps its precision; anything else is read as TIME(6). */
function timeArg(e: Expr | undefined): AbstractType {
  const t = e === undefined ? null : dataTypeOf(e);
  return t !== null && t.kind === 'time' ? t : T.time(6);
}

const specs: ScalarSpec[] = [
  { name: 'to_time', arity: [1, 2], inputs: [S, S], returns: T.time(6), nullable: true },
  {
    name: 'try_to_time',
    kernel: 'to_time',
    arity: [1, 2],
    inputs: [S, S],
    returns: T.time(6),
    nullable: true,
    options: () => ({ try: true }),
  },
  {
    name: 'time_trunc',
    arity: [2],
    inputs: (a) => [S, timeArg(a[1])],
    returns: (a) => dataTypeOf(a[1]!),
  },
  { name: 'make_time', arity: [3], inputs: [T.int, T.int, T.decimal(16, 6)], returns: T.time(6) },
  {
    name: 'current_time',
    arity: [0, 1],
    inputs: [T.int],
    returns: (a) => {
      const p = a[0] === undefined ? 6 : literalValue(a[0]);
      return T.time(typeof p === 'number' ? p : 6);
    },
    nullable: false,
  },
];

/** DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE as make_timestamp's (date, time) form reports it. */
export function dateTimeArgMismatch(
  callSql: string,
  index: number,
  required: string,
  arg: Expr,
  argSql: string,
): FlintError {
  return unexpectedInputTypeText(callSql, index, `"${required}"`, arg, argSql);
}

/**
 * make_timestamp(date[, time[, tz]]) and friends; six or more arguments go to the field form. The call
 * becomes `make_timestamp` (or `make_timestamp_ntz`) with option `dtForm` for the kernel.
 */
function makeTimestampDef(name: 'make_timestamp' | 'make_timestamp_ltz' | 'make_timestamp_ntz'): FunctionDef {
  const ntz = name === 'make_timestamp_ntz';
  const shown = ntz ? 'make_timestamp_ntz' : 'make_timestamp';
  return {
    name,
    kind: 'scalar',
    resolve(args, call, ctx) {
      if (args.length >= 4) {
        const target = datetimeFunctions.find((f) => f.name === name);
        if (target === undefined) throw new Error(`missing ${name}`);
        return target.resolve(args, call, ctx);
      }
      checkArgCount(name, args, ntz ? 2 : 1, ntz ? 2 : 3);
      const callSql = `${shown}(${args.map((a) => exprSqlOf(a, ctx)).join(', ')})`;
      const k0 = dataTypeOf(args[0]!).kind;
      if (k0 !== 'date' && k0 !== 'null')
        throw dateTimeArgMismatch(callSql, 0, 'DATE', args[0]!, exprSqlOf(args[0]!, ctx));
      const time = args[1];
      if (time !== undefined && dataTypeOf(time).kind !== 'null' && dataTypeOf(time).kind !== 'time')
        throw dateTimeArgMismatch(callSql, 1, 'TIME', time, exprSqlOf(time, ctx));
      const rest = args.length > 2 ? resolveArgs(name, args.slice(2), [T.string], ctx) : [];
      const anyNull = args.slice(0, 2).some((a) => dataTypeOf(a).kind === 'null');
      return {
        kind: 'ScalarFunction',
        name: shown,
        args: [...args.slice(0, 2), ...rest],
        dataType: ntz ? T.timestampNtz : T.timestamp,
        nullable: true,
        options: { dtForm: anyNull ? 'null' : time === undefined ? 'date' : 'datetime' },
        ...(call.origin !== undefined ? { origin: call.origin } : {}),
      };
    },
    prettySql: (e, a) => `${e.kind === 'ScalarFunction' ? e.name : name}(${a.join(', ')})`,
  };
}

export const timeFunctions: FunctionDef[] = [
  ...specs.flatMap(defineScalar),
  makeTimestampDef('make_timestamp'),
  makeTimestampDef('make_timestamp_ltz'),
  makeTimestampDef('make_timestamp_ntz'),
];
