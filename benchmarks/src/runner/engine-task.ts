// What an engine child does, independent of how it talks to its parent: open the engine, load the
// tables (timed), then per query one checked warm-up and the timed runs, reporting each as it ends.

import { performance } from 'node:perf_hooks';
import { checksumOf, type Checksum } from './compare.js';
import { loadEngine, isEngineName } from './engines.js';
import { RssSampler } from './rss-sampler.js';
import type { ChildMessage, EngineTask, QueryExecution } from './run-types.js';
import { EngineUnavailable, type EngineSession, type QueryOutput, type ResultSet } from './types.js';

function errorText(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

/** The first line of an error, for one-line reports (the full text is kept too). */
function errorMessage(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

async function timedRun(fn: () => Promise<QueryOutput>): Promise<{ seconds: number; output: QueryOutput }> {
  const t0 = performance.now();
  const output = await fn();
  return { seconds: (performance.now() - t0) / 1000, output };
}

async function runQuery(
  session: EngineSession,
  id: string,
  task: EngineTask,
  sampler: RssSampler,
  send: (m: ChildMessage) => void,
): Promise<QueryExecution> {
  const fn = session.query(id);
  if (fn === undefined) return { id, status: 'unsupported', seconds: [] };
  sampler.reset();
  const seconds: number[] = [];
  let warmupSeconds: number | undefined;
  // The answer checked is the last run's, turned into cells after every run is timed: turning H2O
  // q10's 10^7 result rows into cells after the warm-up left each later Flint run of it about
  // 1.7 times slower (11 s -> 19 s, in the same process, with the cells already dropped).
  let answer: { result: ResultSet } | { checksum: Checksum } | undefined;
  const attempts = (task.warmup ? 1 : 0) + task.runs;
  try {
    let last: QueryOutput | undefined;
    for (let i = 0; i < attempts; i++) {
      send({ type: 'run-start', id });
      last = undefined;
      const { seconds: s, output } = await timedRun(fn);
      last = output;
      if (task.warmup && i === 0) warmupSeconds = s;
      else seconds.push(s);
    }
    if (last !== undefined) {
      const cells = await last.toResultSet();
      answer = task.checkKind === 'rows' ? { result: cells } : { checksum: checksumOf(cells) };
    }
  } catch (err) {
    return {
      id,
      status: 'error',
      message: errorText(err),
      seconds,
      ...(warmupSeconds === undefined ? {} : { warmupSeconds }),
      peakRssBytes: sampler.peakBytes(),
    };
  }
  return {
    id,
    status: 'ok',
    seconds,
    ...(warmupSeconds === undefined ? {} : { warmupSeconds }),
    peakRssBytes: sampler.peakBytes(),
    ...(answer ?? {}),
  };
}

/** Runs the task, reporting through `send`; never throws (failures become messages). */
export async function runEngineTask(task: EngineTask, send: (m: ChildMessage) => void): Promise<void> {
  if (!isEngineName(task.engine)) {
    send({ type: 'fatal', message: `unknown engine '${task.engine}'` });
    return;
  }
  const sampler = RssSampler.start();
  let session: EngineSession | undefined;
  try {
    let adapter;
    try {
      adapter = await loadEngine(task.engine);
      send({ type: 'engine', description: await adapter.describe() });
      session = await adapter.open(task.options);
    } catch (err) {
      if (err instanceof EngineUnavailable) send({ type: 'unavailable', message: errorMessage(err) });
      else send({ type: 'fatal', message: `opening ${task.engine} failed: ${errorText(err)}` });
      return;
    }
    sampler.reset();
    const t0 = performance.now();
    try {
      await session.load();
    } catch (err) {
      send({ type: 'fatal', message: `loading the tables failed: ${errorText(err)}` });
      return;
    }
    send({ type: 'loaded', seconds: (performance.now() - t0) / 1000, peakRssBytes: sampler.peakBytes() });
    for (const id of task.queryIds) {
      send({ type: 'query', execution: await runQuery(session, id, task, sampler, send) });
    }
    send({ type: 'done' });
  } finally {
    try {
      await session?.close();
    } catch {
      // Closing is best effort: the results are already sent.
    }
    await sampler.stop();
  }
}
