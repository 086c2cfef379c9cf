// Built-in array, map and struct functions: type checking and resolution (evaluation is in @flint/exec).

import type { FunctionDef } from './function-def.js';
import { constructorFunctions } from './collection-constructors.js';
import { arrayFunctions } from './collection-arrays.js';
import { lambdaFunctions } from './collection-lambdas.js';
import { mapFunctions } from './collection-maps.js';
import { generatorFunctions } from './collection-generators.js';

export { GENERATOR_NAMES } from './collection-generators.js';

export const collectionFunctions: FunctionDef[] = [
  ...constructorFunctions,
  ...arrayFunctions,
  ...lambdaFunctions,
  ...mapFunctions,
  ...generatorFunctions,
];
