// The Spark SQL grammar as a chevrotain EmbeddedActionsParser that builds the AST of ast.ts directly.
// Keywords are mostly non-reserved, so many alternatives start with the same token category; GATEs
// with explicit lookahead pick the intended one, in the order Spark's grammar would.

import { EmbeddedActionsParser, EOF, tokenMatcher, type IToken, type TokenType } from 'chevrotain';
import { T, parseTime, type DataType, type StructField } from '@flint/common';
import type {
  AstExpr,
  BinaryOp,
  ColumnDef,
  Cte,
  FrameBound,
  GroupBy,
  JoinType,
  Origin,
  Query,
  QueryBody,
  Relation,
  SelectItem,
  SortItem,
  Statement,
  TableAlias,
  WindowFrame,
  WindowSpec,
} from './ast.js';
import {
  allTokens,
  Amp,
  AnyWord,
  Arrow,
  BigDecimalLit,
  BigintLit,
  Caret,
  Colon,
  Comma,
  Concat,
  DecimalLit,
  Dot,
  DoubleColon,
  DoubleLit,
  Eq,
  EqEq,
  ExponentLit,
  FloatLit,
  Gt,
  Gte,
  Ident,
  IntegerLit,
  KW,
  LBracket,
  LParen,
  Lt,
  Lte,
  Minus,
  Neq,
  NeqJ,
  NullSafeEq,
  NumberLit,
  Percent,
  Pipe,
  Plus,
  QuotedIdentifier,
  Question,
  RBracket,
  RParen,
  SelectAlias,
  Semi,
  Slash,
  SmallintLit,
  Star,
  StringLit,
  TableAliasCat,
  Tilde,
  TinyintLit,
  type StringPayload,
} from './lexer.js';
import { numberLiteral, type NumberKind } from './literals.js';
import { isValidDateText, isValidTimestampText } from './typed-literals.js';
import { parseError, syntaxError, type ErrorPlace } from './errors.js';
import { parseHintComments } from './hint-comment.js';

type Tok = IToken;

const INTERVAL_UNITS = new Map<string, string>([
  ['YEAR', 'YEAR'],
  ['YEARS', 'YEAR'],
  ['MONTH', 'MONTH'],
  ['MONTHS', 'MONTH'],
  ['WEEK', 'WEEK'],
  ['WEEKS', 'WEEK'],
  ['DAY', 'DAY'],
  ['DAYS', 'DAY'],
  ['HOUR', 'HOUR'],
  ['HOURS', 'HOUR'],
  ['MINUTE', 'MINUTE'],
  ['MINUTES', 'MINUTE'],
  ['SECOND', 'SECOND'],
  ['SECONDS', 'SECOND'],
  ['MILLISECOND', 'MILLISECOND'],
  ['MILLISECONDS', 'MILLISECOND'],
  ['MICROSECOND', 'MICROSECOND'],
  ['MICROSECONDS', 'MICROSECOND'],
]);

const DATETIME_UNITS = [
  'YEAR',
  'QUARTER',
  'MONTH',
  'WEEK',
  'DAY',
  'DAYOFYEAR',
  'HOUR',
  'MINUTE',
  'SECOND',
  'MILLISECOND',
  'MICROSECOND',
];
/** Functions whose first argument is a bare datetime unit: TIMESTAMPADD(YEAR, 1, ts). */
const UNIT_FUNCTIONS = new Set([
  'timestampadd',
  'dateadd',
  'date_add',
  'timestampdiff',
  'datediff',
  'date_diff',
  'timediff',
]);

/** Functions Spark calls without parentheses. */
const NILADIC = new Set([
  'CURRENT_DATE',
  'CURRENT_TIMESTAMP',
  'CURRENT_USER',
  'USER',
  'SESSION_USER',
  'CURRENT_TIME',
]);

const NUMBER_KIND = new Map<TokenType, NumberKind>([
  [IntegerLit, 'integer'],
  [BigintLit, 'bigint'],
  [SmallintLit, 'smallint'],
  [TinyintLit, 'tinyint'],
  [DecimalLit, 'decimal'],
  [ExponentLit, 'exponent'],
  [DoubleLit, 'double'],
  [FloatLit, 'float'],
  [BigDecimalLit, 'bigdecimal'],
]);
const SUFFIX_LEN: Partial<Record<NumberKind, number>> = {
  bigint: 1,
  smallint: 1,
  tinyint: 1,
  double: 1,
  float: 1,
  bigdecimal: 2,
};

/** Joins name parts; safe during chevrotain's recording phase, when rules return placeholders. */
const dotted = (parts: unknown): string => (Array.isArray(parts) ? parts.join('.') : '');
const identText = (t: Tok): string => (t.tokenType === QuotedIdentifier ? (t.payload as string) : t.image);
const upper = (t: Tok): string => t.image.toUpperCase();

export class SqlParser extends EmbeddedActionsParser {
  /** The text being parsed, for origins, error contexts and raw slices. */
  sqlText = '';
  private positional = 0;

  /**
   * `validateGrammar`: run chevrotain's checks of the grammar itself (ambiguities, left recursion).
   * They take about 200 ms, so the shared parser skips them and a test builds one that runs them.
   */
  constructor(validateGrammar = false) {
    super(allTokens, { maxLookahead: 1, recoveryEnabled: false, skipValidations: !validateGrammar });
    this.performSelfAnalysis();
  }

  prepare(text: string, tokens: IToken[]): void {
    this.sqlText = text;
    this.positional = 0;
    this.input = tokens;
  }

  /** The next unconsumed token (EOF at the end). */
  peek(): IToken {
    return this.LA(1);
  }

  // ------------------------------------------------------------ helpers (only inside ACTION / GATE)

  private org(start: Tok): Origin {
    const last = this.LA(0);
    const stop =
      last && !Number.isNaN(last.startOffset) && last.startOffset >= start.startOffset
        ? (last.endOffset ?? start.startOffset)
        : (start.endOffset ?? start.startOffset);
    return { start: start.startOffset, stop, line: start.startLine ?? 1, column: start.startColumn ?? 1 };
  }

  private place(start: Tok, stopTok?: Tok): ErrorPlace {
    const last = stopTok ?? this.LA(0);
    return {
      offset: start.startOffset,
      line: start.startLine ?? 1,
      column: start.startColumn ?? 1,
      image: start.image,
      stop: last.endOffset ?? start.startOffset,
    };
  }

  private is(k: number, type: TokenType): boolean {
    return tokenMatcher(this.LA(k), type);
  }

  private isUnitAt(k: number): boolean {
    const t = this.LA(k);
    return tokenMatcher(t, Ident) && t.tokenType !== QuotedIdentifier && INTERVAL_UNITS.has(upper(t));
  }

  /** Does a query start at LA(k)? (For `(` at LA(k-1).) Nested parentheses are tried by backtracking. */
  private queryAt(k: number): boolean {
    const t = this.LA(k);
    if (tokenMatcher(t, KW.SELECT)) return true;
    if (tokenMatcher(t, KW.WITH)) {
      return (
        this.is(k + 1, KW.RECURSIVE) ||
        (this.is(k + 1, Ident) &&
          (this.is(k + 2, KW.AS) || this.is(k + 2, LParen) || this.LA(k + 2).image.toUpperCase() === 'MAX'))
      );
    }
    if (tokenMatcher(t, KW.VALUES)) return !this.is(k + 1, RParen) && !this.is(k + 1, Comma);
    if (tokenMatcher(t, KW.FROM)) return true;
    if (tokenMatcher(t, KW.TABLE)) return this.is(k + 1, Ident);
    if (tokenMatcher(t, LParen) && k === 2) return this.BACKTRACK(this.parenQuery).call(this);
    return false;
  }

  /** ident (. ident)* ( at LA(1)? */
  private callAhead(): boolean {
    let k = 1;
    if (!this.is(k, Ident)) return false;
    k++;
    while (this.is(k, Dot) && this.is(k + 1, AnyWord)) k += 2;
    return this.is(k, LParen);
  }

  /** ident (. ident)* . * at LA(1)? */
  private qualifiedStarAhead(): boolean {
    let k = 1;
    if (!this.is(k, Ident)) return false;
    k++;
    while (this.is(k, Dot) && this.is(k + 1, AnyWord)) k += 2;
    return this.is(k, Dot) && this.is(k + 1, Star);
  }

  /** ( ident, ident ... ) -> at LA(1)? */
  private parenLambdaAhead(): boolean {
    if (!this.is(1, LParen)) return false;
    let k = 2;
    if (this.is(k, RParen)) return this.is(k + 1, Arrow);
    for (;;) {
      if (!this.is(k, Ident)) return false;
      k++;
      if (this.is(k, Comma)) {
        k++;
        continue;
      }
      return this.is(k, RParen) && this.is(k + 1, Arrow);
    }
  }

  /** ALL as a quantifier (SELECT ALL a) rather than a column named `all`. */
  private quantifierAllAhead(): boolean {
    const n = this.LA(2);
    return !(
      tokenMatcher(n, Comma) ||
      tokenMatcher(n, KW.FROM) ||
      tokenMatcher(n, Dot) ||
      tokenMatcher(n, RParen) ||
      tokenMatcher(n, Arrow) ||
      n.tokenType === EOF ||
      tokenMatcher(n, Semi)
    );
  }

  /** GROUP BY ALL / ORDER BY ALL rather than a column named `all` in a list. */
  private allKeywordAhead(): boolean {
    return this.is(1, KW.ALL) && !this.is(2, Comma) && !this.is(2, Dot) && !this.is(2, LParen);
  }

  private starExceptAhead(): boolean {
    return this.is(1, KW.EXCEPT) && this.is(2, LParen) && !this.queryAt(3) && !this.is(3, LParen);
  }

  private shiftAhead(): boolean {
    const a = this.LA(1);
    const b = this.LA(2);
    const adjacent = b.startOffset === (a.endOffset ?? -2) + 1;
    if (!adjacent) return false;
    return (tokenMatcher(a, Lt) && tokenMatcher(b, Lt)) || (tokenMatcher(a, Gt) && tokenMatcher(b, Gt));
  }

  private intervalPartAhead(): boolean {
    let k = 1;
    if (this.is(k, Minus) || this.is(k, Plus)) k++;
    if (!this.is(k, StringLit) && !this.is(k, NumberLit)) return false;
    return this.isUnitAt(k + 1);
  }

  /** Every row of VALUES has as many columns as the alias list (or the first row). */
  private checkInlineTable(rows: readonly (readonly AstExpr[])[], alias: TableAlias | undefined): void {
    const expected = alias?.columns?.length ?? rows[0]?.length ?? 0;
    rows.forEach((row, i) => {
      if (row.length !== expected) {
        throw parseError(
          'INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH',
          `Invalid inline table. Inline table expected ${expected} columns but found ${row.length} columns in row ${i}.`,
          { actualNumCols: String(row.length), expectedNumCols: String(expected), rowIndex: String(i) },
          '42000',
          this.sqlText,
          null,
        );
      }
    });
  }

  private bin(op: BinaryOp, left: AstExpr, right: AstExpr, start: Tok): AstExpr {
    return { kind: 'Binary', op, left, right, origin: this.org(start) };
  }

  // ------------------------------------------------------------ names

  identifier = this.RULE('identifier', (): string => {
    const t = this.CONSUME(Ident);
    return this.ACTION(() => identText(t));
  });

  /** Any word, reserved keywords included (after AS, in column lists, after a dot). */
  anyName = this.RULE('anyName', (): string => {
    const t = this.CONSUME(AnyWord);
    return this.ACTION(() => identText(t));
  });

  qualifiedName = this.RULE('qualifiedName', (): string[] => {
    const parts: string[] = [];
    parts.push(this.SUBRULE(this.identifier));
    this.MANY({
      GATE: () => this.is(2, AnyWord),
      DEF: () => {
        this.CONSUME(Dot);
        parts.push(this.SUBRULE(this.anyName));
      },
    });
    return parts;
  });

