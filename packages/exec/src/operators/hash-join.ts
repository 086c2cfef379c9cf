// HashJoin (BroadcastHashJoin / ShuffledHashJoin): equi-join on keys; NULL keys never match unless
// the key is null-safe (<=>); the extra condition filters candidate pairs. The build side's keys go
// into a KeyTable, or, one dense int or long key, are looked up by value; rows of one key are chained
// (head/next) in build order. A semi or anti join with no condition, a runtime filter and a null-aware
// anti join (NOT IN) only test each streamed row's key against the build keys (hash/key-filter.ts).

import { InternalError, type Batch, type DataType, type Vector } from '@flint/common';
import { dataTypeOf, type AttributeRef, type PhysicalPlan } from '@flint/planner';
import { compileExpression, type Evaluator } from '../eval/compile.js';
import { RowScratch } from '../eval/row-scratch.js';
import { concatBatches, gather, gatherBatch, int32View } from '../eval/vectors.js';
import { createKeyTable, type KeyTable } from '../hash/key-table.js';
import { keyFilterOf, nullKeyRows, type KeySelect } from '../hash/key-filter.js';
import { sameKeyStorage, storeKindOf } from '../hash/key-store.js';
import {
  countBits,
  denseSetOf,
  denseRowChains,
  lookUpDense,
  lookUpDensePairs,
  rowsInDenseSet,
  type DenseKeyMap,
} from '../hash/dense-keys.js';
import { runJoin, type Pairs } from './join-core.js';
import { encodeOne } from './row-key.js';
import type { FilterNarrowing } from './filter-exec.js';
import { collectBatches, type TaskContext } from './task-context.js';

type Node = Extract<PhysicalPlan, { kind: 'HashJoin' }>;

/** The key as its exact string encoding (for key pairs whose two sides are stored differently). */
function encodedKey(v: Vector, n: number): Vector {
  const values = new Array<string>(n);
  for (let i = 0; i < n; i++) values[i] = encodeOne(v, i);
  const nulls = v.type.kind === 'null' ? new Uint8Array(n).fill(1) : v.nulls;
  return { type: { kind: 'string' }, length: n, values, nulls };
}

/** The build side's rows, key table and per-key row chains. */
interface BuiltSide {
  readonly batches: readonly Batch[];
  readonly build: Batch;
  /** Null when the rows are chained by a dense key's values (denseRows). */
  readonly table: KeyTable | null;
  readonly head: Int32Array;
  readonly next: Int32Array;
  /** Every key has at most one build row (a join to a primary key): pairs come from one pass. */
  readonly unique: boolean;
  /** First build rows by key value, for one dense int or long key (see dense-keys.ts). */
  readonly denseRows: DenseKeyMap | null;
  /** The key column denseRows are by: 0, or among several int and long keys one unique on its own. */
  readonly denseColumn: number;
  /** With several keys looked up by one (denseColumn): the build rows' key columns, to compare the rest. */
  readonly buildKeys: readonly Vector[] | null;
}

// Broadcast build sides already built, by join node (tasks of one stage share the plan object).
const builtBroadcasts = new WeakMap<Node, BuiltSide>();
const builtKeyFilters = new WeakMap<Node, BuiltKeyFilter>();

/** The build keys of a semi or anti join with no condition (or of a runtime filter) as a test of keys. */
interface BuiltKeyFilter {
  readonly batches: readonly Batch[];
  readonly select: KeySelect;
  readonly buildRows: number;
  /** Whether a build key is NULL. */
  readonly nullKey: boolean;
}

/**
 * Whether the join keeps streamed (left) rows by their key alone, each at most once: a runtime filter,
 * or a semi join with no condition on keys that are not null-safe. (NOT IN and anti joins are tested by
 * keys too, but keep the rows whose key is absent.)
 */
export function keepsStreamRowsByKey(node: Node): boolean {
  if (node.nullAwareAnti === true || node.joinType === 'LeftAnti') return false;
  return (
    node.runtimeFilter === true ||
    (node.joinType === 'LeftSemi' &&
      node.buildSide === 'BuildRight' &&
      node.condition === null &&
      node.nullSafe.every((x) => !x))
  );
}

