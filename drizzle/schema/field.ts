import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './org';
import { agents } from './staff';
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
