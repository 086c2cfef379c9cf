// The expression compiler: turns a resolved Expr into a function from a Batch to a Vector, with
// attribute ids bound to column positions once. Each node runs vectorized over the whole batch.

import {
  FlintError,
  InternalError,
  assertNever,
  allocValues,
  getValue,
  type Batch,
  type Value,
  type DataType,
  type Vector,
  type PackedChars,
  charRangeEquals,
} from '@flint/common';
import { hashChars, hashString } from '../hash/hash-kernels.js';
import {
  dataTypeOf,
  isDeterministic,
  mapChildren,
  type AttributeRef,
  type Expr,
  type ExprId,
} from '@flint/planner';
import type { EvalContext } from '../functions/kernel.js';
import { lookupScalarKernel } from '../functions/index.js';
import { arithmeticKernel } from './arithmetic.js';
import { evaluableOverDictionary, overDictionary } from './dictionary-eval.js';
import { castVector } from './cast/cast.js';
import { compareVectors, compareWithScalar, flipComparison, scalarComparable } from './comparison.js';
import { arithmeticOverflow } from './errors.js';
import { withLambdaRuntime, type LambdaSlot } from './lambda.js';
import { LAZY_FUNCTIONS, compileLazyFunction } from './lazy-functions.js';
import {
  allNull,
  broadcast,
  constantRows,
  gather,
  gatherColumns,
  makeVector,
  scatterInto,
  unionNulls,
  type Store,
} from './vectors.js';

export type Evaluator = (batch: Batch) => Vector;

interface Env {
  readonly positions: ReadonlyMap<ExprId, number>;
  readonly lambdaSlots: Map<ExprId, LambdaSlot>;
  readonly ctx: EvalContext;
  /** Subexpressions that occur more than once among the expressions compiled together. */
  readonly common: CommonSubexpressions | null;
}

interface CommonSubexpressions {
  /** eliminationKey of a node, computed once per node (the count and the compile both ask). */
  readonly keyOf: (e: Expr) => string | null;
  readonly repeated: ReadonlySet<string>;
  /** One evaluator per repeated subexpression, shared by its occurrences. */
  readonly evaluators: Map<string, Evaluator>;
}

function inputPositions(inputAttrs: readonly AttributeRef[]): Map<ExprId, number> {
  const positions = new Map<ExprId, number>();
  inputAttrs.forEach((a, i) => {
    if (!positions.has(a.id)) positions.set(a.id, i);
  });
  return positions;
}

/** Compiles `expr` over rows whose columns are `inputAttrs` (in order). */
export function compileExpression(
  expr: Expr,
  inputAttrs: readonly AttributeRef[],
  ctx: EvalContext,
): Evaluator {
  return compile(expr, { positions: inputPositions(inputAttrs), lambdaSlots: new Map(), ctx, common: null });
}

/**
 * eliminationKey by node, kept while the plan is: a task compiles its operators again for each run of
 * a coalesced range (see SubPartitions), and each key serializes its node's whole subtree (TPC-H Q12:
 * ~10 ms a run).
 */
const eliminationKeys = new WeakMap<Expr, string | null>();

/**
 * Compiles expressions evaluated over the same batches (a project list, an aggregate's arguments),
 * with Spark's subexpression elimination: a deterministic subexpression that occurs more than once
 * among them is computed once per batch (TPC-H Q1's `l_extendedprice * (1 - l_discount)` feeds two
 * sums).
 */
export function compileExpressions(
  exprs: readonly Expr[],
  inputAttrs: readonly AttributeRef[],
  ctx: EvalContext,
): Evaluator[] {
  const keyOf = (e: Expr): string | null => {
    let key = eliminationKeys.get(e);
    if (key === undefined) eliminationKeys.set(e, (key = eliminationKey(e)));
    return key;
  };
  const seen = new Set<string>();
  const repeated = new Set<string>();
  const visit = (e: Expr): Expr => {
    const key = keyOf(e);
    if (key !== null) {
      if (seen.has(key)) {
        // Its own subexpressions are computed once with it.
        repeated.add(key);
        return e;
      }
      seen.add(key);
    }
    return mapChildren(e, visit);
  };
  exprs.forEach(visit);
  const common = repeated.size === 0 ? null : { keyOf, repeated, evaluators: new Map<string, Evaluator>() };
  const env: Env = { positions: inputPositions(inputAttrs), lambdaSlots: new Map(), ctx, common };
  return exprs.map((e) => compile(e, env));
}

