import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../server/db/client';
import { runImport } from '../../server/modules/intake/intake.service';
import { csvFile, csvText, goodRow, idNumberFor, intakeContext } from '../helpers/intake-files';
import { rows } from './helpers/calls';
import { createTestDb } from './helpers/db';
import { insertTeams } from './helpers/fixture-team';

/** A gate one side opens for the other, so the two transactions interleave in a known order. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

// The hand form takes no loan lock: a case it makes while an import writes the same loan_ref meets the unique key.
// The import's batch is then run once more, and finds that loan instead of failing the whole import.
describe('case intake: a loan made meanwhile by hand (PostgreSQL)', () => {
  let handle: DbHandle;
  const teamId = crypto.randomUUID();

  beforeAll(async () => {
    handle = await createTestDb();
    await insertTeams(handle.db, [{ id: teamId, name: 'Race team', code: 'RACE', city: 'Shanghai' }]);
  }, 120_000);
  afterAll(async () => handle?.close());

  it('the unique violation on cases_loan_ref_unique is retried once as an update', async () => {
    const inserted = gate();
    const release = gate();
    const hand = handle.db.transaction(async (tx) => {
      await tx.execute(sql`insert into borrowers (id, full_name, id_number, phone)
        values (${crypto.randomUUID()}, 'By hand', ${idNumberFor(900)}, '13700000000')`);
      await tx.execute(sql`insert into cases (team_id, borrower_id, borrower_name, loan_ref, product, principal_cents,
          overdue_amount_cents, days_past_due, bucket)
        select ${teamId}, id, full_name, 'IMP-000001', 'cash_loan', 100, 100, 1, 'M1' from borrowers where id_number = ${idNumberFor(900)}`);
      inserted.open();
      await release.opened;
    });
    await inserted.opened;
    const importing = runImport(intakeContext(handle), {
      teamId,
      channel: 'cli',
      file: csvFile(csvText([goodRow(1)])),
      dryRun: false,
      allOrNothing: false,
    });
    // The import's insert waits on the uncommitted key: let the hand-made case commit only then.
    for (;;) {
      const [w] = await rows<{ n: number }>(
        handle,
        sql`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`,
      );
      if (Number(w?.n) > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    release.open();
    await hand;
    const out = await importing;
    expect(out).toMatchObject({ rows: 1, created: 0, updated: 1, rejected: 0 });
    const cases = await rows<{ amount: number }>(
      handle,
      sql`select overdue_amount_cents as amount from cases where loan_ref = 'IMP-000001'`,
    );
    expect(cases.map((c) => Number(c.amount))).toEqual([100_150]);
  });
});
