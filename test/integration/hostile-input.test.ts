/**
 * Issue #11 defect 2: each hostile input the outside probe sent answered HTTP 500. Each must now be a 400 that
 * names the field, in the caller's language, and write nothing.
 */
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, cases, visits } from '../../drizzle/schema';
import { createCaller } from '../../server/trpc/root';
import type { Locale } from '../../shared/errors';
import { addDays } from '../../shared/time';
import { arriveAt, assignedStops, type FieldStop } from './field-helpers';
import { key, setUpCaseFixture } from './helpers/case-fixture';
import { clientAnswer } from './helpers/client-error';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';

const fx = setUpCaseFixture();

const NUL = 'a\u0000b';
const LONE = 'ab\ud800cd';
const IMPOSSIBLE_DATES = ['2026-02-30', '2026-13-01', '0000-01-01'];

type Who = 'admin' | 'dispatcher' | 'manager' | 'agent' | 'anonymous';
type Call = (caller: ReturnType<typeof createCaller>) => Promise<unknown>;
interface Example {
  name: string;
  who: Who;
  call: Call;
  /** The input path the 400 must name. */
  field: string;
}

let stop: FieldStop;
let agentNow = new Date();
let visitOfTeam = '';
let paymentCase = '';
let paymentLoanRef = '';
let slotToken = '';

function callerFor(who: Who, locale: Locale) {
  if (who === 'anonymous') return fx.anonymous('10.9.9.9', locale);
  const now = who === 'agent' ? agentNow : undefined;
  return createCaller(makeContext(fx.handle, fx.users[who], { locale, now }));
}

const outcomeOf = (who: Who, call: Call, locale: Locale = 'en') =>
  clientAnswer(fx.handle, call(callerFor(who, locale)), locale);

/** A notice on the fixture case, with some fields replaced. */
const notice = (c: ReturnType<typeof createCaller>, over: { result?: string; idempotencyKey?: string }) =>
  c.appointments.logNotice({
    caseId: fx.caseId,
    stage: 'appointment_notice',
    channel: 'sms',
    result: 'Sent the slot link by SMS',
    idempotencyKey: key('n'),
    ...over,
  });

const outcomeInput = (over: Record<string, unknown>) => ({
  visitId: stop.id,
  clientId: key('outcome'),
  code: 'promise_to_pay' as const,
  idShown: true,
  promisedAmountCents: 300_000,
  promisedDate: addDays(TODAY, 7),
  notes: 'Agreed to pay next week.',
  ...over,
});

