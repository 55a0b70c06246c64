/**
 * Where each imported address is. FOUNDATION STUB: rows with coordinates are taken as they are, the rest need a
 * location. The locations slice adds the region check (bases' bounding box + the team's margin) and the geocoder.
 */
import type { AppErrorCode } from '../../../shared/errors';
import type { DbOrTx } from '../../db/client';
import type { IntakeContext } from './intake.types';

export interface LocateInput {
  row: number;
  address: string;
  city: string;
  district: string;
  lat: number | null;
  lng: number | null;
}

export type Located =
  | { kind: 'located'; lat: number; lng: number; source: 'import' | 'geocoder'; quality: string }
  | { kind: 'unlocated' }
  | { kind: 'rejected'; column: 'lat' | 'lng' | 'address'; code: AppErrorCode; params?: Record<string, unknown> };

/** One answer per input, in order. Called once per batch of rows, outside the write transaction. */
export async function locateRows(
  _ctx: IntakeContext,
  _db: DbOrTx,
  _teamId: string,
  rows: LocateInput[],
): Promise<Located[]> {
  return rows.map((r) =>
    r.lat !== null && r.lng !== null
      ? { kind: 'located', lat: r.lat, lng: r.lng, source: 'import', quality: 'import' }
      : { kind: 'unlocated' },
  );
}
