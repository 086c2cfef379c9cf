// Spark's ResolveBinaryArithmetic for the + and - operators over datetimes and intervals (date_add,
// timestamp_add_dt_interval, subtract_dates...), ANSI interval arithmetic, and the error classes Spark
// raises when neither that nor numeric coercion applies.

import { isNumeric, T, type DataType, type Value } from '@flint/common';
import type { ArithmeticOp, EvalMode, Expr } from '../expr.js';
import { dataTypeOf, nullableOf } from '../expr-type.js';
import { coerceArithmetic, promoteStrings } from './binary.js';
import { castTo, findTightestCommonType, type AbstractType } from './coercion.js';
import { binaryOpDiffTypes, binaryOpWrongType, dataTypeMismatch } from './errors.js';
import { typeSql } from './type-names.js';

export interface ArithmeticEnv {
  readonly ansi: boolean;
  /** spark.sql.decimalOperations.allowPrecisionLoss (default true). */
  readonly allowPrecisionLoss?: boolean;
  /** Resolves a builtin function by name over resolved arguments (date_add, date_sub). */
  call(name: string, args: Expr[]): Expr;
  /** Spark's SQL text of a resolved expression, for error messages. */
  sql(e: Expr): string;
}

const isDate = (t: DataType) => t.kind === 'date';
const isTs = (t: DataType) => t.kind === 'timestamp' || t.kind === 'timestamp_ntz';
const isDatetime = (t: DataType) => isDate(t) || isTs(t);
const isAnsiInterval = (t: DataType) => t.kind === 'day_time_interval' || t.kind === 'year_month_interval';
const isDayInterval = (t: DataType) =>
  t.kind === 'day_time_interval' && t.startField === 0 && t.endField === 0;

// TimeAdd's first parameter, as Spark 4 words it.
const TIME_ADD_REQUIRED =
  '("(TIMESTAMP OR TIMESTAMP WITHOUT TIME ZONE)" or "(TIMESTAMP_LTZ(P) OR TIMESTAMP_NTZ(P) WITH P IN [7, 9])")';

function fn(name: string, args: Expr[], dataType: DataType, options: Record<string, Value>): Expr {
  return { kind: 'ScalarFunction', name, args, dataType, nullable: args.some(nullableOf), options };
}

function unexpected(sqlExpr: string, index: 0 | 1, required: string, arg: Expr, env: ArithmeticEnv) {
  const t = `"${typeSql(dataTypeOf(arg))}"`;
  const paramIndex = index === 0 ? 'first' : 'second';
  return dataTypeMismatch(
    'UNEXPECTED_INPUT_TYPE',
    sqlExpr,
    `The ${paramIndex} parameter requires the ${required} type, however "${env.sql(arg)}" has the type ${t}.`,
    { paramIndex, requiredType: required, inputSql: `"${env.sql(arg)}"`, inputType: t },
  );
}

/**
 * The rewrite ResolveBinaryArithmetic applies to `left op right`, or null when the operands are left to
 * numeric coercion. Throws the type errors of the functions it rewrites to (TimeAdd, DateAdd...).
 */
