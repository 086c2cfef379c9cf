// A small JSON reader with the Jackson options Spark exposes (single quotes, leading zeros, NaN), and
// Spark's JSON schema inference (JsonInferSchema) used by schema_of_json and from_json.

import { T, type DataType, type StructField } from '@flint/common';

export type JsonNode =
  | { readonly t: 'null' }
  | { readonly t: 'bool'; readonly v: boolean }
  | { readonly t: 'num'; readonly text: string; readonly integral: boolean }
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'arr'; readonly items: readonly JsonNode[] }
  | { readonly t: 'obj'; readonly keys: readonly string[]; readonly vals: readonly JsonNode[] };

export interface JsonReadOptions {
  readonly allowNumericLeadingZeros?: boolean;
  readonly allowSingleQuotes?: boolean;
  readonly allowNonNumericNumbers?: boolean;
  readonly allowUnquotedFieldNames?: boolean;
}

const NULL: JsonNode = { t: 'null' };

/** Parses the first JSON value of `text` (trailing content is ignored, as Jackson does); null when malformed. */
export function parseJson(text: string, opts: JsonReadOptions = {}): JsonNode | null {
  let pos = 0;
  const n = text.length;
  const ws = (): void => {
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) pos++;
      else break;
    }
  };
  const fail = (): never => {
    throw BAD;
  };
  const str = (q: string): string => {
    pos++;
    let out = '';
    for (;;) {
      if (pos >= n) fail();
      const c = text[pos]!;
      if (c === q) {
        pos++;
        return out;
      }
      if (c === '\\') {
        const e = text[pos + 1];
        pos += 2;
        switch (e) {
          case '"':
            out += '"';
            break;
          case "'":
            out += "'";
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
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
          case 'u': {
            const h = text.slice(pos, pos + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(h)) fail();
            out += String.fromCharCode(parseInt(h, 16));
            pos += 4;
            break;
          }
          default:
            fail();
        }
        continue;
      }
      if (c.charCodeAt(0) < 32) fail();
      out += c;
      pos++;
    }
  };
  const value = (): JsonNode => {
    ws();
    if (pos >= n) fail();
    const c = text[pos]!;
    if (c === '{') {
      pos++;
      const keys: string[] = [];
      const vals: JsonNode[] = [];
      ws();
      if (text[pos] === '}') {
        pos++;
        return { t: 'obj', keys, vals };
      }
      for (;;) {
        ws();
        const q = text[pos];
        let key: string;
        if (q === '"' || (q === "'" && opts.allowSingleQuotes !== false)) key = str(q);
        else if (opts.allowUnquotedFieldNames === true && q !== undefined && /[A-Za-z_$]/.test(q)) {
          const m = /^[A-Za-z0-9_$]+/.exec(text.slice(pos))!;
          key = m[0];
          pos += key.length;
        } else return fail();
        ws();
        if (text[pos] !== ':') fail();
        pos++;
        keys.push(key);
        vals.push(value());
        ws();
        const d = text[pos];
        pos++;
        if (d === '}') return { t: 'obj', keys, vals };
        if (d !== ',') fail();
      }
    }
    if (c === '[') {
      pos++;
      const items: JsonNode[] = [];
      ws();
      if (text[pos] === ']') {
        pos++;
        return { t: 'arr', items };
      }
      for (;;) {
        items.push(value());
        ws();
        const d = text[pos];
        pos++;
        if (d === ']') return { t: 'arr', items };
        if (d !== ',') fail();
      }
    }
    if (c === '"' || (c === "'" && opts.allowSingleQuotes !== false)) return { t: 'str', v: str(c) };
    const rest = text.slice(pos, pos + 9);
    if (rest.startsWith('true')) return ((pos += 4), { t: 'bool', v: true });
    if (rest.startsWith('false')) return ((pos += 5), { t: 'bool', v: false });
    if (rest.startsWith('null')) return ((pos += 4), NULL);
    if (opts.allowNonNumericNumbers !== false) {
      for (const w of ['NaN', 'Infinity', '+Infinity', '-Infinity', 'INF', '+INF', '-INF']) {
        if (rest.startsWith(w) && !/[A-Za-z0-9]/.test(text[pos + w.length] ?? '')) {
          pos += w.length;
          return { t: 'num', text: w, integral: false };
        }
      }
    }
    const m = /^-?(\d+)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(pos, pos + 400));
    if (m === null) return fail();
    if (m[1]!.length > 1 && m[1]![0] === '0' && opts.allowNumericLeadingZeros !== true) fail();
    pos += m[0].length;
    return { t: 'num', text: m[0], integral: m[2] === undefined && m[3] === undefined };
  };
  try {
    return value();
  } catch (e) {
    if (e === BAD) return null;
    throw e;
  }
}

