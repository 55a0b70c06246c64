import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNIQUE_CONFLICTS, UNIQUE_WITHOUT_CONFLICT, uniqueConflictError } from '../../../server/trpc/unique-conflicts';

const MIGRATIONS = join(import.meta.dirname, '../../../drizzle/migrations');

/** Every unique key the migrations create: unique constraints and indexes, composite and natural primary keys. */
function uniqueKeys(): string[] {
  const keys = new Set<string>();
  for (const file of readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql'))) {
    const sql = readFileSync(join(MIGRATIONS, file), 'utf8');
    for (const m of sql.matchAll(/CONSTRAINT "(\w+)" (?:UNIQUE|PRIMARY KEY)/g)) keys.add(m[1] as string);
    for (const m of sql.matchAll(/CREATE UNIQUE INDEX "(\w+)"/g)) keys.add(m[1] as string);
    // A single-column primary key without a generated value (random uuids and serials cannot collide).
    for (const table of sql.matchAll(/CREATE TABLE "(\w+)" \(([\s\S]*?)\n\);/g)) {
      if (/"\w+" (?!bigserial|serial)\w+ PRIMARY KEY NOT NULL/.test(table[2] as string)) keys.add(`${table[1]}_pkey`);
    }
  }
  return [...keys].sort();
}

describe('unique keys a request can race for', () => {
  it('every unique key is either turned into a domain error or explained why no request can hit it', () => {
    const keys = uniqueKeys();
    expect(keys.length).toBeGreaterThan(20);
    const undecided = keys.filter((k) => !(k in UNIQUE_CONFLICTS) && !(k in UNIQUE_WITHOUT_CONFLICT));
    expect(undecided).toEqual([]);
    const stale = [...Object.keys(UNIQUE_CONFLICTS), ...Object.keys(UNIQUE_WITHOUT_CONFLICT)].filter(
      (k) => !keys.includes(k),
    );
    expect(stale).toEqual([]);
  });

  it('finds a listed violation inside the error the driver wrapped, and leaves every other error alone', () => {
    const pgError = {
      code: '23505',
      constraint: 'users_username_unique',
      detail: 'Key (lower(username))=(li) already exists.',
    };
    const wrapped = Object.assign(new Error('Failed query'), { cause: pgError });
    expect(uniqueConflictError(wrapped)).toMatchObject({ code: 'USERNAME_TAKEN', details: { username: 'li' } });
    expect(uniqueConflictError({ ...pgError, constraint: 'sessions_pkey' })).toBeNull();
    expect(uniqueConflictError({ ...pgError, constraint: 'constructor' })).toBeNull();
    expect(uniqueConflictError({ ...pgError, code: '23503' })).toBeNull();
    expect(uniqueConflictError(new Error('boom'))).toBeNull();
  });
});
