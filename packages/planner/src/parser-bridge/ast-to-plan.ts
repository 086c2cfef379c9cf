// Turns the SQL AST into the unresolved logical plan that the DataFrame API also builds (Spark's
// AstBuilder). Only structure is decided here; names and types are the analyzer's job.

import { FlintError, T, type DataType } from '@flint/common';
import type {
  AstExpr,
  FrameBound,
  GroupBy,
  Query,
  QueryBody,
  Relation,
  SelectItem,
  SortItem,
  WindowSpec,
} from '@flint/sql';
import type { Expr, FrameBoundary, SortOrder, WindowFrameSpec } from '../expr.js';
import { NO_HINT, type JoinType, type LogicalPlan } from '../logical-plan.js';
import { applyJoinHints } from './join-hints.js';

/** Placeholder type of operator nodes before analysis; the analyzer always recomputes it. */
const UNKNOWN: DataType = T.null;

const JOIN_TYPES: Record<string, JoinType> = {
  INNER: 'Inner',
  LEFT: 'LeftOuter',
  RIGHT: 'RightOuter',
  FULL: 'FullOuter',
  LEFT_SEMI: 'LeftSemi',
  LEFT_ANTI: 'LeftAnti',
  CROSS: 'Cross',
};

function fn(name: string, args: readonly Expr[], origin?: Expr['origin']): Expr {
  return {
    kind: 'UnresolvedFunction',
    name: [name],
    args,
    distinct: false,
    isStar: false,
    filter: null,
    ignoreNulls: false,
    ...(origin ? { origin } : {}),
  };
}

function not(child: Expr): Expr {
  return { kind: 'Not', child };
}

export function sortItemToOrder(s: SortItem): SortOrder {
  const direction = s.direction === 'DESC' ? 'Descending' : 'Ascending';
  const nullOrdering =
    s.nulls === 'FIRST'
      ? 'NullsFirst'
      : s.nulls === 'LAST'
        ? 'NullsLast'
        : direction === 'Ascending'
          ? 'NullsFirst'
          : 'NullsLast';
  return { kind: 'SortOrder', child: astExprToExpr(s.expr), direction, nullOrdering };
}

function frameBound(b: FrameBound): FrameBoundary {
  switch (b.kind) {
    case 'UnboundedPreceding':
    case 'UnboundedFollowing':
    case 'CurrentRow':
      return { kind: b.kind };
    case 'Preceding':
      return {
        kind: 'Offset',
        value: { kind: 'UnaryMinus', child: astExprToExpr(b.offset), evalMode: 'ANSI' },
      };
    case 'Following':
      return { kind: 'Offset', value: astExprToExpr(b.offset) };
  }
}

function windowSpecToExpr(fnExpr: Expr, spec: WindowSpec): Expr {
  const frame: WindowFrameSpec | null = spec.frame
    ? {
        frameType: spec.frame.type === 'ROWS' ? 'RowFrame' : 'RangeFrame',
        lower: frameBound(spec.frame.start),
        upper: frameBound(spec.frame.end),
      }
    : null;
  return {
    kind: 'UnresolvedWindowExpression',
    function: fnExpr,
    partitionSpec: spec.partitionBy.map(astExprToExpr),
    orderSpec: spec.orderBy.map(sortItemToOrder),
    frame,
    ...(spec.baseName !== undefined ? { windowName: spec.baseName } : {}),
  };
}

const COMPARISONS = {
  '=': 'EqualTo',
  '==': 'EqualTo',
  '<=>': 'EqualNullSafe',
  '<': 'LessThan',
  '<=': 'LessThanOrEqual',
  '>': 'GreaterThan',
  '>=': 'GreaterThanOrEqual',
} as const;

const ARITHMETIC = {
  '+': 'Add',
  '-': 'Subtract',
  '*': 'Multiply',
  '/': 'Divide',
  '%': 'Remainder',
  DIV: 'IntegralDivide',
} as const;

