import { describe, expect, it } from 'vitest';
import { type FileStatus, FlintError, T } from '@flint/common';
import {
  DEFAULT_PARTITION_NAME,
  escapePathName,
  inferPartitionColumnType,
  inferPartitioning,
  partitionPathFragment,
  unescapePathName,
  widerPartitionType,
} from './partitioning.js';

const file = (path: string): FileStatus => ({ path, size: 10, modificationTime: 0 });
const opts = { typeInference: true, timeZone: 'America/Los_Angeles' } as const;

describe('escapePathName / unescapePathName', () => {
  it('escapes Hive’s special characters as %XX and leaves others (space, }, non-ASCII) alone', () => {
    expect(escapePathName('a/b=c')).toBe('a%2Fb%3Dc');
    expect(escapePathName('2024-01-01 10:00:00')).toBe('2024-01-01 10%3A00%3A00');
    expect(escapePathName('%"#\'*?\\{[]^')).toBe('%25%22%23%27%2A%3F%5C%7B%5B%5D%5E');
    expect(escapePathName('a b}é')).toBe('a b}é');
    expect(escapePathName('\n\x01\x7F')).toBe('%0A%01%7F');
  });
  it('unescapes and keeps a % not followed by two hex digits', () => {
    expect(unescapePathName('a%2Fb')).toBe('a/b');
    expect(unescapePathName('c%3ad')).toBe('c:d');
    expect(unescapePathName('50%25')).toBe('50%');
    expect(unescapePathName('100%')).toBe('100%');
    expect(unescapePathName('x%zz')).toBe('x%zz');
    for (const s of ['a/b', 'x:y=z%', 'q?*[]{}^']) expect(unescapePathName(escapePathName(s))).toBe(s);
  });
});

describe('partitionPathFragment', () => {
  it('renders values as CAST(AS STRING) in the session zone, escaped; null and empty as the default name', () => {
    const micros = 1704103200000000n; // 2024-01-01T10:00:00Z
    expect(
      partitionPathFragment(
        ['year', 'd', 'ts', 's', 'n', 'e', 'x'],
        [2024, 19723, micros, 'a/b', null, '', 1.0],
        [T.int, T.date, T.timestamp, T.string, T.string, T.string, T.double],
        'UTC',
      ),
    ).toBe(
      `year=2024/d=2024-01-01/ts=2024-01-01 10%3A00%3A00/s=a%2Fb/n=${DEFAULT_PARTITION_NAME}/e=${DEFAULT_PARTITION_NAME}/x=1.0`,
    );
    expect(partitionPathFragment(['ts'], [1704103200000000n], [T.timestamp], 'America/Los_Angeles')).toBe(
      'ts=2024-01-01 02%3A00%3A00',
    );
    expect(partitionPathFragment(['a=b'], [true], [T.boolean], 'UTC')).toBe('a%3Db=true');
  });
});

describe('inferPartitionColumnType', () => {
  const t = (raw: string): string => inferPartitionColumnType(raw, true, 'UTC').kind;
  it('follows Spark’s order: int, bigint, decimal (whole), double, timestamp, date, string', () => {
    expect(t('10')).toBe('integer');
    expect(t('007')).toBe('integer');
    expect(t('+5')).toBe('integer');
    expect(t('3000000000')).toBe('long');
    expect(inferPartitionColumnType('123456789012345678901', true, 'UTC')).toEqual(T.decimal(21, 0));
    expect(t('1.5')).toBe('double');
    expect(t('1e3')).toBe('double');
    expect(t('NaN')).toBe('double');
    expect(t('2024-01-01')).toBe('date');
    expect(t('2024-01-01 10%3A00%3A00')).toBe('timestamp');
    expect(t('2024-01-01 10%3A00%3A00.5')).toBe('timestamp');
    // Only one fraction digit fits Spark's pattern yyyy-MM-dd HH:mm:ss[.S].
    expect(t('2024-01-01 10%3A00%3A00.123456')).toBe('string');
    expect(t('2024-13-01')).toBe('string');
    expect(t('2024-1-1')).toBe('string');
    expect(t('hello')).toBe('string');
    expect(t(DEFAULT_PARTITION_NAME)).toBe('null');
  });
  it('gives string (or null) with type inference off', () => {
    expect(inferPartitionColumnType('10', false, 'UTC')).toEqual(T.string);
    expect(inferPartitionColumnType(DEFAULT_PARTITION_NAME, false, 'UTC')).toEqual(T.null);
  });
});