function rewrite(
  op: ArithmeticOp,
  left: Expr,
  right: Expr,
  evalMode: EvalMode,
  env: ArithmeticEnv,
): Expr | null {
  const lt = dataTypeOf(left);
  const rt = dataTypeOf(right);
  if (op === 'Multiply' || op === 'Divide') {
    if (isAnsiInterval(lt)) return scaleInterval(op, left, right, evalMode, env);
    if (op === 'Multiply' && isAnsiInterval(rt)) return scaleInterval(op, right, left, evalMode, env);
    return null;
  }
  if (op !== 'Add' && op !== 'Subtract') return null;
  const neg = (x: Expr): Expr => ({ kind: 'UnaryMinus', child: x, evalMode: env.ansi ? 'ANSI' : 'LEGACY' });
  if (lt.kind === 'time' || rt.kind === 'time') {
    const t = timeArithmetic(op, left, right, evalMode, env, neg);
    if (t) return t;
  }
  const days = (x: Expr): Expr => ({
    kind: 'ScalarFunction',
    name: 'extractansiintervaldays',
    args: [x],
    dataType: T.int,
    nullable: nullableOf(x),
  });
  const shown = (sub: boolean): Record<string, Value> =>
    sub ? { infix: '-', parens: false, unwrapNegation: true } : { infix: '+', parens: false };
  // TimeAdd(ts, interval), cast back to the type of the datetime side (a string stays a string).
  const timeAdd = (dt: Expr, iv: Expr, sub: boolean): Expr => {
    const dtt = dataTypeOf(dt);
    const it = dataTypeOf(iv);
    const signed = sub ? neg(iv) : iv;
    if (!isTs(dtt) && dtt.kind !== 'string' && dtt.kind !== 'date') {
      const text = `${env.sql(dt)} + ${sub ? `(- ${env.sql(iv)})` : env.sql(iv)}`;
      throw unexpected(text, 0, TIME_ADD_REQUIRED, dt, env);
    }
    const ts = isTs(dtt) ? dt : castTo(dt, T.timestamp, env.ansi);
    const tst = dataTypeOf(ts);
    const name = it.kind === 'calendar_interval' ? 'timestamp_add_interval' : 'timestamp_add_dt_interval';
    const r = fn(name, [ts, signed], tst, shown(sub));
    return dtt.kind === 'string' ? castTo(r, T.string, env.ansi) : r;
  };
  if (op === 'Add') {
    // A NULL next to a datetime is read as a day-time interval (the result is a timestamp).
    if (isDatetime(lt) && rt.kind === 'null')
      return timeAdd(left, castTo(right, T.dayTimeInterval(0, 3), env.ansi), false);
    if (lt.kind === 'null' && isDatetime(rt))
      return timeAdd(right, castTo(left, T.dayTimeInterval(0, 3), env.ansi), false);
    if (isDate(lt) && isDayInterval(rt)) return env.call('date_add', [left, days(right)]);
    if (isDate(lt) && rt.kind === 'day_time_interval') return timeAdd(left, right, false);
    if (isDayInterval(lt) && isDate(rt)) return env.call('date_add', [right, days(left)]);
    if (lt.kind === 'day_time_interval' && isDate(rt)) return timeAdd(right, left, false);
    if (isDate(lt) && rt.kind === 'year_month_interval')
      return fn('date_add_ym_interval', [left, right], T.date, shown(false));
    if (lt.kind === 'year_month_interval' && isDate(rt))
      return fn('date_add_ym_interval', [right, left], T.date, shown(false));
    if (isTs(lt) && rt.kind === 'year_month_interval')
      return fn('timestamp_add_ym_interval', [left, right], lt, shown(false));
    if (lt.kind === 'year_month_interval' && isTs(rt))
      return fn('timestamp_add_ym_interval', [right, left], rt, shown(false));
    const same = intervalArithmetic(op, left, right, evalMode, env);
    if (same) return same;
    if (isDate(lt) && rt.kind === 'calendar_interval')
      return fn('date_add_interval', [left, right], T.date, shown(false));
    if (rt.kind === 'calendar_interval' || rt.kind === 'day_time_interval')
      return timeAdd(left, right, false);
    if (lt.kind === 'calendar_interval' || lt.kind === 'day_time_interval')
      return timeAdd(right, left, false);
    if (isDate(lt) && rt.kind !== 'string') return env.call('date_add', [left, right]);
    if (isDate(rt) && lt.kind !== 'string') return env.call('date_add', [right, left]);
    return null;
  }
  // Subtract. A NULL next to a datetime takes its type: the difference of two datetimes.
  if (isDatetime(lt) && rt.kind === 'null') return subtractDatetimes(left, castTo(right, lt, env.ansi), env);
  if (lt.kind === 'null' && isDatetime(rt)) return subtractDatetimes(castTo(left, rt, env.ansi), right, env);
  if (isDate(lt) && isDayInterval(rt)) return env.call('date_add', [left, neg(days(right))]);
  if (isDate(lt) && rt.kind === 'day_time_interval') return timeAdd(left, right, true);
  if (isDate(lt) && rt.kind === 'year_month_interval')
    return fn('date_add_ym_interval', [left, neg(right)], T.date, shown(true));
  if (isTs(lt) && rt.kind === 'year_month_interval')
    return fn('timestamp_add_ym_interval', [left, neg(right)], lt, shown(true));
  const same = intervalArithmetic(op, left, right, evalMode, env);
  if (same) return same;
  if (isDate(lt) && rt.kind === 'calendar_interval')
    return fn('date_add_interval', [left, neg(right)], T.date, shown(true));
  if (rt.kind === 'calendar_interval' || rt.kind === 'day_time_interval') return timeAdd(left, right, true);
  if (isTs(lt) || isTs(rt) || isDate(rt)) return subtractDatetimes(left, right, env);
  if (isDate(lt) && rt.kind !== 'string') return env.call('date_sub', [left, right]);
  return null;
}

