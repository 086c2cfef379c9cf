// Kernels of like_any / like_all / ilike_any / ilike_all and their not_ forms, with Spark's
// MultiLikeBase NULL rules: a NULL pattern makes the result NULL unless another pattern decides it.

import { T } from '@flint/common';
import type { ScalarKernel } from './kernel.js';
import { isNullAt, makeOut, finish, strAt } from './string-util.js';
import { compileLike } from './string-regex.js';

function quantifiedKernel(ci: boolean, all: boolean, negated: boolean): ScalarKernel {
  return (args, _expr, _ctx, n) => {
    const cache = new Map<string, (s: string) => boolean>();
    const matcher = (p: string): ((s: string) => boolean) => {
      let m = cache.get(p);
      if (m === undefined) {
        m = compileLike(p, '\\', ci);
        cache.set(p, m);
      }
      return m;
    };
    const out = makeOut(T.boolean, n);
    const value = args[0]!;
    for (let i = 0; i < n; i++) {
      if (isNullAt(value, i)) {
        out.setNull(i);
        continue;
      }
      const s = strAt(value, i);
      // ANY: decided by the first (possibly negated) match; ALL: decided by the first non-match.
      let decided = false;
      let sawNull = false;
      for (let j = 1; j < args.length; j++) {
        const pv = args[j]!;
        if (isNullAt(pv, i)) {
          sawNull = true;
          continue;
        }
        const hit = matcher(strAt(pv, i))(s) !== negated;
        if (all ? !hit : hit) {
          decided = true;
          break;
        }
      }
      if (decided) out.values[i] = all ? 0 : 1;
      else if (sawNull) out.setNull(i);
      else out.values[i] = all ? 1 : 0;
    }
    return finish(T.boolean, n, out);
  };
}

export const likeQuantifiedKernels: Record<string, ScalarKernel> = {
  like_any: quantifiedKernel(false, false, false),
  like_all: quantifiedKernel(false, true, false),
  not_like_any: quantifiedKernel(false, false, true),
  not_like_all: quantifiedKernel(false, true, true),
  ilike_any: quantifiedKernel(true, false, false),
  ilike_all: quantifiedKernel(true, true, false),
  not_ilike_any: quantifiedKernel(true, false, true),
  not_ilike_all: quantifiedKernel(true, true, true),
};
