// Typed arrays lent to one batch of a pipeline and reused for the next once its consumer is done.
//
// A filter under an aggregation gathers every column it keeps, and the aggregation's arithmetic makes
// a temporary per expression and batch (TPC-H Q1: ~450 MB a run at SF 1), all garbage a moment later.
// Fresh arrays cost their zeroing, and V8's collector on helper threads, which with one task per
// core competes with the tasks themselves. A consumer that keeps nothing of a batch (an aggregation
// whose tables and states copy what they read) gives the arrays back; the producers take them again.
//
// The contract: producers take arrays only while making the batch their consumer pulled (async
// generators compute nothing ahead), and the consumer calls `reclaim` once it is done with that batch
// and kept none of it, or `forget` when it may have kept some (the arrays are then left to the
// collector). Arrays come back uninitialized: a taker writes every row it hands on.

type RecycledArray = Float64Array | BigInt64Array | Int32Array | Uint8Array;
type RecycledConstructor<T extends RecycledArray> = new (length: number) => T;

export class ArrayRecycler {
  /** Arrays taken for the current batch, whole (a taker gets a view of its first rows). */
  private lent: RecycledArray[] = [];
  private readonly free = new Map<RecycledConstructor<RecycledArray>, RecycledArray[]>();

  /** `minCapacity`: the length a new array gets up to (twice the batch's), so later batches fit it too. */
  constructor(private readonly minCapacity: number) {}

  /** An array of `length` elements (contents undefined) for the batch being made. */
  take<T extends RecycledArray>(type: RecycledConstructor<T>, length: number): T {
    let whole = fitting(this.free.get(type) as T[] | undefined, length);
    if (whole === undefined) {
      whole = fitting(threadFree.get(type) as T[] | undefined, length);
      if (whole !== undefined) threadFreeBytes -= whole.byteLength;
    }
    // A new array fits later batches up to minCapacity rows, but a small batch's only twice itself:
    // the blocks of a shuffle's partitions are often a few hundred rows, and an array of minCapacity
    // for each of their aggregations was most of some tasks' typed-array garbage.
    whole ??= new type(Math.max(length, Math.min(this.minCapacity, 2 * length)));
    this.lent.push(whole);
    return (whole.length === length ? whole : whole.subarray(0, length)) as T;
  }

  /** The consumer is done with the batch and kept none of its arrays: they may be taken again. */
  reclaim(): void {
    for (const a of this.lent) {
      const type = a.constructor as RecycledConstructor<RecycledArray>;
      let pool = this.free.get(type);
      if (pool === undefined) this.free.set(type, (pool = []));
      pool.push(a);
    }
    this.lent = [];
  }

  /** The consumer may have kept some of the batch's arrays: they are left to it. */
  forget(): void {
    this.lent = [];
  }

  /**
   * The pipeline is done: the arrays given back go to the next recyclers of this thread (up to
   * THREAD_FREE_BYTES_MAX in all). Each task's aggregation made its arrays anew for its first batches
   * (TPC-H Q1's gathered columns and decimal products, some 4 MB a task), a young collection of the
   * thread every 32 MB.
   */
  release(): void {
    for (const [type, pool] of this.free) {
      let shared = threadFree.get(type);
      if (shared === undefined) threadFree.set(type, (shared = []));
      for (const a of pool) {
        if (threadFreeBytes + a.byteLength > THREAD_FREE_BYTES_MAX) break;
        shared.push(a);
        threadFreeBytes += a.byteLength;
      }
    }
    this.free.clear();
  }
}

/** Arrays released by the finished pipelines of this thread, for the next ones (see release). */
const threadFree = new Map<RecycledConstructor<RecycledArray>, RecycledArray[]>();
let threadFreeBytes = 0;
const THREAD_FREE_BYTES_MAX = 32 << 20;

/** The latest array of the pool at least `length` long, taken out of it; undefined when none is. */
function fitting<T extends RecycledArray>(pool: T[] | undefined, length: number): T | undefined {
  if (pool === undefined) return undefined;
  let k = pool.length - 1;
  while (k >= 0 && pool[k]!.length < length) k--;
  if (k < 0) return undefined;
  const whole = pool[k]!;
  pool[k] = pool[pool.length - 1]!;
  pool.pop();
  return whole;
}

/** A new array of `length` elements: from `recycler` when there is one (uninitialized), else zeroed. */
export function takeArray<T extends RecycledArray>(
  recycler: ArrayRecycler | undefined,
  type: RecycledConstructor<T>,
  length: number,
): T {
  return recycler === undefined ? new type(length) : recycler.take(type, length);
}
