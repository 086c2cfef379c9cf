// Spark SQL tokens and a hand-written scanner producing chevrotain tokens. Keywords are case-insensitive
// and mostly non-reserved: token categories say where a keyword may still serve as an identifier.

import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';
import { FlintError } from '@flint/common';
import { syntaxError } from './errors.js';

// ---------------------------------------------------------------- categories

/** Any token that can be a plain identifier (names of columns, tables, functions). */
export const Ident = createToken({ name: 'Ident', pattern: Lexer.NA });
/** Tokens allowed as an alias after a select item without AS. */
export const SelectAlias = createToken({ name: 'SelectAlias', pattern: Lexer.NA });
/** Tokens allowed as an alias after a relation without AS. */
export const TableAliasCat = createToken({ name: 'TableAliasCat', pattern: Lexer.NA });
/** Any word at all, reserved keywords included: names after AS, in column lists and after a dot. */
export const AnyWord = createToken({ name: 'AnyWord', pattern: Lexer.NA });
/** Any numeric literal token. */
export const NumberLit = createToken({ name: 'NumberLit', pattern: Lexer.NA });

const allCats = [AnyWord, Ident, SelectAlias, TableAliasCat];

export const Identifier = createToken({ name: 'Identifier', pattern: Lexer.NA, categories: allCats });
export const QuotedIdentifier = createToken({
  name: 'QuotedIdentifier',
  pattern: Lexer.NA,
  categories: allCats,
});
export const StringLit = createToken({ name: 'StringLit', pattern: Lexer.NA });

export const IntegerLit = createToken({ name: 'IntegerLit', pattern: Lexer.NA, categories: [NumberLit] });
export const BigintLit = createToken({ name: 'BigintLit', pattern: Lexer.NA, categories: [NumberLit] });
export const SmallintLit = createToken({ name: 'SmallintLit', pattern: Lexer.NA, categories: [NumberLit] });
export const TinyintLit = createToken({ name: 'TinyintLit', pattern: Lexer.NA, categories: [NumberLit] });
export const DecimalLit = createToken({ name: 'DecimalLit', pattern: Lexer.NA, categories: [NumberLit] });
export const ExponentLit = createToken({ name: 'ExponentLit', pattern: Lexer.NA, categories: [NumberLit] });
export const DoubleLit = createToken({ name: 'DoubleLit', pattern: Lexer.NA, categories: [NumberLit] });
export const FloatLit = createToken({ name: 'FloatLit', pattern: Lexer.NA, categories: [NumberLit] });
export const BigDecimalLit = createToken({
  name: 'BigDecimalLit',
  pattern: Lexer.NA,
  categories: [NumberLit],
});

// ---------------------------------------------------------------- operators and punctuation

const punct = (name: string): TokenType => createToken({ name, pattern: Lexer.NA });
export const LParen = punct('LParen');
export const RParen = punct('RParen');
export const LBracket = punct('LBracket');
export const RBracket = punct('RBracket');
export const Comma = punct('Comma');
export const Dot = punct('Dot');
export const Semi = punct('Semi');
export const Colon = punct('Colon');
export const DoubleColon = punct('DoubleColon');
export const Arrow = punct('Arrow');
export const FatArrow = punct('FatArrow');
export const Star = punct('Star');
export const Plus = punct('Plus');
export const Minus = punct('Minus');
export const Slash = punct('Slash');
export const Percent = punct('Percent');
export const Concat = punct('Concat');
export const Amp = punct('Amp');
export const Pipe = punct('Pipe');
export const Caret = punct('Caret');
export const Tilde = punct('Tilde');
export const Eq = punct('Eq');
export const EqEq = punct('EqEq');
export const NullSafeEq = punct('NullSafeEq');
export const Neq = punct('Neq');
export const NeqJ = punct('NeqJ');
export const Lt = punct('Lt');
export const Lte = punct('Lte');
export const Gt = punct('Gt');
export const Gte = punct('Gte');
export const Question = punct('Question');

// ---------------------------------------------------------------- keywords

