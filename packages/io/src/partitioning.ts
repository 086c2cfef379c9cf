// Hive-style partition folders (`k1=v1/k2=v2/`), as Spark's PartitioningUtils and ExternalCatalogUtils
// handle them: escaping of names and values, the path fragment a write creates for a row, and partition
// discovery (column names, type inference, type merging and typed values) over the folders of a listing.

import * as nodePath from 'node:path';
import {
  type DataType,
  type DecimalType,
  type FileStatus,
  FlintError,
  type PartitionDirectory,
  type StructField,
  type StructType,
  type Value,
  castToString,
  parseDate,
  parseTimestamp,
  parseTimestampNTZ,
  T,
  toSQLType,
} from '@flint/common';

/** The folder value standing for NULL (and for the empty string, which Hive cannot name). */
export const DEFAULT_PARTITION_NAME = '__HIVE_DEFAULT_PARTITION__';

// Hive's FileUtils.charToEscape (non-Windows): control characters and `"#%'*/:=?\{[]^` plus DEL.
const ESCAPED = new Uint8Array(128);
for (let c = 1; c < 0x20; c++) ESCAPED[c] = 1;
for (const ch of '"#%\'*/:=?\\\x7F{[]^') ESCAPED[ch.charCodeAt(0)] = 1;

function needsEscaping(c: number): boolean {
  return c < 128 && ESCAPED[c] === 1;
}

/** Spark's ExternalCatalogUtils.escapePathName: `%XX` (upper-case hex) for the characters above. */
export function escapePathName(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!needsEscaping(c)) continue;
    out += s.slice(from, i) + '%' + c.toString(16).toUpperCase().padStart(2, '0');
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** Spark's unescapePathName: `%XX` becomes the character; a `%` not followed by two hex digits stays. */
export function unescapePathName(s: string): string {
  if (!s.includes('%')) return s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 37 && i + 2 < s.length) {
      const hi = hexDigit(s.charCodeAt(i + 1));
      const lo = hexDigit(s.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        out += String.fromCharCode((hi << 4) | lo);
        i += 3;
        continue;
      }
    }
    out += s[i]!;
    i++;
  }
  return out;
}

/**
 * The folder value of one partition value: CAST(value AS STRING) in the session time zone, escaped;
 * NULL and the empty string become __HIVE_DEFAULT_PARTITION__ (ExternalCatalogUtils.getPartitionValueString).
 */
export function partitionValueString(value: Value, type: DataType, timeZone: string): string {
  const s = castToString(value, type, { timeZone });
  return s === null || s === '' ? DEFAULT_PARTITION_NAME : escapePathName(s);
}

/** `k1=v1/k2=v2` for one row's partition values (FileFormatDataWriter's partition path). */
export function partitionPathFragment(
  names: readonly string[],
  values: readonly Value[],
  types: readonly DataType[],
  timeZone: string,
): string {
  return names
    .map((n, i) => escapePathName(n) + '=' + partitionValueString(values[i] ?? null, types[i]!, timeZone))
    .join('/');
}

// ---------------------------------------------------------------------------------------------
// Discovery

export interface InferPartitioningOptions {
  /** The `basePath` option (absolute local path, already checked to be a folder). */
  readonly basePath?: string;
  /** spark.sql.sources.partitionColumnTypeInference.enabled (default true). */
  readonly typeInference: boolean;
  /** Session time zone (or the `timeZone` option). */
  readonly timeZone: string;
  /** A user schema: partition columns named in it take its type (matched ignoring case). */
  readonly userPartitionSchema?: StructType;
  /** spark.sql.timestampType: which timestamp type inference produces (default TIMESTAMP_LTZ). */
  readonly timestampType?: 'timestamp' | 'timestamp_ntz';
  /** spark.sql.sources.validatePartitionColumns (default true): a value that does not cast fails. */
  readonly validatePartitionColumns?: boolean;
  /** spark.sql.caseSensitive (default false). */
  readonly caseSensitive?: boolean;
}

/** A discovered partition: its folder, its typed values and its files. */
export interface DiscoveredPartition extends PartitionDirectory {
  readonly path: string;
}

export interface PartitionSpec {
  readonly partitionSchema: StructType;
  /** One per leaf folder holding files, in path order; a single value-less one when not partitioned. */
  readonly partitions: readonly DiscoveredPartition[];
}

