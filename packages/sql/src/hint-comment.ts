// Statement hints: the hint comments (slash-star-plus, e.g. BROADCAST(t)) Spark reads after SELECT.

import type { SelectHint } from './ast.js';

/**
 * The hints of the hint comments in `gap` (the text between SELECT and the next token). Parameters are
 * kept as written, with backquotes removed; a comment that does not read as hints is ignored, as Spark
 * only warns about hints it cannot use.
 */
export function parseHintComments(gap: string): SelectHint[] {
  const out: SelectHint[] = [];
  const comment = /\/\*\+([\s\S]*?)\*\//g;
  for (let m = comment.exec(gap); m !== null; m = comment.exec(gap)) {
    const body = m[1]!;
    const hint = /\s*,?\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(([^()]*)\))?/y;
    let pos = 0;
    while (pos < body.length && body.slice(pos).trim() !== '') {
      hint.lastIndex = pos;
      const h = hint.exec(body);
      if (h === null || h[0].length === 0) break;
      const params = h[2] === undefined ? [] : h[2].split(',').map((p) => p.trim().replace(/`/g, ''));
      out.push({ name: h[1]!, parameters: params.filter((p) => p.length > 0) });
      pos = hint.lastIndex;
    }
  }
  return out;
}
