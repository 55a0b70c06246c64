import { z } from 'zod';
import { id, idempotencyKey, ids, instant, int, isoDate, opaque, version } from './common';

/** Where a dispatcher wants to put a visit: a crew lane and an arrival time. */
export const checkMoveInput = z.object({
  visitId: id,
  crewId: id,
  arrival: instant,
});
export type CheckMoveInput = z.infer<typeof checkMoveInput>;

/** Assign or move: the placement plus the version the dispatcher saw (optimistic locking). */
export const placeVisitInput = checkMoveInput.extend({
  version,
  idempotencyKey,
});
export type PlaceVisitInput = z.infer<typeof placeVisitInput>;

export const unassignVisitInput = z.object({
  visitId: id,
  version,
  idempotencyKey,
});
export type UnassignVisitInput = z.infer<typeof unassignVisitInput>;

export const setPinnedInput = unassignVisitInput.extend({ pinned: z.boolean() });
export type SetPinnedInput = z.infer<typeof setPinnedInput>;

/**
 * Auto-plan one team-day. Either way the day is planned as it stands at the server's clock: work under way,
 * done or past stays where it is and nothing is placed before now; `fromNow` is the dispatcher's "re-plan from
 * now" button, kept apart so one dispatcher's two kinds of run are not mistaken for each other.
 */
export const planStartInput = z.object({
  teamId: id,
  date: isoDate,
  fromNow: z.boolean().default(false),
  timeLimitMs: int({ min: 200, max: 60_000 }).default(5_000),
});
export type PlanStartInput = z.infer<typeof planStartInput>;

export const planRunInput = z.object({ runId: id });
export type PlanRunInput = z.infer<typeof planRunInput>;

/** Apply a previewed plan: every crew, or only the listed ones. */
export const planApplyInput = planRunInput.extend({
  crewIds: ids({ min: 1, max: 100 }).optional(),
  idempotencyKey,
});
export type PlanApplyInput = z.infer<typeof planApplyInput>;

export const liveInput = z.object({ teamId: id });
export type LiveInput = z.infer<typeof liveInput>;

/**
 * One live stream for a board of several teams (all the caller sees when none are named). `lastEventId`: the
 * read position the page's boards answered (`liveFrom`) when it opens, the id of the last event it got when it
 * reconnects: the changes after it are sent first.
 */
export const liveBoardInput = z.object({
  teamIds: ids({ min: 1, max: 100 }).optional(),
  lastEventId: opaque(40).optional(),
});
export type LiveBoardInput = z.infer<typeof liveBoardInput>;

/** The week (or a few days) of several teams, counted per team and day: "All my teams" in the week view. */
export const teamDaysInput = z.object({
  teamIds: ids({ min: 1, max: 100 }),
  /** Unset: today as "All my teams" takes it without a date (see `teamsPageInput`); the answer says which day. */
  from: isoDate.optional(),
  days: int({ min: 1, max: 7 }),
});
export type TeamDaysInput = z.infer<typeof teamDaysInput>;

/**
 * The first screen of "All my teams" on a day, asked for at startup: the page of the caller's teams (as the team
 * pager counts them) and their boards, so the boards need not wait for the team list to come back first.
 */
export const teamsPageInput = z.object({
  /** Unset: today where the first of the caller's teams works (as the page picks the day without one). */
  date: isoDate.optional(),
  page: int({ min: 1, max: 1000 }),
});
export type TeamsPageInput = z.infer<typeof teamsPageInput>;
