/** The policy module: the one reader of a team's visiting policy, with its defaults (SPEC §4). */
import { DEFAULT_POLICY } from '../../../shared/domain/policy-defaults';
import type { PolicyForRules } from '../../../shared/rules/placement';
import type { DbOrTx } from '../../db/client';
import { findPolicyRow } from './policy.repo';

/** The team's visiting policy in the shape the rules take; a team without settings gets the defaults in its zone. */
export async function readTeamPolicy(db: DbOrTx, teamId: string, fallbackZone: string): Promise<PolicyForRules> {
  const row = await findPolicyRow(db, teamId);
  if (row) return row;
  const { allowedStart, allowedEnd, frequencyCap, frequencyWindowDays, minNoticeMinutes, twoPersonRule } =
    DEFAULT_POLICY;
  return {
    timeZone: fallbackZone,
    allowedStart,
    allowedEnd,
    frequencyCap,
    frequencyWindowDays,
    minNoticeMinutes,
    twoPersonRule,
  };
}
