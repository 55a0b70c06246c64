/**
 * A team's visiting policy when nothing else is set (SPEC §4): the one home of these numbers. The reader in
 * server/modules/policy, the schema's column defaults and the seed all take them from here; the visiting hours
 * come from the jurisdiction preset.
 */
import type { PolicyForRules } from '../rules/placement';
import { JURISDICTION_PRESETS, type Jurisdiction } from './constants';

const DEFAULT_JURISDICTION = 'CN' as const;

export const DEFAULT_POLICY = {
  jurisdiction: DEFAULT_JURISDICTION,
  allowedStart: JURISDICTION_PRESETS[DEFAULT_JURISDICTION].start,
  allowedEnd: JURISDICTION_PRESETS[DEFAULT_JURISDICTION].end,
  frequencyCap: 2,
  frequencyWindowDays: 7,
  minNoticeMinutes: 120,
  twoPersonRule: true,
  checkInDistanceThresholdM: 200,
  /** Length of the slots a borrower is offered, in minutes (aligned to the start of the allowed hours). */
  slotMinutes: 120,
  /** Visits one crew is offered for in one slot when the borrower picks a time. */
  visitsPerCrewSlot: 2,
  /** Minutes on site a visit is planned for, by visit type. */
  negotiationMinutes: 45,
  verificationMinutes: 60,
  /** Borrower messages of the capped kinds (notices, links, reminders) one borrower gets at most a local day. */
  contactCapPerDay: 3,
  /** Messages never name the amount owed unless the team's policy says they may. */
  messagesShowAmount: false,
} as const;

/** The first date any policy applies from: a team's first policy row is effective from here. */
export const POLICY_EPOCH = '2000-01-01';

/** A team's whole policy as the policy module reads it for one date: what the rules take, and the rest. */
export interface TeamPolicy extends PolicyForRules {
  /** The local date this version applies from (until the next version's). */
  effectiveFrom: string;
  jurisdiction: Jurisdiction;
  checkInDistanceThresholdM: number;
  slotMinutes: number;
  visitsPerCrewSlot: number;
  negotiationMinutes: number;
  verificationMinutes: number;
  crewRequiredSkills: string[];
  crewRequiredLanguages: string[];
  contactCapPerDay: number;
  messagesShowAmount: boolean;
}
