// FilterExec: keeps the rows where the condition is TRUE (NULL and FALSE drop the row).

import { allocValues, type Batch, type Value, type Vector } from '@flint/common';
import {
  splitConjuncts,
  splitDisjuncts,
  type AttributeRef,
  type ComparisonOp,
  type Expr,
  type PhysicalPlan,
} from '@flint/planner';
import type { ArrayRecycler } from '../eval/array-recycler.js';
import { compileExpression, referencedPositions, type Evaluator } from '../eval/compile.js';
import { evaluableOverDictionary, resultsPerCode } from '../eval/dictionary-eval.js';
import { flipComparison, scalarComparable } from '../eval/comparison.js';
import {
  decimalAsDoubleTests,
  selectCompareIntColumns,
  selectCompareScalar,
  widenedDecimalTests,
  type ScalarComparison,
} from '../eval/select-compare.js';
import { RowScratch } from '../eval/row-scratch.js';
import { gather, gatherBatch, gatherColumns } from '../eval/vectors.js';
import type { EvalContext } from '../functions/kernel.js';
import type { TaskContext } from './task-context.js';

type Node = Extract<PhysicalPlan, { kind: 'FilterExec' }>;

interface Conjunct {
  readonly evaluate: Evaluator;
  /** The input columns the conjunct reads (null: all), the only ones gathered for it. */
  readonly positions: readonly number[] | null;
  /** `column op literal`, or two such tests of one column: tested in place (selectCompareScalar). */
  readonly scalar: ScalarTests | null;
  /** `column IS NOT NULL`: the column's position (TRUE on every row of a batch without NULLs there). */
  readonly notNull: number | null;
  /** `column op column` of two int-stored columns: tested in place (selectCompareIntColumns). */
  readonly columns: ColumnTest | null;
  /**
   * The one column a conjunct that cannot raise reads: when it comes as a dictionary, the conjunct
   * is evaluated per dictionary value and rows are selected by their codes (selectByCodes).
   */
  readonly dictionary: number | null;
  /**
   * An OR in a condition that cannot raise, read from several columns: its branches' selections, the
   * rows any keeps (selectAnyOf), each branch testing the rows the ones before did not keep with the
   * kernels of its own conjuncts (TPC-H Q19's three brand, container and size branches over part:
   * the generic OR evaluated every branch's comparisons into boolean vectors, 60-80 ns a row).
   */
  readonly anyOf: readonly Selection[] | null;
}

/** Rows of a batch (or of `sel`) that pass: see compileSelection. */
type Selection = (b: Batch, sel?: Int32Array | null) => Int32Array | null;

interface ColumnTest {
  readonly op: ComparisonOp;
  readonly left: number;
  readonly right: number;
}

interface ScalarTests {
  readonly position: number;
  readonly a: ScalarComparison;
  readonly b: ScalarComparison;
}

/** The input position of `e` when it is a column of the input, else -1. */
function inputPosition(e: Expr, input: readonly AttributeRef[]): number {
  return e.kind === 'AttributeReference' ? input.findIndex((a) => a.id === e.id) : -1;
}

/** The input column of a conjunct `column IS NOT NULL`, or null. */
function notNullColumn(c: Expr, input: readonly AttributeRef[]): number | null {
  const position = c.kind === 'IsNotNull' ? inputPosition(c.child, input) : -1;
  return position < 0 ? null : position;
}

/** Types whose columns hold their values in an Int32Array, compared as ints. */
const INT_STORED = new Set(['integer', 'date']);

/** The conjunct as `input column op input column` of one int-stored type, or null. */
function columnTest(c: Expr, input: readonly AttributeRef[]): ColumnTest | null {
  if (c.kind !== 'Comparison' || c.op === 'EqualNullSafe') return null;
  const { left, right } = c;
  if (left.kind !== 'AttributeReference' || right.kind !== 'AttributeReference') return null;
  if (left.dataType.kind !== right.dataType.kind || !INT_STORED.has(left.dataType.kind)) return null;
  const l = inputPosition(left, input);
  const r = inputPosition(right, input);
  return l < 0 || r < 0 ? null : { op: c.op, left: l, right: r };
}

