/**
 * Where each imported address is (SPEC §8.3). A row with coordinates must lie in the team's region (its active
 * bases' bounding box grown by its margin), else it is refused on `lat`. A row without goes to the geocoder when
 * one is configured; its answer counts only inside the region (outside, the geocoder guessed another place of the
 * same name). Everything else waits in "Needs a location" for a dispatcher's pin. The geocoder never fails an import.
 */
import { inRegion, regionParams } from '../../../shared/domain/region';
import type { AppErrorCode } from '../../../shared/errors';
import type { DbOrTx } from '../../db/client';
import { addressText } from '../cases/cases.create';
import { teamRegion } from '../teams/bases.service';
import { type GeocodeAnswer, geocodeAll, normaliseQuery } from './geocoder';
import type { IntakeContext } from './intake.types';

export interface LocateInput {
  row: number;
  address: string;
  city: string;
  district: string;
  lat: number | null;
  lng: number | null;
}

/** Why an address still needs a location: said in the docs and the logs, not to the borrower. */
export type UnlocatedReason = 'no-geocoder' | 'not-found' | 'outside-region' | 'geocoder-failed';

export type Located =
  | { kind: 'located'; lat: number; lng: number; source: 'import' | 'geocoder'; quality: string }
  | { kind: 'unlocated'; reason?: UnlocatedReason }
  | { kind: 'rejected'; column: 'lat' | 'lng' | 'address'; code: AppErrorCode; params?: Record<string, unknown> };

/** Runs that were already warned about a failing geocoder: one warning per run, not one per row. */
const warned = new WeakSet<IntakeContext>();

/** One answer per input, in order. Called once per batch of rows, outside the write transaction. */
export async function locateRows(
  ctx: IntakeContext,
  db: DbOrTx,
  teamId: string,
  rows: LocateInput[],
): Promise<Located[]> {
  const region = await teamRegion(db, teamId);
  const queryOf = (r: LocateInput) => {
    const address = r.address.trim();
    return address ? normaliseQuery(addressText({ address, city: r.city.trim(), district: r.district.trim() })) : '';
  };
  const wanted = rows.filter((r) => r.lat === null || r.lng === null).map(queryOf);
  const answers =
    ctx.geocoderUrl && wanted.some((q) => q)
      ? await geocodeAll(db, { url: ctx.geocoderUrl, ...ctx.geocoderPace }, wanted, ctx.now)
      : new Map<string, GeocodeAnswer>();
  const failures = [...answers.values()].filter((a) => a.kind === 'failed');
  if (failures.length > 0 && !warned.has(ctx)) {
    warned.add(ctx);
    ctx.log.warn({ failed: failures.length, first: failures[0] }, 'geocoder failed; those addresses need a location');
  }

  return rows.map((r): Located => {
    if (r.lat !== null && r.lng !== null) {
      if (inRegion(region, r.lat, r.lng)) {
        return { kind: 'located', lat: r.lat, lng: r.lng, source: 'import', quality: 'import' };
      }
      const params = { lat: r.lat, lng: r.lng, ...(region ? regionParams(region) : {}) };
      return { kind: 'rejected', column: 'lat', code: 'IMPORT_OUTSIDE_REGION', params };
    }
    if (!ctx.geocoderUrl) return { kind: 'unlocated', reason: 'no-geocoder' };
    const answer = answers.get(queryOf(r));
    if (!answer || answer.kind === 'none') return { kind: 'unlocated', reason: 'not-found' };
    if (answer.kind === 'failed') return { kind: 'unlocated', reason: 'geocoder-failed' };
    const { lat, lng, quality } = answer.hit;
    if (!inRegion(region, lat, lng)) return { kind: 'unlocated', reason: 'outside-region' };
    return { kind: 'located', lat, lng, source: 'geocoder', quality };
  });
}