export function astExprToExpr(e: AstExpr): Expr {
  const origin = e.origin ? { origin: e.origin } : {};
  switch (e.kind) {
    case 'Literal':
      return { kind: 'Literal', value: e.value, dataType: e.dataType, ...origin };
    case 'TypedLiteral':
      if (e.typeName === 'BINARY') {
        const hex = e.text.length % 2 === 1 ? '0' + e.text : e.text;
        if (!/^[0-9a-fA-F]*$/.test(hex)) {
          throw new FlintError(
            'INVALID_TYPED_LITERAL',
            `The value of the typed literal "X" is invalid: '${e.text}'.`,
            {
              valueType: '"BINARY"',
              value: `'${e.text}'`,
            },
          );
        }
        const bytes = new Uint8Array(hex.length / 2);
        for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
        return { kind: 'Literal', value: bytes, dataType: T.binary, ...origin };
      }
      return { kind: 'UnresolvedTypedLiteral', typeName: e.typeName, text: e.text, ...origin };
    case 'IntervalLiteral':
      return {
        kind: 'UnresolvedTypedLiteral',
        typeName: 'INTERVAL',
        text: JSON.stringify(e.parts),
        ...origin,
      };
    case 'Column':
      return { kind: 'UnresolvedAttribute', nameParts: e.nameParts, ...origin };
    case 'Star':
      return {
        kind: 'UnresolvedStar',
        target: e.target ?? null,
        ...(e.except ? { except: e.except } : {}),
        ...origin,
      };
    case 'Unary': {
      const operand = astExprToExpr(e.operand);
      switch (e.op) {
        case '-':
          return { kind: 'UnaryMinus', child: operand, evalMode: 'ANSI', ...origin };
        case '+':
          return { kind: 'UnaryPositive', child: operand, ...origin };
        case '~':
          return { kind: 'BitwiseNot', child: operand, ...origin };
        case 'NOT':
          return { kind: 'Not', child: operand, ...origin };
      }
      break;
    }
    case 'Binary': {
      const left = astExprToExpr(e.left);
      const right = astExprToExpr(e.right);
      switch (e.op) {
        case 'AND':
          return { kind: 'And', left, right, ...origin };
        case 'OR':
          return { kind: 'Or', left, right, ...origin };
        case '!=':
        case '<>':
          return {
            kind: 'Not',
            child: { kind: 'Comparison', op: 'EqualTo', left, right, ...origin },
            ...origin,
          };
        case '=':
        case '==':
        case '<=>':
        case '<':
        case '<=':
        case '>':
        case '>=':
          return { kind: 'Comparison', op: COMPARISONS[e.op], left, right, ...origin };
        case '+':
        case '-':
        case '*':
        case '/':
        case '%':
        case 'DIV':
          return {
            kind: 'Arithmetic',
            op: ARITHMETIC[e.op],
            left,
            right,
            dataType: UNKNOWN,
            evalMode: 'ANSI',
            ...origin,
          };
        case '||':
          return fn('concat', [left, right], e.origin);
        case '&':
          return { kind: 'Bitwise', op: 'BitwiseAnd', left, right, ...origin };
        case '|':
          return { kind: 'Bitwise', op: 'BitwiseOr', left, right, ...origin };
        case '^':
          return { kind: 'Bitwise', op: 'BitwiseXor', left, right, ...origin };
        // The operator names are aliases of shiftleft & co. that print as operators: `(a << b)`.
        case '<<':
          return fn('<<', [left, right], e.origin);
        case '>>':
          return fn('>>', [left, right], e.origin);
        case '>>>':
          return fn('>>>', [left, right], e.origin);
      }
      break;
    }
    case 'Call': {
      const call: Expr = {
        kind: 'UnresolvedFunction',
        name: e.name,
        // struct(x AS a): the alias names the field.
        args: e.args.map((a, i) => namedArg(astExprToExpr(a), e.argNames?.[i])),
        distinct: e.distinct,
        isStar: e.isStar,
        filter: e.filter ? astExprToExpr(e.filter) : null,
        ignoreNulls: e.ignoreNulls ?? false,
        ...(e.orderWithin ? { orderWithin: e.orderWithin.map(sortItemToOrder) } : {}),
        ...origin,
      };
      return e.over ? windowSpecToExpr(call, e.over) : call;
    }
    case 'Cast':
      return {
        kind: 'Cast',
        child: astExprToExpr(e.expr),
        dataType: e.targetType,
        evalMode: e.mode === 'try' ? 'TRY' : 'ANSI',
        userSpecified: true,
        ...origin,
      };
    case 'Case': {
      const operand = e.operand ? astExprToExpr(e.operand) : null;
      return {
        kind: 'CaseWhen',
        branches: e.branches.map((b) => ({
          condition: operand
            ? { kind: 'Comparison', op: 'EqualTo', left: operand, right: astExprToExpr(b.when) }
            : astExprToExpr(b.when),
          value: astExprToExpr(b.then),
        })),
        elseValue: e.else ? astExprToExpr(e.else) : null,
        dataType: UNKNOWN,
        ...origin,
      };
    }
    case 'In': {
      const inExpr: Expr = {
        kind: 'In',
        value: astExprToExpr(e.expr),
        list: e.list.map(astExprToExpr),
        ...origin,
      };
      return e.negated ? not(inExpr) : inExpr;
    }
    case 'InSubquery': {
      const sub: Expr = {
        kind: 'UnresolvedInSubquery',
        values: e.exprs.map(astExprToExpr),
        plan: queryToPlan(e.query),
        ...origin,
      };
      return e.negated ? not(sub) : sub;
    }
    case 'Exists': {
      const sub: Expr = {
        kind: 'UnresolvedSubquery',
        subqueryKind: 'Exists',
        plan: queryToPlan(e.query),
        ...origin,
      };
      return e.negated ? not(sub) : sub;
    }
    case 'ScalarSubquery':
      return { kind: 'UnresolvedSubquery', subqueryKind: 'Scalar', plan: queryToPlan(e.query), ...origin };
    case 'Between': {
      const between = fn(
        'between',
        [astExprToExpr(e.expr), astExprToExpr(e.low), astExprToExpr(e.high)],
        e.origin,
      );
      return e.negated ? not(between) : between;
    }
    case 'Like': {
      const name = e.op.toLowerCase();
      const value = astExprToExpr(e.expr);
      if (e.quantifier) {
        const patterns = (e.patterns ?? []).map(astExprToExpr);
        const q = e.quantifier === 'ALL' ? 'all' : 'any';
        const call = fn(`${name}_${q}`, [value, ...patterns], e.origin);
        return e.negated ? fn(`not_${name}_${q}`, [value, ...patterns], e.origin) : call;
      }
      const args = [value, astExprToExpr(e.pattern!)];
      if (e.escape !== undefined) args.push({ kind: 'Literal', value: e.escape, dataType: T.string });
      const call = fn(name, args, e.origin);
      return e.negated ? not(call) : call;
    }
    case 'IsNull': {
      const child = astExprToExpr(e.expr);
      return e.negated ? { kind: 'IsNotNull', child, ...origin } : { kind: 'IsNull', child, ...origin };
    }
    case 'IsBoolean': {
      const child = astExprToExpr(e.expr);
      const test: Expr =
        e.value === null
          ? { kind: 'IsNull', child, ...origin }
          : {
              kind: 'Comparison',
              op: 'EqualNullSafe',
              left: child,
              right: { kind: 'Literal', value: e.value, dataType: T.boolean },
              ...origin,
            };
      return e.negated ? not(test) : test;
    }
    case 'IsDistinctFrom': {
      const eq: Expr = {
        kind: 'Comparison',
        op: 'EqualNullSafe',
        left: astExprToExpr(e.left),
        right: astExprToExpr(e.right),
        ...origin,
      };
      return e.negated ? eq : not(eq);
    }
    case 'Subscript':
      return {
        kind: 'UnresolvedExtractValue',
        child: astExprToExpr(e.expr),
        extraction: astExprToExpr(e.index),
        ...origin,
      };
    case 'FieldAccess':
      return {
        kind: 'UnresolvedExtractValue',
        child: astExprToExpr(e.expr),
        extraction: { kind: 'Literal', value: e.field, dataType: T.string },
        ...origin,
      };
    case 'Lambda':
      return {
        kind: 'LambdaFunction',
        params: e.params.map((name) => ({
          kind: 'LambdaVariable',
          name,
          id: -1,
          dataType: UNKNOWN,
          nullable: true,
        })),
        body: astExprToExpr(e.body),
        ...origin,
      };
    case 'Extract':
      return fn(
        'extract',
        [{ kind: 'Literal', value: e.field, dataType: T.string }, astExprToExpr(e.source)],
        e.origin,
      );
    case 'Tuple':
      return fn(
        'struct',
        e.items.map((a, i) => namedArg(astExprToExpr(a), e.names?.[i])),
        e.origin,
      );
    case 'Parameter':
      throw new FlintError(
        'UNBOUND_SQL_PARAMETER',
        `[UNBOUND_SQL_PARAMETER] Found the unbound parameter: ${e.name ?? '?'}.`,
        { name: e.name ?? '?' },
        null,
        '42P02',
      );
  }
  throw new FlintError('INTERNAL_ERROR', `unsupported expression ${(e as AstExpr).kind}`);
}

