// Hint comments after SELECT: names, parameters, several hints, and comments that are not hints.
import { describe, expect, it } from 'vitest';
import { parseQuery } from './parse.js';
import { parseHintComments } from './hint-comment.js';

describe('parseHintComments', () => {
  it('reads names and parameters', () => {
    expect(parseHintComments(' /*+ BROADCAST(t1), merge(a, `b`) SHUFFLE_HASH */ ')).toEqual([
      { name: 'BROADCAST', parameters: ['t1'] },
      { name: 'merge', parameters: ['a', 'b'] },
      { name: 'SHUFFLE_HASH', parameters: [] },
    ]);
  });

  it('ignores plain comments', () => {
    expect(parseHintComments(' /* BROADCAST(t) */ ')).toEqual([]);
  });
});

describe('SELECT hints in the AST', () => {
  it('keeps the hints of a SELECT', () => {
    const q = parseQuery('SELECT /*+ BROADCAST(s) */ * FROM t JOIN s ON t.a = s.a');
    const body = q.body as { kind: string; hints?: unknown };
    expect(body.kind).toBe('Select');
    expect(body.hints).toEqual([{ name: 'BROADCAST', parameters: ['s'] }]);
  });

  it('has no hints without a hint comment', () => {
    const body = parseQuery('SELECT /* no */ 1').body as { hints?: unknown };
    expect(body.hints).toBeUndefined();
  });
});
