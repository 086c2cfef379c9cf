// Session configuration defaults and value parsing as Spark has them.
import { describe, expect, it } from 'vitest';
import { createSQLConf, parseBytes } from './config.js';
import { FlintError } from './errors.js';

describe('SQLConf', () => {
  it('has Spark 4 defaults', () => {
    const c = createSQLConf();
    expect(c.getBoolean('spark.sql.ansi.enabled')).toBe(true);
    expect(c.getInt('spark.sql.shuffle.partitions')).toBe(200);
    expect(c.getBytes('spark.sql.autoBroadcastJoinThreshold')).toBe(10485760);
    expect(c.getBytes('spark.sql.adaptive.advisoryPartitionSizeInBytes')).toBe(64 * 1024 * 1024);
    expect(c.getBytes('spark.sql.files.maxPartitionBytes')).toBe(128 * 1024 * 1024);
    expect(c.getBoolean('spark.sql.caseSensitive')).toBe(false);
    expect(c.get('spark.sql.storeAssignmentPolicy')).toBe('ANSI');
    expect(c.get('spark.master')).toBe('local[*]');
    expect(c.getInt('spark.task.maxFailures')).toBe(4);
    expect(c.get('no.such.key')).toBeUndefined();
  });
  it('is immutable: set returns a new conf', () => {
    const a = createSQLConf();
    const b = a.set('spark.sql.ansi.enabled', 'FALSE').set('spark.sql.shuffle.partitions', '4');
    expect(a.ansiEnabled).toBe(true);
    expect(b.ansiEnabled).toBe(false);
    expect(b.get('spark.sql.ansi.enabled')).toBe('false');
    expect(b.shufflePartitions).toBe(4);
    expect(b.unset('spark.sql.shuffle.partitions').shufflePartitions).toBe(200);
  });
  it('validates typed values', () => {
    const c = createSQLConf();
    expect(() => c.set('spark.sql.ansi.enabled', 'yes')).toThrowError(FlintError);
    expect(() => c.set('spark.sql.shuffle.partitions', '1.5')).toThrowError(FlintError);
    expect(() => c.set('spark.sql.session.timeZone', 'Mars/Olympus')).toThrowError(FlintError);
    expect(c.set('spark.sql.session.timeZone', 'America/Los_Angeles').sessionTimeZone).toBe(
      'America/Los_Angeles',
    );
    expect(
      c.set('spark.sql.autoBroadcastJoinThreshold', '-1').getBytes('spark.sql.autoBroadcastJoinThreshold'),
    ).toBe(-1);
  });
});

describe('parseBytes', () => {
  it('accepts Spark byte strings', () => {
    expect(parseBytes('10MB')).toBe(10485760);
    expect(parseBytes('10m')).toBe(10485760);
    expect(parseBytes('64k')).toBe(65536);
    expect(parseBytes('1g')).toBe(1073741824);
    expect(parseBytes('1024')).toBe(1024);
    expect(parseBytes('-1')).toBe(-1);
    expect(() => parseBytes('1.5g')).toThrowError(FlintError);
  });
});