/**
 * The structural identity of a subexpression worth sharing (source positions left out), or null for
 * leaves, names (an Alias is its child), lambdas and non-deterministic expressions.
 */
function eliminationKey(e: Expr): string | null {
  switch (e.kind) {
    case 'Literal':
    case 'AttributeReference':
    case 'Alias':
    case 'LambdaFunction':
    case 'LambdaVariable':
      return null;
    default:
      break;
  }
  if (!isDeterministic(e)) return null;
  let lambda = false;
  const key = JSON.stringify(e, (k, v: unknown) => {
    if (k === 'origin') return undefined;
    if (
      v !== null &&
      typeof v === 'object' &&
      'kind' in v &&
      (v.kind === 'LambdaFunction' || v.kind === 'LambdaVariable')
    )
      lambda = true;
    return typeof v === 'bigint' ? `${v}n` : v;
  });
  return lambda ? null : key;
}

/**
 * The input positions `expr` reads (for gathering only those columns of a row subset), or null when
 * it involves lambdas, whose bodies also read columns appended to the batch.
 */
export function referencedPositions(expr: Expr, inputAttrs: readonly AttributeRef[]): number[] | null {
  return positionsOf(expr, inputPositions(inputAttrs));
}

function positionsOf(expr: Expr, positions: ReadonlyMap<ExprId, number>): number[] | null {
  const out = new Set<number>();
  let lambda = false;
  const visit = (e: Expr): Expr => {
    if (e.kind === 'LambdaFunction' || e.kind === 'LambdaVariable') lambda = true;
    else if (e.kind === 'AttributeReference') {
      const p = positions.get(e.id);
      if (p !== undefined) out.add(p);
    } else mapChildren(e, visit);
    return e;
  };
  visit(expr);
  return lambda ? null : [...out];
}

/**
 * A cast of a literal (left by the analyzer when the optimizer has not run) computed once; undefined
 * when it raises, so the error still comes from the rows that evaluate it.
 */
function castLiteral(
  lit: Extract<Expr, { kind: 'Literal' }>,
  to: DataType,
  mode: 'ANSI' | 'LEGACY' | 'TRY',
  ctx: EvalContext,
): Value | undefined {
  try {
    return getValue(castVector(broadcast(lit.dataType, lit.value, 1), to, mode, ctx), 0);
  } catch {
    return undefined;
  }
}

function boolVector(values: Uint8Array, nulls: Uint8Array | null, n: number): Vector {
  return makeVector({ kind: 'boolean' }, values, nulls, n);
}

/** Node kinds whose runtime errors (overflow, division by zero, bad casts) point at their SQL text. */
const RAISING = new Set<Expr['kind']>(['Arithmetic', 'UnaryMinus', 'Cast', 'ScalarFunction']);

function compile(e: Expr, env: Env): Evaluator {
  if (env.common !== null) {
    const key = env.common.keyOf(e);
    if (key !== null && env.common.repeated.has(key)) {
      let shared = env.common.evaluators.get(key);
      if (shared === undefined) {
        shared = lastBatchOnce(compileOwn(e, env));
        env.common.evaluators.set(key, shared);
      }
      return shared;
    }
  }
  return compileOwn(e, env);
}

/**
 * The input column of an expression that reads only that column and cannot raise (see
 * dictionary-eval.ts), or null: evaluated per distinct value when the column comes as a dictionary.
 */
function dictionaryInput(e: Expr, env: Env): number | null {
  if (e.kind === 'Literal' || e.kind === 'AttributeReference' || e.kind === 'Alias') return null;
  if (!evaluableOverDictionary(e)) return null;
  const positions = positionsOf(e, env.positions);
  return positions !== null && positions.length === 1 ? positions[0]! : null;
}