const KEYWORD_NAMES = [
  'ALL',
  'AND',
  'ANTI',
  'ANY',
  'ARRAY',
  'AS',
  'ASC',
  'BETWEEN',
  'BOTH',
  'BY',
  'CACHE',
  'CASCADE',
  'CASE',
  'CAST',
  'CLEAR',
  'CLUSTER',
  'CODEGEN',
  'COLUMNS',
  'COMMENT',
  'COST',
  'CREATE',
  'CROSS',
  'CUBE',
  'CURRENT',
  'DATABASE',
  'DATABASES',
  'DATE',
  'DESC',
  'DESCRIBE',
  'DISTINCT',
  'DISTRIBUTE',
  'DIV',
  'DROP',
  'ELSE',
  'END',
  'ESCAPE',
  'EXCEPT',
  'EXCLUDE',
  'EXECUTE',
  'EXISTS',
  'EXPLAIN',
  'EXTENDED',
  'EXTERNAL',
  'EXTRACT',
  'FALSE',
  'FILTER',
  'FIRST',
  'FOLLOWING',
  'FOR',
  'FORMATTED',
  'FROM',
  'FULL',
  'FUNCTION',
  'FUNCTIONS',
  'GLOBAL',
  'GROUP',
  'GROUPING',
  'HAVING',
  'IF',
  'IGNORE',
  'ILIKE',
  'IMMEDIATE',
  'IN',
  'INCLUDE',
  'INNER',
  'INSERT',
  'INTERSECT',
  'INTERVAL',
  'INTO',
  'IS',
  'JOIN',
  'LAST',
  'LATERAL',
  'LAZY',
  'LEADING',
  'LEFT',
  'LIKE',
  'LIMIT',
  'LOCATION',
  'MAP',
  'MINUS',
  'NAME',
  'NATURAL',
  'NOT',
  'NULL',
  'NULLS',
  'OFFSET',
  'ON',
  'OPTIONS',
  'OR',
  'ORDER',
  'OUTER',
  'OVER',
  'OVERLAY',
  'OVERWRITE',
  'PARTITION',
  'PARTITIONED',
  'PIVOT',
  'PLACING',
  'POSITION',
  'PRECEDING',
  'PURGE',
  'QUALIFY',
  'QUERY',
  'RANGE',
  'RECURSIVE',
  'REGEXP',
  'REPLACE',
  'RESET',
  'RESPECT',
  'RESTRICT',
  'RIGHT',
  'RLIKE',
  'ROLLUP',
  'ROW',
  'ROWS',
  'SCHEMA',
  'SCHEMAS',
  'SELECT',
  'SEMI',
  'SET',
  'SETS',
  'SHOW',
  'SOME',
  'SORT',
  'STRUCT',
  'SUBSTR',
  'SUBSTRING',
  'TABLE',
  'TABLES',
  'TABLESAMPLE',
  'TBLPROPERTIES',
  'TEMP',
  'TEMPORARY',
  'THEN',
  'TIMESTAMP',
  'TIMESTAMP_LTZ',
  'TIMESTAMP_NTZ',
  'TO',
  'TRAILING',
  'TRIM',
  'TRUE',
  'TRUNCATE',
  'TRY_CAST',
  'UNBOUNDED',
  'UNCACHE',
  'UNION',
  'UNKNOWN',
  'UNPIVOT',
  'USE',
  'USING',
  'VALUES',
  'VIEW',
  'WHEN',
  'WHERE',
  'WINDOW',
  'WITH',
  'WITHIN',
] as const;
export type KeywordName = (typeof KEYWORD_NAMES)[number];

/** Never identifiers unless back-quoted: they start or join the main syntax. */
const RESERVED = new Set<string>([
  'AND',
  'AS',
  'BETWEEN',
  'CASE',
  'CAST',
  'CROSS',
  'DISTINCT',
  'ELSE',
  'END',
  'EXCEPT',
  'FALSE',
  'FROM',
  'GROUP',
  'HAVING',
  'IN',
  'INNER',
  'INTERSECT',
  'IS',
  'JOIN',
  'NATURAL',
  'NOT',
  'NULL',
  'ON',
  'OR',
  'ORDER',
  'SELECT',
  'THEN',
  'TRUE',
  'UNION',
  'USING',
  'WHEN',
  'WHERE',
  'TRY_CAST',
]);
/** Identifiers that cannot be an alias without AS after a select item (they may follow an expression). */
const NOT_SELECT_ALIAS = new Set<string>([
  'ALL',
  'LIMIT',
  'OFFSET',
  'MINUS',
  'WINDOW',
  'QUALIFY',
  'SORT',
  'CLUSTER',
  'DISTRIBUTE',
  'INTO',
  'LIKE',
  'ILIKE',
  'RLIKE',
  'REGEXP',
  'DIV',
  'ESCAPE',
  'LATERAL',
  'OVER',
  'FILTER',
  'WITHIN',
  'IGNORE',
  'RESPECT',
  'NULLS',
  'ASC',
  'DESC',
  'FOR',
  'PIVOT',
  'UNPIVOT',
  'ROWS',
  'RANGE',
  'EXCLUDE',
  'INCLUDE',
  'PARTITION',
  'TABLESAMPLE',
]);
/** Identifiers that cannot be an alias without AS after a relation. */
const NOT_TABLE_ALIAS = new Set<string>([
  'LEFT',
  'RIGHT',
  'FULL',
  'SEMI',
  'ANTI',
  'WITH',
  'VALUES',
  'OPTIONS',
  'SET',
  'OUTER',
]);

