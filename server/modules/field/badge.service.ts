import { randomInt } from 'node:crypto';
import { credentialStatus } from '../../../shared/credential';
import { AppError } from '../../../shared/errors';
import type { VerifyInput, VisitIdInput } from '../../../shared/schemas/field';
import { localDate } from '../../../shared/time';
import type { DbOrTx } from '../../db/client';
import type { AuthedContext, Context } from '../../trpc/context';
import { appendAudit } from '../audit/audit.repo';
import { reserveAttempts } from '../rate-limit/rate-limit.service';
import { findActiveBadgeCode, findBadgeByCode, insertBadgeCode, insertVerificationCheck } from './badge.repo';
import { findAgentIdentity, findFieldVisit } from './field.repo';
import { LENDER } from './lender';
import { agentIdOf, loadOwnVisit, zoneOf } from './visit-access';

// The DB allows [A-Z2-9]; I and O are left out as well so a borrower cannot misread them as 1 and 0.
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function drawCode(): string {
  return Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

type AgentIdentity = NonNullable<Awaited<ReturnType<typeof findAgentIdentity>>>;

/** The agent as the badge screen and the public check show them, with their credential's status on `today`. */
function agentOnBadge(agent: AgentIdentity, today: string) {
  return {
    fullName: agent.fullName,
    badgeNo: agent.badgeNo,
    photoUrl: agent.photoUrl,
    credentialValidFrom: agent.credentialValidFrom,
    credentialValidTo: agent.credentialValidTo,
    credentialStatus: credentialStatus(agent.credentialValidFrom, agent.credentialValidTo, today),
  };
}

/**
 * The badge screen: the agent's identity and a code for this visit that expires at the slot end.
 * The same unexpired code is returned again, so re-opening the screen does not invalidate the QR.
 */
export async function issueBadge(ctx: AuthedContext, input: VisitIdInput) {
  const agentId = agentIdOf(ctx);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const visit = await loadOwnVisit(ctx, tx, input.visitId);
    const agent = await findAgentIdentity(tx, agentId);
    if (!agent) throw new AppError('FORBIDDEN');
    if (visit.slotEnd <= now) throw new AppError('BADGE_SLOT_ENDED');
    let badge = await findActiveBadgeCode(tx, agentId, visit.id, now);
    for (let attempt = 0; !badge && attempt < 10; attempt++) {
      badge = await insertBadgeCode(tx, {
        code: drawCode(),
        agentId,
        visitId: visit.id,
        createdAt: now,
        expiresAt: visit.slotEnd,
      });
      if (badge) {
        await appendAudit(tx, {
          actorUserId: ctx.user.id,
          teamId: visit.teamId,
          action: 'badge.issue',
          entityType: 'badge_code',
          entityId: badge.id,
          after: { visitId: visit.id, agentId, expiresAt: badge.expiresAt.toISOString() },
          at: now,
        });
      }
    }
    if (!badge) throw new Error('could not draw a free badge code');
    const tz = zoneOf(ctx, visit);
    return {
      code: badge.code,
      expiresAt: badge.expiresAt.toISOString(),
      verifyPath: `/verify/${badge.code}`,
      agent: agentOnBadge(agent, localDate(now, tz)),
      lenderName: LENDER.name[ctx.locale],
      // Both languages, so switching the screen's language needs no second request.
      lenderNames: LENDER.name,
      timeZone: tz,
    };
  });
}

const complaint = () => ({ phone: LENDER.complaintPhone, url: LENDER.complaintUrl });

/** The badge a code names, with its agent and visit as the badge screen loads them; null when any is unknown. */
async function loadBadge(db: DbOrTx, code: string) {
  const badge = await findBadgeByCode(db, code);
  if (!badge) return null;
  const agent = await findAgentIdentity(db, badge.agentId);
  const visit = await findFieldVisit(db, badge.visitId);
  return agent && visit ? { id: badge.id, expiresAt: badge.expiresAt, agent, visit } : null;
}

/**
 * The public check of a badge code. Answers only who the visitor is, whether they are authorised for a visit
 * in this district today, and where to complain — never anything about the debt or the borrower. Every
 * lookup is logged, valid or not.
 */
export async function verifyBadge(ctx: Context, input: VerifyInput) {
  const now = ctx.now();
  await reserveAttempts(ctx.db, now, [['badgeLookup', ctx.ip]]);

  return ctx.db.transaction(async (tx) => {
    const badge = await loadBadge(tx, input.code);
    const tz = badge?.visit.timeZone || ctx.env.TZ_DEFAULT;
    const today = localDate(now, tz);
    const agent = badge ? agentOnBadge(badge.agent, today) : null;
    const result = !badge
      ? 'unknown'
      : badge.expiresAt <= now
        ? 'expired'
        : badge.visit.visitDate === today && agent?.credentialStatus === 'valid' && badge.visit.status !== 'cancelled'
          ? 'valid'
          : 'not_authorised';
    const checkId = await insertVerificationCheck(tx, {
      code: input.code,
      badgeCodeId: badge?.id ?? null,
      checkedAt: now,
      result,
      ip: ctx.ip,
      userAgent: ctx.userAgent.slice(0, 300),
    });
    await appendAudit(tx, {
      actorUserId: null,
      teamId: badge?.visit.teamId ?? null,
      action: 'badge.verify',
      entityType: 'verification_check',
      entityId: checkId ?? input.code,
      after: { code: input.code, result },
      at: now,
    });
    const base = {
      result,
      lenderName: LENDER.name[ctx.locale],
      lenderNames: LENDER.name,
      complaint: complaint(),
      timeZone: tz,
    };
    if (!badge || !agent) return { ...base, agent: null, visit: null };
    return {
      ...base,
      agent,
      visit: { date: badge.visit.visitDate, district: badge.visit.district, validUntil: badge.expiresAt.toISOString() },
    };
  });
}