/**
 * The conjunct as `input column op non-NULL literal` (either side), or as `CAST(input decimal column
 * AS type) op literal` (tests of its unscaled values: castColumnTests), or null.
 */
function scalarTests(c: Expr, input: readonly AttributeRef[]): ScalarTests | null {
  if (c.kind !== 'Comparison' || c.op === 'EqualNullSafe') return null;
  const flipped = c.left.kind === 'Literal';
  const column = flipped ? c.right : c.left;
  const literal = flipped ? c.left : c.right;
  if (literal.kind !== 'Literal' || literal.value === null) return null;
  const op = flipped ? flipComparison(c.op) : c.op;
  if (column.kind === 'Cast') return castColumnTests(column, op, literal.value, input);
  if (column.kind !== 'AttributeReference') return null;
  const position = inputPosition(column, input);
  if (position < 0 || !scalarComparable(column.dataType, literal.dataType, literal.value)) return null;
  const test = { op, value: literal.value };
  return { position, a: test, b: test };
}

/**
 * `CAST(column AS type) op value` of a decimal input column as tests of its unscaled values, or null:
 * a cast to double (decimalAsDoubleTests) or to a decimal of a larger scale that keeps the column's
 * integer digits (widenedDecimalTests).
 */
function castColumnTests(
  cast: Extract<Expr, { kind: 'Cast' }>,
  op: ComparisonOp,
  value: Value,
  input: readonly AttributeRef[],
): ScalarTests | null {
  const child = cast.child;
  if (child.kind !== 'AttributeReference' || child.dataType.kind !== 'decimal') return null;
  const from = child.dataType;
  const to = cast.dataType;
  const position = inputPosition(child, input);
  if (position < 0) return null;
  let tests: readonly [ScalarComparison, ScalarComparison] | null = null;
  if (to.kind === 'double' && typeof value === 'number')
    tests = decimalAsDoubleTests(op, value, from.precision, from.scale);
  else if (
    to.kind === 'decimal' &&
    typeof value === 'bigint' &&
    to.scale >= from.scale &&
    to.precision - to.scale >= from.precision - from.scale
  )
    tests = widenedDecimalTests(op, value, to.scale - from.scale);
  return tests === null ? null : { position, a: tests[0], b: tests[1] };
}

/** Whether the tests are one (a and b alike), so that a second test of the column may take b's place. */
const isOneTest = (t: ScalarTests): boolean => t.a === t.b;

/**
 * A selection (ascending row indexes) evaluator for `condition`, conjunct by conjunct, over a batch's
 * rows or those of `sel` (ascending). The selection it returns may be in its own scratch memory: it
 * holds until the next call.
 */
export function compileSelection(
  condition: Expr,
  input: readonly AttributeRef[],
  ctx: EvalContext,
): Selection {
  const conjuncts: Conjunct[] = [];
  const cannotRaise = evaluableOverDictionary(condition);
  let previous: { expr: Expr; scalar: ScalarTests } | null = null;
  for (const c of splitConjuncts(condition)) {
    const scalar = scalarTests(c, input);
    if (
      scalar !== null &&
      previous !== null &&
      previous.scalar.position === scalar.position &&
      isOneTest(scalar) &&
      isOneTest(previous.scalar)
    ) {
      // Adjacent tests of one column (a range) run as one pass, the second test in place of `b`.
      const both: Expr = { kind: 'And', left: previous.expr, right: c };
      conjuncts[conjuncts.length - 1] = {
        evaluate: compileExpression(both, input, ctx),
        positions: [scalar.position],
        scalar: { position: scalar.position, a: previous.scalar.a, b: scalar.a },
        notNull: null,
        columns: null,
        dictionary: null,
        anyOf: null,
      };
      previous = null;
      continue;
    }
    const positions = referencedPositions(c, input);
    const dictionary = positions?.length === 1 && evaluableOverDictionary(c) ? positions[0]! : null;
    conjuncts.push({
      evaluate: compileExpression(c, input, ctx),
      positions,
      scalar,
      notNull: notNullColumn(c, input),
      columns: columnTest(c, input),
      dictionary,
      anyOf:
        c.kind === 'Or' && cannotRaise && dictionary === null
          ? splitDisjuncts(c).map((d) => compileSelection(d, input, ctx))
          : null,
    });
    previous = scalar === null ? null : { expr: c, scalar };
  }
  const scratch = new RowScratch();
  return (b, sel = null) => selectRows(conjuncts, b, sel, scratch);
}

