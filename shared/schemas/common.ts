import { z } from 'zod';
import { calendarDate, id, requestKey } from './blocks';

export * from './blocks';

/** A calendar date as YYYY-MM-DD (the `calendarDate` block under the name the schemas have always used). */
export const isoDate = calendarDate;

export const idInput = z.object({ id });
export type IdInput = z.infer<typeof idInput>;

export const dayInput = z.object({ date: isoDate.optional() });
export type DayInput = z.infer<typeof dayInput>;

export const teamDayInput = dayInput.extend({ teamId: id });

/** A client-generated key that makes a mutation safe to retry. */
export const idempotencyKey = requestKey;
