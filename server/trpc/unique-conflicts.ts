import { AppError } from '../../shared/errors';
import { causes } from '../db/pg-errors';

/** SQLSTATE of a unique violation. */
const UNIQUE_VIOLATION = '23505';

/**
 * What a unique violation means to the user, per constraint, for the constraints two requests can race for
 * and whose loser has nothing better to be told (its transaction is already rolled back when this runs).
 * Constraints a repository absorbs itself (ON CONFLICT: idempotency keys, payment references, attachment and
 * badge codes, compliance acknowledgements) are not listed; any other 23505 stays a server error, as the bug
 * it is. `value` is the conflicting key as PostgreSQL reports it.
 */
export const UNIQUE_CONFLICTS: Record<string, (value: string) => AppError> = {
  // Two outcome versions of one visit computed from the same latest version: the second lost.
  outcomes_visit_version_unique: () => new AppError('OUTCOME_CHANGED'),
  users_username_unique: (username) => new AppError('USERNAME_TAKEN', { username }, { username: 'USERNAME_TAKEN' }),
  teams_code_unique: (code) => new AppError('TEAM_CODE_TAKEN', { code }, { code: 'TEAM_CODE_TAKEN' }),
  teams_name_unique: (name) => new AppError('TEAM_NAME_TAKEN', { name }, { name: 'TEAM_NAME_TAKEN' }),
  bases_team_name_unique: (name) => new AppError('BASE_NAME_TAKEN', { name }, { name: 'BASE_NAME_TAKEN' }),
  agents_badge_no_unique: (badgeNo) => new AppError('BADGE_TAKEN', { badgeNo }, { badgeNo: 'BADGE_TAKEN' }),
  agents_credential_no_unique: (credentialNo) =>
    new AppError('CREDENTIAL_NO_TAKEN', { credentialNo }, { credentialNo: 'CREDENTIAL_NO_TAKEN' }),
  // Two admins linking one sign-in to two agents at once: the second is told the sign-in is no longer free.
  agents_user_id_unique: () => new AppError('AGENT_USER_INVALID', {}, { userId: 'AGENT_USER_INVALID' }),
  // A rename that raced another change of the day's names (crews.rename checks first, under the day's lock).
  crews_team_date_name_unique: (key) => {
    const name = key.split(', ').slice(2).join(', ');
    return new AppError('CREW_NAME_TAKEN', { name }, { name: 'CREW_NAME_TAKEN' });
  },
  cases_loan_ref_unique: (loanRef) => new AppError('LOAN_REF_TAKEN', { loanRef }, { loanRef: 'LOAN_REF_TAKEN' }),
};

const SEED_ONLY = 'written by the seed only; no procedure inserts into it';

/**
 * Why every other unique key cannot surface as a server error. A unit test reads the migrations and fails
 * when a unique key is neither here nor in UNIQUE_CONFLICTS, so a new one needs a decision.
 */
