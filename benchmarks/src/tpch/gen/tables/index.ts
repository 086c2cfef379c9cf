// The eight TPC-H table generators by name.

import { customerTable } from './customer.js';
import { lineitemTable } from './lineitem.js';
import { nationTable } from './nation.js';
import { ordersTable } from './orders.js';
import { partTable } from './part.js';
import { partsuppTable } from './partsupp.js';
import { regionTable } from './region.js';
import { supplierTable } from './supplier.js';
import type { TableGenerator, TableName } from './table.js';

export const TABLES: Readonly<Record<TableName, TableGenerator>> = {
  customer: customerTable,
  lineitem: lineitemTable,
  nation: nationTable,
  orders: ordersTable,
  part: partTable,
  partsupp: partsuppTable,
  region: regionTable,
  supplier: supplierTable,
};

export const TABLE_NAMES = Object.keys(TABLES) as TableName[];
export type { ColumnData, ColumnKind, ColumnSpec, TableChunk, TableGenerator, TableName } from './table.js';