// ---------------------------------------------------------------- relations and queries

/** A function argument written `expr AS name` (struct fields). */
function namedArg(e: Expr, name: string | null | undefined): Expr {
  return name === undefined || name === null ? e : { kind: 'Alias', child: e, name, id: -1 };
}

function withAlias(
  plan: LogicalPlan,
  alias: { name: string; columns?: readonly string[] } | undefined,
): LogicalPlan {
  if (!alias) return plan;
  const aliased: LogicalPlan = { kind: 'SubqueryAlias', alias: [alias.name], child: plan };
  return alias.columns ? { kind: 'UnresolvedColumnAliases', names: alias.columns, child: aliased } : aliased;
}

export function relationToPlan(r: Relation): LogicalPlan {
  switch (r.kind) {
    case 'TableRef':
      return withAlias({ kind: 'UnresolvedRelation', nameParts: r.name }, r.alias);
    case 'SubqueryRef':
      return withAlias(queryToPlan(r.query), r.alias ?? { name: '__auto_generated_subquery_name' });
    case 'InlineTable': {
      const width = r.rows[0]?.length ?? 0;
      const names = r.alias?.columns ?? Array.from({ length: width }, (_, i) => `col${i + 1}`);
      const table: LogicalPlan = {
        kind: 'UnresolvedInlineTable',
        names,
        rows: r.rows.map((row) => row.map(astExprToExpr)),
      };
      return r.alias ? { kind: 'SubqueryAlias', alias: [r.alias.name], child: table } : table;
    }
    case 'Join': {
      const left = relationToPlan(r.left);
      const right = relationToPlan(r.right);
      const joinType = JOIN_TYPES[r.joinType]!;
      if (r.natural || r.using) {
        return {
          kind: 'UnresolvedUsingJoin',
          left,
          right,
          joinType: joinType === 'Cross' ? 'Inner' : joinType,
          usingColumns: r.natural ? null : r.using!,
          hint: NO_HINT,
        };
      }
      const join: LogicalPlan = {
        kind: 'Join',
        left,
        right,
        joinType: joinType === 'Cross' && r.condition ? 'Inner' : joinType,
        condition: r.condition ? astExprToExpr(r.condition) : null,
        hint: NO_HINT,
      };
      return r.lateral ? { ...join, lateral: true } : join;
    }
    case 'TableFunction':
      return withAlias(
        { kind: 'UnresolvedTableFunction', name: r.name, args: r.args.map(astExprToExpr) },
        r.alias,
      );
    case 'Pivot':
      return withAlias(
        {
          kind: 'UnresolvedPivot',
          aggregates: r.aggregates.map((a) => {
            const e = astExprToExpr(a.expr);
            return a.alias !== undefined ? { kind: 'Alias', child: e, name: a.alias, id: -1 } : e;
          }),
          pivotColumns: r.columns.map(astExprToExpr),
          pivotValues: r.values.map((v) => ({ expr: astExprToExpr(v.expr), alias: v.alias ?? null })),
          child: relationToPlan(r.child),
        },
        r.alias,
      );
    case 'Unpivot':
      return withAlias(
        {
          kind: 'UnresolvedUnpivot',
          includeNulls: r.includeNulls,
          valueColumns: r.valueColumns,
          nameColumn: r.nameColumn,
          columns: r.columns.map((c) => ({
            exprs: c.names.map((n): Expr => ({ kind: 'UnresolvedAttribute', nameParts: n })),
            alias: c.alias ?? null,
          })),
          child: relationToPlan(r.child),
        },
        r.alias,
      );
    case 'LateralView': {
      const child = relationToPlan(r.child);
      return {
        kind: 'Generate',
        generator: astExprToExpr(r.fn),
        outer: r.outer,
        // No column aliases: one unnamed placeholder carries the table alias (default names are used).
        generatorOutput: (r.columnAliases.length > 0 ? r.columnAliases : r.tableAlias ? [''] : []).map(
          (name) => ({
            kind: 'AttributeReference',
            id: -1,
            name,
            dataType: UNKNOWN,
            nullable: true,
            qualifier: r.tableAlias ? [r.tableAlias] : [],
          }),
        ),
        child,
      };
    }
  }
}

