/**
 * The facts rows carry on behalf of their history — a case's first notice and earliest unpaid promise, a visit's
 * current outcome and the leg its crew travelled to it, a promise's team — written from that history, for data inserted whole tables
 * at a time past the writers that keep them (the seed, and test fixtures that insert rows directly).
 */
import { writeCaseStateFromHistory } from '../../modules/cases/cases.state.repo';
import { writePromiseTeamsFromHistory, writeVisitOutcomesFromHistory } from '../../modules/field/outcome.repo';
import { writeTravelLegsFromHistory } from '../../modules/field/travel-legs';
import type { DbOrTx } from '../client';

export async function writeStoredStateFromHistory(db: DbOrTx): Promise<void> {
  await writeVisitOutcomesFromHistory(db);
  await writePromiseTeamsFromHistory(db);
  await writeTravelLegsFromHistory(db);
  await writeCaseStateFromHistory(db);
}