/**
 * Evaluates each conjunct on the rows the earlier ones did not reject, so a selective first conjunct
 * makes the rest cheap. As Spark's AND, a conjunct still runs on rows where an earlier one was NULL
 * (it may raise there); those rows are dropped at the end. Null means every row is kept.
 */
function selectRows(
  conjuncts: readonly Conjunct[],
  b: Batch,
  from: Int32Array | null,
  scratch: RowScratch,
): Int32Array | null {
  const n = b.numRows;
  let sel = from;
  let count = from === null ? n : from.length;
  let dead: Uint8Array | null = null;
  for (const c of conjuncts) {
    if (count === 0) break;
    // (H2O q8's `v3 IS NOT NULL` over a column without NULLs: 5-8 ns a row to keep every row.)
    if (c.notNull !== null) {
      const column = b.columns[c.notNull]!;
      if (column.nulls === null && column.type.kind !== 'null') continue;
    }
    const next = scratch.next(count, sel);
    let k = -1;
    const position = c.dictionary;
    const perCode = position === null ? null : resultsPerCode(c.evaluate, b, position);
    if (c.anyOf !== null) {
      k = selectAnyOf(c.anyOf, b, sel, count, next);
    } else if (perCode !== null) {
      const { results, codes } = perCode;
      const outcomes = codeOutcomes(results, b.columns[position!]!.nulls !== null);
      if (outcomes.anyNull) dead ??= new Uint8Array(n);
      k = selectByCodes(outcomes.table, codes, sel, count, next, dead);
    } else if (c.scalar !== null) {
      const column = b.columns[c.scalar.position]!;
      if (column.nulls !== null) dead ??= new Uint8Array(n);
      k = selectCompareScalar(c.scalar.a, c.scalar.b, column, sel, count, next, dead);
    } else if (c.columns !== null) {
      const { op, left, right } = c.columns;
      k = selectCompareIntColumns(op, b.columns[left]!, b.columns[right]!, sel, count, next);
    }
    if (k < 0) {
      const v = c.evaluate(sel === null ? b : gatherColumns(b, sel, c.positions, count));
      if (v.type.kind === 'null' || v.nulls !== null) dead ??= new Uint8Array(n);
      k = selectWhereTrue(v, sel, count, next, dead);
    }
    if (k === count && dead === null) continue;
    sel = next.subarray(0, k);
    count = k;
  }
  if (dead !== null && sel !== null) {
    let k = 0;
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) if (dead[sel[i]!] !== 1) out[k++] = sel[i]!;
    return out.subarray(0, k);
  }
  if (dead !== null) {
    const out = new Int32Array(n);
    let k = 0;
    for (let i = 0; i < n; i++) if (dead[i] !== 1) out[k++] = i;
    return out.subarray(0, k);
  }
  return sel;
}

/**
 * Into `out`, the rows of `sel` (rows 0..count-1 when null), ascending, that some branch keeps (their
 * OR is TRUE; NULL and FALSE alike drop the row, the condition raising nowhere); returns how many.
 */
