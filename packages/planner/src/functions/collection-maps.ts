// Map functions without lambdas: map_keys, map_values, map_entries, map_concat, map_contains_key.

import { T, type DataType } from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf, nullableOf } from '../expr-type.js';
import { findWiderCommonType } from '../types/coercion.js';
import { dataTypeMismatch } from '../types/errors.js';
import { typeSql } from '../types/type-names.js';
import type { FunctionDef } from './function-def.js';
import { anyNullable, cast, collectionDef, expectArg, fn, widerNoString } from './collection-support.js';

function mapType(e: Expr): Extract<DataType, { kind: 'map' }> {
  const t = dataTypeOf(e);
  return t.kind === 'map' ? t : T.map(T.null, T.null);
}

export const mapFunctions: FunctionDef[] = [
  collectionDef('map_keys', {
    min: 1,
    resolve: (c) => {
      const m = expectArg(c, 0, 'map');
      return fn('map_keys', [m], T.array(mapType(m).keyType, false), nullableOf(m));
    },
  }),
  collectionDef('map_values', {
    min: 1,
    resolve: (c) => {
      const m = expectArg(c, 0, 'map');
      const t = mapType(m);
      return fn('map_values', [m], T.array(t.valueType, t.valueContainsNull), nullableOf(m));
    },
  }),
  collectionDef('map_entries', {
    min: 1,
    resolve: (c) => {
      const m = expectArg(c, 0, 'map');
      const t = mapType(m);
      return fn(
        'map_entries',
        [m],
        T.array(
          T.struct([T.field('key', t.keyType, false), T.field('value', t.valueType, t.valueContainsNull)]),
          false,
        ),
        nullableOf(m),
      );
    },
  }),
  collectionDef('map_contains_key', {
    min: 2,
    resolve: (c) => {
      const m = expectArg(c, 0, 'map');
      const t = mapType(m);
      const w = widerNoString(t.keyType, dataTypeOf(c.args[1]!));
      if (w === null) {
        throw dataTypeMismatch(
          'MAP_FUNCTION_DIFF_TYPES',
          c.callSql,
          `Input to \`map_contains_key\` should have been "MAP" followed by a value with same key type, but it's ["${typeSql(t)}", "${typeSql(dataTypeOf(c.args[1]!))}"].`,
          {
            functionName: '`map_contains_key`',
            dataType: '"MAP"',
            leftType: `"${typeSql(t)}"`,
            rightType: `"${typeSql(dataTypeOf(c.args[1]!))}"`,
          },
        );
      }
      const mm = cast(m, T.map(w, t.valueType, t.valueContainsNull), c.ctx);
      const k = cast(c.args[1]!, w, c.ctx);
      return fn('map_contains_key', [mm, k], T.boolean, anyNullable([mm, k]));
    },
  }),
  collectionDef('map_concat', {
    min: 0,
    max: Infinity,
    resolve: (c) => {
      if (c.args.length === 0) return fn('map_concat', [], T.map(T.string, T.string, false), false);
      const args = c.args.map((_, i) => expectArg(c, i, 'map'));
      const w = findWiderCommonType(args.map(dataTypeOf));
      if (w === null || w.kind !== 'map') {
        const list = args.map((a) => `"${typeSql(dataTypeOf(a))}"`).join(' or ');
        throw dataTypeMismatch(
          'DATA_DIFF_TYPES',
          c.callSql,
          `Input to \`map_concat\` should all be the same type, but it's (${list}).`,
          {
            functionName: '`map_concat`',
            dataType: `(${list})`,
          },
        );
      }
      const cast2 = args.map((a) => cast(a, w, c.ctx));
      return fn('map_concat', cast2, w, anyNullable(cast2), {
        dedup: (c.ctx.conf.get('spark.sql.mapKeyDedupPolicy') ?? 'EXCEPTION').toUpperCase(),
      });
    },
  }),
];
