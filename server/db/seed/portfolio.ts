/** Borrowers, their addresses, the overdue cases and the first notice logged on each. */

import { bucketFor } from '../../../shared/domain/buckets';
import { priorityFor } from '../../../shared/domain/visit-facts';
import { addDays } from '../../../shared/time';
import { atLocal } from './clock';
import { dealOrder } from './lender';
import { randomIdNumber, randomMobile, randomName } from './names';
import { type LatLng, randomAddressText, randomPointIn } from './shanghai';
import type { CasePlan, DemoData, GenContext, TeamPlan } from './types';

const PRODUCTS = [
  { name: '消费贷', prefix: 'XFD', weight: 5, termMonths: [12, 24, 36] },
  { name: '现金贷', prefix: 'XJD', weight: 3, termMonths: [6, 12] },
  { name: '信用卡分期', prefix: 'XYK', weight: 3, termMonths: [6, 12, 24] },
] as const;

// Days-past-due ranges by bucket (M2 = 31–60 … M6 = 151–180, M6+ beyond), with how common each is.
const DPD_BUCKETS = [
  { bucket: 'M2', min: 31, max: 60, weight: 30 },
  { bucket: 'M3', min: 61, max: 90, weight: 24 },
  { bucket: 'M4', min: 91, max: 120, weight: 15 },
  { bucket: 'M5', min: 121, max: 150, weight: 10 },
  { bucket: 'M6', min: 151, max: 180, weight: 8 },
  { bucket: 'M6+', min: 181, max: 360, weight: 13 },
] as const;

/** Generates `ctx.cases` borrowers with one case each, dealt round-robin to the teams (a lender's by crews). */
export function generatePortfolio(ctx: GenContext, out: DemoData, teams: readonly TeamPlan[]): CasePlan[] {
  const { rng, ids, today, timeZone } = ctx;
  const usedIdNumbers = new Set<string>();
  const plans: CasePlan[] = [];
  const year = today.slice(0, 4);
  const deal = ctx.lender ? dealOrder(teams.map((t) => t.crewCount)) : teams.map((t) => t.index);

  for (let i = 0; i < ctx.cases; i++) {
    const team = teams[deal[i % deal.length] as number] as TeamPlan;
    const homeDistrict = rng.weighted(team.districts, team.districtWeights);
    const person = randomName(rng);
    let idNumber = randomIdNumber(rng, person.gender, homeDistrict.code, today);
    while (usedIdNumbers.has(idNumber)) idNumber = randomIdNumber(rng, person.gender, homeDistrict.code, today);
    usedIdNumbers.add(idNumber);
    const preferredLanguage = rng.chance(0.02) ? 'en' : 'zh-CN';
    const borrowerId = ids.uuid();
    out.borrowers.push({
      id: borrowerId,
      fullName: person.fullName,
      idNumber,
      phone: randomMobile(rng),
      preferredLanguage,
    });

    const addresses = new Map<string, LatLng>();
    const addAddress = (label: 'home' | 'work', verified: boolean): string => {
      const district = label === 'home' ? homeDistrict : rng.weighted(team.districts, team.districtWeights);
      const point = randomPointIn(rng, district);
      const id = ids.uuid();
      out.addresses.push({
        id,
        borrowerId,
        label,
        text: randomAddressText(rng, district),
        district: district.name,
        lat: point.lat,
        lng: point.lng,
        geocodeSource: 'seed',
        geocodeQuality: rng.chance(0.8) ? 'rooftop' : 'street',
        verified,
      });
      addresses.set(id, point);
      return id;
    };
    const homeAddressId = addAddress('home', rng.chance(0.85));
    const workAddressId = rng.chance(0.35) ? addAddress('work', rng.chance(0.5)) : null;

    const product = rng.weighted(
      PRODUCTS,
      PRODUCTS.map((p) => p.weight),
    );
    const band = rng.weighted(
      DPD_BUCKETS,
      DPD_BUCKETS.map((b) => b.weight),
    );
    const daysPastDue = rng.int(band.min, band.max);
    // Log-uniform principal between 5,000 and 200,000 yuan, in whole hundreds.
    const principalYuan = Math.round(Math.exp(Math.log(5000) + rng.float() * Math.log(40)) / 100) * 100;
    const principalCents = principalYuan * 100;
    const term = rng.pick(product.termMonths);
    const monthsOverdue = Math.min(term, Math.ceil(daysPastDue / 30));
    // Missed instalments plus 0–8 % late charges, never more than the whole loan plus charges.
    const overdueCents = Math.round(((principalCents * monthsOverdue) / term) * (1 + rng.float() * 0.08));
    const caseId = ids.uuid();
    const row = {
      id: caseId,
      teamId: team.id,
      borrowerId,
      // The borrower's name, as cases_borrower_name_fk holds it to (the worklist's search reads it here).
      borrowerName: person.fullName,
      loanRef: `${product.prefix}${year}${String(i + 1).padStart(6, '0')}`,
      product: product.name,
      principalCents,
      overdueAmountCents: overdueCents,
      daysPastDue,
      bucket: bucketFor(daysPastDue),
      status: 'open' as const,
    };
    out.cases.push(row);

    // First notice a few days after the loan fell due, and in any case at least 12 days ago.
    const noticeDate = addDays(today, -Math.max(12, daysPastDue - rng.int(3, 10)));
    const channel = rng.chance(0.6) ? ('sms' as const) : ('phone' as const);
    out.contactAttempts.push({
      id: ids.uuid(),
      caseId,
      stage: 'first_notice',
      channel,
      attemptedAt: atLocal(noticeDate, `${rng.int(9, 17)}:${String(rng.int(0, 59)).padStart(2, '0')}`, timeZone),
      result:
        channel === 'sms' ? '短信已送达：告知逾期金额及后果，请尽快联系' : '电话接通：已告知逾期金额及后果，借款人知悉',
      actorUserId: team.dispatcherUserId,
    });

    plans.push({
      id: caseId,
      teamIndex: team.index,
      borrowerId,
      homeAddressId,
      workAddressId,
      addresses,
      overdueCents,
      daysPastDue,
      priority: priorityFor(daysPastDue, overdueCents),
      preferredLanguage,
      row,
    });
  }
  return plans;
}
