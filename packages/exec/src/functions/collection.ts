// Kernels of the built-in array, map and struct functions, keyed by ScalarFunction name.

import type { ScalarKernel } from './kernel.js';

export const collectionKernels: Record<string, ScalarKernel> = {};
