/** What happened on the past days: check-in/out on site, outcomes, promises and repayment plans. */
import type { OutcomeCode } from '../../../shared/domain/constants';
import { addDays } from '../../../shared/time';
import { chainHash, GENESIS_HASH, type HashedPlan, outcomeHashContent } from '../../modules/audit/hash-chain';
import type { Stop } from './assign';
import { localDateOf } from './clock';
import { haversineM, jitter } from './shanghai';
import type { CrewDayPlan, DemoData, GenContext } from './types';

const MIN = 60_000;

const CODES: readonly OutcomeCode[] = [
  'promise_to_pay',
  'repayment_plan_agreed',
  'partial_payment',
  'paid_in_full',
  'hardship_referral',
  'dispute',
  'refused',
  'borrower_absent',
  'wrong_address',
  'moved',
  'complaint_raised',
];
const CODE_WEIGHTS = [30, 20, 10, 5, 7, 5, 8, 10, 2, 2, 1];

const ABSENT: ReadonlySet<OutcomeCode> = new Set(['borrower_absent', 'wrong_address', 'moved']);

const NOTES: Partial<Record<OutcomeCode, readonly string[]>> = {
  promise_to_pay: ['借款人承认欠款，承诺按期还款', '借款人称工资发放后还款'],
  repayment_plan_agreed: ['借款人收入下降，协商分三期还款并签署还款计划', '与借款人及配偶共同确认分期方案'],
  partial_payment: ['借款人现场通过手机银行还款部分金额', '现场还款一部分，余款另约'],
  paid_in_full: ['借款人现场结清全部逾期款项'],
  hardship_referral: ['借款人失业/患病，转困难客户专员评估', '家庭突发困难，建议暂缓并转人工评估'],
  dispute: ['借款人对逾期金额有异议，称已部分还款', '借款人否认借款，要求提供合同'],
  refused: ['借款人拒绝沟通，已告知投诉渠道', '借款人态度抵触，拒绝协商'],
  borrower_absent: ['按约定时段到达，借款人不在家，电话未接通', '家人称借款人外出，已留联系方式'],
  wrong_address: ['地址无此人，门牌信息有误'],
  moved: ['邻居称借款人已搬离约半年'],
  complaint_raised: ['借款人对此前电话催收不满，已登记投诉并告知官方渠道'],
};
const ATTITUDES = ['配合', '一般', '情绪激动', '抵触'] as const;
const ASSETS = ['自有住房，家电齐全', '租住一室户，生活简朴', '与父母同住', '家中有私家车一辆', '经营小店，有稳定客流'];
const PLAN_CHANNELS = ['bank_transfer', 'alipay', 'wechat_pay'] as const;

const round100 = (cents: number) => Math.max(100, Math.round(cents / 100) * 100);

/**
 * Turns the routed stops of a past day into visits that happened: a few missed, the rest completed with
 * one outcome each (version 1, recorded by the crew lead) and case statuses that follow the outcome.
 */
