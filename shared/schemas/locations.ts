/** Inputs of the "needs a location" queue (SPEC §8.3): the list of a team's unlocated addresses and a pin. */
import { z } from 'zod';
import { id, idempotencyKey, int, number } from './common';

export const LOCATIONS_PAGE_SIZE = 25;

/** A page of the team's current addresses that have no location yet. */
export const locationsQueueInput = z.object({ teamId: id, page: int({ min: 0, max: 10_000 }).default(0) });
export type LocationsQueueInput = z.infer<typeof locationsQueueInput>;

/** A dispatcher's pin on the map for one address (WGS-84). */
export const pinAddressInput = z.object({
  idempotencyKey,
  addressId: id,
  lat: number({ min: -90, max: 90 }),
  lng: number({ min: -180, max: 180 }),
});
export type PinAddressInput = z.infer<typeof pinAddressInput>;