function examples(): Example[] {
  const team = () => fx.teamId;
  const out: Example[] = [];
  const add = (name: string, who: Who, field: string, call: Call) => out.push({ name, who, field, call });

  // NUL in every idempotency key / client id.
  add('logNotice idempotencyKey NUL', 'dispatcher', 'idempotencyKey', (c) =>
    notice(c, { idempotencyKey: `key-${NUL}-0001` }),
  );
  add('dispatch.unassign idempotencyKey NUL', 'dispatcher', 'idempotencyKey', (c) =>
    c.dispatch.unassign({ visitId: visitOfTeam, version: 1, idempotencyKey: `key-${NUL}-0002` }),
  );
  add('complaints.create key NUL', 'manager', 'key', (c) =>
    c.complaints.create({ key: `key-${NUL}-0003`, visitId: visitOfTeam, channel: 'phone', text: 'rude visitor' }),
  );
  add('admin.createUser idempotencyKey NUL', 'admin', 'idempotencyKey', (c) =>
    c.admin.createUser({
      idempotencyKey: `key-${NUL}-0004`,
      username: 'fuzzed.user',
      displayName: 'Fuzzed',
      password: 'long-enough-password',
      role: 'admin',
    }),
  );
  add('field.enRoute clientId NUL', 'agent', 'clientId', (c) =>
    c.field.enRoute({ visitId: stop.id, version: 99, clientId: `cid-${NUL}-0005` }),
  );
  add('field.recordOutcome clientId NUL', 'agent', 'clientId', (c) =>
    c.field.recordOutcome(outcomeInput({ clientId: `cid-${NUL}-0006` })),
  );
  // NUL in free text that reaches the database.
  add('login username NUL', 'anonymous', 'username', (c) => c.auth.login({ username: `admin${NUL}`, password: 'x' }));
  add('worklist q NUL', 'dispatcher', 'q', (c) => c.appointments.worklist({ q: NUL }));
  add('logNotice result NUL', 'dispatcher', 'result', (c) => notice(c, { result: NUL }));
  add('complaint text NUL', 'manager', 'text', (c) =>
    c.complaints.create({ key: key('cmp'), visitId: visitOfTeam, channel: 'phone', text: `rude ${NUL} visitor` }),
  );
  add('outcome notes NUL', 'agent', 'notes', (c) => c.field.recordOutcome(outcomeInput({ notes: NUL })));
  add('outcome correctionReason NUL', 'agent', 'correctionReason', (c) =>
    c.field.recordOutcome(outcomeInput({ correctionReason: `why ${NUL}` })),
  );
  add('outcome plan channel NUL', 'agent', 'plan.channel', (c) =>
    c.field.recordOutcome(
      outcomeInput({
        code: 'repayment_plan_agreed',
        plan: { channel: NUL, instalments: [{ dueDate: addDays(TODAY, 7), amountCents: 300_000 }] },
      }),
    ),
  );
  const payment = (over: Record<string, unknown>) => ({
    caseId: paymentCase,
    amountCents: 1_000,
    paidOn: TODAY,
    channel: 'bank_transfer',
    reference: key('PAY'),
    ...over,
  });
  add('payment channel NUL', 'manager', 'channel', (c) => c.payments.record(payment({ channel: NUL })));
  add('payment reference NUL', 'manager', 'reference', (c) => c.payments.record(payment({ reference: `ref${NUL}` })));
  add('user displayName NUL', 'admin', 'displayName', (c) =>
    c.admin.createUser({
      idempotencyKey: key('user'),
      username: 'fuzzed.user2',
      displayName: `Fuzz ${NUL}`,
      password: 'long-enough-password',
      role: 'admin',
    }),
  );
  add('slots.decline note NUL (public)', 'anonymous', 'note', (c) =>
    c.slots.decline({ token: slotToken, note: `call me ${NUL}` }),
  );
  // A lone surrogate copied into an audit entry's jsonb.
  add('logNotice result lone surrogate', 'dispatcher', 'result', (c) => notice(c, { result: LONE }));
  add('complaint text lone surrogate', 'manager', 'text', (c) =>
    c.complaints.create({ key: key('cmp'), visitId: visitOfTeam, channel: 'phone', text: `rude ${LONE}` }),
  );
  add('slots.decline note lone surrogate', 'anonymous', 'note', (c) =>
    c.slots.decline({ token: slotToken, note: LONE }),
  );
  // Impossible calendar dates.
  for (const d of IMPOSSIBLE_DATES) {
    add(`dispatch.day ${d}`, 'dispatcher', 'date', (c) => c.dispatch.day({ teamId: team(), date: d }));
    add(`field.today ${d}`, 'agent', 'date', (c) => c.field.today({ date: d }));
    add(`planning.start ${d}`, 'dispatcher', 'date', (c) =>
      c.planning.start({ teamId: team(), date: d, timeLimitMs: 200 }),
    );
    add(`slotOptions ${d}`, 'dispatcher', 'date', (c) => c.appointments.slotOptions({ caseId: fx.caseId, date: d }));
    add(`payments.promises from ${d}`, 'manager', 'from', (c) => c.payments.promises({ from: d, to: TODAY }));
    add(`payments.record paidOn ${d}`, 'manager', 'paidOn', (c) => c.payments.record(payment({ paidOn: d })));
    add(`outcome promisedDate ${d}`, 'agent', 'promisedDate', (c) =>
      c.field.recordOutcome(outcomeInput({ promisedDate: d })),
    );
    add(`reports.dashboard from ${d}`, 'manager', 'from', (c) => c.reports.dashboard({ from: d, to: TODAY }));
    add(`compliance.exceptions to ${d}`, 'manager', 'filter.to', (c) =>
      c.compliance.exceptions({ filter: { from: '2026-02-01', to: d } }),
    );
    add(`payments.importCsv paid_on ${d}`, 'manager', 'line 2.paid_on', (c) =>
      c.payments.importCsv({
        csv: `reference,loan_ref,amount,paid_on,channel\n${key('IMP')},${paymentLoanRef},10.00,${d},alipay\n`,
      }),
    );
  }
  add('payments.record amountCents beyond int4', 'manager', 'amountCents', (c) =>
    c.payments.record(payment({ amountCents: 2_147_483_648 })),
  );
  add('payments.importCsv amount beyond int4', 'manager', 'line 2.amount', (c) =>
    c.payments.importCsv({
      csv: `reference,loan_ref,amount,paid_on,channel\n${key('IMP')},${paymentLoanRef},999999999.99,${TODAY},alipay\n`,
    }),
  );
  return out;
}

