// Spark configuration keys the engine reads, their defaults and value parsing, and an immutable SQLConf value.
import { flintError } from './errors.js';
import { defaultTimeZoneId, getTimeZone } from './datetime.js';

export type ConfType = 'boolean' | 'int' | 'long' | 'double' | 'bytes' | 'string' | 'timezone';

export type ConfEntry = {
  readonly key: string;
  readonly type: ConfType;
  /** The default as Spark shows it in SET; a function for defaults computed at run time. */
  readonly default: string | (() => string);
  readonly doc: string;
};

const MB = 1024 * 1024;

function entry(key: string, type: ConfType, def: string | (() => string), doc: string): ConfEntry {
  return { key, type, default: def, doc };
}

/** The keys Flint honours, with Spark 4's defaults. */
export const CONF_ENTRIES: readonly ConfEntry[] = [
  entry(
    'spark.sql.ansi.enabled',
    'boolean',
    'true',
    'ANSI SQL semantics: errors instead of NULL on bad input and overflow.',
  ),
  entry('spark.sql.session.timeZone', 'timezone', () => defaultTimeZoneId(), 'Zone of TIMESTAMP values.'),
  entry('spark.sql.shuffle.partitions', 'int', '200', 'Partitions of a shuffle.'),
  entry(
    'spark.sql.autoBroadcastJoinThreshold',
    'bytes',
    '10485760',
    'Largest side to broadcast in a join; -1 disables.',
  ),
  entry('spark.sql.caseSensitive', 'boolean', 'false', 'Case-sensitive name resolution.'),
  entry('spark.sql.adaptive.enabled', 'boolean', 'true', 'Adaptive query execution.'),
  entry(
    'spark.sql.adaptive.coalescePartitions.enabled',
    'boolean',
    'true',
    'AQE coalesces small shuffle partitions.',
  ),
  entry(
    'spark.sql.adaptive.coalescePartitions.minPartitionSize',
    'bytes',
    String(MB),
    'Smallest coalesced partition.',
  ),
  entry(
    'spark.sql.adaptive.advisoryPartitionSizeInBytes',
    'bytes',
    String(64 * MB),
    'Target size of a shuffle partition for AQE.',
  ),
  entry('spark.sql.adaptive.skewJoin.enabled', 'boolean', 'true', 'AQE splits skewed join partitions.'),
  entry(
    'spark.sql.adaptive.skewJoin.skewedPartitionFactor',
    'double',
    '5.0',
    'Skew: this many times the median size.',
  ),
  entry(
    'spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes',
    'bytes',
    String(256 * MB),
    'Skew: and at least this large.',
  ),
  entry(
    'spark.sql.adaptive.autoBroadcastJoinThreshold',
    'bytes',
    '',
    'AQE broadcast threshold; defaults to autoBroadcastJoinThreshold.',
  ),
  entry(
    'spark.sql.adaptive.maxShuffledHashJoinLocalMapThreshold',
    'bytes',
    String(64 * MB),
    'AQE: a sort merge join whose build side has no shuffle partition larger runs as a shuffled hash join (Spark: 0, off).',
  ),
  entry('spark.sql.files.maxPartitionBytes', 'bytes', String(128 * MB), 'Largest split of a file scan.'),
  entry(
    'spark.sql.files.openCostInBytes',
    'bytes',
    String(4 * MB),
    'Estimated cost of opening a file, in bytes.',
  ),
  entry('spark.sql.optimizer.excludedRules', 'string', '', 'Comma-separated optimizer rules not to run.'),
  entry(
    'spark.sql.optimizer.windowGroupLimitThreshold',
    'int',
    '1000',
    'Largest rank limit for which rows past it are dropped before a window (-1: never).',
  ),
  entry(
    'spark.sql.optimizer.runtime.bloomFilter.enabled',
    'boolean',
    'true',
    'Runtime filters: a join side filtered by the keys of a selectively filtered other side.',
  ),
  entry(
    'spark.sql.optimizer.runtime.bloomFilter.creationSideThreshold',
    'bytes',
    String(64 * MB),
    'Largest filtered scan a runtime filter is built from (Spark: 10 MB).',
  ),
  entry(
    'spark.sql.optimizer.runtime.bloomFilter.applicationSideScanSizeThreshold',
    'bytes',
    String(10 * MB),
    'Smallest scan a runtime filter is applied to (Spark: 10 GB).',
  ),
  entry(
    'spark.sql.optimizer.runtimeFilter.number.threshold',
    'int',
    '10',
    'Most runtime filters in one query.',
  ),
  entry(
    'spark.sql.legacy.interval.enabled',
    'boolean',
    'false',
    'Interval literals and date subtraction give CalendarInterval.',
  ),
  entry(
    'spark.sql.warehouse.dir',
    'string',
    () => `${process.cwd()}/spark-warehouse`,
    'Directory of managed tables.',
  ),
  entry('spark.sql.crossJoin.enabled', 'boolean', 'true', 'Allow cartesian products.'),
  entry(
    'spark.sql.storeAssignmentPolicy',
    'string',
    'ANSI',
    'Casting rules of INSERT: ANSI, LEGACY or STRICT.',
  ),
  entry('spark.sql.timestampType', 'string', 'TIMESTAMP_LTZ', 'Type of TIMESTAMP literals and casts.'),
  entry(
    'spark.sql.legacy.timeParserPolicy',
    'string',
    'CORRECTED',
    'Datetime parsing: CORRECTED, LEGACY or EXCEPTION.',
  ),
  entry('spark.sql.mapKeyDedupPolicy', 'string', 'EXCEPTION', 'Duplicate map keys: EXCEPTION or LAST_WIN.'),
  entry(
    'spark.sql.decimalOperations.allowPrecisionLoss',
    'boolean',
    'true',
    'Decimal arithmetic may round the scale.',
  ),
  entry(
    'spark.sql.ansi.doubleQuotedIdentifiers',
    'boolean',
    'false',
    '"x" is an identifier rather than a string.',
  ),
  entry('spark.sql.sources.default', 'string', 'parquet', 'Default data source format.'),
  entry('spark.sql.parquet.compression.codec', 'string', 'snappy', 'Parquet compression codec.'),
  entry(
    'spark.sql.execution.arrow.maxRecordsPerBatch',
    'int',
    '10000',
    'Rows per Arrow batch handed to users.',
  ),
  entry('spark.sql.debug.maxToStringFields', 'int', '25', 'Fields shown in plan strings.'),
  entry(
    'spark.sql.codegen.wholeStage',
    'boolean',
    'true',
    'Whole-stage code generation (accepted, no effect).',
  ),
  entry('spark.master', 'string', 'local[*]', 'local[N]: worker threads.'),
  entry('spark.task.maxFailures', 'int', '4', 'Attempts of a task before the job fails.'),
];

