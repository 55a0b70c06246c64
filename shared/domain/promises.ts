/**
 * Promises to pay, as the tracker, the KPIs, the follow-up proposals and the cases worklist see them. A promise
 * is either a one-off (an outcome `promise_to_pay` with an amount and a date, no plan) or one instalment of a
 * repayment plan; only the latest outcome version of a visit promises anything (a correction replaces it).
 *
 * Its state is decided by one SQL expression (server/modules/promises/promise-state.ts), because the worklist
 * filters and counts 100,000 cases by it in the database; this file holds the words both sides share.
 */
import { addDays } from '../time';

const PROMISE_KINDS = ['one_off', 'instalment'] as const;
export type PromiseKind = (typeof PROMISE_KINDS)[number];

/**
 * kept: paid in full on or before the due date (in the team's zone), also when that date is still ahead;
 * paid_late: paid in full after it; broken: the due date has passed without full payment; due: not yet due
 * and not yet paid in full (pending).
 */
export const PROMISE_STATES = ['kept', 'paid_late', 'broken', 'due'] as const;
export type PromiseState = (typeof PROMISE_STATES)[number];

/**
 * The states whose outcome is known: the kept-promise rate is kept ÷ these. A promise still due counts once it
 * is kept (early) or its date passes, so the rate never waits for, nor guesses about, what is still pending.
 */
const DECIDED_PROMISE_STATES = ['kept', 'paid_late', 'broken'] as const satisfies readonly PromiseState[];

/** How many promises' outcome is known (the kept-promise rate is kept ÷ this). */
export function decidedCount(counts: Readonly<Record<PromiseState, number>>): number {
  return DECIDED_PROMISE_STATES.reduce((n, s) => n + counts[s], 0);
}

/** Days before and after today the tracker covers when no range is given: recent and coming due dates. */
const PROMISE_RANGE_DAYS = 30;

/** The tracker's default range of due dates around `today` (YYYY-MM-DD in the team's zone). */
export function defaultPromiseRange(today: string): { from: string; to: string } {
  return { from: addDays(today, -PROMISE_RANGE_DAYS), to: addDays(today, PROMISE_RANGE_DAYS) };
}
