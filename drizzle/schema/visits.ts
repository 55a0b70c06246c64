import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { addresses, cases } from './borrowers';
import { appointmentStatusEnum, contactChannelEnum, outcomeCodeEnum, visitStatusEnum, visitTypeEnum } from './enums';
import { teams, users } from './org';
import { agents, crews } from './staff';

/** A slot the borrower agreed for a visit at one of their addresses (SPEC §1 stage 2). */
export const appointments = pgTable(
  'appointments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    addressId: uuid('address_id')
      .notNull()
      .references(() => addresses.id),
    slotStart: timestamp('slot_start', { withTimezone: true }).notNull(),
    slotEnd: timestamp('slot_end', { withTimezone: true }).notNull(),
    agreedAt: timestamp('agreed_at', { withTimezone: true }).notNull(),
    agreedVia: contactChannelEnum('agreed_via').notNull(),
    borrowerConfirmed: boolean('borrower_confirmed').notNull().default(true),
    status: appointmentStatusEnum('status').notNull().default('agreed'),
    supersedesId: uuid('supersedes_id'),
    notes: text('notes'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('appointments_case_idx').on(t.caseId),
    // A case's next agreed slot (the worklist's "next slot" and "no slot yet").
    index('appointments_case_agreed_idx').on(t.caseId, t.slotEnd).where(sql`${t.status} = 'agreed'`),
    index('appointments_slot_idx').on(t.slotStart),
    // What visits_slot_fk references: a visit's copy of its slot is its appointment's, enforced by the database.
    unique('appointments_id_slot_unique').on(t.id, t.slotStart, t.slotEnd),
    // What visits_place_fk references: a visit's copy of its case and address is its appointment's.
    unique('appointments_id_place_unique').on(t.id, t.caseId, t.addressId),
    check('appointments_slot_end_after_start', sql`${t.slotEnd} > ${t.slotStart}`),
    check('appointments_agreed_before_slot', sql`${t.agreedAt} < ${t.slotStart}`),
  ],
);

