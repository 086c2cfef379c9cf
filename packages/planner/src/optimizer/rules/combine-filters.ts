// CombineFilters: adjacent filters become one.
//   Filter a (Filter b x) -> Filter (b AND a) x

import type { Rule } from '../rule.js';
import { isDeterministic, transformUp } from '../plan-transform.js';

export const combineFilters: Rule = {
  name: 'CombineFilters',
  apply(plan) {
    return transformUp(plan, (p) => {
      if (
        p.kind === 'Filter' &&
        p.child.kind === 'Filter' &&
        isDeterministic(p.condition) &&
        isDeterministic(p.child.condition)
      ) {
        return {
          kind: 'Filter',
          condition: { kind: 'And', left: p.child.condition, right: p.condition },
          child: p.child.child,
        };
      }
      return p;
    });
  },
};
