// The CSV reader's fast paths (simple tokenizer, decimal from bytes, chunk-sliced strings) must give
// exactly what the general paths give, and what Spark gives.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StructType, T, batchToRows, splitFile } from '@flint/common';
import { describe, expect, it } from 'vitest';
import { csvFormat } from './csv-format.js';
import { resolveCsvOptions } from './csv-options.js';
import {
  DEC_OVERFLOW,
  DEC_SLOW,
  DEC_STORED,
  parseBigDecimal,
  parseDecimalInto,
  toDecimal,
} from './number-parse.js';
import {
  FALLBACK,
  NEED_MORE,
  newRecordFields,
  simpleByteClasses,
  tokenizeRecord,
  tokenizeSimple,
} from './tokenizer.js';

const dir = mkdtempSync(join(tmpdir(), 'flint-csv-fast-'));
let counter = 0;

async function read(
  text: string | Buffer,
  schema: StructType,
  options: Record<string, string> = {},
  maxSplitBytes = 1 << 30,
  required: StructType = schema,
): Promise<unknown[][]> {
  const path = join(dir, `f${counter++}.csv`);
  writeFileSync(path, text);
  const size = typeof text === 'string' ? Buffer.byteLength(text) : text.length;
  const rows: unknown[][] = [];
  for (const split of splitFile({ path, size, modificationTime: 0 }, [], maxSplitBytes, true)) {
    for await (const b of csvFormat.readSplit(split, required, undefined, { dataSchema: schema, options })) {
      rows.push(...batchToRows(b));
    }
  }
  return rows;
}

