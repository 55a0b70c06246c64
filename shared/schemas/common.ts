import { z } from 'zod';

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');

export const idInput = z.object({ id: z.uuid() });
export type IdInput = z.infer<typeof idInput>;

export const dayInput = z.object({ date: isoDate.optional() });
export type DayInput = z.infer<typeof dayInput>;

export const teamDayInput = dayInput.extend({ teamId: z.uuid() });
export type TeamDayInput = z.infer<typeof teamDayInput>;

/** A client-generated key that makes a mutation safe to retry. */
export const idempotencyKey = z.string().min(8).max(100);
