import type { AuthedContext } from '../../trpc/context';
import { verifyAuditChain, verifyOutcomeChains } from './audit-verify';

/** Checks both hash chains and says whether the records are intact, naming the first broken link of each. */
export async function verifyChains(ctx: AuthedContext) {
  const [auditLog, outcomes] = await Promise.all([verifyAuditChain(ctx.db), verifyOutcomeChains(ctx.db)]);
  return {
    ok: auditLog.firstBroken === null && outcomes.firstBroken === null,
    verifiedAt: ctx.now().toISOString(),
    auditLog,
    outcomes,
  };
}
