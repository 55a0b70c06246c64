/**
 * What the worklist and the promise tracker show on a demo day beyond visits: borrowers who answered their slot
 * link with "call me, none of these times suit" (the callback filter, the dispatcher's follow-up list) and
 * payments towards some of the one-off promises made on the past days (kept promises, a kept-promise rate).
 * Drawn from their own random stream after everything else, so the rest of the dataset is unchanged by them.
 */
import { addDays, daysBetween } from '../../../shared/time';
import { CALL_ME } from '../../modules/appointments/slots.service';
import { atLocal, localDateOf } from './clock';
import { Rng } from './random';
import type { CasePlan, DemoData, GenContext, TeamPlan } from './types';

/** Share of a team's open cases without any appointment whose borrower asked for a call instead. */
const CALLBACK_SHARE = 0.3;
/** Share of the one-off promises paid in full so far (on a day between the visit and today). */
const PAID_PROMISE_SHARE = 0.45;

const NOTES = ['工作日 18:00 以后方便接听', '请周末上午来电', '白天上班不便，请先电话联系', null, null] as const;

/** Adds the callback requests and the payments; `cases` and `teams` are the portfolio's plans. */
export function addFollowUps(
  ctx: GenContext,
  out: DemoData,
  teams: readonly TeamPlan[],
  cases: readonly CasePlan[],
): void {
  const rng = new Rng((ctx.seed ^ 0x2c1b3c6d) >>> 0);
  addCallbacks(ctx, rng, out, teams, cases);
  addPromisePayments(ctx, rng, out);
}

function addCallbacks(
  ctx: GenContext,
  rng: Rng,
  out: DemoData,
  teams: readonly TeamPlan[],
  cases: readonly CasePlan[],
) {
  const arranged = new Set(out.appointments.map((a) => a.caseId));
  for (const team of teams) {
    const waiting = cases.filter((c) => c.teamIndex === team.index && c.row.status === 'open' && !arranged.has(c.id));
    const chosen = rng.shuffle(waiting).slice(0, Math.round(waiting.length * CALLBACK_SHARE));
    for (const c of chosen) {
      const sentOn = addDays(ctx.today, -rng.int(0, 2));
      const sentAt = atLocal(sentOn, `${rng.int(9, 11)}:${String(rng.int(0, 59)).padStart(2, '0')}`, ctx.timeZone);
      const declinedAt = new Date(sentAt.getTime() + rng.int(20, 240) * 60_000);
      const note = rng.pick(NOTES);
      const result = note ? `${CALL_ME} — ${note}` : CALL_ME;
      out.slotLinks.push({
        id: ctx.ids.uuid(),
        teamId: team.id,
        caseId: c.id,
        addressId: c.homeAddressId,
        visitType: 'negotiation',
        tokenHash: rng.hex(64),
        expiresAt: new Date(sentAt.getTime() + 3 * 86_400_000),
        declinedAt,
        createdBy: team.dispatcherUserId,
        createdAt: sentAt,
      });
      out.contactAttempts.push({
        id: ctx.ids.uuid(),
        caseId: c.id,
        stage: 'follow_up',
        channel: 'app',
        attemptedAt: declinedAt,
        result,
        actorUserId: null,
      });
      out.followUpProposals.push({
        id: ctx.ids.uuid(),
        caseId: c.id,
        kind: 'callback',
        reason: result,
        note,
        proposedFor: localDateOf(declinedAt, ctx.timeZone),
        createdAt: declinedAt,
      });
    }
  }
}

function addPromisePayments(ctx: GenContext, rng: Rng, out: DemoData) {
  const visitDay = new Map(out.visits.map((v) => [v.id, v.visitDate]));
  const caseOf = new Map(out.appointments.map((a) => [a.id, a.caseId]));
  const caseOfVisit = new Map(out.visits.map((v) => [v.id, caseOf.get(v.appointmentId)]));
  let n = 0;
  for (const o of out.outcomes) {
    if (o.code !== 'promise_to_pay' || !o.promisedAmountCents || !o.promisedDate) continue;
    if (!rng.chance(PAID_PROMISE_SHARE)) continue;
    const madeOn = visitDay.get(o.visitId) ?? ctx.today;
    const paidOn = addDays(madeOn, rng.int(0, Math.max(0, daysBetween(madeOn, ctx.today))));
    n++;
    out.payments.push({
      id: ctx.ids.uuid(),
      caseId: caseOfVisit.get(o.visitId) as string,
      amountCents: o.promisedAmountCents,
      paidOn,
      channel: rng.pick(['bank_transfer', 'alipay', 'wechat_pay']),
      reference: `SEED-PAY-${String(n).padStart(5, '0')}`,
      source: 'import',
      createdAt: atLocal(paidOn, '20:00', ctx.timeZone),
    });
  }
}
