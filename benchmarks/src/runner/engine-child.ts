// Entry of an engine's child process (`child_process.fork`): waits for its task from the parent, runs
// it, and sends every message back over IPC. One engine per process keeps their memory and threads apart.

import { runEngineTask } from './engine-task.js';
import type { ChildMessage, EngineTask } from './run-types.js';

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (process.send === undefined) {
      process.stdout.write(JSON.stringify(message) + '\n');
      resolve();
      return;
    }
    process.send(message, undefined, {}, () => resolve());
  });
}

process.once('message', (task: EngineTask) => {
  const pending: Promise<void>[] = [];
  runEngineTask(task, (m) => {
    pending.push(send(m));
  })
    .then(() => Promise.all(pending))
    .then(() => process.exit(0))
    .catch(async (err: unknown) => {
      await send({ type: 'fatal', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      process.exit(1);
    });
});

// A parent that dies (Ctrl-C, killed) closes the channel: stop rather than run on unseen.
process.once('disconnect', () => process.exit(2));