/** The visit made for an appointment: who goes, when, in which order, and what happened on site. */
export const visits = pgTable(
  'visits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    appointmentId: uuid('appointment_id')
      .notNull()
      .references(() => appointments.id),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
    visitDate: date('visit_date').notNull(),
    /**
     * The appointment's agreed slot, copied when the visit is made, so that the reports' on-time check reads the
     * visit alone instead of joining all appointments (docs/scale.md, session 25). A slot is never changed (a new
     * slot is a new appointment); visits_slot_fk makes the database refuse a copy that differs from it and carries
     * any change of the appointment's slot over (on update cascade).
     */
    slotStart: timestamp('slot_start', { withTimezone: true }).notNull(),
    slotEnd: timestamp('slot_end', { withTimezone: true }).notNull(),
    /**
     * The appointment's case and address, copied when the visit is made, so that the board's and the route's visit
     * rows join the case and the address by the visit instead of looking up every visit's appointment first (a
     * quarter of the board read's buffers; docs/scale.md, session 33). visits_place_fk makes the database refuse a
     * copy that differs from the appointment's and carries any change of it over (on update cascade).
     */
    caseId: uuid('case_id').notNull(),
    addressId: uuid('address_id').notNull(),
    visitType: visitTypeEnum('visit_type').notNull(),
    status: visitStatusEnum('status').notNull().default('unassigned'),
    crewId: uuid('crew_id').references(() => crews.id),
    agentId: uuid('agent_id').references(() => agents.id),
    secondAgentId: uuid('second_agent_id').references(() => agents.id),
    plannedArrival: timestamp('planned_arrival', { withTimezone: true }),
    serviceMinutes: integer('service_minutes').notNull().default(45),
    routePosition: integer('route_position'),
    pinned: boolean('pinned').notNull().default(false),
    /**
     * Why the visit is back in the tray when an organisation change took it off its crew (an error code such as
     * AGENT_ON_LEAVE); cleared when it is placed again.
     */
    trayReason: text('tray_reason'),
    priority: integer('priority').notNull().default(1),
    requiredSkills: text('required_skills').array().notNull().default(sql`'{}'::text[]`),
    enRouteAt: timestamp('en_route_at', { withTimezone: true }),
    checkInAt: timestamp('check_in_at', { withTimezone: true }),
    checkInLat: doublePrecision('check_in_lat'),
    checkInLng: doublePrecision('check_in_lng'),
    checkInDistanceM: doublePrecision('check_in_distance_m'),
    /** Set when the check-in was farther from the address than the team's threshold. */
    checkInFlagged: boolean('check_in_flagged').notNull().default(false),
    checkOutAt: timestamp('check_out_at', { withTimezone: true }),
    checkOutLat: doublePrecision('check_out_lat'),
    checkOutLng: doublePrecision('check_out_lng'),
    /**
     * The visit's latest outcome version (what the reports count; a correction replaces it), set by the one outcome
     * writer as it inserts a version, so a period's reports join it by key instead of looking up each visit's
     * newest version. No foreign key: outcomes reference visits, and the seed inserts visits first.
     */
    currentOutcomeId: uuid('current_outcome_id'),
    /**
     * What the reports count of that current version, copied with it by the same writer (outcome.repo.ts
     * insertOutcome; the seed's writeVisitOutcomesFromHistory): its code, whether the borrower was present and the
     * amount promised. The dashboard then counts a period's visits from the visits_reports_idx index alone instead of
     * joining every outcome (docs/scale.md, session 26); test/integration/visit-outcome-facts.test.ts holds the copy
     * equal to the newest version after records, corrections and offline replays.
     */
    outcomeCode: outcomeCodeEnum('outcome_code'),
    outcomePresent: boolean('outcome_present'),
    outcomePromisedCents: integer('outcome_promised_cents'),
    /**
     * Whether that current version has a repayment plan: false as the outcome writer inserts a version, true as the
     * one plan writer (outcome.repo.ts insertPlan) adds its plan; the seed's writeVisitOutcomesFromHistory derives it.
     * The dashboard's "plans agreed" count and the table's plan drill read it instead of hashing every plan of the
     * history per statement (docs/scale.md, session 28); test/integration/visit-outcome-facts.test.ts holds it equal
     * to "a plan of the newest version exists".
     */
    outcomeHasPlan: boolean('outcome_has_plan').notNull().default(false),
    /**
     * The leg the crew travelled to this visit, for a made (completed) checked-in visit with a crew that is not its
     * crew-day's first: straight-line metres (shared/geo haversineM, no detour) and the board's minutes
     * (travelMinutes) from the crew-day's previous made check-in, by check-in time. Kept by the outcome writer for
     * the whole crew-day (field/travel-legs.ts), so the dashboard sums legs instead of fetching every check-in.
     */
    travelLegM: doublePrecision('travel_leg_m'),
    travelLegMinutes: integer('travel_leg_minutes'),
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => {
    // What the dashboard's counts and the table's filters read of a visit, after its team and date.
    const reported = [
      t.status,
      t.agentId,
      t.secondAgentId,
      t.crewId,
      t.checkInAt,
      t.slotStart,
      t.slotEnd,
      t.travelLegM,
      t.travelLegMinutes,
      t.outcomeCode,
      t.outcomePresent,
      t.outcomePromisedCents,
      t.outcomeHasPlan,
    ] as const;
    return [
      uniqueIndex('visits_appointment_unique').on(t.appointmentId),
      foreignKey({
        name: 'visits_slot_fk',
        columns: [t.appointmentId, t.slotStart, t.slotEnd],
        foreignColumns: [appointments.id, appointments.slotStart, appointments.slotEnd],
      }).onUpdate('cascade'),
      foreignKey({
        name: 'visits_place_fk',
        columns: [t.appointmentId, t.caseId, t.addressId],
        foreignColumns: [appointments.id, appointments.caseId, appointments.addressId],
      }).onUpdate('cascade'),
      // A team's visits of a day or a period, with every column the dashboard's counts read: the board's day (by
      // team and date) and a manager's month are one range per team, read from the index alone for the counts
      // (docs/scale.md, session 28: by date first, a manager's month read every team's entries of the month).
      // Replaced visits_team_date_idx (team_id, visit_date), its first two columns.
      index('visits_team_reports_idx').on(t.teamId, t.visitDate, ...reported),
      index('visits_crew_date_idx').on(t.crewId, t.visitDate),
      // The reports of a period across all teams (an admin's dashboard, table and export; the table's date order):
      // every column the dashboard's grouped counts and the table's filters read, so a month is an index-only scan of
      // this index (~1,500 pages for an admin's 90,000 visits) instead of reading ~9,600 pages of the table; it
      // replaced visits_date_idx (0016).
      index('visits_reports_idx').on(t.visitDate, t.teamId, ...reported, t.currentOutcomeId),
      // A visit never assigned whose slot passed unvisited is missed without a crew (the missed-slot rule).
      check(
        'visits_crew_when_assigned',
        sql`${t.status} in ('unassigned', 'cancelled', 'missed') or ${t.crewId} is not null`,
      ),
      check('visits_second_agent_differs', sql`${t.secondAgentId} is null or ${t.secondAgentId} <> ${t.agentId}`),
      check('visits_check_out_after_in', sql`${t.checkOutAt} is null or ${t.checkOutAt} >= ${t.checkInAt}`),
      check('visits_version_positive', sql`${t.version} > 0`),
      check('visits_service_minutes_positive', sql`${t.serviceMinutes} > 0`),
    ];
  },
);

