import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { addresses, cases } from './borrowers';
import { visitTypeEnum } from './enums';
import { teams, users } from './org';
import { appointments } from './visits';

/**
 * A personal link sent to a borrower to pick (or re-pick) a visit slot (SPEC §6 consent-gated slots). Only the
 * SHA-256 of the token is stored; the link is used once and expires.
 */
export const slotLinks = pgTable(
  'slot_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    addressId: uuid('address_id')
      .notNull()
      .references(() => addresses.id),
    visitType: visitTypeEnum('visit_type').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** Set when the link offers a new slot for an agreed appointment (a reschedule). */
    replacesAppointmentId: uuid('replaces_appointment_id').references(() => appointments.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    appointmentId: uuid('appointment_id').references(() => appointments.id),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** The borrower said none of the offered times suit and asked for a call (the link is retired too). */
    declinedAt: timestamp('declined_at', { withTimezone: true }),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('slot_links_token_unique').on(t.tokenHash),
    index('slot_links_case_idx').on(t.caseId),
    check('slot_links_used_with_appointment', sql`(${t.usedAt} is null) = (${t.appointmentId} is null)`),
  ],
);
