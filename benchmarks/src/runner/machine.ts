// The machine a run happened on, noted in every report (cores, CPU model, memory, Node, OS, commit).

import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { repoRoot } from './paths.js';
import type { MachineInfo } from './run-types.js';

function gitCommit(): string | undefined {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: repoRoot(),
      encoding: 'utf8',
    }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain'], { cwd: repoRoot(), encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    return undefined;
  }
}

export function machineInfo(): MachineInfo {
  const commit = gitCommit();
  return {
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    totalMemoryBytes: os.totalmem(),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    ...(commit === undefined ? {} : { commit }),
  };
}