/**
 * NOT of rows 0..n-1 of a boolean vector. A function of the module, not a loop in the query's closure:
 * each query's closures were compiled (their loop on its first batch, by OSR) with no feedback yet for
 * what follows the loop, and were deoptimized there again and again (TPC-H: 79 times a pass).
 */
function negated(v: Vector, n: number): Vector {
  const x = v.values as Uint8Array;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = x[i] === 1 ? 0 : 1;
  return boolVector(out, unionNulls(v.nulls, null, n), n);
}

/** `f` computed once per batch: the occurrences of a common subexpression see the same batch in turn. */
function lastBatchOnce(f: Evaluator): Evaluator {
  let last: Batch | null = null;
  let out: Vector | null = null;
  return (b) => {
    if (b !== last || out === null) {
      out = f(b);
      last = b;
    }
    return out;
  };
}

function compileOwn(e: Expr, env: Env): Evaluator {
  const f = compileNode(e, env);
  const dictionaryColumn = dictionaryInput(e, env);
  if (dictionaryColumn !== null) return overDictionary(f, dictionaryColumn);
  const origin = e.origin;
  if (!origin || !RAISING.has(e.kind)) return f;
  return (b) => {
    try {
      return f(b);
    } catch (err) {
      // The innermost expression that raised keeps its place; the session adds the statement text.
      if (err instanceof FlintError && err.queryContext === null) {
        throw new FlintError(
          err.errorClass,
          err.message,
          err.messageParameters,
          { sqlText: '', fragment: '', ...origin },
          err.sqlState,
        );
      }
      throw err;
    }
  };
}

