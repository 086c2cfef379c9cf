// Java regular expressions (as Spark uses them) translated to JavaScript RegExp, Java-style
// replacement strings and split, and LIKE patterns compiled to matchers.

import { FlintError } from '@flint/common';

export function invalidPattern(fn: string, pattern: string): FlintError {
  return new FlintError(
    'INVALID_PARAMETER_VALUE.PATTERN',
    `[INVALID_PARAMETER_VALUE.PATTERN] The value of parameter(s) \`regexp\` in \`${fn}\` is invalid: '${pattern}'.`,
    { parameter: '`regexp`', functionName: `\`${fn}\``, value: `'${pattern}'` },
    null,
    '22023',
  );
}

const POSIX_CLASSES: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
  javaLowerCase: 'a-z',
  javaUpperCase: 'A-Z',
  javaWhitespace: ' \\t\\n\\x0B\\f\\r',
};

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Translates Java regex syntax to a JS source and flags; throws on constructs JS cannot express. */
export function translateJavaRegex(src: string): { source: string; flags: string } {
  let flags = '';
  let out = '';
  let i = 0;
  let unicode = false;
  let inClass = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === '\\') {
      const d = src[i + 1];
      if (d === undefined) throw new SyntaxError('trailing backslash');
      if (d === 'Q') {
        const end = src.indexOf('\\E', i + 2);
        const lit = end < 0 ? src.slice(i + 2) : src.slice(i + 2, end);
        out += escapeRegex(lit);
        i = end < 0 ? n : end + 2;
        continue;
      }
      if (d === 'A' && inClass === 0) {
        out += '^';
        i += 2;
        continue;
      }
      if (d === 'z' && inClass === 0) {
        out += '$(?![\\s\\S])';
        i += 2;
        continue;
      }
      if (d === 'Z' && inClass === 0) {
        out += '(?=\\n?$(?![\\s\\S]))';
        i += 2;
        continue;
      }
      if (d === 'h') {
        out += inClass > 0 ? ' \\t\\xA0' : '[ \\t\\xA0]';
        i += 2;
        continue;
      }
      if ((d === 'p' || d === 'P') && src[i + 2] === '{') {
        const end = src.indexOf('}', i + 3);
        const name = src.slice(i + 3, end).replace(/^Is/, '');
        const posix = POSIX_CLASSES[name];
        if (posix !== undefined) {
          if (inClass > 0 && d === 'p') out += posix;
          else out += d === 'p' ? `[${posix}]` : `[^${posix}]`;
        } else {
          unicode = true;
          out += `\\${d}{${name}}`;
        }
        i = end + 1;
        continue;
      }
      // Java lets any non-alphanumeric character be escaped; JS (without /u) does as well.
      out += c + d;
      i += 2;
      continue;
    }
    if (inClass > 0) {
      if (c === '[') {
        // Java nested class union [a[b]] -> flatten (approximation)
        inClass++;
        i++;
        continue;
      }
      if (c === ']') {
        inClass--;
        if (inClass === 0) out += ']';
        i++;
        continue;
      }
      if (c === '&' && src[i + 1] === '&') throw new SyntaxError('class intersection is not supported');
      out += c;
      i++;
      continue;
    }
    if (c === '[') {
      inClass = 1;
      out += '[';
      i++;
      if (src[i] === '^') {
        out += '^';
        i++;
      }
      // a leading ']' is literal in Java
      if (src[i] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && src[i + 1] === '?') {
      // inline flags (?i) (?-i) (?is) and (?i:...) groups; atomic groups (?>...)
      const m = /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(src.slice(i));
      if (m !== null && (m[1] !== '' || m[2] !== undefined)) {
        const on = m[1] ?? '';
        const off = m[2] ?? '';
        for (const f of on + off) if (!'imsxudU'.includes(f)) throw new SyntaxError(`unknown flag ${f}`);
        if (m[3] === ')') {
          for (const f of on) if ('ims'.includes(f) && !flags.includes(f)) flags += f;
          for (const f of off) flags = flags.replace(f, '');
          i += m[0].length;
          continue;
        }
        // scoped flags: applied globally (approximation)
        for (const f of on) if ('ims'.includes(f) && !flags.includes(f)) flags += f;
        out += '(?:';
        i += m[0].length;
        continue;
      }
      if (src[i + 2] === '>') {
        out += '(?:';
        i += 3;
        continue;
      }
      out += c;
      i++;
      continue;
    }
    if ((c === '+' || c === '?') && i > 0 && /[*+?}]/.test(src[i - 1]!) && src[i - 2] !== '\\') {
      // possessive quantifier (a*+) -> greedy; lazy (a*?) stays
      if (c === '+') {
        i++;
        continue;
      }
    }
    out += c;
    i++;
  }
  if (inClass > 0) throw new SyntaxError('unclosed character class');
  if (unicode) flags += 'u';
  return { source: out, flags };
}

