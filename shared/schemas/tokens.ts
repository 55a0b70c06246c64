import { z } from 'zod';
import { id, idempotencyKey, ids, int, text } from './common';

/** How long a service token may live: a day to a year (and one for a leap year). */
export const TOKEN_LIFETIME_DAYS = { min: 1, max: 366 } as const;

/** A service token for the machine API (POST /api/v1/cases/import): named, scoped to teams, expiring. */
export const createTokenInput = z.object({
  idempotencyKey,
  name: text({ min: 1, max: 80 }),
  teamIds: ids({ min: 1, max: 50 }),
  expiresInDays: int(TOKEN_LIFETIME_DAYS),
});
export type CreateTokenInput = z.infer<typeof createTokenInput>;

export const revokeTokenInput = z.object({ idempotencyKey, id });
export type RevokeTokenInput = z.infer<typeof revokeTokenInput>;
