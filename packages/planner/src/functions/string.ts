// Built-in string functions: type checking and resolution (evaluation is in @flint/exec, kernels of
// the same names). Spark's generated names are reproduced through each spec's shown name and defaults.

import { FlintError, T, type DataType } from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf, nullableOf } from '../expr-type.js';
import type { FunctionDef } from './function-def.js';
import { castTo as castToType, findWiderCommonType } from '../types/coercion.js';
import {
  castTo,
  defineScalar,
  exprSql,
  lit,
  literalValue,
  requireFoldable,
  scalarFunction,
  unexpectedInputType,
  wrongNumArgs,
  type AbstractType,
  type ScalarSpec,
} from './string-support.js';

const S = T.string;
const I = T.int;
const STR_OR_BIN: AbstractType = [T.string, T.binary];
const INT_MAX = 2147483647;

const isBinary = (e: Expr): boolean => dataTypeOf(e).kind === 'binary';

/** Fills missing trailing arguments up to `full` arguments with the given literals. */
function fill(full: number, ...defaults: Expr[]) {
  return (args: readonly Expr[]): Expr[] => {
    const out = [...args];
    const missing = full - out.length;
    for (let k = defaults.length - missing; k < defaults.length; k++) out.push(defaults[k]!);
    return out;
  };
}

function anyNullable(args: readonly Expr[]): boolean {
  return args.some(nullableOf);
}

function valueOutOfRange(
  fn: string,
  args: readonly Expr[],
  exprName: string,
  value: string,
  range: string,
): FlintError {
  const sqlExpr = `"${fn}(${args.map(exprSql).join(', ')})"`;
  return new FlintError(
    'DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE',
    `[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] Cannot resolve ${sqlExpr} due to data type mismatch: The \`${exprName}\` must be between ${range} (current value = ${value}).`,
    { sqlExpr, exprName, valueRange: range, currentValue: value },
    null,
    '42K09',
  );
}

