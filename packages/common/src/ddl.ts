// Parses Spark DDL type strings ("DECIMAL(10,2)", "ARRAY<STRING>") and schemas ("a INT, b STRING NOT NULL").
import { T, type DataType, type StructField, type StructType } from './data-type.js';
import { flintError, type FlintError } from './errors.js';

type Tok = {
  readonly t: 'ident' | 'quoted' | 'num' | 'str' | 'punct' | 'eof';
  readonly v: string;
  readonly pos: number;
};

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === '`') {
      let v = '';
      i++;
      for (;;) {
        if (i >= n) throw syntaxError(text, start, '`');
        if (text[i] === '`') {
          if (text[i + 1] === '`') {
            v += '`';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += text[i];
        i++;
      }
      out.push({ t: 'quoted', v, pos: start });
    } else if (c === "'" || c === '"') {
      let v = '';
      i++;
      while (i < n && text[i] !== c) {
        if (text[i] === '\\' && i + 1 < n) i++;
        v += text[i];
        i++;
      }
      if (i >= n) throw syntaxError(text, start, c);
      i++;
      out.push({ t: 'str', v, pos: start });
    } else if (/[0-9]/.test(c)) {
      while (i < n && /[0-9]/.test(text[i]!)) i++;
      // digits followed by letters form an identifier (e.g. a column named 1a)
      if (i < n && /[A-Za-z_]/.test(text[i]!)) {
        while (i < n && /[A-Za-z0-9_]/.test(text[i]!)) i++;
        out.push({ t: 'ident', v: text.slice(start, i), pos: start });
      } else out.push({ t: 'num', v: text.slice(start, i), pos: start });
    } else if (/[A-Za-z_]/.test(c)) {
      while (i < n && /[A-Za-z0-9_]/.test(text[i]!)) i++;
      out.push({ t: 'ident', v: text.slice(start, i), pos: start });
    } else if ('<>(),:'.includes(c)) {
      out.push({ t: 'punct', v: c, pos: start });
      i++;
    } else {
      throw syntaxError(text, start, c);
    }
  }
  out.push({ t: 'eof', v: '', pos: n });
  return out;
}

function syntaxError(text: string, _pos: number, near: string): FlintError {
  const error = near === '' ? 'end of input' : `'${near}'`;
  return flintError('PARSE_SYNTAX_ERROR', { error, hint: '' });
}

function unsupported(name: string): FlintError {
  const typeName = `"${name.toUpperCase()}"`;
  return flintError('UNSUPPORTED_DATATYPE', { typeName });
}

const YM = ['year', 'month'];
const DT = ['day', 'hour', 'minute', 'second'];

