// Tests of the section runner's process handling with a scripted fake child: a hung query is killed and
// recorded as a timeout, a crash is recorded, and a new child takes the remaining queries each time.

import { describe, expect, it } from 'vitest';
import type { Launcher } from './launcher.js';
import { runSection } from './run-section.js';
import type { ChildMessage, EngineTask } from './run-types.js';

/** A fake engine: `q2` hangs, `q3` crashes the process, others answer one row `[1]` after 1 ms. */
function scriptedLauncher(tasks: EngineTask[]): Launcher {
  return (task, onMessage, onExit) => {
    tasks.push(task);
    let alive = true;
    const send = (m: ChildMessage): void => {
      if (alive) onMessage(m);
    };
    void (async () => {
      await new Promise((r) => setTimeout(r, 1));
      send({ type: 'engine', description: 'Fake 1.0' });
      send({ type: 'loaded', seconds: 0.5, peakRssBytes: 1 });
      for (const id of task.queryIds) {
        send({ type: 'run-start', id });
        if (id === 'q2') return; // hangs until killed
        if (id === 'q3') {
          alive = false;
          onExit({ code: 134, signal: null, stderrTail: 'fatal: out of memory' });
          return;
        }
        await new Promise((r) => setTimeout(r, 1));
        send({
          type: 'query',
          execution: {
            id,
            status: 'ok',
            seconds: [0.001],
            result: { columns: ['x'], rows: [[id === 'q4' ? 2 : 1]] },
          },
        });
      }
      send({ type: 'done' });
      alive = false;
      onExit({ code: 0, signal: null, stderrTail: '' });
    })();
    return {
      kill: () => {
        if (!alive) return;
        alive = false;
        onExit({ code: null, signal: 'SIGKILL', stderrTail: '' });
      },
    };
  };
}

describe('runSection', () => {
  it('records timeouts and crashes and goes on with a new child', async () => {
    const tasks: EngineTask[] = [];
    const section = await runSection({
      suite: 'tpch',
      mode: 'parquet',
      tables: [],
      data: { label: 'test', source: '-', tables: [] },
      engines: ['flint-sql'],
      queryIds: ['q1', 'q2', 'q3', 'q4'],
      runs: 1,
      warmup: false,
      threads: 1,
      timeoutSeconds: 0.2,
      checkKind: 'rows',
      answerFor: () => ({ columns: ['x'], rows: [[1]] }),
      answerSource: 'test answers',
      launcher: scriptedLauncher(tasks),
    });
    expect(tasks.map((t) => t.queryIds)).toEqual([['q1', 'q2', 'q3', 'q4'], ['q3', 'q4'], ['q4']]);
    const engine = section.engines[0]!;
    expect(engine.description).toBe('Fake 1.0');
    expect(engine.loadSeconds).toBe(0.5);
    expect(engine.queries.map((q) => [q.id, q.status, q.check])).toEqual([
      ['q1', 'ok', 'correct'],
      ['q2', 'timeout', null],
      ['q3', 'crashed', null],
      ['q4', 'ok', 'wrong'],
    ]);
    expect(engine.queries[2]!.message).toContain('out of memory');
  });

  it('runs the engines in turn each round and pools their runs', async () => {
    const order: string[] = [];
    let turn = 0;
    const launcher: Launcher = (task, onMessage, onExit) => {
      order.push(task.engine);
      turn++;
      const seconds = turn * 0.001;
      void (async () => {
        await new Promise((r) => setTimeout(r, 1));
        onMessage({ type: 'engine', description: task.engine });
        onMessage({ type: 'loaded', seconds, peakRssBytes: turn });
        for (const id of task.queryIds) {
          onMessage({ type: 'run-start', id });
          const rows = task.engine === 'flint-sql' && id === 'q2' && turn > 2 ? [[2]] : [[1]];
          onMessage({
            type: 'query',
            execution: { id, status: 'ok', seconds: [seconds], result: { columns: ['x'], rows } },
          });
        }
        onMessage({ type: 'done' });
        onExit({ code: 0, signal: null, stderrTail: '' });
      })();
      return { kill: () => {} };
    };
    const section = await runSection({
      suite: 'tpch',
      mode: 'memory',
      tables: [],
      data: { label: 'test', source: '-', tables: [] },
      engines: ['duckdb', 'flint-sql'],
      queryIds: ['q1', 'q2'],
      runs: 1,
      warmup: false,
      rounds: 3,
      threads: 1,
      timeoutSeconds: 5,
      checkKind: 'rows',
      answerFor: () => ({ columns: ['x'], rows: [[1]] }),
      answerSource: 'test answers',
      launcher,
    });
    expect(order).toEqual(['duckdb', 'flint-sql', 'duckdb', 'flint-sql', 'duckdb', 'flint-sql']);
    expect(section.rounds).toBe(3);
    const flint = section.engines[1]!;
    // Turns 2, 4 and 6 were flint-sql's: its runs of all three, the median load, the highest RSS.
    expect(flint.queries.map((q) => [q.id, q.seconds, q.median, q.check])).toEqual([
      ['q1', [0.002, 0.004, 0.006], 0.004, 'correct'],
      // Its second round answered q2 wrongly: that round stands for the query.
      ['q2', [0.004], 0.004, 'wrong'],
    ]);
    expect(flint.loadSeconds).toBe(0.004);
    expect(flint.loadPeakRssBytes).toBe(6);
    expect(section.engines[0]!.queries.map((q) => q.seconds)).toEqual([
      [0.001, 0.003, 0.005],
      [0.001, 0.003, 0.005],
    ]);
  });
});
