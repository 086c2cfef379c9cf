// Built-in array, map and struct functions: type checking and resolution (evaluation is in @flint/exec).

import type { FunctionDef } from './function-def.js';

export const collectionFunctions: FunctionDef[] = [];
