/**
 * The policy module: the one reader and writer of a team's visiting policy (SPEC §4, §8.2). The policy is
 * effective-dated: each version applies from its date (a local date of the team) until the next version's, and
 * every rule asks for the version of the date it judges — a visit's date, a slot's local date, today.
 */
import { JURISDICTION_PRESETS } from '../../../shared/domain/constants';
import { DEFAULT_POLICY, POLICY_EPOCH, type TeamPolicy } from '../../../shared/domain/policy-defaults';
import { AppError } from '../../../shared/errors';
import type { PolicyFields } from '../../../shared/schemas/teams';
import { localDate, timeToMinutes } from '../../../shared/time';
import type { DbOrTx } from '../../db/client';
import {
  findPolicyRowOn,
  findTeamZone,
  listPolicyVersions,
  type PolicyVersionRow,
  updateTeamZone,
  upsertPolicyVersion,
} from './policy.repo';

/** The defaults as a policy of `timeZone`, for a team without a version in effect. */
function defaultPolicy(timeZone: string): TeamPolicy {
  return {
    ...DEFAULT_POLICY,
    effectiveFrom: POLICY_EPOCH,
    timeZone,
    crewRequiredSkills: [],
    crewRequiredLanguages: [],
  };
}

/**
 * The team's policy in effect on `on`: a local date (YYYY-MM-DD: a visit's date, a slot's day) or an instant
 * (judged on its local date in the team's zone). A team without a version then gets the defaults in its zone.
 */
export async function readTeamPolicy(
  db: DbOrTx,
  teamId: string,
  fallbackZone: string,
  on: string | Date,
): Promise<TeamPolicy> {
  const row = await findPolicyRowOn(db, teamId, on);
  if (row) return row;
  return defaultPolicy((await findTeamZone(db, teamId)) ?? fallbackZone);
}

/**
 * The policy a team's row read elsewhere in one statement with the team (teams.service `getAccessibleTeamDay`) stands
 * for: the row, or the defaults in the team's zone when no version is in effect, as readTeamPolicy answers.
 */
export function policyInEffect(row: TeamPolicy | null, timeZone: string): TeamPolicy {
  return row ?? defaultPolicy(timeZone);
}

/** The team's time zone (not dated: the same on every policy version). */
export async function readTeamZone(db: DbOrTx, teamId: string, fallbackZone: string): Promise<string> {
  return (await findTeamZone(db, teamId)) ?? fallbackZone;
}

/** Every policy version of a team, newest first. */
export async function teamPolicyVersions(db: DbOrTx, teamId: string) {
  const rows: PolicyVersionRow[] = await listPolicyVersions(db, teamId);
  return rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() }));
}

/** Throws unless `zone` is a time zone this runtime knows (the field error names `timeZone`). */
export function assertKnownZone(zone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new AppError('TEAM_TIME_ZONE_UNKNOWN', { zone }, { timeZone: 'TEAM_TIME_ZONE_UNKNOWN' });
  }
}

/** 'HH:MM' or 'HH:MM:SS' → 'HH:MM:00', as the time columns hold it. */
const hhmmss = (t: string) => `${t.slice(0, 5)}:00`;

/**
 * The jurisdiction the hours say: a preset whose hours were kept stays that preset; hours changed from it make
 * the policy 'custom' (the preset only fills the hours in, it is not a second rule).
 */
function jurisdictionOf(p: Pick<PolicyFields, 'jurisdiction' | 'allowedStart' | 'allowedEnd'>) {
  if (p.jurisdiction === 'custom') return 'custom';
  const preset = JURISDICTION_PRESETS[p.jurisdiction];
  const same = preset.start === p.allowedStart.slice(0, 5) && preset.end === p.allowedEnd.slice(0, 5);
  return same ? p.jurisdiction : 'custom';
}

