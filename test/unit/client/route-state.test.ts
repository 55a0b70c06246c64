import { describe, expect, it } from 'vitest';
import type { QueueItem } from '../../../client/src/features/my-route/offline-queue';
import {
  type FieldRoute,
  formatDistance,
  isCorrection,
  isDone,
  patchStop,
  withQueued,
} from '../../../client/src/features/my-route/route-state';

type Stop = FieldRoute['stops'][number];
const stop = (over: Partial<Stop> = {}): Stop =>
  ({
    id: 'v1',
    status: 'assigned',
    version: 3,
    checkInAt: null,
    outcomeCode: null,
    outcomeVersion: null,
    ...over,
  }) as Stop;
const item = (kind: QueueItem['kind'], input: object, over: Partial<QueueItem> = {}): QueueItem =>
  ({ kind, input, clientId: `c-${kind}`, visitId: 'v1', seq: 1, queuedAt: '', state: 'pending', ...over }) as QueueItem;

describe('the route as the agent sees it with queued actions', () => {
  it('applies pending steps in order, each moving the version on, and marks the stop pending', () => {
    const [s] = withQueued(
      [stop()],
      [item('enRoute', {}), item('checkIn', { at: '2026-12-01T06:10:00.000Z' }), item('outcome', { code: 'ptp' })],
    );
    expect(s).toMatchObject({
      status: 'completed',
      version: 5,
      checkInAt: '2026-12-01T06:10:00.000Z',
      outcomeCode: 'ptp',
      outcomeVersion: 1,
      pendingSync: true,
    });
  });

  it('ignores items of other visits, items no longer pending and steps the lifecycle does not allow', () => {
    const queue = [
      item('checkIn', { at: 'x' }, { visitId: 'v2' }),
      item('enRoute', {}, { state: 'failed' }),
      item('checkIn', { at: 'x' }), // assigned → on_site skips en route: not a step the lifecycle has
    ];
    expect(withQueued([stop()], queue)).toEqual([{ ...stop(), pendingSync: false }]);
  });

  it('a queued outcome on a finished visit is a correction: the next version of its outcome', () => {
    const done = stop({ status: 'completed', outcomeCode: 'ptp', outcomeVersion: 2 });
    expect(isCorrection(done)).toBe(true);
    const [s] = withQueued([done], [item('outcome', { code: 'paid' })]);
    expect(s).toMatchObject({ status: 'completed', outcomeCode: 'paid', outcomeVersion: 3, pendingSync: true });
  });

  it('patches a stop with what the server answered, keeping what it did not say', () => {
    const patched = patchStop(stop({ checkInDistanceM: 12 } as Partial<Stop>), { status: 'en_route', version: 4 });
    expect(patched).toMatchObject({ status: 'en_route', version: 4, checkInDistanceM: 12, outcomeCode: null });
  });

  it('done and correction groups, and distances as m or km', () => {
    expect(isDone({ status: 'completed' })).toBe(true);
    expect(isDone({ status: 'on_site' })).toBe(false);
    expect(isCorrection({ status: 'completed', outcomeCode: null })).toBe(false);
    expect(formatDistance(null, 'en')).toBe('');
    expect(formatDistance(849.6, 'en')).toBe('850 m');
    expect(formatDistance(3240, 'en')).toBe('3.2 km');
  });
});
