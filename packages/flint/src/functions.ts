// PySpark's `pyspark.sql.functions`: column builders and one function per commonly used Spark SQL
// builtin. Each builds an UnresolvedFunction by Spark's SQL name; the analyzer resolves and types it.
// String arguments in column positions are column names (as in PySpark); other parameters are values.
// snake_case names follow PySpark; camelCase twins are exported alongside.

import { T } from '@flint/common';
import type { Expr } from '@flint/planner';
import { parseExpressionWithActiveSession } from './active-session.js';
import { caseWhen, Column, nameExpr, type ColumnOrName, type ColumnOrValue } from './column.js';
import { fn, literal, literalOf, sortOrder, unresolvedAttribute } from './exprs.js';
import type { DataFrame } from './dataframe.js';

const c = nameExpr;
const call = (name: string, ...args: Expr[]): Column => new Column(fn(name, args));
const callDistinct = (name: string, ...args: Expr[]): Column => new Column(fn(name, args, true));
const lits = (x: unknown): Expr => (x instanceof Column ? x.expr : literalOf(x));

// ---- columns and literals

/** A column by name ('a', 't.a', '`a.b`', '*', 't.*'). */
export function col(name: string): Column {
  return new Column(unresolvedAttribute(name));
}
export const column = col;

/** A literal; a Column passes through. */
export function lit(value: ColumnOrValue): Column {
  return value instanceof Column ? value : new Column(literalOf(value));
}

/** A SQL expression string, parsed by the active session's parser. */
export function expr(sql: string): Column {
  return new Column(parseExpressionWithActiveSession(sql));
}

export function when(condition: Column, value: ColumnOrValue): Column {
  return caseWhen(condition, value);
}

export function asc(name: ColumnOrName): Column {
  return new Column(sortOrder(c(name), 'Ascending'));
}
export function desc(name: ColumnOrName): Column {
  return new Column(sortOrder(c(name), 'Descending'));
}
export function asc_nulls_first(name: ColumnOrName): Column {
  return new Column(sortOrder(c(name), 'Ascending', true));
}
export function asc_nulls_last(name: ColumnOrName): Column {
  return new Column(sortOrder(c(name), 'Ascending', false));
}
export function desc_nulls_first(name: ColumnOrName): Column {
  return new Column(sortOrder(c(name), 'Descending', true));
}
export function desc_nulls_last(name: ColumnOrName): Column {
  return new Column(sortOrder(c(name), 'Descending', false));
}

/** Marks a DataFrame as small enough to broadcast in a join. */
export function broadcast(df: DataFrame): DataFrame {
  return df.hint('broadcast');
}

// ---- conditional and null handling

export function coalesce(...cols: ColumnOrName[]): Column {
  return call('coalesce', ...cols.map(c));
}
export function isnull(x: ColumnOrName): Column {
  return call('isnull', c(x));
}
export function isnotnull(x: ColumnOrName): Column {
  return call('isnotnull', c(x));
}
export function isnan(x: ColumnOrName): Column {
  return call('isnan', c(x));
}
export function nanvl(a: ColumnOrName, b: ColumnOrName): Column {
  return call('nanvl', c(a), c(b));
}
export function nvl(a: ColumnOrName, b: ColumnOrName): Column {
  return call('nvl', c(a), c(b));
}
export function ifnull(a: ColumnOrName, b: ColumnOrName): Column {
  return call('ifnull', c(a), c(b));
}
export function nullif(a: ColumnOrName, b: ColumnOrName): Column {
  return call('nullif', c(a), c(b));
}
export function greatest(...cols: ColumnOrName[]): Column {
  return call('greatest', ...cols.map(c));
}
export function least(...cols: ColumnOrName[]): Column {
  return call('least', ...cols.map(c));
}

// ---- aggregates

