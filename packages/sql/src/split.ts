// Script splitting for the REPL and SQL files: `;` ends a statement unless it sits inside a string,
// a back-quoted name or a comment.

interface ScanState {
  /** Offsets of the top-level `;` characters. */
  readonly semis: number[];
  /** Offset of the last character outside comments and whitespace, or -1. */
  lastSignificant: number;
  /** The text ends inside a string, back-quoted name or block comment. */
  open: boolean;
}

function scan(text: string): ScanState {
  const st: ScanState = { semis: [], lastSignificant: -1, open: false };
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text[i]!;
    if (c === '-' && text[i + 1] === '-') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (text[i] === '/' && text[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (text[i] === '*' && text[i + 1] === '/') {
          depth--;
          i += 2;
        } else i++;
      }
      if (depth > 0) st.open = true;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      const raw =
        c !== '`' && i > 0 && (text[i - 1] === 'r' || text[i - 1] === 'R') && !/[\w]/.test(text[i - 2] ?? '');
      let k = i + 1;
      let closed = false;
      while (k < n) {
        if (text[k] === '\\' && c !== '`' && !raw) {
          k += 2;
          continue;
        }
        if (text[k] === c) {
          if (text[k + 1] === c) {
            k += 2;
            continue;
          }
          closed = true;
          break;
        }
        k++;
      }
      if (!closed) {
        st.open = true;
        st.lastSignificant = n - 1;
        return st;
      }
      st.lastSignificant = k;
      i = k + 1;
      continue;
    }
    if (c === ';') st.semis.push(i);
    if (!/\s/.test(c)) st.lastSignificant = i;
    i++;
  }
  return st;
}

/** Splits a script into statements at top-level `;`, dropping empty ones (only spaces or comments). */
export function splitStatements(text: string): { text: string; start: number }[] {
  const { semis } = scan(text);
  const out: { text: string; start: number }[] = [];
  let from = 0;
  for (const end of [...semis, text.length]) {
    const piece = text.slice(from, end);
    const inner = scan(piece);
    if (inner.lastSignificant >= 0) {
      // Keep offsets into the whole script: trim leading whitespace only.
      const lead = piece.length - piece.trimStart().length;
      out.push({ text: piece.slice(lead).trimEnd(), start: from + lead });
    }
    from = end + 1;
  }
  return out;
}

/** True when the text ends with a `;` outside strings and comments (the REPL then runs it). */
export function isCompleteStatement(text: string): boolean {
  const st = scan(text);
  if (st.open || st.lastSignificant < 0) return false;
  return text[st.lastSignificant] === ';';
}
