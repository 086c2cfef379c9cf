// Cuts one row group out of a Parquet file as a small, self-contained Parquet file in memory (its column
// chunks plus a rewritten footer), so that parquet-wasm's synchronous reader can decode it: that reader
// reports corrupt data as a catchable error, where its async Blob reader can panic inside a callback and
// leave the read hanging forever.

import type { FileHandle } from 'node:fs/promises';
import type { ParquetFooter } from './parquet-footer.js';
import {
  type ThriftStruct,
  type ThriftValue,
  decodeThriftStruct,
  encodeThriftStruct,
  listLike,
  withFields,
} from './parquet-thrift.js';

const decoded = new WeakMap<ParquetFooter, ThriftStruct>();

/** The footer's Thrift structure (decoded once per footer). */
export function rawFooter(footer: ParquetFooter): ThriftStruct {
  let s = decoded.get(footer);
  if (s === undefined) {
    s = decodeThriftStruct(footer.raw);
    decoded.set(footer, s);
  }
  return s;
}

function num(v: ThriftValue | undefined): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

function struct(v: ThriftValue | undefined): ThriftStruct {
  if (v === undefined || typeof v !== 'object' || Array.isArray(v) || v instanceof Uint8Array)
    throw new Error('Corrupted Parquet footer: a row group or column chunk is missing');
  return v as ThriftStruct;
}

/** Byte range [start, end) of a column chunk's pages, from its ColumnMetaData. */
export function chunkRange(md: ThriftStruct): { start: number; end: number } {
  const data = num(md[9]);
  const size = num(md[7]);
  if (data === undefined || size === undefined || data < 0 || size < 0)
    throw new Error('Corrupted Parquet footer: a column chunk has no data page offset or size');
  const dict = num(md[11]);
  // Some writers store dictionary_page_offset = 0 when there is no dictionary.
  const start = dict !== undefined && dict > 0 && dict < data ? dict : data;
  return { start, end: start + size };
}

const MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]);
const decoder = new TextDecoder();

/**
 * Which top-level fields of the file schema to keep: the pruned schema element list and, per leaf
 * column (in file order), whether it is kept.
 */
function pruneSchema(
  els: readonly ThriftValue[],
  keep: ReadonlySet<string>,
): { schema: ThriftValue[]; leafKept: boolean[] } {
  const root = struct(els[0]);
  const out: ThriftValue[] = [];
  const leafKept: boolean[] = [];
  let i = 1;
  let kept = 0;
  // Returns the index after the subtree starting at i, recording its leaves.
  const skip = (at: number, on: boolean): number => {
    const el = struct(els[at]);
    const n = num(el[5]) ?? 0;
    if (n === 0 && el[1] !== undefined) {
      leafKept.push(on);
      return at + 1;
    }
    let next = at + 1;
    for (let k = 0; k < n; k++) next = skip(next, on);
    return next;
  };
  for (let k = 0; k < (num(root[5]) ?? 0); k++) {
    const el = struct(els[i]);
    const name = el[4] instanceof Uint8Array ? decoder.decode(el[4]) : '';
    const on = keep.has(name);
    const end = skip(i, on);
    if (on) {
      out.push(...els.slice(i, end));
      kept++;
    }
    i = end;
  }
  return { schema: listLike(els as ThriftValue[], [withFields(root, { 5: kept }), ...out]), leafKept };
}

/**
 * Reads row group `rg` of the open file into a standalone Parquet file holding only the top-level
 * `columns` (parquet-wasm's synchronous reader decodes every column of the file it is given).
 */
export async function miniFileOfRowGroup(
  fh: FileHandle,
  fileSize: number,
  footer: ParquetFooter,
  rg: number,
  columns: readonly string[],
): Promise<Uint8Array> {
  const meta = rawFooter(footer);
  const groups = meta[4];
  const els = meta[2];
  if (!Array.isArray(groups) || !Array.isArray(els))
    throw new Error('Corrupted Parquet footer: no row groups');
  const { schema, leafKept } = pruneSchema(els, new Set(columns));
  const group = struct(groups[rg]);
  const cols = group[1];
  if (!Array.isArray(cols) || cols.length !== leafKept.length)
    throw new Error('Corrupted Parquet footer: column chunks do not match the schema');
  // Lay the kept chunks out one after another after the leading magic.
  let pos = 4;
  const reads: { from: number; to: number; at: number }[] = [];
  const newCols: ThriftValue[] = [];
  cols.forEach((c, k) => {
    if (!leafKept[k]) return;
    const cs = struct(c);
    const md = struct(cs[3]);
    const r = chunkRange(md);
    if (!(r.start >= 4 && r.end <= fileSize))
      throw new Error(
        `Corrupted Parquet footer: a column chunk spans bytes ${r.start}..${r.end} of a ${fileSize}-byte file`,
      );
    const delta = r.start - pos;
    const dict = num(md[11]);
    const data = num(md[9])!;
    const md2 = withFields(md, {
      9: data - delta,
      11: dict !== undefined && dict > 0 && dict <= data ? dict - delta : undefined,
      10: undefined, // index page, bloom filter: not copied
      14: undefined,
      15: undefined,
    });
    newCols.push(
      withFields(cs, { 2: data - delta, 3: md2, 4: undefined, 5: undefined, 6: undefined, 7: undefined }),
    );
    reads.push({ from: r.start, to: r.end, at: pos });
    pos += r.end - r.start;
  });
  const group2 = withFields(group, {
    1: listLike(cols, newCols),
    5: group[5] === undefined ? undefined : 4,
    6: group[6] === undefined ? undefined : pos - 4,
  });
  const kv = meta[5];
  const orders = meta[7];
  const meta2 = withFields(meta, {
    2: schema,
    3: num(group[3]) ?? 0,
    4: listLike(groups, [group2]),
    // Arrow's schema hint describes the whole file: drop it with the pruned columns.
    5: Array.isArray(kv)
      ? listLike(
          kv,
          kv.filter((x) => {
            const key = struct(x)[1];
            return !(key instanceof Uint8Array && decoder.decode(key) === 'ARROW:schema');
          }),
        )
      : undefined,
    7: Array.isArray(orders)
      ? listLike(
          orders,
          orders.filter((_, k) => leafKept[k]),
        )
      : undefined,
  });
  const footerBytes = encodeThriftStruct(meta2);
  const out = new Uint8Array(pos + footerBytes.length + 8);
  out.set(MAGIC, 0);
  for (const r of reads) {
    const { bytesRead } = await fh.read(out, r.at, r.to - r.from, r.from);
    if (bytesRead !== r.to - r.from) throw new Error('Unexpected end of file while reading a column chunk');
  }
  out.set(footerBytes, pos);
  new DataView(out.buffer).setUint32(out.length - 8, footerBytes.length, true);
  out.set(MAGIC, out.length - 4);
  return out;
}
