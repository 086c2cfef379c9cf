// The figures a report shows, computed from a section's records: Flint/peer ratios per query and the
// geometric means per engine (over the queries every engine answered correctly, and over its own).

import { isFlintEngine } from './engines.js';
import type { EngineRecord, QueryRecord, SectionRun } from './run-types.js';

/** A usable timing: the query ran and its answer was not found wrong. */
export function isGood(q: QueryRecord | undefined): q is QueryRecord & { median: number } {
  return (
    q !== undefined &&
    q.status === 'ok' &&
    q.median !== null &&
    (q.check === 'correct' || q.check === 'agrees' || q.check === 'unchecked')
  );
}

export function geometricMean(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  let s = 0;
  for (const x of xs) s += Math.log(x);
  return Math.exp(s / xs.length);
}

/** Query ids in first-seen order over the engines. */
export function queryIdsOf(section: SectionRun): string[] {
  const ids: string[] = [];
  for (const e of section.engines) for (const q of e.queries) if (!ids.includes(q.id)) ids.push(q.id);
  return ids;
}

export function recordOf(engine: EngineRecord, id: string): QueryRecord | undefined {
  return engine.queries.find((q) => q.id === id);
}

/** The engines that ran (not skipped). */
export function ranEngines(section: SectionRun): EngineRecord[] {
  return section.engines.filter((e) => e.skipped === undefined);
}

/** Queries every engine that ran answered correctly (the fair ground for comparing geometric means). */
export function commonGoodQueries(section: SectionRun): string[] {
  const engines = ranEngines(section);
  return queryIdsOf(section).filter(
    (id) => engines.length > 0 && engines.every((e) => isGood(recordOf(e, id))),
  );
}

export interface EngineSummary {
  readonly engine: string;
  /** Over the queries every engine answered correctly. */
  readonly geomeanCommon: number | null;
  /** Over this engine's own correct queries. */
  readonly geomeanOwn: number | null;
  readonly good: number;
  readonly total: number;
}

export function engineSummaries(section: SectionRun): EngineSummary[] {
  const common = commonGoodQueries(section);
  return ranEngines(section).map((e) => {
    const good = e.queries.filter(isGood);
    return {
      engine: e.engine,
      geomeanCommon: geometricMean(common.map((id) => recordOf(e, id)!.median!)),
      geomeanOwn: geometricMean(good.map((q) => q.median)),
      good: good.length,
      total: e.queries.length,
    };
  });
}

/** Peer median / Flint median: above 1, Flint is faster. Null when either timing is unusable. */
export function ratio(flint: QueryRecord | undefined, peer: QueryRecord | undefined): number | null {
  if (!isGood(flint) || !isGood(peer) || flint.median <= 0) return null;
  return peer.median / flint.median;
}

export interface RatioPair {
  readonly flint: string;
  readonly peer: string;
}

/** Every (Flint engine, peer engine) pair of the section that ran. */
export function ratioPairs(section: SectionRun): RatioPair[] {
  const engines = ranEngines(section);
  const pairs: RatioPair[] = [];
  for (const f of engines.filter((e) => isFlintEngine(e.engine)))
    for (const p of engines.filter((e) => !isFlintEngine(e.engine)))
      pairs.push({ flint: f.engine, peer: p.engine });
  return pairs;
}

/** Per pair: the ratio of the geometric means over the queries both answered correctly. */
export function pairGeomeanRatio(section: SectionRun, pair: RatioPair): number | null {
  const f = section.engines.find((e) => e.engine === pair.flint);
  const p = section.engines.find((e) => e.engine === pair.peer);
  if (f === undefined || p === undefined) return null;
  const ratios: number[] = [];
  for (const id of queryIdsOf(section)) {
    const r = ratio(recordOf(f, id), recordOf(p, id));
    if (r !== null) ratios.push(r);
  }
  return geometricMean(ratios);
}
