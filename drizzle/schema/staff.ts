import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  time,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { orgOriginEnum, rosterExceptionKindEnum } from './enums';
import { teams, users } from './org';

/** An office or start place of a team's crews, placed on the map (SPEC §8.2). */
export const bases = pgTable(
  'bases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    address: text('address'),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('bases_team_name_unique').on(t.teamId, sql`lower(${t.name})`),
    check('bases_lat', sql`${t.lat} between -90 and 90`),
    check('bases_lng', sql`${t.lng} between -180 and 180`),
  ],
);

/** A field agent: the identity a borrower can verify (badge, credential and its validity). */
export const agents = pgTable(
  'agents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .unique()
      .references(() => users.id, { onDelete: 'set null' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
    fullName: text('full_name').notNull(),
    badgeNo: text('badge_no').notNull().unique(),
    credentialNo: text('credential_no').notNull().unique(),
    credentialValidFrom: date('credential_valid_from').notNull(),
    credentialValidTo: date('credential_valid_to').notNull(),
    phone: text('phone').notNull(),
    /**
     * The agent's ID photo, stored content-addressed under DATA_DIR/agent-photos (see agent-photo.ts) and
     * served only to the agent and, for a valid badge code, to the borrower checking it.
     */
    photoSha256: text('photo_sha256'),
    photoMimeType: text('photo_mime_type'),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    /** The base the agent starts from; `home_base_*` holds its place (copied when the base is chosen). */
    baseId: uuid('base_id').references(() => bases.id),
    /** The partner a generated crew pairs this agent with when both are on shift (a preference, not a rule). */
    preferredPartnerId: uuid('preferred_partner_id'),
    /** An inactive agent keeps their history but gets no shifts, crews or visits. */
    active: boolean('active').notNull().default(true),
    homeBaseLat: doublePrecision('home_base_lat').notNull(),
    homeBaseLng: doublePrecision('home_base_lng').notNull(),
    maxVisitsPerDay: integer('max_visits_per_day').notNull().default(8),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('agents_team_idx').on(t.teamId),
    check('agents_credential_validity_order', sql`${t.credentialValidTo} >= ${t.credentialValidFrom}`),
    check('agents_max_visits_positive', sql`${t.maxVisitsPerDay} > 0`),
    check('agents_home_base_lat', sql`${t.homeBaseLat} between -90 and 90`),
    check('agents_home_base_lng', sql`${t.homeBaseLng} between -180 and 180`),
    check(
      'agents_photo_file',
      sql`(${t.photoSha256} is null) = (${t.photoMimeType} is null) and (${t.photoSha256} is null or ${t.photoSha256} ~ '^[0-9a-f]{64}$')`,
    ),
  ],
);

/** One agent's working window on one date, with start/end places and an optional break. */
export const shifts = pgTable(
  'shifts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    workDate: date('work_date').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    startLat: doublePrecision('start_lat').notNull(),
    startLng: doublePrecision('start_lng').notNull(),
    endLat: doublePrecision('end_lat').notNull(),
    endLng: doublePrecision('end_lng').notNull(),
    breakStartsAt: timestamp('break_starts_at', { withTimezone: true }),
    breakEndsAt: timestamp('break_ends_at', { withTimezone: true }),
    breakMinutes: integer('break_minutes').notNull().default(0),
    /** `roster`: made from a weekly pattern (regenerated when the roster changes); `manual`: set by hand (kept). */
    origin: orgOriginEnum('origin').notNull().default('manual'),
  },
  (t) => [
    uniqueIndex('shifts_agent_date_unique').on(t.agentId, t.workDate),
    index('shifts_date_idx').on(t.workDate),
    check('shifts_end_after_start', sql`${t.endsAt} > ${t.startsAt}`),
    check(
      'shifts_break_window',
      sql`(${t.breakStartsAt} is null and ${t.breakEndsAt} is null) or (${t.breakEndsAt} > ${t.breakStartsAt})`,
    ),
    check('shifts_break_minutes_non_negative', sql`${t.breakMinutes} >= 0`),
  ],
);

/** One or two agents working together on a date: a lane on the dispatch calendar, a vehicle for the planner. */
export const crews = pgTable(
  'crews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
    workDate: date('work_date').notNull(),
    name: text('name').notNull(),
    /** `roster`: generated from the day's shifts; `manual`: made or changed by hand (kept on regeneration). */
    origin: orgOriginEnum('origin').notNull().default('manual'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('crews_team_date_idx').on(t.teamId, t.workDate),
    uniqueIndex('crews_team_date_name_unique').on(t.teamId, t.workDate, t.name),
  ],
);

/** Membership of a crew; an agent is in at most one crew per date (enforced by the unique index). */
export const crewMembers = pgTable(
  'crew_members',
  {
    crewId: uuid('crew_id')
      .notNull()
      .references(() => crews.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id),
    workDate: date('work_date').notNull(),
    isLead: integer('is_lead').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.crewId, t.agentId] }),
    uniqueIndex('crew_members_agent_date_unique').on(t.agentId, t.workDate),
    check('crew_members_is_lead_flag', sql`${t.isLead} in (0, 1)`),
  ],
);

/**
 * A weekly working pattern of one agent (SPEC §8.2): on the given ISO weekdays (1 = Monday … 7 = Sunday) from
 * `valid_from` (until `valid_to`, if set) the agent works `starts`–`ends` local time of the team, with an optional
 * break window and length, from and to the given bases (the agent's own base when null).
 */
export const rosterPatterns = pgTable(
  'roster_patterns',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    weekdays: integer('weekdays').array().notNull(),
    starts: time('starts').notNull(),
    ends: time('ends').notNull(),
    breakStarts: time('break_starts'),
    breakEnds: time('break_ends'),
    breakMinutes: integer('break_minutes').notNull().default(0),
    startBaseId: uuid('start_base_id').references(() => bases.id),
    endBaseId: uuid('end_base_id').references(() => bases.id),
    validFrom: date('valid_from').notNull(),
    validTo: date('valid_to'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('roster_patterns_agent_idx').on(t.agentId),
    check('roster_patterns_end_after_start', sql`${t.ends} > ${t.starts}`),
    check(
      'roster_patterns_weekdays',
      sql`cardinality(${t.weekdays}) > 0 and ${t.weekdays} <@ '{1,2,3,4,5,6,7}'::int[]`,
    ),
    check('roster_patterns_validity', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
    check(
      'roster_patterns_break_window',
      sql`(${t.breakStarts} is null and ${t.breakEnds} is null) or (${t.breakEnds} > ${t.breakStarts})`,
    ),
    check('roster_patterns_break_minutes_non_negative', sql`${t.breakMinutes} >= 0`),
  ],
);

/**
 * A day or days an agent does not work although their pattern says so (leave, sickness, training), or a public
 * holiday of the whole team (`agent_id` null).
 */
export const rosterExceptions = pgTable(
  'roster_exceptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id').references(() => agents.id, { onDelete: 'cascade' }),
    kind: rosterExceptionKindEnum('kind').notNull(),
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on').notNull(),
    note: text('note'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('roster_exceptions_team_idx').on(t.teamId, t.startsOn),
    index('roster_exceptions_agent_idx').on(t.agentId),
    check('roster_exceptions_order', sql`${t.endsOn} >= ${t.startsOn}`),
    check('roster_exceptions_holiday_whole_team', sql`(${t.kind} = 'public_holiday') = (${t.agentId} is null)`),
  ],
);
