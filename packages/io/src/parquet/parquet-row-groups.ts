// Chooses the row groups one split reads: those whose midpoint lies in the split's byte range (Spark's
// rule), minus those whose column statistics prove that no row can pass the pushed filters (Spark's
// ParquetFilters + parquet-mr's StatisticsFilter). Anything unknown keeps the row group.

import {
  type DataType,
  type PartitionedFile,
  type SourceFilter,
  type StructType,
  type Value,
  assertNever,
  dataTypeEquals,
} from '@flint/common';
import type { FileMetaData, SchemaElement } from 'hyparquet';
import type { ParquetFooter } from './parquet-footer.js';
import { primitiveType } from './parquet-footer.js';
import { type ThriftStruct, type ThriftValue, decodeThriftStruct } from './parquet-thrift.js';

/** Spark's rule: a split reads the row groups whose midpoint lies inside its byte range. */
export function rowGroupsOfSplit(meta: FileMetaData, split: PartitionedFile): number[] {
  const out: number[] = [];
  meta.row_groups.forEach((rg, i) => {
    const col = rg.columns[0]?.meta_data;
    const start = Number(col?.dictionary_page_offset ?? col?.data_page_offset ?? rg.file_offset ?? 0n);
    const size = Number(rg.total_compressed_size ?? rg.total_byte_size);
    const mid = start + size / 2;
    if (mid >= split.start && mid < split.start + split.length) out.push(i);
  });
  return out;
}

/** A comparable statistic: numbers (int-like, float, boolean 0/1), bigints (long, decimal, timestamp) or bytes. */
type Stat = number | bigint | Uint8Array;

/** How one leaf column's values compare, and how to read its statistics. */
export interface Leaf {
  readonly index: number;
  readonly path: readonly string[];
  readonly el: SchemaElement;
  /** Spark type of the leaf, or null when it cannot be filtered on (inside a list/map, INT96, unsupported). */
  readonly type: DataType | null;
}

interface ChunkStats {
  readonly min: Stat | undefined;
  readonly max: Stat | undefined;
  readonly nullCount: number | undefined;
  readonly numValues: number;
}

/** The leaf columns of a file schema, in column-chunk order. */
export function leavesOf(meta: FileMetaData): Leaf[] {
  const els = meta.schema;
  const out: Leaf[] = [];
  let i = 1;
  const walk = (path: readonly string[], repeated: boolean): void => {
    const el = els[i++];
    if (el === undefined) return;
    const p = [...path, el.name];
    const rep = repeated || el.repetition_type === 'REPEATED';
    if (el.num_children !== undefined && el.type === undefined) {
      for (let k = 0; k < el.num_children; k++) walk(p, rep);
      return;
    }
    let type: DataType | null = null;
    if (!rep && el.type !== 'INT96') {
      try {
        type = primitiveType(el);
      } catch {
        type = null;
      }
    }
    out.push({ index: out.length, path: p, el, type });
  };
  const root = els[0];
  for (let k = 0; k < (root?.num_children ?? 0); k++) walk([], false);
  return out;
}

function bytesOf(v: ThriftValue | undefined): Uint8Array | undefined {
  return v instanceof Uint8Array ? v : undefined;
}

function bigEndianSigned(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  if (b.length > 0 && (b[0]! & 0x80) !== 0) v -= 1n << BigInt(b.length * 8);
  return v;
}

function isUnsigned(el: SchemaElement): boolean {
  return (
    (el.logical_type?.type === 'INTEGER' && !el.logical_type.isSigned) ||
    (el.converted_type?.startsWith('UINT_') ?? false)
  );
}

