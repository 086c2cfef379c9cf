// JSON functions: to_json, from_json, schema_of_json, json_array_length, json_object_keys,
// get_json_object. Options maps and schemas are read at analysis time (Spark requires them constant)
// and handed to the kernels as `opt.<name>` options.

import { FlintError, T, parseDDLSchema, parseDataType, type DataType, type Value } from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf } from '../expr-type.js';
import { checkArgCount, dataTypeMismatch, unexpectedInputType, wrongNumArgs } from '../types/errors.js';
import { typeSql } from '../types/type-names.js';
import type { CallInfo, FunctionDef } from './function-def.js';
import { callSqlOf, exprSqlOf, isFoldable, literalValue, resolveArgs, scalar } from './define.js';
import { inferJsonSchema } from './json-parse.js';

/** Reads a `map('k', 'v', ...)` options argument into `opt.<k>` entries (INVALID_OPTIONS.* otherwise). */
function readOptions(e: Expr | undefined): Record<string, Value> {
  if (e === undefined) return {};
  if (e.kind !== 'ScalarFunction' || e.name !== 'map') {
    throw new FlintError(
      'INVALID_OPTIONS.NON_MAP_FUNCTION',
      '[INVALID_OPTIONS.NON_MAP_FUNCTION] Invalid options: Must use the `map()` function for options. SQLSTATE: 42K06',
      {},
      null,
      '42K06',
    );
  }
  const t = dataTypeOf(e);
  if (t.kind !== 'map' || t.keyType.kind !== 'string' || t.valueType.kind !== 'string') {
    const mapType = `"${typeSql(t)}"`;
    throw new FlintError(
      'INVALID_OPTIONS.NON_STRING_TYPE',
      `[INVALID_OPTIONS.NON_STRING_TYPE] Invalid options: A type of keys and values in \`map()\` must be string, but got ${mapType}. SQLSTATE: 42K06`,
      { mapType },
      null,
      '42K06',
    );
  }
  const out: Record<string, Value> = {};
  for (let i = 0; i + 1 < e.args.length; i += 2) {
    const k = literalValue(e.args[i]!);
    const v = literalValue(e.args[i + 1]!);
    if (typeof k === 'string' && typeof v === 'string') out[`opt.${k}`] = v;
  }
  return out;
}

/** The JSON read options of an options record, for the parser. */
function optFlag(opts: Readonly<Record<string, Value>>, name: string): boolean | undefined {
  const v = opts[`opt.${name}`];
  return typeof v === 'string' ? v.toLowerCase() === 'true' : undefined;
}

function optionReadFlags(opts: Readonly<Record<string, Value>>): {
  allowNumericLeadingZeros?: boolean;
  allowSingleQuotes?: boolean;
} {
  const lz = optFlag(opts, 'allowNumericLeadingZeros');
  const sq = optFlag(opts, 'allowSingleQuotes');
  return {
    ...(lz !== undefined ? { allowNumericLeadingZeros: lz } : {}),
    ...(sq !== undefined ? { allowSingleQuotes: sq } : {}),
  };
}

function fnExpr(
  name: string,
  args: readonly Expr[],
  dataType: DataType,
  nullable: boolean,
  options: Record<string, Value>,
  call: CallInfo,
): Expr {
  return {
    kind: 'ScalarFunction',
    name,
    args,
    dataType,
    nullable,
    options,
    ...(call.origin !== undefined ? { origin: call.origin } : {}),
  };
}

/** DataType.fromDDL: a data type first, then a table schema; the first error when both fail. */
function parseSchemaText(text: string): DataType {
  try {
    return parseDataType(text);
  } catch (e1) {
    try {
      return parseDDLSchema(text);
    } catch {
      // Spark's grammar reads `a InvalidType` as the type `a` followed by extra input.
      const m = /^\s*[A-Za-z_]\w*\s+([^\s,<>()]+)/.exec(text);
      if (e1 instanceof FlintError && e1.errorClass === 'UNSUPPORTED_DATATYPE' && m !== null) {
        const tok = m[1]!;
        throw new FlintError(
          'PARSE_SYNTAX_ERROR',
          `[PARSE_SYNTAX_ERROR] Syntax error at or near '${tok}': extra input '${tok}'. SQLSTATE: 42601`,
          { error: `'${tok}'`, hint: `: extra input '${tok}'` },
          null,
          '42601',
        );
      }
      throw e1;
    }
  }
}

const toJson: FunctionDef = {
  name: 'to_json',
  kind: 'scalar',
  resolve(args, call) {
    checkArgCount('to_json', args, 1, 2);
    const options = readOptions(args[1]);
    const a = args[0]!;
    return fnExpr('to_json', [a], T.string, true, options, call);
  },
  prettySql: (_e, a) => `to_json(${a[0]})`,
};

