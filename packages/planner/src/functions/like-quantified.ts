// LIKE ANY / LIKE ALL / ILIKE ANY / ILIKE ALL and their NOT forms: the parser bridge turns
// `a [NOT] [I]LIKE ANY|ALL (p1, p2, ...)` into a call like_any(a, p1, p2) / not_ilike_all(...).

import { T } from '@flint/common';
import type { FunctionDef } from './function-def.js';
import { scalar } from './define.js';

function quantified(name: string, op: string): FunctionDef {
  return scalar(name, {
    inputs: [T.string],
    variadic: true,
    minArgs: 2,
    returns: T.boolean,
    // Spark's MultiLikeBase.sql: `a [NOT] LIKE ANY (p1, p2)`.
    prettySql: (_e, a) => `${a[0]} ${op} (${a.slice(1).join(', ')})`,
  });
}

export const likeQuantifiedFunctions: readonly FunctionDef[] = [
  quantified('like_any', 'LIKE ANY'),
  quantified('like_all', 'LIKE ALL'),
  quantified('not_like_any', 'NOT LIKE ANY'),
  quantified('not_like_all', 'NOT LIKE ALL'),
  quantified('ilike_any', 'ILIKE ANY'),
  quantified('ilike_all', 'ILIKE ALL'),
  quantified('not_ilike_any', 'NOT ILIKE ANY'),
  quantified('not_ilike_all', 'NOT ILIKE ALL'),
];