export const UNIQUE_WITHOUT_CONFLICT: Record<string, string> = {
  idempotency_keys_pkey: 'claimed with ON CONFLICT DO NOTHING (idempotency.repo)',
  payments_reference_unique: 'ON CONFLICT DO NOTHING, then the recorded payment is compared (payments.repo)',
  attachments_client_id_unique: 'ON CONFLICT DO NOTHING, then the stored attachment answers (attachment.repo)',
  badge_codes_code_unique: 'ON CONFLICT DO NOTHING, then another code is drawn (badge.repo)',
  compliance_ack_rule_visit_unique: 'ON CONFLICT DO NOTHING, then the stored acknowledgement is compared',
  follow_up_proposals_instalment_unique: 'ON CONFLICT DO NOTHING: a promise proposed meanwhile is not proposed again',
  follow_up_proposals_outcome_unique: 'ON CONFLICT DO NOTHING: a promise proposed meanwhile is not proposed again',
  rate_limits_scope_key_pk: 'upserted with ON CONFLICT by the rate limiter',
  travel_pairs_provider_from_key_to_key_pk:
    'ON CONFLICT DO NOTHING: two instances asking for the same pair keep the first answer (travel.repo)',
  outcomes_client_id_unique: 'the client id is claimed first as the idempotency key of field.recordOutcome',
  field_conflicts_client_id_unique:
    'the record’s client id is claimed first as the idempotency key of its field procedure; ON CONFLICT DO NOTHING too',
  outcome_attachments_outcome_id_attachment_id_pk:
    'each file once per outcome version inserted in the same transaction (carried-over and new files merged by id)',
  slot_links_token_unique: 'the token derives from the user and the idempotency key, which once() claims first',
  user_teams_user_id_team_id_pk: 'the ids input block refuses a team named twice',
  repayment_plans_outcome_id_unique: 'one plan per outcome row inserted in the same transaction',
  instalments_plan_seq_unique: 'numbered 1..n for a plan inserted in the same transaction',
  visits_appointment_unique: 'one visit per appointment inserted in the same transaction',
  appointments_id_slot_unique: 'contains the primary key id: unique whenever the id is (the target of visits_slot_fk)',
  appointments_id_place_unique:
    'contains the primary key id: unique whenever the id is (the target of visits_place_fk)',
  borrowers_id_name_unique:
    'contains the primary key id: unique whenever the id is (the target of cases_borrower_name_fk)',
  sessions_pkey: 'a random 256-bit token hash',
  policy_settings_pkey: 'replaced by policy_settings_team_id_effective_from_pk in migration 0010',
  policy_settings_team_id_effective_from_pk:
    'a policy change effective from a date that already has a row updates that row (ON CONFLICT DO UPDATE, policy.repo)',
  borrowers_id_number_unique:
    'ON CONFLICT DO NOTHING, then the borrower with that ID number is reused (cases.repo, a case entered by hand)',
  crew_members_crew_id_agent_id_pk:
    'crews are made and edited under the team-day lock (crew-days.repo lockCrewDay) from the members read under it',
  crew_members_agent_date_unique:
    'crews are made and edited under the team-day lock (crew-days.repo lockCrewDay): generation pairs only agents in no kept crew, edits move memberships',
  shifts_agent_date_unique: SEED_ONLY,
  promise_facts_pkey:
    'a case’s facts are deleted and rewritten under its row lock (cases.state.repo refreshOpenPromise), one writer at a time',
  // Case intake (migration 0011).
  service_tokens_hash_unique: 'a random 256-bit token hash',
  import_mappings_team_id_source_pk: 'saved with ON CONFLICT DO UPDATE (the latest mapping of a source wins)',
  geocode_cache_pkey: 'cached with ON CONFLICT DO UPDATE (a fresher answer replaces the old one)',
  // Borrower messages and calendar feeds (migration 0012).
  messages_event_uq: 'ON CONFLICT DO NOTHING, then the event’s first message answers (outbox.repo)',
  messages_provider_uq:
    'the gateway answers one id per reference (the message id); a provider reusing an id for another message fails that send, which the queue retries and then fails (messages.send)',
  message_templates_version_uq: 'a new version is numbered under a lock of its kind and language (templates.repo)',
  contact_opt_outs_active_uq: 'ON CONFLICT DO NOTHING, then the opt-out in force answers (outbox.repo)',
  sms_receipts_pkey: 'ON CONFLICT DO NOTHING: a replayed receipt is refused as SMS_RECEIPT_REPLAYED (delivery.repo)',
  calendar_feeds_token_hash_unique: 'a random 256-bit token hash',
  calendar_feeds_active_uq:
    'a new feed revokes the agent’s live one under an advisory lock per agent (calendar.repo lockAgentFeeds)',
  // The dashboard's team-day counts (migration 0028): written by the triggers on visits alone.
  visit_day_counts_pk:
    'made with ON CONFLICT DO NOTHING, then locked, by the visit triggers (visit_days_recount); no request writes it',
  visit_day_outcomes_pk: 'a team-day’s rows are deleted and rewritten under its visit_day_counts row lock',
  visit_day_agents_pk: 'a team-day’s rows are deleted and rewritten under its visit_day_counts row lock',
};

/**
 * The domain error a listed constraint's unique violation stands for, or null for anything else. Drizzle
 * wraps the driver's error (node-postgres or PGlite, the same fields), so the cause chain is followed.
 */
export function uniqueConflictError(err: unknown): AppError | null {
  for (const e of causes(err)) {
    if (e.code !== UNIQUE_VIOLATION || typeof e.constraint !== 'string') continue;
    if (!Object.hasOwn(UNIQUE_CONFLICTS, e.constraint)) return null;
    const toError = UNIQUE_CONFLICTS[e.constraint] as (value: string) => AppError;
    const value = typeof e.detail === 'string' ? (/\)=\((.*)\) already exists/.exec(e.detail)?.[1] ?? '') : '';
    return toError(value);
  }
  return null;
}