/**
 * An inner join's build keys narrow its streamed filter (FilterNarrowing) when they are at most one in
 * this many of their span's values.
 */
const SPARSE_KEYS_NARROW = 2;

/**
 * The rows of `sel` (null: all of b's) whose key, read at `positions` of b, `select` keeps, ascending,
 * in `scratch` (see RowScratch); null when that is all of b's rows.
 */
function rowsWithKeys(
  b: Batch,
  sel: Int32Array | null,
  positions: readonly number[],
  nullSafe: readonly boolean[],
  select: KeySelect,
  scratch: RowScratch,
): Int32Array | null {
  const count = sel === null ? b.numRows : sel.length;
  if (sel !== null && select.at !== undefined && positions.length === 1 && nullSafe[0] !== true) {
    const rows = scratch.next(count, sel);
    return rows.subarray(0, select.at(b.columns[positions[0]!]!, sel, count, rows));
  }
  const keys = positions.map((p) => (sel === null ? b.columns[p]! : gather(b.columns[p]!, sel, count)));
  const found = scratch.next(count, sel);
  const k = select(keys, count, nullKeyRows(keys, nullSafe, count), found);
  if (sel === null) return k === count ? null : found.subarray(0, k);
  const rows = scratch.next(k, found);
  for (let i = 0; i < k; i++) rows[i] = sel[found[i]!]!;
  return rows.subarray(0, k);
}

/** The rows of 0..n-1 not among the first `count` of ascending `rows`, nor where `drop` is 1. */
function complementOf(rows: Int32Array, count: number, n: number, drop: Uint8Array | null): Int32Array {
  const out = new Int32Array(n - count);
  let k = 0;
  let at = 0;
  for (let i = 0; i < n; i++) {
    if (at < count && rows[at] === i) at++;
    else if (drop === null || drop[i] === 0) out[k++] = i;
  }
  return k === out.length ? out : out.subarray(0, k);
}

/** What was built earlier for this node when it was built from these very batches. */
function reuseBuilt<T extends { readonly batches: readonly Batch[] }>(
  built: WeakMap<Node, T>,
  node: Node,
  batches: readonly Batch[],
): T | null {
  const b = built.get(node);
  if (b === undefined || b.batches.length !== batches.length) return null;
  for (let i = 0; i < batches.length; i++) if (b.batches[i] !== batches[i]) return null;
  return b;
}

// The probe's steps, each a function of its own: every join shape then runs code optimized for it,
// where one closure shared by all shapes was deoptimized each time another shape reached a branch
// it had not seen (TPC-H Q3, run after run).

/** Key ids to the keys' first build rows, in place (-1 stays -1). */
function firstRowsOfIds(ids: Int32Array, head: Int32Array, n: number): Int32Array {
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    ids[i] = id < 0 ? -1 : head[id]!;
  }
  return ids;
}

function dropSkipped(first: Int32Array, skip: Uint8Array, n: number): void {
  for (let i = 0; i < n; i++) if (skip[i] === 1) first[i] = -1;
}

/** Each stream row with its key's first build row, if any. */
function firstPairs(first: Int32Array, n: number): Pairs {
  const si = new Int32Array(n);
  const bi = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const j = first[i]!;
    if (j < 0) continue;
    si[k] = i;
    bi[k++] = j;
  }
  return { stream: si, build: bi, count: k };
}

/**
 * Of pairs 0..count-1 (stream row stream[t], build row build[t]), those whose int or long keys are all
 * equal, moved to the front; how many. Key column `lookedUp` (the pairs were found by it) is equal
 * already and not compared.
 */
function pairsWithEqualKeys(
  streamKeys: readonly Vector[],
  buildKeys: readonly Vector[],
  lookedUp: number,
  stream: Int32Array,
  build: Int32Array,
  count: number,
): number {
  let kept = count;
  for (let c = 0; c < streamKeys.length; c++) {
    if (c === lookedUp) continue;
    const a = streamKeys[c]!.values;
    const b = buildKeys[c]!.values;
    const words = a instanceof BigInt64Array;
    if (words !== b instanceof BigInt64Array) throw new InternalError('HashJoin: key storages differ');
    kept = words
      ? pairsWithEqualWords(int32View(a), int32View(b as BigInt64Array), stream, build, kept)
      : pairsWithEqualInts(a as Int32Array, b as Int32Array, stream, build, kept);
  }
  return kept;
}

