/** Inputs of the roster (SPEC §8.2): weekly patterns, exceptions and hand-set shifts of a team's agents. */
import { z } from 'zod';
import { ROSTER_EXCEPTION_KINDS } from '../domain/constants';
import { type DayTimes, dayTimesProblems, ISO_WEEKDAYS } from '../rules/roster';
import { daysBetween } from '../time';
import { id, idempotencyKey, int, isoDate, pattern, text } from './common';

/** A local time of day as HH:MM, 00:00 to 23:59. */
export const clockTime = pattern(/^([01]\d|2[0-3]):[0-5]\d$/, {
  max: 5,
  message: 'TIME_OF_DAY_FORMAT',
  example: '09:30',
});

/** The longest exception one entry may cover (a year); longer absences are ended by editing the agent. */
export const MAX_EXCEPTION_DAYS = 366;
/** The longest range the roster calendar reads at once. */
export const MAX_ROSTER_VIEW_DAYS = 62;

/** A pattern's row version as the roster listed it (PostgreSQL's xmin: a 32-bit transaction id). */
const patternVersion = int({ min: 1, max: 4_294_967_295 });

const weekday = int({ min: 1, max: ISO_WEEKDAYS.length });

/** A day's times as a pattern or a hand-set shift carries them. */
const dayTimes = {
  starts: clockTime,
  ends: clockTime,
  breakStarts: clockTime.optional(),
  breakEnds: clockTime.optional(),
  breakMinutes: int({ min: 0, max: 720 }).default(0),
};

/** Reports the day-time rules (shared/rules/roster.ts) on the fields they name. */
function checkDayTimes(value: DayTimes, ctx: z.RefinementCtx) {
  for (const p of dayTimesProblems(value)) {
    ctx.addIssue({ code: 'custom', message: p.code, path: [p.field], params: p.params });
  }
}

/** Reports a range of more than `maxDays` dates on the end's field. */
function checkMaxDays(field: string, from: string, to: string, maxDays: number, ctx: z.RefinementCtx) {
  if (to >= from && daysBetween(from, to) >= maxDays) {
    ctx.addIssue({ code: 'custom', message: 'PERIOD_TOO_LONG', path: [field], params: { maxDays } });
  }
}

/** Reports a validity period whose end comes before its start on the end's field. */
function checkPeriod(field: string, from: string, to: string | undefined, ctx: z.RefinementCtx) {
  if (to && to < from) ctx.addIssue({ code: 'custom', message: 'PERIOD_REVERSED', path: [field] });
}

const patternFields = z.object({
  weekdays: z
    .array(weekday)
    .min(1, 'LIST_TOO_SHORT')
    .max(ISO_WEEKDAYS.length, 'LIST_TOO_LONG')
    .refine((days) => new Set(days).size === days.length, { message: 'IDS_REPEATED' }),
  ...dayTimes,
  /** Where the shift starts and ends; the agent's own base when null. */
  startBaseId: id.optional(),
  endBaseId: id.optional(),
  validFrom: isoDate,
  validTo: isoDate.optional(),
  /** Take the visits this change leaves without a crew off their crews (back to the tray); refused otherwise. */
  confirm: z.boolean().default(false),
  idempotencyKey,
});

function checkPattern(v: z.infer<typeof patternFields>, ctx: z.RefinementCtx) {
  checkDayTimes(v, ctx);
  checkPeriod('validTo', v.validFrom, v.validTo, ctx);
}

export const createPatternInput = patternFields.extend({ agentId: id }).superRefine(checkPattern);
export type CreatePatternInput = z.infer<typeof createPatternInput>;

/** A pattern changed as a whole; `version` is the one the editor saw (the second of two editors is refused). */
export const updatePatternInput = patternFields.extend({ id, version: patternVersion }).superRefine(checkPattern);
export type UpdatePatternInput = z.infer<typeof updatePatternInput>;

/** Ends a pattern: its last working date is `validTo`. */
export const endPatternInput = z.object({
  id,
  version: patternVersion,
  validTo: isoDate,
  confirm: z.boolean().default(false),
  idempotencyKey,
});
export type EndPatternInput = z.infer<typeof endPatternInput>;

/** Leave, sickness or training of one agent, or a public holiday of the whole team (no agent), over dates. */
export const addExceptionInput = z
  .object({
    teamId: id,
    agentId: id.optional(),
    kind: z.enum(ROSTER_EXCEPTION_KINDS),
    startsOn: isoDate,
    endsOn: isoDate,
    note: text({ max: 200 }).optional(),
    confirm: z.boolean().default(false),
    idempotencyKey,
  })
  .superRefine((v, ctx) => {
    checkPeriod('endsOn', v.startsOn, v.endsOn, ctx);
    checkMaxDays('endsOn', v.startsOn, v.endsOn, MAX_EXCEPTION_DAYS, ctx);
  });
export type AddExceptionInput = z.infer<typeof addExceptionInput>;

export const removeExceptionInput = z.object({ id, idempotencyKey });
export type RemoveExceptionInput = z.infer<typeof removeExceptionInput>;

/** One date's shift set by hand (form, or a drag on the calendar): it becomes `manual` and survives regeneration. */
export const setShiftInput = z
  .object({
    agentId: id,
    date: isoDate,
    ...dayTimes,
    confirm: z.boolean().default(false),
    idempotencyKey,
  })
  .superRefine(checkDayTimes);
export type SetShiftInput = z.infer<typeof setShiftInput>;

/** Regenerates a team's shifts from its patterns for today to the horizon (hand-set shifts kept). */
export const regenerateInput = z.object({ teamId: id, confirm: z.boolean().default(false), idempotencyKey });
export type RegenerateInput = z.infer<typeof regenerateInput>;

/** The roster calendar's range: a team's agents, shifts, exceptions and patterns from `from` to `to`. */
export const rosterRangeInput = z.object({ teamId: id, from: isoDate, to: isoDate }).superRefine((v, ctx) => {
  checkPeriod('to', v.from, v.to, ctx);
  checkMaxDays('to', v.from, v.to, MAX_ROSTER_VIEW_DAYS, ctx);
});
export type RosterRangeInput = z.infer<typeof rosterRangeInput>;