/** count(col); `count('*')` is Spark's count(1). */
export function count(x: ColumnOrName): Column {
  const e = c(x);
  if (e.kind === 'UnresolvedStar' && e.target === null) return call('count', literal(1, T.int));
  return call('count', e);
}
export function countDistinct(x: ColumnOrName, ...more: ColumnOrName[]): Column {
  return callDistinct('count', c(x), ...more.map(c));
}
export const count_distinct = countDistinct;
export function sum(x: ColumnOrName): Column {
  return call('sum', c(x));
}
export function sumDistinct(x: ColumnOrName): Column {
  return callDistinct('sum', c(x));
}
export const sum_distinct = sumDistinct;
export function avg(x: ColumnOrName): Column {
  return call('avg', c(x));
}
/** Spark's mean is avg (the column is named avg(x)). */
export function mean(x: ColumnOrName): Column {
  return call('avg', c(x));
}
export function min(x: ColumnOrName): Column {
  return call('min', c(x));
}
export function max(x: ColumnOrName): Column {
  return call('max', c(x));
}
export function min_by(x: ColumnOrName, ord: ColumnOrName): Column {
  return call('min_by', c(x), c(ord));
}
export function max_by(x: ColumnOrName, ord: ColumnOrName): Column {
  return call('max_by', c(x), c(ord));
}
export function first(x: ColumnOrName, ignorenulls = false): Column {
  return new Column(fn('first', ignorenulls ? [c(x), literal(true, T.boolean)] : [c(x)]));
}
export function last(x: ColumnOrName, ignorenulls = false): Column {
  return new Column(fn('last', ignorenulls ? [c(x), literal(true, T.boolean)] : [c(x)]));
}
export function any_value(x: ColumnOrName): Column {
  return call('any_value', c(x));
}
export function collect_list(x: ColumnOrName): Column {
  return call('collect_list', c(x));
}
export function collect_set(x: ColumnOrName): Column {
  return call('collect_set', c(x));
}
export function stddev(x: ColumnOrName): Column {
  return call('stddev', c(x));
}
export function stddev_samp(x: ColumnOrName): Column {
  return call('stddev_samp', c(x));
}
export function stddev_pop(x: ColumnOrName): Column {
  return call('stddev_pop', c(x));
}
export function variance(x: ColumnOrName): Column {
  return call('variance', c(x));
}
export function var_samp(x: ColumnOrName): Column {
  return call('var_samp', c(x));
}
export function var_pop(x: ColumnOrName): Column {
  return call('var_pop', c(x));
}
export function skewness(x: ColumnOrName): Column {
  return call('skewness', c(x));
}
export function kurtosis(x: ColumnOrName): Column {
  return call('kurtosis', c(x));
}
export function corr(a: ColumnOrName, b: ColumnOrName): Column {
  return call('corr', c(a), c(b));
}
export function covar_pop(a: ColumnOrName, b: ColumnOrName): Column {
  return call('covar_pop', c(a), c(b));
}
export function covar_samp(a: ColumnOrName, b: ColumnOrName): Column {
  return call('covar_samp', c(a), c(b));
}
export function median(x: ColumnOrName): Column {
  return call('median', c(x));
}
export function percentile_approx(
  x: ColumnOrName,
  percentage: ColumnOrValue,
  accuracy: ColumnOrValue = 10000,
): Column {
  return call('percentile_approx', c(x), lits(percentage), lits(accuracy));
}
export function approx_count_distinct(x: ColumnOrName, rsd?: number): Column {
  return rsd === undefined
    ? call('approx_count_distinct', c(x))
    : call('approx_count_distinct', c(x), literal(rsd, T.double));
}
export const approxCountDistinct = approx_count_distinct;
export function count_if(x: ColumnOrName): Column {
  return call('count_if', c(x));
}
export function bool_and(x: ColumnOrName): Column {
  return call('bool_and', c(x));
}
export function bool_or(x: ColumnOrName): Column {
  return call('bool_or', c(x));
}

// ---- window functions

export function row_number(): Column {
  return call('row_number');
}
export function rank(): Column {
  return call('rank');
}
export function dense_rank(): Column {
  return call('dense_rank');
}
export function percent_rank(): Column {
  return call('percent_rank');
}
export function cume_dist(): Column {
  return call('cume_dist');
}
export function ntile(n: number): Column {
  return call('ntile', literal(n, T.int));
}
export function lag(x: ColumnOrName, offset = 1, defaultValue: ColumnOrValue = null): Column {
  return call('lag', c(x), literal(offset, T.int), lits(defaultValue));
}
export function lead(x: ColumnOrName, offset = 1, defaultValue: ColumnOrValue = null): Column {
  return call('lead', c(x), literal(offset, T.int), lits(defaultValue));
}
export function nth_value(x: ColumnOrName, offset: number, ignoreNulls = false): Column {
  return new Column(fn('nth_value', [c(x), literal(offset, T.int)], false, ignoreNulls));
}

