// Aggregate implementations, keyed by AggregateExpression name.

import type { AggregateImpl } from './kernel.js';
import { basicAggregates } from './aggregate-basic.js';
import { statsAggregates } from './aggregate-stats.js';
import { collectAggregates } from './aggregate-collect.js';

export const aggregateImpls: Record<string, AggregateImpl> = {
  ...basicAggregates,
  ...statsAggregates,
  ...collectAggregates,
};