function pairsWithEqualWords(
  a: Int32Array,
  b: Int32Array,
  stream: Int32Array,
  build: Int32Array,
  count: number,
): number {
  let k = 0;
  for (let t = 0; t < count; t++) {
    const i = stream[t]!;
    const j = build[t]!;
    if (a[2 * i] !== b[2 * j] || a[2 * i + 1] !== b[2 * j + 1]) continue;
    stream[k] = i;
    build[k++] = j;
  }
  return k;
}

function pairsWithEqualInts(
  a: Int32Array,
  b: Int32Array,
  stream: Int32Array,
  build: Int32Array,
  count: number,
): number {
  let k = 0;
  for (let t = 0; t < count; t++) {
    const i = stream[t]!;
    const j = build[t]!;
    if (a[i] !== b[j]) continue;
    stream[k] = i;
    build[k++] = j;
  }
  return k;
}

/** Each stream row with every build row of its key: pass 1 counts the pairs, pass 2 writes them. */
function allPairs(first: Int32Array, next: Int32Array, n: number): Pairs {
  let count = 0;
  for (let i = 0; i < n; i++) for (let j = first[i]!; j >= 0; j = next[j]!) count++;
  const si = new Int32Array(count);
  const bi = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = first[i]!; j >= 0; j = next[j]!) {
      si[k] = i;
      bi[k++] = j;
    }
  }
  return { stream: si, build: bi, count };
}

/**
 * Chains build rows 0..nb-1 by key id, less those `skip` marks: head[id] is the key's first row and
 * next[i] the row after row i (-1 ends). Whether no two rows share a key. (Out of the join's
 * generator: V8 runs a row loop in a generator's body unoptimised.)
 */
function chainRows(
  ids: Int32Array,
  nb: number,
  skip: Uint8Array | null,
  head: Int32Array,
  next: Int32Array,
): boolean {
  let unique = true;
  for (let i = nb - 1; i >= 0; i--) {
    if (skip !== null && skip[i] === 1) continue;
    const id = ids[i]!;
    if (head[id]! >= 0) unique = false;
    next[i] = head[id]!;
    head[id] = i;
  }
  return unique;
}

