import { randomInt } from 'node:crypto';
import { credentialStatus } from '../../../shared/credential';
import { DONE, isIn } from '../../../shared/domain/visit-lifecycle';
import { AppError } from '../../../shared/errors';
import { translate } from '../../../shared/messages/catalogue';
import { SERVER_WORDS } from '../../../shared/messages/server-words';
import type { DayInput } from '../../../shared/schemas/common';
import type { VerifyInput, VisitIdInput } from '../../../shared/schemas/field';
import { localDate } from '../../../shared/time';
import type { DbOrTx } from '../../db/client';
import type { AuthedContext, Context } from '../../trpc/context';
import { appendAudit } from '../audit/audit.service';
import { reserveAttempts } from '../rate-limit/rate-limit.service';
import { complaintChannelOf } from '../teams/teams.service';
import {
  findActiveBadgeCode,
  findAgentPhoto,
  findBadgeByCode,
  insertBadgeCode,
  insertVerificationCheck,
} from './badge.repo';
import { signatureMatches, signBadge } from './badge.signature';
import { type FieldVisit, findAgentIdentity, findFieldVisit } from './field.repo';
import { getFieldRoute } from './route.service';
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
    credentialValidFrom: agent.credentialValidFrom,
    credentialValidTo: agent.credentialValidTo,
    credentialStatus: credentialStatus(agent.credentialValidFrom, agent.credentialValidTo, today),
  };
}

type Tx = Parameters<typeof appendAudit>[0];

/**
 * The agent's code for a visit, valid from when it was issued until the slot ends, signed by the server: the same
 * unexpired code is returned again, so re-opening the screen (or refreshing the phone's copy) keeps the QR valid.
 * None for a team without a complaint channel: the check a borrower opens must name where to complain.
 */
async function badgeFor(ctx: AuthedContext, tx: Tx, agentId: string, visit: FieldVisit) {
  const now = ctx.now();
  await complaintChannelOf(tx, visit.teamId, 'staff');
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
  const signed = {
    code: badge.code,
    agentId,
    visitId: visit.id,
    validFrom: badge.createdAt,
    validUntil: badge.expiresAt,
  };
  const signature = signBadge(ctx.sessionSecret, signed);
  return {
    visitId: visit.id,
    code: badge.code,
    validFrom: badge.createdAt.toISOString(),
    validUntil: badge.expiresAt.toISOString(),
    signature,
    verifyPath: `/verify/${badge.code}?s=${signature}`,
  };
}

/** Who the badge shows, with their photo's hash when one is on file (the phone fetches it from /field/photo). */
async function identityFor(tx: Tx, agentId: string, today: string) {
  const agent = await findAgentIdentity(tx, agentId);
  if (!agent) throw new AppError('FORBIDDEN');
  const photo = await findAgentPhoto(tx, agentId);
  return { ...agentOnBadge(agent, today), photo: photo ? { sha256: photo.sha256 } : null };
}

/**
 * The badge screen: the agent's identity and a signed code for this visit that expires at the slot end. Refused
 * once the slot has ended.
 */
export async function issueBadge(ctx: AuthedContext, input: VisitIdInput) {
  const agentId = agentIdOf(ctx);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const visit = await loadOwnVisit(ctx, tx, input.visitId);
    if (visit.slotEnd <= now) throw new AppError('BADGE_SLOT_ENDED');
    const tz = zoneOf(ctx, visit);
    const agent = await identityFor(tx, agentId, localDate(now, tz));
    const badge = await badgeFor(ctx, tx, agentId, visit);
    return {
      ...badge,
      expiresAt: badge.validUntil,
      agent,
      lenderName: translate(SERVER_WORDS, 'LENDER_NAME', ctx.locale),
      // Both languages, so switching the screen's language needs no second request.
      lenderNames: SERVER_WORDS.LENDER_NAME,
      timeZone: tz,
    };
  });
}

/**
 * Every badge of the agent's day at once, for the phone to keep and show without signal: a signed code per stop
 * whose slot has not ended (cancelled and finished stops have none), the identity and the lender.
 */