function compileNode(e: Expr, env: Env): Evaluator {
  switch (e.kind) {
    case 'Literal': {
      const { value, dataType } = e;
      // The widest vector made yet, viewed for shorter batches: a filter's output is a little shorter
      // each batch, and broadcasting anew each time was a fifth of what TPC-H Q1 allocated.
      let widest: Vector | null = null;
      let last: Vector | null = null;
      return (b) => {
        const n = b.numRows;
        if (last !== null && last.length === n) return last;
        if (widest === null || widest.length < n) widest = broadcast(dataType, value, n);
        last = constantRows(widest, value, n);
        return last;
      };
    }
    case 'AttributeReference': {
      const pos = env.positions.get(e.id);
      if (pos === undefined) throw new InternalError(`attribute ${e.name}#${e.id} is not in the input`);
      return (b) => {
        const c = b.columns[pos];
        if (c === undefined) throw new InternalError(`column ${pos} missing for ${e.name}#${e.id}`);
        return c;
      };
    }
    case 'Alias':
    case 'UnaryPositive':
    case 'SortOrder':
      return compile(e.child, env);
    case 'IsNull':
    case 'IsNotNull': {
      const child = compile(e.child, env);
      const want = e.kind === 'IsNull' ? 1 : 0;
      return (b) => {
        const v = child(b);
        const n = b.numRows;
        return boolVector(nullTest(v, want, n), null, n);
      };
    }
    case 'Not': {
      const child = compile(e.child, env);
      return (b) => negated(child(b), b.numRows);
    }
    case 'And':
    case 'Or':
      return compileLogic(
        e.kind,
        compile(e.left, env),
        compile(e.right, env),
        positionsOf(e.right, env.positions),
      );
    case 'Comparison': {
      const op = e.op;
      // column <op> literal (either side) compares against one scalar in a typed loop.
      if (op !== 'EqualNullSafe' && e.right.kind === 'Literal' && e.right.value !== null) {
        const lt = dataTypeOf(e.left);
        if (scalarComparable(lt, e.right.dataType, e.right.value)) {
          const l = compile(e.left, env);
          const c = e.right.value;
          return (b) => compareWithScalar(op, l(b), c, b.numRows);
        }
      }
      if (op !== 'EqualNullSafe' && e.left.kind === 'Literal' && e.left.value !== null) {
        const rt = dataTypeOf(e.right);
        if (scalarComparable(rt, e.left.dataType, e.left.value)) {
          const r = compile(e.right, env);
          const c = e.left.value;
          const flipped = flipComparison(op);
          return (b) => compareWithScalar(flipped, r(b), c, b.numRows);
        }
      }
      const l = compile(e.left, env);
      const r = compile(e.right, env);
      return (b) => compareVectors(op, l(b), r(b), b.numRows);
    }
    case 'Arithmetic': {
      const l = compile(e.left, env);
      const r = compile(e.right, env);
      const k = arithmeticKernel(
        e.op,
        dataTypeOf(e.left),
        dataTypeOf(e.right),
        e.dataType,
        e.evalMode,
        env.ctx.recycler,
      );
      return (b) => k(l(b), r(b), b.numRows);
    }
    case 'UnaryMinus':
      return compileUnaryMinus(compile(e.child, env), dataTypeOf(e.child), e.evalMode);
    case 'Bitwise': {
      const l = compile(e.left, env);
      const r = compile(e.right, env);
      const op = e.op;
      const t = dataTypeOf(e.left);
      return (b) => {
        const x = l(b);
        const y = r(b);
        const n = b.numRows;
        const out = allocValues(t, n) as unknown as Store;
        const xs = x.values as unknown as Store;
        const ys = y.values as unknown as Store;
        for (let i = 0; i < n; i++) {
          out[i] = op === 'BitwiseAnd' ? xs[i] & ys[i] : op === 'BitwiseOr' ? xs[i] | ys[i] : xs[i] ^ ys[i];
        }
        return makeVector(t, out, unionNulls(x.nulls, y.nulls, n), n);
      };
    }
    case 'BitwiseNot': {
      const c = compile(e.child, env);
      const t = dataTypeOf(e.child);
      return (b) => {
        const x = c(b);
        const n = b.numRows;
        const out = allocValues(t, n) as unknown as Store;
        const xs = x.values as unknown as Store;
        for (let i = 0; i < n; i++) out[i] = ~xs[i];
        return makeVector(t, out, unionNulls(x.nulls, null, n), n);
      };
    }
    case 'Cast': {
      const { dataType, evalMode } = e;
      const ctx = env.ctx;
      const folded = e.child.kind === 'Literal' ? castLiteral(e.child, dataType, evalMode, ctx) : undefined;
      if (folded !== undefined) return compileNode({ kind: 'Literal', value: folded, dataType }, env);
      const c = compile(e.child, env);
      return (b) => castVector(c(b), dataType, evalMode, ctx);
    }
    case 'CaseWhen':
      return compileCaseWhen(e, env);
    case 'In':
      return compileIn(e, env);
    case 'ScalarFunction':
      return compileScalarFunction(e, env);
    case 'LambdaVariable': {
      const slot = env.lambdaSlots.get(e.id);
      if (slot === undefined) throw new InternalError(`lambda variable ${e.name}#${e.id} is not bound`);
      return (b) => {
        if (slot.current === null)
          throw new InternalError(`lambda variable ${e.name} read outside its lambda`);
        const col = slot.column ?? -1;
        return col >= 0 ? (b.columns[col] ?? slot.current) : slot.current;
      };
    }
    case 'LambdaFunction':
      throw new InternalError('a lambda function can only be an argument of a higher-order function');
    case 'OuterReference':
    case 'AggregateExpression':
    case 'WindowFunction':
    case 'WindowExpression':
    case 'ScalarSubquery':
    case 'InSubquery':
    case 'Exists':
      throw new InternalError(`${e.kind} must be planned away before execution`);
    case 'UnresolvedAttribute':
    case 'UnresolvedStar':
    case 'UnresolvedFunction':
    case 'UnresolvedAlias':
    case 'UnresolvedWindowExpression':
    case 'UnresolvedExtractValue':
    case 'UnresolvedTypedLiteral':
    case 'UnresolvedSubquery':
    case 'UnresolvedInSubquery':
    case 'UnresolvedOrdinal':
      throw new InternalError(`cannot evaluate unresolved ${e.kind}`);
    default:
      return assertNever(e, 'expression');
  }
}