/**
 * TIME +/- day-time interval (TimeAddInterval, the result stays within the day) and TIME - TIME
 * (SubtractTimes, an INTERVAL HOUR TO SECOND); a NULL operand takes the type the other side needs.
 */
function timeArithmetic(
  op: 'Add' | 'Subtract',
  left: Expr,
  right: Expr,
  evalMode: EvalMode,
  env: ArithmeticEnv,
  neg: (x: Expr) => Expr,
): Expr | null {
  const lt = dataTypeOf(left);
  const rt = dataTypeOf(right);
  const tryOpt: Record<string, Value> = evalMode === 'TRY' ? { try: true } : {};
  const add = (tm: Expr, iv: Expr, sub: boolean): Expr => {
    const tt = dataTypeOf(tm);
    const it = dataTypeOf(iv);
    const p0 = tt.kind === 'time' ? tt.precision : 6;
    const ivp = it.kind === 'day_time_interval' && it.endField === 3 ? 6 : 0;
    const options: Record<string, Value> = sub
      ? { infix: '-', parens: false, unwrapNegation: true, ...tryOpt }
      : { infix: '+', parens: false, ...tryOpt };
    return fn('time_add_interval', [tm, sub ? neg(iv) : iv], T.time(Math.max(p0, ivp)), options);
  };
  const dti = T.dayTimeInterval(0, 3);
  if (op === 'Add') {
    if (lt.kind === 'time' && rt.kind === 'day_time_interval') return add(left, right, false);
    if (lt.kind === 'day_time_interval' && rt.kind === 'time') return add(right, left, false);
    if (lt.kind === 'time' && rt.kind === 'null') return add(left, castTo(right, dti, env.ansi), false);
    if (lt.kind === 'null' && rt.kind === 'time') return add(right, castTo(left, dti, env.ansi), false);
    return null;
  }
  if (lt.kind === 'time' && rt.kind === 'day_time_interval') return add(left, right, true);
  const sub = (l: Expr, r: Expr): Expr =>
    fn('subtract_times', [l, r], T.dayTimeInterval(1, 3), { infix: '-', parens: false, ...tryOpt });
  if (lt.kind === 'time' && rt.kind === 'time') return sub(left, right);
  if (lt.kind === 'time' && rt.kind === 'null') return sub(left, castTo(right, lt, env.ansi));
  if (lt.kind === 'null' && rt.kind === 'time') return sub(castTo(left, rt, env.ansi), right);
  return null;
}

/** interval * number, number * interval, interval / number (MultiplyYMInterval, DivideDTInterval...). */
function scaleInterval(
  op: 'Multiply' | 'Divide',
  iv: Expr,
  num0: Expr,
  evalMode: EvalMode,
  env: ArithmeticEnv,
): Expr {
  const ym = dataTypeOf(iv).kind === 'year_month_interval';
  const sym = op === 'Multiply' ? '*' : '/';
  const nt = dataTypeOf(num0);
  let num = num0;
  if (nt.kind === 'string' || nt.kind === 'null') num = castTo(num0, T.double, env.ansi);
  else if (!isNumeric(nt))
    throw unexpected(`(${env.sql(iv)} ${sym} ${env.sql(num0)})`, 1, '"NUMERIC"', num0, env);
  const name = `${op === 'Multiply' ? 'multiply' : 'divide'}_${ym ? 'ym' : 'dt'}_interval`;
  const dataType = ym ? T.yearMonthInterval(0, 1) : T.dayTimeInterval(0, 3);
  return fn(name, [iv, num], dataType, { infix: sym, ...(evalMode === 'TRY' ? { try: true } : {}) });
}