const ENTRY_BY_KEY: ReadonlyMap<string, ConfEntry> = new Map(CONF_ENTRIES.map((e) => [e.key, e]));

export function confEntry(key: string): ConfEntry | undefined {
  return ENTRY_BY_KEY.get(key);
}

function invalid(key: string, value: string, type: string): never {
  throw flintError('INVALID_CONF_VALUE.TYPE_MISMATCH', { confName: key, confValue: value, confType: type });
}

/** Spark's `toBoolean` on a config string: 'true' / 'false', any case, trimmed. */
export function parseBooleanConf(value: string, key = ''): boolean {
  const v = value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  return invalid(key, value, 'boolean');
}

export function parseIntConf(value: string, key = ''): number {
  const v = value.trim();
  if (!/^[+-]?\d+$/.test(v)) return invalid(key, value, 'int');
  const n = Number(v);
  if (n > 2147483647 || n < -2147483648) return invalid(key, value, 'int');
  return n;
}

const BYTE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  k: 1024,
  kb: 1024,
  m: MB,
  mb: MB,
  g: 1024 * MB,
  gb: 1024 * MB,
  t: 1024 * 1024 * MB,
  tb: 1024 * 1024 * MB,
  p: 1024 * 1024 * 1024 * MB,
  pb: 1024 * 1024 * 1024 * MB,
};

/** Spark's byte strings: '10485760', '10MB', '10m', '64k', '1g', '-1' (a leading minus applies to the whole). */
export function parseBytes(value: string, key = ''): number {
  let s = value.trim().toLowerCase();
  let sign = 1;
  if (s.startsWith('-')) {
    sign = -1;
    s = s.slice(1);
  }
  const m = /^([0-9]+)([a-z]+)?$/.exec(s);
  if (m === null) return invalid(key, value, 'bytes');
  const mult = m[2] === undefined ? 1 : BYTE_UNITS[m[2]];
  if (mult === undefined) return invalid(key, value, 'bytes');
  return sign * Number(m[1]) * mult;
}

