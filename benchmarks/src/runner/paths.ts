// Where the runner finds the repository, the shared reference material and the results folder.

import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above this module that holds `pnpm-workspace.yaml`. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'pnpm-workspace.yaml'))) return dir;
    const up = path.dirname(dir);
    if (up === dir)
      throw new Error('cannot find the repository root (pnpm-workspace.yaml) above ' + import.meta.url);
    dir = up;
  }
}

/** `../shared` next to the repository (queries, answers, questions), or `FLINT_SHARED_DIR`. */
export function sharedDir(): string {
  const env = process.env['FLINT_SHARED_DIR'];
  if (env !== undefined && env !== '') return path.resolve(env);
  return path.resolve(repoRoot(), '..', 'shared');
}

/** Where generated data is cached, outside the repository: `~/.cache/flint`. */
export function defaultCacheDir(): string {
  return path.join(os.homedir(), '.cache', 'flint');
}

/** The committed reports: `benchmarks/results`. */
export function defaultResultsDir(): string {
  return path.join(repoRoot(), 'benchmarks', 'results');
}
