// try_make_timestamp / try_make_timestamp_ltz / try_make_timestamp_ntz: the six/seven-field forms run
// make_timestamp* returning NULL instead of failing; the (date[, time[, tz]]) forms are supported
// (mode 'date' / 'datetime', see exec's makeTimestampDateTime).

import { T } from '@flint/common';
import { dataTypeOf } from '../expr-type.js';
import { checkArgCount, unexpectedInputTypeText } from '../types/errors.js';
import type { FunctionDef } from './function-def.js';
import { exprSqlOf, resolveArgs } from './define.js';
import { datetimeFunctions } from './datetime.js';

type Variant = 'try_make_timestamp' | 'try_make_timestamp_ltz' | 'try_make_timestamp_ntz';

const TARGET: Record<Variant, string> = {
  try_make_timestamp: 'make_timestamp',
  try_make_timestamp_ltz: 'make_timestamp_ltz',
  try_make_timestamp_ntz: 'make_timestamp_ntz',
};

function tryMakeTimestamp(name: Variant): FunctionDef {
  const ntz = name === 'try_make_timestamp_ntz';
  const resultType = ntz ? T.timestampNtz : T.timestamp;
  return {
    name,
    kind: 'scalar',
    resolve(args, call, ctx) {
      if (args.length >= 6) {
        const target = datetimeFunctions.find((f) => f.name === TARGET[name]);
        if (target === undefined) throw new Error(`missing ${TARGET[name]}`);
        const e = target.resolve(args, { ...call, name: TARGET[name] }, ctx);
        if (e.kind !== 'ScalarFunction') return e;
        return {
          ...e,
          name,
          nullable: true,
          options: { ...(e.options ?? {}), target: e.name, mode: 'fields' },
        };
      }
      checkArgCount(
        name,
        args,
        name === 'try_make_timestamp' ? 1 : 2,
        name === 'try_make_timestamp_ntz' ? 2 : 3,
      );
      // Spark's message names the make_timestamp* expression the call is replaced by.
      const shownCall = `${ntz ? 'make_timestamp_ntz' : 'make_timestamp'}(${args.map((a) => exprSqlOf(a, ctx)).join(', ')})`;
      const k0 = dataTypeOf(args[0]!).kind;
      if (k0 !== 'date' && k0 !== 'null')
        throw unexpectedInputTypeText(shownCall, 0, '"DATE"', args[0]!, exprSqlOf(args[0]!, ctx));
      const time = args[1];
      const tk = time === undefined ? null : dataTypeOf(time).kind;
      if (tk !== null && tk !== 'null' && tk !== 'time')
        throw unexpectedInputTypeText(shownCall, 1, '"TIME"', time!, exprSqlOf(time!, ctx));
      const rest = args.length > 2 ? resolveArgs(name, args.slice(2), [T.string], ctx) : [];
      const allNull = k0 === 'null' || tk === 'null';
      return {
        kind: 'ScalarFunction',
        name,
        args: allNull ? args : time === undefined ? [args[0]!, ...rest] : [args[0]!, time, ...rest],
        dataType: resultType,
        nullable: true,
        options: { mode: allNull ? 'null' : time === undefined ? 'date' : 'datetime' },
        ...(call.origin !== undefined ? { origin: call.origin } : {}),
      };
    },
    prettySql(e, a) {
      if (e.kind === 'ScalarFunction' && e.options?.['mode'] !== 'fields') {
        if (name === 'try_make_timestamp_ltz') return `make_timestamp(${a.join(', ')})`;
        if (name === 'try_make_timestamp_ntz')
          return `try_make_timestamp_ntz(make_timestamp_ntz(${a.join(', ')}))`;
      }
      return `${name}(${a.join(', ')})`;
    },
  };
}

export const tryMakeTimestampFunctions: readonly FunctionDef[] = [
  tryMakeTimestamp('try_make_timestamp'),
  tryMakeTimestamp('try_make_timestamp_ltz'),
  tryMakeTimestamp('try_make_timestamp_ntz'),
];