describe('hostile input the outside probe sent (issue #11 defect 2) answers 400 naming the field', () => {
  it('sets up a visit on site, a slot link and ids of the team', async () => {
    const db = fx.handle.db;
    const [first] = await assignedStops(fx.handle, fx.users);
    if (!first) throw new Error('no assigned stop for the demo agent today');
    stop = first;
    agentNow = await arriveAt(fx.handle, fx.users, stop, 'hostile-arrive');
    const [v] = await db.select({ id: visits.id }).from(visits).where(eq(visits.teamId, fx.teamId)).limit(1);
    visitOfTeam = v?.id as string;
    const [c] = await db
      .select({ id: cases.id, loanRef: cases.loanRef })
      .from(cases)
      .where(and(eq(cases.teamId, fx.teamId), eq(cases.status, 'open')))
      .limit(1);
    paymentCase = c?.id as string;
    paymentLoanRef = c?.loanRef as string;
    const dispatcher = fx.as('dispatcher');
    await notice(dispatcher, {});
    const link = await dispatcher.appointments.createLink({
      caseId: fx.caseId,
      addressId: fx.addressId,
      visitType: 'negotiation',
      idempotencyKey: key('l'),
    });
    slotToken = link.path.replace('/s/', '');
    expect(stop.status).toBe('assigned');
    expect(slotToken).toHaveLength(32);
  });

  it('every example is a BAD_REQUEST whose fieldErrors name the field', async () => {
    const auditBefore = await fx.handle.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
    const seen: string[] = [];
    for (const ex of examples()) {
      const r = await outcomeOf(ex.who, ex.call);
      seen.push(`${ex.name}: ${r.code} ${Object.keys(r.fieldErrors).join(',')}`);
    }
    const expected = examples().map((ex) => `${ex.name}: BAD_REQUEST ${ex.field}`);
    expect(seen).toEqual(expected);
    const auditAfter = await fx.handle.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
    expect(Number(auditAfter[0]?.n)).toBe(Number(auditBefore[0]?.n));
  });

  it('says why in the caller’s language: a NUL, a lone surrogate, a date that does not exist, an amount too large', async () => {
    const dispatcher = (c: ReturnType<typeof createCaller>) => notice(c, { result: NUL });
    const en = await outcomeOf('dispatcher', dispatcher, 'en');
    const zh = await outcomeOf('dispatcher', dispatcher, 'zh-CN');
    expect(en.fieldErrors.result).toMatch(/control character/i);
    expect(zh.fieldErrors.result).toMatch(/控制字符/);
    const lone = await outcomeOf('manager', (c) =>
      c.complaints.create({ key: key('cmp'), visitId: visitOfTeam, channel: 'phone', text: `rude ${LONE}` }),
    );
    expect(lone.fieldErrors.text).toMatch(/invalid character/i);
    const day = await outcomeOf('dispatcher', (c) => c.dispatch.day({ teamId: fx.teamId, date: '2026-02-30' }));
    expect(day.fieldErrors.date).toMatch(/not a real date|does not exist/i);
    const dayZh = await outcomeOf(
      'dispatcher',
      (c) => c.dispatch.day({ teamId: fx.teamId, date: '2026-02-30' }),
      'zh-CN',
    );
    expect(dayZh.fieldErrors.date).toMatch(/日期/);
    const amount = await outcomeOf('manager', (c) =>
      c.payments.record({
        caseId: paymentCase,
        amountCents: 2_147_483_648,
        paidOn: TODAY,
        channel: 'bank',
        reference: key('PAY'),
      }),
    );
    expect(amount.fieldErrors.amountCents).toMatch(/at most/i);
  });
});
