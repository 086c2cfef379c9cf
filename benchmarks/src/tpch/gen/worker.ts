// A generator worker thread: takes part tasks from the parent, one at a time, over the shared text pool.

import { parentPort, workerData } from 'node:worker_threads';
import { type PartTask, generatePart } from './generate-part.js';

const pool = (workerData as { pool: Uint8Array }).pool;
const port = parentPort;
if (port === null) throw new Error('worker.js must run in a worker thread');

port.on('message', (task: PartTask) => {
  generatePart(task, pool).then(
    (result) => port.postMessage({ ok: true, result }),
    (e: unknown) =>
      port.postMessage({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
});
