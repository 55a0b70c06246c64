import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { caseStatusEnum, contactChannelEnum, contactStageEnum } from './enums';
import { teams, users } from './org';

/** A borrower. The ID number and phone are stored whole and masked on the way out by role. */
export const borrowers = pgTable(
  'borrowers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    fullName: text('full_name').notNull(),
    idNumber: text('id_number').notNull().unique(),
    phone: text('phone').notNull(),
    preferredLanguage: text('preferred_language').notNull().default('zh-CN'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // What cases_borrower_name_fk references: a case's copy of its borrower's name is the borrower's.
    unique('borrowers_id_name_unique').on(t.id, t.fullName),
    // What a visit row reads of its borrower (visits.repo.ts: the board's visits), read from the index alone (0032).
    index('borrowers_visit_row_idx').on(t.id, t.fullName, t.phone),
  ],
);

export const addresses = pgTable(
  'addresses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    borrowerId: uuid('borrower_id')
      .notNull()
      .references(() => borrowers.id, { onDelete: 'cascade' }),
    label: text('label').notNull().default('home'),
    text: text('text').notNull(),
    district: text('district').notNull(),
    /**
     * WGS-84; both null while the address "needs a location" (imported without coordinates and not found by the
     * geocoder): a dispatcher pins it on the map, and no appointment is agreed for it until then.
     */
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    /** Where the location came from: manual (typed in), import (the file's lat/lng), geocoder, pinned (map). */
    geocodeSource: text('geocode_source').notNull().default('manual'),
    /** How exact: rooftop, street, district, city … (the geocoder's class/type, or rooftop for a pin). */
    geocodeQuality: text('geocode_quality').notNull().default('rooftop'),
    verified: boolean('verified').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set when a newer address replaced this one (an import with a new address): kept for history. */
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
  },
  (t) => [
    index('addresses_borrower_idx').on(t.borrowerId),
    // What a visit row reads of its address (visits.repo.ts: the board's and the route's visits), read from the index
    // alone (0032): 3 buffers a visit instead of 4 and no heap tuple.
    index('addresses_visit_row_idx').on(t.id, t.text, t.district, t.lat, t.lng),
    // The "needs a location" queue reads the current addresses without coordinates.
    index('addresses_unlocated_idx').on(t.borrowerId).where(sql`${t.lat} is null and ${t.supersededAt} is null`),
    check('addresses_lat_range', sql`${t.lat} between -90 and 90`),
    check('addresses_lng_range', sql`${t.lng} between -180 and 180`),
    check('addresses_located_both_or_neither', sql`(${t.lat} is null) = (${t.lng} is null)`),
  ],
);

