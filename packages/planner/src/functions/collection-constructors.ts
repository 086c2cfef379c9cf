// Collection constructors and element access: array, map, struct, named_struct, map_from_arrays,
// map_from_entries, str_to_map, size/cardinality/array_size, element_at, try_element_at, get and the
// subscript forms the analyzer builds (get_array_item `a[i]`, get_map_value `m[k]`, get_struct_field `s.f`).

import { FlintError, T, type DataType } from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf, nullableOf } from '../expr-type.js';
import { findWiderCommonType } from '../types/coercion.js';
import { dataTypeMismatch, unexpectedInputType, wrongNumArgs } from '../types/errors.js';
import type { FunctionDef } from './function-def.js';
import { exprSqlOf, literalValue } from './define.js';
import {
  anyNullable,
  cast,
  collectionDef,
  dataDiff,
  expectArg,
  fn,
  type CollectionCall,
} from './collection-support.js';

/** Casts all values to their wider common type (array(), map() keys/values) or throws DATA_DIFF_TYPES. */
function common(c: CollectionCall, values: readonly Expr[]): { exprs: Expr[]; type: DataType } {
  const t = findWiderCommonType(values.map(dataTypeOf));
  if (t === null) throw dataDiff(c, values.map(dataTypeOf));
  return { exprs: values.map((v) => cast(v, t, c.ctx)), type: t };
}

function mapKeyDedup(c: CollectionCall): string {
  return (c.ctx.conf.get('spark.sql.mapKeyDedupPolicy') ?? 'EXCEPTION').toUpperCase();
}

/** The name a struct() field takes from its expression, as Spark's CreateStruct does. */
function structFieldName(e: Expr, i: number): string {
  if (e.kind === 'AttributeReference' || e.kind === 'Alias') return e.name;
  if (e.kind === 'OuterReference') return e.attr.name;
  if (e.kind === 'LambdaVariable') return e.name;
  if (e.kind === 'ScalarFunction' && e.name === 'get_struct_field')
    return String(e.options?.['name'] ?? `col${i + 1}`);
  return `col${i + 1}`;
}

function indexType(c: CollectionCall, i: number): Expr {
  return expectArg(c, i, T.int);
}

function sizeDef(
  name: string,
  forceAnsiNull: boolean,
  arrayOnly: boolean,
  aliases?: readonly string[],
): FunctionDef {
  return collectionDef(name, {
    ...(aliases ? { aliases } : {}),
    aliasPrints: true,
    min: 1,
    resolve: (c) => {
      const a = c.args[0]!;
      const t = dataTypeOf(a);
      let arg = a;
      if (t.kind === 'null') arg = cast(a, T.array(T.null), c.ctx);
      else if (t.kind !== 'array' && (arrayOnly || t.kind !== 'map')) {
        throw unexpectedInputType(
          c.callSql,
          0,
          arrayOnly ? 'array' : ['array', 'map'],
          a,
          exprSqlOf(a, c.ctx),
        );
      }
      const legacy =
        !forceAnsiNull &&
        !c.ctx.ansi &&
        (c.ctx.conf.get('spark.sql.legacy.sizeOfNull') ?? 'true') !== 'false';
      return fn('size', [arg], T.int, legacy ? false : nullableOf(arg), {
        legacySizeOfNull: legacy,
        ...(name !== 'size' ? { prettyName: name } : {}),
      });
    },
  });
}

function elementAt(name: 'element_at' | 'try_element_at'): FunctionDef {
  return collectionDef(name, {
    min: 2,
    resolve: (c) => {
      const a = c.args[0]!;
      const t = dataTypeOf(a);
      if (t.kind === 'array') {
        return fn('element_at', [a, indexType(c, 1)], t.elementType, true, {
          failOnError: name === 'element_at' && c.ctx.ansi,
          prettyName: name,
        });
      }
      if (t.kind === 'map') {
        const k = expectArg(c, 1, t.keyType);
        return fn('get_map_value', [a, k], t.valueType, true, { prettyName: name });
      }
      throw unexpectedInputType(c.callSql, 0, ['array', 'map'], a, exprSqlOf(a, c.ctx));
    },
  });
}

