// Snappy block decompression (the format Parquet pages use): the hot loop of reading snappy-compressed
// Parquet. Most elements are 4..12 bytes long, so bytes move four at a time through DataViews (unaligned
// 32-bit loads and stores), and long literals with one bulk copy.

function fail(why: string): Error {
  return new Error(`Corrupted snappy data: ${why}`);
}

/** Decompresses `input` into `output`, which must have exactly the uncompressed length. */
export function snappyDecompress(input: Uint8Array, output: Uint8Array): void {
  const inLen = input.length;
  const outLen = output.length;
  let pos = 0;
  // Preamble: the uncompressed length as a varint.
  let declared = 0;
  let shift = 0;
  for (;;) {
    if (pos >= inLen) throw fail('missing length');
    const b = input[pos++]!;
    declared += (b & 0x7f) * 2 ** shift;
    if (b < 128) break;
    shift += 7;
    if (shift > 35) throw fail('length too long');
  }
  if (declared !== outLen) throw fail(`length ${declared}, expected ${outLen}`);
  const iv = new DataView(input.buffer, input.byteOffset, inLen);
  const ov = new DataView(output.buffer, output.byteOffset, outLen);
  let out = 0;
  // Reads past the input give undefined, so lengths and offsets become NaN: the `!(x <= y)` checks
  // below reject NaN as well as out-of-range values.
  while (pos < inLen) {
    const c = input[pos++]!;
    const tag = c & 3;
    if (tag === 0) {
      let len = (c >>> 2) + 1;
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
      let k = 0;
      for (; k + 4 <= len; k += 4) ov.setUint32(out + k, ov.getUint32(from + k, true), true);
      for (; k < len; k++) output[out + k] = output[from + k]!;
    } else for (let k = 0; k < len; k++) output[out + k] = output[from + k]!;
    out += len;
  }
  if (out !== outLen) throw fail('ends early');
}
