// Filters a scan may use to skip data (Spark's org.apache.spark.sql.sources.Filter), by column name.

export type FilterValue = null | boolean | number | bigint | string;

export type SourceFilter =
  | { readonly kind: 'EqualTo'; readonly column: string; readonly value: FilterValue }
  | { readonly kind: 'EqualNullSafe'; readonly column: string; readonly value: FilterValue }
  | { readonly kind: 'GreaterThan'; readonly column: string; readonly value: FilterValue }
  | { readonly kind: 'GreaterThanOrEqual'; readonly column: string; readonly value: FilterValue }
  | { readonly kind: 'LessThan'; readonly column: string; readonly value: FilterValue }
  | { readonly kind: 'LessThanOrEqual'; readonly column: string; readonly value: FilterValue }
  | { readonly kind: 'In'; readonly column: string; readonly values: readonly FilterValue[] }
  | { readonly kind: 'IsNull'; readonly column: string }
  | { readonly kind: 'IsNotNull'; readonly column: string }
  | { readonly kind: 'StringStartsWith'; readonly column: string; readonly value: string }
  | { readonly kind: 'And'; readonly left: SourceFilter; readonly right: SourceFilter }
  | { readonly kind: 'Or'; readonly left: SourceFilter; readonly right: SourceFilter }
  | { readonly kind: 'Not'; readonly child: SourceFilter };