type TypedPartValue = { readonly raw: string; readonly type: DataType };
type ParsedPath = { readonly names: string[]; readonly values: TypedPartValue[] } | null;

function assertionFailed(message: string): FlintError {
  return new FlintError('INTERNAL_ERROR', `assertion failed: ${message}`, { message });
}

const INT_RE = /^[+-]?\d+$/;
// java.lang.Double.parseDouble's decimal forms (hex floats left out), after Java's trim.
const DOUBLE_RE = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)$/;
// java.math.BigDecimal(String).
const BIG_DECIMAL_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

function javaTrim(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 32) a++;
  while (b > a && s.charCodeAt(b - 1) <= 32) b--;
  return s.slice(a, b);
}

function parseJavaInt(s: string): number | null {
  if (!INT_RE.test(s)) return null;
  const n = Number(s);
  return n >= -2147483648 && n <= 2147483647 ? n : null;
}

function parseJavaLong(s: string): bigint | null {
  if (!INT_RE.test(s)) return null;
  const n = BigInt(s);
  return n >= -(1n << 63n) && n < 1n << 63n ? n : null;
}

function parseJavaDouble(s: string): number | null {
  const t = javaTrim(s);
  if (!DOUBLE_RE.test(t)) return null;
  return Number(t.replace(/[fFdD]$/, ''));
}

/** java.math.BigDecimal(s) as unscaled value and scale; null if the text is not one. */
function parseBigDecimal(s: string): { unscaled: bigint; scale: number; precision: number } | null {
  const m = BIG_DECIMAL_RE.exec(s);
  if (m === null) return null;
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  if (intPart === '' && frac === '') return null;
  const exp = m[4] === undefined ? 0 : Number(m[4]);
  let unscaled = BigInt((intPart + frac).replace(/^0+(?=\d)/, '') || '0');
  if (m[1] === '-') unscaled = -unscaled;
  const abs = unscaled < 0n ? -unscaled : unscaled;
  return { unscaled, scale: frac.length - exp, precision: abs === 0n ? 1 : abs.toString().length };
}

const TS_PARTITION_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d)?$/;
const DATE_PARTITION_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validYmd(y: string, m: string, d: string): boolean {
  const mm = Number(m);
  const dd = Number(d);
  if (mm < 1 || mm > 12 || dd < 1) return false;
  const yy = Number(y);
  const leap = (yy % 4 === 0 && yy % 100 !== 0) || yy % 400 === 0;
  const dim = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mm - 1]!;
  return dd <= dim;
}

/**
 * Spark's inferPartitionColumnValue: int, then bigint, then decimal (whole numbers only), then double,
 * then timestamp (`yyyy-MM-dd HH:mm:ss[.S]`, escaped in the folder name), then date (`yyyy-MM-dd`),
 * else string; __HIVE_DEFAULT_PARTITION__ is NullType.
 */
export function inferPartitionColumnType(
  raw: string,
  typeInference: boolean,
  timeZone: string,
  timestampType: 'timestamp' | 'timestamp_ntz' = 'timestamp',
): DataType {
  if (typeInference) {
    if (parseJavaInt(raw) !== null) return T.int;
    if (parseJavaLong(raw) !== null) return T.long;
    const dec = parseBigDecimal(raw);
    // Spark requires scale <= 0 and then refuses a negative scale: only scale 0 remains.
    if (dec !== null && dec.scale === 0 && dec.precision <= 38) return T.decimal(dec.precision, 0);
    if (parseJavaDouble(raw) !== null) return T.double;
    const unescaped = unescapePathName(raw);
    const ts = TS_PARTITION_RE.exec(unescaped);
    if (
      ts !== null &&
      validYmd(ts[1]!, ts[2]!, ts[3]!) &&
      Number(ts[4]) < 24 &&
      Number(ts[5]) < 60 &&
      Number(ts[6]) < 60
    ) {
      const v =
        timestampType === 'timestamp' ? parseTimestamp(unescaped, timeZone) : parseTimestampNTZ(unescaped);
      if (v !== null) return timestampType === 'timestamp' ? T.timestamp : T.timestampNtz;
    }
    const d = DATE_PARTITION_RE.exec(raw);
    if (d !== null && validYmd(d[1]!, d[2]!, d[3]!) && parseDate(raw) !== null) return T.date;
  }
  return raw === DEFAULT_PARTITION_NAME ? T.null : T.string;
}