const fromJson: FunctionDef = {
  name: 'from_json',
  kind: 'scalar',
  resolve(args, call, ctx) {
    checkArgCount('from_json', args, 2, 3);
    const s = args[1]!;
    let text: string | null = null;
    const lv = literalValue(s);
    if (typeof lv === 'string' && dataTypeOf(s).kind === 'string') text = lv;
    else if (
      s.kind === 'ScalarFunction' &&
      s.name === 'schema_of_json' &&
      typeof s.options?.['result'] === 'string'
    )
      text = s.options['result'];
    if (text === null) {
      const inputSchema = `"${exprSqlOf(s, ctx)}"`;
      throw new FlintError(
        'INVALID_SCHEMA.NON_STRING_LITERAL',
        `[INVALID_SCHEMA.NON_STRING_LITERAL] The input schema ${inputSchema} is not a valid schema string. The input expression must be string literal and not null. SQLSTATE: 42K07`,
        { inputSchema },
        null,
        '42K07',
      );
    }
    const schema = parseSchemaText(text);
    const options = readOptions(args[2]);
    const [json] = resolveArgs('from_json', [args[0]!], [T.string], ctx);
    return fnExpr('from_json', [json!], schema, true, options, call);
  },
  // Spark names a map-typed result `entries`.
  prettySql: (e, a) => (dataTypeOf(e).kind === 'map' ? 'entries' : `from_json(${a[0]})`),
};

const schemaOfJson: FunctionDef = {
  name: 'schema_of_json',
  kind: 'scalar',
  resolve(args0, call, ctx) {
    checkArgCount('schema_of_json', args0, 1, 2);
    const callSql = callSqlOf('schema_of_json', args0.slice(0, 1), ctx);
    const a = args0[0]!;
    const foldable = isFoldable(a);
    const v = foldable ? literalValue(a) : undefined;
    if (foldable && (v === null || dataTypeOf(a).kind === 'null')) {
      throw dataTypeMismatch(
        'UNEXPECTED_NULL',
        callSql,
        'Null typed values cannot be used as arguments of `json`.',
        { exprName: 'json' },
      );
    }
    if (!foldable) {
      throw dataTypeMismatch(
        'NON_FOLDABLE_INPUT',
        callSql,
        `the input \`json\` should be a foldable "STRING" expression; however, got "${exprSqlOf(a, ctx)}".`,
        { inputName: '`json`', inputType: '"STRING"', inputExpr: `"${exprSqlOf(a, ctx)}"` },
      );
    }
    if (dataTypeOf(a).kind !== 'string')
      throw unexpectedInputType(callSql, 0, T.string, a, exprSqlOf(a, ctx));
    const options = readOptions(args0[1]);
    const text = typeof v === 'string' ? v : '';
    const t = inferJsonSchema(text, optionReadFlags(options), {
      primitivesAsString: optFlag(options, 'primitivesAsString') === true,
      prefersDecimal: optFlag(options, 'prefersDecimal') === true,
    });
    if (t === null) {
      throw new FlintError(
        'MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION',
        `[MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION] Malformed records are detected in record parsing: [null].\nParse Mode: FAILFAST. To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'. SQLSTATE: 22023`,
        { badRecord: text, failFastMode: 'FAILFAST' },
        null,
        '22023',
      );
    }
    return fnExpr('schema_of_json', [a], T.string, false, { ...options, result: typeSql(t) }, call);
  },
  prettySql: (_e, a) => `schema_of_json(${a[0]})`,
};

/** ExpectsInputTypes(StringType): string (or NULL) arguments only, no implicit cast. */
function stringsOnly(def: FunctionDef): FunctionDef {
  return {
    ...def,
    resolve(args, call, ctx) {
      args.forEach((a, i) => {
        const k = dataTypeOf(a).kind;
        if (k !== 'string' && k !== 'null')
          throw unexpectedInputType(callSqlOf(def.name, args, ctx), i, T.string, a, exprSqlOf(a, ctx));
      });
      return def.resolve(args, call, ctx);
    },
  };
}

/** json_tuple(json, f1, f2, ...): a generator of one row of strings c0, c1, ... */
const jsonTuple: FunctionDef = {
  name: 'json_tuple',
  kind: 'generator',
  resolve(args, call, ctx) {
    if (args.length < 2) throw wrongNumArgs('json_tuple', '> 1', args.length);
    if (args.some((a) => dataTypeOf(a).kind !== 'string')) {
      const callSql = callSqlOf('json_tuple', args, ctx);
      throw dataTypeMismatch(
        'NON_STRING_TYPE',
        callSql,
        'all arguments of the function `json_tuple` must be strings.',
        { funcName: '`json_tuple`' },
      );
    }
    const fields = args.slice(1).map((_, i) => T.field(`c${i}`, T.string, true));
    return fnExpr('json_tuple', args, T.struct(fields), false, {}, call);
  },
};

export const jsonFunctions: readonly FunctionDef[] = [
  jsonTuple,
  toJson,
  fromJson,
  schemaOfJson,
  stringsOnly(scalar('json_array_length', { inputs: [T.string], returns: T.int, nullable: true })),
  stringsOnly(
    scalar('json_object_keys', { inputs: [T.string], returns: T.array(T.string, true), nullable: true }),
  ),
  stringsOnly(scalar('get_json_object', { inputs: [T.string, T.string], returns: T.string, nullable: true })),
];