const specs: ScalarSpec[] = [
  // ---- lengths and case
  {
    name: 'length',
    aliases: ['char_length', 'character_length', 'len'],
    arity: [1],
    inputs: [STR_OR_BIN],
    returns: I,
  },
  { name: 'octet_length', arity: [1], inputs: [STR_OR_BIN], returns: I },
  { name: 'bit_length', arity: [1], inputs: [STR_OR_BIN], returns: I },
  { name: 'upper', silentAliases: ['ucase'], arity: [1], inputs: [S], returns: S },
  { name: 'lower', silentAliases: ['lcase'], arity: [1], inputs: [S], returns: S },
  { name: 'initcap', arity: [1], inputs: [S], returns: S },
  // ---- concatenation
  {
    name: 'concat',
    arity: { min: 0 },
    inputs: (args) => {
      const types = args.map(dataTypeOf);
      if (types.length > 0 && types.every((t) => t.kind === 'binary' || t.kind === 'null')) return [T.binary];
      if (types.some((t) => t.kind === 'array')) return ['array'];
      return [S];
    },
    // Arrays concatenate under their wider common type (array<tinyint> || array<smallint>,
    // array<string> || array<date> casts the strings to dates).
    defaults: (args) => {
      const types = args.map(dataTypeOf);
      if (!types.some((t) => t.kind === 'array')) return [...args];
      const w = findWiderCommonType(types);
      return w !== null && w.kind === 'array' ? args.map((a) => castToType(a, w)) : [...args];
    },
    returns: (args) => {
      const types = args.map(dataTypeOf);
      if (types.length > 0 && types.every((t) => t.kind === 'binary')) return T.binary;
      const arrays = types.filter((t) => t.kind === 'array');
      if (arrays.length > 0) return findWiderCommonType(arrays) ?? arrays[0]!;
      return S;
    },
  },
  {
    name: 'concat_ws',
    arity: { min: 1 },
    expectedNum: '> 0',
    inputs: (args) => [
      S,
      ...args.slice(1).map((a): AbstractType => (dataTypeOf(a).kind === 'array' ? T.array(S) : S)),
    ],
    returns: S,
    nullable: (args) => nullableOf(args[0]!),
  },
  // ---- substrings
  {
    name: 'substring',
    aliases: ['substr'],
    arity: [2, 3],
    inputs: [STR_OR_BIN, I, I],
    defaults: fill(3, lit(INT_MAX, I)),
    returns: (args) => dataTypeOf(args[0]!),
  },
  { name: 'left', arity: [2], inputs: [STR_OR_BIN, I], returns: (a) => dataTypeOf(a[0]!) },
  { name: 'right', arity: [2], inputs: [STR_OR_BIN, I], returns: (a) => dataTypeOf(a[0]!) },
  {
    name: 'trim',
    arity: [1, 2],
    inputs: [S, S],
    returns: S,
    pretty: (a, shown) => (a.length === 2 ? `TRIM(BOTH ${a[1]} FROM ${a[0]})` : `${shown}(${a[0]})`),
  },
  {
    name: 'ltrim',
    arity: [1, 2],
    inputs: [S, S],
    returns: S,
    pretty: (a, shown) => (a.length === 2 ? `TRIM(LEADING ${a[1]} FROM ${a[0]})` : `${shown}(${a[0]})`),
  },
  {
    name: 'rtrim',
    arity: [1, 2],
    inputs: [S, S],
    returns: S,
    pretty: (a, shown) => (a.length === 2 ? `TRIM(TRAILING ${a[1]} FROM ${a[0]})` : `${shown}(${a[0]})`),
  },
  { name: 'btrim', arity: [1, 2], inputs: [S, S], returns: S },
  ...(['lpad', 'rpad'] as const).map((name): ScalarSpec => ({
    name,
    arity: [2, 3],
    inputs: (args) => {
      const bin = isBinary(args[0]!) && (args.length < 3 || isBinary(args[2]!));
      return bin ? [T.binary, I, T.binary] : [S, I, S];
    },
    defaults: (args) =>
      args.length === 3
        ? [...args]
        : [...args, isBinary(args[0]!) ? lit(new Uint8Array([0]), T.binary) : lit(' ', S)],
    returns: (args) => (isBinary(args[0]!) ? T.binary : S),
  })),
  { name: 'repeat', arity: [2], inputs: [S, I], returns: S },
  {
    name: 'reverse',
    arity: [1],
    inputs: (args) => [dataTypeOf(args[0]!).kind === 'array' ? 'array' : S],
    returns: (a) => dataTypeOf(a[0]!),
  },
  // ---- searching
  {
    name: 'instr',
    arity: [2, 3, 4],
    inputs: [S, S, I, I],
    defaults: fill(4, lit(1, I), lit(1, I)),
    returns: I,
  },
  {
    name: 'locate',
    aliases: ['position'],
    arity: [2, 3],
    inputs: [S, S, I],
    defaults: fill(3, lit(1, I)),
    returns: I,
    // locate(NULL-able inputs) with a literal start is NULL only when the strings are
    nullable: (a) => nullableOf(a[0]!) || nullableOf(a[1]!) || nullableOf(a[2]!),
  },
  { name: 'replace', arity: [2, 3], inputs: [S, S, S], defaults: fill(3, lit('', S)), returns: S },
  { name: 'translate', arity: [3], inputs: [S, S, S], returns: S },
  {
    name: 'split',
    arity: [2, 3],
    inputs: [S, S, I],
    defaults: fill(3, lit(-1, I)),
    returns: T.array(S, false),
  },
  { name: 'split_part', arity: [3], inputs: [S, S, I], returns: S },
  { name: 'startswith', arity: [2], inputs: binaryOrString, returns: T.boolean },
  { name: 'endswith', arity: [2], inputs: binaryOrString, returns: T.boolean },
  { name: 'contains', arity: [2], inputs: binaryOrString, returns: T.boolean },
  { name: 'find_in_set', arity: [2], inputs: [S, S], returns: I },
  // ---- regular expressions
  {
    name: 'regexp_replace',
    arity: [3, 4],
    inputs: [S, S, S, I],
    defaults: fill(4, lit(1, I)),
    returns: S,
    check: (args, _ctx, shown) => {
      const pos = literalValue(args[3]!);
      if (typeof pos === 'number' && pos <= 0)
        throw valueOutOfRange(shown, args, 'position', String(pos), '(0, 2147483647]');
    },
  },
  { name: 'regexp_extract', arity: [2, 3], inputs: [S, S, I], defaults: fill(3, lit(1, I)), returns: S },
  {
    name: 'regexp_extract_all',
    arity: [2, 3],
    inputs: [S, S, I],
    defaults: fill(3, lit(1, I)),
    returns: T.array(S),
  },
  {
    name: 'rlike',
    aliases: ['regexp_like', 'regexp'],
    arity: [2],
    inputs: [S, S],
    returns: T.boolean,
    pretty: (a, shown) => `${shown.toUpperCase()}(${a.join(', ')})`,
  },
  { name: 'regexp_count', arity: [2], inputs: [S, S], returns: I },
  { name: 'regexp_substr', arity: [2], inputs: [S, S], returns: S, nullable: true },
  { name: 'regexp_instr', arity: [2, 3], inputs: [S, S, I], defaults: fill(3, lit(0, I)), returns: I },
  {
    name: 'like',
    arity: [2, 3],
    inputs: [S, S, S],
    returns: T.boolean,
    defaults: (a) => a.slice(0, 2),
    options: (args) => ({ escape: escapeOf(args) }),
    pretty: (a, _s, e) => likeSql('LIKE', a, e),
  },
  {
    name: 'ilike',
    arity: [2, 3],
    inputs: [S, S, S],
    returns: T.boolean,
    defaults: (a) => a.slice(0, 2),
    options: (args) => ({ escape: escapeOf(args) }),
    pretty: (a, _s, e) => likeSql('ILIKE', a, e),
  },
  // ---- characters and codes
  { name: 'ascii', arity: [1], inputs: [S], returns: I },
  { name: 'chr', aliases: ['char'], arity: [1], inputs: [T.long], returns: S },
  { name: 'base64', arity: [1], inputs: [T.binary], returns: S },
  { name: 'unbase64', arity: [1], inputs: [S], returns: T.binary },
  {
    name: 'hex',
    arity: [1],
    inputs: (args) => {
      const k = dataTypeOf(args[0]!).kind;
      return [k === 'binary' ? T.binary : k === 'string' ? S : T.long];
    },
    returns: S,
  },
  { name: 'unhex', arity: [1], inputs: [S], returns: T.binary, nullable: true },
  { name: 'conv', arity: [3], inputs: [S, I, I], returns: S, nullable: true },
  { name: 'bin', arity: [1], inputs: [T.long], returns: S },
  {
    name: 'encode',
    arity: [2],
    inputs: [S, S],
    returns: T.binary,
    options: (_a, ctx) => confOptions(ctx.conf),
  },
  {
    name: 'to_binary',
    arity: [1, 2],
    inputs: [S, S],
    returns: T.binary,
    check: (args, _ctx, shown) => checkToBinaryFormat(shown, args),
  },
  {
    name: 'try_to_binary',
    arity: [1, 2],
    inputs: [S, S],
    returns: T.binary,
    nullable: true,
    check: (args, _ctx, shown) => checkToBinaryFormat(shown, args),
  },
  { name: 'is_valid_utf8', arity: [1], inputs: [STR_OR_BIN], returns: T.boolean },
  { name: 'make_valid_utf8', arity: [1], inputs: [STR_OR_BIN], returns: S },
  { name: 'validate_utf8', arity: [1], inputs: [STR_OR_BIN], returns: S },
  { name: 'try_validate_utf8', arity: [1], inputs: [STR_OR_BIN], returns: S, nullable: true },
  // ---- formatting
  {
    name: 'format_number',
    arity: [2],
    inputs: (args) => ['numeric', dataTypeOf(args[1]!).kind === 'string' ? S : I],
    returns: S,
    nullable: true,
  },
  {
    name: 'format_string',
    aliases: ['printf'],
    arity: { min: 1 },
    expectedNum: '> 0',
    inputs: [S, 'any'],
    returns: S,
  },
  { name: 'space', arity: [1], inputs: [I], returns: S },
  { name: 'soundex', arity: [1], inputs: [S], returns: S },
  {
    name: 'levenshtein',
    arity: [2, 3],
    inputs: [S, S, I],
    returns: I,
  },
  {
    name: 'elt',
    arity: { min: 2 },
    expectedNum: '> 1',
    inputs: (args) => [
      I,
      ...args
        .slice(1)
        .map((a): AbstractType => (isBinary(a) && args.slice(1).every(isBinary) ? T.binary : S)),
    ],
    returns: (args) => (args.slice(1).every(isBinary) ? T.binary : S),
    nullable: true,
  },
  {
    name: 'overlay',
    arity: [3, 4],
    inputs: (args) => (isBinary(args[0]!) ? [T.binary, T.binary, I, I] : [S, S, I, I]),
    defaults: fill(4, lit(-1, I)),
    returns: (a) => dataTypeOf(a[0]!),
    pretty: (a, shown) => `${shown}(${a[0]}, ${a[1]}, ${a[2]}, ${a[3]})`,
  },
  {
    name: 'mask',
    arity: [1, 2, 3, 4, 5],
    inputs: [S, S, S, S, S],
    defaults: fill(5, lit('X', S), lit('x', S), lit('n', S), lit(null, S)),
    returns: S,
    nullable: (a) => nullableOf(a[0]!),
  },
  { name: 'luhn_check', arity: [1], inputs: [S], returns: T.boolean },
  { name: 'quote', arity: [1], inputs: [S], returns: S },
  // ---- digests
  { name: 'md5', arity: [1], inputs: [T.binary], returns: S },
  { name: 'sha1', aliases: ['sha'], arity: [1], inputs: [T.binary], returns: S },
  { name: 'sha2', arity: [2], inputs: [T.binary, I], returns: S, nullable: true },
  { name: 'crc32', arity: [1], inputs: [T.binary], returns: T.long },
];