function widerDecimal(a: DecimalType, b: DecimalType): DataType {
  const scale = Math.max(a.scale, b.scale);
  const range = Math.max(a.precision - a.scale, b.precision - b.scale);
  return T.decimal(Math.min(range + scale, 38), Math.min(scale, 38));
}

const INTEGRAL_DECIMAL: Partial<Record<DataType['kind'], DecimalType>> = {
  byte: T.decimal(3, 0),
  short: T.decimal(5, 0),
  integer: T.decimal(10, 0),
  long: T.decimal(20, 0),
};
const NUMERIC_ORDER: readonly DataType['kind'][] = ['byte', 'short', 'integer', 'long', 'float', 'double'];

function sameType(a: DataType, b: DataType): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'decimal') {
    const o = b as DecimalType;
    return a.precision === o.precision && a.scale === o.scale;
  }
  return true;
}

/**
 * Spark's findWiderTypeForPartitionColumn: TypeCoercion.findWiderTypeForTwo, except that double with
 * bigint or decimal (which would lose precision) and every other unrelated pair become string.
 */
export function widerPartitionType(a: DataType, b: DataType): DataType {
  if (sameType(a, b)) return a;
  if (a.kind === 'null') return b;
  if (b.kind === 'null') return a;
  const k = new Set([a.kind, b.kind]);
  if (k.has('double') && (k.has('decimal') || k.has('long'))) return T.string;
  const ia = NUMERIC_ORDER.indexOf(a.kind);
  const ib = NUMERIC_ORDER.indexOf(b.kind);
  if (ia >= 0 && ib >= 0) return ia > ib ? a : b;
  if (a.kind === 'decimal' && b.kind === 'decimal') return widerDecimal(a, b);
  if (a.kind === 'decimal' && INTEGRAL_DECIMAL[b.kind] !== undefined)
    return widerDecimal(a, INTEGRAL_DECIMAL[b.kind]!);
  if (b.kind === 'decimal' && INTEGRAL_DECIMAL[a.kind] !== undefined)
    return widerDecimal(b, INTEGRAL_DECIMAL[a.kind]!);
  if (k.has('decimal') && (k.has('float') || k.has('double'))) return T.double;
  if (k.has('date') && k.has('timestamp')) return T.timestamp;
  if (k.has('date') && k.has('timestamp_ntz')) return T.timestampNtz;
  if (k.has('timestamp') && k.has('timestamp_ntz')) return T.timestamp;
  return T.string;
}

function rescale(unscaled: bigint, from: number, to: number): bigint {
  if (to >= from) return unscaled * 10n ** BigInt(to - from);
  const div = 10n ** BigInt(from - to);
  const q = unscaled / div;
  const r = unscaled % div;
  // HALF_UP, as Decimal.changePrecision rounds.
  const twice = (r < 0n ? -r : r) * 2n;
  return twice >= div ? q + (unscaled < 0n ? -1n : 1n) : q;
}

/** Spark's castPartValueToDesiredType; throws (any error) when the text does not cast. */
function castPartValue(type: DataType, raw: string, timeZone: string): Value {
  if (raw === DEFAULT_PARTITION_NAME) return null;
  const fail = (): never => {
    throw new Error('cast failed');
  };
  switch (type.kind) {
    case 'null':
      return null;
    case 'string':
      return unescapePathName(raw);
    case 'byte':
    case 'short': {
      const n = parseJavaInt(raw) ?? fail();
      // Integer.parseInt(value).toByte / .toShort wrap.
      return type.kind === 'byte' ? (n << 24) >> 24 : (n << 16) >> 16;
    }
    case 'integer':
      return parseJavaInt(raw) ?? fail();
    case 'long':
      return parseJavaLong(raw) ?? fail();
    case 'float':
      return Math.fround(parseJavaDouble(raw) ?? fail());
    case 'double':
      return parseJavaDouble(raw) ?? fail();
    case 'decimal': {
      const d = parseBigDecimal(raw) ?? fail();
      const v = rescale(d.unscaled, d.scale, type.scale);
      if ((v < 0n ? -v : v).toString().length > type.precision && v !== 0n) fail();
      return v;
    }
    case 'date':
      return parseDate(raw) ?? fail();
    case 'timestamp': {
      const v = parseTimestamp(unescapePathName(raw), timeZone) ?? parseTimestamp(raw, timeZone);
      return v ?? fail();
    }
    case 'timestamp_ntz':
      return parseTimestampNTZ(unescapePathName(raw)) ?? parseTimestampNTZ(raw) ?? fail();
    case 'boolean': {
      const l = raw.toLowerCase();
      return l === 'true' ? true : l === 'false' ? false : fail();
    }
    case 'binary':
      return new TextEncoder().encode(raw);
    default:
      return fail();
  }
}