  identifierList = this.RULE('identifierList', (): string[] => {
    const names: string[] = [];
    this.CONSUME(LParen);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => names.push(this.SUBRULE(this.anyName)) });
    this.CONSUME(RParen);
    return names;
  });

  stringLit = this.RULE('stringLit', (): string => {
    let s = '';
    this.AT_LEAST_ONE(() => {
      const t = this.CONSUME(StringLit);
      this.ACTION(() => {
        s += (t.payload as StringPayload).value;
      });
    });
    return s;
  });

  // ------------------------------------------------------------ data types

  dataType = this.RULE('dataType', (): DataType => {
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.is(2, Lt),
          ALT: () => {
            this.CONSUME(KW.ARRAY);
            this.CONSUME(Lt);
            const e = this.SUBRULE(this.dataType);
            this.CONSUME(Gt);
            return this.ACTION(() => T.array(e));
          },
        },
        {
          GATE: () => this.is(2, Lt),
          ALT: () => {
            this.CONSUME(KW.MAP);
            this.CONSUME2(Lt);
            const k = this.SUBRULE2(this.dataType);
            this.CONSUME(Comma);
            const v = this.SUBRULE3(this.dataType);
            this.CONSUME2(Gt);
            return this.ACTION(() => T.map(k, v));
          },
        },
        {
          GATE: () => this.is(2, Lt),
          ALT: () => {
            this.CONSUME(KW.STRUCT);
            this.CONSUME3(Lt);
            const fields: StructField[] = [];
            this.MANY_SEP({ SEP: Comma, DEF: () => fields.push(this.SUBRULE(this.structField)) });
            this.CONSUME3(Gt);
            return this.ACTION(() => T.struct(fields));
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW.INTERVAL);
            let from: string | undefined;
            let to: string | undefined;
            this.OPTION({
              GATE: () => this.isUnitAt(1),
              DEF: () => {
                const f = this.CONSUME(Ident);
                from = this.ACTION(() => INTERVAL_UNITS.get(upper(f)));
                this.OPTION2({
                  GATE: () => this.is(1, KW.TO) && this.isUnitAt(2),
                  DEF: () => {
                    this.CONSUME(KW.TO);
                    const t = this.CONSUME2(Ident);
                    to = this.ACTION(() => INTERVAL_UNITS.get(upper(t)));
                  },
                });
              },
            });
            return this.ACTION(() => intervalType(from, to));
          },
        },
        {
          ALT: () => {
            const start = this.LA(1);
            const name = this.SUBRULE(this.identifier);
            const params: string[] = [];
            this.OPTION3(() => {
              this.CONSUME(LParen);
              this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => params.push(this.CONSUME(IntegerLit).image) });
              this.CONSUME(RParen);
            });
            return this.ACTION(() => this.primitiveType(name, params.map(Number), start));
          },
        },
      ],
    });
  });

  structField = this.RULE('structField', (): StructField => {
    const name = this.SUBRULE(this.anyName);
    this.OPTION(() => this.CONSUME(Colon));
    const dataType = this.SUBRULE(this.dataType);
    let nullable = true;
    this.OPTION2(() => {
      this.CONSUME(KW.NOT);
      this.CONSUME(KW.NULL);
      nullable = false;
    });
    let comment: string | undefined;
    this.OPTION3(() => {
      this.CONSUME(KW.COMMENT);
      comment = this.SUBRULE(this.stringLit);
    });
    return this.ACTION(() => {
      const f: StructField = { name, dataType, nullable };
      return comment === undefined ? f : { ...f, metadata: { comment } };
    });
  });

  private primitiveType(name: string, params: number[], start: Tok): DataType {
    const u = name.toUpperCase();
    const p0 = params[0];
    switch (u) {
      case 'BOOLEAN':
        return T.boolean;
      case 'TINYINT':
      case 'BYTE':
        return T.byte;
      case 'SMALLINT':
      case 'SHORT':
        return T.short;
      case 'INT':
      case 'INTEGER':
        return T.int;
      case 'BIGINT':
      case 'LONG':
        return T.long;
      case 'FLOAT':
      case 'REAL':
        return T.float;
      case 'DOUBLE':
        return T.double;
      case 'DECIMAL':
      case 'DEC':
      case 'NUMERIC': {
        const precision = p0 ?? 10;
        const scale = params[1] ?? 0;
        if (precision > 38) {
          throw parseError(
            'DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION',
            `Decimal precision ${precision} exceeds max precision 38.`,
            { maxPrecision: '38', precision: String(precision) },
            '22003',
            this.sqlText,
            this.place(start),
          );
        }
        return T.decimal(precision, scale);
      }
      case 'STRING':
      case 'VARCHAR':
      case 'CHAR':
      case 'CHARACTER':
        return T.string;
      case 'BINARY':
        return T.binary;
      case 'DATE':
        return T.date;
      case 'TIMESTAMP':
      case 'TIMESTAMP_LTZ':
        return T.timestamp;
      case 'TIMESTAMP_NTZ':
        return T.timestampNtz;
      case 'TIME': {
        const precision = p0 ?? 6;
        if (precision > 6) {
          throw parseError(
            'UNSUPPORTED_TIME_PRECISION',
            `The seconds precision ${precision} of the TIME data type is out of the supported range [0, 6].`,
            { precision: String(precision) },
            '0A001',
            this.sqlText,
            this.place(start),
          );
        }
        return T.time(precision);
      }
      case 'VOID':
        return T.null;
      default:
        throw parseError(
          'UNSUPPORTED_DATATYPE',
          `Unsupported data type "${u}".`,
          { typeName: `"${u}"` },
          '0A000',
          this.sqlText,
          this.place(start),
        );
    }
  }

  // ------------------------------------------------------------ expressions

  expr = this.RULE('expr', (): AstExpr => this.SUBRULE(this.orExpr));

  orExpr = this.RULE('orExpr', (): AstExpr => {
    const start = this.LA(1);
    let left = this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(KW.OR);
      const right = this.SUBRULE2(this.andExpr);
      left = this.ACTION(() => this.bin('OR', left, right, start));
    });
    return left;
  });

  andExpr = this.RULE('andExpr', (): AstExpr => {
    const start = this.LA(1);
    let left = this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(KW.AND);
      const right = this.SUBRULE2(this.notExpr);
      left = this.ACTION(() => this.bin('AND', left, right, start));
    });
    return left;
  });

  notExpr = this.RULE('notExpr', (): AstExpr => {
    return this.OR([
      {
        ALT: () => {
          const start = this.CONSUME(KW.NOT);
          const operand = this.SUBRULE(this.notExpr);
          return this.ACTION((): AstExpr => ({ kind: 'Unary', op: 'NOT', operand, origin: this.org(start) }));
        },
      },
      { ALT: () => this.SUBRULE(this.predicated) },
    ]);
  });

  predicated = this.RULE('predicated', (): AstExpr => {
    const start = this.LA(1);
    let e = this.SUBRULE(this.comparison);
    this.OPTION(() => {
      e = this.SUBRULE(this.predicate, { ARGS: [e, start] });
    });
    return e;
  });

  predicate = this.RULE('predicate', (left: AstExpr, start: Tok): AstExpr => {
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(KW.IS);
          let negated = false;
          this.OPTION(() => {
            this.CONSUME(KW.NOT);
            negated = true;
          });
          return this.OR2([
            {
              ALT: () => {
                this.CONSUME(KW.NULL);
                return this.ACTION((): AstExpr => ({
                  kind: 'IsNull',
                  expr: left,
                  negated,
                  origin: this.org(start),
                }));
              },
            },
            {
              ALT: () => {
                const t = this.OR3([
                  { ALT: () => this.CONSUME(KW.TRUE) },
                  { ALT: () => this.CONSUME(KW.FALSE) },
                  { ALT: () => this.CONSUME(KW.UNKNOWN) },
                ]);
                return this.ACTION((): AstExpr => {
                  const u = upper(t);
                  const value = u === 'TRUE' ? true : u === 'FALSE' ? false : null;
                  return { kind: 'IsBoolean', expr: left, value, negated, origin: this.org(start) };
                });
              },
            },
            {
              ALT: () => {
                this.CONSUME(KW.DISTINCT);
                this.CONSUME(KW.FROM);
                const right = this.SUBRULE(this.comparison);
                return this.ACTION((): AstExpr => ({
                  kind: 'IsDistinctFrom',
                  left,
                  right,
                  negated,
                  origin: this.org(start),
                }));
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          let negated = false;
          this.OPTION2(() => {
            this.CONSUME2(KW.NOT);
            negated = true;
          });
          return this.SUBRULE(this.positivePredicate, { ARGS: [left, start, negated] });
        },
      },
    ]);
  });

  positivePredicate = this.RULE(
    'positivePredicate',
    (left: AstExpr, start: Tok, negated: boolean): AstExpr => {
      return this.OR([
        {
          ALT: () => {
            this.CONSUME(KW.BETWEEN);
            const low = this.SUBRULE(this.comparison);
            this.CONSUME(KW.AND);
            const high = this.SUBRULE2(this.comparison);
            return this.ACTION((): AstExpr => ({
              kind: 'Between',
              expr: left,
              low,
              high,
              negated,
              origin: this.org(start),
            }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW.IN);
            this.CONSUME(LParen);
            const r = this.OR2({
              IGNORE_AMBIGUITIES: true,
              DEF: [
                {
                  GATE: () =>
                    this.queryAt(1) || (this.is(1, LParen) && this.BACKTRACK(this.parenQuery).call(this)),
                  ALT: () => {
                    const query = this.SUBRULE(this.query);
                    return { query, list: [] as AstExpr[] };
                  },
                },
                {
                  ALT: () => {
                    const list: AstExpr[] = [];
                    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => list.push(this.SUBRULE(this.expr)) });
                    return { query: undefined as Query | undefined, list };
                  },
                },
              ],
            });
            this.CONSUME(RParen);
            return this.ACTION((): AstExpr => {
              if (r.query) {
                const exprs = left.kind === 'Tuple' ? left.items : [left];
                return { kind: 'InSubquery', exprs, query: r.query, negated, origin: this.org(start) };
              }
              return { kind: 'In', expr: left, list: r.list, negated, origin: this.org(start) };
            });
          },
        },
        {
          ALT: () => {
            this.OR3([{ ALT: () => this.CONSUME(KW.RLIKE) }, { ALT: () => this.CONSUME(KW.REGEXP) }]);
            const pattern = this.SUBRULE3(this.comparison);
            return this.ACTION((): AstExpr => ({
              kind: 'Like',
              op: 'RLIKE',
              expr: left,
              pattern,
              negated,
              origin: this.org(start),
            }));
          },
        },
        {
          ALT: () => {
            const opTok = this.OR4([
              { ALT: () => this.CONSUME(KW.LIKE) },
              { ALT: () => this.CONSUME(KW.ILIKE) },
            ]);
            return this.OR5({
              IGNORE_AMBIGUITIES: true,
              DEF: [
                {
                  GATE: () =>
                    (this.is(1, KW.ANY) || this.is(1, KW.SOME) || this.is(1, KW.ALL)) && this.is(2, LParen),
                  ALT: () => {
                    const q = this.OR6([
                      { ALT: () => this.CONSUME(KW.ANY) },
                      { ALT: () => this.CONSUME(KW.SOME) },
                      { ALT: () => this.CONSUME(KW.ALL) },
                    ]);
                    this.CONSUME2(LParen);
                    const patterns: AstExpr[] = [];
                    this.MANY_SEP({ SEP: Comma, DEF: () => patterns.push(this.SUBRULE2(this.expr)) });
                    const close = this.CONSUME2(RParen);
                    return this.ACTION((): AstExpr => {
                      if (patterns.length === 0) {
                        throw parseError(
                          'INVALID_SQL_SYNTAX.EMPTY_QUANTIFIED_PATTERN',
                          "Invalid SQL syntax: Expected something between '(' and ')'.",
                          {},
                          '42000',
                          this.sqlText,
                          this.place(close),
                        );
                      }
                      return {
                        kind: 'Like',
                        op: upper(opTok) as 'LIKE' | 'ILIKE',
                        expr: left,
                        negated,
                        quantifier: upper(q) as 'ANY' | 'ALL' | 'SOME',
                        patterns,
                        origin: this.org(start),
                      };
                    });
                  },
                },
                {
                  ALT: () => {
                    const pattern = this.SUBRULE4(this.comparison);
                    let escape: string | undefined;
                    this.OPTION3(() => {
                      this.CONSUME(KW.ESCAPE);
                      escape = this.SUBRULE(this.stringLit);
                    });
                    return this.ACTION((): AstExpr => {
                      const e: AstExpr = {
                        kind: 'Like',
                        op: upper(opTok) as 'LIKE' | 'ILIKE',
                        expr: left,
                        pattern,
                        negated,
                        origin: this.org(start),
                      };
                      return escape === undefined ? e : { ...e, escape };
                    });
                  },
                },
              ],
            });
          },
        },
      ]);
    },
  );

  comparison = this.RULE('comparison', (): AstExpr => {
    const start = this.LA(1);
    let left = this.SUBRULE(this.bitOr);
    this.MANY(() => {
      const op = this.OR([
        { ALT: () => this.CONSUME(Eq) },
        { ALT: () => this.CONSUME(EqEq) },
        { ALT: () => this.CONSUME(NullSafeEq) },
        { ALT: () => this.CONSUME(Neq) },
        { ALT: () => this.CONSUME(NeqJ) },
        { ALT: () => this.CONSUME(Lt) },
        { ALT: () => this.CONSUME(Lte) },
        { ALT: () => this.CONSUME(Gt) },
        { ALT: () => this.CONSUME(Gte) },
      ]);
      const right = this.SUBRULE2(this.bitOr);
      left = this.ACTION(() => this.bin(op.image as BinaryOp, left, right, start));
    });
    return left;
  });

  bitOr = this.RULE('bitOr', (): AstExpr => {
    const start = this.LA(1);
    let left = this.SUBRULE(this.bitXor);
    this.MANY(() => {
      this.CONSUME(Pipe);
      const right = this.SUBRULE2(this.bitXor);
      left = this.ACTION(() => this.bin('|', left, right, start));
    });
    return left;
  });

  bitXor = this.RULE('bitXor', (): AstExpr => {
    const start = this.LA(1);
    let left = this.SUBRULE(this.bitAnd);
    this.MANY(() => {
      this.CONSUME(Caret);
      const right = this.SUBRULE2(this.bitAnd);
      left = this.ACTION(() => this.bin('^', left, right, start));
    });
    return left;
  });

  bitAnd = this.RULE('bitAnd', (): AstExpr => {
    const start = this.LA(1);
    let left = this.SUBRULE(this.shift);
    this.MANY(() => {
      this.CONSUME(Amp);
      const right = this.SUBRULE2(this.shift);
      left = this.ACTION(() => this.bin('&', left, right, start));
    });
    return left;
  });

  shift = this.RULE('shift', (): AstExpr => {
    const start = this.LA(1);
    let left = this.SUBRULE(this.additive);
    this.MANY({
      GATE: () => this.shiftAhead(),
      DEF: () => {
        const op = this.OR({
          IGNORE_AMBIGUITIES: true,
          DEF: [
            {
              ALT: () => {
                this.CONSUME(Lt);
                this.CONSUME2(Lt);
                return '<<' as const;
              },
            },
            {
              GATE: () => this.is(3, Gt) && this.LA(3).startOffset === (this.LA(2).endOffset ?? -2) + 1,
              ALT: () => {
                this.CONSUME(Gt);
                this.CONSUME2(Gt);
                this.CONSUME3(Gt);
                return '>>>' as const;
              },
            },
            {
              ALT: () => {
                this.CONSUME4(Gt);
                this.CONSUME5(Gt);
                return '>>' as const;
              },
            },
          ],
        });
        const right = this.SUBRULE2(this.additive);
        left = this.ACTION(() => this.bin(op, left, right, start));
      },
    });
    return left;
  });

  additive = this.RULE('additive', (): AstExpr => {
    const start = this.LA(1);
    let left = this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      const op = this.OR([
        { ALT: () => this.CONSUME(Plus) },
        { ALT: () => this.CONSUME(Minus) },
        { ALT: () => this.CONSUME(Concat) },
      ]);
      const right = this.SUBRULE2(this.multiplicative);
      left = this.ACTION(() => this.bin(op.image as BinaryOp, left, right, start));
    });
    return left;
  });

  multiplicative = this.RULE('multiplicative', (): AstExpr => {
    const start = this.LA(1);
    let left = this.SUBRULE(this.unary);
    this.MANY(() => {
      const op = this.OR([
        { ALT: () => this.CONSUME(Star) },
        { ALT: () => this.CONSUME(Slash) },
        { ALT: () => this.CONSUME(Percent) },
        { ALT: () => this.CONSUME(KW.DIV) },
      ]);
      const right = this.SUBRULE2(this.unary);
      left = this.ACTION(() =>
        this.bin((op.tokenType === KW.DIV ? 'DIV' : op.image) as BinaryOp, left, right, start),
      );
    });
    return left;
  });

  unary = this.RULE('unary', (): AstExpr => {
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => !(this.is(1, Minus) && this.is(2, NumberLit)),
          ALT: () => {
            const op = this.OR2([
              { ALT: () => this.CONSUME(Minus) },
              { ALT: () => this.CONSUME(Plus) },
              { ALT: () => this.CONSUME(Tilde) },
            ]);
            const operand = this.SUBRULE(this.unary);
            return this.ACTION((): AstExpr => ({
              kind: 'Unary',
              op: op.image as '-' | '+' | '~',
              operand,
              origin: this.org(op),
            }));
          },
        },
        { ALT: () => this.SUBRULE(this.postfix) },
      ],
    });
  });

  postfix = this.RULE('postfix', (): AstExpr => {
    const start = this.LA(1);
    let e = this.SUBRULE(this.primary);
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(LBracket);
            const index = this.SUBRULE(this.expr);
            this.CONSUME(RBracket);
            e = this.ACTION((): AstExpr => ({ kind: 'Subscript', expr: e, index, origin: this.org(start) }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(Dot);
            const field = this.SUBRULE(this.anyName);
            e = this.ACTION((): AstExpr => ({
              kind: 'FieldAccess',
              expr: e,
              field,
              origin: this.org(start),
            }));
          },
        },
        {
          ALT: () => {
            this.CONSUME(DoubleColon);
            const ts = this.LA(1);
            const targetType = this.SUBRULE(this.dataType);
            e = this.ACTION((): AstExpr => ({
              kind: 'Cast',
              expr: e,
              targetType,
              mode: 'cast',
              typeText: this.sqlText.slice(ts.startOffset, (this.LA(0).endOffset ?? 0) + 1),
              origin: this.org(start),
            }));
          },
        },
      ]);
    });
    return e;
  });

  primary = this.RULE('primary', (): AstExpr => {
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            const t = this.CONSUME(Star);
            let except: string[][] | undefined;
            this.OPTION({
              GATE: () => this.starExceptAhead(),
              DEF: () => {
                except = this.SUBRULE(this.starExcept);
              },
            });
            return this.ACTION((): AstExpr => {
              const e: AstExpr = { kind: 'Star', origin: this.org(t) };
              return except ? { ...e, except } : e;
            });
          },
        },
        {
          GATE: () => this.qualifiedStarAhead(),
          ALT: () => {
            const start = this.LA(1);
            const target: string[] = [];
            target.push(this.SUBRULE(this.identifier));
            this.MANY({
              GATE: () => this.is(2, AnyWord),
              DEF: () => {
                this.CONSUME(Dot);
                target.push(this.SUBRULE(this.anyName));
              },
            });
            this.CONSUME2(Dot);
            this.CONSUME2(Star);
            let except: string[][] | undefined;
            this.OPTION2({
              GATE: () => this.starExceptAhead(),
              DEF: () => {
                except = this.SUBRULE2(this.starExcept);
              },
            });
            return this.ACTION((): AstExpr => {
              const e: AstExpr = { kind: 'Star', target, origin: this.org(start) };
              return except ? { ...e, except } : e;
            });
          },
        },
        { ALT: () => this.SUBRULE(this.numberLiteral) },
        {
          ALT: () => {
            const start = this.LA(1);
            const value = this.SUBRULE(this.stringLit);
            return this.ACTION((): AstExpr => ({
              kind: 'Literal',
              dataType: T.string,
              value,
              origin: this.org(start),
            }));
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(KW.NULL);
            return this.ACTION((): AstExpr => ({
              kind: 'Literal',
              dataType: T.null,
              value: null,
              origin: this.org(t),
            }));
          },
        },
        {
          ALT: () => {
            const t = this.OR2([{ ALT: () => this.CONSUME(KW.TRUE) }, { ALT: () => this.CONSUME(KW.FALSE) }]);
            return this.ACTION((): AstExpr => ({
              kind: 'Literal',
              dataType: T.boolean,
              value: t.tokenType === KW.TRUE,
              origin: this.org(t),
            }));
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(Question);
            return this.ACTION((): AstExpr => ({
              kind: 'Parameter',
              position: this.positional++,
              origin: this.org(t),
            }));
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(Colon);
            const name = this.SUBRULE3(this.identifier);
            return this.ACTION((): AstExpr => ({ kind: 'Parameter', name, origin: this.org(t) }));
          },
        },
        { ALT: () => this.SUBRULE(this.caseExpr) },
        { ALT: () => this.SUBRULE(this.castExpr) },
        {
          GATE: () => this.is(2, LParen) && this.queryAt(3),
          ALT: () => {
            const t = this.CONSUME(KW.EXISTS);
            this.CONSUME(LParen);
            const query = this.SUBRULE(this.query);
            this.CONSUME(RParen);
            return this.ACTION((): AstExpr => ({
              kind: 'Exists',
              query,
              negated: false,
              origin: this.org(t),
            }));
          },
        },
        {
          GATE: () => this.is(2, StringLit) || this.is(2, NumberLit) || this.is(2, Minus) || this.is(2, Plus),
          ALT: () => this.SUBRULE(this.intervalLiteral),
        },
        {
          GATE: () => this.is(2, StringLit),
          ALT: () => this.SUBRULE(this.typedLiteral),
        },
        {
          GATE: () => this.is(2, LParen),
          ALT: () => this.SUBRULE(this.specialCall),
        },
        {
          GATE: () => this.queryAt(2),
          ALT: () => {
            const t = this.CONSUME2(LParen);
            const query = this.SUBRULE2(this.query);
            this.CONSUME2(RParen);
            return this.ACTION((): AstExpr => ({ kind: 'ScalarSubquery', query, origin: this.org(t) }));
          },
        },
        {
          GATE: () => this.parenLambdaAhead(),
          ALT: () => {
            const t = this.CONSUME3(LParen);
            const params: string[] = [];
            this.MANY_SEP({ SEP: Comma, DEF: () => params.push(this.SUBRULE4(this.identifier)) });
            this.CONSUME3(RParen);
            this.CONSUME(Arrow);
            const body = this.SUBRULE(this.expr);
            return this.ACTION((): AstExpr => ({ kind: 'Lambda', params, body, origin: this.org(t) }));
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME4(LParen);
            const items: { expr: AstExpr; name: string | null }[] = [];
            this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => items.push(this.SUBRULE2(this.namedArg)) });
            this.CONSUME4(RParen);
            return this.ACTION((): AstExpr => {
              if (items.length === 1 && items[0]!.name === null) return items[0]!.expr;
              const e: AstExpr = { kind: 'Tuple', items: items.map((i) => i.expr), origin: this.org(t) };
              return items.some((i) => i.name !== null) ? { ...e, names: items.map((i) => i.name) } : e;
            });
          },
        },
        {
          GATE: () => this.is(2, Arrow),
          ALT: () => {
            const t = this.LA(1);
            const p = this.SUBRULE5(this.identifier);
            this.CONSUME2(Arrow);
            const body = this.SUBRULE3(this.expr);
            return this.ACTION((): AstExpr => ({ kind: 'Lambda', params: [p], body, origin: this.org(t) }));
          },
        },
        {
          GATE: () => this.callAhead(),
          ALT: () => this.SUBRULE(this.functionCall),
        },
        {
          ALT: () => {
            const t = this.LA(1);
            const nameParts = this.SUBRULE(this.qualifiedName);
            return this.ACTION((): AstExpr => {
              if (
                nameParts.length === 1 &&
                t.tokenType !== QuotedIdentifier &&
                NILADIC.has(nameParts[0]!.toUpperCase())
              ) {
                return {
                  kind: 'Call',
                  name: nameParts,
                  args: [],
                  distinct: false,
                  isStar: false,
                  origin: this.org(t),
                };
              }
              return { kind: 'Column', nameParts, origin: this.org(t) };
            });
          },
        },
      ],
    });
  });

  starExcept = this.RULE('starExcept', (): string[][] => {
    this.CONSUME(KW.EXCEPT);
    this.CONSUME(LParen);
    const cols: string[][] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => cols.push(this.SUBRULE(this.qualifiedName)) });
    this.CONSUME(RParen);
    return cols;
  });

  numberLiteral = this.RULE('numberLiteral', (): AstExpr => {
    const start = this.LA(1);
    let neg = false;
    this.OPTION(() => {
      this.CONSUME(Minus);
      neg = true;
    });
    const t = this.CONSUME(NumberLit);
    return this.ACTION((): AstExpr => {
      const kind = NUMBER_KIND.get(t.tokenType)!;
      const body = t.image.slice(0, t.image.length - (SUFFIX_LEN[kind] ?? 0));
      const raw = (neg ? '-' : '') + body;
      const r = numberLiteral(kind, raw);
      if (!r.ok)
        throw parseError(r.errorClass, r.message, r.params, r.sqlState, this.sqlText, this.place(start));
      return { kind: 'Literal', dataType: r.dataType, value: r.value, origin: this.org(start) };
    });
  });

  caseExpr = this.RULE('caseExpr', (): AstExpr => {
    const start = this.CONSUME(KW.CASE);
    let operand: AstExpr | undefined;
    this.OPTION(() => {
      operand = this.SUBRULE(this.expr);
    });
    const branches: { when: AstExpr; then: AstExpr }[] = [];
    this.AT_LEAST_ONE(() => {
      this.CONSUME(KW.WHEN);
      const when = this.SUBRULE2(this.expr);
      this.CONSUME(KW.THEN);
      const then = this.SUBRULE3(this.expr);
      branches.push({ when, then });
    });
    let otherwise: AstExpr | undefined;
    this.OPTION2(() => {
      this.CONSUME(KW.ELSE);
      otherwise = this.SUBRULE4(this.expr);
    });
    this.CONSUME(KW.END);
    return this.ACTION((): AstExpr => {
      let e: AstExpr = { kind: 'Case', branches, origin: this.org(start) };
      if (operand) e = { ...e, operand };
      if (otherwise) e = { ...e, else: otherwise };
      return e;
    });
  });

  castExpr = this.RULE('castExpr', (): AstExpr => {
    const t = this.OR([{ ALT: () => this.CONSUME(KW.CAST) }, { ALT: () => this.CONSUME(KW.TRY_CAST) }]);
    this.CONSUME(LParen);
    const expr = this.SUBRULE(this.expr);
    this.CONSUME(KW.AS);
    const ts = this.LA(1);
    const targetType = this.SUBRULE(this.dataType);
    const last = this.LA(0);
    this.CONSUME(RParen);
    return this.ACTION((): AstExpr => ({
      kind: 'Cast',
      expr,
      targetType,
      mode: t.tokenType === KW.CAST ? 'cast' : 'try',
      typeText: this.sqlText.slice(ts.startOffset, (last.endOffset ?? 0) + 1),
      origin: this.org(t),
    }));
  });

  intervalPart = this.RULE('intervalPart', (): { value: string; unit?: string; to?: string } => {
    let sign = '';
    this.OPTION(() => {
      const s = this.OR([{ ALT: () => this.CONSUME(Minus) }, { ALT: () => this.CONSUME(Plus) }]);
      sign = s.image === '-' ? '-' : '';
    });
    const value = this.OR2([
      { ALT: () => this.SUBRULE(this.stringLit) },
      { ALT: () => this.CONSUME(NumberLit).image },
    ]);
    let unit: string | undefined;
    let to: string | undefined;
    this.OPTION2({
      GATE: () => this.isUnitAt(1),
      DEF: () => {
        const u = this.CONSUME(Ident);
        unit = this.ACTION(() => INTERVAL_UNITS.get(upper(u)));
        this.OPTION3({
          GATE: () => this.is(1, KW.TO) && this.isUnitAt(2),
          DEF: () => {
            this.CONSUME(KW.TO);
            const u2 = this.CONSUME2(Ident);
            to = this.ACTION(() => INTERVAL_UNITS.get(upper(u2)));
          },
        });
      },
    });
    return this.ACTION(() => {
      const part: { value: string; unit?: string; to?: string } = { value: sign + value };
      if (unit !== undefined) part.unit = unit;
      if (to !== undefined) part.to = to;
      return part;
    });
  });

  intervalLiteral = this.RULE('intervalLiteral', (): AstExpr => {
    const start = this.CONSUME(KW.INTERVAL);
    const parts: { value: string; unit?: string; to?: string }[] = [];
    parts.push(this.SUBRULE(this.intervalPart));
    this.MANY({
      GATE: () => this.intervalPartAhead(),
      DEF: () => {
        parts.push(this.SUBRULE2(this.intervalPart));
      },
    });
    return this.ACTION((): AstExpr => ({ kind: 'IntervalLiteral', parts, origin: this.org(start) }));
  });

  typedLiteral = this.RULE('typedLiteral', (): AstExpr => {
    const t = this.CONSUME(Ident);
    const text = this.SUBRULE(this.stringLit);
    return this.ACTION((): AstExpr => {
      const u = t.tokenType === QuotedIdentifier ? '' : upper(t);
      switch (u) {
        case 'DATE':
        case 'TIMESTAMP':
        case 'TIMESTAMP_NTZ':
        case 'TIMESTAMP_LTZ':
          if (!(u === 'DATE' ? isValidDateText(text) : isValidTimestampText(text))) {
            throw parseError(
              'INVALID_TYPED_LITERAL',
              `The value of the typed literal "${u}" is invalid: '${text}'.`,
              { value: `'${text}'`, valueType: `"${u}"` },
              '42604',
              this.sqlText,
              this.place(t),
            );
          }
          return { kind: 'TypedLiteral', typeName: u, text, origin: this.org(t) };
        case 'TIME':
          if (parseTime(text) === null) {
            throw parseError(
              'INVALID_TYPED_LITERAL',
              `The value of the typed literal "TIME" is invalid: '${text}'.`,
              { value: `'${text}'`, valueType: '"TIME"' },
              '42604',
              this.sqlText,
              this.place(t),
            );
          }
          return { kind: 'TypedLiteral', typeName: 'TIME', text, origin: this.org(t) };
        case 'X':
          if (!/^[0-9a-fA-F]*$/.test(text)) {
            throw parseError(
              'INVALID_TYPED_LITERAL',
              `The value of the typed literal "X" is invalid: '${text}'.`,
              { value: `'${text}'`, valueType: '"X"' },
              '42604',
              this.sqlText,
              this.place(t),
            );
          }
          return { kind: 'TypedLiteral', typeName: 'BINARY', text, origin: this.org(t) };
        default:
          throw parseError(
            'UNSUPPORTED_TYPED_LITERAL',
            `Literals of the type "${t.image.toUpperCase()}" are not supported. Supported types are "DATE", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "TIMESTAMP", "INTERVAL", "X", "TIME".`,
            {
              supportedTypes:
                '"DATE", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "TIMESTAMP", "INTERVAL", "X", "TIME"',
              unsupportedType: `"${t.image.toUpperCase()}"`,
            },
            '0A000',
            this.sqlText,
            this.place(t),
          );
      }
    });
  });

  /** TRIM / SUBSTRING / POSITION / OVERLAY / EXTRACT with their keyword syntax, or as plain calls. */
  specialCall = this.RULE('specialCall', (): AstExpr => {
    return this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(KW.TRIM);
          this.CONSUME(LParen);
          const r = this.OR2({
            IGNORE_AMBIGUITIES: true,
            DEF: [
              {
                GATE: () => this.is(1, KW.BOTH) || this.is(1, KW.LEADING) || this.is(1, KW.TRAILING),
                ALT: () => {
                  const spec = this.OR3([
                    { ALT: () => this.CONSUME(KW.BOTH) },
                    { ALT: () => this.CONSUME(KW.LEADING) },
                    { ALT: () => this.CONSUME(KW.TRAILING) },
                  ]);
                  let chars: AstExpr | undefined;
                  this.OPTION(() => {
                    chars = this.SUBRULE(this.expr);
                  });
                  this.CONSUME(KW.FROM);
                  const src = this.SUBRULE2(this.expr);
                  return this.ACTION(() => {
                    const u = upper(spec);
                    const name = u === 'BOTH' ? 'trim' : u === 'LEADING' ? 'ltrim' : 'rtrim';
                    return { name, args: chars ? [src, chars] : [src] };
                  });
                },
              },
              {
                ALT: () => {
                  const first = this.SUBRULE3(this.expr);
                  return this.OR4([
                    {
                      ALT: () => {
                        this.CONSUME2(KW.FROM);
                        const src = this.SUBRULE4(this.expr);
                        return { name: 'trim', args: [src, first] };
                      },
                    },
                    {
                      ALT: () => {
                        const args = [first];
                        this.MANY(() => {
                          this.CONSUME(Comma);
                          args.push(this.SUBRULE5(this.expr));
                        });
                        return { name: 'trim', args };
                      },
                    },
                  ]);
                },
              },
            ],
          });
          this.CONSUME(RParen);
          return this.ACTION((): AstExpr => ({
            kind: 'Call',
            name: [r.name === 'trim' ? t.image : r.name],
            args: r.args,
            distinct: false,
            isStar: false,
            origin: this.org(t),
          }));
        },
      },
      {
        ALT: () => {
          const t = this.OR5([
            { ALT: () => this.CONSUME(KW.SUBSTRING) },
            { ALT: () => this.CONSUME(KW.SUBSTR) },
          ]);
          this.CONSUME2(LParen);
          const args = [this.SUBRULE6(this.expr)];
          this.OR6([
            {
              ALT: () => {
                this.CONSUME3(KW.FROM);
                args.push(this.SUBRULE7(this.expr));
                this.OPTION2(() => {
                  this.CONSUME(KW.FOR);
                  args.push(this.SUBRULE8(this.expr));
                });
              },
            },
            {
              ALT: () => {
                this.MANY2(() => {
                  this.CONSUME2(Comma);
                  args.push(this.SUBRULE9(this.expr));
                });
              },
            },
          ]);
          this.CONSUME2(RParen);
          return this.ACTION((): AstExpr => ({
            kind: 'Call',
            name: [t.image],
            args,
            distinct: false,
            isStar: false,
            origin: this.org(t),
          }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(KW.POSITION);
          this.CONSUME3(LParen);
          const args = [this.SUBRULE(this.comparison)];
          this.OR7([
            {
              ALT: () => {
                this.CONSUME(KW.IN);
                args.push(this.subrule(10, this.expr));
              },
            },
            {
              ALT: () => {
                this.MANY3(() => {
                  this.CONSUME3(Comma);
                  args.push(this.subrule(11, this.expr));
                });
              },
            },
          ]);
          this.CONSUME3(RParen);
          return this.ACTION((): AstExpr => ({
            kind: 'Call',
            name: [t.image],
            args,
            distinct: false,
            isStar: false,
            origin: this.org(t),
          }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(KW.OVERLAY);
          this.CONSUME4(LParen);
          const args = [this.subrule(12, this.expr)];
          this.OR8([
            {
              ALT: () => {
                this.CONSUME(KW.PLACING);
                args.push(this.subrule(13, this.expr));
                this.CONSUME4(KW.FROM);
                args.push(this.subrule(14, this.expr));
                this.OPTION3(() => {
                  this.CONSUME2(KW.FOR);
                  args.push(this.subrule(15, this.expr));
                });
              },
            },
            {
              ALT: () => {
                this.MANY4(() => {
                  this.CONSUME4(Comma);
                  args.push(this.subrule(16, this.expr));
                });
              },
            },
          ]);
          this.CONSUME4(RParen);
          return this.ACTION((): AstExpr => ({
            kind: 'Call',
            name: [t.image],
            args,
            distinct: false,
            isStar: false,
            origin: this.org(t),
          }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(KW.EXTRACT);
          this.CONSUME5(LParen);
          const r = this.OR9({
            IGNORE_AMBIGUITIES: true,
            DEF: [
              {
                GATE: () => this.is(2, KW.FROM),
                ALT: () => {
                  const f = this.or(20, [
                    { ALT: () => this.SUBRULE(this.identifier) },
                    { ALT: () => this.SUBRULE2(this.stringLit) },
                  ]);
                  this.CONSUME5(KW.FROM);
                  const source = this.subrule(17, this.expr);
                  return { field: f, source, args: [] as AstExpr[] };
                },
              },
              {
                ALT: () => {
                  const args: AstExpr[] = [];
                  this.MANY_SEP({ SEP: Comma, DEF: () => args.push(this.subrule(18, this.expr)) });
                  return {
                    field: undefined as string | undefined,
                    source: undefined as AstExpr | undefined,
                    args,
                  };
                },
              },
            ],
          });
          this.CONSUME5(RParen);
          return this.ACTION((): AstExpr => {
            if (r.field !== undefined && r.source) {
              return { kind: 'Extract', field: r.field, source: r.source, origin: this.org(t) };
            }
            return {
              kind: 'Call',
              name: [t.image],
              args: r.args,
              distinct: false,
              isStar: false,
              origin: this.org(t),
            };
          });
        },
      },
    ]);
  });

  /** An expression with an optional `AS name` (function arguments, row constructors). */
  namedArg = this.RULE('namedArg', (): { expr: AstExpr; name: string | null } => {
    const expr = this.SUBRULE(this.expr);
    let name: string | null = null;
    this.OPTION(() => {
      this.CONSUME(KW.AS);
      name = this.SUBRULE(this.anyName);
    });
    return { expr, name };
  });

  functionCall = this.RULE('functionCall', (): AstExpr => {
    const start = this.LA(1);
    const name = this.SUBRULE(this.qualifiedName);
    this.CONSUME(LParen);
    let distinct = false;
    this.OPTION({
      GATE: () => this.is(1, KW.DISTINCT) || (this.is(1, KW.ALL) && this.quantifierAllAhead()),
      DEF: () => {
        this.OR([
          {
            ALT: () => {
              this.CONSUME(KW.DISTINCT);
              distinct = true;
            },
          },
          { ALT: () => this.CONSUME(KW.ALL) },
        ]);
      },
    });
    let isStar = false;
    const args: AstExpr[] = [];
    const argNames: (string | null)[] = [];
    this.OR2({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.is(2, RParen),
          ALT: () => {
            this.CONSUME(Star);
            isStar = true;
          },
        },
        {
          ALT: () => {
            this.MANY_SEP({
              SEP: Comma,
              DEF: () => {
                const a = this.SUBRULE(this.namedArg);
                this.ACTION(() => {
                  args.push(a.expr);
                  argNames.push(a.name);
                });
              },
            });
          },
        },
      ],
    });
    this.CONSUME(RParen);
    let orderWithin: SortItem[] | undefined;
    this.OPTION2(() => {
      this.CONSUME(KW.WITHIN);
      this.CONSUME(KW.GROUP);
      this.CONSUME2(LParen);
      this.CONSUME(KW.ORDER);
      this.CONSUME(KW.BY);
      orderWithin = this.SUBRULE(this.sortItems);
      this.CONSUME2(RParen);
    });
    let filter: AstExpr | undefined;
    this.OPTION3({
      GATE: () => this.is(2, LParen) && this.is(3, KW.WHERE),
      DEF: () => {
        this.CONSUME(KW.FILTER);
        this.CONSUME3(LParen);
        this.CONSUME(KW.WHERE);
        filter = this.SUBRULE2(this.expr);
        this.CONSUME3(RParen);
      },
    });
    let ignoreNulls: boolean | undefined;
    this.OPTION4(() => {
      const t = this.OR3([{ ALT: () => this.CONSUME(KW.IGNORE) }, { ALT: () => this.CONSUME(KW.RESPECT) }]);
      this.CONSUME(KW.NULLS);
      ignoreNulls = this.ACTION(() => t.tokenType === KW.IGNORE);
    });
    let over: WindowSpec | undefined;
    this.OPTION5(() => {
      this.CONSUME(KW.OVER);
      over = this.SUBRULE(this.windowSpec);
    });
    return this.ACTION((): AstExpr => {
      let e: AstExpr & { kind: 'Call' } = {
        kind: 'Call',
        name,
        args,
        distinct,
        isStar,
        origin: this.org(start),
      };
      if (filter) e = { ...e, filter };
      if (over) e = { ...e, over };
      if (ignoreNulls !== undefined) e = { ...e, ignoreNulls };
      if (orderWithin) e = { ...e, orderWithin };
      if (argNames.some((n) => n !== null)) e = { ...e, argNames };
      return this.unitFunction(e);
    });
  });

  /** TIMESTAMPADD(unit, n, ts) and friends take a bare unit; Spark rejects a quoted one at parse time. */
  private unitFunction(e: AstExpr & { kind: 'Call' }): AstExpr {
    const fname = e.name.length === 1 ? e.name[0]!.toLowerCase() : '';
    if (!UNIT_FUNCTIONS.has(fname) || e.args.length !== 3) return e;
    const first = e.args[0]!;
    const unitText =
      first.kind === 'Column' && first.nameParts.length === 1
        ? first.nameParts[0]!
        : first.kind === 'Literal' && typeof first.value === 'string'
          ? null
          : undefined;
    if (unitText === undefined) return e;
    if (unitText === null || !DATETIME_UNITS.includes(unitText.toUpperCase())) {
      const shown =
        unitText === null ? `'${first.kind === 'Literal' ? String(first.value) : ''}'` : `'${unitText}'`;
      throw parseError(
        'INVALID_PARAMETER_VALUE.DATETIME_UNIT',
        `The value of parameter(s) \`unit\` in \`${fname}\` is invalid: expects one of the units without quotes YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFYEAR, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, but got the string literal ${shown}.`,
        { functionName: `\`${fname}\``, invalidValue: shown, parameter: '`unit`' },
        '22023',
        this.sqlText,
        first.origin
          ? {
              offset: first.origin.start,
              line: first.origin.line,
              column: first.origin.column,
              image: '',
              stop: first.origin.stop,
            }
          : null,
      );
    }
    const unitLit: AstExpr = {
      kind: 'Literal',
      dataType: T.string,
      value: unitText.toUpperCase(),
      ...(first.origin ? { origin: first.origin } : {}),
    };
    return { ...e, args: [unitLit, ...e.args.slice(1)] };
  }

  windowSpec = this.RULE('windowSpec', (): WindowSpec => {
    return this.OR([
      {
        ALT: () => {
          const t = this.LA(1);
          const baseName = this.SUBRULE(this.identifier);
          return this.ACTION((): WindowSpec => ({
            baseName,
            partitionBy: [],
            orderBy: [],
            origin: this.org(t),
          }));
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(LParen);
          let baseName: string | undefined;
          this.OPTION({
            GATE: () =>
              !(
                this.is(1, KW.PARTITION) ||
                this.is(1, KW.DISTRIBUTE) ||
                this.is(1, KW.ORDER) ||
                this.is(1, KW.SORT) ||
                this.is(1, KW.ROWS) ||
                this.is(1, KW.RANGE) ||
                this.is(1, KW.CLUSTER)
              ),
            DEF: () => {
              baseName = this.SUBRULE2(this.identifier);
            },
          });
          const partitionBy: AstExpr[] = [];
          this.OPTION2(() => {
            this.OR2([
              { ALT: () => this.CONSUME(KW.PARTITION) },
              { ALT: () => this.CONSUME(KW.DISTRIBUTE) },
              { ALT: () => this.CONSUME(KW.CLUSTER) },
            ]);
            this.CONSUME(KW.BY);
            this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => partitionBy.push(this.SUBRULE(this.expr)) });
          });
          let orderBy: SortItem[] = [];
          this.OPTION3(() => {
            this.OR3([{ ALT: () => this.CONSUME(KW.ORDER) }, { ALT: () => this.CONSUME(KW.SORT) }]);
            this.CONSUME2(KW.BY);
            orderBy = this.SUBRULE(this.sortItems);
          });
          let frame: WindowFrame | undefined;
          this.OPTION4(() => {
            frame = this.SUBRULE(this.windowFrame);
          });
          this.CONSUME(RParen);
          return this.ACTION((): WindowSpec => {
            let s: WindowSpec = { partitionBy, orderBy, origin: this.org(t) };
            if (baseName !== undefined) s = { ...s, baseName };
            if (frame) s = { ...s, frame };
            return s;
          });
        },
      },
    ]);
  });

  windowFrame = this.RULE('windowFrame', (): WindowFrame => {
    const t = this.OR([{ ALT: () => this.CONSUME(KW.ROWS) }, { ALT: () => this.CONSUME(KW.RANGE) }]);
    return this.OR2([
      {
        ALT: () => {
          this.CONSUME(KW.BETWEEN);
          const start = this.SUBRULE(this.frameBound);
          this.CONSUME(KW.AND);
          const end = this.SUBRULE2(this.frameBound);
          return this.ACTION((): WindowFrame => ({ type: upper(t) as 'ROWS' | 'RANGE', start, end }));
        },
      },
      {
        ALT: () => {
          const start = this.SUBRULE3(this.frameBound);
          return this.ACTION((): WindowFrame => ({
            type: upper(t) as 'ROWS' | 'RANGE',
            start,
            end: { kind: 'CurrentRow' },
          }));
        },
      },
    ]);
  });

  frameBound = this.RULE('frameBound', (): FrameBound => {
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.is(2, KW.PRECEDING) || this.is(2, KW.FOLLOWING),
          ALT: () => {
            this.CONSUME(KW.UNBOUNDED);
            const d = this.OR2([
              { ALT: () => this.CONSUME(KW.PRECEDING) },
              { ALT: () => this.CONSUME(KW.FOLLOWING) },
            ]);
            return this.ACTION((): FrameBound =>
              d.tokenType === KW.PRECEDING ? { kind: 'UnboundedPreceding' } : { kind: 'UnboundedFollowing' },
            );
          },
        },
        {
          GATE: () => this.is(2, KW.ROW),
          ALT: () => {
            this.CONSUME(KW.CURRENT);
            this.CONSUME(KW.ROW);
            return { kind: 'CurrentRow' } as FrameBound;
          },
        },
        {
          ALT: () => {
            const offset = this.SUBRULE(this.expr);
            const d = this.OR3([
              { ALT: () => this.CONSUME2(KW.PRECEDING) },
              { ALT: () => this.CONSUME2(KW.FOLLOWING) },
            ]);
            return this.ACTION((): FrameBound =>
              d.tokenType === KW.PRECEDING ? { kind: 'Preceding', offset } : { kind: 'Following', offset },
            );
          },
        },
      ],
    });
  });

  sortItem = this.RULE('sortItem', (): SortItem => {
    const start = this.LA(1);
    const expr = this.SUBRULE(this.expr);
    let direction: 'ASC' | 'DESC' = 'ASC';
    this.OPTION(() => {
      this.OR([
        { ALT: () => this.CONSUME(KW.ASC) },
        {
          ALT: () => {
            this.CONSUME(KW.DESC);
            direction = 'DESC';
          },
        },
      ]);
    });
    let nulls: 'FIRST' | 'LAST' | undefined;
    this.OPTION2(() => {
      this.CONSUME(KW.NULLS);
      this.OR2([
        {
          ALT: () => {
            this.CONSUME(KW.FIRST);
            nulls = 'FIRST';
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW.LAST);
            nulls = 'LAST';
          },
        },
      ]);
    });
    return this.ACTION((): SortItem => {
      const s: SortItem = { expr, direction, origin: this.org(start) };
      return nulls ? { ...s, nulls } : s;
    });
  });

  sortItems = this.RULE('sortItems', (): SortItem[] => {
    const items: SortItem[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => items.push(this.SUBRULE(this.sortItem)) });
    return items;
  });

  /** ORDER BY ALL: `all` here is a column name the analyzer treats specially. */
  orderItems = this.RULE('orderItems', (): SortItem[] => {
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.allKeywordAhead(),
          ALT: () => {
            const t = this.CONSUME(KW.ALL);
            let direction: 'ASC' | 'DESC' = 'ASC';
            this.OPTION(() => {
              this.OR2([
                { ALT: () => this.CONSUME(KW.ASC) },
                {
                  ALT: () => {
                    this.CONSUME(KW.DESC);
                    direction = 'DESC';
                  },
                },
              ]);
            });
            let nulls: 'FIRST' | 'LAST' | undefined;
            this.OPTION2(() => {
              this.CONSUME(KW.NULLS);
              this.OR3([
                {
                  ALT: () => {
                    this.CONSUME(KW.FIRST);
                    nulls = 'FIRST';
                  },
                },
                {
                  ALT: () => {
                    this.CONSUME(KW.LAST);
                    nulls = 'LAST';
                  },
                },
              ]);
            });
            return this.ACTION((): SortItem[] => {
              const s: SortItem = {
                expr: { kind: 'Column', nameParts: [t.image], origin: this.org(t) },
                direction,
                origin: this.org(t),
              };
              return [nulls ? { ...s, nulls } : s];
            });
          },
        },
        { ALT: () => this.SUBRULE(this.sortItems) },
      ],
    });
  });

  // ------------------------------------------------------------ queries

  parenQuery = this.RULE('parenQuery', (): Query => {
    this.CONSUME(LParen);
    const q = this.SUBRULE(this.query);
    this.CONSUME(RParen);
    return q;
  });

  query = this.RULE('query', (): Query => {
    const start = this.LA(1);
    let withClause: { recursive: boolean; ctes: Cte[] } | undefined;
    this.OPTION(() => {
      withClause = this.SUBRULE(this.withClause);
    });
    return this.SUBRULE(this.queryTail, { ARGS: [start, withClause] });
  });

  /** A query after its WITH clause: the set-operation body and ORDER BY / LIMIT / ... */
  queryTail = this.RULE(
    'queryTail',
    (start: Tok, withClause: { recursive: boolean; ctes: Cte[] } | undefined): Query => {
      let body = this.SUBRULE(this.unionTerm);
      let orderBy: SortItem[] | undefined;
      let sortBy: SortItem[] | undefined;
      let clusterBy: AstExpr[] | undefined;
      let distributeBy: AstExpr[] | undefined;
      let limit: AstExpr | undefined;
      let offset: AstExpr | undefined;
      let limitAll = false;
      this.OPTION2(() => {
        this.CONSUME(KW.ORDER);
        this.CONSUME(KW.BY);
        orderBy = this.SUBRULE(this.orderItems);
      });
      this.OPTION3(() => {
        this.CONSUME(KW.CLUSTER);
        this.CONSUME2(KW.BY);
        clusterBy = this.SUBRULE(this.exprList);
      });
      this.OPTION4(() => {
        this.CONSUME(KW.DISTRIBUTE);
        this.CONSUME3(KW.BY);
        distributeBy = this.SUBRULE2(this.exprList);
      });
      this.OPTION5(() => {
        this.CONSUME(KW.SORT);
        this.CONSUME4(KW.BY);
        sortBy = this.SUBRULE(this.sortItems);
      });
      this.OPTION6(() => {
        const windows = this.SUBRULE(this.windowClause);
        body = this.ACTION(() =>
          body.kind === 'Select' ? { ...body, windows: [...(body.windows ?? []), ...windows] } : body,
        );
      });
      this.OPTION7(() => {
        this.CONSUME(KW.LIMIT);
        this.OR([
          {
            GATE: () => this.is(1, KW.ALL),
            ALT: () => {
              this.CONSUME(KW.ALL);
              limitAll = true;
            },
          },
          {
            ALT: () => {
              limit = this.SUBRULE(this.expr);
            },
          },
        ]);
      });
      this.OPTION8(() => {
        this.CONSUME(KW.OFFSET);
        offset = this.SUBRULE2(this.expr);
      });
      return this.ACTION((): Query => {
        let q: Query = { kind: 'Query', body, origin: this.org(start) };
        if (withClause) q = { ...q, with: withClause };
        if (orderBy) q = { ...q, orderBy };
        if (sortBy) q = { ...q, sortBy };
        if (clusterBy) q = { ...q, clusterBy };
        if (distributeBy) q = { ...q, distributeBy };
        if (limit) q = { ...q, limit };
        if (limitAll) q = { ...q, limitAll: true };
        if (offset) q = { ...q, offset };
        return q;
      });
    },
  );

  exprList = this.RULE('exprList', (): AstExpr[] => {
    const list: AstExpr[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => list.push(this.SUBRULE(this.expr)) });
    return list;
  });

  withClause = this.RULE('withClause', (): { recursive: boolean; ctes: Cte[] } => {
    this.CONSUME(KW.WITH);
    let recursive = false;
    this.OPTION(() => {
      this.CONSUME(KW.RECURSIVE);
      recursive = true;
    });
    const ctes: Cte[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => ctes.push(this.SUBRULE(this.cte)) });
    return this.ACTION(() => {
      if (!recursive && ctes.some((c) => c.maxRecursionLevel !== undefined)) {
        const message = 'Cannot specify MAX RECURSION LEVEL when the CTE is not marked as RECURSIVE';
        throw parseError(
          '_LEGACY_ERROR_TEMP_0035',
          `Operation not allowed: ${message}.`,
          { message },
          '0A000',
          this.sqlText,
          null,
        );
      }
      const seen = new Set<string>();
      for (const c of ctes) {
        const key = c.name.toLowerCase();
        if (seen.has(key)) {
          throw parseError(
            'DUPLICATED_CTE_NAMES',
            `CTE definition can't have duplicate names: \`${c.name}\`.`,
            { duplicateNames: `\`${c.name}\`` },
            '42602',
            this.sqlText,
            null,
          );
        }
        seen.add(key);
      }
      return { recursive, ctes };
    });
  });

  cte = this.RULE('cte', (): Cte => {
    const start = this.LA(1);
    const name = this.SUBRULE(this.identifier);
    let columns: string[] | undefined;
    this.OPTION(() => {
      columns = this.SUBRULE(this.identifierList);
    });
    let maxLevel: number | undefined;
    this.OPTION3({
      GATE: () => this.LA(1).image.toUpperCase() === 'MAX' && this.is(4, IntegerLit),
      DEF: () => {
        this.CONSUME(Ident);
        this.CONSUME2(Ident);
        this.CONSUME3(Ident);
        const n = this.CONSUME(IntegerLit);
        maxLevel = this.ACTION(() => Number(n.image));
      },
    });
    this.OPTION2(() => this.CONSUME(KW.AS));
    this.CONSUME(LParen);
    const query = this.SUBRULE(this.query);
    this.CONSUME(RParen);
    return this.ACTION((): Cte => {
      let c: Cte = { name, query, origin: this.org(start) };
      if (columns) c = { ...c, columns };
      if (maxLevel !== undefined) c = { ...c, maxRecursionLevel: maxLevel };
      return c;
    });
  });

  unionTerm = this.RULE('unionTerm', (): QueryBody => {
    const start = this.LA(1);
    let left = this.SUBRULE(this.intersectTerm);
    this.MANY(() => {
      const opTok = this.OR([
        { ALT: () => this.CONSUME(KW.UNION) },
        { ALT: () => this.CONSUME(KW.EXCEPT) },
        { ALT: () => this.CONSUME(KW.MINUS) },
      ]);
      const q = this.SUBRULE(this.setQuantifier);
      const right = this.SUBRULE2(this.intersectTerm);
      left = this.ACTION((): QueryBody => {
        const op = opTok.tokenType === KW.UNION ? 'UNION' : 'EXCEPT';
        const b: QueryBody = { kind: 'SetOperation', op, all: q.all, left, right, origin: this.org(start) };
        return q.byName ? { ...b, byName: true } : b;
      });
    });
    return left;
  });

  setQuantifier = this.RULE('setQuantifier', (): { all: boolean; byName: boolean } => {
    let all = false;
    let byName = false;
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(KW.ALL);
            all = true;
          },
        },
        { ALT: () => this.CONSUME(KW.DISTINCT) },
      ]);
    });
    this.OPTION2({
      GATE: () => this.is(2, KW.NAME),
      DEF: () => {
        this.CONSUME(KW.BY);
        this.CONSUME(KW.NAME);
        byName = true;
      },
    });
    return { all, byName };
  });

  intersectTerm = this.RULE('intersectTerm', (): QueryBody => {
    const start = this.LA(1);
    let left = this.SUBRULE(this.queryPrimary);
    this.MANY(() => {
      this.CONSUME(KW.INTERSECT);
      const q = this.SUBRULE(this.setQuantifier);
      const right = this.SUBRULE2(this.queryPrimary);
      left = this.ACTION((): QueryBody => {
        const b: QueryBody = {
          kind: 'SetOperation',
          op: 'INTERSECT',
          all: q.all,
          left,
          right,
          origin: this.org(start),
        };
        return q.byName ? { ...b, byName: true } : b;
      });
    });
    return left;
  });

  queryPrimary = this.RULE('queryPrimary', (): QueryBody => {
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.selectBody) },
        {
          ALT: () => {
            // FROM t SELECT ...: the FROM clause comes first.
            const from = this.SUBRULE(this.fromClause);
            const body = this.SUBRULE2(this.selectBody);
            return this.ACTION((): QueryBody =>
              body.kind === 'Select' && body.from === null ? { ...body, from } : body,
            );
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(KW.VALUES);
            const rows = this.SUBRULE(this.valuesRows);
            let alias: TableAlias | undefined;
            this.OPTION(() => {
              alias = this.SUBRULE(this.tableAlias);
            });
            return this.ACTION((): QueryBody => {
              this.checkInlineTable(rows, alias);
              const b: QueryBody = { kind: 'Values', rows, origin: this.org(t) };
              return alias ? { ...b, alias } : b;
            });
          },
        },
        {
          GATE: () => this.is(2, Ident),
          ALT: () => {
            const t = this.CONSUME(KW.TABLE);
            const name = this.SUBRULE(this.qualifiedName);
            return this.ACTION((): QueryBody => ({ kind: 'Table', name, origin: this.org(t) }));
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(LParen);
            const query = this.SUBRULE(this.query);
            this.CONSUME(RParen);
            return this.ACTION((): QueryBody => ({ kind: 'Nested', query, origin: this.org(t) }));
          },
        },
      ],
    });
  });

  valuesRows = this.RULE('valuesRows', (): AstExpr[][] => {
    const rows: AstExpr[][] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const e = this.SUBRULE(this.expr);
        this.ACTION(() => rows.push(e.kind === 'Tuple' ? [...e.items] : [e]));
      },
    });
    return rows;
  });

  selectBody = this.RULE('selectBody', (): QueryBody => {
    const start = this.CONSUME(KW.SELECT);
    // The lexer drops comments; a hint comment is read back from the text between SELECT and what follows.
    const hints = this.ACTION(() =>
      parseHintComments(
        this.sqlText.slice((start.endOffset ?? start.startOffset) + 1, this.LA(1).startOffset),
      ),
    );
    let distinct = false;
    this.OPTION({
      GATE: () => this.is(1, KW.DISTINCT) || (this.is(1, KW.ALL) && this.quantifierAllAhead()),
      DEF: () => {
        this.OR([
          {
            ALT: () => {
              this.CONSUME(KW.DISTINCT);
              distinct = true;
            },
          },
          { ALT: () => this.CONSUME(KW.ALL) },
        ]);
      },
    });
    const items: SelectItem[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => items.push(this.SUBRULE(this.selectItem)) });
    let from: Relation | null = null;
    this.OPTION2(() => {
      from = this.SUBRULE(this.fromClause);
    });
    let where: AstExpr | undefined;
    this.OPTION3(() => {
      this.CONSUME(KW.WHERE);
      where = this.SUBRULE(this.expr);
    });
    let groupBy: GroupBy | undefined;
    this.OPTION4(() => {
      groupBy = this.SUBRULE(this.groupByClause);
    });
    let having: AstExpr | undefined;
    this.OPTION5(() => {
      this.CONSUME(KW.HAVING);
      having = this.SUBRULE2(this.expr);
    });
    let windows: { name: string; spec: WindowSpec }[] | undefined;
    this.OPTION6(() => {
      windows = this.SUBRULE(this.windowClause);
    });
    let qualify: AstExpr | undefined;
    this.OPTION7(() => {
      this.CONSUME(KW.QUALIFY);
      qualify = this.SUBRULE3(this.expr);
    });
    return this.ACTION((): QueryBody => {
      let s: QueryBody & { kind: 'Select' } = {
        kind: 'Select',
        distinct,
        items,
        from,
        origin: this.org(start),
      };
      if (where) s = { ...s, where };
      if (groupBy) s = { ...s, groupBy };
      if (having) s = { ...s, having };
      if (windows) s = { ...s, windows };
      if (qualify) s = { ...s, qualify };
      if (hints !== undefined && hints.length > 0) s = { ...s, hints };
      return s;
    });
  });

  selectItem = this.RULE('selectItem', (): SelectItem => {
    const start = this.LA(1);
    const expr = this.SUBRULE(this.expr);
    let alias: string | undefined;
    let aliases: string[] | undefined;
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(KW.AS);
            this.OR2([
              {
                ALT: () => {
                  alias = this.SUBRULE(this.anyName);
                },
              },
              {
                ALT: () => {
                  aliases = this.SUBRULE(this.identifierList);
                },
              },
            ]);
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(SelectAlias);
            alias = this.ACTION(() => identText(t));
          },
        },
      ]);
    });
    return this.ACTION((): SelectItem => {
      let s: SelectItem = { expr, origin: this.org(start) };
      if (alias !== undefined) s = { ...s, alias };
      if (aliases) s = { ...s, aliases };
      return s;
    });
  });

  windowClause = this.RULE('windowClause', (): { name: string; spec: WindowSpec }[] => {
    this.CONSUME(KW.WINDOW);
    const list: { name: string; spec: WindowSpec }[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const name = this.SUBRULE(this.identifier);
        this.CONSUME(KW.AS);
        const spec = this.SUBRULE(this.windowSpec);
        list.push({ name, spec });
      },
    });
    return this.ACTION(() => {
      const byName = new Map<string, WindowSpec>();
      for (const w of list) {
        const key = w.name.toLowerCase();
        if (byName.has(key)) {
          throw parseError(
            'INVALID_SQL_SYNTAX.REPETITIVE_WINDOW_DEFINITION',
            `Invalid SQL syntax: The definition of window \`${w.name}\` is repetitive.`,
            { windowName: `\`${w.name}\`` },
            '42000',
            this.sqlText,
            null,
          );
        }
        byName.set(key, w.spec);
      }
      // A named window may refer to another only when that one is a full specification.
      for (const w of list) {
        const ref = w.spec.baseName;
        if (ref === undefined || w.spec.partitionBy.length || w.spec.orderBy.length || w.spec.frame) continue;
        const target = byName.get(ref.toLowerCase());
        if (
          target &&
          target.baseName !== undefined &&
          !target.partitionBy.length &&
          !target.orderBy.length &&
          !target.frame
        ) {
          throw parseError(
            'INVALID_SQL_SYNTAX.INVALID_WINDOW_REFERENCE',
            `Invalid SQL syntax: Window reference \`${ref}\` is not a window specification.`,
            { windowName: `\`${ref}\`` },
            '42000',
            this.sqlText,
            null,
          );
        }
      }
      return list;
    });
  });

  groupByClause = this.RULE('groupByClause', (): GroupBy => {
    this.CONSUME(KW.GROUP);
    this.CONSUME(KW.BY);
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.allKeywordAhead(),
          ALT: () => {
            this.CONSUME(KW.ALL);
            return { kind: 'All' } as GroupBy;
          },
        },
        {
          ALT: () => {
            const parts: GroupBy[] = [];
            this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => parts.push(this.SUBRULE(this.groupItem)) });
            let suffix: GroupBy | undefined;
            this.OPTION({
              GATE: () => this.is(1, KW.WITH) && (this.is(2, KW.ROLLUP) || this.is(2, KW.CUBE)),
              DEF: () => {
                this.CONSUME(KW.WITH);
                const k = this.OR2([
                  { ALT: () => this.CONSUME(KW.ROLLUP) },
                  { ALT: () => this.CONSUME(KW.CUBE) },
                ]);
                suffix = this.ACTION((): GroupBy => ({
                  kind: k.tokenType === KW.ROLLUP ? 'Rollup' : 'Cube',
                  exprs: [],
                }));
              },
            });
            this.OPTION2({
              GATE: () => this.is(1, KW.GROUPING) && this.is(2, KW.SETS),
              DEF: () => {
                suffix = this.SUBRULE(this.groupingSets);
              },
            });
            return this.ACTION((): GroupBy => {
              const plain: AstExpr[] = [];
              for (const p of parts) if (p.kind === 'Exprs') plain.push(...p.exprs);
              if (suffix) {
                if (suffix.kind === 'Rollup' || suffix.kind === 'Cube')
                  return { kind: suffix.kind, exprs: plain };
                return suffix;
              }
              if (parts.every((p) => p.kind === 'Exprs')) return { kind: 'Exprs', exprs: plain };
              if (parts.length === 1) return parts[0]!;
              const merged: GroupBy[] = [];
              for (const p of parts) {
                const last = merged[merged.length - 1];
                if (p.kind === 'Exprs' && last && last.kind === 'Exprs') {
                  merged[merged.length - 1] = { kind: 'Exprs', exprs: [...last.exprs, ...p.exprs] };
                } else merged.push(p);
              }
              return { kind: 'Mixed', parts: merged };
            });
          },
        },
      ],
    });
  });

  groupItem = this.RULE('groupItem', (): GroupBy => {
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => (this.is(1, KW.ROLLUP) || this.is(1, KW.CUBE)) && this.is(2, LParen),
          ALT: () => {
            const k = this.OR2([
              { ALT: () => this.CONSUME(KW.ROLLUP) },
              { ALT: () => this.CONSUME(KW.CUBE) },
            ]);
            this.CONSUME(LParen);
            const exprs: AstExpr[] = [];
            this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => exprs.push(this.SUBRULE(this.groupingSetItem)) });
            this.CONSUME(RParen);
            return this.ACTION((): GroupBy => {
              const kind = k.tokenType === KW.ROLLUP ? 'Rollup' : 'Cube';
              if (exprs.some((e) => e.kind === 'Tuple' && e.items.length === 0)) {
                throw parseError(
                  '_LEGACY_ERROR_TEMP_0051',
                  `Empty set in ${kind.toUpperCase()} grouping sets is not supported.`,
                  { element: kind.toUpperCase() },
                  '42000',
                  this.sqlText,
                  null,
                );
              }
              return { kind, exprs };
            });
          },
        },
        {
          GATE: () => this.is(1, KW.GROUPING) && this.is(2, KW.SETS),
          ALT: () => this.SUBRULE(this.groupingSets),
        },
        {
          ALT: () => {
            const e = this.SUBRULE(this.expr);
            return this.ACTION((): GroupBy => ({ kind: 'Exprs', exprs: [e] }));
          },
        },
      ],
    });
  });

  /** An element of ROLLUP / CUBE / GROUPING SETS: an expression, (a, b) or (). */
  groupingSetItem = this.RULE('groupingSetItem', (): AstExpr => {
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.is(1, LParen) && this.is(2, RParen),
          ALT: () => {
            const t = this.CONSUME(LParen);
            this.CONSUME(RParen);
            return this.ACTION((): AstExpr => ({ kind: 'Tuple', items: [], origin: this.org(t) }));
          },
        },
        { ALT: () => this.SUBRULE(this.expr) },
      ],
    });
  });

  groupingSets = this.RULE('groupingSets', (): GroupBy => {
    this.CONSUME(KW.GROUPING);
    this.CONSUME(KW.SETS);
    this.CONSUME(LParen);
    const sets: AstExpr[][] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        this.OR({
          IGNORE_AMBIGUITIES: true,
          DEF: [
            {
              // Nested GROUPING SETS / ROLLUP / CUBE contribute their expanded sets.
              GATE: () =>
                (this.is(1, KW.GROUPING) && this.is(2, KW.SETS)) ||
                ((this.is(1, KW.ROLLUP) || this.is(1, KW.CUBE)) && this.is(2, LParen)),
              ALT: () => {
                const g = this.SUBRULE(this.groupItem);
                this.ACTION(() => sets.push(...expandGroupingSets(g)));
              },
            },
            {
              ALT: () => {
                const e = this.SUBRULE(this.groupingSetItem);
                this.ACTION(() => sets.push(e.kind === 'Tuple' ? [...e.items] : [e]));
              },
            },
          ],
        });
      },
    });
    this.CONSUME(RParen);
    return { kind: 'GroupingSets', sets };
  });

  // ------------------------------------------------------------ relations

  fromClause = this.RULE('fromClause', (): Relation => {
    this.CONSUME(KW.FROM);
    const start = this.LA(1);
    let rel = this.SUBRULE(this.relation);
    this.MANY(() => {
      this.CONSUME(Comma);
      let lateral = false;
      this.OPTION({
        GATE: () => this.is(2, LParen) || (this.is(2, Ident) && (this.is(3, LParen) || this.is(3, Dot))),
        DEF: () => {
          this.CONSUME(KW.LATERAL);
          lateral = true;
        },
      });
      const right = this.SUBRULE2(this.relation);
      rel = this.ACTION((): Relation => {
        const j: Relation = {
          kind: 'Join',
          joinType: 'CROSS',
          natural: false,
          left: rel,
          right,
          origin: this.org(start),
        };
        return lateral ? { ...j, lateral: true } : j;
      });
    });
    this.MANY2(() => {
      rel = this.SUBRULE(this.lateralView, { ARGS: [rel] });
    });
    return rel;
  });

  lateralView = this.RULE('lateralView', (child: Relation): Relation => {
    const start = this.CONSUME(KW.LATERAL);
    this.CONSUME(KW.VIEW);
    let outer = false;
    this.OPTION(() => {
      this.CONSUME(KW.OUTER);
      outer = true;
    });
    const fn = this.SUBRULE(this.functionCall);
    let tableAlias: string | undefined;
    this.OPTION2(() => {
      const t = this.CONSUME(TableAliasCat);
      tableAlias = this.ACTION(() => identText(t));
    });
    const columnAliases: string[] = [];
    this.OPTION3(() => {
      this.CONSUME(KW.AS);
      this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => columnAliases.push(this.SUBRULE(this.identifier)) });
    });
    return this.ACTION((): Relation => {
      const r: Relation = { kind: 'LateralView', child, fn, outer, columnAliases, origin: this.org(start) };
      return tableAlias !== undefined ? { ...r, tableAlias } : r;
    });
  });

  relation = this.RULE('relation', (): Relation => {
    const start = this.LA(1);
    let left = this.SUBRULE(this.relationPrimary);
    this.MANY(() => {
      this.OR([
        {
          GATE: () => this.is(1, KW.PIVOT),
          ALT: () => (left = this.SUBRULE(this.pivotPart, { ARGS: [left] })),
        },
        {
          GATE: () => this.is(1, KW.UNPIVOT),
          ALT: () => (left = this.SUBRULE(this.unpivotPart, { ARGS: [left] })),
        },
        { ALT: () => (left = this.SUBRULE(this.joinPart, { ARGS: [left, start] })) },
      ]);
    });
    return left;
  });

  /** expr [AS] name — an aggregate or a pivot value. */
  private namedPivotExpr(): { expr: AstExpr; alias?: string } {
    const expr = this.SUBRULE(this.expr);
    let alias: string | undefined;
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(KW.AS);
            alias = this.SUBRULE(this.anyName);
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(SelectAlias);
            alias = this.ACTION(() => identText(t));
          },
        },
      ]);
    });
    return alias !== undefined ? { expr, alias } : { expr };
  }

  pivotNamed = this.RULE('pivotNamed', () => this.namedPivotExpr());

  pivotPart = this.RULE('pivotPart', (child: Relation): Relation => {
    const start = this.CONSUME(KW.PIVOT);
    this.CONSUME(LParen);
    const aggregates: { expr: AstExpr; alias?: string }[] = [];
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => aggregates.push(this.SUBRULE(this.pivotNamed)) });
    this.CONSUME(KW.FOR);
    const columns: AstExpr[] = [];
    this.OR([
      {
        ALT: () => {
          const names = this.SUBRULE(this.identifierList);
          this.ACTION(() => {
            for (const n of names) columns.push({ kind: 'Column', nameParts: [n] } as AstExpr);
          });
        },
      },
      {
        ALT: () => {
          const name = this.SUBRULE(this.qualifiedName);
          columns.push({ kind: 'Column', nameParts: name } as AstExpr);
        },
      },
    ]);
    this.CONSUME(KW.IN);
    this.CONSUME2(LParen);
    const values: { expr: AstExpr; alias?: string }[] = [];
    this.AT_LEAST_ONE_SEP2({ SEP: Comma, DEF: () => values.push(this.SUBRULE2(this.pivotNamed)) });
    this.CONSUME2(RParen);
    this.CONSUME(RParen);
    let alias: TableAlias | undefined;
    this.OPTION(() => {
      alias = this.SUBRULE(this.tableAlias);
    });
    return this.ACTION((): Relation => {
      const r: Relation = { kind: 'Pivot', child, aggregates, columns, values, origin: this.org(start) };
      return alias ? { ...r, alias } : r;
    });
  });

  unpivotPart = this.RULE('unpivotPart', (child: Relation): Relation => {
    const start = this.CONSUME(KW.UNPIVOT);
    let includeNulls = false;
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(KW.INCLUDE);
            includeNulls = true;
          },
        },
        { ALT: () => this.CONSUME(KW.EXCLUDE) },
      ]);
      this.CONSUME(KW.NULLS);
    });
    this.CONSUME(LParen);
    let valueColumns: string[] = [];
    this.OR2([
      { ALT: () => (valueColumns = this.SUBRULE(this.identifierList)) },
      { ALT: () => (valueColumns = [this.SUBRULE(this.anyName)]) },
    ]);
    this.CONSUME(KW.FOR);
    const nameColumn = this.SUBRULE2(this.anyName);
    this.CONSUME(KW.IN);
    this.CONSUME2(LParen);
    const columns: { names: string[][]; alias?: string }[] = [];
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        let names: string[][] = [];
        this.OR3([
          {
            ALT: () => {
              this.CONSUME3(LParen);
              this.AT_LEAST_ONE_SEP2({ SEP: Comma, DEF: () => names.push(this.SUBRULE(this.qualifiedName)) });
              this.CONSUME3(RParen);
            },
          },
          { ALT: () => (names = [this.SUBRULE2(this.qualifiedName)]) },
        ]);
        let alias: string | undefined;
        this.OPTION2(() => {
          this.OR4([
            {
              ALT: () => {
                this.CONSUME(KW.AS);
                alias = this.SUBRULE3(this.anyName);
              },
            },
            {
              ALT: () => {
                const t = this.CONSUME(SelectAlias);
                alias = this.ACTION(() => identText(t));
              },
            },
          ]);
        });
        columns.push(alias !== undefined ? { names, alias } : { names });
      },
    });
    this.CONSUME2(RParen);
    this.CONSUME(RParen);
    let alias: TableAlias | undefined;
    this.OPTION3(() => {
      alias = this.SUBRULE(this.tableAlias);
    });
    return this.ACTION((): Relation => {
      const r: Relation = {
        kind: 'Unpivot',
        child,
        includeNulls,
        valueColumns,
        nameColumn,
        columns,
        origin: this.org(start),
      };
      return alias ? { ...r, alias } : r;
    });
  });

  joinPart = this.RULE('joinPart', (left: Relation, start: Tok): Relation => {
    let natural = false;
    this.OPTION(() => {
      this.CONSUME(KW.NATURAL);
      natural = true;
    });
    let joinType: JoinType = 'INNER';
    this.OPTION2(() => {
      joinType = this.SUBRULE(this.joinType);
    });
    this.CONSUME(KW.JOIN);
    let lateral = false;
    this.OPTION3({
      GATE: () => this.is(2, LParen),
      DEF: () => {
        this.CONSUME(KW.LATERAL);
        lateral = true;
      },
    });
    const right = this.SUBRULE(this.relationPrimary);
    let condition: AstExpr | undefined;
    let using: string[] | undefined;
    this.OPTION4(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(KW.ON);
            condition = this.SUBRULE(this.expr);
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW.USING);
            using = this.SUBRULE(this.identifierList);
          },
        },
      ]);
    });
    return this.ACTION((): Relation => {
      let j: Relation & { kind: 'Join' } = {
        kind: 'Join',
        joinType,
        natural,
        left,
        right,
        origin: this.org(start),
      };
      if (condition) j = { ...j, condition };
      if (using) j = { ...j, using };
      if (lateral) j = { ...j, lateral };
      return j;
    });
  });

  joinType = this.RULE('joinType', (): JoinType => {
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(KW.INNER);
          return 'INNER' as JoinType;
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.CROSS);
          return 'CROSS' as JoinType;
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.LEFT);
          return this.OR2([
            {
              ALT: () => {
                this.CONSUME(KW.SEMI);
                return 'LEFT_SEMI' as JoinType;
              },
            },
            {
              ALT: () => {
                this.CONSUME(KW.ANTI);
                return 'LEFT_ANTI' as JoinType;
              },
            },
            {
              ALT: () => {
                this.OPTION(() => this.CONSUME(KW.OUTER));
                return 'LEFT' as JoinType;
              },
            },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.RIGHT);
          this.OPTION2(() => this.CONSUME2(KW.OUTER));
          return 'RIGHT' as JoinType;
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.FULL);
          this.OPTION3(() => this.CONSUME3(KW.OUTER));
          return 'FULL' as JoinType;
        },
      },
      {
        ALT: () => {
          this.CONSUME2(KW.SEMI);
          return 'LEFT_SEMI' as JoinType;
        },
      },
      {
        ALT: () => {
          this.CONSUME2(KW.ANTI);
          return 'LEFT_ANTI' as JoinType;
        },
      },
    ]);
  });

  tableAlias = this.RULE('tableAlias', (): TableAlias => {
    let name = '';
    this.OR([
      {
        ALT: () => {
          this.CONSUME(KW.AS);
          name = this.SUBRULE(this.anyName);
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(TableAliasCat);
          name = this.ACTION(() => identText(t));
        },
      },
    ]);
    let columns: string[] | undefined;
    this.OPTION(() => {
      columns = this.SUBRULE(this.identifierList);
    });
    return this.ACTION((): TableAlias => (columns ? { name, columns } : { name }));
  });

  relationPrimary = this.RULE('relationPrimary', (): Relation => {
    const start = this.LA(1);
    const rel = this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.queryAt(2),
          ALT: () => {
            this.CONSUME(LParen);
            const query = this.SUBRULE(this.query);
            this.CONSUME(RParen);
            return this.ACTION((): Relation => ({ kind: 'SubqueryRef', query, origin: this.org(start) }));
          },
        },
        {
          ALT: () => {
            this.CONSUME2(LParen);
            const r = this.SUBRULE(this.relation);
            this.CONSUME2(RParen);
            return r;
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW.VALUES);
            const rows = this.SUBRULE(this.valuesRows);
            return this.ACTION((): Relation => ({ kind: 'InlineTable', rows, origin: this.org(start) }));
          },
        },
        {
          GATE: () => this.callAhead(),
          ALT: () => {
            const name = this.SUBRULE(this.qualifiedName);
            this.CONSUME3(LParen);
            const args: AstExpr[] = [];
            this.MANY_SEP({ SEP: Comma, DEF: () => args.push(this.SUBRULE(this.expr)) });
            this.CONSUME3(RParen);
            return this.ACTION((): Relation => ({
              kind: 'TableFunction',
              name: name.join('.'),
              args,
              origin: this.org(start),
            }));
          },
        },
        {
          ALT: () => {
            const name = this.SUBRULE2(this.qualifiedName);
            return this.ACTION((): Relation => ({ kind: 'TableRef', name, origin: this.org(start) }));
          },
        },
      ],
    });
    let alias: TableAlias | undefined;
    this.OPTION(() => {
      alias = this.SUBRULE(this.tableAlias);
    });
    return this.ACTION((): Relation => {
      if (rel.kind === 'InlineTable') this.checkInlineTable(rel.rows, alias);
      if (!alias) return rel;
      switch (rel.kind) {
        case 'TableRef':
        case 'SubqueryRef':
        case 'InlineTable':
        case 'TableFunction':
          return { ...rel, alias, origin: this.org(start) };
        default:
          // An aliased parenthesised join: wrap it as a subquery over SELECT *.
          return {
            kind: 'SubqueryRef',
            alias,
            origin: this.org(start),
            query: {
              kind: 'Query',
              body: { kind: 'Select', distinct: false, items: [{ expr: { kind: 'Star' } }], from: rel },
            },
          };
      }
    });
  });

  // ------------------------------------------------------------ statements

  statement = this.RULE('statement', (): Statement => {
    return this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () => this.is(1, KW.CREATE),
          ALT: () => this.SUBRULE(this.createStatement),
        },
        { ALT: () => this.SUBRULE(this.insertStatement) },
        {
          GATE: () => this.is(1, KW.WITH),
          ALT: () => {
            const t = this.LA(1);
            const w = this.SUBRULE(this.withClause);
            return this.OR4([
              {
                ALT: () => {
                  const ins = this.SUBRULE2(this.insertStatement);
                  return this.ACTION((): Statement => {
                    if (ins.kind !== 'InsertInto') return ins;
                    const inner = ins.query.with;
                    const merged = inner
                      ? { recursive: w.recursive || inner.recursive, ctes: [...w.ctes, ...inner.ctes] }
                      : w;
                    return { ...ins, query: { ...ins.query, with: merged }, origin: this.org(t) };
                  });
                },
              },
              {
                ALT: () => {
                  const query = this.SUBRULE(this.queryTail, { ARGS: [t, w] });
                  return this.ACTION((): Statement => ({
                    kind: 'QueryStatement',
                    query,
                    origin: this.org(t),
                  }));
                },
              },
            ]);
          },
        },
        { ALT: () => this.SUBRULE(this.dropStatement) },
        {
          ALT: () => {
            const t = this.CONSUME(KW.TRUNCATE);
            this.CONSUME(KW.TABLE);
            const name = this.SUBRULE(this.qualifiedName);
            return this.ACTION((): Statement => ({ kind: 'TruncateTable', name, origin: this.org(t) }));
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(KW.EXPLAIN);
            let mode: 'SIMPLE' | 'EXTENDED' | 'FORMATTED' | 'CODEGEN' | 'COST' = 'SIMPLE';
            this.OPTION(() => {
              const m = this.OR2([
                { ALT: () => this.CONSUME(KW.EXTENDED) },
                { ALT: () => this.CONSUME(KW.FORMATTED) },
                { ALT: () => this.CONSUME(KW.CODEGEN) },
                { ALT: () => this.CONSUME(KW.COST) },
              ]);
              mode = this.ACTION(() => upper(m) as typeof mode);
            });
            const statement = this.SUBRULE(this.statement);
            return this.ACTION((): Statement => ({ kind: 'Explain', mode, statement, origin: this.org(t) }));
          },
        },
        { ALT: () => this.SUBRULE(this.showStatement) },
        { ALT: () => this.SUBRULE(this.describeStatement) },
        { ALT: () => this.SUBRULE(this.cacheStatement) },
        {
          ALT: () => {
            const t = this.CONSUME(KW.UNCACHE);
            this.CONSUME2(KW.TABLE);
            let ifExists = false;
            this.OPTION2({
              GATE: () => this.is(2, KW.EXISTS),
              DEF: () => {
                this.CONSUME(KW.IF);
                this.CONSUME(KW.EXISTS);
                ifExists = true;
              },
            });
            const name = this.SUBRULE2(this.qualifiedName);
            return this.ACTION((): Statement => ({
              kind: 'UncacheTable',
              name,
              ifExists,
              origin: this.org(t),
            }));
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(KW.CLEAR);
            this.CONSUME(KW.CACHE);
            return this.ACTION((): Statement => ({ kind: 'ClearCache', origin: this.org(t) }));
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(KW.USE);
            this.OPTION3({
              GATE: () => this.is(2, Ident),
              DEF: () => {
                this.OR3([{ ALT: () => this.CONSUME(KW.DATABASE) }, { ALT: () => this.CONSUME(KW.SCHEMA) }]);
              },
            });
            const name = this.SUBRULE3(this.qualifiedName);
            return this.ACTION((): Statement => ({
              kind: 'UseDatabase',
              name: name.join('.'),
              origin: this.org(t),
            }));
          },
        },
        { ALT: () => this.SUBRULE(this.executeImmediate) },
        {
          ALT: () => {
            const t = this.LA(1);
            const query = this.SUBRULE(this.query);
            return this.ACTION((): Statement => ({ kind: 'QueryStatement', query, origin: this.org(t) }));
          },
        },
      ],
    });
  });

  ifNotExists = this.RULE('ifNotExists', (): boolean => {
    let r = false;
    this.OPTION({
      GATE: () => this.is(1, KW.IF) && this.is(2, KW.NOT) && this.is(3, KW.EXISTS),
      DEF: () => {
        this.CONSUME(KW.IF);
        this.CONSUME(KW.NOT);
        this.CONSUME(KW.EXISTS);
        r = true;
      },
    });
    return r;
  });

  ifExists = this.RULE('ifExists', (): boolean => {
    let r = false;
    this.OPTION({
      GATE: () => this.is(1, KW.IF) && this.is(2, KW.EXISTS),
      DEF: () => {
        this.CONSUME(KW.IF);
        this.CONSUME(KW.EXISTS);
        r = true;
      },
    });
    return r;
  });

  propertyList = this.RULE('propertyList', (): Record<string, string> => {
    const props: Record<string, string> = {};
    this.CONSUME(LParen);
    this.MANY_SEP({
      SEP: Comma,
      DEF: () => {
        const key = this.OR([
          { ALT: () => this.SUBRULE(this.stringLit) },
          { ALT: () => dotted(this.SUBRULE(this.qualifiedName)) },
        ]);
        this.OPTION(() => this.CONSUME(Eq));
        const value = this.OR2([
          { ALT: () => this.SUBRULE2(this.stringLit) },
          {
            ALT: () => {
              const neg = this.OPTION2(() => this.CONSUME(Minus));
              const n = this.CONSUME(NumberLit);
              return this.ACTION(() => (neg ? '-' : '') + n.image);
            },
          },
          { ALT: () => this.CONSUME(KW.TRUE).image.toLowerCase() },
          { ALT: () => this.CONSUME(KW.FALSE).image.toLowerCase() },
          { ALT: () => this.SUBRULE(this.identifier) },
        ]);
        this.ACTION(() => {
          props[key] = value;
        });
      },
    });
    this.CONSUME(RParen);
    return props;
  });

  columnDef = this.RULE('columnDef', (): ColumnDef => {
    const start = this.LA(1);
    const name = this.SUBRULE(this.identifier);
    const dataType = this.SUBRULE(this.dataType);
    let nullable = true;
    let comment: string | undefined;
    let dflt: AstExpr | undefined;
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(KW.NOT);
            this.CONSUME(KW.NULL);
            nullable = false;
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW.COMMENT);
            comment = this.SUBRULE(this.stringLit);
          },
        },
        {
          GATE: () => this.LA(1).image.toUpperCase() === 'DEFAULT',
          ALT: () => {
            this.CONSUME(Ident);
            dflt = this.SUBRULE(this.expr);
          },
        },
      ]);
    });
    return this.ACTION((): ColumnDef => {
      let c: ColumnDef = { name, dataType, nullable, origin: this.org(start) };
      if (comment !== undefined) c = { ...c, comment };
      if (dflt) c = { ...c, default: dflt };
      return c;
    });
  });

  columnDefs = this.RULE('columnDefs', (): ColumnDef[] => {
    const cols: ColumnDef[] = [];
    this.CONSUME(LParen);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => cols.push(this.SUBRULE(this.columnDef)) });
    this.CONSUME(RParen);
    return cols;
  });

  createStatement = this.RULE('createStatement', (): Statement => {
    const start = this.CONSUME(KW.CREATE);
    let replace = false;
    this.OPTION(() => {
      this.CONSUME(KW.OR);
      this.CONSUME(KW.REPLACE);
      replace = true;
    });
    return this.OR([
      {
        GATE: () => this.is(1, KW.DATABASE) || this.is(1, KW.SCHEMA),
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(KW.DATABASE) }, { ALT: () => this.CONSUME(KW.SCHEMA) }]);
          const ifNotExists = this.SUBRULE(this.ifNotExists);
          const name = this.SUBRULE(this.qualifiedName);
          this.MANY(() => {
            this.OR3([
              {
                ALT: () => {
                  this.CONSUME(KW.COMMENT);
                  this.SUBRULE(this.stringLit);
                },
              },
              {
                ALT: () => {
                  this.CONSUME(KW.LOCATION);
                  this.SUBRULE2(this.stringLit);
                },
              },
            ]);
          });
          return this.ACTION((): Statement => ({
            kind: 'CreateDatabase',
            name: name.join('.'),
            ifNotExists,
            origin: this.org(start),
          }));
        },
      },
      {
        GATE: () => !(this.is(1, KW.DATABASE) || this.is(1, KW.SCHEMA)),
        ALT: () => this.SUBRULE(this.createTableOrView, { ARGS: [start, replace] }),
      },
    ]);
  });

  createTableOrView = this.RULE('createTableOrView', (start: Tok, replace: boolean): Statement => {
    let global = false;
    let temporary = false;
    let external = false;
    this.OPTION(() => {
      this.CONSUME(KW.GLOBAL);
      global = true;
    });
    this.OPTION2(() => {
      this.OR([{ ALT: () => this.CONSUME(KW.TEMP) }, { ALT: () => this.CONSUME(KW.TEMPORARY) }]);
      temporary = true;
    });
    this.OPTION3(() => {
      this.CONSUME(KW.EXTERNAL);
      external = true;
    });
    const isView = this.OR2([
      {
        ALT: () => {
          this.CONSUME(KW.VIEW);
          return true;
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.TABLE);
          return false;
        },
      },
    ]);
    const ifNotExists = this.SUBRULE(this.ifNotExists);
    const name = this.SUBRULE(this.qualifiedName);
    let columns: ColumnDef[] | undefined;
    let viewColumns: { name: string; comment?: string }[] | undefined;
    this.OPTION4({
      GATE: () => !this.queryAt(2),
      DEF: () => {
        this.OR3({
          IGNORE_AMBIGUITIES: true,
          DEF: [
            {
              GATE: () => isView && (this.is(3, Comma) || this.is(3, RParen) || this.is(3, KW.COMMENT)),
              ALT: () => {
                viewColumns = this.SUBRULE(this.viewColumns);
              },
            },
            {
              ALT: () => {
                columns = this.SUBRULE(this.columnDefs);
              },
            },
          ],
        });
      },
    });
    let provider: string | undefined;
    let options: Record<string, string> = {};
    let partitionBy: string[] | undefined;
    let location: string | undefined;
    let comment: string | undefined;
    let properties: Record<string, string> | undefined;
    this.MANY(() => {
      this.OR4([
        {
          ALT: () => {
            this.CONSUME(KW.USING);
            provider = dotted(this.SUBRULE2(this.qualifiedName));
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW.OPTIONS);
            options = this.SUBRULE(this.propertyList);
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW.PARTITIONED);
            this.CONSUME(KW.BY);
            partitionBy = this.SUBRULE(this.identifierList);
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW.LOCATION);
            location = this.SUBRULE(this.stringLit);
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW.COMMENT);
            comment = this.SUBRULE2(this.stringLit);
          },
        },
        {
          ALT: () => {
            this.CONSUME(KW.TBLPROPERTIES);
            properties = this.SUBRULE2(this.propertyList);
          },
        },
      ]);
    });
    let asSelect: Query | undefined;
    let queryStart: Tok | undefined;
    this.OPTION5(() => {
      this.OPTION6(() => this.CONSUME(KW.AS));
      queryStart = this.LA(1);
      asSelect = this.SUBRULE(this.query);
    });
    return this.ACTION((): Statement => {
      const origin = this.org(start);
      if (isView && provider !== undefined) {
        let s: Statement = { kind: 'CreateTempViewUsing', name, replace, global, provider, options, origin };
        if (columns) s = { ...s, columns };
        return s;
      }
      if (isView) {
        if (!asSelect || !queryStart) throw syntaxError(this.sqlText, this.place(this.LA(1)));
        let s: Statement & { kind: 'CreateView' } = {
          kind: 'CreateView',
          name,
          replace,
          temporary,
          global,
          ifNotExists,
          query: asSelect,
          queryText: this.sqlText.slice(queryStart.startOffset, (this.LA(0).endOffset ?? 0) + 1),
          origin,
        };
        const cols =
          viewColumns ??
          columns?.map((c) =>
            c.comment !== undefined ? { name: c.name, comment: c.comment } : { name: c.name },
          );
        if (cols) s = { ...s, columns: cols };
        return s;
      }
      if (temporary && provider !== undefined) {
        let s: Statement = { kind: 'CreateTempViewUsing', name, replace, global, provider, options, origin };
        if (columns) s = { ...s, columns };
        return s;
      }
      let s: Statement & { kind: 'CreateTable' } = {
        kind: 'CreateTable',
        name,
        replace,
        ifNotExists,
        external,
        options,
        origin,
      };
      if (columns) s = { ...s, columns };
      if (provider !== undefined) s = { ...s, provider };
      if (partitionBy) s = { ...s, partitionBy };
      if (location !== undefined) s = { ...s, location };
      if (comment !== undefined) s = { ...s, comment };
      if (properties) s = { ...s, properties };
      if (asSelect) s = { ...s, asSelect };
      return s;
    });
  });

  viewColumns = this.RULE('viewColumns', (): { name: string; comment?: string }[] => {
    const cols: { name: string; comment?: string }[] = [];
    this.CONSUME(LParen);
    this.AT_LEAST_ONE_SEP({
      SEP: Comma,
      DEF: () => {
        const name = this.SUBRULE(this.identifier);
        let comment: string | undefined;
        this.OPTION(() => {
          this.CONSUME(KW.COMMENT);
          comment = this.SUBRULE(this.stringLit);
        });
        this.ACTION(() => cols.push(comment !== undefined ? { name, comment } : { name }));
      },
    });
    this.CONSUME(RParen);
    return cols;
  });

  insertStatement = this.RULE('insertStatement', (): Statement => {
    const start = this.CONSUME(KW.INSERT);
    const overwrite = this.OR([
      {
        ALT: () => {
          this.CONSUME(KW.INTO);
          return false;
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.OVERWRITE);
          return true;
        },
      },
    ]);
    this.OPTION(() => this.CONSUME(KW.TABLE));
    const table = this.SUBRULE(this.qualifiedName);
    let partition: { name: string; value?: AstExpr }[] | undefined;
    this.OPTION2(() => {
      this.CONSUME(KW.PARTITION);
      this.CONSUME(LParen);
      partition = [];
      this.AT_LEAST_ONE_SEP({
        SEP: Comma,
        DEF: () => {
          const name = this.SUBRULE(this.identifier);
          let value: AstExpr | undefined;
          this.OPTION3(() => {
            this.CONSUME(Eq);
            value = this.SUBRULE(this.expr);
          });
          this.ACTION(() => partition!.push(value ? { name, value } : { name }));
        },
      });
      this.CONSUME(RParen);
    });
    const ifNotExists = this.SUBRULE(this.ifNotExists);
    let columns: string[] | undefined;
    this.OPTION4({
      GATE: () => this.is(1, LParen) && !this.queryAt(2),
      DEF: () => {
        columns = this.SUBRULE(this.identifierList);
      },
    });
    let byName = false;
    this.OPTION5({
      GATE: () => this.is(2, KW.NAME),
      DEF: () => {
        this.CONSUME(KW.BY);
        this.CONSUME(KW.NAME);
        byName = true;
      },
    });
    const query = this.SUBRULE(this.query);
    return this.ACTION((): Statement => {
      let s: Statement & { kind: 'InsertInto' } = {
        kind: 'InsertInto',
        table,
        overwrite,
        query,
        origin: this.org(start),
      };
      if (columns) s = { ...s, columns };
      if (byName) s = { ...s, byName };
      if (partition) s = { ...s, partition };
      if (ifNotExists) s = { ...s, ifNotExists };
      return s;
    });
  });

  dropStatement = this.RULE('dropStatement', (): Statement => {
    const start = this.CONSUME(KW.DROP);
    return this.OR([
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(KW.DATABASE) }, { ALT: () => this.CONSUME(KW.SCHEMA) }]);
          const ifExists = this.SUBRULE(this.ifExists);
          const name = this.SUBRULE(this.qualifiedName);
          let cascade = false;
          this.OPTION(() => {
            this.OR3([
              {
                ALT: () => {
                  this.CONSUME(KW.CASCADE);
                  cascade = true;
                },
              },
              { ALT: () => this.CONSUME(KW.RESTRICT) },
            ]);
          });
          return this.ACTION((): Statement => ({
            kind: 'DropDatabase',
            name: name.join('.'),
            ifExists,
            cascade,
            origin: this.org(start),
          }));
        },
      },
      {
        ALT: () => {
          this.OPTION2(() => {
            this.OR4([{ ALT: () => this.CONSUME(KW.TEMP) }, { ALT: () => this.CONSUME(KW.TEMPORARY) }]);
          });
          const isView = this.OR5([
            {
              ALT: () => {
                this.CONSUME(KW.TABLE);
                return false;
              },
            },
            {
              ALT: () => {
                this.CONSUME(KW.VIEW);
                return true;
              },
            },
          ]);
          const ifExists = this.SUBRULE2(this.ifExists);
          const name = this.SUBRULE2(this.qualifiedName);
          let purge = false;
          this.OPTION3(() => {
            this.CONSUME(KW.PURGE);
            purge = true;
          });
          return this.ACTION((): Statement => {
            const s: Statement = { kind: 'DropTable', name, ifExists, isView, origin: this.org(start) };
            return purge ? { ...s, purge } : s;
          });
        },
      },
    ]);
  });

  likePattern = this.RULE('likePattern', (): string | undefined => {
    let pattern: string | undefined;
    this.OPTION(() => {
      this.OPTION2(() => this.CONSUME(KW.LIKE));
      pattern = this.SUBRULE(this.stringLit);
    });
    return pattern;
  });

  showStatement = this.RULE('showStatement', (): Statement => {
    const start = this.CONSUME(KW.SHOW);
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(KW.TABLES);
          let database: string | undefined;
          this.OPTION(() => {
            this.OR2([{ ALT: () => this.CONSUME(KW.FROM) }, { ALT: () => this.CONSUME(KW.IN) }]);
            database = dotted(this.SUBRULE(this.qualifiedName));
          });
          const pattern = this.SUBRULE(this.likePattern);
          return this.ACTION((): Statement => {
            let s: Statement & { kind: 'ShowTables' } = { kind: 'ShowTables', origin: this.org(start) };
            if (database !== undefined) s = { ...s, database };
            if (pattern !== undefined) s = { ...s, pattern };
            return s;
          });
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.COLUMNS);
          this.OR3([{ ALT: () => this.CONSUME2(KW.FROM) }, { ALT: () => this.CONSUME2(KW.IN) }]);
          let table = this.SUBRULE2(this.qualifiedName);
          this.OPTION2(() => {
            this.OR4([{ ALT: () => this.CONSUME3(KW.FROM) }, { ALT: () => this.CONSUME3(KW.IN) }]);
            const db = this.SUBRULE3(this.qualifiedName);
            table = this.ACTION(() => [...db, ...table]);
          });
          return this.ACTION((): Statement => ({ kind: 'ShowColumns', table, origin: this.org(start) }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(KW.FUNCTIONS);
          const pattern = this.SUBRULE2(this.likePattern);
          return this.ACTION((): Statement => {
            const s: Statement = { kind: 'ShowFunctions', origin: this.org(start) };
            return pattern !== undefined ? { ...s, pattern } : s;
          });
        },
      },
      {
        ALT: () => {
          this.OR5([{ ALT: () => this.CONSUME(KW.DATABASES) }, { ALT: () => this.CONSUME(KW.SCHEMAS) }]);
          const pattern = this.SUBRULE3(this.likePattern);
          return this.ACTION((): Statement => {
            const s: Statement = { kind: 'ShowDatabases', origin: this.org(start) };
            return pattern !== undefined ? { ...s, pattern } : s;
          });
        },
      },
    ]);
  });

  describeStatement = this.RULE('describeStatement', (): Statement => {
    const start = this.OR([{ ALT: () => this.CONSUME(KW.DESCRIBE) }, { ALT: () => this.CONSUME(KW.DESC) }]);
    return this.OR2({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          GATE: () =>
            this.is(1, KW.QUERY) ||
            this.is(1, KW.SELECT) ||
            this.is(1, KW.WITH) ||
            this.is(1, LParen) ||
            (this.is(1, KW.VALUES) && !this.is(2, EOF)) ||
            (this.is(1, KW.TABLE) && this.is(2, Ident) && !this.is(3, EOF) && false),
          ALT: () => {
            this.OPTION(() => this.CONSUME(KW.QUERY));
            const query = this.SUBRULE(this.query);
            return this.ACTION((): Statement => ({ kind: 'DescribeQuery', query, origin: this.org(start) }));
          },
        },
        {
          GATE: () => this.is(1, KW.FUNCTION) && (this.is(2, Ident) || this.is(2, StringLit)),
          ALT: () => {
            this.CONSUME(KW.FUNCTION);
            let extended = false;
            this.OPTION2({
              GATE: () => this.is(2, Ident) || this.is(2, StringLit),
              DEF: () => {
                this.CONSUME(KW.EXTENDED);
                extended = true;
              },
            });
            const name = this.OR3([
              { ALT: () => dotted(this.SUBRULE(this.qualifiedName)) },
              { ALT: () => this.SUBRULE(this.stringLit) },
            ]);
            return this.ACTION((): Statement => ({
              kind: 'DescribeFunction',
              name,
              extended,
              origin: this.org(start),
            }));
          },
        },
        {
          ALT: () => {
            this.OPTION3({ GATE: () => this.is(2, Ident), DEF: () => this.CONSUME(KW.TABLE) });
            let extended = false;
            this.OPTION4({
              GATE: () => this.is(2, Ident),
              DEF: () => {
                this.OR4([
                  { ALT: () => this.CONSUME2(KW.EXTENDED) },
                  { ALT: () => this.CONSUME(KW.FORMATTED) },
                ]);
                extended = true;
              },
            });
            const table = this.SUBRULE2(this.qualifiedName);
            let column: string[] | undefined;
            this.OPTION5(() => {
              column = this.SUBRULE3(this.qualifiedName);
            });
            return this.ACTION((): Statement => {
              const s: Statement = { kind: 'DescribeTable', table, extended, origin: this.org(start) };
              return column ? { ...s, column } : s;
            });
          },
        },
      ],
    });
  });

  cacheStatement = this.RULE('cacheStatement', (): Statement => {
    const start = this.CONSUME(KW.CACHE);
    let lazy = false;
    this.OPTION(() => {
      this.CONSUME(KW.LAZY);
      lazy = true;
    });
    this.CONSUME(KW.TABLE);
    const name = this.SUBRULE(this.qualifiedName);
    let options: Record<string, string> = {};
    this.OPTION2(() => {
      this.CONSUME(KW.OPTIONS);
      options = this.SUBRULE(this.propertyList);
    });
    let query: Query | undefined;
    this.OPTION3(() => {
      this.OPTION4(() => this.CONSUME(KW.AS));
      query = this.SUBRULE(this.query);
    });
    return this.ACTION((): Statement => {
      const s: Statement = { kind: 'CacheTable', name, lazy, options, origin: this.org(start) };
      return query ? { ...s, query } : s;
    });
  });

  executeImmediate = this.RULE('executeImmediate', (): Statement => {
    const start = this.CONSUME(KW.EXECUTE);
    this.CONSUME(KW.IMMEDIATE);
    const sql = this.SUBRULE(this.expr);
    let into: string[] | undefined;
    this.OPTION(() => {
      this.CONSUME(KW.INTO);
      into = [];
      this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => into!.push(dotted(this.SUBRULE(this.qualifiedName))) });
    });
    const args: { expr: AstExpr; name?: string }[] = [];
    this.OPTION2(() => {
      this.CONSUME(KW.USING);
      this.AT_LEAST_ONE_SEP2({
        SEP: Comma,
        DEF: () => {
          const e = this.SUBRULE2(this.expr);
          let name: string | undefined;
          this.OPTION3(() => {
            this.OPTION4(() => this.CONSUME(KW.AS));
            name = this.SUBRULE(this.identifier);
          });
          this.ACTION(() => args.push(name !== undefined ? { expr: e, name } : { expr: e }));
        },
      });
    });
    return this.ACTION((): Statement => {
      const s: Statement = { kind: 'ExecuteImmediate', sql, args, origin: this.org(start) };
      return into ? { ...s, into } : s;
    });
  });

  /** Entry points: each parses one construct and leaves the end-of-input check to the caller. */
  statementEntry = this.RULE('statementEntry', (): Statement => {
    const s = this.SUBRULE(this.statement);
    this.OPTION(() => this.CONSUME(Semi));
    return s;
  });
}