describe('widerPartitionType', () => {
  it('widens as Spark’s findWiderTypeForPartitionColumn', () => {
    expect(widerPartitionType(T.int, T.long)).toEqual(T.long);
    expect(widerPartitionType(T.int, T.double)).toEqual(T.double);
    expect(widerPartitionType(T.long, T.double)).toEqual(T.string);
    expect(widerPartitionType(T.decimal(21, 0), T.double)).toEqual(T.string);
    expect(widerPartitionType(T.long, T.decimal(21, 0))).toEqual(T.decimal(21, 0));
    expect(widerPartitionType(T.int, T.decimal(5, 0))).toEqual(T.decimal(10, 0));
    expect(widerPartitionType(T.date, T.timestamp)).toEqual(T.timestamp);
    expect(widerPartitionType(T.int, T.date)).toEqual(T.string);
    expect(widerPartitionType(T.null, T.int)).toEqual(T.int);
    expect(widerPartitionType(T.string, T.int)).toEqual(T.string);
  });
});

describe('inferPartitioning', () => {
  it('parses k=v folders below the root, infers and merges types, maps the default name to null', () => {
    const spec = inferPartitioning(
      ['/t'],
      [
        file('/t/a=1/b=x/p0.csv'),
        file('/t/a=2/b=y/p1.csv'),
        file('/t/a=3000000000/b=x/p2.csv'),
        file(`/t/a=${DEFAULT_PARTITION_NAME}/b=z%2Fw/p3.csv`),
      ],
      opts,
    );
    expect(spec.partitionSchema).toEqual(T.struct([T.field('a', T.long), T.field('b', T.string)]));
    expect(spec.partitions.map((p) => [p.path, p.values, p.files.map((f) => f.path)])).toEqual([
      ['/t/a=1/b=x', [1n, 'x'], ['/t/a=1/b=x/p0.csv']],
      ['/t/a=2/b=y', [2n, 'y'], ['/t/a=2/b=y/p1.csv']],
      ['/t/a=3000000000/b=x', [3000000000n, 'x'], ['/t/a=3000000000/b=x/p2.csv']],
      [
        `/t/a=${DEFAULT_PARTITION_NAME}/b=z%2Fw`,
        [null, 'z/w'],
        [`/t/a=${DEFAULT_PARTITION_NAME}/b=z%2Fw/p3.csv`],
      ],
    ]);
  });

  it('int and double merge to double; date and timestamp to timestamp; dates as days', () => {
    const spec = inferPartitioning(
      ['/t'],
      [file('/t/x=1/d=2024-01-01/f'), file('/t/x=1.5/d=2024-01-02 00%3A00%3A00/f')],
      { typeInference: true, timeZone: 'UTC' },
    );
    expect(spec.partitionSchema).toEqual(T.struct([T.field('x', T.double), T.field('d', T.timestamp)]));
    expect(spec.partitions.map((p) => p.values)).toEqual([
      [1.5, 1704153600000000n],
      [1, 1704067200000000n],
    ]);
    const dates = inferPartitioning(['/t'], [file('/t/d=2024-01-02/f')], opts);
    expect(dates.partitionSchema.fields[0]!.dataType).toEqual(T.date);
    expect(dates.partitions[0]!.values).toEqual([19724]);
  });

  it('keeps strings with type inference off, and a leading-zero value stays as written', () => {
    const spec = inferPartitioning(['/t'], [file('/t/a=007/f')], { typeInference: false, timeZone: 'UTC' });
    expect(spec.partitionSchema).toEqual(T.struct([T.field('a', T.string)]));
    expect(spec.partitions[0]!.values).toEqual(['007']);
    expect(inferPartitioning(['/t'], [file('/t/a=007/f')], opts).partitions[0]!.values).toEqual([7]);
  });

  it('is not partitioned when the root itself is the k=v folder, unless basePath says so', () => {
    const files = [file('/t/a=1/f1'), file('/t/a=1/f2')];
    const plain = inferPartitioning(['/t/a=1'], files, opts);
    expect(plain.partitionSchema.fields).toEqual([]);
    expect(plain.partitions).toEqual([{ path: '', values: [], files }]);
    const based = inferPartitioning(['/t/a=1'], files, { ...opts, basePath: '/t' });
    expect(based.partitionSchema).toEqual(T.struct([T.field('a', T.int)]));
    // A single file given directly: its folder is the base path.
    expect(inferPartitioning(['/t/a=1/f1'], [files[0]!], opts).partitionSchema.fields).toEqual([]);
  });

  it('takes user types and names for partition columns named in the schema (ignoring case)', () => {
    const spec = inferPartitioning(['/t'], [file('/t/A=1/f'), file('/t/A=2/f')], {
      ...opts,
      userPartitionSchema: T.struct([T.field('a', T.string), T.field('v', T.int)]),
    });
    expect(spec.partitionSchema).toEqual(T.struct([T.field('a', T.string)]));
    expect(spec.partitions.map((p) => p.values)).toEqual([['1'], ['2']]);
  });

  it('fails with INVALID_PARTITION_VALUE when a value does not cast to the user type', () => {
    expect(() =>
      inferPartitioning(['/t'], [file('/t/k=y/f')], {
        ...opts,
        userPartitionSchema: T.struct([T.field('k', T.int)]),
      }),
    ).toThrow(
      '[INVALID_PARTITION_VALUE] Failed to cast value \'y\' to data type "INT" for partition column `k`. Ensure the value matches the expected data type for this partition column. SQLSTATE: 42846',
    );
  });

  it('drops files of non-partition folders when the data is partitioned', () => {
    const spec = inferPartitioning(['/t'], [file('/t/f0'), file('/t/a=1/f1')], opts);
    expect(spec.partitions.map((p) => p.files.map((f) => f.path))).toEqual([['/t/a=1/f1']]);
  });

  it('refuses different partition column lists with CONFLICTING_PARTITION_COLUMN_NAMES', () => {
    let err: unknown;
    try {
      inferPartitioning(['/t'], [file('/t/a=1/f'), file('/t/a=1/b=2/f')], opts);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FlintError);
    const e = err as FlintError;
    expect(e.errorClass).toBe('CONFLICTING_PARTITION_COLUMN_NAMES');
    expect(e.sqlState).toBe('KD009');
    expect(e.message).toBe(
      '[CONFLICTING_PARTITION_COLUMN_NAMES] Conflicting partition column names detected:\n\n' +
        '\tPartition column name list #0: a\n\tPartition column name list #1: a, b\n\n' +
        'For partitioned table directories, data files should only live in leaf directories.\n' +
        'And directories at the same level should have the same partition column name.\n' +
        'Please check the following directories for unexpected files or inconsistent partition column names:\n\n' +
        '\tfile:/t/a=1\n\tfile:/t/a=1/b=2 SQLSTATE: KD009',
    );
  });

  it('refuses partition folders under different bases with CONFLICTING_DIRECTORY_STRUCTURES', () => {
    expect(() => inferPartitioning(['/t'], [file('/t/x/a=1/f'), file('/t/a=2/f')], opts)).toThrow(
      /^\[CONFLICTING_DIRECTORY_STRUCTURES\] Conflicting directory structures detected\.\nSuspicious paths:\n\n\tfile:\/t\n\tfile:\/t\/x\n\nIf provided paths/,
    );
  });
});
