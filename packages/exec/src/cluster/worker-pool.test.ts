// Starting and stopping the worker pool, run in a child process: the failure this guards against is
// a V8 fatal error that aborts the whole process, which no assertion in this one could report.
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const distPool = fileURLToPath(new URL('../../dist/cluster/worker-pool.js', import.meta.url));

describe('worker pool', () => {
  it('shuts down cleanly while its workers are still loading the engine', () => {
    // Each round starts a two-worker pool and destroys it after a delay spread over a worker's
    // load time (a few hundred ms), so some terminations land mid-load.
    const script = `
      const { workerPool, shutdownWorkerPools } = await import(${JSON.stringify(pathToFileURL(distPool).href)});
      for (let round = 0; round < 36; round++) {
        const delay = (round * 37) % 420;
        workerPool(2);
        await new Promise((resolve) => setTimeout(resolve, delay));
        await shutdownWorkerPools();
      }
      workerPool(2);
      console.log('rounds done');
      await shutdownWorkerPools();
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.stderr).not.toMatch(/FATAL ERROR/);
    expect(child.status).toBe(0);
    expect(child.stdout).toContain('rounds done');
  }, 90_000);
});