// ---- strings

export function upper(x: ColumnOrName): Column {
  return call('upper', c(x));
}
export function lower(x: ColumnOrName): Column {
  return call('lower', c(x));
}
export function trim(x: ColumnOrName): Column {
  return call('trim', c(x));
}
export function ltrim(x: ColumnOrName): Column {
  return call('ltrim', c(x));
}
export function rtrim(x: ColumnOrName): Column {
  return call('rtrim', c(x));
}
export function length(x: ColumnOrName): Column {
  return call('length', c(x));
}
export function initcap(x: ColumnOrName): Column {
  return call('initcap', c(x));
}
export function reverse(x: ColumnOrName): Column {
  return call('reverse', c(x));
}
export function ascii(x: ColumnOrName): Column {
  return call('ascii', c(x));
}
export function concat(...cols: ColumnOrName[]): Column {
  return call('concat', ...cols.map(c));
}
export function concat_ws(sep: string, ...cols: ColumnOrName[]): Column {
  return call('concat_ws', literal(sep, T.string), ...cols.map(c));
}
/** substring(str, pos, len), 1-based pos. */
export function substring(x: ColumnOrName, pos: ColumnOrValue, len: ColumnOrValue): Column {
  return call('substring', c(x), lits(pos), lits(len));
}
export function substring_index(x: ColumnOrName, delim: string, n: number): Column {
  return call('substring_index', c(x), literal(delim, T.string), literal(n, T.int));
}
export function split(x: ColumnOrName, pattern: string, limit = -1): Column {
  return call('split', c(x), literal(pattern, T.string), literal(limit, T.int));
}
export function regexp_replace(x: ColumnOrName, pattern: ColumnOrValue, replacement: ColumnOrValue): Column {
  return call('regexp_replace', c(x), lits(pattern), lits(replacement));
}
export function regexp_extract(x: ColumnOrName, pattern: string, idx: number): Column {
  return call('regexp_extract', c(x), literal(pattern, T.string), literal(idx, T.int));
}
export function regexp_like(x: ColumnOrName, pattern: ColumnOrValue): Column {
  return call('regexp_like', c(x), lits(pattern));
}
export function lpad(x: ColumnOrName, len: number, pad: string): Column {
  return call('lpad', c(x), literal(len, T.int), literal(pad, T.string));
}
export function rpad(x: ColumnOrName, len: number, pad: string): Column {
  return call('rpad', c(x), literal(len, T.int), literal(pad, T.string));
}
export function repeat(x: ColumnOrName, n: ColumnOrValue): Column {
  return call('repeat', c(x), lits(n));
}
export function instr(x: ColumnOrName, substr: string): Column {
  return call('instr', c(x), literal(substr, T.string));
}
export function locate(substr: string, x: ColumnOrName, pos = 1): Column {
  return call('locate', literal(substr, T.string), c(x), literal(pos, T.int));
}
export function translate(x: ColumnOrName, matching: string, replace: string): Column {
  return call('translate', c(x), literal(matching, T.string), literal(replace, T.string));
}
export function levenshtein(a: ColumnOrName, b: ColumnOrName): Column {
  return call('levenshtein', c(a), c(b));
}
export function format_number(x: ColumnOrName, d: number): Column {
  return call('format_number', c(x), literal(d, T.int));
}
export function format_string(format: string, ...cols: ColumnOrName[]): Column {
  return call('format_string', literal(format, T.string), ...cols.map(c));
}
export function base64(x: ColumnOrName): Column {
  return call('base64', c(x));
}
export function unbase64(x: ColumnOrName): Column {
  return call('unbase64', c(x));
}

// ---- math

