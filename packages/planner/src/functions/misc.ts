// Built-in miscellaneous (hash, typeof, ids...) functions: type checking and resolution (evaluation is in @flint/exec).

import type { FunctionDef } from './function-def.js';

export const miscFunctions: FunctionDef[] = [];
