// Starting an engine child: a forked Node process (the real runs), or the same task in this process
// (tests, where the TypeScript sources run under vitest and no build exists to fork).

import { fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { runEngineTask } from './engine-task.js';
import type { ChildMessage, EngineTask } from './run-types.js';

export interface ChildExit {
  readonly code: number | null;
  readonly signal: string | null;
  /** The end of the child's stderr, to explain a crash. */
  readonly stderrTail: string;
}

export interface ChildHandle {
  kill(): void;
}

export type Launcher = (
  task: EngineTask,
  onMessage: (m: ChildMessage) => void,
  onExit: (exit: ChildExit) => void,
) => ChildHandle;

/** A V8 heap limit for the children: three quarters of the machine's memory (Node's default is lower). */
export function childHeapMegabytes(): number {
  return Math.max(2048, Math.floor((os.totalmem() / 2 ** 20) * 0.75));
}

/**
 * V8 flags of every engine child: a large heap, and garbage collection on the thread that needs it
 * (`--single-threaded-gc`) as `flint-sql` runs: Flint's workers already fill the cores, and V8's
 * parallel and concurrent collector threads only took time from them (TPC-H SF 1 in memory: 8% less
 * time a query, 12% less CPU, over three interleaved rounds of the 22 queries).
 */
function childExecArgv(): string[] {
  return [`--max-old-space-size=${childHeapMegabytes()}`, '--single-threaded-gc'];
}

/** Forks `engine-child.js` with the thread count in its environment (Polars, libuv) and childExecArgv. */
export function forkLauncher(threads: number): Launcher {
  const entry = fileURLToPath(new URL('./engine-child.js', import.meta.url));
  return (task, onMessage, onExit) => {
    const child = fork(entry, [], {
      env: { ...process.env, POLARS_MAX_THREADS: String(threads), UV_THREADPOOL_SIZE: String(threads) },
      execArgv: childExecArgv(),
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    let tail = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      tail = (tail + chunk.toString('utf8')).slice(-4000);
    });
    child.on('message', (m) => onMessage(m as ChildMessage));
    child.on('exit', (code, signal) => onExit({ code, signal, stderrTail: tail }));
    child.send(task);
    return {
      kill: () => {
        child.kill('SIGKILL');
      },
    };
  };
}

/** Runs the task in this process; `kill` only stops listening (a runaway query cannot be stopped here). */
export function inlineLauncher(): Launcher {
  return (task, onMessage, onExit) => {
    let killed = false;
    setImmediate(() => {
      runEngineTask(task, (m) => {
        if (!killed) onMessage(m);
      })
        .then(() => {
          if (!killed) onExit({ code: 0, signal: null, stderrTail: '' });
        })
        .catch((err: unknown) => {
          if (!killed) onExit({ code: 1, signal: null, stderrTail: String(err) });
        });
    });
    return {
      kill: () => {
        if (killed) return;
        killed = true;
        onExit({ code: null, signal: 'SIGKILL', stderrTail: '' });
      },
    };
  };
}