export function abs(x: ColumnOrName): Column {
  return call('abs', c(x));
}
export function round(x: ColumnOrName, scale = 0): Column {
  return call('round', c(x), literal(scale, T.int));
}
export function bround(x: ColumnOrName, scale = 0): Column {
  return call('bround', c(x), literal(scale, T.int));
}
export function floor(x: ColumnOrName): Column {
  return call('floor', c(x));
}
export function ceil(x: ColumnOrName): Column {
  return call('ceil', c(x));
}
export const ceiling = ceil;
export function sqrt(x: ColumnOrName): Column {
  return call('sqrt', c(x));
}
export function cbrt(x: ColumnOrName): Column {
  return call('cbrt', c(x));
}
export function exp(x: ColumnOrName): Column {
  return call('exp', c(x));
}
/** log(x) is the natural logarithm (Spark's `ln`); log(base, x) with a numeric base. */
export function log(a: ColumnOrName | number, b?: ColumnOrName): Column {
  if (b === undefined) return call('ln', c(a as ColumnOrName));
  return call('log', typeof a === 'number' ? literal(a, T.double) : c(a), c(b));
}
export function ln(x: ColumnOrName): Column {
  return call('ln', c(x));
}
export function log10(x: ColumnOrName): Column {
  return call('log10', c(x));
}
export function log2(x: ColumnOrName): Column {
  return call('log2', c(x));
}
export function pow(a: ColumnOrName | number, b: ColumnOrName | number): Column {
  const arg = (x: ColumnOrName | number): Expr => (typeof x === 'number' ? literal(x, T.double) : c(x));
  return call('power', arg(a), arg(b));
}
export const power = pow;
export function signum(x: ColumnOrName): Column {
  return call('signum', c(x));
}
export function sin(x: ColumnOrName): Column {
  return call('sin', c(x));
}
export function cos(x: ColumnOrName): Column {
  return call('cos', c(x));
}
export function tan(x: ColumnOrName): Column {
  return call('tan', c(x));
}
export function pmod(a: ColumnOrName | number, b: ColumnOrName | number): Column {
  return call(
    'pmod',
    typeof a === 'number' ? literalOf(a) : c(a),
    typeof b === 'number' ? literalOf(b) : c(b),
  );
}
export function rand(seed?: number | bigint): Column {
  return call('rand', literal(BigInt(seed ?? randomSeed()), T.long));
}
export function randn(seed?: number | bigint): Column {
  return call('randn', literal(BigInt(seed ?? randomSeed()), T.long));
}
function randomSeed(): bigint {
  // Spark draws a random long seed per call of rand() in the DataFrame API.
  const hi = BigInt(Math.floor(Math.random() * 2 ** 32));
  const lo = BigInt(Math.floor(Math.random() * 2 ** 32));
  return BigInt.asIntN(64, (hi << 32n) | lo);
}

// ---- date and time