export const KW = {} as Record<KeywordName, TokenType>;
for (const name of KEYWORD_NAMES) {
  const categories: TokenType[] = [AnyWord];
  if (!RESERVED.has(name)) {
    categories.push(Ident);
    if (!NOT_SELECT_ALIAS.has(name)) {
      categories.push(SelectAlias);
      if (!NOT_TABLE_ALIAS.has(name)) categories.push(TableAliasCat);
    }
  }
  KW[name] = createToken({ name, pattern: Lexer.NA, categories });
}
const keywordByUpper = new Map<string, TokenType>(KEYWORD_NAMES.map((n) => [n, KW[n]]));

export const allTokens: TokenType[] = [
  AnyWord,
  Ident,
  SelectAlias,
  TableAliasCat,
  NumberLit,
  Identifier,
  QuotedIdentifier,
  StringLit,
  IntegerLit,
  BigintLit,
  SmallintLit,
  TinyintLit,
  DecimalLit,
  ExponentLit,
  DoubleLit,
  FloatLit,
  BigDecimalLit,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Dot,
  Semi,
  Colon,
  DoubleColon,
  Arrow,
  FatArrow,
  Star,
  Plus,
  Minus,
  Slash,
  Percent,
  Concat,
  Amp,
  Pipe,
  Caret,
  Tilde,
  Eq,
  EqEq,
  NullSafeEq,
  Neq,
  NeqJ,
  Lt,
  Lte,
  Gt,
  Gte,
  Question,
  ...KEYWORD_NAMES.map((n) => KW[n]),
];

// ---------------------------------------------------------------- scanner

const OPERATORS: readonly (readonly [string, TokenType])[] = [
  ['<=>', NullSafeEq],
  ['->', Arrow],
  ['=>', FatArrow],
  ['::', DoubleColon],
  ['||', Concat],
  ['==', EqEq],
  ['!=', NeqJ],
  ['<>', Neq],
  ['<=', Lte],
  ['>=', Gte],
  ['(', LParen],
  [')', RParen],
  ['[', LBracket],
  [']', RBracket],
  [',', Comma],
  ['.', Dot],
  [';', Semi],
  [':', Colon],
  ['*', Star],
  ['+', Plus],
  ['-', Minus],
  ['/', Slash],
  ['%', Percent],
  ['&', Amp],
  ['|', Pipe],
  ['^', Caret],
  ['~', Tilde],
  ['=', Eq],
  ['<', Lt],
  ['>', Gt],
  ['?', Question],
];

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isWordChar = (c: string): boolean => /[\p{L}\p{N}_]/u.test(c);

const INTEGER_RE = /^[0-9]+$/;
const DECIMAL_DIGITS = '(?:[0-9]+\\.[0-9]*|\\.[0-9]+)';
const EXP = '(?:E[+-]?[0-9]+)';
const NUMBER_FORMS: readonly (readonly [RegExp, TokenType])[] = [
  [/^[0-9]+$/, IntegerLit],
  [/^[0-9]+L$/i, BigintLit],
  [/^[0-9]+S$/i, SmallintLit],
  [/^[0-9]+Y$/i, TinyintLit],
  [new RegExp(`^(?:[0-9]+${EXP}|${DECIMAL_DIGITS}${EXP})$`, 'i'), ExponentLit],
  [new RegExp(`^${DECIMAL_DIGITS}$`, 'i'), DecimalLit],
  [new RegExp(`^(?:[0-9]+|${DECIMAL_DIGITS})${EXP}?F$`, 'i'), FloatLit],
  [new RegExp(`^(?:[0-9]+|${DECIMAL_DIGITS})${EXP}?D$`, 'i'), DoubleLit],
  [new RegExp(`^(?:[0-9]+|${DECIMAL_DIGITS})${EXP}?BD$`, 'i'), BigDecimalLit],
];

