// What a TPC-H table generator is: its columns and types, how many generation units a scale factor
// has, and a function producing the rows of a unit range as columnar chunks.

/** Stored type of a column (the types of the reference Parquet files). */
export type ColumnKind = 'bigint' | 'int' | 'decimal' | 'date' | 'string';

export interface ColumnSpec {
  readonly name: string;
  readonly kind: ColumnKind;
  /** A decimal that dbgen's `.tbl` text prints as a whole number (l_quantity: `17`, not `17.00`). */
  readonly wholeInText?: boolean;
}

/**
 * A column's values: numbers for every numeric kind (integers; decimals unscaled, i.e. cents; dates as
 * days since 1970-01-01), strings for `string`.
 */
export type ColumnData = Float64Array | string[];

export interface TableChunk {
  readonly rows: number;
  readonly columns: readonly ColumnData[];
}

export type TableName =
  'customer' | 'lineitem' | 'nation' | 'orders' | 'part' | 'partsupp' | 'region' | 'supplier';

export interface TableGenerator {
  readonly name: TableName;
  readonly columns: readonly ColumnSpec[];
  /**
   * Generation units at `sf`: rows, except partsupp (one unit per part, 4 rows) and lineitem (one unit
   * per order, 1 to 7 rows). A unit range is what a worker is given.
   */
  units(sf: number): number;
  /** Average rows per unit, for sizing parts and reporting. */
  readonly rowsPerUnit: number;
  /** Rows of units [start, start + count) in order, in chunks of about `chunkRows` rows (ending at a unit). */
  generate(
    sf: number,
    pool: Uint8Array,
    start: number,
    count: number,
    chunkRows: number,
  ): Generator<TableChunk>;
}

/** dbgen's row count of a table: the scale base times the scale factor, truncated. */
export function scaledCount(base: number, sf: number): number {
  return Math.trunc(base * sf);
}

/** Column storage for up to `capacity` rows of `columns`. */
export function allocColumns(columns: readonly ColumnSpec[], capacity: number): ColumnData[] {
  return columns.map((c) => (c.kind === 'string' ? new Array<string>(capacity) : new Float64Array(capacity)));
}

/** The first `rows` rows of full columns, as a chunk (copies nothing when the columns are full). */
export function chunkOf(columns: readonly ColumnData[], rows: number): TableChunk {
  return {
    rows,
    columns: columns.map((c) =>
      c.length === rows ? c : c instanceof Float64Array ? c.subarray(0, rows) : c.slice(0, rows),
    ),
  };
}

export function spec(text: string): ColumnSpec[] {
  return text
    .trim()
    .split(/\s*,\s*/)
    .map((pair) => {
      const [name, kind] = pair.split(/\s+/) as [string, ColumnKind];
      return { name, kind };
    });
}
