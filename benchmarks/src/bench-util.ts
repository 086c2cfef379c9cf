// Small helpers shared by the benchmark scripts: command-line flags, timing, medians and table printing.

import { performance } from 'node:perf_hooks';

/** Parsed `--name value` / `--flag` arguments. */
export interface Args {
  readonly values: ReadonlyMap<string, string>;
  readonly flags: ReadonlySet<string>;
}

/** Parses `--key value` pairs; a `--key` followed by another `--` option or nothing is a flag. */
export function parseArgs(argv: readonly string[], flagNames: readonly string[] = []): Args {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument '${a}'`);
    const eq = a.indexOf('=');
    if (eq > 0) {
      values.set(a.slice(2, eq), a.slice(eq + 1));
      continue;
    }
    const name = a.slice(2);
    const next = argv[i + 1];
    if (flagNames.includes(name) || next === undefined || next.startsWith('--')) flags.add(name);
    else {
      values.set(name, next);
      i++;
    }
  }
  return { values, flags };
}

export function numberArg(args: Args, name: string, dflt: number): number {
  const v = args.values.get(name);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} wants a positive number, got '${v}'`);
  return n;
}

/** Seconds taken by `fn` together with what it returned. */
export async function timed<R>(fn: () => Promise<R>): Promise<{ seconds: number; result: R }> {
  const t0 = performance.now();
  const result = await fn();
  return { seconds: (performance.now() - t0) / 1000, result };
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Prints rows as an aligned text table; numbers are right-aligned. */
export function printTable(headers: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) =>
        /^[-\d.,x ]+$|^[\d.]+x$/.test(cell) && c > 0 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!),
      )
      .join('  ')
      .trimEnd();
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

export function fmt(n: number, digits = 1): string {
  if (!Number.isFinite(n)) return '-';
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
