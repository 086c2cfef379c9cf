// to_number / try_to_number: Spark's ToNumberParser format strings ([MI|S] [$] [0|9|G|,]* [.|D] [0|9]*
// [$] [PR|MI|S]). The format is checked at analysis and fixes the result type decimal(digits, scale).

import { FlintError, T } from '@flint/common';
import { dataTypeOf } from '../expr-type.js';
import { dataTypeMismatch } from '../types/errors.js';
import type { FunctionDef } from './function-def.js';
import { exprSqlOf, isFoldable, literalValue, scalar } from './define.js';

export type NumberFormatToken =
  | {
      readonly k: 'digits';
      readonly groups: readonly number[];
      readonly afterPoint: boolean;
      readonly badSeps: boolean;
    }
  | { readonly k: 'point' }
  | { readonly k: 'dollar' }
  | { readonly k: 'sign' }
  | { readonly k: 'minus' }
  | { readonly k: 'pr' };

export interface NumberFormat {
  readonly tokens: readonly NumberFormatToken[];
  readonly precision: number;
  readonly scale: number;
}

function invalidFormat(sub: string, message: string, format: string): FlintError {
  return new FlintError(
    `INVALID_FORMAT.${sub}`,
    `[INVALID_FORMAT.${sub}] The format is invalid: '${format}'. ${message} SQLSTATE: 42601`,
    { format: `'${format}'` },
    null,
    '42601',
  );
}

const STRUCTURE =
  'the structure of the format string must match: `[MI|S]` `[$]` `[0|9|G|,]*` `[.|D]` `[0|9]*` `[$]` `[PR|MI|S]`.';

/** Tokenizes and checks a format string, throwing INVALID_FORMAT.* as Spark's ToNumberParser.check does. */
export function parseNumberFormat(format: string): NumberFormat {
  const f = format.toUpperCase();
  if (f.length === 0) throw invalidFormat('EMPTY', 'The number format string cannot be empty.', format);
  const tokens: NumberFormatToken[] = [];
  let afterPoint = false;
  let i = 0;
  while (i < f.length) {
    const c = f[i]!;
    if (c === '0' || c === '9' || c === ',' || c === 'G') {
      const groups: number[] = [];
      let cur = 0;
      let badSeps = false;
      let sawSep = false;
      let start = true;
      while (i < f.length && '09,G'.includes(f[i]!)) {
        const d = f[i]!;
        if (d === ',' || d === 'G') {
          if (start || cur === 0) badSeps = true;
          groups.push(cur);
          cur = 0;
          sawSep = true;
        } else cur++;
        start = false;
        i++;
      }
      if (sawSep && cur === 0) badSeps = true;
      groups.push(cur);
      tokens.push({ k: 'digits', groups, afterPoint, badSeps });
      continue;
    }
    if (c === '.' || c === 'D') {
      tokens.push({ k: 'point' });
      afterPoint = true;
    } else if (c === '$') tokens.push({ k: 'dollar' });
    else if (c === 'S') tokens.push({ k: 'sign' });
    else if (f.startsWith('MI', i)) {
      tokens.push({ k: 'minus' });
      i++;
    } else if (f.startsWith('PR', i)) {
      tokens.push({ k: 'pr' });
      i++;
    } else {
      throw new FlintError(
        'INVALID_FORMAT.UNEXPECTED_TOKEN',
        `[INVALID_FORMAT.UNEXPECTED_TOKEN] The format is invalid: '${format}'. Found the unexpected character '${format[i]}' in the format string; ${STRUCTURE} SQLSTATE: 42601`,
        { format: `'${format}'`, token: `character '${format[i]}''`, structure: STRUCTURE },
        null,
        '42601',
      );
    }
    i++;
  }
  const digitTokens = tokens.filter(
    (t): t is Extract<NumberFormatToken, { k: 'digits' }> => t.k === 'digits',
  );
  if (digitTokens.length === 0)
    throw invalidFormat('WRONG_NUM_DIGIT', 'The format string requires at least one number digit.', format);
  const count = (k: NumberFormatToken['k']): number => tokens.filter((t) => t.k === k).length;
  if (count('point') > 1)
    throw invalidFormat('WRONG_NUM_TOKEN', "At most one '.' or 'D' is allowed in the number format.", format);
  if (count('dollar') > 1)
    throw invalidFormat('WRONG_NUM_TOKEN', "At most one '$' is allowed in the number format.", format);
  if (count('sign') + count('minus') > 1)
    throw invalidFormat(
      'WRONG_NUM_TOKEN',
      "At most one 'S' or 'MI' is allowed in the number format.",
      format,
    );
  if (count('pr') > 1)
    throw invalidFormat('WRONG_NUM_TOKEN', "At most one 'PR' is allowed in the number format.", format);
  if (digitTokens.some((t) => !t.afterPoint && t.badSeps)) {
    throw invalidFormat(
      'CONT_THOUSANDS_SEPS',
      'Thousands separators (, or G) must have digits in between them in the number format.',
      format,
    );
  }
  if (digitTokens.some((t) => t.afterPoint && t.groups.length > 1)) {
    throw invalidFormat(
      'THOUSANDS_SEPS_MUST_BEFORE_DEC',
      'Thousands separators (, or G) may not appear after the decimal point in the number format.',
      format,
    );
  }
  let precision = 0;
  let scale = 0;
  for (const t of digitTokens) {
    const n = t.groups.reduce((a, b) => a + b, 0);
    precision += n;
    if (t.afterPoint) scale += n;
  }
  return { tokens, precision, scale };
}

function toNumberDef(name: 'to_number' | 'try_to_number'): FunctionDef {
  return scalar(name, {
    inputs: [T.string, T.string],
    returns: (_t, args) => {
      const f = literalValue(args[1]!);
      const nf = parseNumberFormat(typeof f === 'string' ? f : '');
      return T.decimal(Math.max(nf.precision, 1), nf.scale);
    },
    ...(name === 'try_to_number' ? { nullable: true, prettyName: 'try_to_number' } : {}),
    check: (args, ctx, callSql) => {
      const fmt = args[1]!;
      if (!isFoldable(fmt) || literalValue(fmt) === undefined) {
        throw dataTypeMismatch(
          'NON_FOLDABLE_INPUT',
          callSql,
          `the input \`format\` should be a foldable "STRING" expression; however, got "${exprSqlOf(fmt, ctx)}".`,
          {
            inputName: '`format`',
            inputType: '"STRING"',
            inputExpr: `"${exprSqlOf(fmt, ctx)}"`,
          },
        );
      }
      if (dataTypeOf(fmt).kind === 'string' && typeof literalValue(fmt) === 'string')
        parseNumberFormat(literalValue(fmt) as string);
    },
    options: (args) => {
      const f = literalValue(args[1]!);
      return { format: typeof f === 'string' ? f : '', tryMode: name === 'try_to_number' };
    },
    kernel: 'to_number',
  });
}

export const toNumberFunctions: readonly FunctionDef[] = [
  toNumberDef('to_number'),
  toNumberDef('try_to_number'),
];
