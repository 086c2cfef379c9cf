// Decides whether a result is in a defined order, as Spark's SQLQueryTestSuite does: its `isSorted`
// looks for a global Sort under at most Projects and Filters, searching down through every node but
// Join, Aggregate, Generate, Sample and Distinct; DESCRIBE output counts as sorted. Unsorted results
// are compared as sorted lists of rows.

interface PlanNode {
  readonly kind: string;
  readonly child?: unknown;
  readonly children?: readonly unknown[];
  readonly left?: unknown;
  readonly right?: unknown;
  readonly global?: boolean;
}

function isPlanNode(x: unknown): x is PlanNode {
  return typeof x === 'object' && x !== null && typeof (x as { kind?: unknown }).kind === 'string';
}

function planChildren(p: PlanNode): PlanNode[] {
  const out: unknown[] = [];
  if (p.child !== undefined) out.push(p.child);
  if (p.left !== undefined) out.push(p.left);
  if (p.right !== undefined) out.push(p.right);
  if (Array.isArray(p.children)) out.push(...(p.children as unknown[]));
  return out.filter(isPlanNode);
}

/** Spark's isSorted over an analyzed LogicalPlan (any `{ kind, child | left/right | children }` tree). */
export function isSortedPlan(plan: unknown): boolean {
  if (!isPlanNode(plan)) return false;
  switch (plan.kind) {
    case 'Join':
    case 'Aggregate':
    case 'Generate':
    case 'Sample':
    case 'Distinct':
      return false;
    case 'DescribeRelation':
    case 'DescribeColumn':
    case 'DescribeTable':
      return true;
    default:
      break;
  }
  let p: PlanNode = plan;
  while ((p.kind === 'Project' || p.kind === 'Filter') && isPlanNode(p.child)) p = p.child;
  if (p.kind === 'Sort' && p.global === true) return true;
  return planChildren(plan).some(isSortedPlan);
}

/** The SQL text with comments removed and quoted text blanked, keeping positions. */
function blankQuotedText(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') {
        out += ' ';
        i++;
      }
    } else if (c === '/' && sql[i + 1] === '*') {
      let depth = 0;
      do {
        if (sql[i] === '/' && sql[i + 1] === '*') depth++;
        else if (sql[i] === '*' && sql[i + 1] === '/') {
          depth--;
          out += '  ';
          i += 2;
          continue;
        }
        out += ' ';
        i++;
      } while (i < sql.length && depth > 0);
    } else if (c === "'" || c === '"' || c === '`') {
      out += ' ';
      i++;
      while (i < sql.length && sql[i] !== c) {
        if (sql[i] === '\\' && c !== '`') {
          out += ' ';
          i++;
        }
        out += ' ';
        i++;
      }
      out += ' ';
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * A text approximation of isSorted for when the plan is not available: the statement has an ORDER BY
 * outside all parentheses, or is a DESCRIBE.
 */
export function isOrderedSql(sql: string): boolean {
  const text = blankQuotedText(sql);
  if (/^\s*(DESC|DESCRIBE)\s/i.test(text)) return true;
  let depth = 0;
  let flat = '';
  for (const c of text) {
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    flat += depth === 0 ? c : ' ';
  }
  return /\bORDER\s+BY\b/i.test(flat);
}
