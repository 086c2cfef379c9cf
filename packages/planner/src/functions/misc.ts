// Built-in miscellaneous functions (hash, xxhash64, typeof, uuid, ids, session information, grouping):
// type checking and resolution (evaluation is in @flint/exec).

import { T, catalogString } from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf } from '../expr-type.js';
import { checkArgCount } from '../types/errors.js';
import type { FunctionDef, FunctionResolutionContext } from './function-def.js';
import { scalar } from './define.js';

/** A function of no arguments whose value is known at analysis: a string constant named `name()`. */
function constantString(
  name: string,
  value: (ctx: FunctionResolutionContext) => string,
  aliases: readonly string[] = [],
): FunctionDef {
  return scalar(name, {
    aliases,
    inputs: [],
    returns: T.string,
    nullable: false,
    aliasPrints: true,
    options: (_args, ctx) => ({ value: value(ctx) }),
  });
}

const typeofDef: FunctionDef = {
  name: 'typeof',
  kind: 'scalar',
  resolve(args, call) {
    checkArgCount('typeof', args, 1);
    const e: Expr = {
      kind: 'ScalarFunction',
      name: 'typeof',
      args: [args[0]!],
      dataType: T.string,
      nullable: false,
      options: { value: catalogString(dataTypeOf(args[0]!)) },
    };
    return call.origin !== undefined ? { ...e, origin: call.origin } : e;
  },
};

/** grouping(col) / grouping_id(cols...): placeholders the analyzer rewrites over grouping sets. */
const groupingDef = scalar('grouping', { inputs: ['any'], returns: T.byte, nullable: false });
const groupingIdDef = scalar('grouping_id', {
  inputs: ['any'],
  variadic: true,
  minArgs: 0,
  returns: T.long,
  nullable: false,
});

function currentUser(): string {
  return process.env['SPARK_USER'] ?? process.env['USER'] ?? process.env['USERNAME'] ?? 'flint';
}

export const miscFunctions: FunctionDef[] = [
  scalar('hash', {
    inputs: ['any'],
    variadic: true,
    minArgs: 1,
    returns: T.int,
    nullable: false,
    options: () => ({ seed: 42 }),
  }),
  scalar('xxhash64', {
    inputs: ['any'],
    variadic: true,
    minArgs: 1,
    returns: T.long,
    nullable: false,
    options: () => ({ seed: 42 }),
  }),
  typeofDef,
  scalar('uuid', { inputs: [], returns: T.string, nullable: false }),
  scalar('monotonically_increasing_id', { inputs: [], returns: T.long, nullable: false }),
  scalar('spark_partition_id', { inputs: [], returns: T.int, nullable: false }),
  constantString('current_database', (ctx) => ctx.currentDatabase ?? 'default', ['current_schema']),
  constantString('current_catalog', () => 'spark_catalog'),
  constantString('current_user', currentUser, ['user', 'session_user']),
  constantString('version', () => '4.0.0 flint'),
  scalar('input_file_name', { inputs: [], returns: T.string, nullable: false }),
  groupingDef,
  groupingIdDef,
];