export function current_date(): Column {
  return call('current_date');
}
export function current_timestamp(): Column {
  return call('current_timestamp');
}
export function now(): Column {
  return call('now');
}
export function to_date(x: ColumnOrName, format?: string): Column {
  return format === undefined ? call('to_date', c(x)) : call('to_date', c(x), literal(format, T.string));
}
export function to_timestamp(x: ColumnOrName, format?: string): Column {
  return format === undefined
    ? call('to_timestamp', c(x))
    : call('to_timestamp', c(x), literal(format, T.string));
}
export function date_format(x: ColumnOrName, format: string): Column {
  return call('date_format', c(x), literal(format, T.string));
}
export function from_unixtime(x: ColumnOrName, format = 'yyyy-MM-dd HH:mm:ss'): Column {
  return call('from_unixtime', c(x), literal(format, T.string));
}
/** unix_timestamp() is the current time; unix_timestamp(col, fmt = 'yyyy-MM-dd HH:mm:ss'). */
export function unix_timestamp(x?: ColumnOrName, format = 'yyyy-MM-dd HH:mm:ss'): Column {
  const arg = x === undefined ? fn('current_timestamp', []) : c(x);
  return call('unix_timestamp', arg, literal(format, T.string));
}
export function date_add(x: ColumnOrName, days: ColumnOrValue): Column {
  return call('date_add', c(x), lits(days));
}
export function date_sub(x: ColumnOrName, days: ColumnOrValue): Column {
  return call('date_sub', c(x), lits(days));
}
export function datediff(end: ColumnOrName, start: ColumnOrName): Column {
  return call('datediff', c(end), c(start));
}
export function add_months(x: ColumnOrName, months: ColumnOrValue): Column {
  return call('add_months', c(x), lits(months));
}
export function months_between(end: ColumnOrName, start: ColumnOrName, roundOff?: boolean): Column {
  return roundOff === undefined
    ? call('months_between', c(end), c(start))
    : call('months_between', c(end), c(start), literal(roundOff, T.boolean));
}
export function year(x: ColumnOrName): Column {
  return call('year', c(x));
}
export function quarter(x: ColumnOrName): Column {
  return call('quarter', c(x));
}
export function month(x: ColumnOrName): Column {
  return call('month', c(x));
}
export function dayofmonth(x: ColumnOrName): Column {
  return call('dayofmonth', c(x));
}
export function dayofweek(x: ColumnOrName): Column {
  return call('dayofweek', c(x));
}
export function dayofyear(x: ColumnOrName): Column {
  return call('dayofyear', c(x));
}
export function weekofyear(x: ColumnOrName): Column {
  return call('weekofyear', c(x));
}
export function hour(x: ColumnOrName): Column {
  return call('hour', c(x));
}
export function minute(x: ColumnOrName): Column {
  return call('minute', c(x));
}
export function second(x: ColumnOrName): Column {
  return call('second', c(x));
}
export function last_day(x: ColumnOrName): Column {
  return call('last_day', c(x));
}
export function next_day(x: ColumnOrName, dayOfWeek: string): Column {
  return call('next_day', c(x), literal(dayOfWeek, T.string));
}
export function date_trunc(format: string, x: ColumnOrName): Column {
  return call('date_trunc', literal(format, T.string), c(x));
}
export function trunc(x: ColumnOrName, format: string): Column {
  return call('trunc', c(x), literal(format, T.string));
}
export function make_date(y: ColumnOrName, m: ColumnOrName, d: ColumnOrName): Column {
  return call('make_date', c(y), c(m), c(d));
}
export function timestamp_seconds(x: ColumnOrName): Column {
  return call('timestamp_seconds', c(x));
}
export function from_utc_timestamp(x: ColumnOrName, tz: ColumnOrValue): Column {
  return call('from_utc_timestamp', c(x), lits(tz));
}
export function to_utc_timestamp(x: ColumnOrName, tz: ColumnOrValue): Column {
  return call('to_utc_timestamp', c(x), lits(tz));
}

// ---- collections and structs

export function array(...cols: ColumnOrName[]): Column {
  return call('array', ...cols.map(c));
}
export function struct(...cols: ColumnOrName[]): Column {
  return call('struct', ...cols.map(c));
}
export function create_map(...cols: ColumnOrName[]): Column {
  return call('map', ...cols.map(c));
}
export function explode(x: ColumnOrName): Column {
  return call('explode', c(x));
}
export function explode_outer(x: ColumnOrName): Column {
  return call('explode_outer', c(x));
}
export function posexplode(x: ColumnOrName): Column {
  return call('posexplode', c(x));
}
export function size(x: ColumnOrName): Column {
  return call('size', c(x));
}
export function array_contains(x: ColumnOrName, value: ColumnOrValue): Column {
  return call('array_contains', c(x), lits(value));
}
export function array_distinct(x: ColumnOrName): Column {
  return call('array_distinct', c(x));
}
export function array_join(x: ColumnOrName, delimiter: string, nullReplacement?: string): Column {
  return nullReplacement === undefined
    ? call('array_join', c(x), literal(delimiter, T.string))
    : call('array_join', c(x), literal(delimiter, T.string), literal(nullReplacement, T.string));
}
export function sort_array(x: ColumnOrName, asc = true): Column {
  return call('sort_array', c(x), literal(asc, T.boolean));
}
export function element_at(x: ColumnOrName, extraction: ColumnOrValue): Column {
  return call('element_at', c(x), lits(extraction));
}
export function flatten(x: ColumnOrName): Column {
  return call('flatten', c(x));
}
export function map_keys(x: ColumnOrName): Column {
  return call('map_keys', c(x));
}
export function map_values(x: ColumnOrName): Column {
  return call('map_values', c(x));
}

