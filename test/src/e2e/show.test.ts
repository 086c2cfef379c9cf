// show() and printSchema() text against Spark 4's Dataset.showString / StructType.treeString layout.

import { describe, expect, it } from 'vitest';
import { SparkSession } from 'flint';

function session() {
  const spark = SparkSession.builder().getOrCreate().newSession();
  spark.conf.set('spark.sql.session.timeZone', 'UTC');
  return spark;
}

const SCHEMA = 'n string, d1 double, d2 double, dec decimal(10,2), dt date, ts timestamp, s string';
const ROW = [
  null,
  0.0001,
  12345678.0,
  '1.50',
  '2020-01-02',
  new Date(Date.UTC(2020, 0, 2, 3, 4, 5)),
  'a'.repeat(25),
];

describe('show()', () => {
  it('renders NULL, Java doubles, decimals, dates, timestamps and truncates at 20 characters', async () => {
    const df = session().createDataFrame([ROW], SCHEMA);
    expect(await df.showString(20, 20, false)).toBe(
      [
        '+----+------+-----------+----+----------+-------------------+--------------------+',
        '|   n|    d1|         d2| dec|        dt|                 ts|                   s|',
        '+----+------+-----------+----+----------+-------------------+--------------------+',
        '|NULL|1.0E-4|1.2345678E7|1.50|2020-01-02|2020-01-02 03:04:05|aaaaaaaaaaaaaaaaa...|',
        '+----+------+-----------+----+----------+-------------------+--------------------+',
        '',
      ].join('\n'),
    );
  });

  it('does not truncate with truncate = 0 and left-aligns cells', async () => {
    const df = session().createDataFrame([['x', 'y'.repeat(22)]], 'a string, b string');
    expect(await df.showString(20, 0, false)).toBe(
      [
        '+---+----------------------+',
        '|a  |b                     |',
        '+---+----------------------+',
        '|x  |yyyyyyyyyyyyyyyyyyyyyy|',
        '+---+----------------------+',
        '',
      ].join('\n'),
    );
  });

  it('prints records vertically', async () => {
    const df = session().createDataFrame([ROW], SCHEMA);
    const pad = (s: string, n: number) => s + ' '.repeat(n - s.length);
    const line = (k: string, v: string) => ` ${pad(k, 3)} | ${pad(v, 20)} `;
    expect(await df.showString(20, 20, true)).toBe(
      [
        '-RECORD 0' + '-'.repeat(28 - '-RECORD 0'.length),
        line('n', 'NULL'),
        line('d1', '1.0E-4'),
        line('d2', '1.2345678E7'),
        line('dec', '1.50'),
        line('dt', '2020-01-02'),
        line('ts', '2020-01-02 03:04:05'),
        line('s', 'aaaaaaaaaaaaaaaaa...'),
        '',
      ].join('\n'),
    );
  });

  it('says how many rows it left out', async () => {
    const spark = session();
    const text = await spark.range(5).showString(2, 20, false);
    expect(text).toBe(
      ['+---+', '| id|', '+---+', '|  0|', '|  1|', '+---+', 'only showing top 2 rows', ''].join('\n'),
    );
  });
});

describe('printSchema()', () => {
  it('matches StructType.treeString', async () => {
    const spark = session();
    const df = await spark.sql(
      "SELECT 1 AS i, CAST(NULL AS STRING) AS s, array(1, 2) AS a, named_struct('x', 1.5D) AS st",
    );
    expect(df.schema.fields.map((f) => f.name)).toEqual(['i', 's', 'a', 'st']);
    const { treeString } = await import('@flint/common');
    expect(treeString(df.schema)).toBe(
      [
        'root',
        ' |-- i: integer (nullable = false)',
        ' |-- s: string (nullable = true)',
        ' |-- a: array (nullable = false)',
        ' |    |-- element: integer (containsNull = false)',
        ' |-- st: struct (nullable = false)',
        ' |    |-- x: double (nullable = false)',
        '',
      ].join('\n'),
    );
  });
});