export async function* hashJoin(
  node: Node,
  leftOutput: readonly AttributeRef[],
  rightOutput: readonly AttributeRef[],
  left: AsyncIterable<Batch>,
  right: AsyncIterable<Batch>,
  tc: TaskContext,
  narrowing?: FilterNarrowing,
): AsyncIterable<Batch> {
  const ctx = tc.eval;
  const buildIsLeft = node.buildSide === 'BuildLeft';
  const buildOut = buildIsLeft ? leftOutput : rightOutput;
  const streamOut = buildIsLeft ? rightOutput : leftOutput;
  const buildKeyExprs = buildIsLeft ? node.leftKeys : node.rightKeys;
  const streamKeyExprs = buildIsLeft ? node.rightKeys : node.leftKeys;
  const buildKeys = buildKeyExprs.map((k) => compileExpression(k, buildOut, ctx));
  const streamKeys = streamKeyExprs.map((k) => compileExpression(k, streamOut, ctx));
  // Key columns whose sides differ in storage are compared by their string encodings.
  const encode = buildKeyExprs.map((k, c) => !sameKeyStorage(dataTypeOf(k), dataTypeOf(streamKeyExprs[c]!)));
  const keyTypes: DataType[] = buildKeyExprs.map((k, c) =>
    encode[c] === true ? { kind: 'string' } : dataTypeOf(k),
  );
  /** The key columns of a batch and the rows whose NULL keys match nothing. */
  const keysOf = (fs: readonly Evaluator[], b: Batch): { keys: Vector[]; skip: Uint8Array | null } => {
    const raw = fs.map((f) => f(b));
    const skip = nullKeyRows(raw, node.nullSafe, b.numRows);
    const keys = raw.map((v, c) => (encode[c] === true ? encodedKey(v, b.numRows) : v));
    return { keys, skip };
  };

  const buildBatches = await collectBatches(buildIsLeft ? left : right, tc);
  const broadcast = (buildIsLeft ? node.left : node.right).kind === 'BroadcastExchange';
  // A semi or anti join of the streamed left side with no condition asks only whether each row's key
  // is among the build keys: a test of keys answers it with no pairs and no row chains (a bit a value
  // for dense keys). A runtime filter may let a few other rows through (a Bloom filter of many keys).
  const existence = node.joinType === 'LeftSemi' || node.joinType === 'LeftAnti';
  if (
    node.runtimeFilter === true ||
    node.nullAwareAnti === true ||
    (existence && !buildIsLeft && node.condition === null && node.nullSafe.every((x) => !x))
  ) {
    let filter = broadcast ? reuseBuilt(builtKeyFilters, node, buildBatches) : null;
    if (filter === null) {
      const build = concatBatches(
        buildOut.map((a) => a.dataType),
        buildBatches,
      );
      const { keys, skip } = keysOf(buildKeys, build);
      const exact = node.runtimeFilter !== true;
      filter = {
        batches: buildBatches,
        select: keyFilterOf(keys, skip, build.numRows, keyTypes, exact),
        buildRows: build.numRows,
        nullKey: skip?.includes(1) === true,
      };
      if (broadcast) builtKeyFilters.set(node, filter);
    }
    const { select } = filter;
    // The streamed filter tests the keys itself (FilterNarrowing): every row it passes on is kept.
    const narrowed = narrowing !== undefined && keepsStreamRowsByKey(node) && !encode.includes(true);
    if (narrowed) {
      const { keyPositions } = narrowing;
      const scratch = new RowScratch();
      narrowing.narrow = (b, sel) => rowsWithKeys(b, sel, keyPositions, node.nullSafe, select, scratch);
      for await (const s of buildIsLeft ? right : left) yield s;
      return;
    }
    const anti = node.joinType === 'LeftAnti';
    // NOT IN: a NULL among the values makes every row's answer NULL or false; no values, true.
    const nullAware = node.nullAwareAnti === true;
    if (nullAware && filter.nullKey) return;
    for await (const s of buildIsLeft ? right : left) {
      const n = s.numRows;
      if (nullAware && filter.buildRows === 0) {
        yield s;
        continue;
      }
      const { keys, skip } = keysOf(streamKeys, s);
      const found = new Int32Array(n);
      const count = select(keys, n, skip, found);
      // A NULL key is kept by an anti join (it equals nothing), dropped by NOT IN (NULL NOT IN (...)).
      const rows = anti ? complementOf(found, count, n, nullAware ? skip : null) : found;
      const kept = anti ? rows.length : count;
      if (kept === n) yield s;
      else if (kept > 0) yield gatherBatch(s, rows, kept);
    }
    return;
  }
  let built = broadcast ? reuseBuilt(builtBroadcasts, node, buildBatches) : null;
  if (built === null) {
    const build = concatBatches(
      buildOut.map((a) => a.dataType),
      buildBatches,
    );
    const nb = build.numRows;
    // head[id]: first build row of key id; next[row]: the following row of the same key (-1 ends).
    let head = new Int32Array(0);
    const next = new Int32Array(nb);
    let unique = true;
    let table: KeyTable | null = null;
    let denseRows: DenseKeyMap | null = null;
    let denseColumn = 0;
    let buildKeyColumns: readonly Vector[] | null = null;
    if (nb > 0) {
      const { keys, skip } = keysOf(buildKeys, build);
      // One int or long key whose NULLs match nothing may be looked up by value, straight to its
      // first build row.
      const kind = keys.length === 1 && node.nullSafe[0] !== true ? storeKindOf(keyTypes[0]!) : null;
      let dense = kind === 'int' || kind === 'long' ? denseRowChains(keys[0]!, nb, skip, next) : null;
      // Several int and long keys, one of them unique on its own among the build rows (a primary key
      // beside another equality: TPC-H Q5's suppliers by supplier and nation key): looked up by that
      // one, the others compared for the row it finds (a composite key table's probe was 110 ns a row).
      if (dense === null && keys.length > 1 && !node.nullSafe.includes(true) && !encode.includes(true)) {
        const kinds = keyTypes.map(storeKindOf);
        if (kinds.every((k) => k === 'int' || k === 'long')) {
          for (let c = 0; c < keys.length && dense === null; c++) {
            const d = denseRowChains(keys[c]!, nb, skip, next);
            if (d !== null && d.unique) {
              dense = d;
              denseColumn = c;
              buildKeyColumns = keys;
            }
          }
        }
      }
      if (dense !== null) {
        denseRows = dense.first;
        unique = dense.unique;
      } else {
        // Sized for as many keys as build rows (a build side mostly has one row per key).
        table = createKeyTable(keyTypes, nb);
        const ids = table.insert(keys, nb);
        head = new Int32Array(table.size).fill(-1);
        unique = chainRows(ids, nb, skip, head, next);
      }
    }
    built = {
      batches: buildBatches,
      build,
      table,
      head,
      next,
      unique,
      denseRows,
      denseColumn,
      buildKeys: buildKeyColumns,
    };
    // Every task of the stream side sees the same broadcast rows: build their table once.
    if (broadcast) builtBroadcasts.set(node, built);
  }
  const { build, table, head, next, unique, denseRows, denseColumn, buildKeys: builtKeys } = built;
  const nb = build.numRows;
  // An inner join's sparse dense keys (TPC-H Q7's suppliers of two nations, Q8's parts of one type)
  // join a few of the streamed rows: the filter under it drops the others before it gathers them.
  if (narrowing !== undefined && node.joinType === 'Inner' && encode[0] === false && denseRows !== null) {
    const { min, values, present } = denseRows;
    const keys = countBits(present);
    if (keys * SPARSE_KEYS_NARROW <= values.length) {
      const set = denseSetOf(min, values.length, present, keys);
      const position = narrowing.keyPositions[denseColumn];
      const scratch = new RowScratch();
      narrowing.narrow = (b, sel) => rowsInDenseSet(set, b.columns[position!]!, b.numRows, sel, scratch);
    }
  }
  // At most one pair per streamed row: each key has one build row, or a semi/anti join over the
  // streamed left side needs only whether a match exists.
  const oneMatch =
    unique ||
    (!buildIsLeft &&
      node.condition === null &&
      (node.joinType === 'LeftSemi' || node.joinType === 'LeftAnti'));

  // The pairs of a dense lookup, written over for each batch: runJoin reads them before it asks again.
  let pairsOut = { stream: new Int32Array(0), build: new Int32Array(0) };
  const candidates = (s: Batch): Pairs => {
    const n = s.numRows;
    if (nb === 0) return { stream: new Int32Array(0), build: new Int32Array(0), count: 0 };
    const { keys, skip } = keysOf(streamKeys, s);
    if (denseRows !== null && oneMatch) {
      if (pairsOut.stream.length < n) pairsOut = { stream: new Int32Array(n), build: new Int32Array(n) };
      const { stream, build: rows } = pairsOut;
      const count = lookUpDensePairs(denseRows, keys[denseColumn]!, n, skip, stream, rows);
      const kept =
        builtKeys === null ? count : pairsWithEqualKeys(keys, builtKeys, denseColumn, stream, rows, count);
      return { ...pairsOut, count: kept };
    }
    // first[i]: the first build row of stream row i's key, -1 for none (or a NULL key).
    const first =
      denseRows !== null
        ? lookUpDense(denseRows, keys[0]!, n, new Int32Array(n))
        : firstRowsOfIds(table!.find(keys, n), head, n);
    if (skip !== null) dropSkipped(first, skip, n);
    return oneMatch ? firstPairs(first, n) : allPairs(first, next, n);
  };
  yield* runJoin(
    {
      joinType: node.joinType,
      buildSide: node.buildSide,
      condition: node.condition,
      leftOutput,
      rightOutput,
    },
    build,
    buildIsLeft ? right : left,
    candidates,
    ctx,
  );
}
