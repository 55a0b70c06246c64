import { beforeAll } from 'vitest';
import type { DbHandle } from '../../server/db/client';
import { createCaller } from '../../server/trpc/root';
import type { RecordOutcomeInput } from '../../shared/schemas/field';
import { key } from './helpers/case-fixture';
import { makeContext } from './helpers/db';
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