function selectItemToExpr(item: SelectItem): Expr {
  const e = astExprToExpr(item.expr);
  if (item.aliases !== undefined && item.aliases.length > 0)
    return { kind: 'Alias', child: e, name: item.aliases.join(', '), id: -1, multiNames: item.aliases };
  if (item.alias !== undefined) return { kind: 'Alias', child: e, name: item.alias, id: -1 };
  if (e.kind === 'UnresolvedStar' || e.kind === 'UnresolvedAttribute') return e;
  return { kind: 'UnresolvedAlias', child: e };
}

function groupingSets(g: GroupBy): { exprs: Expr[]; sets: Expr[][] | null; all: boolean } {
  switch (g.kind) {
    case 'Exprs':
      return { exprs: g.exprs.map(astExprToExpr), sets: null, all: false };
    case 'All':
      return { exprs: [], sets: null, all: true };
    case 'Rollup': {
      const exprs = g.exprs.map(astExprToExpr);
      const sets: Expr[][] = [];
      for (let i = exprs.length; i >= 0; i--) sets.push(exprs.slice(0, i));
      return { exprs, sets, all: false };
    }
    case 'Cube': {
      const exprs = g.exprs.map(astExprToExpr);
      const sets: Expr[][] = [];
      const n = exprs.length;
      // Spark orders cube sets from the full set down, by the bit pattern of the omitted columns.
      for (let mask = 0; mask < 1 << n; mask++)
        sets.push(exprs.filter((_, i) => (mask & (1 << (n - 1 - i))) === 0));
      return { exprs, sets, all: false };
    }
    case 'GroupingSets': {
      const sets = g.sets.map((s) => s.map(astExprToExpr));
      const exprs: Expr[] = [];
      const seen = new Set<string>();
      for (const s of sets)
        for (const e of s) {
          const key = JSON.stringify(e, (k, v) =>
            k === 'origin' ? undefined : typeof v === 'bigint' ? v.toString() : v,
          );
          if (!seen.has(key)) {
            seen.add(key);
            exprs.push(e);
          }
        }
      return { exprs, sets, all: false };
    }
    case 'Mixed': {
      // Cross product of the parts' grouping sets.
      let sets: Expr[][] = [[]];
      const exprs: Expr[] = [];
      let any = false;
      for (const part of g.parts) {
        const p = groupingSets(part);
        exprs.push(...p.exprs);
        const partSets = p.sets ?? [p.exprs];
        if (p.sets) any = true;
        sets = sets.flatMap((s) => partSets.map((ps) => [...s, ...ps]));
      }
      return { exprs, sets: any ? sets : null, all: false };
    }
  }
}

