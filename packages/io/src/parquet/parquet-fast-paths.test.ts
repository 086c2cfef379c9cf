// Tests of the Parquet decoder's fast paths: snappy into buffers with spare room, single-literal snappy
// pages used in place, bit-packed dictionary indices of every width, pooled chunk buffers across reads.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Batch, type StructType, T, batchFromRows, batchToRows, batchesToTable } from '@flint/common';
import { tableToIPC } from 'apache-arrow';
import {
  Compression,
  Table as WasmTable,
  WriterPropertiesBuilder,
  WriterVersion,
  writeParquet,
} from 'parquet-wasm';
import { describe, expect, it } from 'vitest';
import { readFiles } from '../index.js';
import { parquetFormat } from './parquet-format.js';
import { snappyDecompress, snappyDecompressInto, snappySingleLiteral } from './parquet-snappy.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'flint-pqf-'));

async function readAll(
  paths: string[],
  schema: StructType,
  options: Record<string, string> = {},
): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  for await (const b of readFiles(parquetFormat, paths, schema, options))
    rows.push(...batchToRows(b as Batch));
  return rows;
}

/** A snappy block of `out`: literals and copies chosen by a simple greedy matcher (offsets 1..64). */
function snappyEncode(out: Uint8Array): Uint8Array {
  const bytes: number[] = [];
  let n = out.length;
  while (n >= 128) {
    bytes.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  bytes.push(n);
  let lit: number[] = [];
  const flush = (): void => {
    for (let s = 0; s < lit.length; s += 60) {
      const part = lit.slice(s, s + 60);
      bytes.push((part.length - 1) << 2, ...part);
    }
    lit = [];
  };
  let i = 0;
  while (i < out.length) {
    let bestLen = 0;
    let bestOff = 0;
    for (let off = 1; off <= Math.min(64, i); off++) {
      let len = 0;
      while (len < 64 && i + len < out.length && out[i + len] === out[i + len - off]) len++;
      if (len > bestLen) {
        bestLen = len;
        bestOff = off;
      }
    }
    if (bestLen >= 4) {
      flush();
      if (bestLen <= 11 && bestOff < 2048)
        bytes.push(((bestOff >> 8) << 5) | ((bestLen - 4) << 2) | 1, bestOff & 255);
      else bytes.push(((bestLen - 1) << 2) | 2, bestOff & 255, bestOff >> 8);
      i += bestLen;
    } else lit.push(out[i++]!);
  }
  flush();
  return new Uint8Array(bytes);
}

describe('snappy fast paths', () => {
  it('decodes the same bytes with and without spare room after the output', () => {
    // Little-endian int64s of small values: the literal/copy mix of real decimal pages, plus runs
    // (offset 1..3 copies) and long literals.
    const data = new Uint8Array(4000);
    const dv = new DataView(data.buffer);
    for (let k = 0; k < 300; k++) dv.setBigInt64(k * 8, BigInt((k * 7919) % 100_000), true);
    data.fill(7, 2400, 2500);
    for (let k = 2500; k < 2600; k++) data[k] = k % 3;
    for (let k = 2600; k < 4000; k++) data[k] = (k * 131) & 255;
    const enc = snappyEncode(data);
    const exact = new Uint8Array(data.length);
    snappyDecompress(enc, exact);
    expect(exact).toEqual(data);
    const roomy = new Uint8Array(data.length + 16).fill(0xee);
    snappyDecompressInto(enc, roomy, data.length);
    expect(roomy.subarray(0, data.length)).toEqual(data);
    // A truncated stream is still an error, whatever the room.
    expect(() => snappyDecompressInto(enc.subarray(0, enc.length - 3), roomy, data.length)).toThrow(/snappy/);
  });

  it('uses a block that is one literal in place, and only then', () => {
    const lit = new Uint8Array([5, 4 << 2, 1, 2, 3, 4, 5]);
    const view = snappySingleLiteral(lit);
    expect(view === null ? null : Array.from(view)).toEqual([1, 2, 3, 4, 5]);
    expect(view?.buffer).toBe(lit.buffer);
    // A literal shorter than the declared length, or followed by a copy, is not a single literal.
    expect(snappySingleLiteral(new Uint8Array([6, 4 << 2, 1, 2, 3, 4, 5]))).toBeNull();
    expect(snappySingleLiteral(new Uint8Array([9, 3 << 2, 1, 2, 3, 4, ((5 - 4) << 2) | 1, 4]))).toBeNull();
  });
});

describe('dictionary and snappy pages', () => {
  it('reads dictionaries of every index width, with and without NULLs, as parquet-wasm does', async () => {
    const d = tmp();
    // Distinct counts give index bit widths 1..17 (the widest longs overflow the dictionary page, so
    // their chunk mixes dictionary and PLAIN pages); each column is read with NULLs and without.
    const widths = [2, 5, 17, 100, 700, 5000, 70_000];
    const s = T.struct(
      widths.flatMap((w) => [
        T.field(`i${w}`, T.int),
        T.field(`l${w}`, T.long),
        T.field(`d${w}`, T.decimal(15, 2)),
        T.field(`x${w}`, T.double),
        T.field(`n${w}`, T.int),
      ]),
    );
    const count = 75_000;
    const rows = Array.from({ length: count }, (_, i) =>
      widths.flatMap((w) => {
        const v = (i * 7919) % w;
        return [
          v - 3,
          BigInt(v) * 4_000_000_007n - 9n,
          BigInt(v) * 13n - 1n,
          v === 1 ? Number.NaN : v / 4 - 9,
          i % 11 === 4 ? null : v,
        ];
      }),
    );
    const b = batchFromRows(
      s.fields.map((f) => f.dataType),
      rows as never,
    );
    const ipc = tableToIPC(batchesToTable([b], s), 'stream');
    for (const [name, props] of [
      ['v1', new WriterPropertiesBuilder().setCompression(Compression.SNAPPY)],
      [
        'v2',
        new WriterPropertiesBuilder().setCompression(Compression.SNAPPY).setWriterVersion(WriterVersion.V2),
      ],
    ] as const) {
      const p = join(d, `${name}.parquet`);
      writeFileSync(p, writeParquet(WasmTable.fromIPCStream(ipc), props.setMaxRowGroupSize(60_000).build()));
      const own = await readAll([p], s);
      expect(own.length, name).toBe(count);
      for (const k of [0, 1, 4, 777, 59_999, 60_000, 65_536, count - 1])
        expect(own[k], `${name} row ${k}`).toEqual(rows[k]);
      expect(own, name).toEqual(rows);
      expect(await readAll([p], s, { 'flint.parquet.ownDecoder': 'false' }), name).toEqual(own);
    }
  }, 120_000);

  it('reads plain snappy pages of longs, doubles and dates, projected and reordered', async () => {
    const d = tmp();
    const s = T.struct([
      T.field('l', T.long),
      T.field('x', T.double),
      T.field('dt', T.date),
      T.field('i', T.int),
    ]);
    const rows = Array.from({ length: 20_000 }, (_, i) =>
      i % 97 === 5 ? [null, null, null, null] : [BigInt(i % 1000) * 100n, (i % 500) / 8, 9000 + (i % 400), i],
    );
    const b = batchFromRows(
      s.fields.map((f) => f.dataType),
      rows as never,
    );
    const p = join(d, 'plain.parquet');
    writeFileSync(
      p,
      writeParquet(
        WasmTable.fromIPCStream(tableToIPC(batchesToTable([b], s), 'stream')),
        new WriterPropertiesBuilder().setCompression(Compression.SNAPPY).setDictionaryEnabled(false).build(),
      ),
    );
    const req = T.struct([T.field('dt', T.date), T.field('l', T.long)]);
    const got = await readAll([p], req);
    expect(got).toEqual(rows.map((r) => [r[2], r[0]]));
    // Two reads interleaved in one thread (pooled chunk buffers are never shared).
    const [a, c] = await Promise.all([readAll([p], s), readAll([p], req)]);
    expect(a).toEqual(rows);
    expect(c).toEqual(got);
  });
});