/** SubtractTimestamps / SubtractDates: the other operand is implicitly cast, or a type error. */
function subtractDatetimes(left: Expr, right: Expr, env: ArithmeticEnv): Expr {
  const lt = dataTypeOf(left);
  const rt = dataTypeOf(right);
  const text = () => `(${env.sql(left)} - ${env.sql(right)})`;
  if (isTs(lt) || isTs(rt)) {
    const target = isTs(lt) ? lt : rt;
    const fit = (x: Expr, i: 0 | 1): Expr => {
      const t = dataTypeOf(x);
      if (isTs(t)) return x;
      if (t.kind === 'date' || t.kind === 'string' || t.kind === 'null') return castTo(x, target, env.ansi);
      throw unexpected(text(), i, '"(TIMESTAMP OR TIMESTAMP WITHOUT TIME ZONE)"', x, env);
    };
    const l = fit(left, 0);
    const r = fit(right, 1);
    // timestamp with timestamp_ntz: both are read as timestamps.
    const both =
      dataTypeOf(l).kind === dataTypeOf(r).kind
        ? [l, r]
        : [castTo(l, T.timestamp, env.ansi), castTo(r, T.timestamp, env.ansi)];
    return fn('subtract_timestamps', [both[0]!, both[1]!], T.dayTimeInterval(0, 3), { infix: '-' });
  }
  const fitDate = (x: Expr, i: 0 | 1): Expr => {
    const t = dataTypeOf(x);
    if (t.kind === 'date') return x;
    if (t.kind === 'string' || t.kind === 'null') return castTo(x, T.date, env.ansi);
    throw unexpected(text(), i, '"DATE"', x, env);
  };
  return fn('subtract_dates', [fitDate(left, 0), fitDate(right, 1)], T.dayTimeInterval(0, 0), { infix: '-' });
}

/** interval +/- interval of the same family (widened to a common type), and NULL with an ANSI interval. */
function intervalArithmetic(
  op: ArithmeticOp,
  left: Expr,
  right: Expr,
  evalMode: EvalMode,
  env: ArithmeticEnv,
): Expr | null {
  const lt = dataTypeOf(left);
  const rt = dataTypeOf(right);
  let t: DataType | null = null;
  if (lt.kind === 'null' && isAnsiInterval(rt)) t = rt;
  else if (isAnsiInterval(lt) && rt.kind === 'null') t = lt;
  else if (lt.kind === rt.kind && isAnsiInterval(lt)) t = findTightestCommonType(lt, rt);
  if (t === null) return null;
  return {
    kind: 'Arithmetic',
    op,
    left: castTo(left, t, env.ansi),
    right: castTo(right, t, env.ansi),
    dataType: t,
    evalMode,
  };
}

function requiredFor(op: ArithmeticOp): AbstractType | string {
  switch (op) {
    case 'Add':
    case 'Subtract':
      return '("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL")';
    case 'Divide':
      return [T.double, 'decimal'];
    case 'IntegralDivide':
      return [T.long, 'decimal'];
    case 'Multiply':
    case 'Remainder':
    case 'Pmod':
      return 'numeric';
  }
}

function wrongType(sql: string, op: ArithmeticOp, actual: DataType) {
  const req = requiredFor(op);
  if (typeof req === 'string' && req.startsWith('(')) {
    const a = `"${typeSql(actual)}"`;
    return dataTypeMismatch(
      'BINARY_OP_WRONG_TYPE',
      sql,
      `the binary operator requires the input type ${req}, not ${a}.`,
      { inputType: req, actualDataType: a },
    );
  }
  return binaryOpWrongType(sql, req as AbstractType, actual);
}

/**
 * Resolves `left op right` as Spark's analyzer does: the datetime / interval rewrites first, then (after
 * string promotion) again, then numeric coercion. `sql` is the operator's SQL text for error messages.
 * Returns the Arithmetic node or the datetime function it became.
 */
export function resolveBinaryArithmetic(
  op: ArithmeticOp,
  left: Expr,
  right: Expr,
  evalMode: EvalMode,
  env: ArithmeticEnv,
  sql: string,
): Expr {
  const first = rewrite(op, left, right, evalMode, env);
  if (first) return first;
  const p = promoteStrings(left, right, env.ansi);
  if (p.left !== left || p.right !== right) {
    const second = rewrite(op, p.left, p.right, evalMode, env);
    if (second) return second;
  }
  const lt0 = dataTypeOf(left);
  const rt0 = dataTypeOf(right);
  // Divide accepts only double and decimal: two strings are not read as numbers.
  if (op === 'Divide' && lt0.kind === 'string' && rt0.kind === 'string') throw wrongType(sql, op, lt0);
  const c = coerceArithmetic(op, left, right, env.ansi, env.allowPrecisionLoss ?? true);
  if (c) return { kind: 'Arithmetic', op, left: c.left, right: c.right, dataType: c.dataType, evalMode };
  const lt = dataTypeOf(p.left);
  const rt = dataTypeOf(p.right);
  if (lt.kind === 'null') throw wrongType(sql, op, rt);
  if (rt.kind === 'null' || lt.kind === rt.kind) throw wrongType(sql, op, lt);
  throw binaryOpDiffTypes(sql, lt, rt);
}