/** A loan in collection. Amounts are integer fen (1/100 yuan) to keep arithmetic exact. */
export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
    borrowerId: uuid('borrower_id')
      .notNull()
      .references(() => borrowers.id),
    /**
     * The borrower's full name, copied when the case is made (cases.write.repo.ts, the seed), so that the
     * worklist's text search reads it from cases_team_status_idx instead of looking up each of the team's
     * borrowers (docs/scale.md, session 27). cases_borrower_name_fk makes the database refuse a copy that differs
     * from the borrower's name and carries a change of that name over (on update cascade).
     */
    borrowerName: text('borrower_name').notNull(),
    loanRef: text('loan_ref').notNull(),
    /**
     * The loan reference and the borrower's name lowercased as ILIKE lowercases them (0029), for the worklist's text
     * search: `search_text like lower(pattern)` matches exactly where `loan_ref ilike pattern or borrower_name ilike
     * pattern` does (a pattern never spans the line break: the search box takes one line), without lowercasing every
     * case of the team on every search (docs/scale.md, session 31). Kept by PostgreSQL.
     */
    searchText: text('search_text')
      .notNull()
      .generatedAlwaysAs(sql`lower(loan_ref) || chr(10) || lower(borrower_name)`),
    product: text('product').notNull(),
    principalCents: integer('principal_cents').notNull(),
    overdueAmountCents: integer('overdue_amount_cents').notNull(),
    daysPastDue: integer('days_past_due').notNull(),
    bucket: text('bucket').notNull(),
    status: caseStatusEnum('status').notNull().default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Last changed by an import (or by hand); null while unchanged since it was made. */
    updatedAt: timestamp('updated_at', { withTimezone: true }),
    /**
     * When the case's first notice was logged (server/db/sql/notice.sql.ts); null: none yet. Kept by the contact
     * attempts' one writer so the worklist's "needs a notice" reads the case, not its whole contact history.
     */
    firstNoticeAt: timestamp('first_notice_at', { withTimezone: true }),
    /**
     * The earliest due date of the case's promises not yet paid in full (server/db/sql/promise-state.sql.ts); null:
     * none. A promise is broken once its due date is before the team's today, so the case has a broken promise
     * exactly when this date is. Kept by the outcome and payment writers in their transactions.
     */
    openPromiseDueOn: date('open_promise_due_on', { mode: 'string' }),
  },
  (t) => [
    uniqueIndex('cases_loan_ref_unique').on(t.loanRef),
    foreignKey({
      name: 'cases_borrower_name_fk',
      columns: [t.borrowerId, t.borrowerName],
      foreignColumns: [borrowers.id, borrowers.fullName],
    }).onUpdate('cascade'),
    // Everything the worklist's counts and its text search read of a team's active cases, so that both read the
    // index alone rather than the team's cases scattered over the table.
    index('cases_team_status_idx').on(
      t.teamId,
      t.status,
      t.id,
      t.borrowerId,
      t.loanRef,
      t.borrowerName,
      t.searchText,
      t.daysPastDue,
      t.firstNoticeAt,
      t.openPromiseDueOn,
    ),
    // The worklist pages a team's cases in these orders without sorting them all.
    index('cases_team_dpd_idx').on(t.teamId, t.daysPastDue, t.id),
    index('cases_team_amount_idx').on(t.teamId, t.overdueAmountCents, t.id),
    index('cases_team_loan_ref_idx').on(t.teamId, t.loanRef),
    index('cases_borrower_idx').on(t.borrowerId),
    // What a visit row reads of its case (visits.repo.ts: the board's and the route's visits), read from the index
    // alone (0027): a day's 3,300 visits touch ~900 of its ~1,000 pages instead of 2,039 heap pages of the case table
    // and ~860 of cases_pkey (docs/scale.md, session 29). Not so for appointments: a day's are 114 heap pages.
    index('cases_visit_row_idx').on(t.id, t.borrowerId, t.loanRef, t.overdueAmountCents, t.daysPastDue),
    check('cases_amounts_non_negative', sql`${t.principalCents} >= 0 and ${t.overdueAmountCents} >= 0`),
    check('cases_dpd_non_negative', sql`${t.daysPastDue} >= 0`),
  ],
);

/** A notice or call made to the borrower (first notice, appointment notice, follow-up). */
export const contactAttempts = pgTable(
  'contact_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    stage: contactStageEnum('stage').notNull(),
    channel: contactChannelEnum('channel').notNull(),
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull(),
    result: text('result').notNull(),
    actorUserId: uuid('actor_user_id').references(() => users.id),
  },
  (t) => [
    index('contact_attempts_case_idx').on(t.caseId, t.attemptedAt),
    // "Was a notice logged?" (notice.sql) for each case of a worklist count, answered from the index alone.
    index('contact_attempts_case_stage_idx').on(t.caseId, t.stage),
  ],
);

/**
 * The location of an address a visit goes to, typed as present: no appointment is agreed for an address without
 * one (appointments refuse ADDRESS_NOT_LOCATED) and a located address never loses its coordinates.
 */
export const visitPlace = {
  lat: sql<number>`${addresses.lat}`,
  lng: sql<number>`${addresses.lng}`,
};