function selectToPlan(body: Extract<QueryBody, { kind: 'Select' }>): LogicalPlan {
  let plan: LogicalPlan = body.from
    ? applyJoinHints(relationToPlan(body.from), body.hints ?? [])
    : { kind: 'OneRowRelation' };
  if (body.where) plan = { kind: 'Filter', condition: astExprToExpr(body.where), child: plan };
  const items = body.items.map(selectItemToExpr);
  const namedWindows = new Map((body.windows ?? []).map((w) => [w.name.toLowerCase(), w.spec]));
  const resolveWindows = (e: Expr): Expr => substituteNamedWindows(e, namedWindows);
  const projectList = namedWindows.size > 0 ? items.map(resolveWindows) : items;
  if (body.groupBy) {
    const g = groupingSets(body.groupBy);
    if (g.sets) {
      plan = {
        kind: 'UnresolvedGroupingSets',
        sets: g.sets,
        groupingExprs: g.exprs,
        aggregateExprs: projectList,
        child: plan,
      };
    } else {
      // GROUP BY ALL is marked by a single UnresolvedStar grouping expression.
      const groupingExprs = g.all
        ? [{ kind: 'UnresolvedStar', target: ['__group_by_all__'] } as Expr]
        : g.exprs;
      plan = { kind: 'Aggregate', groupingExprs, aggregateExprs: projectList as never, child: plan };
    }
  } else {
    // The analyzer turns this Project into an Aggregate when the list holds aggregate functions.
    plan = { kind: 'Project', projectList: projectList as never, child: plan };
  }
  if (body.having) {
    const cond = astExprToExpr(body.having);
    plan = {
      kind: 'UnresolvedHaving',
      condition: namedWindows.size > 0 ? resolveWindows(cond) : cond,
      child: plan,
    };
  }
  if (body.qualify)
    plan = { kind: 'Filter', condition: resolveWindows(astExprToExpr(body.qualify)), child: plan };
  if (body.distinct) plan = { kind: 'Distinct', child: plan };
  return plan;
}