/**
 * SQL three-valued AND / OR. The right side runs only on rows the left side does not decide (Spark
 * short-circuits, so `x <> 0 AND 1 / x > 1` never divides by zero).
 */
function compileLogic(
  kind: 'And' | 'Or',
  l: Evaluator,
  r: Evaluator,
  rightPositions: readonly number[] | null,
): Evaluator {
  const dominant = kind === 'And' ? 0 : 1;
  return (b) => {
    const x = l(b);
    const n = b.numRows;
    const xv = x.values as Uint8Array;
    const xn = x.nulls;
    const out = new Uint8Array(n);
    const undecided = new Int32Array(n);
    const m = decideByLeft(xv, xn, n, dominant, out, undecided);
    if (m === 0) return boolVector(out, null, n);
    // Only the columns the right side reads are gathered for the undecided rows.
    const y = r(m === n ? b : gatherColumns(b, undecided, rightPositions, m));
    const nulls = decideByRight(xv, xn, y.values as Uint8Array, y.nulls, undecided, m, dominant, out);
    return boolVector(out, nulls, n);
  };
}

// compileLogic's loops are functions of their own: in the closure, V8 replaced the first call's
// loop by optimized code (OSR) compiled before the code after it had run, and every later call
// entered that code and left it again there (a deoptimization per call: TPC-H Q19 made 900 a run).

/** Rows the left side decides get `dominant` in out; the others are listed in undecided; their count. */
function decideByLeft(
  xv: Uint8Array,
  xn: Uint8Array | null,
  n: number,
  dominant: number,
  out: Uint8Array,
  undecided: Int32Array,
): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const a = xn !== null && xn[i] === 1 ? 2 : xv[i]!;
    if (a === dominant) out[i] = dominant;
    else undecided[m++] = i;
  }
  return m;
}

/** The undecided rows' results from both sides (y: the right side over those rows); their NULLs. */
function decideByRight(
  xv: Uint8Array,
  xn: Uint8Array | null,
  yv: Uint8Array,
  yn: Uint8Array | null,
  undecided: Int32Array,
  m: number,
  dominant: number,
  out: Uint8Array,
): Uint8Array | null {
  let nulls: Uint8Array | null = null;
  for (let k = 0; k < m; k++) {
    const i = undecided[k]!;
    const a = xn !== null && xn[i] === 1 ? 2 : xv[i]!;
    const c = yn !== null && yn[k] === 1 ? 2 : yv[k]!;
    if (c === dominant) out[i] = dominant;
    else if (a === 2 || c === 2) {
      nulls ??= new Uint8Array(out.length);
      nulls[i] = 1;
    } else out[i] = 1 - dominant;
  }
  return nulls;
}

function compileUnaryMinus(c: Evaluator, t: DataType, mode: 'ANSI' | 'LEGACY' | 'TRY'): Evaluator {
  return (b) => {
    const x = c(b);
    const n = b.numRows;
    const xs = x.values as unknown as Store;
    const out = allocValues(t, n) as unknown as Store;
    const nulls = x.nulls === null ? new Uint8Array(n) : x.nulls.slice(0, n);
    let min: number | bigint | null = null;
    switch (t.kind) {
      case 'byte':
        min = -128;
        break;
      case 'short':
        min = -32768;
        break;
      case 'integer':
      case 'year_month_interval':
        min = -2147483648;
        break;
      case 'long':
      case 'day_time_interval':
        min = -(2n ** 63n);
        break;
      default:
        break;
    }
    for (let i = 0; i < n; i++) {
      if (nulls[i] === 1) continue;
      const v = xs[i];
      if (min !== null && v === min) {
        if (mode === 'ANSI') throw arithmeticOverflow('overflow', '');
        if (mode === 'TRY') {
          nulls[i] = 1;
          continue;
        }
        out[i] = v;
        continue;
      }
      out[i] = -v;
    }
    return makeVector(t, out, nulls, n);
  };
}

