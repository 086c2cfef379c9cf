// Splitting input into statements and deciding whether typed text is a complete statement, with the
// SQL package's splitter (it knows strings, back-quoted names and comments).

import { isCompleteStatement, splitStatements } from '@flint/sql';

/** The non-empty statements of `text`, without their terminating ';'. */
export function splitSql(text: string): string[] {
  return splitStatements(text).map((s) => s.text);
}

/** True when `text` ends a statement with ';' outside quotes and comments. */
export function isCompleteSql(text: string): boolean {
  return isCompleteStatement(text);
}
