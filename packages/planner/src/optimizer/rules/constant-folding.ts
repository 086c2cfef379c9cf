// ConstantFolding: an expression over literals only becomes a literal.
//   Project [(1 + 2) AS x] -> Project [3 AS x]
// An expression that fails when evaluated (1/0 under ANSI) is left as it is, so that it fails only if
// the query really evaluates it.

import type { Expr } from '../../expr.js';
import { dataTypeOf } from '../../expr-type.js';
import type { Rule } from '../rule.js';
import { isDeterministic, mapPlanExpressions, transformExprUp, transformUp } from '../plan-transform.js';

const NOT_FOLDABLE = new Set<Expr['kind']>([
  'AttributeReference',
  'OuterReference',
  'AggregateExpression',
  'WindowFunction',
  'WindowExpression',
  'ScalarSubquery',
  'InSubquery',
  'Exists',
  'LambdaFunction',
  'LambdaVariable',
  'SortOrder',
  'Alias',
]);

function childrenAreLiterals(e: Expr): boolean {
  switch (e.kind) {
    case 'Cast':
    case 'UnaryMinus':
    case 'UnaryPositive':
    case 'Not':
    case 'IsNull':
    case 'IsNotNull':
    case 'BitwiseNot':
      return e.child.kind === 'Literal';
    case 'Arithmetic':
    case 'Comparison':
    case 'And':
    case 'Or':
    case 'Bitwise':
      return e.left.kind === 'Literal' && e.right.kind === 'Literal';
    case 'In':
      return e.value.kind === 'Literal' && e.list.every((x) => x.kind === 'Literal');
    case 'ScalarFunction':
      return e.args.every((x) => x.kind === 'Literal');
    case 'CaseWhen':
      return (
        e.branches.every((b) => b.condition.kind === 'Literal' && b.value.kind === 'Literal') &&
        (!e.elseValue || e.elseValue.kind === 'Literal')
      );
    default:
      return false;
  }
}

export const constantFolding: Rule = {
  name: 'ConstantFolding',
  apply(plan, ctx) {
    const fold = (e: Expr): Expr => {
      if (NOT_FOLDABLE.has(e.kind) || e.kind === 'Literal' || !childrenAreLiterals(e) || !isDeterministic(e))
        return e;
      if (e.kind === 'ScalarFunction' && (e.name === 'current_timestamp' || e.name === 'current_date'))
        return e;
      try {
        return { kind: 'Literal', value: ctx.evalConstant(e), dataType: dataTypeOf(e) };
      } catch {
        return e;
      }
    };
    return transformUp(plan, (p) => mapPlanExpressions(p, (e) => transformExprUp(e, fold)));
  },
};