/** Compiles a Java regex to a JS RegExp with the extra flags (e.g. 'g'); throws INVALID_PARAMETER_VALUE.PATTERN. */
export function compileJavaRegex(pattern: string, extraFlags: string, fn: string): RegExp {
  try {
    const { source, flags } = translateJavaRegex(pattern);
    return new RegExp(source, flags + extraFlags);
  } catch {
    throw invalidPattern(fn, pattern);
  }
}

/** The number of capturing groups of a compiled regex. */
export function groupCount(re: RegExp): number {
  return new RegExp(`${re.source}|`, re.flags.replace('g', '').replace('y', '')).exec('')!.length - 1;
}

/** A Java replacement string ($1, ${name}, \$) applied to one match. */
export function compileJavaReplacement(rep: string): (m: RegExpExecArray) => string {
  if (!rep.includes('$') && !rep.includes('\\')) return () => rep;
  type Part = string | number | { name: string };
  const parts: Part[] = [];
  let lit = '';
  for (let i = 0; i < rep.length; i++) {
    const c = rep[i]!;
    if (c === '\\' && i + 1 < rep.length) {
      lit += rep[++i];
    } else if (c === '$') {
      if (rep[i + 1] === '{') {
        const end = rep.indexOf('}', i);
        if (lit !== '') parts.push(lit);
        lit = '';
        parts.push({ name: rep.slice(i + 2, end) });
        i = end;
      } else {
        let j = i + 1;
        while (j < rep.length && /[0-9]/.test(rep[j]!)) j++;
        if (j === i + 1)
          throw new FlintError(
            'INVALID_PARAMETER_VALUE.PATTERN',
            'Illegal group reference',
            {},
            null,
            '22023',
          );
        if (lit !== '') parts.push(lit);
        lit = '';
        parts.push(Number(rep.slice(i + 1, j)));
        i = j - 1;
      }
    } else lit += c;
  }
  if (lit !== '') parts.push(lit);
  return (m) => {
    let s = '';
    for (const p of parts) {
      if (typeof p === 'string') s += p;
      else if (typeof p === 'number') s += m[p] ?? '';
      else s += m.groups?.[p.name] ?? '';
    }
    return s;
  };
}

/** Java's Pattern.split(s, limit) (limit <= 0: all, trailing empty strings kept as Spark passes -1). */
export function javaSplit(s: string, re: RegExp, limit: number): string[] {
  const out: string[] = [];
  let last = 0;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    const idx = m.index;
    const len = m[0].length;
    if (len === 0) {
      re.lastIndex = idx + 1;
      if (idx === 0 || idx >= s.length) {
        if (idx >= s.length) break;
        continue;
      }
    }
    if (limit > 0 && out.length === limit - 1) break;
    out.push(s.slice(last, idx));
    last = idx + len;
    if (re.lastIndex > s.length) break;
  }
  out.push(s.slice(last));
  return out;
}

/** A LIKE pattern's wildcards, apart from its literal parts (which may hold an escaped '%' or '_'). */
const ANY = Symbol('%');
const ONE = Symbol('_');
type LikeSegment = string | typeof ANY | typeof ONE;

interface ParsedLike {
  /** Literals (runs of characters between wildcards) and wildcards, in order. */
  readonly segs: readonly LikeSegment[];
  /** The pattern as a regex source (anchored by the caller). */
  readonly re: string;
}

