// The per-query memory budget: blocking operators (aggregation tables, join build sides, sort and window
// buffers, cached and collected results) acquire the bytes they hold, and a query over its budget fails
// with Spark's UNABLE_TO_ACQUIRE_MEMORY instead of exhausting the process.
//
// The counter lives in a SharedArrayBuffer so that the tasks of one query on every worker thread draw on
// the same budget (a budget travels to a worker as its `shared` buffer and `limit`).

import { flintError } from '@flint/common';

export interface MemoryBudget {
  /** Bytes the query may hold at once; Infinity when unlimited. */
  readonly limit: number;
  /** Bytes held now by all tasks of the query. */
  used(): number;
  /** The most bytes held at once so far. */
  peak(): number;
  /** Takes `bytes` from the budget, or throws UNABLE_TO_ACQUIRE_MEMORY (taking nothing). */
  acquire(bytes: number): void;
  /** Gives back bytes taken with `acquire`. */
  release(bytes: number): void;
  /** The shared counters, to rebuild the same budget on another thread (`budgetFromShared`). */
  readonly shared: SharedArrayBuffer;
}

/** Slots of the shared counter array: bytes held now, and the peak. */
const USED = 0;
const PEAK = 1;

/** A new budget of `limit` bytes (Infinity or a negative number: unlimited). */
export function createMemoryBudget(limit: number): MemoryBudget {
  return budgetFromShared(new SharedArrayBuffer(2 * 8), limit);
}

/** The budget whose counters are `shared` (made by `createMemoryBudget`, possibly on another thread). */
export function budgetFromShared(shared: SharedArrayBuffer, limit: number): MemoryBudget {
  const counters = new BigInt64Array(shared);
  const max = limit < 0 || !Number.isFinite(limit) ? Infinity : limit;
  return {
    limit: max,
    shared,
    used: () => Number(Atomics.load(counters, USED)),
    peak: () => Number(Atomics.load(counters, PEAK)),
    acquire(bytes: number): void {
      if (bytes <= 0) return;
      const want = BigInt(Math.ceil(bytes));
      const after = Number(Atomics.add(counters, USED, want) + want);
      if (after > max) {
        Atomics.sub(counters, USED, want);
        const free = Math.max(0, max - (after - Number(want)));
        throw flintError('UNABLE_TO_ACQUIRE_MEMORY', {
          requestedBytes: String(Math.ceil(bytes)),
          receivedBytes: String(Math.floor(free)),
        });
      }
      // Raise the peak; a lost race only means another task recorded a larger value.
      let peak = Atomics.load(counters, PEAK);
      while (BigInt(after) > peak) {
        const seen = Atomics.compareExchange(counters, PEAK, peak, BigInt(after));
        if (seen === peak) break;
        peak = seen;
      }
    },
    release(bytes: number): void {
      if (bytes <= 0) return;
      Atomics.sub(counters, USED, BigInt(Math.ceil(bytes)));
    },
  };
}

/**
 * One task's share of its query's budget: operators report what they hold as it grows, and the task
 * gives everything back when it ends (as Spark's TaskMemoryManager frees a task's memory).
 */
export interface TaskMemory {
  /** Takes `bytes` more for the task, or throws UNABLE_TO_ACQUIRE_MEMORY. */
  acquire(bytes: number): void;
  /** Gives back everything the task took. */
  releaseAll(): void;
}

const budgets = new WeakMap<SharedArrayBuffer, MemoryBudget>();

/** The task memory drawing on the query budget named by an eval context (a no-op without one). */
export function taskMemory(
  budget: { readonly shared: SharedArrayBuffer; readonly limit: number } | undefined,
): TaskMemory {
  if (budget === undefined) return { acquire: () => {}, releaseAll: () => {} };
  let b = budgets.get(budget.shared);
  if (b === undefined) budgets.set(budget.shared, (b = budgetFromShared(budget.shared, budget.limit)));
  const query = b;
  let held = 0;
  return {
    acquire(bytes) {
      query.acquire(bytes);
      held += Math.ceil(Math.max(0, bytes));
    },
    releaseAll() {
      query.release(held);
      held = 0;
    },
  };
}

/** A budget that never refuses (tests, and code paths that run outside a query). */
export const UNLIMITED_BUDGET: MemoryBudget = createMemoryBudget(Infinity);
