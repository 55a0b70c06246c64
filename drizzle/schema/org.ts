import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
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
import { DEFAULT_POLICY, POLICY_EPOCH } from '../../shared/domain/policy-defaults';
import { jurisdictionEnum, roleEnum } from './enums';

export const teams = pgTable(
  'teams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull().unique(),
    /** The team's short code (unique, case-insensitive), used in exports, imports and badge prefixes. */
    code: text('code').notNull(),
    city: text('city').notNull(),
    /**
     * Where a borrower complains about this team's visits (phone and/or web address), shown on the slot link and
     * the badge check. Neither set: those borrower pages are not served and no link or badge is issued.
     */
    complaintPhone: text('complaint_phone'),
    complaintUrl: text('complaint_url'),
    /**
     * How far outside the bounding box of the team's bases an imported address may lie (km) before the row is
     * refused as outside the team's region.
     */
    regionMarginKm: integer('region_margin_km').notNull().default(30),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('teams_code_unique').on(sql`lower(${t.code})`),
    check('teams_region_margin_range', sql`${t.regionMarginKm} between 0 and 1000`),
  ],
);

/**
 * Per-team policy (SPEC §4): time zone, allowed hours, frequency cap, notice, two-person rule, slots and service
 * times. Effective-dated: a row applies from `effective_from` (a local date of the team) until the next row's, so a
 * change from date D leaves visits before D judged by the policy they were agreed under.
 */
export const policySettings = pgTable(
  'policy_settings',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    effectiveFrom: date('effective_from').notNull().default(POLICY_EPOCH),
    timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
    jurisdiction: jurisdictionEnum('jurisdiction').notNull().default(DEFAULT_POLICY.jurisdiction),
    allowedStart: time('allowed_start').notNull().default(DEFAULT_POLICY.allowedStart),
    allowedEnd: time('allowed_end').notNull().default(DEFAULT_POLICY.allowedEnd),
    frequencyCap: integer('frequency_cap').notNull().default(DEFAULT_POLICY.frequencyCap),
    frequencyWindowDays: integer('frequency_window_days').notNull().default(DEFAULT_POLICY.frequencyWindowDays),
    minNoticeMinutes: integer('min_notice_minutes').notNull().default(DEFAULT_POLICY.minNoticeMinutes),
    twoPersonRule: boolean('two_person_rule').notNull().default(DEFAULT_POLICY.twoPersonRule),
    checkInDistanceThresholdM: integer('check_in_distance_threshold_m')
      .notNull()
      .default(DEFAULT_POLICY.checkInDistanceThresholdM),
    slotMinutes: integer('slot_minutes').notNull().default(DEFAULT_POLICY.slotMinutes),
    visitsPerCrewSlot: integer('visits_per_crew_slot').notNull().default(DEFAULT_POLICY.visitsPerCrewSlot),
    negotiationMinutes: integer('negotiation_minutes').notNull().default(DEFAULT_POLICY.negotiationMinutes),
    verificationMinutes: integer('verification_minutes').notNull().default(DEFAULT_POLICY.verificationMinutes),
    /** Skills and languages every generated crew must hold between its members (empty: no requirement). */
    crewRequiredSkills: text('crew_required_skills').array().notNull().default(sql`'{}'::text[]`),
    crewRequiredLanguages: text('crew_required_languages').array().notNull().default(sql`'{}'::text[]`),
    /** Borrower messages (SMS …) a borrower gets at most per local day, of the kinds the cap governs (SPEC §8.4). */
    contactCapPerDay: integer('contact_cap_per_day').notNull().default(DEFAULT_POLICY.contactCapPerDay),
    /** Whether a message may name the amount owed (a third party may read a phone's messages): off by default. */
    messagesShowAmount: boolean('messages_show_amount').notNull().default(DEFAULT_POLICY.messagesShowAmount),
    createdBy: uuid('created_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.effectiveFrom] }),
    check('policy_allowed_hours_order', sql`${t.allowedEnd} > ${t.allowedStart}`),
    check('policy_frequency_cap_positive', sql`${t.frequencyCap} > 0 and ${t.frequencyWindowDays} > 0`),
    check('policy_min_notice_non_negative', sql`${t.minNoticeMinutes} >= 0`),
    check('policy_slot_minutes_range', sql`${t.slotMinutes} between 15 and 240`),
    check('policy_visits_per_crew_slot_positive', sql`${t.visitsPerCrewSlot} > 0`),
    check('policy_contact_cap_positive', sql`${t.contactCapPerDay} > 0`),
    check('policy_service_minutes_positive', sql`${t.negotiationMinutes} > 0 and ${t.verificationMinutes} > 0`),
  ],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: roleEnum('role').notNull(),
    locale: text('locale'),
    active: boolean('active').notNull().default(true),
    /** Set when an admin chose the password (a new account, a reset): the user must pick their own first. */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_username_unique').on(sql`lower(${t.username})`)],
);

/** Which teams a dispatcher, manager or agent belongs to; admins see every team. */
export const userTeams = pgTable(
  'user_teams',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.teamId] }), index('user_teams_team_idx').on(t.teamId)],
);

/** Server-side sessions: the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/** Responses of mutations keyed by the client's idempotency key, so a retry never duplicates. */
export const idempotencyKeys = pgTable('idempotency_keys', {
  key: text('key').primaryKey(),
  userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
  procedure: text('procedure').notNull(),
  response: text('response').notNull(),
  /** SHA-256 of the request's input: the same key with a different body is refused, not answered. */
  requestHash: text('request_hash'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Attempts counted per limiter and key (sign-in failures, slot-link misses, badge look-ups), shared by every
 * app process on the database: an attempt is reserved here, atomically, before it is checked.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    hits: integer('hits').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('rate_limits_window_idx').on(t.windowStart)],
);
