import { createCaller } from '../../../server/trpc/root';
import type { ContactStage } from '../../../shared/domain/constants';
import type { Locale } from '../../../shared/errors';
import { addDays, zonedTimeToUtc } from '../../../shared/time';
import { key, type setUpCaseFixture, slotOn, TZ } from './case-fixture';
import { makeContext } from './db';
import { TODAY } from './demo';

type CaseFixture = ReturnType<typeof setUpCaseFixture>;

/**
 * The outbox tests' calls on the case fixture, each at a clock the test sets (the allowed hours are judged on
 * it): an instant of a day ahead on the Shanghai wall clock, a caller of a role at that instant, a slot agreed by
 * phone and a notice sent by SMS for the fixture's case.
 */
export function outboxCalls(fx: CaseFixture) {
  const at = (time: string, daysAhead = 0) => zonedTimeToUtc(addDays(TODAY, daysAhead), time, TZ);
  const as = (role: 'dispatcher' | 'manager' | 'admin', now: Date, locale: Locale = 'en') =>
    createCaller(makeContext(fx.handle, fx.users[role], { now, locale }));
  const agree = (now: Date, daysAhead: number, from: string, to: string, idempotencyKey = key('agree')) =>
    as('dispatcher', now).appointments.agree({
      caseId: fx.caseId,
      addressId: fx.addressId,
      visitType: 'negotiation',
      via: 'phone',
      ...slotOn(daysAhead, from, to),
      idempotencyKey,
    });
  const notice = (
    now: Date,
    opts: {
      idempotencyKey?: string;
      locale?: Locale;
      stage?: Extract<ContactStage, 'first_notice' | 'appointment_notice'>;
    } = {},
  ) =>
    as('dispatcher', now, opts.locale ?? 'en').messages.sendNotice({
      caseId: fx.caseId,
      stage: opts.stage ?? 'appointment_notice',
      idempotencyKey: opts.idempotencyKey ?? key('notice'),
    });
  return { at, as, agree, notice };
}
