// Spark's join type strings (`how` in df.join) to the plan's JoinType (Spark's JoinType.apply).

import { FlintError } from '@flint/common';
import type { JoinType } from '@flint/planner';

const SUPPORTED = [
  'inner',
  'outer',
  'full',
  'fullouter',
  'full_outer',
  'leftouter',
  'left',
  'left_outer',
  'rightouter',
  'right',
  'right_outer',
  'leftsemi',
  'left_semi',
  'semi',
  'leftanti',
  'left_anti',
  'anti',
  'cross',
];

export function parseJoinType(how: string): JoinType {
  // Spark lower-cases and drops underscores before matching.
  switch (how.toLowerCase().replace(/_/g, '')) {
    case 'inner':
      return 'Inner';
    case 'outer':
    case 'full':
    case 'fullouter':
      return 'FullOuter';
    case 'leftouter':
    case 'left':
      return 'LeftOuter';
    case 'rightouter':
    case 'right':
      return 'RightOuter';
    case 'leftsemi':
    case 'semi':
      return 'LeftSemi';
    case 'leftanti':
    case 'anti':
      return 'LeftAnti';
    case 'cross':
      return 'Cross';
    default: {
      const supported = SUPPORTED.map((s) => `'${s}'`).join(', ');
      throw new FlintError(
        'UNSUPPORTED_JOIN_TYPE',
        `[UNSUPPORTED_JOIN_TYPE] Unsupported join type '${how}'. Supported join types include: ${supported}. SQLSTATE: 0A000`,
        { typ: how, supported },
        null,
        '0A000',
      );
    }
  }
}
