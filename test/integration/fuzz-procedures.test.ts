/**
 * Property-based fuzz of every procedure of the real router (issue #11, "make the classes impossible"): as
 * every role and anonymously, on the seeded demo city, thousands of inputs generated from each procedure's
 * own schema — mostly well-formed, with NUL, lone surrogates, 100k strings, impossible dates, out-of-range
 * numbers, wrong types, missing and extra fields and foreign or unknown ids mixed in. Whatever the input, the
 * answer is a result or a 4xx: never INTERNAL_SERVER_ERROR.
 *
 * The seed is printed; FUZZ_SEED=<n> replays the same sequence of calls (the rows they create get new random
 * ids, so a replay is the same calls on an equivalent database), FUZZ_RUNS=<n> changes how many.
 */
import { TRPCError } from '@trpc/server';
import { and, eq, notExists, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import * as s from '../../drizzle/schema';
import type { Meta } from '../../server/trpc/init';
import { appRouter, createCaller } from '../../server/trpc/root';
import { DEMO_PASSWORD, DEMO_USERS } from '../../shared/demo';
import { ROLES, type Role } from '../../shared/domain/constants';
import { proceduresOf, treeOf } from '../helpers/input-schemas';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';
import { setUpDemoCity } from './helpers/demo-city';
import { type Hints, inputArbitrary } from './helpers/fuzz-arbitraries';
import { FuzzPools } from './helpers/fuzz-pools';
import { pick } from './helpers/fuzz-values';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_111);
const RUNS = Number(process.env.FUZZ_RUNS ?? 4_000);
type Who = Role | 'anonymous';
const EVERYONE: readonly Who[] = [...ROLES, 'anonymous'];

/** A short form of an input for a failure report (JSON escapes NUL and lone surrogates; long strings are cut). */
function describeInput(input: unknown): string {
  return JSON.stringify(input, (_k, v) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    return typeof v === 'string' && v.length > 60 ? `${v.slice(0, 24)}…(${v.length} chars)` : v;
  });
}

const invoke = (caller: unknown, path: string, input: unknown) => {
  const fn = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller);
  return (fn as (i: unknown) => Promise<unknown>)(input);
};