function binaryOrString(args: readonly Expr[]): readonly AbstractType[] {
  return args.every(isBinary) ? [T.binary, T.binary] : [S, S];
}

function escapeOf(args: readonly Expr[]): string {
  const e = args[2] === undefined ? '\\' : literalValue(args[2]);
  return typeof e === 'string' ? e : '\\';
}

function likeSql(op: string, a: readonly string[], e: Expr): string {
  const esc = e.kind === 'ScalarFunction' ? e.options?.['escape'] : undefined;
  if (typeof esc === 'string' && esc !== '\\') return `${op.toLowerCase()}(${a[0]}, ${a[1]}, ${esc})`;
  return `${op.toLowerCase()}(${a[0]}, ${a[1]})`;
}

function confOptions(conf: ReadonlyMap<string, string>): Record<string, boolean> {
  return {
    legacyJavaCharsets: conf.get('spark.sql.legacy.javaCharsets')?.toLowerCase() === 'true',
    legacyCodingErrorAction: conf.get('spark.sql.legacy.codingErrorAction')?.toLowerCase() === 'true',
  };
}

function checkToBinaryFormat(fn: string, args: readonly Expr[]): void {
  if (args.length < 2) return;
  requireFoldable(fn, args, 1, 'fmt');
  const f = literalValue(args[1]!);
  if (f === null || f === undefined) return;
  const fmt = String(f).toLowerCase();
  if (!['hex', 'utf-8', 'utf8', 'base64'].includes(fmt)) {
    const sqlExpr = `"${fn}(${args.map(exprSql).join(', ')})"`;
    throw new FlintError(
      'DATATYPE_MISMATCH.INVALID_ARG_VALUE',
      `[DATATYPE_MISMATCH.INVALID_ARG_VALUE] Cannot resolve ${sqlExpr} due to data type mismatch: The fmt value must be 'hex', 'utf-8', 'utf8', or 'base64', but got '${fmt}'.`,
      {
        sqlExpr,
        inputName: 'fmt',
        requireType: 'case-insensitive "STRING"',
        validValues: "'hex', 'utf-8', 'utf8', or 'base64'",
        inputValue: `'${fmt}'`,
      },
      null,
      '42K09',
    );
  }
}

