// Built-in date/time functions: type checking and resolution (evaluation is in @flint/exec, kernels of
// the same names). Also the operator helpers the analyzer can build directly (see the report/README):
// date_add_ym_interval, timestamp_add_ym_interval, timestamp_add_dt_interval, timestamp_add_interval,
// date_add_interval, subtract_dates, subtract_timestamps, extractansiintervaldays.

import { FlintError, T, type DataType } from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf } from '../expr-type.js';
import type { FunctionDef } from './function-def.js';
import {
  coerceArgs,
  defineScalar,
  lit,
  literalValue,
  scalarFunction,
  wrongNumArgs,
  type AbstractType,
  type ScalarSpec,
} from './string-support.js';
import { nullableOf } from '../expr-type.js';
import { exprSqlOf } from './define.js';

const D = T.date;
const TS = T.timestamp;
const S = T.string;
const I = T.int;
const DAYS_ARG: AbstractType = [T.int, T.short, T.byte];

const keepTs = (a: readonly Expr[], k = 0): AbstractType =>
  dataTypeOf(a[k]!).kind === 'timestamp_ntz'
    ? T.timestampNtz
    : dataTypeOf(a[k]!).kind === 'time'
      ? dataTypeOf(a[k]!)
      : TS;

const UNITS = [
  'MICROSECOND',
  'MILLISECOND',
  'SECOND',
  'MINUTE',
  'HOUR',
  'DAY',
  'DAYOFYEAR',
  'WEEK',
  'MONTH',
  'QUARTER',
  'YEAR',
];

function unitError(fn: string, unit: string): FlintError {
  return new FlintError(
    'INVALID_PARAMETER_VALUE.DATETIME_UNIT',
    `[INVALID_PARAMETER_VALUE.DATETIME_UNIT] The value of parameter(s) \`unit\` in \`${fn}\` is invalid: expects one of the units without quotes YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFYEAR, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, but got the string literal '${unit}'.`,
    { functionName: `\`${fn}\``, parameter: '`unit`', invalidValue: `'${unit}'` },
    null,
    '22023',
  );
}

/** timestampadd(unit, n, ts) / timestampdiff(unit, a, b): the unit is a string literal from the parser. */
function unitCall(
  kind: 'add' | 'diff',
  shown: string,
  args: readonly Expr[],
  ctx: Parameters<FunctionDef['resolve']>[2],
): Expr {
  const u = literalValue(args[0]!);
  const unit = typeof u === 'string' ? u.toUpperCase() : '';
  if (!UNITS.includes(unit)) throw unitError(shown, typeof u === 'string' ? u : String(u));
  if (kind === 'add') {
    const tsType = dataTypeOf(args[2]!).kind === 'timestamp_ntz' ? T.timestampNtz : TS;
    const [n, ts] = coerceArgs(shown, args.slice(1), [T.long, tsType], ctx);
    return scalarFunction('timestampadd', [n!, ts!], tsType, nullableOf(n!) || nullableOf(ts!), { unit });
  }
  const ntz = dataTypeOf(args[1]!).kind === 'timestamp_ntz' && dataTypeOf(args[2]!).kind === 'timestamp_ntz';
  const t = ntz ? T.timestampNtz : TS;
  const [a, b] = coerceArgs(shown, args.slice(1), [t, t], ctx);
  return scalarFunction('timestampdiff', [a!, b!], T.long, nullableOf(a!) || nullableOf(b!), { unit });
}

function unitDef(name: string, kind: 'add' | 'diff', twoArg?: ScalarSpec): FunctionDef[] {
  const simple = twoArg === undefined ? [] : defineScalar(twoArg);
  const base = simple[0];
  const def: FunctionDef = {
    name,
    kind: 'scalar',
    resolve(args, call, ctx) {
      if (args.length === 3) return unitCall(kind, name, args, ctx);
      if (base === undefined) throw wrongNumArgs(name, args.length, '3');
      return base.resolve(args, call, ctx);
    },
    prettySql(expr, argSql) {
      if (expr.kind === 'ScalarFunction' && (expr.name === 'timestampadd' || expr.name === 'timestampdiff')) {
        return `${expr.name}(${String(expr.options?.['unit'])}, ${argSql.join(', ')})`;
      }
      return base?.prettySql?.(expr, argSql) ?? `${name}(${argSql.join(', ')})`;
    },
  };
  return [def];
}