/** Undoes Spark's string escapes (ParserUtils.unescapeSQLString) for the body of a quoted string. */
export function unescapeSqlString(body: string): string {
  let out = '';
  const n = body.length;
  let i = 0;
  while (i < n) {
    const c = body[i]!;
    if (c !== '\\' || i + 1 === n) {
      out += c;
      i++;
      continue;
    }
    const d = body[i + 1]!;
    if (d === 'u' && i + 6 <= n && /^[0-9a-fA-F]{4}$/.test(body.slice(i + 2, i + 6))) {
      out += String.fromCharCode(parseInt(body.slice(i + 2, i + 6), 16));
      i += 6;
    } else if (d === 'U' && i + 10 <= n && /^[0-9a-fA-F]{8}$/.test(body.slice(i + 2, i + 10))) {
      out += String.fromCodePoint(parseInt(body.slice(i + 2, i + 10), 16));
      i += 10;
    } else if (d >= '0' && d <= '3' && i + 3 < n && /^[0-7]{2}$/.test(body.slice(i + 2, i + 4))) {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 4), 8));
      i += 4;
    } else {
      switch (d) {
        case '0':
          out += '\u0000';
          break;
        case 'b':
          out += '\b';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'Z':
          out += '\u001A';
          break;
        case '%':
          out += '\\%';
          break;
        case '_':
          out += '\\_';
          break;
        default:
          out += d;
      }
      i += 2;
    }
  }
  return out;
}

/** Payload of a string token: the decoded value. */
export interface StringPayload {
  readonly value: string;
}

/**
 * Scans SQL text into tokens. Comments and whitespace are dropped. Throws PARSE_SYNTAX_ERROR for an
 * unexpected character or unterminated string, UNCLOSED_BRACKETED_COMMENT for an open comment.
 */