/** Decodes one raw min/max value of `leaf` into the comparable domain of its Spark type. */
function decodeStat(leaf: Leaf, b: Uint8Array): Stat | undefined {
  const t = leaf.type;
  const el = leaf.el;
  if (t === null) return undefined;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const unsigned = isUnsigned(el);
  switch (el.type) {
    case 'BOOLEAN':
      return b.length >= 1 ? b[0]! & 1 : undefined;
    case 'INT32': {
      if (b.length !== 4) return undefined;
      const n = unsigned ? dv.getUint32(0, true) : dv.getInt32(0, true);
      return t.kind === 'long' || t.kind === 'decimal' ? BigInt(n) : n;
    }
    case 'INT64': {
      if (b.length !== 8) return undefined;
      const n = unsigned ? dv.getBigUint64(0, true) : dv.getBigInt64(0, true);
      if (t.kind === 'timestamp' || t.kind === 'timestamp_ntz') {
        const lt = el.logical_type;
        const millis =
          el.converted_type === 'TIMESTAMP_MILLIS' || (lt?.type === 'TIMESTAMP' && lt.unit === 'MILLIS');
        return millis ? n * 1000n : n;
      }
      return n;
    }
    case 'FLOAT':
      return b.length === 4 ? dv.getFloat32(0, true) : undefined;
    case 'DOUBLE':
      return b.length === 8 ? dv.getFloat64(0, true) : undefined;
    case 'BYTE_ARRAY':
    case 'FIXED_LEN_BYTE_ARRAY':
      if (t.kind === 'decimal') return b.length === 0 ? undefined : bigEndianSigned(b);
      if (t.kind === 'string' || t.kind === 'binary') return b;
      return undefined;
    default:
      return undefined;
  }
}

/** Whether the legacy (pre-2.4 format) min/max fields may be trusted: only for signed numeric orders. */
function legacyStatsUsable(leaf: Leaf): boolean {
  const p = leaf.el.type;
  if (isUnsigned(leaf.el)) return false;
  return p === 'BOOLEAN' || p === 'INT32' || p === 'INT64' || p === 'FLOAT' || p === 'DOUBLE';
}

function field(s: ThriftValue | undefined, id: number): ThriftValue | undefined {
  if (s === undefined || s instanceof Uint8Array || Array.isArray(s) || typeof s !== 'object')
    return undefined;
  return (s as ThriftStruct)[id];
}

function chunkStats(leaf: Leaf, chunk: ThriftValue | undefined, rgRows: number): ChunkStats {
  const md = field(chunk, 3);
  const numValues = typeof field(md, 5) === 'number' ? (field(md, 5) as number) : rgRows;
  const st = field(md, 12);
  const nc = field(st, 3);
  const nullCount = typeof nc === 'number' ? nc : undefined;
  let minB = bytesOf(field(st, 6));
  let maxB = bytesOf(field(st, 5));
  if ((minB === undefined || maxB === undefined) && legacyStatsUsable(leaf)) {
    minB = bytesOf(field(st, 2));
    maxB = bytesOf(field(st, 1));
  }
  const min = minB === undefined || maxB === undefined ? undefined : decodeStat(leaf, minB);
  const max = minB === undefined || maxB === undefined ? undefined : decodeStat(leaf, maxB);
  return { min, max, nullCount, numValues };
}

function cmpBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function cmp(a: Stat, b: Stat): number {
  if (a instanceof Uint8Array) return b instanceof Uint8Array ? cmpBytes(a, b) : NaN;
  if (b instanceof Uint8Array) return NaN;
  return a < b ? -1 : a > b ? 1 : a === b || a == b ? 0 : NaN;
}

const encoder = new TextEncoder();

/** The filter value in the leaf's comparable domain; undefined when it does not fit (then keep). */
function toStat(type: DataType, v: Value): Stat | undefined {
  switch (type.kind) {
    case 'boolean':
      return typeof v === 'boolean' ? (v ? 1 : 0) : undefined;
    case 'byte':
    case 'short':
    case 'integer':
    case 'date':
    case 'float':
    case 'double':
      if (typeof v === 'number') return v;
      return typeof v === 'bigint' ? Number(v) : undefined;
    case 'long':
    case 'decimal':
    case 'timestamp':
    case 'timestamp_ntz':
      if (typeof v === 'bigint') return v;
      return typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : undefined;
    case 'string':
      return typeof v === 'string' ? encoder.encode(v) : v instanceof Uint8Array ? v : undefined;
    case 'binary':
      return v instanceof Uint8Array ? v : typeof v === 'string' ? encoder.encode(v) : undefined;
    default:
      return undefined;
  }
}

function isNaNStat(s: Stat | undefined): boolean {
  return typeof s === 'number' && Number.isNaN(s);
}