/** A small recursive-descent parser over the tokens; plain closures, no class. */
function createParser(text: string, toks: Tok[]) {
  let i = 0;

  function peek(): Tok {
    return toks[i]!;
  }
  function next(): Tok {
    const t = toks[i]!;
    if (t.t !== 'eof') i++;
    return t;
  }
  function fail(): never {
    const t = peek();
    throw syntaxError(text, t.pos, t.t === 'eof' ? '' : t.t === 'quoted' ? `\`${t.v}\`` : t.v);
  }
  function isPunct(v: string): boolean {
    const t = peek();
    return t.t === 'punct' && t.v === v;
  }
  function expectPunct(v: string): void {
    if (!isPunct(v)) fail();
    i++;
  }
  function isKeyword(k: string): boolean {
    const t = peek();
    return t.t === 'ident' && t.v.toLowerCase() === k;
  }
  function atEnd(): boolean {
    return peek().t === 'eof';
  }

  function num(): number {
    const t = peek();
    if (t.t !== 'num') fail();
    i++;
    return Number(t.v);
  }

  /** An optional parenthesised list of integers, e.g. (10, 2). */
  function params(): number[] {
    if (!isPunct('(')) return [];
    i++;
    const out = [num()];
    while (isPunct(',')) {
      i++;
      out.push(num());
    }
    expectPunct(')');
    return out;
  }

  function dataType(): DataType {
    const t = peek();
    if (t.t !== 'ident') fail();
    i++;
    const name = t.v.toLowerCase();
    switch (name) {
      case 'array': {
        expectPunct('<');
        const e = dataType();
        expectPunct('>');
        return T.array(e, true);
      }
      case 'map': {
        expectPunct('<');
        const k = dataType();
        expectPunct(',');
        const v = dataType();
        expectPunct('>');
        return T.map(k, v, true);
      }
      case 'struct': {
        expectPunct('<');
        const fields: StructField[] = [];
        if (!isPunct('>')) {
          for (;;) {
            fields.push(field(true));
            if (isPunct(',')) {
              i++;
              continue;
            }
            break;
          }
        }
        expectPunct('>');
        return T.struct(fields);
      }
      case 'interval':
        return interval();
      default:
        break;
    }
    const p = params();
    const none = (dt: DataType): DataType => {
      if (p.length > 0) throw unsupported(`${name}(${p.join(',')})`);
      return dt;
    };
    switch (name) {
      case 'boolean':
        return none(T.boolean);
      case 'tinyint':
      case 'byte':
        return none(T.byte);
      case 'smallint':
      case 'short':
        return none(T.short);
      case 'int':
      case 'integer':
        return none(T.int);
      case 'bigint':
      case 'long':
        return none(T.long);
      case 'float':
      case 'real':
        return none(T.float);
      case 'double':
        return none(T.double);
      case 'date':
        return none(T.date);
      case 'timestamp':
      case 'timestamp_ltz':
        return none(T.timestamp);
      case 'timestamp_ntz':
        return none(T.timestampNtz);
      case 'time': {
        if (p.length > 1) throw unsupported(`${name}(${p.join(',')})`);
        const precision = p[0] ?? 6;
        if (precision < 0 || precision > 6) {
          throw flintError('UNSUPPORTED_TIME_PRECISION', { precision: String(precision) });
        }
        return T.time(precision);
      }
      case 'string':
        return none(T.string);
      case 'binary':
        return none(T.binary);
      case 'void':
        return none(T.null);
      case 'char':
      case 'character':
      case 'varchar':
        if (p.length !== 1) throw unsupported(name);
        return T.string;
      case 'decimal':
      case 'dec':
      case 'numeric': {
        if (p.length > 2) throw unsupported(`${name}(${p.join(',')})`);
        const precision = p[0] ?? 10;
        const scale = p[1] ?? 0;
        if (precision > 38 || precision < 1) {
          throw flintError('DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION', {
            precision: String(precision),
            maxPrecision: '38',
          });
        }
        if (scale > precision) {
          throw flintError('DECIMAL_SCALE_EXCEEDS_PRECISION', {
            scale: String(scale),
            precision: String(precision),
          });
        }
        return T.decimal(precision, scale);
      }
      default:
        throw unsupported(p.length > 0 ? `${name}(${p.join(',')})` : name);
    }
  }

  /** After INTERVAL: nothing (calendar interval), `YEAR [TO MONTH]`, `DAY [TO SECOND]`, ... */
  function interval(): DataType {
    const t = peek();
    if (t.t !== 'ident') return T.calendarInterval;
    const start = t.v.toLowerCase();
    const ym = YM.indexOf(start);
    const dt = DT.indexOf(start);
    if (ym < 0 && dt < 0) return T.calendarInterval;
    i++;
    let end = ym >= 0 ? ym : dt;
    if (isKeyword('to')) {
      i++;
      const e = peek();
      if (e.t !== 'ident') fail();
      i++;
      const en = (ym >= 0 ? YM : DT).indexOf(e.v.toLowerCase());
      const start0 = ym >= 0 ? ym : dt;
      if (en <= start0) throw unsupported(`interval ${start} to ${e.v}`);
      end = en;
    }
    return ym >= 0 ? T.yearMonthInterval(ym, end) : T.dayTimeInterval(dt, end);
  }

  function fieldName(): string {
    const t = peek();
    if (t.t === 'ident' || t.t === 'quoted') {
      i++;
      return t.v;
    }
    return fail();
  }

  /** `name [:] type [NOT NULL] [COMMENT 'text']`. The colon is allowed in STRUCT<...> only. */
  function field(inStruct: boolean): StructField {
    const name = fieldName();
    if (inStruct && isPunct(':')) i++;
    const type = dataType();
    let nullable = true;
    let metadata: Record<string, unknown> | null = null;
    for (;;) {
      if (isKeyword('not')) {
        i++;
        if (!isKeyword('null')) fail();
        i++;
        nullable = false;
      } else if (isKeyword('comment')) {
        i++;
        const s = peek();
        if (s.t !== 'str') fail();
        i++;
        metadata = { comment: s.v };
      } else break;
    }
    return metadata === null
      ? { name, dataType: type, nullable }
      : { name, dataType: type, nullable, metadata };
  }
  return { peek, next, fail, isPunct, atEnd, dataType, field };
}

/** Parses one data type: "int", "DECIMAL(10,2)", "array<map<string,int>>", "interval day to second". */
export function parseDataType(text: string): DataType {
  const p = createParser(text, tokenize(text));
  const t = p.dataType();
  if (!p.atEnd()) p.fail();
  return t;
}

/** Parses a schema "a INT, b DECIMAL(10,2) NOT NULL, `weird name` STRING" (or "struct<a:int>") into a StructType. */
export function parseDDLSchema(text: string): StructType {
  const toks = tokenize(text);
  const first = toks[0]!;
  const second = toks[1]!;
  if (first.t === 'ident' && first.v.toLowerCase() === 'struct' && second.t === 'punct' && second.v === '<') {
    const t = parseDataType(text);
    if (t.kind === 'struct') return t;
  }
  const p = createParser(text, toks);
  const fields: StructField[] = [];
  if (p.atEnd()) return T.struct([]);
  for (;;) {
    fields.push(p.field(false));
    if (p.isPunct(',')) {
      p.next();
      continue;
    }
    break;
  }
  if (!p.atEnd()) p.fail();
  return T.struct(fields);
}
