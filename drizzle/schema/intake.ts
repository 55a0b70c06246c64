/**
 * Case intake (SPEC §8.3): files of a lender's overdue loans come in by browser, command line or the machine API;
 * every import is recorded, column mappings are kept per source, service tokens let a nightly job send files, and
 * geocoder answers are cached.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { teams, users } from './org';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** A file uploaded in the browser, kept while the user maps its columns and checks it (removed after a day). */
export const importUploads = pgTable(
  'import_uploads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    /** SHA-256 (hex) of the bytes, as the import record keeps it. */
    sha256: text('sha256').notNull(),
    bytes: bytea('bytes').notNull(),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('import_uploads_created_idx').on(t.createdAt)],
);

/** What each column of a source's files means: target column (loan_ref …) → the file's header text. */
export const importMappings = pgTable(
  'import_mappings',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** The name the lender's system goes by ("core-banking", "催收系统"): files from it map the same way. */
    source: text('source').notNull(),
    mapping: jsonb('mapping').$type<Record<string, string | null>>().notNull(),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.source] })],
);

/**
 * A token a lender's nightly job uses on the machine API: only its SHA-256 is stored (shown once when made),
 * scoped to teams, expiring, revocable, its last use recorded.
 */
export const serviceTokens = pgTable(
  'service_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The first characters of the token, so an admin can tell tokens apart without the secret. */
    prefix: text('prefix').notNull(),
    teamIds: uuid('team_ids').array().notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => users.id),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('service_tokens_hash_unique').on(t.tokenHash)],
);

export interface ImportRowErrorRecord {
  row: number;
  column: string;
  code: string;
  params?: Record<string, unknown>;
}

/** One import (browser, command line or API): who, when, which file, what it did. */
export const importRuns = pgTable(
  'import_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** browser | cli | api */
    channel: text('channel').notNull(),
    source: text('source'),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256').notNull(),
    uploadId: uuid('upload_id'),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    tokenId: uuid('token_id').references(() => serviceTokens.id),
    dryRun: boolean('dry_run').notNull().default(false),
    allOrNothing: boolean('all_or_nothing').notNull().default(false),
    /** running | done | failed | refused (all-or-nothing with rejected rows) */
    status: text('status').notNull().default('running'),
    totalRows: integer('total_rows').notNull().default(0),
    processedRows: integer('processed_rows').notNull().default(0),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    needsLocation: integer('needs_location').notNull().default(0),
    /** Columns of the file nobody maps (reported as ignored). */
    ignoredColumns: text('ignored_columns').array().notNull().default(sql`'{}'::text[]`),
    /** Every row problem (capped), as codes: the reader's language is chosen when shown. */
    errors: jsonb('errors').$type<ImportRowErrorRecord[]>().notNull().default([]),
    /** The rejected rows' original cells with the header first (capped), for "download the rejected rows". */
    rejectedRows: jsonb('rejected_rows').$type<string[][]>().notNull().default([]),
    failure: text('failure'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('import_runs_team_idx').on(t.teamId, t.startedAt),
    check('import_runs_actor', sql`${t.actorUserId} is not null or ${t.tokenId} is not null or ${t.channel} = 'cli'`),
  ],
);

/** A geocoder's answer for one normalised query (null result: nothing found), so a re-import asks nothing twice. */
export const geocodeCache = pgTable('geocode_cache', {
  query: text('query').primaryKey(),
  result: jsonb('result').$type<{ lat: number; lng: number; quality: string; displayName: string } | null>(),
  fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull().defaultNow(),
});