function substituteNamedWindows(e: Expr, windows: Map<string, WindowSpec>): Expr {
  if (e.kind === 'UnresolvedWindowExpression' && e.windowName !== undefined) {
    const spec = windows.get(e.windowName.toLowerCase());
    if (!spec) {
      throw new FlintError(
        'MISSING_WINDOW_SPECIFICATION',
        `[MISSING_WINDOW_SPECIFICATION] Window specification ${e.windowName} is not defined in the WINDOW clause.`,
        { windowName: e.windowName },
        null,
        '42P20',
      );
    }
    const base = windowSpecToExpr(e.function, spec) as Extract<Expr, { kind: 'UnresolvedWindowExpression' }>;
    return {
      ...base,
      partitionSpec: e.partitionSpec.length > 0 ? e.partitionSpec : base.partitionSpec,
      orderSpec: e.orderSpec.length > 0 ? e.orderSpec : base.orderSpec,
      frame: e.frame ?? base.frame,
    };
  }
  return mapChildren(e, (c) => substituteNamedWindows(c, windows));
}

/** Rebuilds `e` with `f` applied to each direct child expression (not into subquery plans). */
export function mapChildren(e: Expr, f: (c: Expr) => Expr): Expr {
  // Children first, and a new node only when one of them changed: most rules leave most expressions
  // alone, and a copy of each node on every visit was most of the planner's expression rewriting.
  switch (e.kind) {
    case 'Literal':
    case 'AttributeReference':
    case 'OuterReference':
    case 'LambdaVariable':
    case 'UnresolvedAttribute':
    case 'UnresolvedStar':
    case 'UnresolvedTypedLiteral':
    case 'UnresolvedOrdinal':
    case 'Exists':
    case 'ScalarSubquery':
    case 'UnresolvedSubquery':
      return e;
    case 'Alias':
    case 'Cast':
    case 'UnaryMinus':
    case 'UnaryPositive':
    case 'Not':
    case 'BitwiseNot':
    case 'IsNull':
    case 'IsNotNull':
    case 'UnresolvedAlias':
    case 'SortOrder': {
      const child = f(e.child);
      return child === e.child ? e : ({ ...e, child } as Expr);
    }
    case 'Arithmetic':
    case 'Comparison':
    case 'And':
    case 'Or':
    case 'Bitwise': {
      const left = f(e.left);
      const right = f(e.right);
      return left === e.left && right === e.right ? e : ({ ...e, left, right } as Expr);
    }
    case 'CaseWhen': {
      const branches = mapSame(e.branches, (b) => {
        const condition = f(b.condition);
        const value = f(b.value);
        return condition === b.condition && value === b.value ? b : { condition, value };
      });
      const elseValue = e.elseValue ? f(e.elseValue) : null;
      return branches === e.branches && elseValue === e.elseValue ? e : { ...e, branches, elseValue };
    }
    case 'In': {
      const value = f(e.value);
      const list = mapSame(e.list, f);
      return value === e.value && list === e.list ? e : { ...e, value, list };
    }
    case 'ScalarFunction':
    case 'WindowFunction': {
      const args = mapSame(e.args, f);
      return args === e.args ? e : ({ ...e, args } as Expr);
    }
    case 'AggregateExpression': {
      const args = mapSame(e.args, f);
      const filter = e.filter ? f(e.filter) : null;
      return args === e.args && filter === e.filter ? e : { ...e, args, filter };
    }
    case 'UnresolvedFunction': {
      const args = mapSame(e.args, f);
      const filter = e.filter ? f(e.filter) : null;
      const orderWithin = e.orderWithin ? mapSame(e.orderWithin, (o) => f(o) as SortOrder) : undefined;
      return args === e.args && filter === e.filter && orderWithin === e.orderWithin
        ? e
        : { ...e, args, filter, ...(orderWithin ? { orderWithin } : {}) };
    }
    case 'WindowExpression':
    case 'UnresolvedWindowExpression': {
      const fn = f(e.function);
      const partitionSpec = mapSame(e.partitionSpec, f);
      const orderSpec = mapSame(e.orderSpec, (o) => f(o) as SortOrder);
      return fn === e.function && partitionSpec === e.partitionSpec && orderSpec === e.orderSpec
        ? e
        : ({ ...e, function: fn, partitionSpec, orderSpec } as Expr);
    }
    case 'InSubquery':
    case 'UnresolvedInSubquery': {
      const values = mapSame(e.values, f);
      return values === e.values ? e : ({ ...e, values } as Expr);
    }
    case 'LambdaFunction': {
      const body = f(e.body);
      return body === e.body ? e : { ...e, body };
    }
    case 'UnresolvedExtractValue': {
      const child = f(e.child);
      const extraction = f(e.extraction);
      return child === e.child && extraction === e.extraction ? e : { ...e, child, extraction };
    }
  }
}