function startsWith(b: Uint8Array, prefix: Uint8Array): boolean {
  if (b.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (b[i] !== prefix[i]) return false;
  return true;
}

/** The statistics of one filter column in one row group, with its type; null when unknown (keep). */
interface ColumnView {
  readonly type: DataType;
  readonly stats: ChunkStats;
}

type Lookup = (column: string) => ColumnView | null;

/** Whether some row of the row group may make `f` TRUE (negated: make `f` FALSE, i.e. NOT f TRUE). */
function mayMatch(f: SourceFilter, look: Lookup, negated: boolean): boolean {
  switch (f.kind) {
    case 'And':
      return negated
        ? mayMatch(f.left, look, true) || mayMatch(f.right, look, true)
        : mayMatch(f.left, look, false) && mayMatch(f.right, look, false);
    case 'Or':
      return negated
        ? mayMatch(f.left, look, true) && mayMatch(f.right, look, true)
        : mayMatch(f.left, look, false) || mayMatch(f.right, look, false);
    case 'Not':
      return mayMatch(f.child, look, !negated);
    case 'StringEndsWith':
    case 'StringContains':
      return true;
    case 'IsNull':
    case 'IsNotNull':
    case 'EqualTo':
    case 'EqualNullSafe':
    case 'GreaterThan':
    case 'GreaterThanOrEqual':
    case 'LessThan':
    case 'LessThanOrEqual':
    case 'In':
    case 'StringStartsWith': {
      const col = look(f.column);
      if (col === null) return true;
      return leafMayMatch(f, col, negated);
    }
    default:
      return assertNever(f, 'source filter');
  }
}

type LeafFilter = Exclude<SourceFilter, { kind: 'And' | 'Or' | 'Not' | 'StringEndsWith' | 'StringContains' }>;

function leafMayMatch(f: LeafFilter, col: ColumnView, negated: boolean): boolean {
  const { stats, type } = col;
  const allNull = stats.nullCount !== undefined && stats.nullCount >= stats.numValues;
  const noNulls = stats.nullCount === 0;
  const { min, max } = stats;
  const known = min !== undefined && max !== undefined && !isNaNStat(min) && !isNaNStat(max);
  // Exact single value: all non-null values equal min (only trusted for numbers; byte bounds may be truncated).
  const single = known && !(min instanceof Uint8Array) && cmp(min, max) === 0;
  switch (f.kind) {
    case 'IsNull':
      return negated ? !allNull : !noNulls;
    case 'IsNotNull':
      return negated ? !noNulls : !allNull;
    case 'EqualNullSafe':
      if (f.value === null) return negated ? !allNull : !noNulls;
      if (negated) {
        if (!noNulls) return true;
        return mayDiffer(f.value);
      }
      return mayEqual(f.value);
    case 'EqualTo':
      if (f.value === null) return false;
      return negated ? mayDiffer(f.value) : mayEqual(f.value);
    case 'In': {
      const vals = f.values.filter((v) => v !== null);
      if (negated) {
        // NOT IN is never TRUE for a NULL value, nor when the list holds a NULL.
        if (allNull || vals.length < f.values.length) return false;
        if (!single) return true;
        return !vals.some((v) => {
          const s = toStat(type, v);
          return s !== undefined && cmp(s, min) === 0;
        });
      }
      return vals.some((v) => mayEqual(v));
    }
    case 'GreaterThan':
      return negated ? range(f.value, 'le') : range(f.value, 'gt');
    case 'GreaterThanOrEqual':
      return negated ? range(f.value, 'lt') : range(f.value, 'ge');
    case 'LessThan':
      return negated ? range(f.value, 'ge') : range(f.value, 'lt');
    case 'LessThanOrEqual':
      return negated ? range(f.value, 'gt') : range(f.value, 'le');
    case 'StringStartsWith': {
      if (allNull) return false;
      const p = toStat(type, f.value);
      if (!(p instanceof Uint8Array) || !(min instanceof Uint8Array) || !(max instanceof Uint8Array))
        return true;
      if (negated) return !(startsWith(min, p) && startsWith(max, p));
      // Values with prefix p lie in [p, p\xff...]: none when max < p or min's first |p| bytes > p.
      if (cmpBytes(max, p) < 0) return false;
      return cmpBytes(min.subarray(0, p.length), p) <= 0;
    }
    default:
      return assertNever(f, 'leaf source filter');
  }

  function mayEqual(v: Value): boolean {
    if (allNull) return false;
    const s = toStat(type, v);
    if (s === undefined || isNaNStat(s) || !known) return true;
    return !(cmp(s, min) < 0 || cmp(s, max) > 0);
  }

  function mayDiffer(v: Value): boolean {
    if (allNull) return false;
    const s = toStat(type, v);
    if (s === undefined || isNaNStat(s) || !single) return true;
    return cmp(s, min) !== 0;
  }

  function range(v: Value, op: 'lt' | 'le' | 'gt' | 'ge'): boolean {
    if (v === null) return false;
    if (allNull) return false;
    const s = toStat(type, v);
    if (s === undefined || isNaNStat(s) || !known) return true;
    switch (op) {
      case 'lt':
        return cmp(min, s) < 0;
      case 'le':
        return cmp(min, s) <= 0;
      case 'gt':
        return cmp(max, s) > 0;
      case 'ge':
        return cmp(max, s) >= 0;
    }
  }
}

function findDataField(schema: StructType, path: readonly string[]): DataType | undefined {
  let t: DataType = schema;
  for (const name of path) {
    if (t.kind !== 'struct') return undefined;
    const fields: StructType['fields'] = t.fields;
    const f =
      fields.find((x) => x.name === name) ?? fields.find((x) => x.name.toLowerCase() === name.toLowerCase());
    if (f === undefined) return undefined;
    t = f.dataType;
  }
  return t;
}

/** Splits a filter column name into its struct path: `a.b`, with backquotes around names holding dots. */
function columnPath(name: string): string[] {
  if (!name.includes('`')) return name.split('.');
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    if (c === '`') {
      if (quoted && name[i + 1] === '`') {
        cur += '`';
        i++;
      } else quoted = !quoted;
    } else if (c === '.' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/**
 * The row groups of `split` that may hold rows passing all `filters`: the midpoint rule, then statistics.
 * `dataSchema` gives the filter columns' types; a filter on a column whose type differs in the file keeps.
 */
export function selectRowGroups(
  footer: ParquetFooter,
  split: PartitionedFile,
  filters: readonly SourceFilter[] | undefined,
  dataSchema: StructType,
): number[] {
  const meta = footer.meta;
  const candidates = rowGroupsOfSplit(meta, split);
  if (filters === undefined || filters.length === 0 || candidates.length === 0) return candidates;
  let raw: ThriftStruct;
  try {
    raw = decodeThriftStruct(footer.raw);
  } catch {
    return candidates;
  }
  const rawGroups = field(raw, 4);
  if (!Array.isArray(rawGroups)) return candidates;
  const leaves = leavesOf(meta);
  const lc = (p: readonly string[]): string => p.join('\u0000').toLowerCase();
  const exact = new Map(leaves.map((l) => [l.path.join('\u0000'), l]));
  const folded = new Map(leaves.map((l) => [lc(l.path), l]));
  // Top-level names present in the file (a column missing from the file reads as all NULL).
  const topNames = new Set(meta.schema.slice(1).map((e) => e.name.toLowerCase()));
  return candidates.filter((rg) => {
    const rgRows = Number(meta.row_groups[rg]?.num_rows ?? 0n);
    const chunks = field(rawGroups[rg], 1);
    const look: Lookup = (column) => {
      const path = columnPath(column);
      const type = findDataField(dataSchema, path);
      if (type === undefined) return null;
      const leaf = exact.get(path.join('\u0000')) ?? folded.get(lc(path));
      if (leaf === undefined) {
        if (path.length === 1 && !topNames.has(path[0]!.toLowerCase())) {
          // Not in this file at all: every value is NULL.
          return { type, stats: { min: undefined, max: undefined, nullCount: rgRows, numValues: rgRows } };
        }
        return null;
      }
      if (leaf.type === null || !dataTypeEquals(leaf.type, type, true)) return null;
      const chunk = Array.isArray(chunks) ? chunks[leaf.index] : undefined;
      return { type, stats: chunkStats(leaf, chunk, rgRows) };
    };
    return filters.every((f) => mayMatch(f, look, false));
  });
}