/** The checks on a policy version that span fields (each field's own shape is the schema's). */
function assertCoherent(p: PolicyFields | Omit<PolicyFields, 'effectiveFrom'>): void {
  const start = timeToMinutes(p.allowedStart.slice(0, 5));
  const end = timeToMinutes(p.allowedEnd.slice(0, 5));
  const params = { start: p.allowedStart.slice(0, 5), end: p.allowedEnd.slice(0, 5) };
  if (end <= start)
    throw new AppError('POLICY_HOURS_REVERSED', params, { 'policy.allowedEnd': 'POLICY_HOURS_REVERSED' });
  if (end - start < p.slotMinutes) {
    throw new AppError(
      'POLICY_SLOT_TOO_LONG',
      { ...params, slot: p.slotMinutes },
      { 'policy.slotMinutes': 'POLICY_SLOT_TOO_LONG' },
    );
  }
}

/**
 * Writes a policy version of an existing team effective from `policy.effectiveFrom`, which must be today or later
 * in the team's zone (a past date would re-judge visits already agreed); a version starting that same day is
 * replaced. Returns what was in effect on that date before and the version written, for the caller's audit.
 */
export async function writePolicyVersion(
  tx: DbOrTx,
  args: { teamId: string; policy: PolicyFields; userId: string; at: Date; fallbackZone: string },
) {
  const { teamId, policy, userId, at } = args;
  assertCoherent(policy);
  const before = await readTeamPolicy(tx, teamId, args.fallbackZone, policy.effectiveFrom);
  const today = localDate(at, before.timeZone);
  if (policy.effectiveFrom < today) {
    throw new AppError(
      'POLICY_EFFECTIVE_IN_PAST',
      { date: policy.effectiveFrom, today },
      { 'policy.effectiveFrom': 'POLICY_EFFECTIVE_IN_PAST' },
    );
  }
  const written = toVersion(policy, policy.effectiveFrom, before);
  await upsertPolicyVersion(tx, { ...written, teamId, createdBy: userId, at }, before.timeZone);
  return { before, after: { ...written, timeZone: before.timeZone } };
}

/** A new team's first version: in effect from POLICY_EPOCH, so every date of the team has a policy. */
export async function writeFirstPolicy(
  tx: DbOrTx,
  args: { teamId: string; timeZone: string; policy: Omit<PolicyFields, 'effectiveFrom'>; userId: string; at: Date },
) {
  assertKnownZone(args.timeZone);
  assertCoherent(args.policy);
  const written = toVersion(args.policy, POLICY_EPOCH, DEFAULT_POLICY);
  await upsertPolicyVersion(
    tx,
    { ...written, teamId: args.teamId, createdBy: args.userId, at: args.at },
    args.timeZone,
  );
  return { ...written, timeZone: args.timeZone };
}

/** Moves the team to another time zone: on every version, since a zone is the team's and not dated. */
export async function changeTeamZone(tx: DbOrTx, teamId: string, timeZone: string): Promise<void> {
  assertKnownZone(timeZone);
  await updateTeamZone(tx, teamId, timeZone);
}

/** What a form does not edit (the cap's window, the check-in distance) is carried over from `carry`. */
type Carried = Pick<TeamPolicy, 'frequencyWindowDays' | 'checkInDistanceThresholdM'>;

function toVersion(
  p: Omit<PolicyFields, 'effectiveFrom'>,
  effectiveFrom: string,
  carry: Carried,
): Omit<TeamPolicy, 'timeZone'> {
  return {
    effectiveFrom,
    jurisdiction: jurisdictionOf(p),
    allowedStart: hhmmss(p.allowedStart),
    allowedEnd: hhmmss(p.allowedEnd),
    frequencyCap: p.frequencyCap,
    frequencyWindowDays: carry.frequencyWindowDays,
    minNoticeMinutes: p.minNoticeMinutes,
    twoPersonRule: p.twoPersonRule,
    checkInDistanceThresholdM: carry.checkInDistanceThresholdM,
    slotMinutes: p.slotMinutes,
    visitsPerCrewSlot: p.visitsPerCrewSlot,
    negotiationMinutes: p.negotiationMinutes,
    verificationMinutes: p.verificationMinutes,
    crewRequiredSkills: p.crewRequiredSkills,
    crewRequiredLanguages: p.crewRequiredLanguages,
    contactCapPerDay: p.contactCapPerDay,
    messagesShowAmount: p.messagesShowAmount,
  };
}