export function recordPastDay(
  ctx: GenContext,
  out: DemoData,
  crew: CrewDayPlan,
  stops: readonly Stop[],
  missed: ReadonlySet<string>,
): void {
  const { rng, ids, timeZone } = ctx;
  for (const { visit, arrival } of stops) {
    const v = visit.row;
    if (missed.has(v.id)) {
      v.status = 'missed';
      v.updatedBy = crew.lead.userId;
      continue;
    }
    const service = (v.serviceMinutes ?? 45) * MIN;
    const checkIn = arrival + rng.int(0, 5) * MIN;
    const checkOut = checkIn + service - rng.int(5, 15) * MIN;
    const inFix = jitter(rng, visit.place, rng.int(5, 120));
    const outFix = jitter(rng, visit.place, rng.int(5, 60));
    Object.assign(v, {
      status: 'completed',
      checkInAt: new Date(checkIn),
      checkInLat: inFix.lat,
      checkInLng: inFix.lng,
      checkInDistanceM: Math.round(haversineM(inFix, visit.place) * 10) / 10,
      checkOutAt: new Date(checkOut),
      checkOutLat: outFix.lat,
      checkOutLng: outFix.lng,
      updatedBy: crew.lead.userId,
    });
    visit.appointment.status = 'completed';

    const code = rng.weighted(CODES, CODE_WEIGHTS);
    const present = !ABSENT.has(code);
    const verification = v.visitType === 'verification';
    const visitDate = localDateOf(new Date(arrival), timeZone);
    const overdue = visit.casePlan.overdueCents;
    const outcomeId = ids.uuid();
    const recordedAt = new Date(checkOut + rng.int(2, 8) * MIN);
    const refs = [`rec://${visitDate}/${rng.hex(12)}.m4a`];
    if (present && rng.chance(0.4)) refs.push(`rec://${visitDate}/${rng.hex(12)}.jpg`);

    let promisedAmountCents: number | null = null;
    let promisedDate: string | null = null;
    let signedDocumentRef: string | null = null;
    let nextAction: string | null = null;
    if (code === 'promise_to_pay') {
      promisedAmountCents = Math.min(overdue, round100(overdue * (0.3 + rng.float() * 0.7)));
      promisedDate = addDays(visitDate, rng.int(3, 20));
      nextAction = `${promisedDate} 核实还款到账`;
      if (verification) signedDocumentRef = `doc://${visitDate}/${rng.hex(12)}-commitment.pdf`;
    } else if (code === 'repayment_plan_agreed') {
      signedDocumentRef = `doc://${visitDate}/${rng.hex(12)}-plan.pdf`;
      nextAction = '按还款计划跟踪首期还款';
    } else if (code === 'borrower_absent' || code === 'refused') {
      nextAction = '电话联系借款人重新约定时段';
    } else if (code === 'hardship_referral' || code === 'dispute' || code === 'complaint_raised') {
      nextAction = '转交主管复核';
    } else if (code === 'wrong_address' || code === 'moved') {
      nextAction = '核实新地址';
    }

    const outcome = {
      id: outcomeId,
      visitId: v.id,
      version: 1,
      code,
      idShown: true,
      recordingRefs: refs,
      identityVerified: present && (verification || rng.chance(0.6)),
      borrowerPresent: present,
      attitude: present ? rng.weighted(ATTITUDES, [50, 30, 10, 10]) : null,
      assetsObserved: present && verification ? rng.pick(ASSETS) : null,
      notes: rng.pick(NOTES[code] ?? ['已记录']),
      promisedAmountCents,
      promisedDate,
      signedDocumentRef,
      nextAction,
      recordedBy: crew.lead.userId,
      recordedAt,
      clientId: null,
      correctionReason: null,
    };
    let plan: HashedPlan | null = null;

    if (code === 'repayment_plan_agreed') {
      const planId = ids.uuid();
      const total = overdue;
      const part = Math.floor(total / 3);
      const channel = rng.pick(PLAN_CHANNELS);
      out.repaymentPlans.push({
        id: planId,
        outcomeId,
        caseId: visit.casePlan.id,
        totalCents: total,
        channel,
        createdAt: recordedAt,
      });
      plan = { channel, instalments: [] };
      [part, part, total - 2 * part].forEach((amountCents, i) => {
        const dueDate = addDays(visitDate, 7 + 30 * i);
        const teamId = visit.casePlan.row.teamId;
        out.instalments.push({ id: ids.uuid(), planId, seq: i + 1, dueDate, amountCents, paidCents: 0, teamId });
        plan?.instalments.push({ dueDate, amountCents });
      });
    }
    // Chained like an outcome recorded in the field app (version 1 links to the genesis hash).
    out.outcomes.push({
      ...outcome,
      // The promise's team, as the outcome writer stores it (not part of the hashed content).
      teamId: visit.casePlan.row.teamId,
      prevHash: GENESIS_HASH,
      hash: chainHash(GENESIS_HASH, outcomeHashContent(outcome, plan, [])),
    });

    const row = visit.casePlan.row;
    if (code === 'paid_in_full') row.status = 'paid';
    else if (code === 'promise_to_pay' || code === 'repayment_plan_agreed') row.status = 'promised';
    else if (code === 'dispute') row.status = 'disputed';
  }
}