export const constructorFunctions: FunctionDef[] = [
  collectionDef('array', {
    min: 0,
    max: Infinity,
    resolve: (c) => {
      const { exprs, type } = common(c, c.args);
      return fn('array', exprs, T.array(type, c.args.length === 0 ? false : anyNullable(exprs)), false);
    },
  }),
  collectionDef('map', {
    min: 0,
    max: Infinity,
    resolve: (c) => {
      if (c.args.length % 2 !== 0) throw wrongNumArgs(c.name, '2n (n > 0)', c.args.length);
      const keys = c.args.filter((_, i) => i % 2 === 0);
      const vals = c.args.filter((_, i) => i % 2 === 1);
      const k = common(c, keys);
      const v = common(c, vals);
      if (k.type.kind === 'map') {
        throw dataTypeMismatch('INVALID_MAP_KEY_TYPE', c.callSql, `The key of map cannot be/contain "MAP".`, {
          keyType: '"MAP"',
        });
      }
      const args = k.exprs.flatMap((x, i) => [x, v.exprs[i]!]);
      return fn(
        'map',
        args,
        T.map(k.type, v.type, c.args.length === 0 ? false : anyNullable(v.exprs)),
        false,
        { dedup: mapKeyDedup(c) },
      );
    },
  }),
  collectionDef('struct', {
    min: 0,
    max: Infinity,
    // struct(x AS a) prints its aliases.
    prettySql: (e, s) => {
      const aliases = 'options' in e ? e.options?.['aliases'] : undefined;
      const names = Array.isArray(aliases) ? (aliases as readonly (string | null)[]) : [];
      return `struct(${s.map((x, i) => (typeof names[i] === 'string' ? `${x} AS ${names[i]}` : x)).join(', ')})`;
    },
    resolve: (c) => {
      const fields = c.args.map((a, i) => T.field(structFieldName(a, i), dataTypeOf(a), nullableOf(a)));
      // The names are in the type now; `x AS a` evaluates as x.
      const aliases = c.args.map((a) => (a.kind === 'Alias' ? a.name : null));
      return fn(
        'struct',
        c.args.map((a) => (a.kind === 'Alias' ? a.child : a)),
        T.struct(fields),
        false,
        aliases.some((a) => a !== null) ? { aliases } : undefined,
      );
    },
  }),
  collectionDef('named_struct', {
    min: 0,
    max: Infinity,
    resolve: (c) => {
      if (c.args.length % 2 !== 0) throw wrongNumArgs(c.name, '2n (n > 0)', c.args.length);
      const fields = [];
      const values: Expr[] = [];
      for (let i = 0; i < c.args.length; i += 2) {
        const n = c.args[i]!;
        const nv = literalValue(n);
        if (typeof nv !== 'string') {
          throw dataTypeMismatch(
            'CREATE_NAMED_STRUCT_WITHOUT_FOLDABLE_STRING',
            c.callSql,
            `Only foldable \`STRING\` expressions are allowed to appear at odd position, but they are ["${exprSqlOf(n, c.ctx)}"].`,
            {
              inputExprs: `["${exprSqlOf(n, c.ctx)}"]`,
            },
          );
        }
        const v = c.args[i + 1]!;
        fields.push(T.field(nv, dataTypeOf(v), nullableOf(v)));
        values.push(v);
      }
      // Names stay as arguments so that the generated column name prints them.
      return fn('named_struct', c.args, T.struct(fields), false);
    },
  }),
  collectionDef('map_from_arrays', {
    min: 2,
    resolve: (c) => {
      const k = expectArg(c, 0, 'array');
      const v = expectArg(c, 1, 'array');
      const kt = dataTypeOf(k);
      const vt = dataTypeOf(v);
      if (kt.kind !== 'array' || vt.kind !== 'array')
        throw new FlintError('INTERNAL_ERROR', 'map_from_arrays', {});
      return fn(
        'map_from_arrays',
        [k, v],
        T.map(kt.elementType, vt.elementType, vt.containsNull),
        anyNullable([k, v]),
        { dedup: mapKeyDedup(c) },
      );
    },
  }),
  collectionDef('map_from_entries', {
    min: 1,
    resolve: (c) => {
      const a = c.args[0]!;
      const t = dataTypeOf(a);
      if (t.kind !== 'array' || t.elementType.kind !== 'struct' || t.elementType.fields.length !== 2) {
        throw dataTypeMismatch(
          'MAP_FROM_ENTRIES_WRONG_TYPE',
          c.callSql,
          `The input of \`map_from_entries\` should have been "ARRAY" of pair "STRUCT", but it's "${exprSqlOf(a, c.ctx)}".`,
          {
            functionName: '`map_from_entries`',
            childExpr: `"${exprSqlOf(a, c.ctx)}"`,
            childType: `"${t.kind.toUpperCase()}"`,
          },
        );
      }
      const kf = t.elementType.fields[0]!;
      const vf = t.elementType.fields[1]!;
      return fn('map_from_entries', [a], T.map(kf.dataType, vf.dataType, vf.nullable), true, {
        dedup: mapKeyDedup(c),
      });
    },
  }),
  collectionDef('str_to_map', {
    min: 1,
    max: 3,
    resolve: (c) => {
      const args = [expectArg(c, 0, T.string)];
      args.push(
        c.args.length > 1 ? expectArg(c, 1, T.string) : { kind: 'Literal', value: ',', dataType: T.string },
      );
      args.push(
        c.args.length > 2 ? expectArg(c, 2, T.string) : { kind: 'Literal', value: ':', dataType: T.string },
      );
      return fn('str_to_map', args, T.map(T.string, T.string), true, { dedup: mapKeyDedup(c) });
    },
  }),
  sizeDef('size', false, false, ['cardinality']),
  sizeDef('array_size', true, true),
  elementAt('element_at'),
  elementAt('try_element_at'),
  collectionDef('get', {
    min: 2,
    resolve: (c) => {
      // Unlike most array functions, get() does not take an untyped NULL as an array.
      if (dataTypeOf(c.args[0]!).kind !== 'array')
        throw unexpectedInputType(c.callSql, 0, 'array', c.args[0]!, exprSqlOf(c.args[0]!, c.ctx));
      const a = c.args[0]!;
      const t = dataTypeOf(a);
      return fn('get_array_item', [a, indexType(c, 1)], t.kind === 'array' ? t.elementType : T.null, true, {
        failOnError: false,
        prettyName: 'get',
      });
    },
  }),
  collectionDef('get_array_item', {
    min: 2,
    resolve: (c) => {
      const a = c.args[0]!;
      const t = dataTypeOf(a);
      const i = expectArg(c, 1, 'integral');
      return fn('get_array_item', [a, i], t.kind === 'array' ? t.elementType : T.null, true, {
        failOnError: c.ctx.ansi,
      });
    },
    prettySql: (e, s) => {
      const pn = 'options' in e ? e.options?.['prettyName'] : undefined;
      return typeof pn === 'string' ? `${pn}(${s.join(', ')})` : `${s[0]}[${s[1]}]`;
    },
  }),
  collectionDef('get_map_value', {
    min: 2,
    resolve: (c) => {
      const m = c.args[0]!;
      const t = dataTypeOf(m);
      const k = t.kind === 'map' ? expectArg(c, 1, t.keyType) : c.args[1]!;
      return fn('get_map_value', [m, k], t.kind === 'map' ? t.valueType : T.null, true);
    },
    prettySql: (e, s) => {
      const pn = 'options' in e ? e.options?.['prettyName'] : undefined;
      return typeof pn === 'string' ? `${pn}(${s.join(', ')})` : `${s[0]}[${s[1]}]`;
    },
  }),
  {
    // Built by the analyzer directly (resolveExtractValue); registered for its printed name.
    name: 'get_struct_field',
    kind: 'scalar',
    resolve() {
      throw new FlintError('INTERNAL_ERROR', 'get_struct_field is built by the analyzer', {});
    },
    prettySql: (e, s) => `${s[0]}.${'options' in e ? String(e.options?.['name']) : '?'}`,
  },
];
