import { beforeAll } from 'vitest';
import type { DbHandle } from '../../server/db/client';
import { createCaller } from '../../server/trpc/root';
import type { RecordOutcomeInput } from '../../shared/schemas/field';
import { addDays } from '../../shared/time';
import { key } from './helpers/case-fixture';
import { makeContext } from './helpers/db';
import { TODAY } from './helpers/demo';
import { type DemoUsers, setUpDemoCity } from './helpers/demo-city';

export type { DemoUsers };
export type FieldStop = Awaited<ReturnType<ReturnType<typeof createCaller>['field']['today']>>['stops'][number];

/** The demo agent's assigned stops today (the seed gives crew 1 of team 1 a route). */
export async function assignedStops(handle: DbHandle, users: DemoUsers): Promise<FieldStop[]> {
  const route = await createCaller(makeContext(handle, users.agent)).field.today({});
  return route.stops.filter((s) => s.status === 'assigned');
}

/** Takes a stop en route and checks in at its address, 10 minutes into the slot; returns that instant. */
export async function arriveAt(handle: DbHandle, users: DemoUsers, stop: FieldStop, tag: string): Promise<Date> {
  const at = new Date(new Date(stop.slotStart).getTime() + 10 * 60_000);
  const caller = createCaller(makeContext(handle, users.agent, { now: at }));
  await caller.field.enRoute({ visitId: stop.id, version: stop.version, clientId: `${tag}-enroute` });
  await caller.field.checkIn({
    visitId: stop.id,
    version: stop.version + 1,
    clientId: `${tag}-checkin`,
    at: at.toISOString(),
    lat: stop.lat,
    lng: stop.lng,
  });
  return at;
}

/** The demo city and the demo agent's first assigned stop today (as the phone lists it), for a describe block. */
export function setUpFieldDay() {
  const day = setUpDemoCity() as ReturnType<typeof setUpDemoCity> & { stop: FieldStop };
  beforeAll(async () => {
    const [first] = await assignedStops(day.handle, day.users);
    if (!first) throw new Error('no assigned stop for the demo agent today');
    day.stop = first;
  });
  return day;
}

/** An outcome a field agent records at `visitId`: a refusal with ID shown and nothing more, unless `over` says. */
export const outcomeInput = (visitId: string, over: Partial<RecordOutcomeInput> = {}): RecordOutcomeInput => ({
  visitId,
  clientId: key('o'),
  code: 'refused',
  idShown: true,
  recordingMade: false,
  identityVerified: true,
  borrowerPresent: true,
  signedCommitment: false,
  attachmentIds: [],
  nextAction: 'none',
  ...over,
});

/** A correction that agrees a repayment plan at `visitId`: 900.00 in two instalments, in a week and in two. */
export const planAgreedInput = (visitId: string, over: Partial<RecordOutcomeInput>): RecordOutcomeInput =>
  outcomeInput(visitId, {
    code: 'repayment_plan_agreed',
    promisedAmountCents: 90_000,
    plan: {
      channel: 'bank_transfer',
      instalments: [
        { dueDate: addDays(TODAY, 7), amountCents: 45_000 },
        { dueDate: addDays(TODAY, 14), amountCents: 45_000 },
      ],
    },
    correctionReason: 'The borrower agreed two instalments',
    ...over,
  });

/** Where the demo agent's day stands as `workTwoStops` goes: checked in, first outcome recorded (and replayed), second. */
export type TwoStopsStep = 'checked-in' | 'first-recorded' | 'second-recorded';

/**
 * The demo agent works its first two assigned stops: en route and check-in at the first, `first` recorded there 20
 * minutes later and sent again 25 minutes after that (the phone was offline and replays it when it reconnects: the
 * same client id), then the second stop checked in and `second` recorded a minute after the later arrival (in
 * check-in order, so the crew-day's travel legs are kept too). `check` runs after each step. Returns the stops, the
 * first arrival and the agent's caller `minutes` after it.
 */
export async function workTwoStops(
  day: { handle: DbHandle; users: DemoUsers },
  tag: string,
  outcomes: { first: Partial<RecordOutcomeInput>; second: Partial<RecordOutcomeInput> },
  check: (step: TwoStopsStep) => Promise<unknown> = async () => undefined,
) {
  const [stop, other] = await assignedStops(day.handle, day.users);
  if (!stop || !other) throw new Error('fewer than two assigned stops today');
  const at = await arriveAt(day.handle, day.users, stop, tag);
  await check('checked-in');
  const agentAt = (minutes: number) =>
    createCaller(makeContext(day.handle, day.users.agent, { now: new Date(at.getTime() + minutes * 60_000) }));
  const first = outcomeInput(stop.id, { clientId: `${tag}-v1`, ...outcomes.first });
  await agentAt(20).field.recordOutcome(first);
  await agentAt(45).field.recordOutcome(first);
  await check('first-recorded');
  const otherAt = await arriveAt(day.handle, day.users, other, `${tag}-other`);
  await createCaller(
    makeContext(day.handle, day.users.agent, { now: new Date(Math.max(at.getTime(), otherAt.getTime()) + 60_000) }),
  ).field.recordOutcome(outcomeInput(other.id, { clientId: `${tag}-other`, ...outcomes.second }));
  await check('second-recorded');
  return { stop, other, at, agentAt };
}