type CaseWhenExpr = Extract<Expr, { kind: 'CaseWhen' }>;

/**
 * CASE WHEN evaluates each branch value only on the rows that reach it (so an unreached 1/0 never
 * raises), by running the branch over the gathered subset of rows and scattering the result back.
 */
function compileCaseWhen(e: CaseWhenExpr, env: Env): Evaluator {
  const conds = e.branches.map((br) => compile(br.condition, env));
  const vals = e.branches.map((br) => compile(br.value, env));
  const elseV = e.elseValue === null ? null : compile(e.elseValue, env);
  const positions = positionsOf(e, env.positions);
  const t = e.dataType;
  return (b) => {
    const n = b.numRows;
    const out = allocValues(t, n) as unknown as Store;
    const nulls = new Uint8Array(n).fill(1);
    // remaining[i]: the input row of row i of `sub`, the rows no branch has taken yet.
    let remaining: Int32Array | null = null;
    let sub: Batch = b;
    for (let k = 0; k < conds.length && sub.numRows > 0; k++) {
      const m = sub.numRows;
      const c = conds[k]!(sub);
      const cv = c.values as Uint8Array;
      const cn = c.nulls;
      const hitPos = new Int32Array(m);
      const missPos = new Int32Array(m);
      let h = 0;
      let q = 0;
      for (let i = 0; i < m; i++) {
        if (cv[i] === 1 && (cn === null || cn[i] === 0)) hitPos[h++] = i;
        else missPos[q++] = i;
      }
      if (h > 0) {
        const hb = h === m ? sub : gatherColumns(sub, hitPos, positions, h);
        const hit = new Int32Array(h);
        for (let i = 0; i < h; i++) hit[i] = remaining === null ? hitPos[i]! : remaining[hitPos[i]!]!;
        scatterInto(out, nulls, vals[k]!(hb), hit);
      }
      if (q === m) continue;
      const next = new Int32Array(q);
      for (let i = 0; i < q; i++) next[i] = remaining === null ? missPos[i]! : remaining[missPos[i]!]!;
      sub = gatherColumns(sub, missPos, positions, q);
      remaining = next;
    }
    if (elseV !== null && sub.numRows > 0) {
      const rows = remaining ?? Int32Array.from({ length: n }, (_, i) => i);
      scatterInto(out, nulls, elseV(sub), rows);
    }
    return makeVector(t, out, nulls, n);
  };
}

type InExpr = Extract<Expr, { kind: 'In' }>;

/**
 * x IN (list): TRUE on a match; else NULL when x or any list entry is NULL; else FALSE. Like Spark, list
 * items are evaluated only for rows whose value is non-NULL and not matched yet.
 */
function compileIn(e: InExpr, env: Env): Evaluator {
  const value = compile(e.value, env);
  const fast = compileInLiterals(e, value);
  if (fast !== null) return fast;
  const list = e.list.map((x) => compile(x, env));
  const positions = positionsOf(e, env.positions);
  return (b) => {
    const n = b.numRows;
    const v = value(b);
    const out = new Uint8Array(n);
    const nulls = new Uint8Array(n);
    let remaining: number[] = [];
    for (let i = 0; i < n; i++) {
      if (v.type.kind === 'null' || (v.nulls !== null && v.nulls[i] === 1)) nulls[i] = 1;
      else remaining.push(i);
    }
    const sawNull = new Uint8Array(n);
    for (const item of list) {
      if (remaining.length === 0) break;
      const all = remaining.length === n;
      const sub = all ? b : gatherColumns(b, remaining, positions);
      const iv = item(sub);
      const eq = compareVectors('EqualTo', all ? v : gather(v, remaining), iv, remaining.length);
      const ev = eq.values as Uint8Array;
      const next: number[] = [];
      for (let k = 0; k < remaining.length; k++) {
        const i = remaining[k]!;
        if (eq.nulls !== null && eq.nulls[k] === 1) {
          sawNull[i] = 1;
          next.push(i);
        } else if (ev[k] === 1) out[i] = 1;
        else next.push(i);
      }
      remaining = next;
    }
    for (const i of remaining) if (sawNull[i] === 1) nulls[i] = 1;
    return boolVector(out, nulls, n);
  };
}

