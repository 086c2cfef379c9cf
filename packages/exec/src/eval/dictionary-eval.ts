// An expression over one string column that is a dictionary (a cached column of few values) is
// evaluated once per distinct value, then given to the rows by their codes: c_mktsegment = 'BUILDING',
// l_shipmode IN ('MAIL', 'SHIP'), p_type LIKE 'PROMO%' test a few strings instead of millions, and
// upper(x) stays a dictionary. Only expressions that cannot raise are evaluated so: a dictionary may
// hold values that no row still in the batch has (a filter dropped them), and those must not raise.

import { dictionaryVector, type Batch, type Vector } from '@flint/common';
import type { Expr } from '@flint/planner';
import { gather } from './vectors.js';

type Evaluator = (batch: Batch) => Vector;

/** String functions that never raise, whatever their string argument. */
const SAFE_FUNCTIONS = new Set([
  'like',
  'ilike',
  'startswith',
  'endswith',
  'contains',
  'upper',
  'lower',
  'substring',
  'trim',
  'ltrim',
  'rtrim',
  'length',
  'concat',
]);

/** Whether `e` is built only of parts that cannot raise (and are deterministic). */
export function evaluableOverDictionary(e: Expr): boolean {
  switch (e.kind) {
    case 'Literal':
    case 'AttributeReference':
      return true;
    case 'Alias':
    case 'Not':
    case 'IsNull':
    case 'IsNotNull':
      return evaluableOverDictionary(e.child);
    case 'Comparison':
    case 'And':
    case 'Or':
      return evaluableOverDictionary(e.left) && evaluableOverDictionary(e.right);
    case 'In':
      return evaluableOverDictionary(e.value) && e.list.every((x) => x.kind === 'Literal');
    case 'CaseWhen':
      return (
        e.branches.every((b) => evaluableOverDictionary(b.condition) && evaluableOverDictionary(b.value)) &&
        (e.elseValue === null || evaluableOverDictionary(e.elseValue))
      );
    case 'ScalarFunction':
      return SAFE_FUNCTIONS.has(e.name) && e.args.every(evaluableOverDictionary);
    default:
      return false;
  }
}

/**
 * `f` (an expression that reads only column `position`, a string) over the batch's dictionary
 * column's values plus one NULL row (index `values.length`), with the rows' codes into those
 * results (NULL rows: the NULL row's); null when the column is not a dictionary or its dictionary is
 * not smaller than the batch.
 */
export function resultsPerCode(
  f: Evaluator,
  b: Batch,
  position: number,
): { results: Vector; codes: Int32Array } | null {
  const column = b.columns[position];
  const d = column?.dictionary;
  if (column === undefined || d === undefined || d.values.length >= b.numRows) return null;
  const size = d.values.length;
  const distinct: Vector = {
    type: column.type,
    length: size + 1,
    values: [...d.values, ''],
    nulls: Uint8Array.from({ length: size + 1 }, (_, i) => (i === size ? 1 : 0)),
  };
  const columns = b.columns.slice();
  columns[position] = distinct;
  const results = f({ numRows: size + 1, columns });
  let codes = d.codes.length === b.numRows ? d.codes : d.codes.subarray(0, b.numRows);
  const nulls = column.nulls;
  if (nulls !== null) {
    codes = codes.slice();
    for (let i = 0; i < b.numRows; i++) if (nulls[i] === 1) codes[i] = size;
  }
  return { results, codes };
}

/**
 * `f` over a dictionary column (see resultsPerCode): its results gathered by each row's code. A
 * string result stays a dictionary over those codes. Other columns and smaller batches than the
 * dictionary go to `f` as they are.
 */
export function overDictionary(f: Evaluator, position: number): Evaluator {
  return (b) => {
    const perCode = resultsPerCode(f, b, position);
    if (perCode === null) return f(b);
    const { results, codes } = perCode;
    if (results.type.kind !== 'string') return gather(results, codes, b.numRows);
    const resultNulls = results.nulls;
    let rowNulls: Uint8Array | null = null;
    if (resultNulls !== null) {
      for (let i = 0; i < b.numRows; i++) {
        if (resultNulls[codes[i]!] === 1) {
          rowNulls ??= new Uint8Array(b.numRows);
          rowNulls[i] = 1;
        }
      }
    }
    return dictionaryVector(results.type, rowNulls, results.values as string[], codes);
  };
}
