// Peak resident memory while a query runs, sampled every few milliseconds from a worker thread so that
// a native engine or a blocked event loop on the main thread is still measured.

import { Worker } from 'node:worker_threads';

// The worker shares the process, so its `process.memoryUsage.rss()` is the whole process's RSS.
const SAMPLER_SOURCE = `
const { workerData } = require('node:worker_threads');
const peak = new Float64Array(workerData.buffer);
const tick = () => { const r = process.memoryUsage.rss(); if (r > peak[0]) peak[0] = r; };
setInterval(tick, workerData.intervalMs);
`;

export class RssSampler {
  private readonly peak: Float64Array;
  private readonly worker: Worker;

  private constructor(intervalMs: number) {
    const buffer = new SharedArrayBuffer(8);
    this.peak = new Float64Array(buffer);
    this.worker = new Worker(SAMPLER_SOURCE, { eval: true, workerData: { buffer, intervalMs } });
    this.worker.unref();
  }

  static start(intervalMs = 5): RssSampler {
    return new RssSampler(intervalMs);
  }

  /** Starts a new measurement window at the current RSS. */
  reset(): void {
    this.peak[0] = process.memoryUsage.rss();
  }

  /** The highest RSS (bytes) seen since the last reset, including now. */
  peakBytes(): number {
    const now = process.memoryUsage.rss();
    if (now > this.peak[0]!) this.peak[0] = now;
    return this.peak[0]!;
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}