function invalidPartitionValue(raw: string, type: DataType, column: string): FlintError {
  const value = `'${raw.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const dataType = toSQLType(type);
  const columnName = '`' + column.replace(/`/g, '``') + '`';
  return new FlintError(
    'INVALID_PARTITION_VALUE',
    `[INVALID_PARTITION_VALUE] Failed to cast value ${value} to data type ${dataType} for partition column ${columnName}. Ensure the value matches the expected data type for this partition column. SQLSTATE: 42846`,
    { value, dataType, columnName },
    null,
    '42846',
  );
}

function isRoot(p: string): boolean {
  return nodePath.dirname(p) === p;
}

/**
 * Spark's parsePartition: walks up from a leaf folder to a base path, collecting `k=v` names, stopping
 * at the first non-`k=v` folder once one was found. Returns the values and where discovery stopped.
 */
function parsePartition(
  leaf: string,
  basePaths: ReadonlySet<string>,
  columnType: (name: string, raw: string) => DataType,
): { parsed: ParsedPath; base: string | null } {
  const names: string[] = [];
  const values: TypedPartValue[] = [];
  let current = leaf;
  let finished = isRoot(leaf);
  while (!finished) {
    const name = nodePath.basename(current);
    // Left-over temporary folders of a write are ignored (Spark's `_temporary`).
    if (name.toLowerCase() === '_temporary') return { parsed: null, base: null };
    if (basePaths.has(current)) break;
    const eq = name.indexOf('=');
    let found = false;
    if (eq >= 0) {
      const col = unescapePathName(name.slice(0, eq));
      if (col === '') throw assertionFailed(`Empty partition column name in '${name}'`);
      const raw = name.slice(eq + 1);
      if (raw === '') throw assertionFailed(`Empty partition column value in '${name}'`);
      names.push(col);
      values.push({ raw, type: columnType(col, raw) });
      found = true;
    }
    finished = (!found && names.length > 0) || isRoot(current);
    if (!finished) current = nodePath.dirname(current);
  }
  if (names.length === 0) return { parsed: null, base: leaf };
  return { parsed: { names: names.reverse(), values: values.reverse() }, base: current };
}

function conflictingDirectoryStructures(bases: readonly string[]): FlintError {
  const discoveredBasePaths = bases.map((b) => '\n\t' + b).join('') + '\n';
  return new FlintError(
    'CONFLICTING_DIRECTORY_STRUCTURES',
    `[CONFLICTING_DIRECTORY_STRUCTURES] Conflicting directory structures detected.\nSuspicious paths:\n${discoveredBasePaths}\nIf provided paths are partition directories, please set "basePath" in the options of the data source to specify the root directory of the table.\nIf there are multiple root directories, please load them separately and then union them. SQLSTATE: KD009`,
    { discoveredBasePaths },
    null,
    'KD009',
  );
}

function conflictingPartitionColumnNames(
  withValues: readonly { path: string; parsed: NonNullable<ParsedPath> }[],
): FlintError {
  const lists: string[][] = [];
  const pathsOf = new Map<string, string[]>();
  for (const { path, parsed } of withValues) {
    const key = parsed.names.join(', ');
    let ps = pathsOf.get(key);
    if (ps === undefined) {
      ps = [];
      pathsOf.set(key, ps);
      lists.push(parsed.names);
    }
    ps.push(path);
  }
  const distinctPartColLists =
    lists.map((l, i) => `\n\tPartition column name list #${i}: ${l.join(', ')}`).join('') + '\n';
  const suspicious = [...lists]
    .sort((a, b) => a.length - b.length)
    .flatMap((l) => pathsOf.get(l.join(', ')) ?? []);
  const suspiciousPaths = suspicious.map((p) => `\n\tfile:${p}`).join('');
  return new FlintError(
    'CONFLICTING_PARTITION_COLUMN_NAMES',
    `[CONFLICTING_PARTITION_COLUMN_NAMES] Conflicting partition column names detected:\n${distinctPartColLists}\nFor partitioned table directories, data files should only live in leaf directories.\nAnd directories at the same level should have the same partition column name.\nPlease check the following directories for unexpected files or inconsistent partition column names:\n${suspiciousPaths} SQLSTATE: KD009`,
    { distinctPartColLists, suspiciousPaths },
    null,
    'KD009',
  );
}

