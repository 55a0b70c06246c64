import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { teams, users } from './org';
import { agents, crews } from './staff';
import { outcomes, visits } from './visits';

/** The short code on an agent's badge screen that a borrower checks on the public page; expires after the slot. */
export const badgeCodes = pgTable(
  'badge_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id),
    visitId: uuid('visit_id')
      .notNull()
      .references(() => visits.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('badge_codes_visit_idx').on(t.visitId),
    check('badge_codes_code_format', sql`${t.code} ~ '^[A-Z2-9]{6}$'`),
    check('badge_codes_expiry_after_creation', sql`${t.expiresAt} > ${t.createdAt}`),
  ],
);

/** Every look-up of a badge code on the public verification page, valid or not. */
export const verificationChecks = pgTable(
  'verification_checks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    badgeCodeId: uuid('badge_code_id').references(() => badgeCodes.id),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull().defaultNow(),
    result: text('result').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('verification_checks_code_idx').on(t.code, t.checkedAt)],
);

/** Evidence files (photos, audio, signed documents) stored under the data dir; the content hash is kept. */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    visitId: uuid('visit_id')
      .notNull()
      .references(() => visits.id),
    outcomeId: uuid('outcome_id').references(() => outcomes.id),
    kind: text('kind').notNull(),
    mimeType: text('mime_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    storagePath: text('storage_path').notNull(),
    clientId: text('client_id').unique(),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => users.id),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
    deleted: boolean('deleted').notNull().default(false),
  },
  (t) => [
    index('attachments_visit_idx').on(t.visitId),
    check('attachments_kind', sql`${t.kind} in ('photo', 'audio', 'video', 'document')`),
    check('attachments_sha256_format', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
    check('attachments_size_non_negative', sql`${t.sizeBytes} >= 0`),
  ],
);

/**
 * The files each outcome version stands on. A correction carries the previous version's files over by
 * reference (a file removed on purpose is left out), so every version names all of its evidence.
 */
export const outcomeAttachments = pgTable(
  'outcome_attachments',
  {
    outcomeId: uuid('outcome_id')
      .notNull()
      .references(() => outcomes.id, { onDelete: 'cascade' }),
    attachmentId: uuid('attachment_id')
      .notNull()
      .references(() => attachments.id),
  },
  (t) => [
    primaryKey({ columns: [t.outcomeId, t.attachmentId] }),
    index('outcome_attachments_file_idx').on(t.attachmentId),
  ],
);

/**
 * A field record (on my way, check-in, outcome) that reached the server after the visit had changed under the
 * crew (taken off it, moved, cancelled, marked missed): kept as the phone sent it, with who, when and where,
 * until a dispatcher accepts it onto the visit or dismisses it with a reason.
 */
export const fieldConflicts = pgTable(
  'field_conflicts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
    visitId: uuid('visit_id')
      .notNull()
      .references(() => visits.id),
    /** The crew the record was made for (the agent's crew of the visit day that held the visit). */
    crewId: uuid('crew_id')
      .notNull()
      .references(() => crews.id),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    action: text('action').notNull(),
    /** The record's client id: a replay finds the stored conflict instead of keeping it twice. */
    clientId: text('client_id').notNull().unique(),
    /** The record as the phone sent it (for an outcome, with the server ids of its files). */
    payload: jsonb('payload').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    accuracyM: doublePrecision('accuracy_m'),
    /** Why it could not be applied: what had happened to the visit, when and by whom. */
    reason: text('reason').notNull(),
    reasonAt: timestamp('reason_at', { withTimezone: true }).notNull(),
    reasonBy: uuid('reason_by').references(() => users.id),
    visitStatus: text('visit_status').notNull(),
    visitVersion: integer('visit_version').notNull(),
    status: text('status').notNull().default('open'),
    resolvedBy: uuid('resolved_by').references(() => users.id),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolutionNote: text('resolution_note'),
  },
  (t) => [
    index('field_conflicts_team_status_idx').on(t.teamId, t.status, t.recordedAt),
    index('field_conflicts_visit_idx').on(t.visitId),
    check('field_conflicts_action', sql`${t.action} in ('en_route', 'check_in', 'outcome')`),
    check('field_conflicts_reason', sql`${t.reason} in ('unassigned', 'moved', 'cancelled', 'missed', 'status')`),
    check('field_conflicts_status', sql`${t.status} in ('open', 'accepted', 'dismissed')`),
    check(
      'field_conflicts_resolution',
      sql`(${t.status} = 'open') = (${t.resolvedAt} is null and ${t.resolvedBy} is null)`,
    ),
  ],
);
