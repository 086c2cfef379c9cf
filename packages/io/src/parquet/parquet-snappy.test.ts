import { describe, expect, it } from 'vitest';
import { snappyDecompress } from './parquet-snappy.js';

const text = (b: Uint8Array): string => new TextDecoder().decode(b);

function decompress(bytes: number[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  snappyDecompress(new Uint8Array(bytes), out);
  return out;
}

describe('snappy', () => {
  it('decodes literals and overlapping back-references', () => {
    // Length 14; literal "abcd" (tag 0, len-1 = 3); copy-1 len 8 offset 4; copy-1 len 4 offset 1 ... of 'd'.
    const lit = [3 << 2, 0x61, 0x62, 0x63, 0x64];
    const copy8 = [((8 - 4) << 2) | 1, 4];
    const run = [((4 - 4) << 2) | 1, 1];
    expect(text(decompress([16, ...lit, ...copy8, ...run], 16))).toBe('abcdabcdabcddddd');
  });

  it('decodes long literals and two-byte offsets', () => {
    const body = Array.from({ length: 100 }, (_, i) => 65 + (i % 26));
    // Literal of 100 bytes: tag 60 (one extra length byte), then copy-2 of 40 bytes from offset 100.
    const bytes = [140, 1, 60 << 2, 99, ...body, ((40 - 1) << 2) | 2, 100, 0];
    const out = decompress(bytes, 140);
    expect(Array.from(out.subarray(0, 100))).toEqual(body);
    expect(Array.from(out.subarray(100))).toEqual(body.slice(0, 40));
  });

  it('rejects corrupt input instead of producing garbage', () => {
    expect(() => decompress([5, 4 << 2, 1, 2], 5)).toThrow(/snappy/);
    expect(() => decompress([8, 3 << 2, 1, 2, 3, 4, (4 << 2) | 1, 9], 8)).toThrow(/snappy/);
    expect(() => decompress([9, 3 << 2, 1, 2, 3, 4], 9)).toThrow(/snappy/);
    expect(() => decompress([4, 3 << 2, 1, 2, 3, 4], 5)).toThrow(/snappy/);
  });
});