/** Checks a value against its key's type and returns it normalised (e.g. 'TRUE' -> 'true'). */
export function normalizeConfValue(key: string, value: string): string {
  const e = ENTRY_BY_KEY.get(key);
  if (e === undefined) return value;
  switch (e.type) {
    case 'boolean':
      return String(parseBooleanConf(value, key));
    case 'int':
      return String(parseIntConf(value, key));
    case 'long':
      if (!/^\s*[+-]?\d+\s*$/.test(value)) invalid(key, value, 'long');
      return value.trim();
    case 'double':
      if (value.trim() === '' || Number.isNaN(Number(value))) invalid(key, value, 'double');
      return value.trim();
    case 'bytes':
      if (value.trim() !== '') parseBytes(value, key);
      return value.trim();
    case 'timezone':
      if (getTimeZone(value) === null) {
        throw flintError('INVALID_CONF_VALUE.TIME_ZONE', { confName: key, confValue: value });
      }
      return value;
    case 'string':
      return value;
    default:
      return value;
  }
}

/** An immutable set of session settings; `set` returns a new SQLConf. */
export type SQLConf = {
  /** The value set, else the key's default, else undefined for an unknown key. */
  get(key: string): string | undefined;
  /** True when the key was set explicitly. */
  isSet(key: string): boolean;
  getBoolean(key: string): boolean;
  getInt(key: string): number;
  getDouble(key: string): number;
  getBytes(key: string): number;
  getString(key: string): string;
  set(key: string, value: string): SQLConf;
  unset(key: string): SQLConf;
  /** The explicitly set entries. */
  entries(): ReadonlyMap<string, string>;
  // Typed shortcuts for the hottest keys.
  readonly ansiEnabled: boolean;
  readonly sessionTimeZone: string;
  readonly caseSensitive: boolean;
  readonly shufflePartitions: number;
};

function defaultOf(e: ConfEntry): string {
  return typeof e.default === 'function' ? e.default() : e.default;
}

/** Builds a SQLConf from explicitly set values (validated). */
export function createSQLConf(
  initial: Iterable<readonly [string, string]> | Readonly<Record<string, string>> = {},
): SQLConf {
  const pairs: Iterable<readonly [string, string]> =
    Symbol.iterator in (initial as object)
      ? (initial as Iterable<readonly [string, string]>)
      : Object.entries(initial as Record<string, string>);
  const values = new Map<string, string>();
  for (const [k, v] of pairs) values.set(k, normalizeConfValue(k, v));
  return fromMap(values);
}

function fromMap(values: ReadonlyMap<string, string>): SQLConf {
  const get = (key: string): string | undefined => {
    const v = values.get(key);
    if (v !== undefined) return v;
    if (key === 'spark.sql.adaptive.autoBroadcastJoinThreshold')
      return get('spark.sql.autoBroadcastJoinThreshold');
    const e = ENTRY_BY_KEY.get(key);
    return e === undefined ? undefined : defaultOf(e);
  };
  const need = (key: string): string => {
    const v = get(key);
    if (v === undefined) throw flintError('SQL_CONF_NOT_FOUND', { sqlConf: key });
    return v;
  };
  const conf: SQLConf = {
    get,
    isSet: (key) => values.has(key),
    getBoolean: (key) => parseBooleanConf(need(key), key),
    getInt: (key) => parseIntConf(need(key), key),
    getDouble: (key) => Number(need(key)),
    getBytes: (key) => parseBytes(need(key), key),
    getString: need,
    set: (key, value) => {
      const next = new Map(values);
      next.set(key, normalizeConfValue(key, value));
      return fromMap(next);
    },
    unset: (key) => {
      if (!values.has(key)) return conf;
      const next = new Map(values);
      next.delete(key);
      return fromMap(next);
    },
    entries: () => values,
    ansiEnabled: parseBooleanConf(need('spark.sql.ansi.enabled')),
    sessionTimeZone: need('spark.sql.session.timeZone'),
    caseSensitive: parseBooleanConf(need('spark.sql.caseSensitive')),
    shufflePartitions: parseIntConf(need('spark.sql.shuffle.partitions')),
  };
  return Object.freeze(conf);
}
