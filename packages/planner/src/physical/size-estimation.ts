// Plan size in bytes for join selection, as Spark's SizeInBytesOnlyStatsPlanVisitor (no CBO): leaves
// give their real or file size, unary nodes scale their child's size by the row width ratio.

import {
  assertNever,
  isDictionaryStrings,
  isPackedStrings,
  type DataType,
  type StoredColumn,
} from '@flint/common';
import type { AttributeRef } from '../expr.js';
import { memoryColumnIndexes, type LogicalPlan } from '../logical-plan.js';
import { outputOf } from '../plan-output.js';

/** Spark's DataType.defaultSize: the width assumed for a value of the type without statistics. */
export function defaultSize(t: DataType): number {
  switch (t.kind) {
    case 'null':
    case 'boolean':
    case 'byte':
      return 1;
    case 'short':
      return 2;
    case 'integer':
    case 'float':
    case 'date':
    case 'year_month_interval':
      return 4;
    case 'long':
    case 'double':
    case 'timestamp':
    case 'timestamp_ntz':
    case 'time':
    case 'day_time_interval':
      return 8;
    case 'decimal':
      return t.precision <= 18 ? 8 : 16;
    case 'string':
      return 20;
    case 'binary':
      return 100;
    case 'calendar_interval':
      return 16;
    case 'array':
      return defaultSize(t.elementType);
    case 'map':
      return defaultSize(t.keyType) + defaultSize(t.valueType);
    case 'struct':
      return t.fields.reduce((s, f) => s + defaultSize(f.dataType), 0);
    default:
      return assertNever(t, 'data type');
  }
}

/** Spark's EstimationUtils.getSizePerRow without column statistics: a row overhead of 8 plus widths. */
export function sizePerRow(attrs: readonly { readonly dataType: DataType }[]): number {
  let s = 8;
  for (const a of attrs) s += defaultSize(a.dataType);
  return s;
}

// Bytes of a stored column, computed once per vector (a cached table is planned again and again).
const vectorBytes = new WeakMap<StoredColumn, number>();

/** The sum of lengths[codes[i]] over rows 0..n-1. (A function of its own: docs/architecture.md on row loops.) */
function codedBytes(codes: Int32Array, lengths: readonly number[], n: number): number {
  let bytes = 0;
  for (let i = 0; i < n; i++) bytes += lengths[codes[i]!]!;
  return bytes;
}

/** The bytes a column holds: a typed array's byteLength; strings their length plus a small overhead. */
export function columnBytes(v: StoredColumn): number {
  const known = vectorBytes.get(v);
  if (known !== undefined) return known;
  if (isPackedStrings(v)) {
    const packed = v.chars.length + 12 * v.length;
    vectorBytes.set(v, packed);
    return packed;
  }
  if (isDictionaryStrings(v)) {
    // As the rows' strings would count: each row's value length plus 12.
    const lengths = v.dictionary.map((x) => x.length + 12);
    const bytes = (v.nulls?.byteLength ?? 0) + codedBytes(v.codes, lengths, v.length);
    vectorBytes.set(v, bytes);
    return bytes;
  }
  const values = v.values as unknown;
  let bytes: number;
  if (ArrayBuffer.isView(values)) {
    bytes = values.byteLength;
  } else {
    const arr = values as readonly unknown[];
    const n = Math.min(v.length, arr.length);
    bytes = 0;
    if (v.type.kind === 'string') {
      // UTF-16 length as an estimate of the UTF-8 bytes, plus the offset and length words Spark keeps.
      for (let i = 0; i < n; i++) {
        const s = arr[i];
        bytes += (typeof s === 'string' ? s.length : 0) + 12;
      }
    } else if (v.type.kind === 'binary') {
      for (let i = 0; i < n; i++) {
        const b = arr[i];
        bytes += (b instanceof Uint8Array ? b.byteLength : 0) + 12;
      }
    } else {
      bytes = n * defaultSize(v.type);
    }
  }
  if (v.nulls !== null) bytes += v.nulls.byteLength;
  vectorBytes.set(v, bytes);
  return bytes;
}

/** Scales a child's size to a node's output row width (Spark's visitUnaryNode); never 0. */
function scaled(childSize: number, childOut: readonly AttributeRef[], out: readonly AttributeRef[]): number {
  const size = Math.floor((childSize * sizePerRow(out)) / sizePerRow(childOut));
  return size === 0 ? 1 : size;
}

function unary(plan: LogicalPlan & { readonly child: LogicalPlan }): number {
  return scaled(estimateSize(plan.child), outputOf(plan.child), outputOf(plan));
}

