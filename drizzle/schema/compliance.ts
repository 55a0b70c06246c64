import { sql } from 'drizzle-orm';
import { bigserial, check, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { borrowers, cases } from './borrowers';
import { complaintStatusEnum, contactChannelEnum } from './enums';
import { teams, users } from './org';
import { visits } from './visits';

export const complaints = pgTable(
  'complaints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
    borrowerId: uuid('borrower_id').references(() => borrowers.id),
    caseId: uuid('case_id').references(() => cases.id),
    visitId: uuid('visit_id').references(() => visits.id),
    channel: contactChannelEnum('channel').notNull(),
    text: text('text').notNull(),
    status: complaintStatusEnum('status').notNull().default('open'),
    assignedTo: uuid('assigned_to').references(() => users.id),
    resolution: text('resolution'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    index('complaints_team_status_idx').on(t.teamId, t.status),
    check('complaints_resolution_when_resolved', sql`${t.status} <> 'resolved' or ${t.resolution} is not null`),
  ],
);

/** Append-only log of every change, chained by hash so a direct edit in the database is detectable. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    teamId: uuid('team_id').references(() => teams.id),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    index('audit_log_team_at_idx').on(t.teamId, t.at),
  ],
);

/** A manager's acknowledgement of a compliance exception (rule + visit), with a comment; audited. */
export const complianceAcknowledgements = pgTable(
  'compliance_acknowledgements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id),
    rule: text('rule').notNull(),
    visitId: uuid('visit_id')
      .notNull()
      .references(() => visits.id),
    comment: text('comment').notNull(),
    acknowledgedBy: uuid('acknowledged_by')
      .notNull()
      .references(() => users.id),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('compliance_ack_rule_visit_unique').on(t.rule, t.visitId)],
);