const EXTRACT_FIELDS: Record<string, string> = {
  YEAR: 'YEAR',
  Y: 'YEAR',
  YEARS: 'YEAR',
  YR: 'YEAR',
  YRS: 'YEAR',
  YEAROFWEEK: 'YEAROFWEEK',
  QUARTER: 'QUARTER',
  QTR: 'QUARTER',
  MONTH: 'MONTH',
  MON: 'MONTH',
  MONS: 'MONTH',
  MONTHS: 'MONTH',
  WEEK: 'WEEK',
  W: 'WEEK',
  WEEKS: 'WEEK',
  DAY: 'DAY',
  D: 'DAY',
  DAYS: 'DAY',
  DAYOFWEEK: 'DAYOFWEEK',
  DOW: 'DAYOFWEEK',
  DAYOFWEEK_ISO: 'DAYOFWEEK_ISO',
  DOW_ISO: 'DAYOFWEEK_ISO',
  DOY: 'DOY',
  HOUR: 'HOUR',
  H: 'HOUR',
  HOURS: 'HOUR',
  HR: 'HOUR',
  HRS: 'HOUR',
  MINUTE: 'MINUTE',
  M: 'MINUTE',
  MIN: 'MINUTE',
  MINS: 'MINUTE',
  MINUTES: 'MINUTE',
  SECOND: 'SECOND',
  S: 'SECOND',
  SEC: 'SECOND',
  SECONDS: 'SECOND',
  SECS: 'SECOND',
};

function extractDef(name: 'extract' | 'date_part'): FunctionDef {
  return {
    name,
    kind: 'scalar',
    resolve(args, _call, ctx) {
      if (args.length !== 2) throw wrongNumArgs(name, args.length, '2');
      // The field must be a constant: date_part(c, c) is NON_FOLDABLE_ARGUMENT.
      if (args[0]!.kind !== 'Literal') {
        throw new FlintError(
          'NON_FOLDABLE_ARGUMENT',
          `[NON_FOLDABLE_ARGUMENT] The function \`${name}\` requires the parameter \`field\` to be a foldable expression of the type "STRING", but the actual argument is a non-foldable. SQLSTATE: 42K08`,
          { funcName: `\`${name}\``, paramName: '`field`', paramType: '"STRING"' },
          null,
          '42K08',
        );
      }
      const raw = literalValue(args[0]!);
      if (raw === null) {
        // date_part(NULL, x) is a NULL double, named as written.
        const text =
          name === 'extract'
            ? `extract(NULL FROM ${exprSqlOf(args[1]!, ctx)})`
            : `${name}(NULL, ${exprSqlOf(args[1]!, ctx)})`;
        const nullDate: Expr = { kind: 'Literal', value: null, dataType: D };
        return scalarFunction('extract', [nullDate], T.double, true, {
          field: 'YEAR',
          written: 'NULL',
          shownName: name,
          prettyAs: text,
        });
      }
      const written = typeof raw === 'string' ? raw : '';
      const field = EXTRACT_FIELDS[written.toUpperCase()];
      let src = args[1]!;
      const st = dataTypeOf(src);
      const invalid = (): FlintError =>
        new FlintError(
          'INVALID_EXTRACT_FIELD',
          `[INVALID_EXTRACT_FIELD] Cannot extract ${written} from ${src.kind === 'AttributeReference' ? src.name : 'the source'}.`,
          { field: `\`${written}\``, expr: `"${src.kind === 'AttributeReference' ? src.name : ''}"` },
          null,
          '42601',
        );
      if (field === undefined) throw invalid();
      let dataType: DataType = field === 'SECOND' ? T.decimal(8, 6) : I;
      if (st.kind === 'year_month_interval') {
        if (field !== 'YEAR' && field !== 'MONTH') throw invalid();
        dataType = field === 'MONTH' ? T.byte : I;
      } else if (st.kind === 'day_time_interval') {
        if (!['DAY', 'HOUR', 'MINUTE', 'SECOND'].includes(field)) throw invalid();
        dataType = field === 'HOUR' || field === 'MINUTE' ? T.byte : field === 'DAY' ? I : T.decimal(8, 6);
      } else if (st.kind === 'calendar_interval') {
        dataType =
          field === 'MONTH' || field === 'HOUR' || field === 'MINUTE'
            ? T.byte
            : field === 'SECOND'
              ? T.decimal(8, 6)
              : I;
      } else {
        const timeField = field === 'HOUR' || field === 'MINUTE' || field === 'SECOND';
        const target: AbstractType = timeField
          ? st.kind === 'timestamp_ntz'
            ? T.timestampNtz
            : TS
          : st.kind === 'timestamp' || st.kind === 'timestamp_ntz'
            ? st
            : D;
        src = coerceArgs(name, [src], [target], ctx)[0]!;
      }
      return scalarFunction('extract', [src], dataType, nullableOf(src), { field, written, shownName: name });
    },
    prettySql(expr, argSql) {
      const written = expr.kind === 'ScalarFunction' ? String(expr.options?.['written'] ?? '') : '';
      const shown = expr.kind === 'ScalarFunction' ? String(expr.options?.['shownName'] ?? name) : name;
      if (shown === 'datepart') return `datepart(${written} FROM ${argSql[0]})`;
      return shown === 'extract'
        ? `extract(${written} FROM ${argSql[0]})`
        : `date_part(${written}, ${argSql[0]})`;
    },
  };
}