/** What happened at a visit. Never overwritten: a correction is a new row with version + 1. */
export const outcomes = pgTable(
  'outcomes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    visitId: uuid('visit_id')
      .notNull()
      .references(() => visits.id),
    version: integer('version').notNull().default(1),
    code: outcomeCodeEnum('code').notNull(),
    idShown: boolean('id_shown').notNull(),
    recordingRefs: jsonb('recording_refs').$type<string[]>().notNull().default([]),
    identityVerified: boolean('identity_verified').notNull().default(false),
    borrowerPresent: boolean('borrower_present').notNull().default(false),
    attitude: text('attitude'),
    assetsObserved: text('assets_observed'),
    notes: text('notes'),
    promisedAmountCents: integer('promised_amount_cents'),
    promisedDate: date('promised_date'),
    signedDocumentRef: text('signed_document_ref'),
    nextAction: text('next_action'),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    clientId: text('client_id').unique(),
    /** Why this version replaces the previous one (corrections only). */
    correctionReason: text('correction_reason'),
    /** Hash chain over outcome versions (tamper evidence); filled when the outcome is recorded. */
    prevHash: text('prev_hash'),
    hash: text('hash'),
    /**
     * The team of the visit's case, written with the outcome (outcome.repo.ts insertOutcome) so that a team's
     * promises are found by their own index instead of through visit, appointment and case. A case never changes
     * team (no writer updates cases.team_id), so this copy has one writer and cannot drift. Null only between a
     * direct insert and writeStoredStateFromHistory (the seed and fixtures).
     */
    teamId: uuid('team_id'),
  },
  (t) => [
    uniqueIndex('outcomes_visit_version_unique').on(t.visitId, t.version),
    index('outcomes_recorded_at_idx').on(t.recordedAt),
    // One-off promises by due date (the promise tracker's range).
    index('outcomes_promised_date_idx').on(t.promisedDate).where(sql`${t.code} = 'promise_to_pay'`),
    // A team's one-off promises by due date: the dashboard's and tracker's scope filters first.
    index('outcomes_team_promised_date_idx').on(t.teamId, t.promisedDate).where(sql`${t.code} = 'promise_to_pay'`),
    check('outcomes_promised_amount_positive', sql`${t.promisedAmountCents} is null or ${t.promisedAmountCents} > 0`),
  ],
);

export const repaymentPlans = pgTable(
  'repayment_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    outcomeId: uuid('outcome_id')
      .notNull()
      .unique()
      .references(() => outcomes.id, { onDelete: 'cascade' }),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    totalCents: integer('total_cents').notNull(),
    channel: text('channel').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // A case's promises (the worklist's "broken promise", payments settling instalments).
  (t) => [index('repayment_plans_case_idx').on(t.caseId)],
);

export const instalments = pgTable(
  'instalments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => repaymentPlans.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    dueDate: date('due_date').notNull(),
    amountCents: integer('amount_cents').notNull(),
    paidCents: integer('paid_cents').notNull().default(0),
    paidAt: timestamp('paid_at', { withTimezone: true }),
    /** The team of the plan's case, written with the plan (see outcomes.teamId: one writer, cannot drift). */
    teamId: uuid('team_id'),
  },
  (t) => [
    uniqueIndex('instalments_plan_seq_unique').on(t.planId, t.seq),
    index('instalments_due_idx').on(t.dueDate),
    // A team's instalments by due date, as outcomes_team_promised_date_idx.
    index('instalments_team_due_idx').on(t.teamId, t.dueDate),
    check('instalments_amount_positive', sql`${t.amountCents} > 0 and ${t.paidCents} >= 0`),
  ],
);
