// SortMergeJoin over sorted inputs: runs of duplicate keys, NULL keys, <=>, NaN = NaN and -0.0 = 0.0,
// composite keys, the extra condition and every join type, against a pair-by-pair expectation.
import { T, type Value } from '@flint/common';
import type { Expr, JoinType, PhysicalPlan } from '@flint/planner';
import { describe, expect, it } from 'vitest';
import { asc, attr, rowsOf, table } from '../test-support.js';

const ls = attr(1, 'ls', T.string);
const ld = attr(2, 'ld', T.double);
const lv = attr(3, 'lv', T.int);
const rs = attr(4, 'rs', T.string);
const rd = attr(5, 'rd', T.double);
const rv = attr(6, 'rv', T.int);

type Row = [string | null, number | null, number];
const leftRows: Row[] = [
  ['a', 1, 1],
  ['a', 1, 2],
  ['a', NaN, 3],
  ['b', -0, 4],
  [null, 1, 5],
  ['b', null, 6],
  ['c', 2, 7],
  ['a', 1, 8],
];
const rightRows: Row[] = [
  ['a', 1, 3],
  ['a', 1, 0],
  ['a', NaN, 9],
  ['b', 0, 9],
  [null, 1, 9],
  ['b', null, 1],
  ['d', 2, 9],
];

const sameDouble = (x: number, y: number) => (Number.isNaN(x) ? Number.isNaN(y) : x === y);
function keysMatch(l: Row, r: Row, nullSafe: boolean): boolean {
  if (l[0] === null || r[0] === null || l[0] !== r[0]) return false;
  if (l[1] === null || r[1] === null) return nullSafe && l[1] === null && r[1] === null;
  return sameDouble(l[1], r[1]);
}

type Condition = 'none' | 'lv < rv' | 'NOT lv = rv';

function expected(joinType: JoinType, nullSafe: boolean, cond: Condition): string[] {
  const holds = (l: Row, r: Row) =>
    cond === 'lv < rv' ? l[2] < r[2] : cond === 'NOT lv = rv' ? l[2] !== r[2] : true;
  const pred = (l: Row, r: Row) => keysMatch(l, r, nullSafe) && holds(l, r);
  const out: Value[][] = [];
  const rightHit = new Set<number>();
  for (const l of leftRows) {
    let hit = false;
    rightRows.forEach((r, j) => {
      if (!pred(l, r)) return;
      hit = true;
      rightHit.add(j);
      if (joinType !== 'LeftSemi' && joinType !== 'LeftAnti') out.push([...l, ...r]);
    });
    if (joinType === 'LeftSemi' && hit) out.push([...l]);
    if (joinType === 'LeftAnti' && !hit) out.push([...l]);
    if ((joinType === 'LeftOuter' || joinType === 'FullOuter') && !hit) out.push([...l, null, null, null]);
  }
  if (joinType === 'RightOuter' || joinType === 'FullOuter')
    rightRows.forEach((r, j) => {
      if (!rightHit.has(j)) out.push([null, null, null, ...r]);
    });
  return out.map(render).sort();
}

// -0.0 and 0.0 print alike in JSON; NaN does not survive JSON, so render it by hand.
function render(r: readonly Value[]): string {
  return JSON.stringify(r.map((x) => (typeof x === 'number' && Number.isNaN(x) ? 'NaN' : x)));
}

function smj(joinType: JoinType, nullSafe: boolean, condition: Expr | null): PhysicalPlan {
  const sorted = (child: PhysicalPlan, keys: Expr[]): PhysicalPlan => ({
    kind: 'SortExec',
    order: keys.map((k) => asc(k)),
    global: false,
    child,
  });
  return {
    kind: 'SortMergeJoin',
    leftKeys: [ls, ld],
    rightKeys: [rs, rd],
    nullSafe: [false, nullSafe],
    joinType,
    condition,
    output: joinType === 'LeftSemi' || joinType === 'LeftAnti' ? [ls, ld, lv] : [ls, ld, lv, rs, rd, rv],
    left: sorted(table([ls, ld, lv], leftRows), [ls, ld]),
    right: sorted(table([rs, rd, rv], rightRows), [rs, rd]),
  };
}

const JOIN_TYPES: JoinType[] = [
  'Inner',
  'Cross',
  'LeftOuter',
  'RightOuter',
  'FullOuter',
  'LeftSemi',
  'LeftAnti',
];
const CONDITIONS: Record<Condition, Expr | null> = {
  none: null,
  'lv < rv': { kind: 'Comparison', op: 'LessThan', left: lv, right: rv },
  // Written right to left, as Q21's l2.l_suppkey <> l1.l_suppkey.
  'NOT lv = rv': { kind: 'Not', child: { kind: 'Comparison', op: 'EqualTo', left: rv, right: lv } },
};

