// Generators (table-producing functions): explode, posexplode, inline (and _outer forms), stack. Each
// resolves to a ScalarFunction whose struct type lists the generated columns with Spark's default names.

import { FlintError, T, type DataType, type StructField } from '@flint/common';
import type { Expr } from '../expr.js';
import { dataTypeOf } from '../expr-type.js';
import { findWiderCommonType } from '../types/coercion.js';
import { dataTypeMismatch, unexpectedInputType } from '../types/errors.js';
import { typeSql } from '../types/type-names.js';
import type { FunctionDef } from './function-def.js';
import { exprSqlOf, literalValue } from './define.js';
import { cast, collectionDef, fn, type CollectionCall } from './collection-support.js';

function explodeFields(c: CollectionCall, withPos: boolean): StructField[] {
  const a = c.args[0]!;
  const t = dataTypeOf(a);
  const pos = withPos ? [T.field('pos', T.int, false)] : [];
  if (t.kind === 'array') return [...pos, T.field('col', t.elementType, t.containsNull)];
  if (t.kind === 'map')
    return [...pos, T.field('key', t.keyType, false), T.field('value', t.valueType, t.valueContainsNull)];
  throw unexpectedInputType(c.callSql, 0, ['array', 'map'], a, exprSqlOf(a, c.ctx));
}

function hasGenerator(e: Expr): boolean {
  return e.kind === 'ScalarFunction' && (GENERATOR_NAMES.has(e.name) || e.args.some(hasGenerator));
}

function generator(name: string, resolve: (c: CollectionCall) => Expr, min = 1, max = 1): FunctionDef {
  return collectionDef(name, {
    kind: 'generator',
    min,
    max,
    resolve: (c) => {
      // A generator inside another is reported before the argument types.
      if (c.args.some(hasGenerator)) {
        throw new FlintError(
          'UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS',
          `[UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS] The generator is not supported: nested in expressions "${c.callSql}". SQLSTATE: 42K0E`,
          { expression: `"${c.callSql}"` },
          null,
          '42K0E',
        );
      }
      return resolve(c);
    },
  });
}

function explodeDef(name: string, withPos: boolean): FunctionDef {
  return generator(name, (c) => fn(name, [c.args[0]!], T.struct(explodeFields(c, withPos)), false));
}

function inlineDef(name: string): FunctionDef {
  return generator(name, (c) => {
    const a = c.args[0]!;
    const t = dataTypeOf(a);
    if (t.kind !== 'array' || t.elementType.kind !== 'struct') {
      throw unexpectedInputType(c.callSql, 0, T.array(T.struct([])), a, exprSqlOf(a, c.ctx));
    }
    return fn(name, [a], T.struct(t.elementType.fields.map((f) => T.field(f.name, f.dataType, true))), false);
  });
}

export const generatorFunctions: FunctionDef[] = [
  explodeDef('explode', false),
  explodeDef('explode_outer', false),
  explodeDef('posexplode', true),
  explodeDef('posexplode_outer', true),
  inlineDef('inline'),
  inlineDef('inline_outer'),
  generator(
    'stack',
    (c) => {
      const n = c.args[0]!;
      const nv = literalValue(n);
      if (dataTypeOf(n).kind !== 'integer' || typeof nv !== 'number') {
        throw dataTypeMismatch(
          'NON_FOLDABLE_INPUT',
          c.callSql,
          `the input \`n\` should be a foldable "INT" expression; however, got "${exprSqlOf(n, c.ctx)}".`,
          {
            inputName: '`n`',
            inputType: '"INT"',
            inputExpr: `"${exprSqlOf(n, c.ctx)}"`,
          },
        );
      }
      const values = c.args.slice(1);
      const rows = Math.max(1, nv);
      const cols = Math.ceil(values.length / rows);
      const fields: StructField[] = [];
      const cast2 = [...values];
      for (let j = 0; j < cols; j++) {
        const idx: number[] = [];
        for (let r = 0; r < rows; r++) if (r * cols + j < values.length) idx.push(r * cols + j);
        const types = idx.map((i) => dataTypeOf(values[i]!));
        // Only NULLs may differ from the column's type (no widening).
        const nonNull = types.filter((t) => t.kind !== 'null');
        const same = nonNull.every((t) => typeSql(t) === typeSql(nonNull[0]!));
        const w: DataType | null = same ? findWiderCommonType(types) : null;
        if (w === null) {
          throw dataTypeMismatch(
            'STACK_COLUMN_DIFF_TYPES',
            c.callSql,
            `The data type of the column (${j}) do not have the same type.`,
            {
              columnIndex: String(j),
              leftParamIndex: String(idx[0]),
              leftType: `"${typeSql(types[0]!)}"`,
              rightParamIndex: String(idx[1]),
              rightType: `"${typeSql(types[1]!)}"`,
            },
          );
        }
        for (const i of idx) cast2[i] = cast(values[i]!, w, c.ctx);
        fields.push(T.field(`col${j}`, w, true));
      }
      return fn('stack', [n, ...cast2], T.struct(fields), false);
    },
    2,
    Infinity,
  ),
];

/** Generator function names (the Generate operator evaluates them). */
export const GENERATOR_NAMES: ReadonlySet<string> = new Set([
  'explode',
  'explode_outer',
  'posexplode',
  'posexplode_outer',
  'inline',
  'inline_outer',
  'stack',
  'replicate_rows',
]);
