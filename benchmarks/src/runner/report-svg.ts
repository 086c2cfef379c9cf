// The ratio chart of a report section as hand-written SVG: per query, one bar per engine with its time
// relative to DuckDB (or the first engine that ran), on a log scale, with a legend.

import { isGood, queryIdsOf, ranEngines, recordOf } from './report-data.js';
import type { SectionRun } from './run-types.js';

const COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1'];

function esc(s: string): string {
  return s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

function fmtRatio(x: number): string {
  return x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x.toPrecision(2);
}

/** The engine the bars are relative to: DuckDB when it ran, else the first engine. */
export function baselineEngine(section: SectionRun): string | undefined {
  const engines = ranEngines(section);
  return (engines.find((e) => e.engine === 'duckdb') ?? engines[0])?.engine;
}

export function renderRatioSvg(section: SectionRun, title: string): string {
  const engines = ranEngines(section);
  const baseName = baselineEngine(section);
  const base = engines.find((e) => e.engine === baseName);
  const ids = queryIdsOf(section);
  // value[q][e]: engine time / baseline time, or null when either is missing or wrong.
  const values = ids.map((id) =>
    engines.map((e) => {
      const b = base === undefined ? undefined : recordOf(base, id);
      const r = recordOf(e, id);
      return isGood(b) && isGood(r) && b.median > 0 && r.median > 0 ? r.median / b.median : null;
    }),
  );
  const present = values.flat().filter((v): v is number => v !== null);
  const lo = Math.floor(Math.log10(Math.min(1, ...present)));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(1, ...present))));
  const bar = 10;
  const groupWidth = Math.max(1, engines.length) * bar + 12;
  const left = 56;
  const top = 40;
  const plotHeight = 240;
  const width = left + Math.max(1, ids.length) * groupWidth + 20;
  const legendTop = top + plotHeight + 36;
  const height = legendTop + 18 * Math.max(1, engines.length) + 10;
  const y = (v: number): number => top + plotHeight - ((Math.log10(v) - lo) / (hi - lo)) * plotHeight;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
  );
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(
    `<text x="${left}" y="16" font-size="13" font-weight="bold">${esc(title)}</text>`,
    `<text x="${left}" y="30">time relative to ${esc(baseName ?? '-')} (log scale; below 1 = faster than ${esc(baseName ?? '-')})</text>`,
  );
  for (let p = lo; p <= hi; p++) {
    const v = 10 ** p;
    const yy = y(v).toFixed(1);
    out.push(
      `<line x1="${left}" x2="${width - 20}" y1="${yy}" y2="${yy}" stroke="${p === 0 ? '#333333' : '#dddddd'}"/>`,
      `<text x="${left - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle">${esc(fmtRatio(v))}</text>`,
    );
  }
  ids.forEach((id, q) => {
    const x0 = left + q * groupWidth + 6;
    engines.forEach((e, k) => {
      const v = values[q]![k];
      const x = x0 + k * bar;
      if (v === null || v === undefined) {
        out.push(
          `<text x="${x + bar / 2}" y="${y(1) - 3}" text-anchor="middle" fill="#999999" font-size="9">×</text>`,
        );
        return;
      }
      const y1 = Math.min(y(v), y(1));
      const h = Math.max(1, Math.abs(y(v) - y(1)));
      out.push(
        `<rect x="${x}" y="${y1.toFixed(1)}" width="${bar - 1}" height="${h.toFixed(1)}" fill="${COLORS[k % COLORS.length]}"><title>${esc(`${id} ${e.engine}: ${fmtRatio(v)}x`)}</title></rect>`,
      );
    });
    out.push(
      `<text x="${x0 + (engines.length * bar) / 2}" y="${top + plotHeight + 14}" text-anchor="middle">${esc(id)}</text>`,
    );
  });
  engines.forEach((e, k) => {
    const yy = legendTop + k * 18;
    out.push(
      `<rect x="${left}" y="${yy}" width="12" height="12" fill="${COLORS[k % COLORS.length]}"/>`,
      `<text x="${left + 18}" y="${yy + 10}">${esc(e.description)} (${esc(e.engine)})</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