function selectAnyOf(
  branches: readonly Selection[],
  b: Batch,
  sel: Int32Array | null,
  count: number,
  out: Int32Array,
): number {
  const kept = new Uint8Array(b.numRows);
  // The rows no branch has kept yet, ascending (null: all of sel's).
  let rest: Int32Array | null = sel;
  let restCount = count;
  for (const branch of branches) {
    if (restCount === 0) break;
    const keeps = branch(b, rest);
    if (keeps === null || keeps.length === restCount) {
      markRows(kept, rest, restCount);
      restCount = 0;
      break;
    }
    markRows(kept, keeps, keeps.length);
    rest = rowsWithout(rest, restCount, keeps);
    restCount = rest.length;
  }
  let k = 0;
  for (let i = 0; i < count; i++) {
    const row = sel === null ? i : sel[i]!;
    out[k] = row;
    k += kept[row]!;
  }
  return k;
}

/** flags[row] = 1 for rows[0..n) (rows 0..n-1 when null). */
function markRows(flags: Uint8Array, rows: Int32Array | null, n: number): void {
  for (let i = 0; i < n; i++) flags[rows === null ? i : rows[i]!] = 1;
}

/** The rows of `rows` (0..n-1 when null) not in `drop` (ascending, among them). */
function rowsWithout(rows: Int32Array | null, n: number, drop: Int32Array): Int32Array {
  const out = new Int32Array(n - drop.length);
  let j = 0;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const row = rows === null ? i : rows[i]!;
    if (j < drop.length && drop[j] === row) j++;
    else out[k++] = row;
  }
  return out;
}

/**
 * The rows of `sel` (all when null) where the conjunct's values `v` (one per selected row) are TRUE
 * or NULL, written to `out`; the NULL ones are marked in `dead` (given when v has NULLs: see
 * selectRows). Returns how many.
 */
function selectWhereTrue(
  v: Vector,
  sel: Int32Array | null,
  count: number,
  out: Int32Array,
  dead: Uint8Array | null,
): number {
  const vals = v.values as Uint8Array;
  const allNull = v.type.kind === 'null';
  const nulls = allNull ? null : v.nulls;
  let k = 0;
  if (!allNull && nulls === null) {
    // Every row is written and passed over only when TRUE (a boolean's value is 0 or 1): no branch
    // on the data, which TPC-H Q10's l_returnflag = 'R' (a quarter of the rows) mispredicted often.
    if (sel === null) {
      for (let i = 0; i < count; i++) {
        out[k] = i;
        k += vals[i]!;
      }
    } else {
      for (let i = 0; i < count; i++) {
        out[k] = sel[i]!;
        k += vals[i]!;
      }
    }
    return k;
  }
  for (let i = 0; i < count; i++) {
    const row = sel === null ? i : sel[i]!;
    if (allNull || (nulls !== null && nulls[i] === 1)) {
      dead![row] = 1;
      out[k++] = row;
    } else if (vals[i] === 1) out[k++] = row;
  }
  return k;
}

/**
 * Per code of a conjunct's results over a dictionary (see resultsPerCode): 0 FALSE, 1 TRUE, 2 NULL;
 * `anyNull` when a row may read a 2 (the last code, the NULL row's, only when the column has NULLs).
 */
function codeOutcomes(results: Vector, nullRows: boolean): { table: Uint8Array; anyNull: boolean } {
  const table = new Uint8Array(results.length);
  const allNull = results.type.kind === 'null';
  const vals = results.values as Uint8Array;
  const nulls = results.nulls;
  let anyNull = false;
  for (let i = 0; i < results.length; i++) {
    if (allNull || (nulls !== null && nulls[i] === 1)) {
      table[i] = 2;
      if (nullRows || i < results.length - 1) anyNull = true;
    } else table[i] = vals[i]!;
  }
  return { table, anyNull };
}

