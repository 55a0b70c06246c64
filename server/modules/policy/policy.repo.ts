import { eq } from 'drizzle-orm';
import { policySettings } from '../../../drizzle/schema';
import type { PolicyForRules } from '../../../shared/rules/placement';
import type { DbOrTx } from '../../db/client';

/** The team's stored visiting policy, or null when it has none (the policy service applies the defaults). */
export async function findPolicyRow(db: DbOrTx, teamId: string): Promise<PolicyForRules | null> {
  const [row] = await db
    .select({
      timeZone: policySettings.timeZone,
      allowedStart: policySettings.allowedStart,
      allowedEnd: policySettings.allowedEnd,
      frequencyCap: policySettings.frequencyCap,
      frequencyWindowDays: policySettings.frequencyWindowDays,
      minNoticeMinutes: policySettings.minNoticeMinutes,
      twoPersonRule: policySettings.twoPersonRule,
    })
    .from(policySettings)
    .where(eq(policySettings.teamId, teamId))
    .limit(1);
  return row ?? null;
}
