// spark.master → the number of task slots (threads) and the task attempts allowed, as Spark's local modes.

import { availableParallelism } from 'node:os';

export interface TaskSlots {
  /** Tasks that run at once: 1 runs every task on the calling thread. */
  readonly slots: number;
  /** Attempts per task before the job fails (`local[N,F]`), when the master string says. */
  readonly maxFailures: number | null;
}

/**
 * `local` = 1, `local[N]`, `local[*]` = the machine's parallelism, `local[N,F]` / `local[*,F]` with F
 * attempts per task. Anything else (no master, or a cluster URL Flint cannot reach) is `local[*]`.
 */
export function taskSlots(master: string | undefined): TaskSlots {
  const m = /^\s*local(?:\[\s*(\*|\d+)\s*(?:,\s*(\d+)\s*)?\])?\s*$/.exec(master ?? 'local[*]');
  if (!m) return { slots: availableParallelism(), maxFailures: null };
  if (m[1] === undefined) return { slots: 1, maxFailures: null };
  const slots = m[1] === '*' ? availableParallelism() : Math.max(1, Number(m[1]));
  return { slots, maxFailures: m[2] === undefined ? null : Math.max(1, Number(m[2])) };
}
