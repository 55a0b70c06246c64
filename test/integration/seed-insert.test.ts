/**
 * The seed's JSON batches (json_populate_recordset) must write the very rows drizzle's insert writes: same
 * values, nulls, dates, arrays and json, and the same database defaults where the data leaves a column out.
 */
import { getTableColumns } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../server/db/client';
import { generateDemo } from '../../server/db/seed';
import { DEMO_TABLES, insertDemo } from '../../server/db/seed/insert';
import { createTestDb } from './helpers/db';

const data = generateDemo({
  seed: 7,
  cases: 90,
  agents: 8,
  today: '2026-05-04',
  timeZone: 'Asia/Shanghai',
  passwordHash: 'hash',
});
let viaJson: DbHandle;
let viaDrizzle: DbHandle;

beforeAll(async () => {
  viaJson = await createTestDb();
  viaDrizzle = await createTestDb();
  await insertDemo(viaJson.db, data);
  await insertDemo(viaDrizzle.db, data, { json: false });
}, 120_000);

afterAll(async () => {
  await viaJson?.close();
  await viaDrizzle?.close();
});

/** A table's rows, each keyed by what the generator gave (defaults of the moment, like created_at, left out). */
async function read(handle: DbHandle, table: (typeof DEMO_TABLES)[number][1], keys: string[]) {
  const rows = (await handle.db.select().from(table)) as Array<Record<string, unknown>>;
  return rows.map((r) => JSON.stringify(keys.map((k) => [k, r[k]]))).sort();
}

describe('seed insert', () => {
  it('writes every table exactly as drizzle does', async () => {
    let compared = 0;
    for (const [key, table] of DEMO_TABLES) {
      const rows = data[key] as Array<Record<string, unknown>>;
      const keys = Object.keys(getTableColumns(table)).filter((k) => k !== 'createdAt' && k !== 'updatedAt');
      const a = await read(viaJson, table, keys);
      const b = await read(viaDrizzle, table, keys);
      expect(a, key).toHaveLength(rows.length);
      expect(a, key).toEqual(b);
      compared += a.length;
    }
    expect(data.visits.some((v) => (v.requiredSkills ?? []).length > 0)).toBe(true);
    expect(data.outcomes.length).toBeGreaterThan(0);
    expect(compared).toBeGreaterThan(500);
  });
});
