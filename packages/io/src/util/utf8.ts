// Fast UTF-8 decoding of byte ranges: short ASCII text skips the TextDecoder call.

const decoder = new TextDecoder();

/** UTF-8 text of buf[s, e). */
export function decodeUtf8(buf: Uint8Array, s: number, e: number): string {
  const len = e - s;
  if (len <= 24) {
    let ascii = true;
    for (let i = s; i < e; i++) {
      if (buf[i]! >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      switch (len) {
        case 0:
          return '';
        case 1:
          return String.fromCharCode(buf[s]!);
        default:
          return String.fromCharCode.apply(null, buf.subarray(s, e) as unknown as number[]);
      }
    }
  }
  return decoder.decode(buf.subarray(s, e));
}