describe('SortMergeJoin', () => {
  for (const joinType of JOIN_TYPES) {
    for (const nullSafe of [false, true]) {
      for (const cond of Object.keys(CONDITIONS) as Condition[]) {
        it(`${joinType}, ${nullSafe ? '<=>' : '='}${cond === 'none' ? '' : `, ${cond}`}`, async () => {
          const rows = await rowsOf(smj(joinType, nullSafe, CONDITIONS[cond]));
          expect(rows.map(render).sort()).toEqual(expected(joinType, nullSafe, cond));
        });
      }
    }
  }

  it('pairs a long run of equal keys with another in several output batches', async () => {
    const k1 = attr(1, 'k1', T.int);
    const k2 = attr(2, 'k2', T.int);
    const n = 260;
    const rows = (offset: number) => Array.from({ length: n }, (_, i) => [i < n - 2 ? 7 : offset + i]);
    const plan: PhysicalPlan = {
      kind: 'SortMergeJoin',
      leftKeys: [k1],
      rightKeys: [k2],
      nullSafe: [false],
      joinType: 'FullOuter',
      condition: null,
      output: [k1, k2],
      left: { kind: 'SortExec', order: [asc(k1)], global: false, child: table([k1], rows(1000)) },
      right: { kind: 'SortExec', order: [asc(k2)], global: false, child: table([k2], rows(2000)) },
    };
    const out = await rowsOf(plan);
    expect(out.filter((r) => r[0] === 7 && r[1] === 7).length).toBe((n - 2) * (n - 2));
    expect(out.filter((r) => r[1] === null).map((r) => r[0])).toEqual([1000 + n - 2, 1000 + n - 1]);
    expect(out.filter((r) => r[0] === null).map((r) => r[1])).toEqual([2000 + n - 2, 2000 + n - 1]);
  });

  it('gives inner, semi and anti rows in key order, whether it sorts a side or gets it sorted', async () => {
    // A merge join's output is ordered by its keys (a join above on the same keys relies on it), also
    // when the join sorts a side itself rather than reading a Sort's output.
    const k = attr(1, 'k', T.int);
    const v = attr(2, 'v', T.int);
    const r = attr(3, 'r', T.int);
    const leftData = [
      [5, 0],
      [1, 1],
      [9, 2],
      [7, 7],
      [3, 3],
      [null, 4],
      [5, 5],
      [2, 6],
    ];
    const rightData = [[9], [5], [3], [4], [1]];
    const rightSorted: PhysicalPlan = {
      kind: 'SortExec',
      order: [asc(r)],
      global: false,
      child: table([r], rightData),
    };
    const join = (joinType: JoinType, left: PhysicalPlan): PhysicalPlan => ({
      kind: 'SortMergeJoin',
      leftKeys: [k],
      rightKeys: [r],
      nullSafe: [false],
      joinType,
      condition: null,
      output: joinType === 'Inner' ? [k, v, r] : [k, v],
      left,
      right: rightSorted,
    });
    const unsorted = table([k, v], leftData);
    const sortedLeft: PhysicalPlan = { kind: 'SortExec', order: [asc(k)], global: false, child: unsorted };
    // The same rows already in key order (a child that is not a Sort: the join takes them as they come).
    const presorted = table(
      [k, v],
      [...leftData].sort((a, b) => (a[0] ?? -1) - (b[0] ?? -1) || a[1]! - b[1]!),
    );
    for (const left of [sortedLeft, presorted]) {
      expect(await rowsOf(join('Inner', left))).toEqual([
        [1, 1, 1],
        [3, 3, 3],
        [5, 0, 5],
        [5, 5, 5],
        [9, 2, 9],
      ]);
      expect(await rowsOf(join('LeftSemi', left))).toEqual([
        [1, 1],
        [3, 3],
        [5, 0],
        [5, 5],
        [9, 2],
      ]);
      expect(await rowsOf(join('LeftAnti', left))).toEqual([
        [null, 4],
        [2, 6],
        [7, 7],
      ]);
    }
  });

  it('merges 64-bit and 32-bit keys in their signed order', async () => {
    const a = attr(1, 'a', T.long);
    const b = attr(2, 'b', T.long);
    const longs = [-5n, -1n, 0n, 1n, 2n ** 40n, -(2n ** 40n), 4294967295n, 4294967296n, -4294967296n, 7n];
    const left = [...longs, 1n, -1n, null].map((x) => [x]);
    const right = [...longs.slice(2), 4294967295n, 0n, null, 8n].map((x) => [x]);
    const plan: PhysicalPlan = {
      kind: 'SortMergeJoin',
      leftKeys: [a],
      rightKeys: [b],
      nullSafe: [false],
      joinType: 'Inner',
      condition: null,
      output: [a, b],
      left: { kind: 'SortExec', order: [asc(a)], global: false, child: table([a], left) },
      right: { kind: 'SortExec', order: [asc(b)], global: false, child: table([b], right) },
    };
    const key = (r: readonly Value[]) => String(r[0]);
    // With NULLs (general comparators), without (keys compared as doubles), and past 2^53 where
    // doubles would tie values one apart (general comparators again).
    const big = [2n ** 60n, 2n ** 60n + 1n, -(2n ** 60n) - 1n, 2n ** 53n + 1n, 2n ** 53n];
    for (const [l, r] of [
      [left, right],
      [left.filter(([x]) => x !== null), right.filter(([y]) => y !== null)],
      [[...longs, ...big.slice(0, 3)].map((x) => [x]), [...big, ...longs.slice(4)].map((x) => [x])],
    ]) {
      const want = l!.flatMap(([x]) => r!.filter(([y]) => x !== null && x === y).map(([y]) => [x, y]));
      const p: PhysicalPlan = {
        ...plan,
        left: { kind: 'SortExec', order: [asc(a)], global: false, child: table([a], l!) },
        right: { kind: 'SortExec', order: [asc(b)], global: false, child: table([b], r!) },
      };
      expect((await rowsOf(p)).map(key).sort()).toEqual(want.map(key).sort());
    }

    const i = attr(3, 'i', T.int);
    const j = attr(4, 'j', T.int);
    const ints = [-2147483648, -3, 0, 3, 2147483647, 3].map((x) => [x]);
    const intPlan: PhysicalPlan = {
      ...plan,
      leftKeys: [i],
      rightKeys: [j],
      output: [i, j],
      left: { kind: 'SortExec', order: [asc(i)], global: false, child: table([i], ints) },
      right: { kind: 'SortExec', order: [asc(j)], global: false, child: table([j], ints) },
    };
    // 3 appears twice on each side: four pairs; the others once.
    expect((await rowsOf(intPlan)).length).toBe(4 + 4);
  });

  it('joins an empty side', async () => {
    const plan = smj('FullOuter', false, null);
    const empty: PhysicalPlan = { ...plan, right: table([rs, rd, rv], []) };
    const rows = await rowsOf(empty);
    expect(rows.length).toBe(leftRows.length);
    expect(rows.every((r) => r[3] === null && r[5] === null)).toBe(true);
  });

  it('gives the same rows when it first filters a much larger side by the other side’s keys', async () => {
    // A side 4 times the other or more, which the join sorts, keeps only rows with partner keys
    // where its unmatched rows are not output. Every join type, either side the larger, a dense int
    // key (a set of values) and a string key (a hash table), NULL keys on both sides.
    const k = attr(1, 'k', T.int);
    const v = attr(2, 'v', T.int);
    const r = attr(3, 'r', T.int);
    const w = attr(4, 'w', T.int);
    const ks = attr(5, 'ks', T.string);
    const rks = attr(6, 'rks', T.string);
    const small = [
      [5, 0],
      [2, 1],
      [null, 2],
      [5, 3],
      [40, 4],
    ];
    const big = Array.from({ length: 40 }, (_, i) => [i % 9 === 8 ? null : (i * 7) % 13, 100 + i]);
    const asString = (rows: (number | null)[][]) => rows.map(([x, y]) => [x === null ? null : `s${x}`, y]);
    const types: JoinType[] = ['Inner', 'LeftSemi', 'LeftAnti', 'LeftOuter', 'RightOuter', 'FullOuter'];
    for (const strings of [false, true]) {
      const [lk, rk] = strings ? [ks, rks] : [k, r];
      for (const [leftData, rightData] of [
        [small, big],
        [big, small],
      ]) {
        const l = strings ? asString(leftData!) : leftData!;
        const rr = strings ? asString(rightData!) : rightData!;
        for (const joinType of types) {
          const existence = joinType === 'LeftSemi' || joinType === 'LeftAnti';
          const plan: PhysicalPlan = {
            kind: 'SortMergeJoin',
            leftKeys: [lk],
            rightKeys: [rk],
            nullSafe: [false],
            joinType,
            condition: null,
            output: existence ? [lk, v] : [lk, v, rk, w],
            left: { kind: 'SortExec', order: [asc(lk)], global: false, child: table([lk, v], l) },
            right: { kind: 'SortExec', order: [asc(rk)], global: false, child: table([rk, w], rr) },
          };
          const match = (a: Value[], b: Value[]) => a[0] !== null && a[0] === b[0];
          const want: Value[][] = [];
          for (const a of l) {
            const partners = rr.filter((b) => match(a, b));
            if (joinType === 'LeftSemi') {
              if (partners.length > 0) want.push(a);
            } else if (joinType === 'LeftAnti') {
              if (partners.length === 0) want.push(a);
            } else {
              for (const b of partners) want.push([...a, ...b]);
              if (partners.length === 0 && (joinType === 'LeftOuter' || joinType === 'FullOuter'))
                want.push([...a, null, null]);
            }
          }
          if (joinType === 'RightOuter' || joinType === 'FullOuter')
            for (const b of rr) if (!l.some((a) => match(a, b))) want.push([null, null, ...b]);
          const got = await rowsOf(plan);
          const key = (row: readonly Value[]) => JSON.stringify(row);
          expect(got.map(key).sort(), `${joinType} ${strings ? 'strings' : 'ints'}`).toEqual(
            want.map(key).sort(),
          );
        }
      }
    }
  });
});
