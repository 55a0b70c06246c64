import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { cases } from './borrowers';
import { users } from './org';
import { appointments, instalments } from './visits';

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

/** A follow-up visit the system proposes to the dispatcher (e.g. after a broken promise). */
export const followUpProposals = pgTable(
  'follow_up_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    instalmentId: uuid('instalment_id').references(() => instalments.id),
    reason: text('reason').notNull(),
    proposedFor: date('proposed_for').notNull(),
    status: text('status').notNull().default('open'),
    appointmentId: uuid('appointment_id').references(() => appointments.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('follow_up_proposals_case_idx').on(t.caseId),
    check('follow_up_proposals_status', sql`${t.status} in ('open', 'scheduled', 'dismissed')`),
  ],
);