/**
 * selectWhereTrue over a dictionary conjunct's outcomes per code (codeOutcomes): the rows of `sel`
 * whose code is TRUE or NULL (NULL ones marked in `dead`, given when the table has a NULL). One read
 * of a small table a row, where evaluating the conjunct would gather a boolean a row first (TPC-H
 * Q10's `l_returnflag = 'R'`: 7 ns a row, most of its lineitem scan).
 */
function selectByCodes(
  table: Uint8Array,
  codes: Int32Array,
  sel: Int32Array | null,
  count: number,
  out: Int32Array,
  dead: Uint8Array | null,
): number {
  let k = 0;
  if (dead === null) {
    if (sel === null) {
      for (let i = 0; i < count; i++) {
        out[k] = i;
        k += table[codes[i]!]!;
      }
    } else {
      for (let i = 0; i < count; i++) {
        const row = sel[i]!;
        out[k] = row;
        k += table[codes[row]!]!;
      }
    }
    return k;
  }
  for (let i = 0; i < count; i++) {
    const row = sel === null ? i : sel[i]!;
    const t = table[codes[row]!]!;
    if (t === 0) continue;
    if (t === 2) dead[row] = 1;
    out[k++] = row;
  }
  return k;
}

/**
 * A test of rows a consumer adds to a filter's own once it can (a join, after reading its build side):
 * the rows of `sel` (null: all of b's) it keeps, ascending (null: all of them). The filter then gathers
 * only the rows that pass them all, not every row its condition keeps (TPC-H Q3 gathered 1.6M lineitem
 * rows a task for the runtime filter to keep 76k). The joins over one filter (or a scan: see
 * narrowedBatches) share a list of them, each join's test placed by the join.
 */
export interface FilterNarrowing {
  /** The key columns the test reads, as positions in the filter's input. */
  readonly keyPositions: readonly number[];
  /** The rows of sel it keeps (may be in its own scratch memory, until its next call: RowScratch). */
  narrow: ((b: Batch, sel: Int32Array | null) => Int32Array | null) | null;
}

/**
 * Runs a list of tests, each on the rows the ones before kept, cheapest for what it drops first. Each
 * test is first tried first on whole batches (TRIALS of them), which measures the share of rows it
 * keeps and its time a row (the least of its trials': a first batch pays for compiling, any may for a
 * collection); then they run by time a row over share dropped, least first, the order that spends
 * the least time on rows that are dropped anyway (TPC-H Q19's filter keeps 2% of its lineitem rows
 * at a few ns a row, its parts' keys 0.2% at about as much; Q7's date range keeps 30% at 1-2 ns a
 * row, its suppliers' keys 8% at 4-5). Selections that start narrowed (a filter that may raise ran
 * first) order the tests by the share they kept where they ran, fewest first.
 */
class Narrowings {
  /** Per test, over the batches it tested whole: how many, their rows, the rows kept. */
  private readonly wholeBatches: number[];
  private readonly wholeRows: number[];
  private readonly wholeKept: number[];
  /** Per test, the least ms a row of the batches it tested whole. */
  private readonly msPerRow: number[];
  /** Per test, wherever it ran: rows tested, rows kept. */
  private readonly tested: number[];
  private readonly kept: number[];

  constructor(private readonly tests: readonly FilterNarrowing[]) {
    const zeros = (): number[] => tests.map(() => 0);
    this.wholeBatches = zeros();
    this.wholeRows = zeros();
    this.wholeKept = zeros();
    this.msPerRow = tests.map(() => Infinity);
    this.tested = zeros();
    this.kept = zeros();
  }

