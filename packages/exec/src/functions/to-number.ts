// Kernel of to_number / try_to_number: parses a string against a checked number format (Spark's
// ToNumberParser.parse); a mismatch raises INVALID_FORMAT.MISMATCH_INPUT, or is NULL for try_to_number.

import { FlintError, type DataType } from '@flint/common';
import { parseNumberFormat, type NumberFormat } from '@flint/planner';
import type { ScalarKernel } from './kernel.js';
import { mapRows, strAt } from './string-util.js';

/** Group sizes right to left must match the format's, except the leftmost which may be shorter. */
function groupsMatch(actual: readonly number[], expected: readonly number[]): boolean {
  if (actual.length > expected.length) return false;
  const a = [...actual].reverse();
  const e = [...expected].reverse();
  for (let i = 0; i < a.length; i++) {
    if (i < a.length - 1 && a[i] !== e[i]) return false;
    if (a[i]! > e[i]!) return false;
  }
  return true;
}

/** The unscaled decimal of `s`, or null when it does not match the format. */
function parseNumber(s: string, nf: NumberFormat): bigint | null {
  let pos = 0;
  let negative = false;
  let intDigits = '';
  let fracDigits = '';
  let reachedPoint = false;
  for (let ti = 0; ti < nf.tokens.length; ti++) {
    const t = nf.tokens[ti]!;
    switch (t.k) {
      case 'digits': {
        const groups: number[] = [];
        let cur = 0;
        let digits = '';
        while (pos < s.length) {
          const c = s[pos]!;
          if (c >= '0' && c <= '9') {
            digits += c;
            cur++;
          } else if (c === ',' && !reachedPoint) {
            groups.push(cur);
            cur = 0;
          } else break;
          pos++;
        }
        groups.push(cur);
        if (t.afterPoint) {
          if (groups.length > 1 || cur > t.groups[0]!) return null;
          fracDigits += digits;
        } else {
          if (!groupsMatch(groups, t.groups)) return null;
          intDigits += digits;
        }
        break;
      }
      case 'point':
        if (s[pos] === '.') {
          pos++;
          reachedPoint = true;
        }
        break;
      case 'dollar':
        if (s[pos] !== '$') return null;
        pos++;
        break;
      case 'sign':
        if (s[pos] === '+' || s[pos] === '-') {
          negative = s[pos] === '-';
          pos++;
        }
        break;
      case 'minus':
        if (s[pos] === '-') {
          negative = true;
          pos++;
        }
        break;
      case 'pr':
        // Handled by parseWithBrackets.
        break;
    }
  }
  if (pos !== s.length) return null;
  const frac = fracDigits.padEnd(nf.scale, '0');
  const unscaled = BigInt((intDigits + frac).replace(/^0+(?=\d)/, '') || '0');
  return negative ? -unscaled : unscaled;
}

function parseWithBrackets(s: string, nf: NumberFormat): bigint | null {
  const pr = nf.tokens[nf.tokens.length - 1]?.k === 'pr';
  if (pr && s.startsWith('<')) {
    if (!s.endsWith('>')) return null;
    const v = parseNumber(s.slice(1, -1), { ...nf, tokens: nf.tokens.slice(0, -1) });
    return v === null ? null : -v;
  }
  return parseNumber(s, pr ? { ...nf, tokens: nf.tokens.slice(0, -1) } : nf);
}

export const toNumberKernels: Record<string, ScalarKernel> = {
  to_number: (args, expr, _ctx, n) => {
    const format = String(expr.options?.['format'] ?? '');
    const tryMode = expr.options?.['tryMode'] === true;
    const nf = parseNumberFormat(format);
    const type: DataType = expr.dataType;
    return mapRows(args, n, type, (i) => {
      const s = strAt(args[0]!, i);
      const v = parseWithBrackets(s, nf);
      if (v !== null || tryMode) return v;
      throw new FlintError(
        'INVALID_FORMAT.MISMATCH_INPUT',
        `[INVALID_FORMAT.MISMATCH_INPUT] The input "STRING" '${s}' does not match the format. SQLSTATE: 42601`,
        { inputType: '"STRING"', input: s, format },
        null,
        '42601',
      );
    });
  },
};