// ---- misc

export function monotonically_increasing_id(): Column {
  return call('monotonically_increasing_id');
}
export function spark_partition_id(): Column {
  return call('spark_partition_id');
}
export function input_file_name(): Column {
  return call('input_file_name');
}
export function hash(...cols: ColumnOrName[]): Column {
  return call('hash', ...cols.map(c));
}
export function xxhash64(...cols: ColumnOrName[]): Column {
  return call('xxhash64', ...cols.map(c));
}
export function md5(x: ColumnOrName): Column {
  return call('md5', c(x));
}
export function sha1(x: ColumnOrName): Column {
  return call('sha1', c(x));
}
export function sha2(x: ColumnOrName, numBits: number): Column {
  return call('sha2', c(x), literal(numBits, T.int));
}
export function crc32(x: ColumnOrName): Column {
  return call('crc32', c(x));
}
export function typeof_(x: ColumnOrName): Column {
  return call('typeof', c(x));
}
export function try_divide(a: ColumnOrName, b: ColumnOrName): Column {
  return call('try_divide', c(a), c(b));
}
export function try_add(a: ColumnOrName, b: ColumnOrName): Column {
  return call('try_add', c(a), c(b));
}
/** Any Spark SQL function by name, with columns (names) as arguments. */
export function call_function(name: string, ...cols: ColumnOrName[]): Column {
  return call(name, ...cols.map(c));
}

// ---- camelCase twins of PySpark's snake_case names

export const rowNumber = row_number;
export const denseRank = dense_rank;
export const percentRank = percent_rank;
export const cumeDist = cume_dist;
export const nthValue = nth_value;
export const collectList = collect_list;
export const collectSet = collect_set;
export const stddevSamp = stddev_samp;
export const stddevPop = stddev_pop;
export const varSamp = var_samp;
export const varPop = var_pop;
export const covarPop = covar_pop;
export const covarSamp = covar_samp;
export const percentileApprox = percentile_approx;
export const countIf = count_if;
export const anyValue = any_value;
export const minBy = min_by;
export const maxBy = max_by;
export const boolAnd = bool_and;
export const boolOr = bool_or;
export const concatWs = concat_ws;
export const substringIndex = substring_index;
export const regexpReplace = regexp_replace;
export const regexpExtract = regexp_extract;
export const regexpLike = regexp_like;
export const formatNumber = format_number;
export const formatString = format_string;
export const currentDate = current_date;
export const currentTimestamp = current_timestamp;
export const toDate = to_date;
export const toTimestamp = to_timestamp;
export const dateFormat = date_format;
export const fromUnixtime = from_unixtime;
export const unixTimestamp = unix_timestamp;
export const dateAdd = date_add;
export const dateSub = date_sub;
export const addMonths = add_months;
export const monthsBetween = months_between;
export const lastDay = last_day;
export const nextDay = next_day;
export const dateTrunc = date_trunc;
export const makeDate = make_date;
export const timestampSeconds = timestamp_seconds;
export const fromUtcTimestamp = from_utc_timestamp;
export const toUtcTimestamp = to_utc_timestamp;
export const createMap = create_map;
export const explodeOuter = explode_outer;
export const arrayContains = array_contains;
export const arrayDistinct = array_distinct;
export const arrayJoin = array_join;
export const sortArray = sort_array;
export const elementAt = element_at;
export const mapKeys = map_keys;
export const mapValues = map_values;
export const monotonicallyIncreasingId = monotonically_increasing_id;
export const sparkPartitionId = spark_partition_id;
export const inputFileName = input_file_name;
export const tryDivide = try_divide;
export const tryAdd = try_add;
export const callFunction = call_function;
export const ascNullsFirst = asc_nulls_first;
export const ascNullsLast = asc_nulls_last;
export const descNullsFirst = desc_nulls_first;
export const descNullsLast = desc_nulls_last;