export async function issueDayBadges(ctx: AuthedContext, input: DayInput) {
  const agentId = agentIdOf(ctx);
  const now = ctx.now();
  const route = await getFieldRoute(ctx, input);
  const open = route.stops.filter((s) => new Date(s.slotEnd) > now && !isIn(DONE, s.status));
  return ctx.db.transaction(async (tx) => {
    const agent = await identityFor(tx, agentId, localDate(now, route.timeZone));
    const badges = [];
    for (const stop of open) badges.push(await badgeFor(ctx, tx, agentId, await loadOwnVisit(ctx, tx, stop.id)));
    return {
      date: route.date,
      issuedAt: now.toISOString(),
      agent,
      badges,
      lenderName: translate(SERVER_WORDS, 'LENDER_NAME', ctx.locale),
      lenderNames: SERVER_WORDS.LENDER_NAME,
      timeZone: route.timeZone,
    };
  });
}

/** Whether the QR's signature is the server's for this badge: 'absent' when the code was typed. */
function signatureOf(
  secret: string,
  badge: { code: string; agentId: string; visitId: string; createdAt: Date; expiresAt: Date } | null,
  s: string | undefined,
): 'valid' | 'invalid' | 'absent' {
  if (!s) return 'absent';
  if (!badge) return 'invalid';
  const signed = { ...badge, validFrom: badge.createdAt, validUntil: badge.expiresAt };
  return signatureMatches(secret, signed, s) ? 'valid' : 'invalid';
}

/** The badge a code names, with its agent and visit as the badge screen loads them; null when any is unknown. */
async function loadBadge(db: DbOrTx, code: string) {
  const badge = await findBadgeByCode(db, code);
  if (!badge) return null;
  const agent = await findAgentIdentity(db, badge.agentId);
  const visit = await findFieldVisit(db, badge.visitId);
  return agent && visit ? { ...badge, agent, visit } : null;
}

/**
 * The public check of a badge code. Answers only who the visitor is, whether they are authorised for a visit
 * in this district today, and where to complain to the visitor's team — never anything about the debt or the
 * borrower. Every lookup is logged, valid or not; a code of a team with no complaint channel is logged and then
 * refused (COMPLAINT_CHANNEL_MISSING), and an unknown code names no team and so no channel.
 */
export async function verifyBadge(ctx: Context, input: VerifyInput) {
  const now = ctx.now();
  await reserveAttempts(ctx.db, now, [['badgeLookup', ctx.ip]]);
  const { teamId, ...answer } = await checkBadge(ctx, input, now);
  return { ...answer, complaint: teamId ? await complaintChannelOf(ctx.db, teamId, 'borrower') : null };
}

/** Looks the code up and records the check, in one transaction; the answer without the complaint channel. */
function checkBadge(ctx: Context, input: VerifyInput, now: Date) {
  return ctx.db.transaction(async (tx) => {
    const badge = await loadBadge(tx, input.code);
    const tz = badge?.visit.timeZone || ctx.env.TZ_DEFAULT;
    const today = localDate(now, tz);
    const agent = badge ? agentOnBadge(badge.agent, today) : null;
    const signature = signatureOf(ctx.sessionSecret, badge, input.s);
    const result = !badge
      ? 'unknown'
      : badge.expiresAt <= now
        ? 'expired'
        : badge.visit.visitDate === today &&
            agent?.credentialStatus === 'valid' &&
            badge.visit.status !== 'cancelled' &&
            signature !== 'invalid'
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
      after: { code: input.code, result, signature },
      at: now,
    });
    const base = {
      result,
      signature,
      teamId: badge?.visit.teamId ?? null,
      lenderName: translate(SERVER_WORDS, 'LENDER_NAME', ctx.locale),
      lenderNames: SERVER_WORDS.LENDER_NAME,
      timeZone: tz,
    };
    if (!badge || !agent) return { ...base, agent: null, visit: null };
    // The photo is shown for a valid code only, through this check's own address (see photo.http.ts).
    const photo = result === 'valid' && checkId ? await findAgentPhoto(tx, badge.agentId) : null;
    return {
      ...base,
      agent: { ...agent, photoPath: photo ? `/badge-photo/${checkId}` : null },
      visit: { date: badge.visit.visitDate, district: badge.visit.district, validUntil: badge.expiresAt.toISOString() },
    };
  });
}
