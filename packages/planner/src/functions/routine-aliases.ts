// Spark 4 aliases that print differently from their target: timediff (shown as timestampdiff) and
// datepart (shown as `datepart(field FROM source)`); both resolve through the target's definition.

import type { FunctionDef } from './function-def.js';
import { datetimeFunctions } from './datetime.js';

function target(name: string): FunctionDef {
  const d = datetimeFunctions.find((f) => f.name === name);
  if (d === undefined) throw new Error(`missing built-in ${name}`);
  return d;
}

const timediff: FunctionDef = {
  name: 'timediff',
  kind: 'scalar',
  resolve: (args, call, ctx) =>
    target('timestampdiff').resolve(args, { ...call, name: 'timestampdiff' }, ctx),
  prettySql: (e, a) => target('timestampdiff').prettySql?.(e, a) ?? `timestampdiff(${a.join(', ')})`,
};

const datepart: FunctionDef = {
  name: 'datepart',
  kind: 'scalar',
  resolve: (args, call, ctx) => {
    const e = target('date_part').resolve(args, { ...call, name: 'date_part' }, ctx);
    // The shared extract kernel's printer reads `shownName` (`datepart(year FROM c)`).
    return e.kind === 'ScalarFunction'
      ? { ...e, options: { ...(e.options ?? {}), shownName: 'datepart' } }
      : e;
  },
};

export const routineAliasFunctions: readonly FunctionDef[] = [timediff, datepart];
