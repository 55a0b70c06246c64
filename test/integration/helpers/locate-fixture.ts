/**
 * Teams with known regions for the location tests: one base at (31.2, 121.4) with the default 30 km margin, and
 * one team without bases (no region yet); plus the IntakeContext an import would run locateRows with.
 */
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import * as s from '../../../drizzle/schema';
import type { DbHandle } from '../../../server/db/client';
import type { IntakeContext } from '../../../server/modules/intake/intake.types';
import { insertTeams } from './fixture-team';

export const BASE = { lat: 31.2, lng: 121.4 };
/** Degrees of latitude per km (the margin's north–south extent does not depend on the latitude). */
export const DEG_PER_KM = 1 / 111.32;

export async function insertRegionTeams(handle: DbHandle, tag: string) {
  const withBase = randomUUID();
  const noBases = randomUUID();
  await insertTeams(handle.db, [
    { id: withBase, name: `Region ${tag}`, code: `RG${tag}`, city: '上海市' },
    { id: noBases, name: `Bare ${tag}`, code: `BR${tag}`, city: '上海市' },
  ]);
  await handle.db.insert(s.bases).values({ teamId: withBase, name: 'Office', ...BASE });
  // An inactive base far away does not widen the region.
  await handle.db
    .insert(s.bases)
    .values({ teamId: withBase, name: 'Old office', lat: 39.9, lng: 116.4, active: false });
  return { withBase, noBases };
}

/** A context for locateRows, with its warnings collected (`warnings`). */
export function intakeContext(
  handle: DbHandle,
  over: Partial<IntakeContext> = {},
): IntakeContext & { warnings: string[] } {
  const warnings: string[] = [];
  const log = pino(
    { level: 'warn' },
    {
      write: (line: string) => {
        warnings.push(line);
      },
    },
  );
  return {
    db: handle.db,
    log,
    locale: 'en',
    now: () => new Date(),
    actor: { userId: null, tokenId: null },
    geocoderUrl: null,
    geocoderPace: { minIntervalMs: 0, timeoutMs: 300 },
    ...over,
    warnings,
  };
}