/** `f` over each element in order; the same array when it changed none (rules keep unchanged nodes). */
export function mapSame<T>(xs: readonly T[], f: (x: T) => T): readonly T[] {
  let out: T[] | null = null;
  for (let i = 0; i < xs.length; i++) {
    const r = f(xs[i]!);
    if (out === null && r !== xs[i]) out = xs.slice(0, i);
    if (out !== null) out.push(r);
  }
  return out ?? xs;
}

function bodyToPlan(body: QueryBody): LogicalPlan {
  switch (body.kind) {
    case 'Select':
      return selectToPlan(body);
    case 'SetOperation': {
      const left = bodyToPlan(body.left);
      const right = bodyToPlan(body.right);
      switch (body.op) {
        case 'UNION': {
          const union: LogicalPlan = {
            kind: 'Union',
            children: [left, right],
            byName: body.byName ?? false,
            allowMissingColumns: false,
          };
          return body.all ? union : { kind: 'Distinct', child: union };
        }
        case 'INTERSECT':
          return { kind: 'Intersect', left, right, isAll: body.all };
        case 'EXCEPT':
          return { kind: 'Except', left, right, isAll: body.all };
      }
      break;
    }
    case 'Values': {
      const width = body.rows[0]?.length ?? 0;
      // VALUES ... AS t(a, b) as a whole query names its columns too.
      return withAlias(
        {
          kind: 'UnresolvedInlineTable',
          names: Array.from({ length: width }, (_, i) => `col${i + 1}`),
          rows: body.rows.map((r) => r.map(astExprToExpr)),
        },
        body.alias,
      );
    }
    case 'Table':
      return { kind: 'UnresolvedRelation', nameParts: body.name };
    case 'Nested':
      return queryToPlan(body.query);
  }
}