/** Types whose stored values a JS Set matches exactly as SQL `=` does (SameValueZero: NaN = NaN, -0 = 0). */
const SET_KINDS = new Set<DataType['kind']>([
  'byte',
  'short',
  'integer',
  'date',
  'long',
  'timestamp',
  'timestamp_ntz',
  'float',
  'double',
  'string',
  'decimal',
]);

/** x IN (literals of x's type): one Set lookup per row. Null when the list does not qualify. */
function compileInLiterals(e: InExpr, value: Evaluator): Evaluator | null {
  const t = dataTypeOf(e.value);
  if (!SET_KINDS.has(t.kind) || e.list.length === 0) return null;
  const set = new Set<unknown>();
  let listHasNull = false;
  const bigintStored =
    t.kind === 'long' || t.kind === 'timestamp' || t.kind === 'timestamp_ntz' || t.kind === 'decimal';
  for (const item of e.list) {
    if (item.kind !== 'Literal') return null;
    const it = item.dataType;
    if (it.kind === 'null' || item.value === null) {
      listHasNull = true;
      continue;
    }
    if (it.kind !== t.kind) return null;
    if (t.kind === 'decimal' && (it.kind !== 'decimal' || it.scale !== t.scale)) return null;
    let x = item.value;
    if (bigintStored && typeof x === 'number') x = BigInt(x);
    if (t.kind === 'float' && typeof x === 'number') x = Math.fround(x);
    set.add(x);
  }
  const table = intTable(set);
  const strings = t.kind === 'string' ? packedStringTable([...set] as string[]) : null;
  return (b) => {
    const n = b.numRows;
    const v = value(b);
    const out = new Uint8Array(n);
    const nulls = new Uint8Array(n);
    const vn = v.nulls;
    if (strings !== null && v.packed !== undefined) {
      inPackedStrings(v.packed, strings, n, out);
      for (let i = 0; i < n; i++) {
        if (vn !== null && vn[i] === 1) {
          out[i] = 0;
          nulls[i] = 1;
        } else if (out[i] === 0 && listHasNull) nulls[i] = 1;
      }
      return boolVector(out, nulls, n);
    }
    const vs = v.values as unknown as Store;
    if (table !== null && vs instanceof Int32Array && !listHasNull) {
      inIntTable(vs, table, n, out);
      if (vn !== null) {
        for (let i = 0; i < n; i++) {
          if (vn[i] === 1) {
            out[i] = 0;
            nulls[i] = 1;
          }
        }
      }
      return boolVector(out, nulls, n);
    }
    for (let i = 0; i < n; i++) {
      if (vn !== null && vn[i] === 1) nulls[i] = 1;
      else if (set.has(vs[i])) out[i] = 1;
      else if (listHasNull) nulls[i] = 1;
    }
    return boolVector(out, nulls, n);
  };
}

/**
 * The list's strings by a hash of their characters (hashChars), for packed rows to look up in place
 * (inPackedStrings): slot h & mask holds a string's index + 1, 0 when empty, at load at most 1/4.
 */
interface PackedStringTable {
  readonly strings: readonly string[];
  readonly slots: Int32Array;
  readonly mask: number;
}

function packedStringTable(strings: readonly string[]): PackedStringTable {
  const size = 2 ** Math.ceil(Math.log2(4 * strings.length + 1));
  const slots = new Int32Array(size);
  const mask = size - 1;
  strings.forEach((s, k) => {
    let slot = hashString(s) & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = k + 1;
  });
  return { strings, slots, mask };
}

/**
 * out[i] = whether packed row i is one of the table's strings, found by the hash of its characters
 * and compared in place: no string cut a row (TPC-H Q22's country codes IN seven of them: 3 ns a row,
 * 30 comparing each against every string).
 */