/** Product of the positive child sizes (Spark's default for nodes without a rule). */
function product(children: readonly LogicalPlan[]): number {
  let s = 1;
  for (const c of children) {
    const x = estimateSize(c);
    if (x > 0) s *= x;
  }
  return s;
}

// Sizes by plan node: join selection asks for every join's sides, each of which sums its subtree.
const sizes = new WeakMap<LogicalPlan, number>();

/** The estimated size of a plan's output in bytes (Spark's `stats.sizeInBytes` without CBO). */
export function estimateSize(plan: LogicalPlan): number {
  let size = sizes.get(plan);
  if (size === undefined) {
    size = computeSize(plan);
    sizes.set(plan, size);
  }
  return size;
}

function computeSize(plan: LogicalPlan): number {
  switch (plan.kind) {
    case 'LocalRelation':
      return sizePerRow(plan.output) * plan.rows.length;
    case 'OneRowRelation':
      return 1;
    case 'Range': {
      const n = plan.step > 0n ? (plan.end - plan.start) / plan.step : (plan.start - plan.end) / -plan.step;
      // A partial last step counts (Range's numElements rounds up).
      const rem = plan.step > 0n ? (plan.end - plan.start) % plan.step : (plan.start - plan.end) % -plan.step;
      const count = n < 0n ? 0n : n + (rem > 0n ? 1n : 0n);
      return Number(count) * 8;
    }
    case 'LogicalRelation': {
      const src = plan.source;
      if (src.kind === 'Memory') {
        // The bytes of the columns read; an empty column list still counts its rows.
        const idx = memoryColumnIndexes(src, plan.output);
        let bytes = 0;
        let rows = 0;
        for (const b of src.partitions.flat()) {
          rows += b.numRows;
          for (const i of idx) {
            const col = i >= 0 ? b.columns[i] : undefined;
            if (col !== undefined) bytes += columnBytes(col);
          }
        }
        return Math.max(bytes, rows > 0 ? 1 : 0);
      }
      // The files' size, scaled to the columns read: the Project Spark keeps above the relation does so.
      const bytes = src.partitions.reduce((s, d) => s + d.files.reduce((t, f) => t + f.size, 0), 0);
      const all = [...src.schema.fields];
      return Math.max(1, Math.floor((bytes * sizePerRow(plan.output)) / sizePerRow(all)));
    }
    case 'Project':
    case 'Filter':
    case 'Window':
      return unary(plan);
    case 'Aggregate':
      // A global aggregate is one row; otherwise the child's size at the output's row width.
      return plan.groupingExprs.length === 0 ? sizePerRow(outputOf(plan)) : unary(plan);
    case 'Expand':
      return unary(plan) * plan.projections.length;
    case 'Limit': {
      if (plan.limit === null) return estimateSize(plan.child);
      if (plan.limit === 0) return 1;
      return Math.max(1, sizePerRow(outputOf(plan)) * plan.limit);
    }
    case 'Union':
      return plan.children.reduce((s, c) => s + estimateSize(c), 0);
    case 'Intersect': {
      const l = estimateSize(plan.left);
      const r = estimateSize(plan.right);
      return l < r ? l : r;
    }
    case 'Except':
      return estimateSize(plan.left);
    case 'Join':
      if (plan.dimensionJoin === true) return estimateSize(plan.left) + estimateSize(plan.right);
      return plan.joinType === 'LeftSemi' || plan.joinType === 'LeftAnti'
        ? estimateSize(plan.left)
        : product([plan.left, plan.right]);
    case 'Sort':
    case 'SubqueryAlias':
    case 'Distinct':
    case 'Deduplicate':
    case 'Repartition':
    case 'InMemoryRelation':
    case 'WithCTE':
    case 'Generate':
      return product([plan.child]);
    case 'UnionLoop':
      return product([plan.anchor, plan.recursion]);
    case 'UnionLoopRef':
    case 'UnresolvedRelation':
    case 'UnresolvedInlineTable':
    case 'UnresolvedTableFunction':
    case 'UnresolvedColumnAliases':
    case 'UnresolvedGroupingSets':
    case 'UnresolvedHaving':
    case 'UnresolvedPivot':
    case 'UnresolvedUnpivot':
    case 'UnresolvedUsingJoin':
      // Spark's default for a leaf without statistics: spark.sql.defaultSizeInBytes (Long.MaxValue).
      return Number.MAX_SAFE_INTEGER;
    default:
      return assertNever(plan, 'logical plan');
  }
}
