// Kernels of the built-in miscellaneous (hash, ids, typeof...) functions, keyed by ScalarFunction name.

import type { ScalarKernel } from './kernel.js';

export const miscKernels: Record<string, ScalarKernel> = {};