/** A LIMIT/OFFSET expression must fold to a non-negative integer constant. */
function constantInt(e: AstExpr, what: 'limit' | 'offset'): number {
  const x = astExprToExpr(e);
  if (x.kind === 'Literal' && (typeof x.value === 'number' || typeof x.value === 'bigint')) {
    const n = Number(x.value);
    if (n < 0) {
      const cls =
        what === 'limit'
          ? 'INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE'
          : 'INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE';
      throw new FlintError(
        cls,
        `[${cls}] The ${what} like expression "${n}" is invalid. The ${what} expression must be equal to or greater than 0, but got ${n}.`,
        { name: what, expr: `"${n}"`, v: String(n) },
        null,
        '42K0E',
      );
    }
    return n;
  }
  return NaN;
}

export function queryToPlan(q: Query): LogicalPlan {
  let plan = bodyToPlan(q.body);
  if (q.orderBy) plan = { kind: 'Sort', order: q.orderBy.map(sortItemToOrder), global: true, child: plan };
  if (q.sortBy) plan = { kind: 'Sort', order: q.sortBy.map(sortItemToOrder), global: false, child: plan };
  if (q.clusterBy) {
    plan = {
      kind: 'Sort',
      order: q.clusterBy.map((e) => ({
        kind: 'SortOrder',
        child: astExprToExpr(e),
        direction: 'Ascending',
        nullOrdering: 'NullsFirst',
      })),
      global: false,
      child: plan,
    };
  }
  if (q.limitAll && q.offset === undefined) {
    // LIMIT ALL over a recursive CTE lifts its row limit (see the physical planner's limit pushdown).
    plan = { kind: 'Limit', limit: null, offset: 0, child: plan };
  }
  if (q.limit !== undefined || q.offset !== undefined) {
    const limit = q.limit !== undefined ? constantInt(q.limit, 'limit') : null;
    const offset = q.offset !== undefined ? constantInt(q.offset, 'offset') : 0;
    plan = {
      kind: 'Limit',
      limit: Number.isNaN(limit) ? null : limit,
      offset: Number.isNaN(offset) ? 0 : offset,
      child: plan,
      ...(q.limit !== undefined && Number.isNaN(limit) ? { limitExpr: astExprToExpr(q.limit) } : {}),
      ...(q.offset !== undefined && Number.isNaN(offset) ? { offsetExpr: astExprToExpr(q.offset) } : {}),
    };
  }
  if (q.with) {
    plan = {
      kind: 'WithCTE',
      ctes: q.with.ctes.map((c) => ({
        name: c.name,
        columns: c.columns ?? null,
        plan: queryToPlan(c.query),
        ...(c.maxRecursionLevel !== undefined ? { maxRecursionLevel: c.maxRecursionLevel } : {}),
      })),
      recursive: q.with.recursive,
      child: plan,
    };
  }
  return plan;
}