function parseLike(p: string, pattern: string, escape: string): ParsedLike {
  let re = '';
  let literal = '';
  let i = 0;
  const segs: LikeSegment[] = [];
  while (i < p.length) {
    const c = p[i]!;
    if (c === escape) {
      const d = p[i + 1];
      if (d === undefined || (d !== '_' && d !== '%' && d !== escape)) {
        throw new FlintError(
          d === undefined ? 'INVALID_FORMAT.ESC_AT_THE_END' : 'INVALID_FORMAT.ESC_IN_THE_MIDDLE',
          `the escape character is not allowed to precede '${d ?? ''}'`,
          { format: `'${pattern}'`, ...(d === undefined ? {} : { char: `'${d}'` }) },
          null,
          '42601',
        );
      }
      literal += d;
      re += escapeRegex(d);
      i += 2;
      continue;
    }
    if (c === '%' || c === '_') {
      if (literal !== '') segs.push(literal);
      literal = '';
      segs.push(c === '%' ? ANY : ONE);
      re += c === '%' ? '[\\s\\S]*' : '[\\s\\S]';
    } else {
      literal += c;
      re += escapeRegex(c);
    }
    i++;
  }
  if (literal !== '') segs.push(literal);
  return { segs, re };
}

/**
 * The literal parts of a LIKE pattern (case-sensitive): every value the pattern matches contains each.
 * Lets a search over many packed values find the candidates first.
 */
export function likeLiterals(pattern: string, escape: string): string[] {
  return parseLike(pattern, pattern, escape).segs.filter((seg): seg is string => typeof seg === 'string');
}

/** LIKE pattern to a matcher; `ci` lower-cases both sides (ILIKE). */
export function compileLike(pattern: string, escape: string, ci: boolean): (s: string) => boolean {
  const p = ci ? pattern.toLowerCase() : pattern;
  const { segs, re } = parseLike(p, pattern, escape);
  const norm = ci ? (s: string) => s.toLowerCase() : (s: string) => s;
  const literalAt = (k: number): string | null => {
    const seg = segs[k];
    return typeof seg === 'string' ? seg : null;
  };
  if (segs.length === 0) return (s) => norm(s) === '';
  if (segs.length === 1 && literalAt(0) !== null) {
    const literal = literalAt(0)!;
    return (s) => norm(s) === literal;
  }
  // fast paths for abc%, %abc, %abc%
  if (segs.length === 2 && segs[1] === ANY && literalAt(0) !== null) {
    const a = literalAt(0)!;
    return (s) => norm(s).startsWith(a);
  }
  if (segs.length === 2 && segs[0] === ANY && literalAt(1) !== null) {
    const a = literalAt(1)!;
    return (s) => norm(s).endsWith(a);
  }
  if (segs.length === 3 && segs[0] === ANY && segs[2] === ANY && literalAt(1) !== null) {
    const a = literalAt(1)!;
    return (s) => norm(s).includes(a);
  }
  if (!segs.includes(ONE)) return percentOnlyMatcher(segs, norm);
  // '_' matches one character (code point) as Spark does
  const rx = new RegExp(`^${re}$`, 'u');
  return (s) => rx.test(norm(s));
}

/**
 * A LIKE pattern of literals and '%' only (e.g. '%special%requests%'): the literals are found in order
 * with indexOf, leftmost first, which decides such patterns exactly without a regex.
 */
function percentOnlyMatcher(
  segs: readonly LikeSegment[],
  norm: (s: string) => string,
): (s: string) => boolean {
  const first = typeof segs[0] === 'string' ? segs[0] : null;
  const lastSeg = segs.length > 1 ? segs[segs.length - 1] : undefined;
  const last = typeof lastSeg === 'string' ? lastSeg : null;
  const middle = segs.slice(first === null ? 0 : 1, last === null ? segs.length : segs.length - 1);
  const lits = middle.filter((x): x is string => typeof x === 'string');
  return (raw) => {
    const s = norm(raw);
    let pos = 0;
    if (first !== null) {
      if (!s.startsWith(first)) return false;
      pos = first.length;
    }
    let end = s.length;
    if (last !== null) {
      if (s.length - last.length < pos || !s.endsWith(last)) return false;
      end = s.length - last.length;
    }
    for (const lit of lits) {
      const at = s.indexOf(lit, pos);
      if (at < 0 || at + lit.length > end) return false;
      pos = at + lit.length;
    }
    return true;
  };
}
