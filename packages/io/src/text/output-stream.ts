// A streaming text file for the line-based writers (text, JSON): chunks go straight to a file stream,
// through gzip when asked, honouring back-pressure; nothing accumulates a whole file.

import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

export interface TextOutput {
  write(text: string): Promise<void>;
  close(): Promise<void>;
}

export function openTextOutput(path: string, compression: 'none' | 'gzip'): TextOutput {
  const file = createWriteStream(path);
  const head: Writable = compression === 'gzip' ? createGzip() : file;
  if (head !== file) head.pipe(file);
  let failure: unknown = null;
  head.on('error', (e) => (failure ??= e));
  file.on('error', (e) => (failure ??= e));
  return {
    async write(text) {
      if (failure !== null) throw failure;
      if (text.length === 0) return;
      if (!head.write(text)) {
        await new Promise<void>((resolve, reject) => {
          const onDrain = (): void => {
            head.off('error', onError);
            resolve();
          };
          const onError = (e: unknown): void => {
            head.off('drain', onDrain);
            reject(e);
          };
          head.once('drain', onDrain);
          head.once('error', onError);
        });
      }
    },
    async close() {
      head.end();
      await finished(file);
      if (failure !== null) throw failure;
    },
  };
}