export function tokenize(text: string): IToken[] {
  const tokens: IToken[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  let lineStart = 0;

  const push = (type: TokenType, start: number, end: number, payload?: unknown): void => {
    const tok: IToken = {
      image: text.slice(start, end),
      startOffset: start,
      endOffset: end - 1,
      startLine: line,
      startColumn: start - lineStart + 1,
      endLine: line,
      endColumn: end - lineStart,
      tokenTypeIdx: type.tokenTypeIdx!,
      tokenType: type,
    };
    if (payload !== undefined) tok.payload = payload;
    tokens.push(tok);
  };
  // Advances over text[from, to) keeping line bookkeeping right for multi-line tokens.
  const advanceLines = (from: number, to: number): void => {
    for (let k = from; k < to; k++) {
      if (text.charCodeAt(k) === 10) {
        line++;
        lineStart = k + 1;
      }
    }
  };

  while (i < n) {
    const c = text[i]!;
    // whitespace
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f' || c === '\v') {
      if (c === '\n') {
        line++;
        lineStart = i + 1;
      }
      i++;
      continue;
    }
    // -- comment
    if (c === '-' && text[i + 1] === '-') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    // /* nested */ comment
    if (c === '/' && text[i + 1] === '*') {
      const start = i;
      let depth = 1;
      let k = i + 2;
      while (k < n && depth > 0) {
        if (text[k] === '/' && text[k + 1] === '*') {
          depth++;
          k += 2;
        } else if (text[k] === '*' && text[k + 1] === '/') {
          depth--;
          k += 2;
        } else k++;
      }
      if (depth > 0) {
        throw new FlintError(
          'UNCLOSED_BRACKETED_COMMENT',
          '[UNCLOSED_BRACKETED_COMMENT] Found an unclosed bracketed comment. Please, append */ at the end of the comment. SQLSTATE: 42601',
          {},
          null,
          '42601',
        );
      }
      advanceLines(start, k);
      i = k;
      continue;
    }
    // strings, including R'raw' strings
    const isRaw = (c === 'r' || c === 'R') && (text[i + 1] === "'" || text[i + 1] === '"');
    if (c === "'" || c === '"' || isRaw) {
      const start = i;
      const q = isRaw ? text[i + 1]! : c;
      let k = isRaw ? i + 2 : i + 1;
      let value = '';
      let closed = false;
      let segStart = k;
      while (k < n) {
        const ch = text[k]!;
        if (ch === '\\' && !isRaw) {
          k += 2;
          continue;
        }
        if (ch === q) {
          // A doubled quote inside a string stands for one quote.
          if (text[k + 1] === q && !isRaw) {
            value += unescapeSqlString(text.slice(segStart, k)) + q;
            k += 2;
            segStart = k;
            continue;
          }
          closed = true;
          break;
        }
        k++;
      }
      if (!closed) {
        throw syntaxError(text, { offset: start, line, column: start - lineStart + 1, image: text[start]! });
      }
      value += isRaw ? text.slice(segStart, k) : unescapeSqlString(text.slice(segStart, k));
      const startLine = line;
      const startCol = start - lineStart + 1;
      push(StringLit, start, k + 1, { value } satisfies StringPayload);
      const t = tokens[tokens.length - 1]!;
      advanceLines(start, k + 1);
      t.startLine = startLine;
      t.startColumn = startCol;
      t.endLine = line;
      i = k + 1;
      continue;
    }
    // back-quoted identifier; `` stands for one backquote
    if (c === '`') {
      const start = i;
      let k = i + 1;
      let value = '';
      let closed = false;
      while (k < n) {
        if (text[k] === '`') {
          if (text[k + 1] === '`') {
            value += '`';
            k += 2;
            continue;
          }
          closed = true;
          break;
        }
        value += text[k];
        k++;
      }
      if (!closed)
        throw syntaxError(text, { offset: start, line, column: start - lineStart + 1, image: '`' });
      const startLine = line;
      const startCol = start - lineStart + 1;
      push(QuotedIdentifier, start, k + 1, value);
      const t = tokens[tokens.length - 1]!;
      advanceLines(start, k + 1);
      t.startLine = startLine;
      t.startColumn = startCol;
      i = k + 1;
      continue;
    }
    // numbers and words: a maximal run of word characters (plus a decimal point and exponent sign)
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1] ?? ''))) {
      const tok = scanNumber(text, i);
      if (tok) {
        push(tok.type, i, tok.end);
        i = tok.end;
        continue;
      }
    }
    if (isWordChar(c)) {
      let k = i + 1;
      while (k < n && isWordChar(text[k]!)) k++;
      const word = text.slice(i, k);
      const kw = keywordByUpper.get(word.toUpperCase());
      push(kw ?? Identifier, i, k);
      i = k;
      continue;
    }
    if (c === '!' && text[i + 1] !== '=') {
      push(KW.NOT, i, i + 1);
      i++;
      continue;
    }
    let matched = false;
    for (const [op, type] of OPERATORS) {
      if (text.startsWith(op, i)) {
        push(type, i, i + op.length);
        i += op.length;
        matched = true;
        break;
      }
    }
    if (!matched) {
      throw syntaxError(text, { offset: i, line, column: i - lineStart + 1, image: c });
    }
  }
  return tokens;
}

/** Matches Spark's number tokens at `start`, which must not run on into letters (then it is a word). */
function scanNumber(text: string, start: number): { type: TokenType; end: number } | null {
  // The candidate: digits, an optional fraction, an optional exponent, then word characters.
  const m = /^(?:[0-9]*\.?[0-9]*)(?:[eE][+-]?[0-9]+)?[\p{L}\p{N}_]*/u.exec(text.slice(start, start + 400));
  if (!m) return null;
  let cand = m[0];
  // Try the longest form first, then shorter ones (as ANTLR's longest-match rule does).
  for (let len = cand.length; len > 0; len--) {
    const s = cand.slice(0, len);
    const next = text[start + len] ?? '';
    // A number cannot run straight into a word character (then the whole run is an identifier).
    if (isWordChar(next)) continue;
    for (const [re, type] of NUMBER_FORMS) {
      if (re.test(s)) return { type, end: start + len };
    }
  }
  // A run like 123abc is an identifier (Spark's IDENTIFIER allows leading digits).
  if (INTEGER_RE.test(cand.slice(0, 1))) {
    cand = /^[\p{L}\p{N}_]+/u.exec(text.slice(start))?.[0] ?? '';
    if (cand.length > 0) return { type: Identifier, end: start + cand.length };
  }
  return null;
}