describe(`fuzz: every procedure × every role never answers 500 (seed ${SEED}, ${RUNS} inputs)`, () => {
  const demo = setUpDemoCity();
  /** The agent works at the time of their first stop today, so the field flow can get past "too early". */
  let agentNow = new Date();
  let agentPlace = { lat: 31.2, lng: 121.4 };
  const pools = new FuzzPools();

  const callerFor = (who: Who, n: number) =>
    createCaller(
      makeContext(demo.handle, who === 'anonymous' ? null : demo.users[who], {
        // Many client addresses, so a per-address limit does not answer every later call.
        ip: `10.${(n >> 8) & 255}.${n & 255}.7`,
        locale: n % 3 === 0 ? 'zh-CN' : 'en',
        now: who === 'agent' ? agentNow : undefined,
      }),
    );

  beforeAll(async () => {
    await pools.load(demo.handle, demo.teamId, TODAY);
    // Live slot links and badge codes, so the public procedures meet real ones too.
    const dispatcher = createCaller(makeContext(demo.handle, demo.users.dispatcher));
    const fresh = await demo.handle.db
      .select({ id: s.cases.id, borrowerId: s.cases.borrowerId })
      .from(s.cases)
      .where(
        and(
          eq(s.cases.teamId, demo.teamId),
          eq(s.cases.status, 'open'),
          notExists(
            demo.handle.db.select({ one: sql`1` }).from(s.appointments).where(eq(s.appointments.caseId, s.cases.id)),
          ),
        ),
      )
      .orderBy(s.cases.loanRef)
      .limit(3);
    for (const [i, c] of fresh.entries()) {
      const [address] = await demo.handle.db
        .select({ id: s.addresses.id })
        .from(s.addresses)
        .where(eq(s.addresses.borrowerId, c.borrowerId))
        .limit(1);
      const base = { caseId: c.id, idempotencyKey: `fuzz-setup-notice-${i}` };
      await dispatcher.appointments.logNotice({ ...base, stage: 'appointment_notice', channel: 'sms', result: 'link' });
      const link = await dispatcher.appointments.createLink({
        caseId: c.id,
        addressId: address?.id ?? '',
        visitType: 'negotiation',
        idempotencyKey: `fuzz-setup-link-${i}`,
      });
      pools.harvest(link);
    }
    const route = await createCaller(makeContext(demo.handle, demo.users.agent)).field.today({});
    const [first] = route.stops;
    if (!first) throw new Error('the demo agent has no stop today');
    agentNow = new Date(new Date(first.slotStart).getTime() + 10 * 60_000);
    agentPlace = { lat: first.lat, lng: first.lng };
    const agent = createCaller(makeContext(demo.handle, demo.users.agent, { now: agentNow }));
    for (const stop of route.stops) {
      pools.add('myVisit', stop.id);
      pools.harvest(await agent.field.badge({ visitId: stop.id }).catch(() => null));
    }
  }, 180_000);

  it('answers every generated input with a result or a 4xx', async () => {
    const procs = proceduresOf(appRouter);
    const metaOf = (path: string) =>
      (appRouter._def.procedures as unknown as Record<string, { _def: { meta?: Meta } }>)[path]?._def.meta;
    // The agent's own visits, their time and place: what the field flow checks first.
    const myVisit = () => fc.oneof({ arbitrary: pick('myVisit'), weight: 4 }, { arbitrary: pick('visit'), weight: 1 });
    const fieldHints = Object.fromEntries(
      ['enRoute', 'checkIn', 'badge', 'uploadAttachment', 'recordOutcome', 'outcomeVersions'].map((p) => [
        `field.${p}.visitId`,
        myVisit,
      ]),
    );
    const mostly = (good: string[], bad: string[]) =>
      fc.oneof({ arbitrary: fc.constantFrom(...good), weight: 5 }, { arbitrary: fc.constantFrom(...bad), weight: 1 });
    const hints: Hints = {
      ...fieldHints,
      'field.checkIn.at': () => fc.constant(agentNow.toISOString()),
      'field.checkIn.lat': () => fc.constant(agentPlace.lat),
      'field.checkIn.lng': () => fc.constant(agentPlace.lng),
      // Mostly points in the demo team's region (Shanghai), so pins get past the region check too.
      'locations.pin.lat': () => mostly(['31.23', '31.1'], ['39.9', '-90']).map(Number),
      'locations.pin.lng': () => mostly(['121.47', '121.3'], ['116.4', '180']).map(Number),
      'auth.login.username': () => fc.constantFrom(...Object.values(DEMO_USERS), 'nobody'),
      'auth.login.password': () => fc.constantFrom(DEMO_PASSWORD, 'wrong-password'),
      // "id" of tokens.revoke would name the slot-link token pool: service tokens have their own.
      'tokens.revoke.id': () =>
        fc.oneof({ arbitrary: pick('serviceToken'), weight: 5 }, { arbitrary: fc.uuid({ version: 4 }), weight: 1 }),
      'payments.importCsv.csv': (today) =>
        fc
          .array(
            fc.record({
              ref: fc.stringMatching(/^[A-Z]{3}-[0-9]{1,6}$/),
              loan: fc.constantFrom(...pools.values('loanRef'), 'NO-SUCH-LOAN'),
              amount: mostly(['10.00', '0.01', '12.5'], ['999999999.99', '1e5', '-3', '12.345', '21474836.48']),
              paidOn: mostly([today, '2026-01-15'], ['2026-02-30', '2099-12-31', '2000-01-01', '0000-01-01']),
              channel: mostly(['alipay', '"bank, transfer"'], ['', 'x'.repeat(41)]),
            }),
            { minLength: 1, maxLength: 4 },
          )
          .map((rows) =>
            ['reference,loan_ref,amount,paid_on,channel', ...rows.map((r) => Object.values(r).join(','))].join('\n'),
          ),
    };
    // One arbitrary per procedure, each as likely as the next; mostly a role that may call it.
    const callArb = fc.oneof(
      ...procs.map((p) => {
        const access = metaOf(p.path)?.access ?? 'public';
        const allowed = access === 'public' ? EVERYONE : (access as readonly Who[]);
        return fc.record({
          path: fc.constant(p.path),
          who: fc.oneof(
            { arbitrary: fc.constantFrom(...allowed), weight: 5 },
            { arbitrary: fc.constantFrom(...EVERYONE), weight: 1 },
          ),
          input: inputArbitrary(p.input ? treeOf(p.input) : null, { today: TODAY, path: p.path, hints }),
        });
      }),
    );

    console.log(`[fuzz] seed ${SEED} (FUZZ_SEED to replay), ${RUNS} inputs (FUZZ_RUNS), ${procs.length} procedures`);
    console.log(`[fuzz] pools: ${JSON.stringify(pools.sizes())}`);
    const started = Date.now();
    const failures: Array<{ path: string; who: Who; input: string; error: string }> = [];
    const codes: Record<string, number> = {};
    const tried = new Set<string>();
    const passed = new Set<string>();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(callArb, async ({ path, who, input }) => {
        n++;
        tried.add(path);
        // Rows the fuzz created (complaints, appointments, attachments …) become ids later calls use.
        if (n % 500 === 0) await pools.load(demo.handle, demo.teamId, TODAY);
        const resolved = pools.resolve(input);
        const caller = callerFor(who, n);
        let code = 'OK';
        try {
          const out = await invoke(caller, path, resolved);
          if (out && typeof out === 'object' && Symbol.asyncIterator in out) {
            await (out as AsyncGenerator).return?.(undefined);
          } else {
            pools.harvest(out);
          }
          // A plan that starts is stopped at once: the solver must not eat the machine while the fuzz goes on.
          const runId = (out as { runId?: string } | null)?.runId;
          if (path === 'planning.start' && runId) await invoke(caller, 'planning.cancel', { runId });
        } catch (err) {
          code = err instanceof TRPCError ? err.code : 'NOT_A_TRPC_ERROR';
          if (code === 'INTERNAL_SERVER_ERROR' || code === 'NOT_A_TRPC_ERROR') {
            const cause = err instanceof TRPCError ? err.cause : err;
            const detail = cause instanceof Error ? `${cause.message} ${String(cause.cause ?? '')}` : String(cause);
            failures.push({ path, who, input: describeInput(resolved), error: detail.slice(0, 300) });
          }
        }
        codes[code] = (codes[code] ?? 0) + 1;
        if (code === 'OK') passed.add(path);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`[fuzz] ${n} inputs in ${seconds} s; answers: ${JSON.stringify(codes)}`);
    const neverOk = procs.map((p) => p.path).filter((p) => !passed.has(p));
    console.log(`[fuzz] procedures no input got through (only 4xx): ${neverOk.join(', ') || 'none'}`);
    if (failures.length) console.log(`[fuzz] server errors:\n${failures.map((f) => JSON.stringify(f)).join('\n')}`);

    expect(n).toBe(RUNS);
    expect(failures).toEqual([]);
    // Every procedure was tried, and enough inputs got past validation to exercise the services.
    expect([...tried].sort()).toEqual(procs.map((p) => p.path).sort());
    expect(codes.OK ?? 0).toBeGreaterThan(RUNS / 10);
  }, 600_000);
});
