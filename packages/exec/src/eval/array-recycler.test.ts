// ArrayRecycler: arrays given back are taken again, kept ones are not, lengths are exact.
import { describe, expect, it } from 'vitest';
import { ArrayRecycler, takeArray } from './array-recycler.js';

describe('ArrayRecycler', () => {
  it('lends arrays of the exact length and takes back the reclaimed ones for the next batch', () => {
    const r = new ArrayRecycler(1024);
    const a = r.take(Float64Array, 300);
    const b = r.take(Float64Array, 2000);
    const small = r.take(Float64Array, 10);
    expect([a.length, b.length, small.length]).toEqual([300, 2000, 10]);
    // A new array is twice its batch up to minCapacity, so later batches of other sizes fit it; a
    // small batch's is not minCapacity long.
    expect([a.buffer.byteLength, small.buffer.byteLength]).toEqual([600 * 8, 20 * 8]);
    r.reclaim();
    const c = r.take(Float64Array, 1500);
    const d = r.take(Float64Array, 500);
    expect([c.length, d.length]).toEqual([1500, 500]);
    expect(c.buffer).toBe(b.buffer);
    expect(d.buffer).toBe(a.buffer);
    // Both are lent again: a third array is a new one.
    expect([a.buffer, b.buffer]).not.toContain(r.take(Float64Array, 10).buffer);
    // Another type never gets them.
    expect([a.buffer, b.buffer]).not.toContain(r.take(BigInt64Array, 10).buffer);
  });

  it('never lends again what the consumer may have kept', () => {
    const r = new ArrayRecycler(16);
    const kept = r.take(Int32Array, 16);
    r.forget();
    r.reclaim();
    expect(r.take(Int32Array, 16).buffer).not.toBe(kept.buffer);
  });

  it('a finished pipeline hands the arrays given back on to the next recycler of the thread', () => {
    const first = new ArrayRecycler(64);
    const given = first.take(Float64Array, 64);
    first.reclaim();
    // (Longer than the one given back, so a new array.)
    const kept = first.take(Float64Array, 100);
    first.forget();
    first.release();
    const next = new ArrayRecycler(64);
    const a = next.take(Float64Array, 50);
    expect(a.buffer).toBe(given.buffer);
    // What the consumer may have kept is never handed on.
    expect(next.take(Float64Array, 50).buffer).not.toBe(kept.buffer);
  });

  it('without a recycler, takeArray makes a zeroed array', () => {
    const a = takeArray(undefined, Uint8Array, 8);
    expect(Array.from(a)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
