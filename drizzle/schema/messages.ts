/**
 * Borrower messages (SPEC §8.4) and agents' calendar feeds (§8.5): the outbox of every message Doorstep sends or
 * means to send, the templates they are rendered from, borrowers' opt-outs, the gateway's delivery receipts, and
 * the private calendar URLs of agents. The job queue's own tables live in the `pgboss` schema, created and
 * migrated by pg-boss itself (server/modules/jobs/queue.ts).
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { borrowers, cases } from './borrowers';
import { teams, users } from './org';
import { agents } from './staff';
import { appointments, visits } from './visits';

/**
 * One borrower message: written in the same transaction as the change that causes it, then sent by a job.
 * `eventKey` names the event (the appointment, the visit's en-route, the day's reminder …): one message of a
 * kind per event and channel, whatever retries or replays happen.
 *
 * Status: held (waiting for the allowed hours: `notBefore`) → queued (its send job is due) → sent (the gateway
 * took it: `providerId`) → delivered | failed. Queued with `statusReason` NO_GATEWAY: no SMS gateway is configured
 * and the dispatcher copies its text. `unsent` when it will not leave (opted out, over the contact cap:
 * `statusReason`).
 */
export const messages = pgTable(
  'messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    borrowerId: uuid('borrower_id')
      .notNull()
      .references(() => borrowers.id, { onDelete: 'cascade' }),
    appointmentId: uuid('appointment_id').references(() => appointments.id, { onDelete: 'set null' }),
    visitId: uuid('visit_id').references(() => visits.id, { onDelete: 'set null' }),
    /** MESSAGE_KINDS (shared/domain/messages.ts). */
    kind: text('kind').notNull(),
    /** MESSAGE_CHANNELS: 'sms' today. */
    channel: text('channel').notNull().default('sms'),
    eventKey: text('event_key').notNull(),
    locale: text('locale').notNull(),
    templateVersion: integer('template_version').notNull(),
    /** The number it goes to, as it was when the message was written. */
    toPhone: text('to_phone').notNull(),
    text: text('text').notNull(),
    /** MESSAGE_STATUSES. */
    status: text('status').notNull(),
    /** Why a message waits or will not leave: an error code (NO_GATEWAY, OPTED_OUT, CONTACT_CAP …). */
    statusReason: text('status_reason'),
    /** Not sent before this instant (the opening of the borrower's allowed hours). */
    notBefore: timestamp('not_before', { withTimezone: true }).notNull(),
    providerId: text('provider_id'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    failedAt: timestamp('failed_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('messages_event_uq').on(t.kind, t.channel, t.eventKey),
    uniqueIndex('messages_provider_uq').on(t.providerId).where(sql`${t.providerId} is not null`),
    index('messages_case_idx').on(t.caseId, t.createdAt),
    index('messages_visit_idx').on(t.visitId).where(sql`${t.visitId} is not null`),
    index('messages_borrower_sent_idx').on(t.borrowerId, t.createdAt),
    index('messages_team_status_idx').on(t.teamId, t.status, t.updatedAt),
    check('messages_attempts_non_negative', sql`${t.attempts} >= 0`),
  ],
);

/**
 * A message template: one row per version of a (kind, locale); the newest version is in use, older ones stay so
 * that a message can say which text it was rendered from. No row: the built-in text (version 0).
 */
export const messageTemplates = pgTable(
  'message_templates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    locale: text('locale').notNull(),
    version: integer('version').notNull(),
    body: text('body').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('message_templates_version_uq').on(t.kind, t.locale, t.version),
    check('message_templates_version_positive', sql`${t.version} > 0`),
  ],
);

/** A borrower's "do not contact me on this channel": recorded with who and when; lifted by setting `liftedAt`. */
export const contactOptOuts = pgTable(
  'contact_opt_outs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    borrowerId: uuid('borrower_id')
      .notNull()
      .references(() => borrowers.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    reason: text('reason'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
    liftedBy: uuid('lifted_by').references(() => users.id),
    liftedAt: timestamp('lifted_at', { withTimezone: true }),
  },
  (t) => [
    // At most one opt-out in force per borrower and channel.
    uniqueIndex('contact_opt_outs_active_uq').on(t.borrowerId, t.channel).where(sql`${t.liftedAt} is null`),
  ],
);

/** Every delivery receipt the SMS gateway sent, by its own id: a replayed receipt is refused. */
export const smsReceipts = pgTable(
  'sms_receipts',
  {
    receiptId: text('receipt_id').primaryKey(),
    providerId: text('provider_id').notNull(),
    messageId: uuid('message_id').references(() => messages.id, { onDelete: 'set null' }),
    status: text('status').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sms_receipts_provider_idx').on(t.providerId)],
);

/** An agent's private iCalendar URL: only the token's hash is kept; revoking it ends the URL. */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastFetchedAt: timestamp('last_fetched_at', { withTimezone: true }),
  },
  (t) => [
    // One live feed per agent: creating a new one revokes the old.
    uniqueIndex('calendar_feeds_active_uq').on(t.agentId).where(sql`${t.revokedAt} is null`),
  ],
);