const noArgs = (name: string, returns: DataType, aliases: string[] = []): ScalarSpec => ({
  name,
  aliases,
  arity: [0],
  returns,
  nullable: false,
  pretty: (_a, shown) => `${shown}()`,
});

const specs: ScalarSpec[] = [
  noArgs('current_date', D, ['curdate']),
  noArgs('current_timestamp', TS, ['now']),
  noArgs('localtimestamp', T.timestampNtz),
  noArgs('current_timezone', S),
  { name: 'datediff', aliases: ['date_diff'], arity: [2], inputs: [D, D], returns: I },
  { name: 'add_months', arity: [2], inputs: [D, I], returns: D },
  {
    name: 'months_between',
    arity: [2, 3],
    inputs: [TS, TS, T.boolean],
    defaults: (a) => (a.length === 3 ? [...a] : [...a, lit(true, T.boolean)]),
    returns: T.double,
  },
  { name: 'last_day', arity: [1], inputs: [D], returns: D },
  { name: 'next_day', arity: [2], inputs: [D, S], returns: D, nullable: true },
  { name: 'trunc', arity: [2], inputs: [D, S], returns: D, nullable: true },
  {
    name: 'date_trunc',
    arity: [2],
    inputs: (a) => [S, keepTs(a, 1)],
    returns: (a) => dataTypeOf(a[1]!),
    nullable: true,
  },
  { name: 'year', arity: [1], inputs: [D], returns: I },
  { name: 'quarter', arity: [1], inputs: [D], returns: I },
  { name: 'month', arity: [1], inputs: [D], returns: I },
  { name: 'day', aliases: ['dayofmonth'], arity: [1], inputs: [D], returns: I },
  { name: 'dayofweek', arity: [1], inputs: [D], returns: I },
  { name: 'weekday', arity: [1], inputs: [D], returns: I },
  { name: 'dayofyear', arity: [1], inputs: [D], returns: I },
  { name: 'weekofyear', arity: [1], inputs: [D], returns: I },
  { name: 'dayname', arity: [1], inputs: [D], returns: S },
  { name: 'monthname', arity: [1], inputs: [D], returns: S },
  { name: 'hour', arity: [1], inputs: (a) => [keepTs(a)], returns: I },
  { name: 'minute', arity: [1], inputs: (a) => [keepTs(a)], returns: I },
  { name: 'second', arity: [1], inputs: (a) => [keepTs(a)], returns: I },
  { name: 'make_date', arity: [3], inputs: [I, I, I], returns: D, nullable: (a) => a.some(nullableOf) },
  {
    name: 'make_timestamp',
    arity: [6, 7],
    inputs: [I, I, I, I, I, T.decimal(16, 6), S],
    returns: TS,
    nullable: true,
  },
  {
    name: 'make_timestamp_ntz',
    arity: [6],
    inputs: [I, I, I, I, I, T.decimal(16, 6)],
    returns: T.timestampNtz,
    nullable: true,
  },
  {
    name: 'make_timestamp_ltz',
    arity: [6, 7],
    inputs: [I, I, I, I, I, T.decimal(16, 6), S],
    returns: TS,
    nullable: true,
  },
  {
    name: 'to_date',
    arity: [1, 2],
    inputs: (a) => [
      dataTypeOf(a[0]!).kind === 'string' || dataTypeOf(a[0]!).kind === 'null'
        ? S
        : dataTypeOf(a[0]!).kind === 'date'
          ? D
          : keepTs(a),
      S,
    ],
    returns: D,
    nullable: true,
  },
  {
    name: 'try_to_date',
    arity: [1, 2],
    inputs: (a) => [dataTypeOf(a[0]!).kind === 'string' || dataTypeOf(a[0]!).kind === 'null' ? S : D, S],
    returns: D,
    nullable: true,
  },
  ...(['to_timestamp', 'try_to_timestamp', 'to_timestamp_ltz'] as const).map((name): ScalarSpec => ({
    name,
    arity: [1, 2],
    inputs: (a) => [tsSource(a[0]!), S],
    returns: TS,
    nullable: true,
  })),
  {
    name: 'to_timestamp_ntz',
    arity: [1, 2],
    inputs: (a) => [tsSource(a[0]!), S],
    returns: T.timestampNtz,
    nullable: true,
  },
  ...(['to_unix_timestamp', 'unix_timestamp'] as const).map((name): ScalarSpec => ({
    name,
    arity: name === 'unix_timestamp' ? [0, 1, 2] : [1, 2],
    inputs: (a) => [tsSource(a[0]!), S],
    defaults: (a) =>
      a.length === 0
        ? [scalarFunction('current_timestamp', [], TS, false), lit('yyyy-MM-dd HH:mm:ss', S)]
        : a.length === 1
          ? [...a, lit('yyyy-MM-dd HH:mm:ss', S)]
          : [...a],
    returns: T.long,
    nullable: true,
  })),
  {
    name: 'from_unixtime',
    arity: [1, 2],
    inputs: [T.long, S],
    defaults: (a) => (a.length === 2 ? [...a] : [...a, lit('yyyy-MM-dd HH:mm:ss', S)]),
    returns: S,
  },
  {
    name: 'date_format',
    aliases: [],
    silentAliases: ['to_char', 'to_varchar'],
    arity: [2],
    inputs: (a) => [
      dataTypeOf(a[0]!).kind === 'timestamp_ntz'
        ? T.timestampNtz
        : dataTypeOf(a[0]!).kind === 'time'
          ? dataTypeOf(a[0]!)
          : TS,
      S,
    ],
    returns: S,
    nullable: true,
  },
  { name: 'from_utc_timestamp', arity: [2], inputs: [TS, S], returns: TS },
  { name: 'to_utc_timestamp', arity: [2], inputs: [TS, S], returns: TS },
  {
    name: 'convert_timezone',
    arity: [2, 3],
    inputs: [S, S, T.timestampNtz],
    defaults: (a) => (a.length === 3 ? [...a] : [scalarFunction('current_timezone', [], S, false), ...a]),
    returns: T.timestampNtz,
  },
  { name: 'unix_date', arity: [1], inputs: [D], returns: I },
  { name: 'unix_seconds', arity: [1], inputs: [TS], returns: T.long },
  { name: 'unix_millis', arity: [1], inputs: [TS], returns: T.long },
  { name: 'unix_micros', arity: [1], inputs: [TS], returns: T.long },
  { name: 'date_from_unix_date', arity: [1], inputs: [I], returns: D },
  { name: 'timestamp_seconds', arity: [1], inputs: ['numeric'], returns: TS },
  { name: 'timestamp_millis', arity: [1], inputs: [T.long], returns: TS },
  { name: 'timestamp_micros', arity: [1], inputs: [T.long], returns: TS },
];

