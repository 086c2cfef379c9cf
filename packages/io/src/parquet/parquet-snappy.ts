// Snappy block decompression (the format Parquet pages use): the hot loop of reading snappy-compressed
// Parquet. Most elements are 1..12 bytes long, so bytes move four at a time through DataViews (unaligned
// 32-bit loads and stores), rounded up to whole words when the output has spare room after its end
// (the over-written bytes are written again by the next element, or lie past the end), and long
// literals with one bulk copy.

function fail(why: string): Error {
  return new Error(`Corrupted snappy data: ${why}`);
}

/** Reads the preamble (the uncompressed length varint); returns it, the body start in preambleEnd. */
function preamble(input: Uint8Array): number {
  let pos = 0;
  let declared = 0;
  let shift = 0;
  for (;;) {
    if (pos >= input.length) throw fail('missing length');
    const b = input[pos++]!;
    declared += (b & 0x7f) * 2 ** shift;
    if (b < 128) break;
    shift += 7;
    if (shift > 35) throw fail('length too long');
  }
  preambleEnd = pos;
  return declared;
}
let preambleEnd = 0;

/** The uncompressed length that a snappy block declares. */
export function snappyUncompressedLength(input: Uint8Array): number {
  return preamble(input);
}

/**
 * When the whole block is one literal (what writers emit for incompressible pages), the uncompressed
 * bytes as a view of `input` (no copy); otherwise null.
 */
export function snappySingleLiteral(input: Uint8Array): Uint8Array | null {
  const declared = preamble(input);
  let pos = preambleEnd;
  const c = input[pos++];
  if (c === undefined || (c & 3) !== 0) return null;
  let len = (c >>> 2) + 1;
  if (len > 60) {
    const extra = len - 60;
    if (pos + extra > input.length) return null;
    len = input[pos]! + 1;
    if (extra > 1) len += input[pos + 1]! << 8;
    if (extra > 2) len += input[pos + 2]! << 16;
    if (extra > 3) len += input[pos + 3]! * 16777216;
    pos += extra;
  }
  return len === declared && pos + len === input.length ? input.subarray(pos, pos + len) : null;
}

/** Decompresses `input` into `output`, which must have exactly the uncompressed length. */
export function snappyDecompress(input: Uint8Array, output: Uint8Array): void {
  snappyDecompressInto(input, output, output.length);
}

/**
 * Decompresses `input` into output[0, outLen), where outLen must be the declared uncompressed length;
 * bytes of `output` after outLen may be overwritten (give 16 spare bytes for the fastest path).
 */
export function snappyDecompressInto(input: Uint8Array, output: Uint8Array, outLen: number): void {
  const inLen = input.length;
  const declared = preamble(input);
  let pos = preambleEnd;
  if (declared !== outLen) throw fail(`length ${declared}, expected ${outLen}`);
  if (output.length < outLen) throw fail('output too small');
  const cap = output.length;
  const iv = new DataView(input.buffer, input.byteOffset, inLen);
  const ov = new DataView(output.buffer, output.byteOffset, cap);
  let out = 0;
  // Reads past the input give undefined, so lengths and offsets become NaN: the `!(x <= y)` checks
  // below reject NaN as well as out-of-range values.
  while (pos < inLen) {
    const c = input[pos++]!;
    const tag = c & 3;
    if (tag === 0) {
      let len = (c >>> 2) + 1;
      if (len <= 16 && pos + 16 <= inLen && out + 16 <= cap) {
        // Short literal with room on both sides: whole words, the tail past len is rewritten later.
        if (out + len > outLen) throw fail('literal overruns');
        ov.setUint32(out, iv.getUint32(pos, true), true);
        if (len > 4) {
          ov.setUint32(out + 4, iv.getUint32(pos + 4, true), true);
          if (len > 8) {
            ov.setUint32(out + 8, iv.getUint32(pos + 8, true), true);
            ov.setUint32(out + 12, iv.getUint32(pos + 12, true), true);
          }
        }
        out += len;
        pos += len;
        continue;
      }
      if (len > 60) {
        const extra = len - 60;
        len = input[pos]! + 1;
        if (extra > 1) len += input[pos + 1]! << 8;
        if (extra > 2) len += input[pos + 2]! << 16;
        if (extra > 3) len += input[pos + 3]! * 16777216;
        pos += extra;
      }
      if (!(pos + len <= inLen && out + len <= outLen)) throw fail('literal overruns');
      if (len > 32) output.set(input.subarray(pos, pos + len), out);
      else {
        let k = 0;
        for (; k + 4 <= len; k += 4) ov.setUint32(out + k, iv.getUint32(pos + k, true), true);
        for (; k < len; k++) output[out + k] = input[pos + k]!;
      }
      out += len;
      pos += len;
      continue;
    }
    let len: number;
    let offset: number;
    if (tag === 1) {
      len = ((c >>> 2) & 7) + 4;
      offset = ((c >>> 5) << 8) | input[pos]!;
      pos += 1;
    } else if (tag === 2) {
      len = (c >>> 2) + 1;
      offset = input[pos]! | (input[pos + 1]! << 8);
      pos += 2;
    } else {
      len = (c >>> 2) + 1;
      offset = (input[pos]! | (input[pos + 1]! << 8) | (input[pos + 2]! << 16)) + input[pos + 3]! * 16777216;
      pos += 4;
    }
    if (!(offset > 0 && offset <= out && out + len <= outLen && pos <= inLen))
      throw fail('copy out of range');
    const from = out - offset;
    if (offset >= 4) {
      // Four bytes at a time never read bytes this copy has yet to write.
      if (out + len + 4 <= cap) {
        // Copies are at least 4 bytes long: the common ones (up to 8) as two words.
        ov.setUint32(out, ov.getUint32(from, true), true);
        ov.setUint32(out + 4, ov.getUint32(from + 4, true), true);
        for (let k = 8; k < len; k += 4) ov.setUint32(out + k, ov.getUint32(from + k, true), true);
      } else {
        let k = 0;
        for (; k + 4 <= len; k += 4) ov.setUint32(out + k, ov.getUint32(from + k, true), true);
        for (; k < len; k++) output[out + k] = output[from + k]!;
      }
    } else for (let k = 0; k < len; k++) output[out + k] = output[from + k]!;
    out += len;
  }
  if (out !== outLen) throw fail('ends early');
}