/** The grouping sets a ROLLUP / CUBE / GROUPING SETS element stands for (Spark's rollupExprs / cubeExprs). */
function expandGroupingSets(g: GroupBy): AstExpr[][] {
  const flat = (e: AstExpr): AstExpr[] => (e.kind === 'Tuple' ? [...e.items] : [e]);
  switch (g.kind) {
    case 'GroupingSets':
      return g.sets.map((s) => [...s]);
    case 'Rollup': {
      const out: AstExpr[][] = [];
      for (let n = g.exprs.length; n >= 0; n--) out.push(g.exprs.slice(0, n).flatMap(flat));
      return out;
    }
    case 'Cube': {
      const cube = (xs: readonly AstExpr[]): AstExpr[][] => {
        if (xs.length === 0) return [[]];
        const rest = cube(xs.slice(1));
        return [...rest.map((r) => [...flat(xs[0]!), ...r]), ...rest];
      };
      return cube(g.exprs);
    }
    case 'Exprs':
      return [g.exprs.flatMap(flat)];
    case 'All':
      return [];
    case 'Mixed':
      return g.parts.flatMap(expandGroupingSets);
  }
}

function intervalType(from: string | undefined, to: string | undefined): DataType {
  if (from === undefined) return T.calendarInterval;
  const ym = ['YEAR', 'MONTH'];
  const dt = ['DAY', 'HOUR', 'MINUTE', 'SECOND'];
  if (ym.includes(from)) return T.yearMonthInterval(ym.indexOf(from), ym.indexOf(to ?? from));
  const a = dt.indexOf(from);
  const b = dt.indexOf(to ?? from);
  return T.dayTimeInterval(a < 0 ? 0 : a, b < 0 ? a : b);
}

let instance: SqlParser | null = null;

/** The one parser instance (building it runs chevrotain's grammar analysis, which is slow). */
export function getParser(): SqlParser {
  if (!instance) instance = new SqlParser();
  return instance;
}
