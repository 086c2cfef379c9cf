// Sample tables registered at start so that a new user can query something at once.

import { T, type StructType, type Value } from '@flint/common';
import type { CliSession } from './engine.js';

interface SampleTable {
  readonly name: string;
  readonly schema: StructType;
  readonly rows: readonly (readonly Value[])[];
}

/** Days since 1970-01-01 of an ISO date, the internal form of a DATE value. */
function day(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
}

export const SAMPLE_TABLES: readonly SampleTable[] = [
  {
    name: 'employees',
    schema: T.struct([
      T.field('emp_id', T.int),
      T.field('name', T.string),
      T.field('dept', T.string),
      T.field('salary', T.int),
      T.field('hire_date', T.date),
    ]),
    rows: [
      [1, 'Alice', 'ENG', 125000, day('2019-03-11')],
      [2, 'Bob', 'ENG', 98000, day('2021-07-01')],
      [3, 'Carol', 'SALES', 87000, day('2018-11-23')],
      [4, 'Dan', 'SALES', 72000, day('2022-02-14')],
      [5, 'Eve', 'HR', 69000, day('2020-05-04')],
      [6, 'Frank', 'ENG', 143000, day('2016-09-19')],
      [7, 'Grace', 'MKT', 91000, day('2023-01-09')],
      [8, 'Heidi', null, 58000, day('2024-06-17')],
    ],
  },
  {
    name: 'departments',
    schema: T.struct([T.field('dept', T.string), T.field('name', T.string), T.field('location', T.string)]),
    rows: [
      ['ENG', 'Engineering', 'Berlin'],
      ['SALES', 'Sales', 'New York'],
      ['HR', 'Human Resources', 'Berlin'],
      ['MKT', 'Marketing', 'London'],
      ['FIN', 'Finance', 'London'],
    ],
  },
  {
    name: 'sales',
    schema: T.struct([T.field('state', T.string), T.field('amount', T.double)]),
    rows: [
      ['CA', 1200.5],
      ['CA', 830.0],
      ['NY', 640.25],
      ['NY', 1999.99],
      ['TX', 455.0],
      ['WA', 310.75],
      ['TX', 1020.0],
      ['CA', 75.5],
    ],
  },
];

export function registerSamples(spark: CliSession): void {
  for (const t of SAMPLE_TABLES) spark.createDataFrame(t.rows, t.schema).createOrReplaceTempView(t.name);
}
