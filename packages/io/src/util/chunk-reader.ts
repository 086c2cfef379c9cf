// Reads a file as a sliding window of chunks for the streaming scanners (lines, CSV records): each step
// keeps the bytes the scanner has not consumed at the front and appends the next chunk, which was read
// ahead while the scanner worked on the previous one. Gzip input is decompressed as a stream.

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

/** Whether a path is read through a decompressor (and so cannot be split). */
export function isCompressedPath(path: string): boolean {
  return path.toLowerCase().endsWith('.gz');
}

/** The gunzipped bytes of a .gz file as a stream of chunks. */
async function* gunzipChunks(path: string, chunkSize: number): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(path, { highWaterMark: chunkSize }).pipe(createGunzip());
  for await (const c of stream as AsyncIterable<Buffer>)
    yield new Uint8Array(c.buffer, c.byteOffset, c.byteLength);
}

/** The file's bytes from `start` as a stream of fresh chunks (decompressed for .gz files). */
async function* fileChunks(path: string, start: number, chunkSize: number): AsyncGenerator<Uint8Array> {
  if (isCompressedPath(path)) {
    yield* gunzipChunks(path, chunkSize);
    return;
  }
  const fh = await open(path, 'r');
  try {
    let pos = start;
    for (;;) {
      const b = new Uint8Array(chunkSize);
      const { bytesRead } = await fh.read(b, 0, chunkSize, pos);
      if (bytesRead === 0) return;
      pos += bytesRead;
      yield bytesRead === chunkSize ? b : b.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

/** The whole content of a file (decompressed), for formats that read one value per file. */
export async function readWholeFile(path: string, chunkSize = 1 << 20): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const c of fileChunks(path, 0, chunkSize)) {
    parts.push(c);
    total += c.length;
  }
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The window a scanner works on; `buf`, `len`, `base` and `eof` are set by the reader. */
export interface ChunkWindow {
  /** Holds the kept tail followed by the newest chunk in [0, len); replaced when it grows. */
  buf: Uint8Array;
  len: number;
  /** Offset of buf[0] in the file (in the decompressed stream for gzip input). */
  base: number;
  /** Set once the input is exhausted: buf then holds everything that is left. */
  eof: boolean;
  /** Set by the scanner: the first byte it still needs; the next step drops the bytes before it. */
  pos: number;
}

export interface ChunkOptions {
  /** Decompress the file as gzip (reading from 0; `start` is ignored). */
  readonly gunzip?: boolean;
  /** Bytes kept free after `len` (e.g. 1 for a terminator sentinel). */
  readonly spare?: number;
  /** Rewrites each chunk before it is appended (`last` with the empty final read, to flush). */
  readonly transform?: (bytes: Uint8Array, last: boolean) => Uint8Array;
}

/** Where the chunks come from: `read` gives the next chunk (null at the end), valid until `prefetch`. */
interface ChunkSource {
  read(): Promise<Uint8Array | null>;
  /** Starts reading the next chunk once the last one has been copied. */
  prefetch(): void;
  close(): Promise<void>;
}

function gunzipSource(path: string, chunkSize: number): ChunkSource {
  const chunks = gunzipChunks(path, chunkSize);
  return {
    read: async () => {
      const next = await chunks.next();
      return next.done === true ? null : next.value;
    },
    prefetch: () => undefined,
    close: async () => {
      await chunks.return(undefined);
    },
  };
}

async function fileSource(path: string, start: number, chunkSize: number): Promise<ChunkSource> {
  const fh = await open(path, 'r');
  // The next chunk is read into `ahead` while the scanner works on the window, so the scan does not
  // wait on the thread pool for each chunk.
  const ahead = new Uint8Array(chunkSize);
  let filePos = start;
  let pending: Promise<{ bytesRead: number }> | null = fh.read(ahead, 0, chunkSize, filePos);
  return {
    read: async () => {
      if (pending === null) return null;
      const { bytesRead } = await pending;
      pending = null;
      filePos += bytesRead;
      return bytesRead === 0 ? null : ahead.subarray(0, bytesRead);
    },
    prefetch: () => {
      pending = fh.read(ahead, 0, chunkSize, filePos);
    },
    close: async () => {
      // A read still in flight must end before the handle closes.
      if (pending !== null) await pending.catch(() => undefined);
      await fh.close();
    },
  };
}

/**
 * Yields the same window after each chunk is appended, from file offset `start`; after the end it keeps
 * yielding the window (with eof set) until the scanner stops iterating. Ending the iteration early
 * waits for a read still in flight and closes the file.
 */
export async function* readChunks(
  path: string,
  start: number,
  chunkSize: number,
  opts: ChunkOptions = {},
): AsyncGenerator<ChunkWindow, void, undefined> {
  const spare = opts.spare ?? 0;
  const transform = opts.transform ?? null;
  const gunzip = opts.gunzip === true;
  const w: ChunkWindow = {
    buf: new Uint8Array(chunkSize * 2 + spare),
    len: 0,
    base: gunzip ? 0 : start,
    eof: false,
    pos: 0,
  };
  const append = (bytes: Uint8Array): void => {
    if (w.buf.length < w.len + bytes.length + spare) {
      const bigger = new Uint8Array(Math.max(w.buf.length * 2, w.len + bytes.length + spare + chunkSize));
      bigger.set(w.buf.subarray(0, w.len));
      w.buf = bigger;
    }
    w.buf.set(bytes, w.len);
    w.len += bytes.length;
  };
  const src = gunzip ? gunzipSource(path, chunkSize) : await fileSource(path, start, chunkSize);
  try {
    for (;;) {
      // Keep the unconsumed tail, then append the next chunk after it.
      if (w.pos > 0) {
        w.buf.copyWithin(0, w.pos, w.len);
        w.len -= w.pos;
        w.base += w.pos;
        w.pos = 0;
      }
      if (!w.eof) {
        const chunk = await src.read();
        if (chunk === null) {
          w.eof = true;
          if (transform !== null) append(transform(new Uint8Array(0), true));
        } else {
          append(transform === null ? chunk : transform(chunk, false));
          src.prefetch();
        }
      }
      yield w;
    }
  } finally {
    await src.close();
  }
}
