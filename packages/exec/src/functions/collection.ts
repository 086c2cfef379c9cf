// Kernels of the built-in array, map and struct functions, keyed by ScalarFunction name.

import type { ScalarKernel } from './kernel.js';
import { constructorKernels } from './collection-constructors.js';
import { arrayKernels } from './collection-arrays.js';
import { lambdaKernels } from './collection-lambdas.js';
import { mapKernels } from './collection-maps.js';

export const collectionKernels: Record<string, ScalarKernel> = {
  ...constructorKernels,
  ...arrayKernels,
  ...lambdaKernels,
  ...mapKernels,
};