const BAD = new Error('malformed JSON');

export interface JsonInferOptions {
  readonly primitivesAsString?: boolean;
  readonly prefersDecimal?: boolean;
}

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** Java BigDecimal precision and scale of a JSON number's text. */
function decimalShape(text: string): { precision: number; scale: number } {
  const m = /^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text)!;
  const digits = (m[1]! + (m[2] ?? '')).replace(/^0+/, '');
  const scale = (m[2]?.length ?? 0) - Number(m[3] ?? 0);
  return { precision: Math.max(digits.length, 1), scale };
}

function inferNode(node: JsonNode, o: JsonInferOptions): DataType {
  switch (node.t) {
    case 'null':
      return T.null;
    case 'bool':
      return o.primitivesAsString ? T.string : T.boolean;
    case 'str':
      return T.string;
    case 'num': {
      if (o.primitivesAsString) return T.string;
      if (!/\d/.test(node.text)) return T.double;
      if (node.integral) {
        const v = BigInt(node.text);
        if (v >= LONG_MIN && v <= LONG_MAX) return T.long;
        const { precision } = decimalShape(node.text);
        return precision <= 38 ? T.decimal(precision, 0) : T.double;
      }
      if (o.prefersDecimal) {
        const { precision, scale } = decimalShape(node.text);
        const p = Math.max(precision, scale);
        if (p <= 38 && scale >= 0) return T.decimal(p, scale);
      }
      return T.double;
    }
    case 'arr': {
      let el: DataType = T.null;
      for (const it of node.items) el = compatibleType(el, inferNode(it, o));
      return T.array(el, true);
    }
    case 'obj': {
      const byName = new Map<string, DataType>();
      node.keys.forEach((k, i) => {
        const t = inferNode(node.vals[i]!, o);
        const prev = byName.get(k);
        byName.set(k, prev === undefined ? t : compatibleType(prev, t));
      });
      const names = [...byName.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return T.struct(names.map((k) => T.field(k, byName.get(k)!, true)));
    }
  }
}

function isIntegralOrDecimal(t: DataType): boolean {
  return t.kind === 'long' || t.kind === 'decimal';
}

/** JsonInferSchema.compatibleType: the type two inferred types merge into. */
export function compatibleType(a: DataType, b: DataType): DataType {
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  if (JSON.stringify(a) === JSON.stringify(b)) return a;
  if (
    (a.kind === 'double' && (isIntegralOrDecimal(b) || b.kind === 'double')) ||
    (b.kind === 'double' && isIntegralOrDecimal(a))
  )
    return T.double;
  if (isIntegralOrDecimal(a) && isIntegralOrDecimal(b)) {
    const da = a.kind === 'decimal' ? a : T.decimal(20, 0);
    const db = b.kind === 'decimal' ? b : T.decimal(20, 0);
    const scale = Math.max(da.scale, db.scale);
    const range = Math.max(da.precision - da.scale, db.precision - db.scale);
    return range + scale > 38 ? T.double : T.decimal(range + scale, scale);
  }
  if (a.kind === 'struct' && b.kind === 'struct') {
    const byName = new Map<string, DataType>();
    for (const f of [...a.fields, ...b.fields]) {
      const prev = byName.get(f.name);
      byName.set(f.name, prev === undefined ? f.dataType : compatibleType(prev, f.dataType));
    }
    const names = [...byName.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    return T.struct(names.map((k) => T.field(k, byName.get(k)!, true)));
  }
  if (a.kind === 'array' && b.kind === 'array')
    return T.array(compatibleType(a.elementType, b.elementType), true);
  return T.string;
}

/** Replaces NullType left by inference with StringType and drops empty nested structs (canonicalizeType). */
function canonicalize(t: DataType, top: boolean): DataType | null {
  switch (t.kind) {
    case 'null':
      return T.string;
    case 'array': {
      const el = canonicalize(t.elementType, false);
      return el === null ? null : T.array(el, true);
    }
    case 'struct': {
      const fields: StructField[] = [];
      for (const f of t.fields) {
        const c = canonicalize(f.dataType, false);
        if (c !== null) fields.push(T.field(f.name, c, true));
      }
      return fields.length === 0 && !top ? null : T.struct(fields);
    }
    default:
      return t;
  }
}

/** The schema Spark infers from one JSON document, or null when it is malformed. */
export function inferJsonSchema(
  text: string,
  read: JsonReadOptions,
  infer: JsonInferOptions,
): DataType | null {
  const node = parseJson(text, read);
  if (node === null) return null;
  return canonicalize(inferNode(node, infer), true) ?? T.string;
}
