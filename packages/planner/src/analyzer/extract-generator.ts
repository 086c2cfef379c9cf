// Turns a generator in a SELECT list into a Generate node below the projection (Spark's
// ExtractGenerator rule):
//   Project [a, explode(arr) AS x]  ->  Project [a, x#2] <- Generate explode(arr) [x#2] <- child
// The generator's columns take the user's alias (one column) or Spark's default names (col, pos,
// key, value, col0...).

import { FlintError, T } from '@flint/common';
import type { AttributeRef, Expr, NamedExpr } from '../expr.js';
import { dataTypeOf } from '../expr-type.js';
import type { LogicalPlan } from '../logical-plan.js';
import { lookupFunction } from '../functions/index.js';

function isGenerator(e: Expr): boolean {
  if (e.kind !== 'ScalarFunction') return false;
  if (e.name === 'replicate_rows') return true;
  return lookupFunction(e.name)?.kind === 'generator';
}

function containsGenerator(e: Expr): boolean {
  if (isGenerator(e)) return true;
  if ('args' in e && Array.isArray(e.args)) return (e.args as readonly Expr[]).some(containsGenerator);
  if ('child' in e && e.child !== undefined && typeof e.child === 'object' && 'kind' in e.child)
    return containsGenerator(e.child as Expr);
  return false;
}

/** The default output column names of a resolved generator call (its struct type's field names). */
export function generatorOutputNames(generator: Expr): string[] {
  const t = dataTypeOf(generator);
  return t.kind === 'struct' ? t.fields.map((f) => f.name) : ['col'];
}

/**
 * The output attributes of a generator: `aliases` name them when given (their count must match),
 * otherwise the default names. `qualifier` is the LATERAL VIEW's table alias, if any.
 */
export function generatorOutput(
  generator: Expr,
  aliases: readonly string[],
  qualifier: readonly string[],
  nextExprId: () => number,
  generatorSql: string,
): AttributeRef[] {
  const t = dataTypeOf(generator);
  const fields = t.kind === 'struct' ? t.fields : [T.field('col', t, true)];
  if (aliases.length > 0 && aliases.length !== fields.length) {
    throw new FlintError(
      'UDTF_ALIAS_NUMBER_MISMATCH',
      `[UDTF_ALIAS_NUMBER_MISMATCH] The number of aliases supplied in the AS clause does not match the number of columns output by the UDTF. Expected ${fields.length} aliases, but got ${aliases.join(', ')}. SQLSTATE: 42802`,
      { aliasesSize: String(aliases.length), aliasesNames: aliases.join(', '), generatorSql },
      null,
      '42802',
    );
  }
  return fields.map((f, i) => ({
    kind: 'AttributeReference',
    id: nextExprId(),
    name: aliases[i] ?? f.name,
    dataType: f.dataType,
    nullable: true,
    qualifier,
  }));
}

/**
 * When the resolved select list holds a generator, returns Project(Generate(child)); otherwise null.
 * `exprSql` gives a generated name, to tell a user's alias from the analyzer's default one.
 */
export function extractGenerator(
  named: readonly NamedExpr[],
  child: LogicalPlan,
  nextExprId: () => number,
  exprSql: (e: Expr) => string,
): LogicalPlan | null {
  const at = named.findIndex((e) => e.kind === 'Alias' && isGenerator(e.child));
  {
    const nested = named.find(
      (e) =>
        e.kind === 'Alias' &&
        (at < 0
          ? containsGenerator(e.child)
          : e.child.kind === 'ScalarFunction' && e.child.args.some(containsGenerator)),
    );
    if (nested && nested.kind === 'Alias') {
      throw new FlintError(
        'UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS',
        `[UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS] The generator is not supported: nested in expressions "${exprSql(nested.child)}". SQLSTATE: 42K0E`,
        { expression: `"${exprSql(nested.child)}"` },
        null,
        '42K0E',
      );
    }
    if (at < 0) return null;
  }
  const others = named.filter((e, i) => i !== at && e.kind === 'Alias' && containsGenerator(e.child));
  if (others.length > 0) {
    const names = [named[at]!, ...others]
      .map((e) => `"${exprSql(e.kind === 'Alias' ? e.child : e)}"`)
      .join(', ');
    throw new FlintError(
      'UNSUPPORTED_GENERATOR.MULTI_GENERATOR',
      `[UNSUPPORTED_GENERATOR.MULTI_GENERATOR] The generator is not supported: only one generator allowed per SELECT clause but found ${others.length + 1}: ${names}. SQLSTATE: 42K0E`,
      { num: String(others.length + 1), generators: names },
      null,
      '42K0E',
    );
  }
  const item = named[at] as Extract<NamedExpr, { kind: 'Alias' }>;
  const generator = item.child;
  const sql = exprSql(generator);
  const userAlias = item.name !== sql;
  const defaults = generatorOutputNames(generator);
  const aliases = item.multiNames ?? (userAlias ? [item.name] : []);
  void defaults;
  const output = generatorOutput(generator, aliases, [], nextExprId, sql);
  const gen: LogicalPlan = { kind: 'Generate', generator, outer: false, generatorOutput: output, child };
  const projectList: NamedExpr[] = [...named.slice(0, at), ...output, ...named.slice(at + 1)];
  return { kind: 'Project', projectList, child: gen };
}

/** A generator used as a table (`SELECT * FROM explode(array(1, 2))`): Generate over a one-row relation. */
export function generatorTable(
  generator: Expr,
  nextExprId: () => number,
  exprSql: (e: Expr) => string,
): LogicalPlan {
  if (generator.kind === 'ScalarFunction' && generator.args.some(containsGenerator)) {
    throw new FlintError(
      'UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS',
      `[UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS] The generator is not supported: nested in expressions "${exprSql(generator)}". SQLSTATE: 42K0E`,
      { expression: `"${exprSql(generator)}"` },
      null,
      '42K0E',
    );
  }
  const output = generatorOutput(generator, [], [], nextExprId, exprSql(generator));
  return {
    kind: 'Generate',
    generator,
    outer: false,
    generatorOutput: output,
    child: { kind: 'OneRowRelation' },
  };
}