// decode(bin, charset) or decode(expr, search1, result1, ..., [default]) (Oracle style CASE).
const decodeDef: FunctionDef = {
  name: 'decode',
  kind: 'scalar',
  resolve(args, _call, ctx) {
    if (args.length < 2) throw wrongNumArgs('decode', args.length, '2');
    if (args.length === 2) {
      const a0 = dataTypeOf(args[0]!);
      if (a0.kind !== 'binary' && a0.kind !== 'null' && a0.kind !== 'string') {
        throw unexpectedInputType('decode', args, 0, '"BINARY"');
      }
      return scalarFunction(
        'decode',
        [castTo(args[0]!, T.binary, ctx), castTo(args[1]!, S, ctx)],
        S,
        anyNullable(args),
        confOptions(ctx.conf),
      );
    }
    // search/result pairs: compare with null-safe equality; results share one type
    const results: Expr[] = [];
    for (let i = 2; i < args.length; i += 2) results.push(args[i]!);
    if (args.length % 2 === 0) results.push(args[args.length - 1]!);
    const resultType = commonType(results.map(dataTypeOf));
    const searchType = commonType([
      dataTypeOf(args[0]!),
      ...args
        .filter((_, i) => i % 2 === 1 && i < args.length - (args.length % 2 === 0 ? 1 : 0))
        .map(dataTypeOf),
    ]);
    const out = args.map((a, i) => {
      const isResult = i > 0 && (i % 2 === 0 || (args.length % 2 === 0 && i === args.length - 1));
      return castTo(a, isResult ? resultType : searchType, ctx);
    });
    return scalarFunction('decode_case', out, resultType, true);
  },
};

/** A simple common type: the widest numeric, else string when mixed, else the first non-null. */
function commonType(types: readonly DataType[]): DataType {
  const nonNull = types.filter((t) => t.kind !== 'null');
  if (nonNull.length === 0) return S;
  const first = nonNull[0]!;
  if (nonNull.every((t) => t.kind === first.kind)) return first;
  const rank = (t: DataType): number =>
    ({ byte: 1, short: 2, integer: 3, long: 4, decimal: 5, float: 6, double: 7 })[t.kind as string] ?? -1;
  if (nonNull.every((t) => rank(t) > 0)) {
    return nonNull.reduce((a, b) => (rank(b) > rank(a) ? b : a));
  }
  return S;
}

export const stringFunctions: FunctionDef[] = [...specs.flatMap(defineScalar), decodeDef];
