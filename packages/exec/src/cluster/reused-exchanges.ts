// Spark's ReuseExchange, across a query's subqueries too: an exchange whose subtree is the same as one
// already run for the query (the same nodes and values; attribute ids, qualifiers and the places in
// the query text expressions were written aside) reads that one's output instead of running again.
// TPC-H Q15 computes its revenue view for the scalar subquery's maximum and again for the rows that
// reach it; Q11 joins Germany's part suppliers for its threshold and again for its groups; Q2's
// correlated subquery broadcasts Europe's nations as its query does. Outputs are kept per query (its
// EvalContext, which its subqueries' jobs share) and taken before any reader coalesces them.

import { isDeterministic, type Expr, type PhysicalPlan } from '@flint/planner';
import type { EvalContext } from '../functions/kernel.js';
import { planChildren } from '../operators/task-context.js';
import type { WireBatch } from './wire-batches.js';

/** An exchange's output: per reduce partition for a shuffle, whole for a broadcast. */
export type ExchangeOutput =
  | { readonly kind: 'shuffle'; readonly parts: WireBatch[][] }
  | { readonly kind: 'broadcast'; readonly batches: WireBatch[] };

/** An exchange run (or running) for the query, and its output. */
interface RunExchange {
  readonly exchange: PhysicalPlan;
  readonly output: Promise<ExchangeOutput>;
}

/**
 * The exchanges a query ran, found again by their subtrees. A key writes out a whole subtree, and an
 * exchange over other exchanges writes theirs again (TPC-H Q8's chain of broadcasts: ~1.5 ms of the
 * driver a run); so exchanges are first told apart by the kinds of their nodes, and keyed only when
 * another of the same shape ran.
 */
export class ReusableExchanges {
  private readonly byShape = new Map<string, RunExchange[]>();
  private readonly keys = new WeakMap<PhysicalPlan, string | null>();

  /** The output of an exchange equal to `exchange` that ran or runs for the query, if any. */
  find(exchange: PhysicalPlan): Promise<ExchangeOutput> | undefined {
    const earlier = this.byShape.get(shapeOf(exchange));
    if (earlier === undefined) return undefined;
    const key = this.keyOf(exchange);
    if (key === null) return undefined;
    return earlier.find((e) => this.keyOf(e.exchange) === key)?.output;
  }

  add(exchange: PhysicalPlan, output: Promise<ExchangeOutput>): void {
    const shape = shapeOf(exchange);
    let same = this.byShape.get(shape);
    if (same === undefined) this.byShape.set(shape, (same = []));
    same.push({ exchange, output });
  }

  private keyOf(exchange: PhysicalPlan): string | null {
    let key = this.keys.get(exchange);
    if (key === undefined) this.keys.set(exchange, (key = exchangeKey(exchange)));
    return key;
  }
}

const reusableByQuery = new WeakMap<EvalContext, ReusableExchanges>();

/** The query's exchanges (its EvalContext's, which its subqueries' jobs share). */
export function reusableExchanges(ctx: EvalContext): ReusableExchanges {
  let r = reusableByQuery.get(ctx);
  if (r === undefined) reusableByQuery.set(ctx, (r = new ReusableExchanges()));
  return r;
}

/** The kinds of a subtree's nodes in order: equal subtrees have equal shapes (their keys write the kinds). */
function shapeOf(plan: PhysicalPlan): string {
  const children = planChildren(plan);
  return children.length === 0 ? plan.kind : `${plan.kind}(${children.map(shapeOf).join(',')})`;
}

// In-memory sources by identity: their rows are not part of a key.
const sourceIds = new WeakMap<object, number>();
let nextSourceId = 0;

function sourceId(rows: object): number {
  let n = sourceIds.get(rows);
  if (n === undefined) sourceIds.set(rows, (n = nextSourceId++));
  return n;
}

const ID_FIELDS = new Set(['id', 'resultId']);
/** Where an expression was written and the names it was read under: equal subtrees differ in them. */
const IGNORED_FIELDS = new Set(['origin', 'qualifier']);

/**
 * The exchange's subtree as a string that equal subtrees share: attribute ids numbered by first
 * appearance, in-memory sources by identity. Null for a subtree that may not give the same rows twice:
 * a non-deterministic expression, or a recursive CTE's previous iteration.
 */
function exchangeKey(exchange: PhysicalPlan): string | null {
  const ids = new Map<number, number>();
  let reusable = true;
  const key = JSON.stringify(exchange, (field: string, value: unknown): unknown => {
    if (typeof value === 'bigint') return `${value}n`;
    if (IGNORED_FIELDS.has(field)) return undefined;
    if (ID_FIELDS.has(field) && typeof value === 'number') {
      let n = ids.get(value);
      if (n === undefined) ids.set(value, (n = ids.size));
      return n;
    }
    if (value !== null && typeof value === 'object' && 'kind' in value) {
      const kind = (value as { kind: unknown }).kind;
      if (kind === 'UnionLoopRefExec' || kind === 'UnionLoopExec') reusable = false;
      if (kind === 'ScalarFunction' && !isDeterministic(value as Expr)) reusable = false;
      if (kind === 'Memory') {
        // A cached table's plans each wrap its partitions: those are what identify it.
        return { memory: sourceId((value as unknown as { partitions: object }).partitions) };
      }
      // Many literal rows are told apart by identity too, not written out for every stage.
      const rows = (value as { rows?: unknown }).rows;
      if (kind === 'LocalTableScan' && Array.isArray(rows) && rows.length > 64) {
        return { ...(value as object), rows: { local: sourceId(rows) } };
      }
    }
    return value;
  });
  return reusable ? key : null;
}
