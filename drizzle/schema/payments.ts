import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { FOLLOW_UP_KINDS } from '../../shared/domain/constants';
import { cases } from './borrowers';
import { users } from './org';
import { appointments, instalments, outcomes } from './visits';

/** Money received on a case (entered or imported); marks instalments paid. */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    amountCents: integer('amount_cents').notNull(),
    paidOn: date('paid_on').notNull(),
    channel: text('channel').notNull(),
    /** The payment system's reference; unique so a re-imported file never counts a payment twice. */
    reference: text('reference').notNull().unique(),
    source: text('source').notNull().default('manual'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('payments_case_idx').on(t.caseId, t.paidOn),
    check('payments_amount_positive', sql`${t.amountCents} > 0`),
    check('payments_source', sql`${t.source} in ('manual', 'import')`),
  ],
);

/**
 * Every current promise (an instalment of a current plan, or a current outcome's one-off promise to pay) with the
 * facts its state is decided by, so that the dashboard and the tracker count a month of promises by their due-date
 * index instead of deriving each from its outcome, visit, case and payments (docs/scale.md, session 24). Rewritten
 * for a case, from the one definition (server/db/sql/promise-state.sql.ts `promiseRows`), by the one writer
 * that already recomputes a case's promises after an outcome version or a payment (cases.state.repo.ts
 * `refreshOpenPromise`, in that writer's transaction, the case row locked).
 */
export const promiseFacts = pgTable(
  'promise_facts',
  {
    /** The instalment's id, or the outcome's for a one-off promise. */
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    teamId: uuid('team_id').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    /** An instalment paid in full: its last payment's instant (its local date is read in the team's zone of now). */
    paidInFullAt: timestamp('paid_in_full_at', { withTimezone: true }),
    /** A one-off promise paid in full: the date the case's payments since the visit reached the amount. */
    paidInFullOn: date('paid_in_full_on', { mode: 'string' }),
  },
  (t) => [
    index('promise_facts_case_idx').on(t.caseId),
    // The counts read the index alone: an admin's month by due date, a manager's teams by team first.
    index('promise_facts_due_idx').on(t.dueDate, t.teamId, t.paidInFullOn, t.paidInFullAt),
    index('promise_facts_team_due_idx').on(t.teamId, t.dueDate, t.paidInFullOn, t.paidInFullAt),
    check('promise_facts_kind', sql`${t.kind} in ('instalment', 'one_off')`),
  ],
);

/**
 * A case waiting on the dispatcher: a broken promise (an instalment, or a one-off promise named by its outcome)
 * or a borrower's request for a call from their slot link.
 */
export const followUpProposals = pgTable(
  'follow_up_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind', { enum: FOLLOW_UP_KINDS }).notNull().default('broken_promise'),
    instalmentId: uuid('instalment_id').references(() => instalments.id),
    /** The outcome whose one-off promise was broken. */
    outcomeId: uuid('outcome_id').references(() => outcomes.id),
    reason: text('reason').notNull(),
    /** What the borrower wrote when asking for a call. */
    note: text('note'),
    proposedFor: date('proposed_for').notNull(),
    status: text('status').notNull().default('open'),
    appointmentId: uuid('appointment_id').references(() => appointments.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('follow_up_proposals_case_idx').on(t.caseId),
    // The worklist's "callback requested" filter and the follow-up lists read only the open ones.
    index('follow_up_proposals_open_idx').on(t.caseId, t.kind).where(sql`${t.status} = 'open'`),
    // A promise is proposed once, ever: two users proposing at once insert it once (ON CONFLICT DO NOTHING).
    uniqueIndex('follow_up_proposals_instalment_unique').on(t.instalmentId).where(sql`${t.instalmentId} is not null`),
    uniqueIndex('follow_up_proposals_outcome_unique').on(t.outcomeId).where(sql`${t.outcomeId} is not null`),
    check('follow_up_proposals_status', sql`${t.status} in ('open', 'scheduled', 'dismissed')`),
    check('follow_up_proposals_kind', sql`${t.kind} in ('broken_promise', 'callback')`),
  ],
);