/** A deterministic PRNG for the property tests. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('simple tokenizer', () => {
  const syntaxes: [string, Record<string, string>][] = [
    ['default', {}],
    ['semicolon and comment', { sep: ';', comment: '#' }],
    ['lineSep', { lineSep: '|' }],
    ['multiLine', { multiLine: 'true' }],
    ['escape', { escape: '\\' }],
  ];
  for (const [name, options] of syntaxes) {
    it(`agrees with the general tokenizer wherever it decides (${name})`, () => {
      const syn = resolveCsvOptions(options).syntax;
      const classes = simpleByteClasses(syn);
      expect(classes).not.toBeNull();
      const alphabet = [
        'a',
        'b',
        '1',
        ',',
        ';',
        '|',
        '\n',
        '\r',
        '"',
        ' ',
        '#',
        '\\',
        '\t',
        'é',
        'xyzw',
        '12345678',
      ];
      const random = rng(42);
      let decided = 0;
      let quoted = 0;
      for (let round = 0; round < 1500; round++) {
        let text = '';
        const n = 1 + Math.floor(random() * 60);
        for (let i = 0; i < n; i++) text += alphabet[Math.floor(random() * alphabet.length)]!;
        const bytes = Buffer.from(text);
        const limit = bytes.length;
        const buf = new Uint8Array(limit + 1);
        buf.set(bytes);
        buf[limit] = syn.newline1;
        const a = newRecordFields(4);
        const b = newRecordFields(4);
        let pos = 0;
        while (pos < limit) {
          const fast = tokenizeSimple(buf, pos, limit, syn, a, classes!);
          const slow = tokenizeRecord(buf, pos, limit, false, syn, b);
          if (fast !== FALLBACK) {
            decided++;
            expect(fast).toBe(slow);
            expect(a.count).toBe(b.count);
            if (a.flags.subarray(0, a.count).some((f) => f !== 0)) quoted++;
            for (let k = 0; k < a.count; k++) {
              expect([a.starts[k], a.ends[k], a.flags[k]]).toEqual([b.starts[k], b.ends[k], b.flags[k]]);
            }
          }
          if (slow === NEED_MORE) break;
          pos = slow;
        }
      }
      expect(decided).toBeGreaterThan(200);
      expect(quoted).toBeGreaterThan(10);
    });
  }

  it('is off for syntaxes it does not cover', () => {
    expect(simpleByteClasses(resolveCsvOptions({ sep: '::' }).syntax)).toBeNull();
    expect(simpleByteClasses(resolveCsvOptions({ ignoreLeadingWhiteSpace: 'true' }).syntax)).toBeNull();
    expect(simpleByteClasses(resolveCsvOptions({ maxCharsPerColumn: '5' }).syntax)).toBeNull();
  });

  it('reads records cut by chunk edges, CRLF, quotes and blank lines across splits', async () => {
    let text = 'a,b,c\r\n';
    const expected: unknown[][] = [];
    for (let i = 0; i < 30000; i++) {
      const name = i % 17 === 0 ? `"q,${i}"` : i % 23 === 0 ? `"d""${i}"` : `n${i}`;
      text += `${i},${name},${i % 7 === 0 ? '' : i * 3}${i % 2 === 0 ? '\r\n' : '\n'}`;
      if (i % 101 === 0) text += '\n';
      expected.push([
        i,
        i % 17 === 0 ? `q,${i}` : i % 23 === 0 ? `d"${i}` : `n${i}`,
        i % 7 === 0 ? null : i * 3,
      ]);
    }
    const schema = T.struct([T.field('a', T.int), T.field('b', T.string), T.field('c', T.long)]);
    const whole = await read(text, schema, { header: 'true' });
    expect(whole).toEqual(expected.map((r) => [r[0], r[1], r[2] === null ? null : BigInt(r[2] as number)]));
    // Many splits: every record read once, whatever split it starts in.
    expect(await read(text, schema, { header: 'true' }, 50_000)).toEqual(whole);
  });
});

describe('one-pass records', () => {
  it('read exactly as the tokenize-then-convert path does, malformed values and counts included', async () => {
    const random = rng(11);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const ints = ['1', '-7', '+3', '', 'x', '2147483648', '99', '"5"', '0012'];
    const doubles = ['1.5', '-2', '1e3', '', 'NaN', 'abc', '.5', '"2.25"', 'Inf'];
    const dates = ['2020-01-02', '2020-02-30', '', '2021-1-5', 'nope', '"2022-03-04"'];
    const decs = ['1.005', '12345678.9', '', '-0.5', '1e2', 'z', '"3.14"'];
    const strs = ['a', '', 'héllo', '"q,1"', '"d""e"', 'long string value here'];
    let text = '';
    for (let i = 0; i < 4000; i++) {
      const fields = [pick(ints), pick(doubles), pick(dates), pick(decs), pick(strs), String(i)];
      const r = random();
      if (r < 0.03) fields.pop();
      else if (r < 0.06) fields.push('extra');
      text += fields.join(',') + (random() < 0.2 ? '\r\n' : '\n');
    }
    const schema = T.struct([
      T.field('i', T.int),
      T.field('d', T.double),
      T.field('dt', T.date),
      T.field('m', T.decimal(10, 2)),
      T.field('s', T.string),
      T.field('n', T.long),
    ]);
    for (const mode of ['PERMISSIVE', 'DROPMALFORMED']) {
      // A null token the data never holds turns the one-pass path off without changing any value.
      const reference = await read(text, schema, { mode, nullValue: 'NEVER-THERE' });
      const fast = await read(text, schema, { mode });
      expect(fast).toEqual(reference);
      for (const cols of [['s'], ['i', 'dt'], ['n', 'm']]) {
        const req = T.struct(schema.fields.filter((f) => cols.includes(f.name)));
        const r1 = await read(text, schema, { mode, nullValue: 'NEVER-THERE' }, 1 << 30, req);
        expect(await read(text, schema, { mode }, 1 << 30, req)).toEqual(r1);
      }
    }
    const failure = (options: Record<string, string>) =>
      read(text, schema, { mode: 'FAILFAST', ...options }).then(
        () => 'no error',
        (e: Error) => String((e as { cause?: Error }).cause?.message ?? e.message),
      );
    const message = await failure({});
    expect(message).toContain('Malformed records are detected in record parsing');
    expect(message).toBe(await failure({ nullValue: 'NEVER-THERE' }));
  });
});

describe('schema inference shortcuts', () => {
  it('keeps date columns date only while every value is a date, and string columns string', async () => {
    const path = join(dir, `f${counter++}.csv`);
    let text = 'd,e,f,s\n';
    for (let i = 0; i < 3000; i++)
      text += `2020-01-${String((i % 28) + 1).padStart(2, '0')},2021-02-03,"2022-03-04",x${i}\n`;
    text += '2020-13-01,2021-02-03 04:05:06,2022-03-04,1\n';
    writeFileSync(path, text);
    const schema = await csvFormat.inferSchema([{ path, size: text.length, modificationTime: 0 }], {
      header: 'true',
      inferSchema: 'true',
    });
    expect(schema.fields.map((f) => [f.name, f.dataType])).toEqual([
      ['d', T.string],
      ['e', T.timestamp],
      ['f', T.date],
      ['s', T.string],
    ]);
  });
});

describe('pruned reads', () => {
  it('read the leading columns of each record as a full read does, whatever follows them', async () => {
    let text = 'a,b,c,d\r\n';
    for (let i = 0; i < 20000; i++) {
      const tail =
        i % 5 === 0 ? `"x,${i}","y""z"` : i % 7 === 0 ? `${i}` : i % 11 === 0 ? `${i},1,2,3,4` : `${i},${i}`;
      text += `${i},s${i},${tail}${i % 3 === 0 ? '\r\n' : i % 3 === 1 ? '\n' : '\r'}`;
      if (i % 97 === 0) text += '\n\n';
    }
    const schema = T.struct([
      T.field('a', T.int),
      T.field('b', T.string),
      T.field('c', T.string),
      T.field('d', T.string),
    ]);
    // CR, LF and CRLF mixed; then LF only (the line end is then found with indexOf).
    for (const data of [text, text.replace(/\r\n?/g, '\n')]) await checkPruned(data, schema);
  });

  async function checkPruned(text: string, schema: StructType): Promise<void> {
    const full = await read(text, schema, { header: 'true' });
    expect(full.length).toBe(20000);
    for (const [cols, pick] of [
      [['a'], [0]],
      [
        ['a', 'b'],
        [0, 1],
      ],
      [['b'], [1]],
      [['c'], [2]],
    ] as const) {
      const req = T.struct(schema.fields.filter((f) => (cols as readonly string[]).includes(f.name)));
      for (const split of [1 << 30, 40_000]) {
        const rows = await read(text, schema, { header: 'true', mode: 'DROPMALFORMED' }, split, req);
        expect(rows).toEqual(full.map((r) => pick.map((k) => r[k])));
      }
    }
  }
});

describe('decimal from bytes', () => {
  it('rounds HALF_UP and nulls values beyond the precision, as Spark does', async () => {
    const rows = await read(
      [
        '1.005',
        '-1.005',
        '999.995',
        '999.994',
        '12',
        '.5',
        '5.',
        '+3.14159',
        '1e2',
        '"1,23.5"',
        'abc',
        '-0.001',
      ].join('\n') + '\n',
      T.struct([T.field('d', T.decimal(5, 2))]),
    );
    expect(rows.map((r) => r[0])).toEqual([
      101n,
      -101n,
      null,
      99999n,
      1200n,
      50n,
      500n,
      314n,
      10000n,
      12350n,
      null,
      0n,
    ]);
  });

  it('agrees with the exact BigDecimal path on random plain decimals', () => {
    const random = rng(7);
    const longs = new BigInt64Array(1);
    const words = new Int32Array(longs.buffer);
    let fast = 0;
    for (let i = 0; i < 20000; i++) {
      const precision = 1 + Math.floor(random() * 18);
      const scale = Math.floor(random() * (precision + 1));
      const intDigits = Math.floor(random() * 10);
      const fracDigits = Math.floor(random() * 10);
      let str = random() < 0.3 ? '-' : random() < 0.1 ? '+' : '';
      for (let k = 0; k < intDigits; k++) str += Math.floor(random() * 10);
      if (fracDigits > 0 || random() < 0.2) str += '.';
      for (let k = 0; k < fracDigits; k++) str += random() < 0.3 ? '5' : Math.floor(random() * 10);
      const bytes = Buffer.from(str);
      const d = parseBigDecimal(str);
      const exact = d === null ? null : toDecimal(d, precision, scale);
      const r = parseDecimalInto(bytes, 0, bytes.length, words, 0, precision, scale);
      if (r === DEC_SLOW) continue;
      fast++;
      if (r === DEC_OVERFLOW) expect([str, exact]).toEqual([str, null]);
      else {
        expect(r).toBe(DEC_STORED);
        expect([str, longs[0]]).toEqual([str, exact]);
      }
    }
    expect(fast).toBeGreaterThan(15000);
  });
});

describe('strings sliced from the chunk', () => {
  it('decodes ASCII, UTF-8, short and long fields, and repeated values', async () => {
    const values = [
      'a',
      'ab',
      'x'.repeat(12),
      'y'.repeat(13),
      'é',
      'naïve',
      '日本語テキスト',
      'z'.repeat(40),
      'ab',
    ];
    let text = '';
    for (let i = 0; i < 5000; i++) text += `${values[i % values.length]},${i}\n`;
    const rows = await read(text, T.struct([T.field('s', T.string), T.field('i', T.int)]));
    expect(rows.length).toBe(5000);
    for (let i = 0; i < 5000; i++) expect(rows[i]).toEqual([values[i % values.length], i]);
  });
});