  select(b: Batch, sel: Int32Array | null): Int32Array | null {
    const ready = this.tests.flatMap((t, i) => (t.narrow === null ? [] : [i]));
    for (const i of sel === null ? this.wholeOrder(ready) : this.keptOrder(ready)) {
      const before = sel === null ? b.numRows : sel.length;
      if (before === 0) break;
      const whole = sel === null;
      const start = whole ? performance.now() : 0;
      sel = this.tests[i]!.narrow!(b, sel);
      const after = sel === null ? before : sel.length;
      if (whole) {
        this.msPerRow[i] = Math.min(this.msPerRow[i]!, (performance.now() - start) / before);
        this.wholeBatches[i]!++;
        this.wholeRows[i]! += before;
        this.wholeKept[i]! += after;
      }
      this.tested[i]! += before;
      this.kept[i]! += after;
    }
    return sel;
  }

  /** A test still on trial first; then the others by time a row over share dropped. */
  private wholeOrder(ready: readonly number[]): number[] {
    const trial = ready.find((i) => this.wholeBatches[i]! < TRIALS);
    const cost = (i: number): number => {
      const rows = this.wholeRows[i]!;
      return rows === 0 ? Infinity : this.msPerRow[i]! / Math.max(1e-6, 1 - this.wholeKept[i]! / rows);
    };
    const rest = ready.filter((i) => i !== trial).sort((x, y) => cost(x) - cost(y));
    return trial === undefined ? rest : [trial, ...rest];
  }

  private keptOrder(ready: readonly number[]): number[] {
    const share = (i: number): number => this.kept[i]! / Math.max(1, this.tested[i]!);
    return [...ready].sort((x, y) => share(x) - share(y));
  }
}

/** Whole batches each of a filter's tests is tried on first (see Narrowings). */
const TRIALS = 2;

/** The batches with only the rows the tests keep (the joins' tests over a scan with no filter). */
export async function* narrowedBatches(
  input: AsyncIterable<Batch>,
  tests: readonly FilterNarrowing[],
): AsyncIterable<Batch> {
  const narrowings = new Narrowings(tests);
  for await (const b of input) {
    const sel = narrowings.select(b, null);
    if (sel === null) yield b;
    else if (sel.length > 0) yield gatherBatch(b, sel, sel.length);
  }
}

/**
 * `needed`: the output columns the parent reads (null: all). The others are not gathered: they come
 * out empty (length 0), for a parent known to read only the needed ones. `recycler`: given by a
 * consumer that hands the gathered arrays back (ArrayRecycler). `narrowings`: see FilterNarrowing.
 */
export async function* filterExec(
  node: Node,
  childOutput: readonly AttributeRef[],
  input: AsyncIterable<Batch>,
  tc: TaskContext,
  needed: readonly number[] | null = null,
  recycler?: ArrayRecycler,
  narrowings?: readonly FilterNarrowing[],
): AsyncIterable<Batch> {
  const select = compileSelection(node.condition, childOutput, tc.eval);
  const read = needed === null ? null : childOutput.map((_, c) => needed.includes(c));
  // A condition that cannot raise takes its turn among the joins' tests (see Narrowings); one that
  // may raise tests every row first, as Spark's filter below the joins does.
  const amongTests = narrowings !== undefined && evaluableOverDictionary(node.condition);
  const tests =
    narrowings === undefined
      ? null
      : new Narrowings(amongTests ? [{ keyPositions: [], narrow: select }, ...narrowings] : narrowings);
  for await (const b of input) {
    let sel = amongTests ? null : select(b);
    if (tests !== null && sel?.length !== 0) sel = tests.select(b, sel);
    if (sel === null || sel.length === b.numRows) yield b;
    else if (sel.length > 0)
      yield read === null ? gatherBatch(b, sel, sel.length, recycler) : gatherRead(b, sel, read, recycler);
  }
}

/** The batch's rows `sel` of the columns `read` marks; the others empty. */
function gatherRead(b: Batch, sel: Int32Array, read: readonly boolean[], recycler?: ArrayRecycler): Batch {
  return {
    numRows: sel.length,
    columns: b.columns.map((c, i) =>
      read[i] === true
        ? gather(c, sel, sel.length, recycler)
        : { type: c.type, length: 0, values: allocValues(c.type, 0), nulls: null },
    ),
  };
}