function inPackedStrings(p: PackedChars, table: PackedStringTable, n: number, out: Uint8Array): void {
  const { chars, starts, ends } = p;
  const { strings, slots, mask } = table;
  for (let i = 0; i < n; i++) {
    const from = starts[i]!;
    const to = ends[i]!;
    let slot = hashChars(chars, from, to) & mask;
    let hit = 0;
    for (let e = slots[slot]!; e !== 0 && hit === 0; e = slots[slot]!) {
      if (charRangeEquals(chars, from, to, strings[e - 1]!)) hit = 1;
      slot = (slot + 1) & mask;
    }
    out[i] = hit;
  }
}

/** Int list values spanning at most this many: tested by a table (TPC-H Q16's p_size IN (8 sizes)). */
const IN_TABLE_MAX_SPAN = 4096;

/** The set's values as a table over their range when they are all ints within IN_TABLE_MAX_SPAN. */
function intTable(set: ReadonlySet<unknown>): { min: number; hits: Uint8Array } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const x of set) {
    if (typeof x !== 'number' || !Number.isInteger(x) || x < -2147483648 || x > 2147483647) return null;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  if (set.size === 0 || max - min >= IN_TABLE_MAX_SPAN) return null;
  const hits = new Uint8Array(max - min + 1);
  for (const x of set) hits[(x as number) - min] = 1;
  return { min, hits };
}

/**
 * out[i] = whether xs[i] is in the table: one unsigned compare and a load a row, no branch. (x - min
 * wraps in 32 bits only for rows far outside the table, which stay outside it.)
 */
function inIntTable(xs: Int32Array, t: { min: number; hits: Uint8Array }, n: number, out: Uint8Array): void {
  const { min, hits } = t;
  const span = hits.length;
  for (let i = 0; i < n; i++) {
    const d = (xs[i]! - min) | 0;
    out[i] = d >>> 0 < span ? hits[d]! : 0;
  }
}

type ScalarFunctionExpr = Extract<Expr, { kind: 'ScalarFunction' }>;

function compileScalarFunction(e: ScalarFunctionExpr, env: Env): Evaluator {
  if (LAZY_FUNCTIONS.has(e.name) && e.args.every((a) => a.kind !== 'LambdaFunction')) {
    return compileLazyFunction(
      e.name,
      e.args.map((a) => compile(a, env)),
      e.dataType,
      positionsOf(e, env.positions),
    );
  }
  const kernel = lookupScalarKernel(e.name);
  if (kernel === undefined) throw new InternalError(`no kernel for function ${e.name}`);
  const ctx = env.ctx;
  const lambdas = new Map<Expr, (outer: Batch) => Vector>();
  const args = e.args.map((a): Evaluator => {
    if (a.kind !== 'LambdaFunction') return compile(a, env);
    // The lambda body sees its parameters through slots and the outer columns through the batch.
    for (const p of a.params) env.lambdaSlots.set(p.id, { current: null });
    const body = compile(a.body, env);
    lambdas.set(a, body);
    return (b) => allNull({ kind: 'null' }, b.numRows);
  });
  const slots = env.lambdaSlots;
  return (b) => {
    const vs = args.map((f) => f(b));
    if (lambdas.size === 0) return kernel(vs, e, ctx, b.numRows);
    return withLambdaRuntime({ batch: b, bodies: lambdas, slots }, () => kernel(vs, e, ctx, b.numRows));
  };
}

/** 1 where a row's NULL-ness is `want` (1: IS NULL, 0: IS NOT NULL). (Its own function: docs/architecture.md on row loops.) */
function nullTest(v: Vector, want: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  const isNullType = v.type.kind === 'null';
  const nulls = v.nulls;
  for (let i = 0; i < n; i++) {
    const isNull = isNullType || (nulls !== null && nulls[i] === 1) ? 1 : 0;
    out[i] = isNull === want ? 1 : 0;
  }
  return out;
}
