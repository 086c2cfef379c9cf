// Spark's two textual forms of a DataType, under the names the planner uses: the SQL form of error
// messages (`"DECIMAL(10,0)"`, `ARRAY<INT>`) and the catalog form of schemas (`decimal(10,0)`, `array<int>`).
// Both live in @flint/common; these are aliases so the planner's call sites read as before.

export { sqlTypeName as typeSql, catalogString as typeCatalogString } from '@flint/common';