function tsSource(e: Expr): AbstractType {
  const k = dataTypeOf(e).kind;
  if (k === 'string' || k === 'null') return S;
  if (k === 'date') return D;
  if (k === 'timestamp_ntz') return T.timestampNtz;
  return TS;
}

const dateAddSpec: ScalarSpec = { name: 'date_add', arity: [2], inputs: [D, DAYS_ARG], returns: D };
const dateSubSpec: ScalarSpec = { name: 'date_sub', arity: [2], inputs: [D, DAYS_ARG], returns: D };
const datediffSpec: ScalarSpec = { name: 'datediff', arity: [2], inputs: [D, D], returns: I };

export const datetimeFunctions: FunctionDef[] = [
  ...unitDef('date_add', 'add', dateAddSpec),
  ...unitDef('dateadd', 'add', { ...dateAddSpec, name: 'date_add' }).map((d) => ({ ...d, name: 'dateadd' })),
  ...unitDef('timestampadd', 'add'),
  ...defineScalar(dateSubSpec),
  ...unitDef('datediff', 'diff', datediffSpec),
  ...unitDef('date_diff', 'diff', { ...datediffSpec, name: 'date_diff', kernel: 'datediff' }),
  ...unitDef('timestampdiff', 'diff'),
  extractDef('extract'),
  extractDef('date_part'),
  ...specs.filter((s) => s.name !== 'datediff').flatMap(defineScalar),
];
