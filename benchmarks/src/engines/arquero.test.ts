// The Arquero peer's TPC-H queries on the shared SF 0.1 tables, checked against the reference answers.

import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTpchAnswer, loadTpchAnswer } from '../tpch/answers.js';
import { TPCH_ARQUERO_QUERIES } from '../tpch/arquero-queries.js';
import { sharedDir } from '../runner/paths.js';
import { TPCH_TABLES } from '../runner/suite-data.js';
import type { EngineSession } from '../runner/types.js';
import { adapter } from './arquero.js';

const SF01 = `${sharedDir()}/tpch/sf0.1`;
const haveData = existsSync(`${SF01}/lineitem.parquet`);

describe.skipIf(!haveData)('arquero TPC-H at SF 0.1', () => {
  let session: EngineSession;

  beforeAll(async () => {
    session = await adapter.open({
      suite: 'tpch',
      tables: TPCH_TABLES.map((name) => ({ name, files: [`${SF01}/${name}.parquet`] })),
      mode: 'parquet',
      threads: 1,
    });
    await session.load();
  }, 120_000);

  afterAll(async () => {
    await session?.close();
  });

  for (const id of Object.keys(TPCH_ARQUERO_QUERIES)) {
    it(`${id} equals the reference answer`, async () => {
      const run = session.query(id);
      expect(run).toBeDefined();
      const result = await (await run!()).toResultSet();
      const answer = loadTpchAnswer(0.1, id);
      expect(answer).toBeDefined();
      const verdict = checkTpchAnswer(result, answer!);
      expect(verdict.message ?? '', `${id}: ${verdict.message ?? ''}`).not.toMatch(/expected/);
      expect(verdict.ok).toBe(true);
    }, 60_000);
  }

  it('has no version of an unknown query', () => {
    expect(session.query('q99')).toBeUndefined();
  });
});