/**
 * Spark's partition discovery (PartitioningAwareFileIndex.inferPartitioning + parsePartitions) over the
 * leaf folders of `files`. `rootPaths` are the paths the user gave, globs expanded (absolute); each is
 * a base path where discovery stops (a file's base path is its folder), unless `basePath` is set.
 * When the data is partitioned, files of folders without partition values are left out, as in Spark.
 */
export function inferPartitioning(
  rootPaths: readonly string[],
  files: readonly FileStatus[],
  options: InferPartitioningOptions,
): PartitionSpec {
  const caseSensitive = options.caseSensitive ?? false;
  const norm = (n: string): string => (caseSensitive ? n : n.toLowerCase());
  const fileSet = new Set(files.map((f) => f.path));
  const strip = (p: string): string => (p.length > 1 && p.endsWith(nodePath.sep) ? p.slice(0, -1) : p);
  const basePaths = new Set<string>(
    options.basePath !== undefined
      ? [strip(options.basePath)]
      : rootPaths.map((r) => strip(r)).map((r) => (fileSet.has(r) ? nodePath.dirname(r) : r)),
  );

  // Leaf folders and their files, in path order.
  const byDir = new Map<string, FileStatus[]>();
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const dir = nodePath.dirname(f.path);
    let list = byDir.get(dir);
    if (list === undefined) byDir.set(dir, (list = []));
    list.push(f);
  }
  const leafDirs = [...byDir.keys()].sort();

  const userTypes = new Map<string, StructField>();
  for (const f of options.userPartitionSchema?.fields ?? []) userTypes.set(norm(f.name), f);
  const timestampType = options.timestampType ?? 'timestamp';
  const columnType = (name: string, raw: string): DataType =>
    userTypes.get(norm(name))?.dataType ??
    inferPartitionColumnType(raw, options.typeInference, options.timeZone, timestampType);

  const parsedDirs = leafDirs.map((d) => ({ path: d, ...parsePartition(d, basePaths, columnType) }));
  const withValues = parsedDirs.flatMap((p) =>
    p.parsed === null ? [] : [{ path: p.path, parsed: p.parsed }],
  );
  if (withValues.length === 0) {
    return { partitionSchema: T.struct([]), partitions: [{ path: '', values: [], files: [...files] }] };
  }

  const bases = [
    ...new Set(parsedDirs.flatMap((p) => (p.base === null ? [] : ['file:' + p.base.toLowerCase()]))),
  ];
  if (bases.length !== 1) throw conflictingDirectoryStructures(bases);

  const first = withValues[0]!.parsed;
  const key0 = first.names.map(norm).join('\0');
  if (withValues.some((w) => w.parsed.names.map(norm).join('\0') !== key0))
    throw conflictingPartitionColumnNames(withValues);

  const types = first.names.map((_, i) =>
    withValues.map((w) => w.parsed.values[i]!.type).reduce((a, b) => widerPartitionType(a, b)),
  );
  const partitionSchema = T.struct(
    first.names.map((n, i) => {
      const user = userTypes.get(norm(n));
      return T.field(user?.name ?? n, user?.dataType ?? types[i]!, true);
    }),
  );
  const validate = options.validatePartitionColumns ?? true;
  const partitions = withValues.map(({ path, parsed }) => ({
    path,
    values: parsed.values.map((v, i) => {
      try {
        return castPartValue(types[i]!, v.raw, options.timeZone);
      } catch {
        if (validate) throw invalidPartitionValue(v.raw, types[i]!, parsed.names[i]!);
        return null;
      }
    }),
    files: byDir.get(path) ?? [],
  }));
  return { partitionSchema, partitions };
}
