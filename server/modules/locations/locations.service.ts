/**
 * The "needs a location" queue (SPEC §8.3): addresses that came in without coordinates the geocoder could place
 * wait here until a dispatcher of the team pins them on the map; no visit is agreed for them before (booking refuses
 * ADDRESS_NOT_LOCATED). A pin must lie in the team's region; of two dispatchers pinning at once, the first wins and
 * the second is told the address was placed meanwhile.
 */
import { inRegion, type Region, regionParams } from '../../../shared/domain/region';
import { AppError } from '../../../shared/errors';
import { LOCATIONS_PAGE_SIZE, type LocationsQueueInput, type PinAddressInput } from '../../../shared/schemas/locations';
import type { AuthedContext } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { once } from '../idempotency/idempotency.service';
import { assertTeamAccess, visibleTeamIds } from '../scope';
import { activeBasesOf, teamRegion } from '../teams/bases.service';
import { announceTeamChange } from '../teams/teams.setup';
import { findUnlocatedPage, lockAddressForPin, pinAddressRow } from './locations.repo';

/** A page of the team's addresses that need a location, with the region a pin must fall in and the bases. */
export async function locationsQueue(ctx: AuthedContext, input: LocationsQueueInput) {
  assertTeamAccess(ctx.user, input.teamId);
  const [page, region, bases] = await Promise.all([
    findUnlocatedPage(ctx.db, input.teamId, input.page, LOCATIONS_PAGE_SIZE),
    teamRegion(ctx.db, input.teamId),
    activeBasesOf(ctx.db, input.teamId),
  ]);
  return {
    rows: page.rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
    total: page.total,
    page: input.page,
    pageSize: LOCATIONS_PAGE_SIZE,
    region,
    bases: bases.map((b) => ({ id: b.id, name: b.name, lat: b.lat, lng: b.lng })),
  };
}

/** Places an unlocated address where the dispatcher pinned it (rooftop, verified); idempotent, audited, announced. */
export async function pinAddress(ctx: AuthedContext, input: PinAddressInput) {
  const out = await ctx.db.transaction((tx) =>
    once(ctx, tx, { input, keyField: 'idempotencyKey', procedure: 'locations.pin' }, async () => {
      const address = await lockAddressForPin(tx, input.addressId);
      const visible = visibleTeamIds(ctx.user);
      const teamIds = (address?.teamIds ?? []).filter((t) => visible === null || visible.includes(t));
      // An address of another team's borrower reads as one that does not exist.
      if (!address || teamIds.length === 0) throw new AppError('NOT_FOUND', { entity: 'address' });
      if (address.lat !== null) throw new AppError('ADDRESS_ALREADY_LOCATED', { address: address.text });
      const regions = await Promise.all(teamIds.map((t) => teamRegion(tx, t)));
      if (!regions.some((r) => inRegion(r, input.lat, input.lng))) {
        const region = regions.find((r): r is Region => r !== null);
        throw new AppError(
          'IMPORT_OUTSIDE_REGION',
          { lat: input.lat, lng: input.lng, ...(region ? regionParams(region) : {}) },
          { lat: 'IMPORT_OUTSIDE_REGION' },
        );
      }
      if (!(await pinAddressRow(tx, address.id, input.lat, input.lng))) {
        throw new AppError('ADDRESS_ALREADY_LOCATED', { address: address.text });
      }
      const at = ctx.now();
      await appendAudit(tx, {
        actorUserId: ctx.user.id,
        teamId: teamIds[0] as string,
        action: 'address.pin',
        entityType: 'address',
        entityId: address.id,
        before: { lat: null, lng: null },
        after: { lat: input.lat, lng: input.lng, geocodeSource: 'pinned', geocodeQuality: 'rooftop', verified: true },
        at,
      });
      return { addressId: address.id, lat: input.lat, lng: input.lng, teamIds };
    }),
  );
  // Open boards and queues of the team reload; a failed broadcast never fails the saved pin.
  for (const teamId of out.teamIds) await announceTeamChange(ctx, teamId, 'address.pin', 'address', out.addressId);
  return { addressId: out.addressId, lat: out.lat, lng: out.lng };
}
